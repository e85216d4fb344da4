import pandas as pd
import pytest

from industry_briefing.analysis.model import build_model
from industry_briefing.analysis.parks import furthest_behind, park_progress
from industry_briefing.analysis.targets import Basis, expected_cumulative_shares
from industry_briefing.briefing import labels
from industry_briefing.core import settings
from industry_briefing.core.periods import Period
from industry_briefing.ingest import reader


@pytest.fixture(scope="module")
def seed():
    return build_model(reader.read_period(settings.RAW_DATA_DIR, "2011-02"))


def test_seed_uses_time_progress_for_lack_of_a_plan(seed):
    assert seed.output.target.basis is Basis.EVEN
    assert labels.reference_name(seed.output.basis) == "时间进度"
    assert seed.output.expected_pct == pytest.approx(100 / 6)
    # (1268 − 192.1) / 10 remaining months
    assert seed.output.target.needed_monthly_yi == pytest.approx(107.59)


def test_seed_share_of_fixed_asset_investment(seed):
    assert seed.investment_share_pct == pytest.approx(29 / 125.98 * 100)


def test_seed_parks_total_is_the_sum_of_the_parks(seed):
    assert seed.parks_total.value == pytest.approx(7.54)
    assert seed.parks_total.annual_target == pytest.approx(198.5)


def test_a_plan_replaces_time_progress():
    figures = reader.read_period(settings.RAW_DATA_DIR, "2011-07")
    model = build_model(figures)
    plan = figures.plan.loc[figures.plan["indicator"] == "industrial_output"].set_index("month")
    assert model.output.target.basis is Basis.PLAN
    assert labels.reference_name(model.output.basis) == "计划进度"
    assert model.output.expected_pct == pytest.approx(
        plan.loc[7, "planned"] / plan.loc[12, "planned"] * 100
    )


def test_park_progress_ranks_and_flags_the_parks_behind():
    parks = pd.DataFrame(
        {
            "park": ["甲园区", "乙园区", "丙园区"],
            "district": ["白云区", "开阳县", "清镇市"],
            "annual_target": [10.0, 20.0, 10.0],
            "completed": [6.0, 4.0, 4.8],
            "note": [None] * 3,
        }
    )
    # 1-6月, even: expected 50%. 甲 60% (+10, ahead), 乙 20% (−30, far behind),
    # 丙 48% (−2, behind); 乙 is 6 亿元 short of the 10 expected.
    progress = park_progress(parks, Period.parse("2011-06"), expected_cumulative_shares("even"))
    by_name = progress.set_index("park")
    assert list(progress["rank"]) == [1, 3, 2]
    assert by_name.loc["乙园区", "gap_amount_yi"] == pytest.approx(-6.0)
    assert by_name.loc["乙园区", "needed_monthly_yi"] == pytest.approx(16 / 6)
    assert list(by_name["status"]) == ["ahead", "far_behind", "behind"]
    assert list(furthest_behind(progress, 3)["park"]) == ["乙园区", "丙园区"]


def test_derived_frames_are_computed_once_per_model(seed):
    calls = []

    def compute():
        calls.append(1)
        return pd.DataFrame({"x": [1]})

    first = seed.computed("probe", compute)
    assert seed.computed("probe", compute) is first
    assert calls == [1]


def _without_plan(figures):
    import dataclasses

    return dataclasses.replace(figures, plan=figures.plan.iloc[:0])


def test_a_january_is_compared_with_last_years_profile_only_where_january_was_published():
    """Last year's 1-2月 is the year's first release: half of it is no published January, so a
    January is compared with 时间进度 (1/12), never with a halved 1-2月; February and later
    months with last year's progress."""
    import dataclasses

    year = [
        _without_plan(reader.read_period(settings.RAW_DATA_DIR, f"2011-{m:02d}"))
        for m in range(2, 13)
    ]
    february = _without_plan(reader.read_period(settings.RAW_DATA_DIR, "2011-02"))
    january = dataclasses.replace(february, period=Period(2012, 1))
    model = build_model(january, last_year_releases=year)
    assert model.output.target.basis is Basis.EVEN
    assert model.output.expected_pct == pytest.approx(100 / 12)
    later = dataclasses.replace(february, period=Period(2012, 2))
    assert build_model(later, last_year_releases=year).output.target.basis is Basis.LAST_YEAR
