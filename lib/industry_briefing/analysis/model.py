"""The month as the briefing sees it: every figure its sections quote, computed once.

Sections, tables, charts and sentences all read from one `MonthModel`, so a figure in the
text is the figure in its table.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from industry_briefing.analysis import history, targets
from industry_briefing.analysis.progress import (
    PARKS_TOTAL,
    Progress,
    indicator_progress,
    parks_total_progress,
    progress_columns,
    share_pct,
)
from industry_briefing.core.periods import Period


@dataclass(frozen=True)
class MonthModel:
    figures: object  # reader.PeriodFigures of the month
    releases: tuple  # the year's releases up to and including the month, oldest first
    output: Progress
    investment: Progress
    fixed_assets: Progress
    parks_total: Progress
    parks: pd.DataFrame  # per park: completion, expected progress, gaps, status, rank
    _computed: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def computed(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """`compute()` once per model: a notebook's tables and sentences ask for the same
        derived frames (major projects, quality checks) several times. Callers must treat
        the result as read-only."""
        if key not in self._computed:
            self._computed[key] = compute()
        return self._computed[key]

    @property
    def period(self) -> Period:
        return self.figures.period

    @property
    def label(self) -> str:
        return self.period.label

    @property
    def investment_share_pct(self) -> float | None:
        """Industrial investment as % of fixed-asset investment (占全市固定资产投资的比重)."""
        if not self.fixed_assets.value:
            return None
        return share_pct(self.investment.value, self.fixed_assets.value)

    @property
    def headline_indicators(self) -> tuple[Progress, Progress, Progress]:
        return self.output, self.investment, self.parks_total


def build_model(figures, releases=(), last_year_releases=()) -> MonthModel:
    """The model of `figures`' month; earlier releases of the year and of last year refine it.

    `releases` may include the month itself (it is replaced by `figures`).
    """
    period = figures.period
    earlier = tuple(r for r in releases if r.period < period)
    last_year = history.indicator_history(list(last_year_releases))
    indicator = _indicator_builder(figures, last_year)
    parks_total = parks_total_progress(figures.parks, period, _plan_of(figures.plan, PARKS_TOTAL))
    return MonthModel(
        figures=figures,
        releases=(*earlier, figures),
        output=indicator("industrial_output"),
        investment=indicator("industrial_investment"),
        fixed_assets=indicator("fixed_asset_investment"),
        parks_total=parks_total,
        parks=park_progress(figures.parks, period, parks_total.shares),
    )


def park_progress(parks: pd.DataFrame, period: Period, shares: pd.Series | None) -> pd.DataFrame:
    """Per park against its annual target and the parks' expected progress; rank 1 = best."""
    shares = shares if shares is not None else targets.expected_cumulative_shares("even")
    return parks.pipe(progress_columns, "completed", "annual_target", period, shares).assign(
        rank=lambda df: df["completion_pct"].rank(ascending=False, method="min").astype(int)
    )


def furthest_behind(parks: pd.DataFrame, count: int = 3) -> pd.DataFrame:
    """The parks most behind their expected progress (lowest gap in 个百分点), behind only."""
    behind = parks.loc[parks["status"].isin(["behind", "far_behind"])]
    return behind.nsmallest(count, "gap_pp").reset_index(drop=True)


def _indicator_builder(figures, last_year: pd.DataFrame):
    def build(code: str) -> Progress:
        return indicator_progress(
            figures.indicators,
            code,
            figures.period,
            plan_cumulative=_plan_of(figures.plan, code),
            last_year_cumulative=_last_year_of(last_year, code),
        )

    return build


def _plan_of(plan: pd.DataFrame, code: str) -> pd.Series | None:
    rows = plan.loc[plan["indicator"] == code]
    return None if rows.empty else rows.set_index("month")["planned"]


def _last_year_of(last_year: pd.DataFrame, code: str) -> pd.Series | None:
    rows = last_year.loc[last_year["indicator"] == code]
    if rows.empty:
        return None
    profile = rows.set_index("month")["value"]
    return profile if targets.is_complete_profile(profile) else None
