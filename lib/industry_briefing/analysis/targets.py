"""Annual targets: decomposed by quarter and month, and the progress of a cumulative value.

目标任务层层分解，按季量化，按月跟踪监测，以月保季、以季保年: an annual target becomes an
expected cumulative share for each month (0..1 of the target by the end of that month), taken
from the year's plan, from last year's monthly profile, or evenly from the calendar (时间进度).
A period's value is then compared with the expected share at its month.

Rates are unrounded floats in %; amounts are in 亿元. Rounding happens only when formatting.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from industry_briefing.contract.profile import DEFAULT_THRESHOLDS, Thresholds
from industry_briefing.core.periods import Period
from industry_briefing.core.rounding import difference, round_half_up

MONTHS = pd.RangeIndex(1, 13, name="month")


class Basis(StrEnum):
    """What the expected progress of a month is taken from (named by the labels' `basis`)."""

    PLAN = "plan"
    LAST_YEAR = "last_year"
    EVEN = "even"


class Status(StrEnum):
    """A cumulative value against its expected progress (named by the labels' `status`)."""

    AHEAD = "ahead"
    ON_PACE = "on_pace"
    BEHIND = "behind"
    FAR_BEHIND = "far_behind"


BEHIND_STATUSES = (Status.BEHIND, Status.FAR_BEHIND)


# --- expected shares --------------------------------------------------------------------------


def expected_cumulative_shares(
    basis: Basis | str,
    plan_cumulative: pd.Series | Mapping[int, float] | None = None,
    last_year_cumulative: pd.Series | Mapping[int, float] | None = None,
) -> pd.Series:
    """Expected cumulative share (0..1) of the annual target by the end of each month 1..12.

    plan: planned cumulative amounts by month, share = planned / planned[12].
    last_year: last year's cumulative values by month, share = cum / cum[12].
    even: m / 12 (时间进度).
    A monthly profile needs months 2..12; January may be absent because 1-2月 is the first
    release of a year, and is then taken as half of 1-2月.
    """
    basis = Basis(basis)
    if basis is Basis.EVEN:
        return pd.Series([m / 12 for m in MONTHS], index=MONTHS, name="share")
    profile = plan_cumulative if basis is Basis.PLAN else last_year_cumulative
    what = "the plan" if basis is Basis.PLAN else "last year's profile"
    if profile is None:
        raise ValueError(f"basis {basis.value!r} needs {what}: cumulative amounts by month")
    return _shares_of_profile(_monthly_profile(profile, what), what)


def choose_basis(
    plan_cumulative: pd.Series | Mapping[int, float] | None,
    last_year_cumulative: pd.Series | Mapping[int, float] | None,
) -> Basis:
    """The plan if one is given; else last year's profile if it is complete; else even."""
    if plan_cumulative is not None and len(plan_cumulative) > 0:
        return Basis.PLAN
    if last_year_cumulative is not None and is_complete_profile(last_year_cumulative):
        return Basis.LAST_YEAR
    return Basis.EVEN


def is_complete_profile(cumulative: pd.Series | Mapping[int, float]) -> bool:
    """Whether cumulative values by month can give shares (months 2..12, December above 0)."""
    try:
        _shares_of_profile(_monthly_profile(cumulative, "the profile"), "the profile")
    except ValueError:
        return False
    return True


def _monthly_profile(cumulative: pd.Series | Mapping[int, float], what: str) -> pd.Series:
    """Cumulative amounts indexed by month 1..12 (January filled in), or a ValueError."""
    series = pd.Series(cumulative, dtype="float64").dropna()
    series.index = series.index.astype(int)
    outside = sorted(set(series.index) - set(MONTHS))
    if outside:
        raise ValueError(f"{what} has months outside 1..12: {outside}")
    missing = [m for m in MONTHS if m != 1 and m not in series.index]
    if missing:
        raise ValueError(f"{what} is incomplete: no cumulative value for months {missing}")
    if 1 not in series.index:
        # 1月 and 2月 are published together: without a January figure, the first release
        # is split evenly over its two months.
        series = pd.concat([pd.Series({1: float(series.loc[2]) / 2}), series])
    return series.reindex(MONTHS)


def _shares_of_profile(profile: pd.Series, what: str) -> pd.Series:
    december = profile.loc[12]
    if not december > 0:
        raise ValueError(f"{what} has no positive December (1-12月) total to take shares of")
    return (profile / december).rename("share")


def _checked_shares(shares: pd.Series) -> pd.Series:
    if list(shares.index) != list(MONTHS) or shares.isna().any():
        raise ValueError("shares must give a cumulative share for each month 1..12")
    if not math.isclose(shares.loc[12], 1.0, rel_tol=1e-9):
        raise ValueError(f"the December share must be 1 (the whole target); it is {shares[12]}")
    return shares


# --- decomposition ----------------------------------------------------------------------------


def decompose_target(annual_target: float, shares: pd.Series) -> pd.DataFrame:
    """The annual target by month and by quarter (目标任务层层分解，按季量化，按月跟踪).

    Columns: month, quarter, cumulative_target (1-N月), monthly_target (the month's own
    amount), quarter_target (the quarter's own amount) and quarter_cumulative_target (through
    the quarter's end: 1-3月, 1-6月, ...).
    """
    target = _required_target(annual_target)
    cumulative = _checked_shares(shares) * target
    quarters = pd.Series((MONTHS - 1) // 3 + 1, index=MONTHS)
    quarter_end = cumulative.loc[[3, 6, 9, 12]].set_axis([1, 2, 3, 4])
    quarter_own = quarter_end.diff().fillna(quarter_end.iloc[0])
    return pd.DataFrame(
        {
            "month": MONTHS,
            "quarter": quarters.to_numpy(),
            "cumulative_target": cumulative.to_numpy(),
            "monthly_target": cumulative.diff().fillna(cumulative.iloc[0]).to_numpy(),
            "quarter_target": quarters.map(quarter_own).to_numpy(),
            "quarter_cumulative_target": quarters.map(quarter_end).to_numpy(),
        }
    )


# --- progress of a period's value -------------------------------------------------------------


@dataclass(frozen=True)
class TargetProgress:
    """A cumulative value against its annual target and the progress expected by its month."""

    value: float  # 亿元, cumulative 1-N月
    annual_target: float  # 亿元
    period: Period
    basis: Basis
    completion_pct: float  # value / target, % (为全年目标任务的 N%)
    expected_pct: float  # expected share at the month, %; equals 时间进度 on the even basis
    gap_pp: float  # completion − expected, 个百分点 (negative: behind)
    expected_amount_yi: float  # target × expected share
    gap_amount_yi: float  # value − expected amount (negative: short of it)
    remaining_yi: float  # target − value (negative: target exceeded)
    needed_monthly_yi: float | None  # per remaining month to reach the target; None in December
    needed_monthly_vs_average: float | None  # needed pace / monthly average so far (a ratio)
    status: Status


def target_progress(
    value: float,
    annual_target: float,
    period: Period,
    shares: pd.Series,
    basis: Basis | str,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> TargetProgress:
    """Completion of the annual target against the share expected by the period's month."""
    target = _required_target(annual_target)
    share = float(_checked_shares(shares).loc[period.month])
    completion = value / target * 100
    expected = share * 100
    remaining = target - value
    needed = _needed_monthly(remaining, period)
    gap = difference(completion, expected)  # as the sentence comparing them says it
    return TargetProgress(
        value=float(value),
        annual_target=target,
        period=period,
        basis=Basis(basis),
        completion_pct=completion,
        expected_pct=expected,
        gap_pp=gap,
        expected_amount_yi=target * share,
        gap_amount_yi=value - target * share,
        remaining_yi=remaining,
        needed_monthly_yi=needed,
        needed_monthly_vs_average=_pace_ratio(needed, value, period),
        status=progress_status(gap, thresholds),
    )


def progress_status(gap_pp: float, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> Status:
    """ahead, on_pace, behind or far_behind, by the region's bands (profile.yml `thresholds`;
    today's defaults from settings).

    The gap is compared as it is printed (rounded half-up), so a label never contradicts the
    figure beside it: a gap of −0.996 is shown as 落后1个百分点 and labelled 落后进度.
    """
    shown = float(round_half_up(gap_pp))
    if shown >= thresholds.on_pace_pp:
        return Status.AHEAD
    if shown > -thresholds.on_pace_pp:
        return Status.ON_PACE
    if shown > -thresholds.far_behind_pp:
        return Status.BEHIND
    return Status.FAR_BEHIND


def _needed_monthly(remaining: float, period: Period) -> float | None:
    """What each remaining month must add to reach the target (0 once it is reached)."""
    if period.months_remaining == 0:
        return None
    return max(remaining, 0.0) / period.months_remaining


def _pace_ratio(needed_monthly: float | None, value: float, period: Period) -> float | None:
    """The needed monthly pace as a multiple of the monthly average so far."""
    average = value / period.months_elapsed
    if needed_monthly is None or average <= 0:
        return None
    return needed_monthly / average


def _required_target(annual_target: float | None) -> float:
    if annual_target is None or not math.isfinite(float(annual_target)):
        raise ValueError("no annual target: a completion rate needs the year's target")
    if float(annual_target) <= 0:
        raise ValueError(
            f"annual target is {annual_target}: a completion rate needs a target above 0"
        )
    return float(annual_target)


# --- the quarter ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuarterCheck:
    """以月保季: the current quarter's cumulative target and what the rest of it needs."""

    period: Period
    quarter: int  # 1..4
    quarter_end_month: int  # 3, 6, 9 or 12
    value: float  # 亿元, cumulative 1-N月
    quarter_cumulative_target_yi: float  # target × share at the quarter's end month
    quarter_completion_pct: float | None  # value / quarter cumulative target, %; None if 0
    needed_yi: float  # still to do by the quarter's end (0 once met)
    months_left_in_quarter: int  # 0 at the quarter's end month
    needed_monthly_yi: float | None  # needed / months left; None when no month is left
    met: bool  # the quarter's cumulative target is already reached
    is_opening_check: bool  # a first-quarter release: the 开门红 check

    @property
    def missed(self) -> bool:
        """The quarter is over (its end-month release) and its target was not reached."""
        return self.months_left_in_quarter == 0 and not self.met


def quarter_check(
    value: float, annual_target: float, period: Period, shares: pd.Series
) -> QuarterCheck:
    """The period's quarter: its cumulative target at the end month and what is still needed."""
    target = _required_target(annual_target)
    end = period.quarter_end_month
    quarter_target = target * float(_checked_shares(shares).loc[end])
    needed = max(quarter_target - value, 0.0)
    months_left = end - period.month
    return QuarterCheck(
        period=period,
        quarter=period.quarter,
        quarter_end_month=end,
        value=float(value),
        quarter_cumulative_target_yi=quarter_target,
        quarter_completion_pct=value / quarter_target * 100 if quarter_target else None,
        needed_yi=needed,
        months_left_in_quarter=months_left,
        needed_monthly_yi=needed / months_left if months_left else None,
        met=value >= quarter_target,
        is_opening_check=period.is_first_quarter_opening,
    )
