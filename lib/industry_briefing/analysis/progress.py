"""Progress of the month's figures: year-on-year change and completion of annual targets.

All rates here are unrounded floats in %; rounding happens once, when a figure is formatted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TypeGuard

import pandas as pd

from industry_briefing.analysis import targets
from industry_briefing.analysis.priors import Prior
from industry_briefing.analysis.targets import Basis, QuarterCheck, TargetProgress
from industry_briefing.contract.profile import DEFAULT_THRESHOLDS, Thresholds
from industry_briefing.contract.tables import PARKS_TOTAL
from industry_briefing.core.periods import Period
from industry_briefing.core.rounding import difference


@dataclass(frozen=True)
class Progress:
    """One indicator's cumulative value against last year and against its annual target."""

    code: str  # the indicator's code (contract), or PARKS_TOTAL for the parks together
    value: float  # 亿元, cumulative 1-N月
    growth_pct: float | None  # year on year, %
    growth_is_official: bool  # an official (可比口径) rate, shown as given
    target: TargetProgress | None  # None when no annual target is given
    quarter: QuarterCheck | None
    shares: pd.Series | None  # expected cumulative share of the target by month
    # 为去年同期的3.59倍 as printed (a fact), where the bulletin prints the multiple too.
    printed_multiple: Decimal | None = None
    # The 上年同期 the growth is computed from, taken from last year's release where the
    # month's input gives none (analysis/priors.py); None: the input's own, or no growth.
    prior: Prior | None = None

    @property
    def annual_target(self) -> float | None:
        return self.target.annual_target if self.target else None

    @property
    def completion_pct(self) -> float | None:
        """Cumulative value as % of the annual target (为全年目标任务的 N%)."""
        return self.target.completion_pct if self.target else None

    @property
    def expected_pct(self) -> float | None:
        """时间进度, or the plan's (or last year's) progress at the month."""
        return self.target.expected_pct if self.target else None

    @property
    def points_vs_expected(self) -> float | None:
        """Completion minus expected progress, in 个百分点 (negative: behind)."""
        return self.target.gap_pp if self.target else None

    @property
    def basis(self) -> Basis:
        """What expected progress is taken from (even, i.e. 时间进度, without a target)."""
        return self.target.basis if self.target else Basis.EVEN


def expected_shares(progress: Progress | None) -> pd.Series:
    """The expected cumulative shares by month of an indicator's target (时间进度 without one,
    or without the indicator): the yardstick of the items that make it up (districts,
    projects)."""
    if progress is not None and progress.shares is not None:
        return progress.shares
    return targets.expected_cumulative_shares(Basis.EVEN)


def year_on_year_pct(
    value: float, prior_value: float | None, official_pct: float | None
) -> tuple[float | None, bool]:
    """The official rate when published (it is on a comparable basis), else value/prior − 1."""
    if _present(official_pct):
        return float(official_pct), True
    if _present(prior_value) and prior_value != 0:
        return (value / prior_value - 1) * 100, False
    return None, False


def progress_of(
    code: str,
    value: float,
    period: Period,
    annual_target: float | None,
    growth: tuple[float | None, bool] = (None, False),
    plan_cumulative: pd.Series | None = None,
    last_year_cumulative: pd.Series | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Progress:
    """Progress of a cumulative value, its target decomposed by plan, last year or evenly."""
    target: TargetProgress | None = None
    quarter: QuarterCheck | None = None
    shares: pd.Series | None = None
    if _present(annual_target) and annual_target > 0:
        basis = targets.choose_basis(plan_cumulative, last_year_cumulative)
        shares = targets.expected_cumulative_shares(basis, plan_cumulative, last_year_cumulative)
        target = targets.target_progress(value, annual_target, period, shares, basis, thresholds)
        quarter = targets.quarter_check(value, annual_target, period, shares)
    return Progress(code, float(value), growth[0], growth[1], target, quarter, shares)


def indicator_progress(
    indicators: pd.DataFrame,
    code: str,
    period: Period,
    plan_cumulative: pd.Series | None = None,
    last_year_cumulative: pd.Series | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    prior: Prior | None = None,
) -> Progress:
    """Progress of one indicator (by code) of the period's indicators table. `prior`: a
    上年同期 from last year's release, for a row that gives none (the row's own wins)."""
    rows = indicators.loc[indicators["indicator"] == code]
    if rows.empty:
        raise KeyError(f"indicator {code!r} is not in the period's figures")
    row = rows.iloc[0]
    taken = prior if prior is not None and not _present(row.get("prior_value")) else None
    before = taken.value if taken is not None else row.get("prior_value")
    growth = year_on_year_pct(row["value"], before, row.get("growth_pct"))
    found = progress_of(
        code,
        row["value"],
        period,
        row.get("annual_target"),
        growth,
        plan_cumulative,
        last_year_cumulative,
        thresholds,
    )
    # Held only where the growth is computed from it: an official rate wins.
    computed_from_it = taken is not None and growth[0] is not None and not growth[1]
    return replace(found, prior=taken) if computed_from_it else found


def parks_total_progress(
    parks: pd.DataFrame,
    period: Period,
    plan_cumulative: pd.Series | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Progress:
    """The parks together: the sum of completions against the sum of annual targets."""
    return progress_of(
        PARKS_TOTAL,
        parks["completed"].sum(),
        period,
        parks["annual_target"].sum(),
        plan_cumulative=plan_cumulative,
        thresholds=thresholds,
    )


def share_pct(part: float, whole: float) -> float:
    """part as % of whole (e.g. industrial investment in fixed-asset investment)."""
    if not whole:
        raise ValueError("share of a zero or missing total is undefined")
    return part / whole * 100


def year_on_year_columns(
    frame: pd.DataFrame,
    value: str = "value",
    prior: str = "prior_value",
    official: str = "growth_pct",
) -> pd.DataFrame:
    """Per row: the year-on-year rate (official when given) and whether it is official."""
    given = frame[official].notna()
    computed = (frame[value] / frame[prior].where(frame[prior] != 0) - 1) * 100
    return frame.assign(yoy_pct=frame[official].where(given, computed), yoy_is_official=given)


def progress_columns(
    frame: pd.DataFrame,
    value: str,
    target: str,
    period: Period,
    shares: pd.Series,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> pd.DataFrame:
    """Per row (park, project): completion, expected progress, gaps, needed pace, status."""
    expected_pct = float(shares.loc[period.month]) * 100
    months_left = period.months_remaining
    return frame.assign(
        completion_pct=lambda df: df[value] / df[target] * 100,
        expected_pct=expected_pct,
        gap_pp=lambda df: df["completion_pct"].map(
            lambda completion: difference(completion, expected_pct)
        ),
        gap_amount_yi=lambda df: df[value] - df[target] * expected_pct / 100,
        needed_monthly_yi=lambda df: (
            ((df[target] - df[value]).clip(lower=0) / months_left) if months_left else float("nan")
        ),
        status=lambda df: df["gap_pp"].map(lambda gap: targets.progress_status(gap, thresholds)),
    )


def _present(value: float | None) -> TypeGuard[float]:
    """Given: not None and not NaN (pandas' mark of an empty cell)."""
    return value is not None and not (isinstance(value, float) and math.isnan(value))
