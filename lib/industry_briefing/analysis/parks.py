"""四、园区建设: each park against its annual target and the parks' expected progress."""

from __future__ import annotations

import pandas as pd

from industry_briefing.analysis import targets
from industry_briefing.analysis.progress import progress_columns
from industry_briefing.analysis.targets import BEHIND_STATUSES, Status
from industry_briefing.contract.profile import DEFAULT_THRESHOLDS, Thresholds
from industry_briefing.core.periods import Period


def park_progress(
    parks: pd.DataFrame,
    period: Period,
    shares: pd.Series | None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> pd.DataFrame:
    """Per park against its annual target and the parks' expected progress; rank 1 = best."""
    shares = shares if shares is not None else targets.expected_cumulative_shares("even")
    progress = progress_columns(parks, "completed", "annual_target", period, shares, thresholds)
    return progress.assign(
        rank=lambda df: df["completion_pct"].rank(ascending=False, method="min").astype(int)
    )


def furthest_behind(parks: pd.DataFrame, count: int = 3) -> pd.DataFrame:
    """The parks most behind their expected progress (lowest gap in 个百分点), behind only."""
    behind = parks.loc[parks["status"].isin(BEHIND_STATUSES)]
    return behind.nsmallest(count, "gap_pp").reset_index(drop=True)


def far_behind(parks: pd.DataFrame) -> pd.DataFrame:
    """The parks far behind their expected progress (严重滞后), most behind first."""
    return parks.loc[parks["status"] == Status.FAR_BEHIND].sort_values("gap_pp")


def ahead(parks: pd.DataFrame) -> pd.DataFrame:
    """The parks ahead of their expected progress."""
    return parks.loc[parks["status"] == Status.AHEAD]
