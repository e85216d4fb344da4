import math

import pandas as pd
import pytest

from industry_briefing.analysis import operation

ENTERPRISES = pd.DataFrame(
    {
        "enterprise": ["甲铝业", "乙磷化", "丙装备", "丁食品", "戊医药"],
        "district": ["白云区", "开阳县", "小河区", "南明区", "乌当区"],
        "industry": ["铝", "磷化工", "装备制造", "铝", "医药"],
        "output": [6.0, 1.0, 0.05, 2.0, 0.0],
        "prior_output": [5.0, 2.0, 0.04, 1.0, float("nan")],
        "growth_pct": [20.0, -50.0, 25.0, 100.0, float("nan")],
        "status": ["正常生产", "部分生产", "停产", "正常生产", "未投产"],
        "utilization_pct": [90.0, 40.0, 0.0, 80.0, float("nan")],
        "issue": [None, "流动资金紧张、设备检修", "原材料供应不足，流动资金紧张", None, "设备调试"],
    }
)


def test_output_by_industry_sums_and_computes_growth_of_the_sums():
    table = operation.output_by_industry(ENTERPRISES).set_index("industry")
    # 铝: (6 + 2) against (5 + 1): 8/6 − 1 = 33.33%; share 8 / 9.05 = 88.40%
    assert table.loc["铝", "enterprises"] == 2
    assert table.loc["铝", "output"] == 8.0
    assert table.loc["铝", "growth_pct"] == pytest.approx(100 / 3)
    assert table.loc["铝", "share_pct"] == pytest.approx(8 / 9.05 * 100)
    assert list(table.index) == ["铝", "磷化工", "装备制造", "医药"]  # largest first
    assert math.isnan(table.loc["医药", "growth_pct"])  # no prior year: no rate


def test_status_summary_counts_each_status_in_briefing_order():
    summary = operation.status_summary(ENTERPRISES).set_index("status")
    assert list(summary.index) == ["正常生产", "停产", "部分生产", "未投产"]
    assert summary.loc["正常生产", "enterprises"] == 2
    assert summary.loc["正常生产", "output"] == 8.0
    assert summary.loc["正常生产", "mean_utilization_pct"] == 85.0


def test_troubled_enterprises_stopped_first():
    troubled = operation.troubled_enterprises(ENTERPRISES)
    assert list(troubled["enterprise"]) == ["丙装备", "乙磷化", "戊医药"]


def test_reasons_are_split_and_counted():
    counts = operation.issue_counts(ENTERPRISES)
    assert counts["流动资金紧张"] == 2
    assert counts["设备检修"] == 1
    assert counts.index[0] == "流动资金紧张"


def test_key_enterprises_by_annualised_output():
    # at 1-3月 a cumulative 0.2 亿元 annualises to 0.8 ≥ 0.5 (5000万元); 0.05 to 0.2 < 0.5
    key = operation.key_enterprises(ENTERPRISES.assign(output=[6.0, 1.0, 0.05, 0.2, 0.0]), 3)
    assert list(key["enterprise"]) == ["甲铝业", "乙磷化", "丁食品"]
    assert key["annualised_output"].iloc[-1] == pytest.approx(0.8)


def test_district_ranking_with_official_and_computed_rates():
    districts = pd.DataFrame(
        {
            "district": ["南明区", "白云区", "开阳县"],
            "indicator": ["industrial_output"] * 3,
            "value": [30.0, 50.0, 20.0],
            "prior_value": [25.0, 40.0, float("nan")],
            "growth_pct": [float("nan"), 24.1, float("nan")],
            "annual_target": [float("nan")] * 3,
        }
    )
    ranking = operation.district_ranking(districts, "industrial_output", city_total=100.0)
    assert list(ranking["district"]) == ["白云区", "南明区", "开阳县"]
    assert list(ranking["rank"]) == [1, 2, 3]
    assert ranking["yoy_pct"].iloc[0] == 24.1 and bool(ranking["yoy_is_official"].iloc[0])
    assert ranking["yoy_pct"].iloc[1] == pytest.approx(20.0)  # 30/25 − 1, computed
    assert not ranking["yoy_is_official"].iloc[1]
    assert math.isnan(ranking["yoy_pct"].iloc[2])
    assert ranking["share_pct"].iloc[0] == pytest.approx(50.0)
