"""The month as the briefing sees it: every figure its sections quote, computed once.

Sections, tables, charts and sentences all read from one `MonthModel`, so a figure in the
text is the figure in its table. The model holds numbers and codes only; the briefing layer
says them in a language.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from industry_briefing.analysis import history, targets
from industry_briefing.analysis.parks import park_progress
from industry_briefing.analysis.progress import (
    PARKS_TOTAL,
    Progress,
    indicator_progress,
    parks_total_progress,
    share_pct,
)
from industry_briefing.core.figures import PeriodFigures
from industry_briefing.core.periods import Period


@dataclass(frozen=True)
class MonthModel:
    figures: PeriodFigures  # the month's own figures
    releases: tuple[PeriodFigures, ...]  # the year's releases up to and including the month
    output: Progress
    investment: Progress
    fixed_assets: Progress
    parks_total: Progress
    parks: pd.DataFrame  # per park: completion, expected progress, gaps, status, rank
    _computed: dict[Hashable, Any] = field(default_factory=dict, init=False, repr=False)

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


def build_model(
    figures: PeriodFigures,
    releases: Sequence[PeriodFigures] = (),
    last_year_releases: Sequence[PeriodFigures] = (),
) -> MonthModel:
    """The model of `figures`' month; earlier releases of the year and of last year refine it.

    `releases` may include the month itself (it is replaced by `figures`).
    """
    period = figures.period
    earlier = tuple(r for r in releases if r.period < period)
    last_year = history.indicator_history(list(last_year_releases))
    parks_total = parks_total_progress(figures.parks, period, _plan_of(figures.plan, PARKS_TOTAL))

    def indicator(code: str) -> Progress:
        return indicator_progress(
            figures.indicators,
            code,
            period,
            plan_cumulative=_plan_of(figures.plan, code),
            last_year_cumulative=_last_year_of(last_year, code, period),
        )

    return MonthModel(
        figures=figures,
        releases=(*earlier, figures),
        output=indicator("industrial_output"),
        investment=indicator("industrial_investment"),
        fixed_assets=indicator("fixed_asset_investment"),
        parks_total=parks_total,
        parks=park_progress(figures.parks, period, parks_total.shares),
    )


def _plan_of(plan: pd.DataFrame, code: str) -> pd.Series | None:
    rows = plan.loc[plan["indicator"] == code]
    return None if rows.empty else rows.set_index("month")["planned"]


def _last_year_of(last_year: pd.DataFrame, code: str, period: Period) -> pd.Series | None:
    """Last year's cumulative profile, where it is a benchmark for the month: complete, and
    published for the month itself. A January without last year's January would be compared
    with half of 1-2月, a figure nobody published: it is compared with 时间进度 instead."""
    rows = last_year.loc[last_year["indicator"] == code]
    if rows.empty:
        return None
    profile = rows.set_index("month")["value"]
    if period.month not in profile.index:
        return None
    return profile if targets.is_complete_profile(profile) else None
