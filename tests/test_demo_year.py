"""The bundled demo year 2011-03 … 2011-12: what scripts/generate_demo_year.py writes.

The generator is deterministic and the committed months are exactly its output; every month
reads without errors; cumulative figures never fall; the year ends near the targets; and the
two deliberate cases (a districts' sum off in 2011-05, a park target cut in 2011-07) are
there and nowhere else.
"""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from industry_briefing.analysis.judgments import computed_beside_printed
from industry_briefing.analysis.model import build_model
from industry_briefing.contract.provenance import note_of, provenance_of
from industry_briefing.core import settings
from industry_briefing.core.figures import PeriodFigures
from industry_briefing.ingest import reader

SCRIPT = settings.PROJECT_ROOT / "scripts" / "generate_demo_year.py"
# The one test module that reads the live data/raw (conftest points settings.RAW_DATA_DIR at a
# copy of the bundled year): it checks that the committed months are the generator's.
LIVE_RAW = settings.DATA_DIR / "raw"
MONTHS = [f"2011-{month:02d}" for month in range(3, 13)]
FILES = [
    "meta.yml",
    "indicators.csv",
    "parks.csv",
    "districts.csv",
    "enterprises.csv",
    "projects.csv",
    "plan.csv",
]
OUTPUT_TARGET, INVESTMENT_TARGET, PARKS_TARGET = 1268, 547, 198.5
ADJUSTED_PARK = "息烽县磷煤精细化工工业园"


def generate(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False
    )


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def year() -> dict[str, PeriodFigures]:
    return {month: reader.read_period(LIVE_RAW, month) for month in MONTHS}


def across(year, table: str, key: list[str], column: str) -> pd.DataFrame:
    """One column of a table, a row per key and a column per month."""
    frames = {month: f.table(table).set_index(key)[column] for month, f in year.items()}
    return pd.DataFrame(frames)


# --- the generator ----------------------------------------------------------------------------


def test_generator_is_deterministic_and_wrote_the_committed_months(tmp_path):
    first = generate("--out", str(tmp_path))
    assert first.returncode == 0, first.stderr
    written = snapshot(tmp_path)
    assert sorted({name.split("/")[0] for name in written}) == MONTHS  # never 2011-02
    assert all(f"{month}/{name}" in written for month in MONTHS for name in FILES)
    again = generate("--out", str(tmp_path), "--force")
    assert again.returncode == 0, again.stderr
    assert snapshot(tmp_path) == written
    committed = snapshot(LIVE_RAW)
    stale = [name for name, data in written.items() if committed.get(name) != data]
    assert not stale, f"data/raw differs from the generator; run it with --force: {stale}"


def test_generator_refuses_to_overwrite_without_force(tmp_path):
    (tmp_path / "2011-07").mkdir()
    (tmp_path / "2011-07" / "notes.txt").write_text("an analyst's notes", encoding="utf-8")
    result = generate("--out", str(tmp_path))
    assert result.returncode == 2
    assert "give --force" in result.stderr and "2011-07" in result.stderr
    assert snapshot(tmp_path) == {"2011-07/notes.txt": b"an analyst's notes"}


# --- every month reads, and only December warns (completion above target) ---------------------


def test_every_month_reads_without_errors_and_only_december_warns(year):
    for month, figures in year.items():
        assert figures.region == "贵阳市"
        assert all(len(figures.table(name.removesuffix(".csv"))) for name in FILES[1:])
        if month != "2011-12":
            assert figures.warnings == (), month
    december = year["2011-12"].warnings
    assert december and all("is above" in w.message for w in december)


def test_every_table_is_marked_illustrative(year):
    for figures in year.values():
        defaults = figures.provenance[figures.provenance["row_key"].isna()]
        tables = defaults[defaults["column"].isna()]
        assert set(tables["provenance"]) == {"illustrative"}
        assert len(tables) == 6
        assert "非公布数据" in figures.source
        assert provenance_of(figures, "indicators", "industrial_output", "value") == "illustrative"
        assert provenance_of(figures, "indicators", "工业投资", "annual_target") == "derived"


# --- the shape of the year --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "key", "column"),
    [
        ("indicators", ["indicator"], "value"),
        ("indicators", ["indicator"], "prior_value"),
        ("parks", ["park"], "completed"),
        ("districts", ["district", "indicator"], "value"),
        ("districts", ["district", "indicator"], "prior_value"),
        ("enterprises", ["enterprise"], "output"),
        ("enterprises", ["enterprise"], "prior_output"),
        ("projects", ["project"], "completed"),
    ],
)
def test_cumulative_figures_never_fall(year, table, key, column):
    values = across(year, table, key, column)
    falls = values.T.ffill().diff().lt(0).any()  # a blank month is skipped, not a fall
    assert not falls.any(), list(falls[falls].index)


def test_the_year_ends_near_the_targets(year):
    december = year["2011-12"]
    indicators = december.indicators.set_index("indicator")["value"]
    assert 0.97 <= indicators["industrial_output"] / OUTPUT_TARGET <= 1.03
    assert 0.90 <= indicators["industrial_investment"] / INVESTMENT_TARGET <= 1.00
    parks = december.parks.set_index("park")
    assert 0.85 <= parks["completed"].sum() / PARKS_TARGET <= 0.95
    lagging = parks[parks["completed"] / parks["annual_target"] < 0.6]
    assert len(lagging) in (2, 3)
    assert {"开阳磷煤化工生态工业基地", "清镇铝煤生态工业园区"} <= set(lagging.index)


def test_investment_is_a_fifth_to_a_quarter_of_fixed_assets_and_growth_drifts(year):
    for figures in year.values():
        indicators = figures.indicators.set_index("indicator")
        share = (
            indicators.at["industrial_investment", "value"]
            / (indicators.at["fixed_asset_investment", "value"])
        )
        assert 0.20 <= share <= 0.26
        assert 20 <= indicators.at["industrial_output", "growth_pct"] <= 28
    growth = across(year, "indicators", ["indicator"], "growth_pct").loc["industrial_investment"]
    assert growth["2011-03"] > 150 and 60 <= growth["2011-12"] <= 80


def test_plan_is_the_same_every_month_and_reaches_the_targets(year):
    plans = [figures.plan for figures in year.values()]
    for plan in plans[1:]:
        pd.testing.assert_frame_equal(plan, plans[0])
    december = plans[0][plans[0]["month"] == 12].set_index("indicator")["planned"]
    assert december.to_dict() == {
        "industrial_output": OUTPUT_TARGET,
        "industrial_investment": INVESTMENT_TARGET,
        "parks_infrastructure": PARKS_TARGET,
    }


def test_production_statuses_change_over_the_year(year):
    statuses = across(year, "enterprises", ["enterprise"], "status")
    for month in MONTHS:
        counts = statuses[month].value_counts()
        assert 3 <= counts.get("部分生产", 0) <= 5, month
        assert 2 <= counts.get("停产", 0) <= 3, month
        assert 1 <= counts.get("未投产", 0) <= 2, month
    assert statuses.loc["贵阳洋水黄磷有限公司", "2011-06"] == "停产"
    assert statuses.loc["贵阳洋水黄磷有限公司", "2011-07"] == "正常生产"  # restarts in summer
    annual = year["2011-12"].enterprises["output"]
    assert (annual >= 0.5).sum() > 20 and (annual < 0.5).sum() >= 3  # 年产值5000万元


# --- the two deliberate cases -------------------------------------------------------------------


def test_districts_add_up_to_the_city_but_in_may(year):
    for month, figures in year.items():
        city = figures.indicators.set_index("indicator")["value"]
        districts = figures.districts.groupby("indicator")["value"].sum()
        gap = districts - city[districts.index]
        expected_gap = 0.5 if month == "2011-05" else 0.0
        assert gap["industrial_output"] == pytest.approx(expected_gap, abs=1e-6), month
        assert gap["industrial_investment"] == pytest.approx(0.0, abs=1e-6), month


def test_one_park_target_is_cut_in_july_and_no_other_target_moves(year):
    targets = across(year, "parks", ["park"], "annual_target")
    changes = targets.T.diff().iloc[1:].ne(0)
    assert changes.sum().sum() == 1
    assert changes.loc["2011-07", ADJUSTED_PARK]
    assert targets.loc[ADJUSTED_PARK, "2011-06"] == 12
    assert targets.loc[ADJUSTED_PARK, "2011-07"] == 9
    notes = note_of(year["2011-07"], "parks", ADJUSTED_PARK, "annual_target")
    assert "年中调整" in notes
    indicator_targets = across(year, "indicators", ["indicator"], "annual_target")
    assert indicator_targets.nunique(axis=1, dropna=False).eq(1).all()


@pytest.mark.parametrize("period", ["2011-02", *MONTHS])
def test_no_computed_figure_is_stated_beside_a_printed_one(period):
    figures = reader.read_period(settings.RAW_DATA_DIR, period)
    assert computed_beside_printed(build_model(figures)) == []
