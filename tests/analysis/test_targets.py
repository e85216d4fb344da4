"""Target decomposition and progress, checked against figures worked out by hand.

The seed (贵阳市 1-2月 2011): output 192.1 亿元 of an annual 1268, investment 29 of 547.
"""

import math

import pandas as pd
import pytest

from industry_briefing.analysis.targets import (
    Basis,
    choose_basis,
    decompose_target,
    expected_cumulative_shares,
    progress_status,
    quarter_check,
    target_progress,
)
from industry_briefing.briefing import formatting, labels
from industry_briefing.core import settings
from industry_briefing.core.periods import Period
from industry_briefing.ingest import reader

FEB, MAR, APR, MAY, DEC = (Period(2011, m) for m in (2, 3, 4, 5, 12))
EVEN = expected_cumulative_shares("even")

# A plan for output (cumulative 亿元 by month), as a plan table would give it.
OUTPUT_PLAN = {
    1: 90,
    2: 192,
    3: 300,
    4: 410,
    5: 520,
    6: 632,
    7: 740,
    8: 850,
    9: 960,
    10: 1070,
    11: 1170,
    12: 1268,
}

# Last year's cumulative output by month. No 1月 figure: 1-2月 was its first release.
LAST_YEAR = {
    2: 150,
    3: 240,
    4: 320,
    5: 400,
    6: 500,
    7: 580,
    8: 660,
    9: 750,
    10: 830,
    11: 910,
    12: 1000,
}


@pytest.fixture(scope="module")
def seed():
    indicators = reader.read_period(settings.RAW_DATA_DIR, "2011-02").indicators
    return indicators.set_index("indicator")


# --- shares and basis -------------------------------------------------------------------------


def test_even_shares_are_time_progress():
    assert list(EVEN.index) == list(range(1, 13))
    assert EVEN[2] == pytest.approx(1 / 6)
    assert EVEN[9] == pytest.approx(0.75)
    assert EVEN[12] == 1


def test_plan_shares_divide_by_the_planned_year():
    shares = expected_cumulative_shares("plan", plan_cumulative=OUTPUT_PLAN)
    # 192 / 1268 = 0.151419...; 632 / 1268 = 0.498423...
    assert shares[2] == pytest.approx(0.1514196, abs=1e-7)
    assert shares[6] == pytest.approx(0.4984227, abs=1e-7)
    assert shares[12] == 1


def test_last_year_shares_without_january_split_the_first_release():
    shares = expected_cumulative_shares(Basis.LAST_YEAR, last_year_cumulative=LAST_YEAR)
    # 1-2月 150 of 1000 = 15%; January alone unknown, taken as half of it: 7.5%.
    assert shares[2] == pytest.approx(0.15)
    assert shares[1] == pytest.approx(0.075)
    assert shares[5] == pytest.approx(0.40)


def test_incomplete_last_year_is_not_usable():
    incomplete = {m: v for m, v in LAST_YEAR.items() if m != 7}
    with pytest.raises(ValueError, match=r"incomplete.*\[7\]"):
        expected_cumulative_shares("last_year", last_year_cumulative=incomplete)
    assert choose_basis(None, incomplete) is Basis.EVEN


def test_basis_needs_its_profile():
    with pytest.raises(ValueError, match="needs the plan"):
        expected_cumulative_shares("plan")


def test_choose_basis_prefers_plan_then_last_year_then_even():
    assert choose_basis(OUTPUT_PLAN, LAST_YEAR) is Basis.PLAN
    assert choose_basis(None, LAST_YEAR) is Basis.LAST_YEAR
    assert choose_basis(pd.Series(dtype=float), None) is Basis.EVEN
    assert choose_basis(None, None) is Basis.EVEN


def test_basis_descriptions_for_the_briefing():
    assert labels.term("basis", Basis.PLAN) == "按年度计划分解"
    assert labels.term("basis", Basis("last_year")) == "按上年同期月度进度"
    assert labels.term("basis", Basis.EVEN) == "按时间进度均分"
    assert Basis.EVEN == "even"


# --- decomposition ----------------------------------------------------------------------------


def test_even_decomposition_by_month_and_quarter():
    table = decompose_target(1268, EVEN)
    assert list(table.columns) == [
        "month",
        "quarter",
        "cumulative_target",
        "monthly_target",
        "quarter_target",
        "quarter_cumulative_target",
    ]
    by_month = table.set_index("month")
    # 1268 / 12 = 105.666... a month; 1268 / 4 = 317 a quarter.
    assert by_month["monthly_target"].tolist() == pytest.approx([1268 / 12] * 12)
    assert by_month.loc[2, "cumulative_target"] == pytest.approx(211.3333333)
    assert by_month.loc[5, "quarter"] == 2
    assert by_month.loc[5, "quarter_target"] == pytest.approx(317)
    assert by_month.loc[5, "quarter_cumulative_target"] == pytest.approx(634)
    assert by_month.loc[12, "cumulative_target"] == pytest.approx(1268)


def test_plan_decomposition_follows_the_plan():
    shares = expected_cumulative_shares("plan", plan_cumulative=OUTPUT_PLAN)
    by_month = decompose_target(1268, shares).set_index("month")
    # The plan's own amounts come back: March 300 − 192 = 108; Q2 632 − 300 = 332.
    assert by_month.loc[1, "monthly_target"] == pytest.approx(90)
    assert by_month.loc[3, "monthly_target"] == pytest.approx(108)
    assert by_month.loc[1, "quarter_target"] == pytest.approx(300)
    assert by_month.loc[4, "quarter_target"] == pytest.approx(332)
    assert by_month.loc[4, "quarter_cumulative_target"] == pytest.approx(632)
    assert by_month.loc[12, "quarter_target"] == pytest.approx(1268 - 960)


def test_decomposition_of_a_target_differing_from_the_plan_total():
    # A plan's shape applied to another target: 10% of 500 = 50 by the end of month 2.
    shares = expected_cumulative_shares("plan", plan_cumulative={**OUTPUT_PLAN, 2: 126.8})
    table = decompose_target(500, shares).set_index("month")
    assert table.loc[2, "cumulative_target"] == pytest.approx(50)


@pytest.mark.parametrize("target", [None, 0, float("nan"), -5])
def test_missing_or_zero_target_is_a_clear_error(target):
    with pytest.raises(ValueError, match="target"):
        decompose_target(target, EVEN)
    with pytest.raises(ValueError, match="target"):
        target_progress(192.1, target, FEB, EVEN, "even")


# --- progress ---------------------------------------------------------------------------------


def test_seed_output_on_the_even_basis(seed):
    output = seed.loc["industrial_output"]
    progress = target_progress(output["value"], output["annual_target"], FEB, EVEN, Basis.EVEN)
    # 192.1 / 1268 = 15.1498%; 2/12 = 16.6667%; gap −1.5168 → −1.52 个百分点.
    assert progress.completion_pct == pytest.approx(15.1498423, abs=1e-7)
    assert progress.expected_pct == pytest.approx(16.6666667, abs=1e-7)
    assert formatting.format_points(progress.gap_pp) == "-1.52"
    # Expected by now 1268 / 6 = 211.333; 192.1 − 211.333 = −19.233 亿元.
    assert progress.gap_amount_yi == pytest.approx(-19.2333333, abs=1e-7)
    # 1268 − 192.1 = 1075.9 over 10 months: 107.59 a month, against 96.05 a month so far.
    assert progress.remaining_yi == pytest.approx(1075.9)
    assert progress.needed_monthly_yi == pytest.approx(107.59)
    assert progress.needed_monthly_vs_average == pytest.approx(1.1201458, abs=1e-7)
    assert progress.status == "behind"
    assert labels.term("status", progress.status) == "落后进度"
    assert labels.term("basis", progress.basis) == "按时间进度均分"


def test_seed_investment_is_far_behind(seed):
    investment = seed.loc["industrial_investment"]
    progress = target_progress(investment["value"], investment["annual_target"], FEB, EVEN, "even")
    # 29 / 547 = 5.3016%; 5.3016 − 16.6667 = −11.365 → −11.37 个百分点; 518 / 10 = 51.8.
    assert formatting.format_points(progress.gap_pp) == "-11.37"
    assert progress.needed_monthly_yi == pytest.approx(51.8)
    assert progress.status == "far_behind"
    assert labels.term("status", progress.status) == "严重滞后"


def test_seed_output_against_a_plan_is_on_pace():
    shares = expected_cumulative_shares("plan", plan_cumulative=OUTPUT_PLAN)
    progress = target_progress(192.1, 1268, FEB, shares, "plan")
    # Planned 192 by 1-2月 (15.1420%); 192.1 is 0.1 亿元 ahead: 0.1 / 1268 = 0.0079 个百分点.
    assert progress.expected_pct == pytest.approx(15.1419558, abs=1e-7)
    assert progress.gap_amount_yi == pytest.approx(0.1)
    assert progress.gap_pp == pytest.approx(0.0078864, abs=1e-7)
    assert progress.status == "on_pace"
    assert labels.term("status", progress.status) == "基本同步"
    assert progress.basis is Basis.PLAN


def test_last_year_profile_at_may():
    shares = expected_cumulative_shares("last_year", last_year_cumulative=LAST_YEAR)
    progress = target_progress(480, 1268, MAY, shares, "last_year")
    # Last year 400 of 1000 by 1-5月: 40%, 507.2 亿元 of 1268. 480 / 1268 = 37.8549%:
    # 2.1451 个百分点 and 27.2 亿元 behind. (1268 − 480) / 7 = 112.571 against 96 a month.
    assert progress.expected_amount_yi == pytest.approx(507.2)
    assert progress.gap_pp == pytest.approx(-2.1451104, abs=1e-7)
    assert progress.gap_amount_yi == pytest.approx(-27.2)
    assert progress.needed_monthly_yi == pytest.approx(112.5714286, abs=1e-7)
    assert progress.needed_monthly_vs_average == pytest.approx(1.1726190, abs=1e-7)
    assert progress.status == "behind"


def test_ahead_of_time_progress():
    # 1-5月 at 500 of 1200: 41.6667% against 41.6667% on pace; 540: 45% is 3.33 ahead.
    assert target_progress(500, 1200, MAY, EVEN, "even").status == "on_pace"
    ahead = target_progress(540, 1200, MAY, EVEN, "even")
    assert ahead.gap_pp == pytest.approx(45 - 125 / 3)
    assert labels.term("status", ahead.status) == "快于进度"


def test_december_needs_no_monthly_pace():
    progress = target_progress(1200, 1268, DEC, EVEN, "even")
    assert progress.needed_monthly_yi is None
    assert progress.needed_monthly_vs_average is None
    assert progress.remaining_yi == pytest.approx(68)


def test_target_already_exceeded_needs_nothing_more():
    progress = target_progress(130, 120, Period(2011, 10), EVEN, "even")
    assert progress.remaining_yi == pytest.approx(-10)  # 10 亿元 over the target
    assert progress.needed_monthly_yi == 0
    assert progress.needed_monthly_vs_average == 0


@pytest.mark.parametrize(
    ("gap", "status"),
    [
        (1.0, "ahead"),
        (0.996, "ahead"),  # printed as 1: 快于1个百分点
        (0.994, "on_pace"),
        (0.0, "on_pace"),
        (-0.994, "on_pace"),
        (-0.996, "behind"),  # printed as −1: 落后1个百分点
        (-1.0, "behind"),
        (-4.99, "behind"),
        (-4.996, "far_behind"),
        (-5.0, "far_behind"),
        (-11.365, "far_behind"),
    ],
)
def test_status_thresholds_in_points(gap, status):
    assert settings.ON_PACE_BAND_PP == 1.0 and settings.FAR_BEHIND_PP == 5.0
    assert progress_status(gap) == status


def test_shares_must_end_at_the_whole_target():
    with pytest.raises(ValueError, match="December share must be 1"):
        target_progress(192.1, 1268, FEB, EVEN * 0.9, "even")


# --- quarters ---------------------------------------------------------------------------------


def test_opening_check_at_january_to_february():
    check = quarter_check(192.1, 1268, FEB, EVEN)
    # Q1 = 3/12 of 1268 = 317; 317 − 192.1 = 124.9 still to do in March alone.
    assert check.quarter == 1 and labels.quarter_label(check.quarter) == "一季度"
    assert check.quarter_end_month == 3
    assert check.quarter_cumulative_target_yi == pytest.approx(317)
    assert check.quarter_completion_pct == pytest.approx(60.5993691, abs=1e-7)  # 192.1 / 317
    assert check.needed_yi == pytest.approx(124.9)
    assert check.months_left_in_quarter == 1
    assert check.needed_monthly_yi == pytest.approx(124.9)
    assert not check.met and not check.missed
    assert check.is_opening_check  # 开门红


def test_opening_check_against_the_plan():
    shares = expected_cumulative_shares("plan", plan_cumulative=OUTPUT_PLAN)
    check = quarter_check(192.1, 1268, FEB, shares)
    # Planned 300 by 1-3月: 300 − 192.1 = 107.9 in March.
    assert check.quarter_cumulative_target_yi == pytest.approx(300)
    assert check.needed_yi == pytest.approx(107.9)


def test_quarter_end_month_met_and_missed():
    met = quarter_check(320, 1268, MAR, EVEN)
    # 1-3月 is Q1's end: no month left; 320 ≥ 317, met.
    assert met.months_left_in_quarter == 0
    assert met.needed_monthly_yi is None
    assert met.needed_yi == 0
    assert met.met and not met.missed
    assert met.is_opening_check
    missed = quarter_check(300, 1268, MAR, EVEN)
    assert missed.needed_yi == pytest.approx(17)  # 317 − 300, the quarter's shortfall
    assert missed.missed


def test_second_quarter_at_january_to_may():
    check = quarter_check(500, 1268, MAY, EVEN)
    # Q2 ends at 1-6月: 6/12 of 1268 = 634; 634 − 500 = 134 in June.
    assert (check.quarter, labels.quarter_label(check.quarter), check.quarter_end_month) == (
        2,
        "二季度",
        6,
    )
    assert check.quarter_cumulative_target_yi == pytest.approx(634)
    assert check.needed_yi == pytest.approx(134)
    assert check.months_left_in_quarter == 1
    assert not check.is_opening_check


def test_quarter_need_spread_over_the_months_left():
    check = quarter_check(400, 1268, APR, EVEN)
    # At 1-4月, two months to the end of Q2: (634 − 400) / 2 = 117 a month.
    assert check.months_left_in_quarter == 2
    assert check.needed_monthly_yi == pytest.approx(117)
    assert math.isclose(check.needed_yi, 234)
