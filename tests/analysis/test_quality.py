"""数据质量检查: each check on figures whose problems were planted and worked out by hand.

The seed (贵阳市 1-2月 2011): output 192.1 亿元 (同比 27.6%), industrial investment 29 (259%),
fixed-asset investment 125.98 with no prior-year figure, ten parks totalling 7.54.
"""

import dataclasses

import pandas as pd
import pytest

from industry_briefing.analysis import quality, revisions
from industry_briefing.analysis.findings import Finding
from industry_briefing.briefing.sections import appendix
from industry_briefing.core import settings
from industry_briefing.ingest import reader

DISTRICT_COLUMNS = ["district", "indicator", "value", "prior_value", "growth_pct", "annual_target"]
ENTERPRISE_COLUMNS = [
    "enterprise",
    "district",
    "industry",
    "output",
    "prior_output",
    "growth_pct",
    "status",
    "utilization_pct",
    "issue",
]
PROJECT_COLUMNS = [
    "project",
    "district",
    "park",
    "total_investment",
    "annual_plan",
    "completed",
    "stage",
    "capacity_reached",
    "issue",
]
NAN = float("nan")
# The checks as the appendix names them.
CHECK_FALLING = appendix.check_name("falling")
CHECK_PARTS_SUM = appendix.check_name("parts_sum")
CHECK_PRIOR = appendix.check_name("prior")
CHECK_RATES = appendix.check_name("rates")
CHECK_TARGET_CHANGES = appendix.check_name("target_changes")
CHECK_UNITS = appendix.check_name("units")


@pytest.fixture(scope="module")
def seed():
    return reader.read_period(settings.RAW_DATA_DIR, "2011-02")


def districts(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=DISTRICT_COLUMNS)


def enterprises(*rows) -> pd.DataFrame:
    """Rows of (enterprise, output, prior_output, growth_pct)."""
    full = [
        (name, "白云区", "有色金属", out, prior, g, "正常生产", 85.0, NAN)
        for name, out, prior, g in rows
    ]
    return pd.DataFrame(full, columns=ENTERPRISE_COLUMNS)


def projects(*rows) -> pd.DataFrame:
    """Rows of (project, total_investment, annual_plan, completed)."""
    full = [
        (name, "小河区", NAN, total, plan, done, "续建", "否", NAN)
        for name, total, plan, done in rows
    ]
    return pd.DataFrame(full, columns=PROJECT_COLUMNS)


def said(found: list[Finding]) -> pd.DataFrame:
    """The findings as the appendix says them (check, item, status, detail in Chinese)."""
    return appendix.phrased(found)


def findings(frame: pd.DataFrame, check: str) -> dict[str, tuple[str, str]]:
    rows = frame.loc[frame["check"] == check]
    return {row.item: (row.status, row.detail) for row in rows.itertuples()}


# --- the seed as it is ------------------------------------------------------------------------


def test_seed_findings(seed):
    result = said(quality.run_checks(seed))
    assert list(result.columns) == ["check", "item", "status", "detail"]
    # The seed has no districts, enterprises or projects and gives growth rates without
    # prior figures, so only two things can be checked: each park's 1-2月 investment against
    # the city's fixed-asset investment (all at most 3 of 125.98), and the prior-year figures
    # (fixed-asset investment has neither a prior figure nor a rate).
    assert result[["check", "item", "status"]].values.tolist() == [
        [CHECK_UNITS, "园区完成投资", "ok"],
        [CHECK_PRIOR, "全社会固定资产投资", "warning"],
    ]
    assert "125.98亿元" in result.loc[0, "detail"]
    assert result.loc[1, "detail"] == "未给出上年同期数和同比增长率，无法给出同比增速"


def test_checks_do_not_modify_the_figures(seed):
    before = {name: seed.table(name).copy() for name in ("indicators", "parks")}
    said(quality.run_checks(seed))
    for name, frame in before.items():
        pd.testing.assert_frame_equal(seed.table(name), frame)


# --- (1) parts sum to totals ------------------------------------------------------------------


def test_districts_summing_to_the_city_are_ok(seed):
    parts = districts(
        ("白云区", "industrial_output", 100.05, NAN, 20.0, NAN),
        ("小河区", "industrial_output", 92.05, NAN, 30.0, NAN),
    )
    # 100.05 + 92.05 = 192.1 = the city's output.
    found = findings(said(quality.parts_sum_to_totals(seed.indicators, parts)), CHECK_PARTS_SUM)
    assert found == {"规模以上工业总产值": ("ok", "2个区县合计192.1亿元，全市192.1亿元，一致")}


def test_districts_short_of_or_above_the_city(seed):
    parts = districts(
        ("白云区", "industrial_output", 40.5, 32.1, 26.2, 260.0),
        ("小河区", "industrial_output", 35.2, 30.0, 17.3, 230.0),
        ("白云区", "industrial_investment", 20.0, NAN, NAN, NAN),
        ("小河区", "industrial_investment", 9.02, NAN, NAN, NAN),
    )
    found = findings(said(quality.parts_sum_to_totals(seed.indicators, parts)), CHECK_PARTS_SUM)
    # 40.5 + 35.2 = 75.7, 116.4 short of 192.1; 20 + 9.02 = 29.02 is 0.02 above 29 (> 0.01).
    assert found["规模以上工业总产值"] == (
        "warning",
        "2个区县合计75.7亿元，全市192.1亿元，区县合计少116.4亿元（可能有区县未报）",
    )
    status, detail = found["工业投资"]
    assert status == "warning"
    assert "区县合计多0.02亿元" in detail


def test_a_difference_within_the_tolerance_is_ok(seed):
    # 29.005 vs 29: 0.005 亿元 apart, within the 0.01 亿元 of rounded parts.
    parts = districts(("白云区", "industrial_investment", 29.005, NAN, NAN, NAN))
    result = said(quality.parts_sum_to_totals(seed.indicators, parts))
    assert result["status"].tolist() == ["ok"]


def test_district_indicator_missing_from_the_city(seed):
    parts = districts(("白云区", "industrial_value_added", 12.0, NAN, NAN, NAN))
    found = findings(said(quality.parts_sum_to_totals(seed.indicators, parts)), CHECK_PARTS_SUM)
    assert found["规模以上工业增加值"][0] == "warning"
    assert "全市指标表没有此指标" in found["规模以上工业增加值"][1]


# --- (2) stated against computed rates --------------------------------------------------------


def test_official_rate_close_to_computed_is_ok(seed):
    figures = dataclasses.replace(
        seed, districts=districts(("白云区", "industrial_output", 40.5, 32.1, 26.2, NAN))
    )
    # 40.5 / 32.1 − 1 = 26.168% against the stated 26.2%: 0.03 个百分点 apart.
    found = findings(said(quality.stated_vs_computed_rates(figures)), CHECK_RATES)
    assert found == {
        "白云区/规模以上工业总产值": (
            "ok",
            "公布增速26.2%，按上年同期32.1亿元计算为26.17%，相差0.03个百分点",
        )
    }


def test_official_rate_far_from_computed_is_reported_and_kept(seed):
    indicators = seed.indicators.assign(
        prior_value=lambda df: df["indicator"].map({"industrial_output": 145.0})
    )
    figures = dataclasses.replace(seed, indicators=indicators)
    # 192.1 / 145 − 1 = 32.483% against the official 27.6%: 4.88 个百分点 apart.
    found = findings(said(quality.stated_vs_computed_rates(figures)), CHECK_RATES)
    status, detail = found["规模以上工业总产值"]
    assert status == "warning"
    assert detail.startswith("公布增速27.6%，按上年同期145亿元计算为32.48%，相差4.88个百分点")
    assert "简报采用公布的可比口径增速" in detail
    assert figures.indicators.loc[0, "growth_pct"] == 27.6  # the official rate is untouched


def test_enterprise_rates_use_prior_output(seed):
    figures = dataclasses.replace(
        seed, enterprises=enterprises(("某磷化工有限公司", 3.2, 3.5, -5.0))
    )
    # 3.2 / 3.5 − 1 = −8.571%, stated −5%: 3.57 个百分点 apart.
    status, detail = findings(said(quality.stated_vs_computed_rates(figures)), CHECK_RATES)[
        "某磷化工有限公司"
    ]
    assert status == "warning"
    assert "计算为-8.57%，相差3.57个百分点" in detail


@pytest.mark.parametrize(
    ("multiple", "growth", "matches"),
    [
        (3.59, 259, True),  # the seed: 为去年同期的3.59倍，同比增长259%
        (3.59, 359, False),  # read as 增长3.59倍: off by one whole time
        (3.6, 259, True),  # 3.6 is 3.55..3.65: 3.59 inside
        (3.5, 259, False),  # 3.45..3.55 plus 0.005 for 259: 3.59 outside
        (2.0, 100, True),
        (1.276, 27.6, True),  # output: 192.1 is 1.276 times 1-2月 2010
        (1.28, 27.0, True),  # 1.27 ± 0.005 (27 ± 0.5%) against 1.28 ± 0.005: just touching
        (1.29, 27.0, False),  # 0.02 from 1.27: more than the 0.01 the roundings allow
    ],
)
def test_multiple_matches_growth(multiple, growth, matches):
    assert quality.multiple_matches_growth(multiple, growth) is matches


# --- (3) 万元 entered as 亿元 ----------------------------------------------------------------


def test_value_a_thousand_times_its_prior_looks_like_wan_yuan(seed):
    figures = dataclasses.replace(
        seed,
        districts=districts(
            # 5.2亿元 typed as 52000 in a 亿元 row: 52000 / 4.5 = 11556 times last year.
            ("白云区", "industrial_investment", 52000.0, 4.5, NAN, NAN),
            ("小河区", "industrial_investment", 9.0, 4.5, NAN, NAN),  # twice: fine
        ),
    )
    found = findings(said(quality.unit_slips(figures)), CHECK_UNITS)
    status, detail = found["白云区/工业投资"]
    assert status == "warning"
    assert detail == "本期52000亿元，上年同期4.5亿元，相差1000倍以上，疑为万元与亿元混填"
    assert "小河区/工业投资" not in found


def test_ratio_at_exactly_the_limit_is_reported(seed):
    # 4500 / 4.5 = 1000: the threshold itself counts.
    figures = dataclasses.replace(
        seed, districts=districts(("白云区", "industrial_investment", 4500.0, 4.5, NAN, NAN))
    )
    found = findings(said(quality.unit_slips(figures)), CHECK_UNITS)
    assert found["白云区/工业投资"][0] == "warning"


def test_enterprise_output_above_the_city_output(seed):
    figures = dataclasses.replace(
        seed,
        enterprises=enterprises(
            ("某铝业有限公司", 12345.0, NAN, 23.45),  # 1.2345亿元 written in 万元 as 亿元
            ("某磷化工有限公司", 3.2, 3.5, -8.6),
        ),
    )
    found = findings(said(quality.unit_slips(figures)), CHECK_UNITS)
    assert found["某铝业有限公司"] == (
        "warning",
        "企业产值12345亿元，超过全市规模以上工业总产值192.1亿元，疑为万元按亿元填报",
    )
    assert "某磷化工有限公司" not in found


def test_project_amounts_above_the_city_or_its_total_investment(seed):
    figures = dataclasses.replace(
        seed,
        projects=projects(
            ("某装备制造项目", 20.0, 5.0, 0.8),  # consistent
            ("某食品加工项目", 0.8, 0.3, 500.0),  # completed 500 万元 typed as 亿元
            ("某铝加工项目", 2.0, 3000.0, 0.5),  # plan 3000 万元 typed as 亿元
        ),
    )
    result = said(quality.unit_slips(figures))
    food = result.loc[result["item"] == "某食品加工项目", "detail"].tolist()
    # 500 > 125.98 (the city's fixed-asset investment 1-2月) and 500 > 0.8 (its total).
    assert food == [
        "项目完成投资500亿元，超过全市固定资产投资125.98亿元，疑为万元按亿元填报",
        "累计完成500亿元，超过总投资0.8亿元，疑为单位填错",
    ]
    aluminium = result.loc[result["item"] == "某铝加工项目", "detail"].tolist()
    assert aluminium == ["年度计划3000亿元，超过总投资2亿元，疑为单位填错"]
    assert "某装备制造项目" not in set(result["item"])


def test_consistent_amounts_give_ok_rows(seed):
    figures = dataclasses.replace(
        seed,
        enterprises=enterprises(("某磷化工有限公司", 3.2, 3.5, -8.6)),
        projects=projects(("某装备制造项目", 20.0, 5.0, 0.8)),
    )
    result = said(quality.unit_slips(figures))
    assert set(result["status"]) == {"ok"}
    assert set(result["item"]) == {"企业产值", "项目完成投资", "园区完成投资", "项目总投资"}


# --- (4) missing prior values -----------------------------------------------------------------


def test_row_without_prior_year_has_no_growth(seed):
    indicators = pd.concat(
        [
            seed.indicators,
            pd.DataFrame(
                # A new series: no 1-2月 2010 figure and no rate, so no 同比 can be said.
                [{"indicator": "industrial_value_added", "value": 55.0, "unit": "亿元"}],
                columns=list(seed.indicators.columns),
            ),
        ],
        ignore_index=True,
    )
    figures = dataclasses.replace(
        seed,
        indicators=indicators,
        districts=districts(
            ("白云区", "industrial_output", 40.5, 32.1, NAN, NAN),  # prior only: fine
            ("小河区", "industrial_output", 35.2, NAN, 17.3, NAN),  # rate only: fine
        ),
    )
    found = findings(said(quality.missing_priors(figures)), CHECK_PRIOR)
    assert found["规模以上工业增加值"][0] == "warning"
    assert found["全社会固定资产投资"][0] == "warning"
    assert "规模以上工业总产值" not in found
    assert found["区县指标"] == ("ok", "2行区县指标均有上年同期数或同比增长率")


# --- (5) across releases ----------------------------------------------------------------------


def test_history_finds_falling_cumulative_and_changed_targets(seed):
    # History holds a 1月 release; the period's own figures (1-2月) are added to it.
    indicators = pd.DataFrame(
        {
            "period": ["2011-01", "2011-01"],
            "indicator": ["industrial_output", "industrial_investment"],
            "value": [95.0, 31.0],  # investment 31 in 1月, 29 in 1-2月: fell by 2
            "annual_target": [1268.0, 520.0],  # investment target 520, then 547
        }
    )
    parks = pd.DataFrame(
        {
            "period": ["2011-01"],
            "park": ["修文医药产业园区"],
            "completed": [0.3],
            "annual_target": [10.0],
        }
    )
    result = said(quality.run_checks(seed, history=revisions.history_frame(indicators, parks)))
    falling = findings(result, CHECK_FALLING)
    assert falling == {
        "工业投资": (
            "warning",
            "2011年1-2月累计29亿元，低于2011年1月的31亿元，回落2亿元；请核实是否修订",
        )
    }
    changes = findings(result, CHECK_TARGET_CHANGES)
    assert changes == {
        "工业投资": ("warning", "年度目标由520亿元（2011年1月）变为547亿元（2011年1-2月）")
    }


def test_history_without_problems_gives_ok_rows(seed):
    parks = seed.parks.assign(period="2011-01", completed=seed.parks["completed"] / 2)
    result = said(quality.run_checks(seed, history=parks))
    # Ten parks at half their 1-2月 figure in 1月: none falls; 1月 has no indicators.
    assert findings(result, CHECK_FALLING) == {"全部": ("ok", "10个相邻期间的累计数均未回落")}
    assert findings(result, CHECK_TARGET_CHANGES) == {"全部": ("ok", "各期年度目标未变")}


def test_history_of_the_period_alone_has_nothing_to_compare(seed):
    parks = seed.parks.assign(period="2011-02")
    result = said(quality.run_checks(seed, history=parks))
    assert not result["check"].isin([CHECK_FALLING, CHECK_TARGET_CHANGES]).any()
