import pandas as pd
import pytest

from industry_briefing.analysis import investment, targets
from industry_briefing.core.periods import Period

PROJECTS = pd.DataFrame(
    {
        "project": ["甲项目", "乙项目", "丙项目", "丁项目"],
        "district": ["白云区", "清镇市", "小河区", "修文县"],
        "park": [None, None, None, None],
        "total_investment": [5.0, 0.05, 2.0, 1.0],  # 乙 is 500万元: below 总投资1000万元
        "annual_plan": [2.0, 0.05, 1.2, 0.5],
        "completed": [1.0, 0.01, 0.2, 0.5],
        "stage": ["续建", "新开工", "新开工", "建成投产"],
        "capacity_reached": [None, None, None, "否"],
        "issue": [None, None, "用地手续未办结", "市场需求下降"],
    }
)
EVEN = targets.expected_cumulative_shares("even")


def test_major_projects_are_1000_wan_yuan_or_more_and_measured_against_their_plan():
    # at 1-6月 the even expectation is 50%: 甲 1/2 = 50% (on pace), 丙 0.2/1.2 = 16.67%
    # (−33.33 个百分点: far behind), 丁 0.5/0.5 = 100% (ahead)
    major = investment.major_projects(PROJECTS, Period.parse("2011-06"), EVEN)
    assert list(major["project"]) == ["丙项目", "甲项目", "丁项目"]  # most behind first
    by_name = major.set_index("project")
    assert by_name.loc["丙项目", "completion_pct"] == pytest.approx(100 / 6)
    assert by_name.loc["丙项目", "gap_pp"] == pytest.approx(100 / 6 - 50)
    assert by_name.loc["丙项目", "status"] == "far_behind"
    assert by_name.loc["甲项目", "status"] == "on_pace"
    assert by_name.loc["丁项目", "status"] == "ahead"
    # 丙 still needs 1.0 亿元 in the 6 remaining months
    assert by_name.loc["丙项目", "needed_monthly_yi"] == pytest.approx(1.0 / 6)


def test_lagging_keeps_far_behind_only():
    major = investment.major_projects(PROJECTS, Period.parse("2011-06"), EVEN)
    assert list(investment.lagging(major)["project"]) == ["丙项目"]


def test_stage_summary_in_briefing_order():
    summary = investment.stage_summary(PROJECTS).set_index("stage")
    assert list(summary.index) == ["新开工", "续建", "建成投产"]
    assert summary.loc["新开工", "projects"] == 2
    assert summary.loc["新开工", "completed"] == pytest.approx(0.21)


def test_not_at_capacity_is_built_but_below_design_capacity():
    assert list(investment.not_at_capacity(PROJECTS)["project"]) == ["丁项目"]
