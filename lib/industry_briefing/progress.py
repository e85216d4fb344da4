"""Progress of the month's figures: year-on-year change and completion of annual targets.

All rates here are unrounded floats in %; rounding happens once, when a figure is formatted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from industry_briefing.contract import INDICATOR_NAMES
from industry_briefing.periods import Period

PARKS_TOTAL = "parks_infrastructure"
PARKS_TOTAL_NAME = "重点工业园区基础设施建设投资"


@dataclass(frozen=True)
class Progress:
    """One indicator's cumulative value against last year and against its annual target."""

    code: str
    name: str
    value: float  # 亿元, cumulative 1-N月
    growth_pct: float | None  # year on year, %
    growth_is_official: bool  # an official (可比口径) rate, shown as given
    annual_target: float | None
    time_progress_pct: float

    @property
    def completion_pct(self) -> float | None:
        """Cumulative value as % of the annual target (为全年目标任务的 N%)."""
        if not self.annual_target:
            return None
        return self.value / self.annual_target * 100

    @property
    def points_vs_time_progress(self) -> float | None:
        """Completion minus time progress, in 个百分点 (negative: behind)."""
        completion = self.completion_pct
        return None if completion is None else completion - self.time_progress_pct


def time_progress_pct(period: Period) -> float:
    """时间进度 in %: months elapsed / 12 (no plan decomposes the target here)."""
    return float(period.time_progress * 100)


def year_on_year_pct(value: float, prior_value: float | None, official_pct: float | None):
    """The official rate when published (it is on a comparable basis), else value/prior − 1."""
    if _present(official_pct):
        return float(official_pct), True
    if _present(prior_value) and prior_value != 0:
        return (value / prior_value - 1) * 100, False
    return None, False


def indicator_progress(indicators: pd.DataFrame, code: str, period: Period) -> Progress:
    """Progress of one indicator (by code) of the period's indicators table."""
    rows = indicators.loc[indicators["indicator"] == code]
    if rows.empty:
        raise KeyError(f"indicator {code!r} is not in the period's figures")
    row = rows.iloc[0]
    growth, official = year_on_year_pct(row["value"], row.get("prior_value"), row.get("growth_pct"))
    return Progress(
        code=code,
        name=INDICATOR_NAMES[code],
        value=float(row["value"]),
        growth_pct=growth,
        growth_is_official=official,
        annual_target=_optional(row.get("annual_target")),
        time_progress_pct=time_progress_pct(period),
    )


def parks_total_progress(parks: pd.DataFrame, period: Period) -> Progress:
    """The parks together: the sum of completions against the sum of annual targets."""
    return Progress(
        code=PARKS_TOTAL,
        name=PARKS_TOTAL_NAME,
        value=float(parks["completed"].sum()),
        growth_pct=None,
        growth_is_official=False,
        annual_target=float(parks["annual_target"].sum()),
        time_progress_pct=time_progress_pct(period),
    )


def parks_progress(parks: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Per park: completion rate and its gap to time progress (个百分点), in input order."""
    progress = time_progress_pct(period)
    return parks.assign(
        completion_pct=lambda df: df["completed"] / df["annual_target"] * 100,
        points_vs_time_progress=lambda df: df["completion_pct"] - progress,
    )


def share_pct(part: float, whole: float) -> float:
    """part as % of whole (e.g. industrial investment in fixed-asset investment)."""
    if not whole:
        raise ValueError("share of a zero or missing total is undefined")
    return part / whole * 100


def _present(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _optional(value) -> float | None:
    return float(value) if _present(value) else None
