"""Earlier releases as long frames: one row per release and item, for trends and checks."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from industry_briefing.core.figures import PeriodFigures
from industry_briefing.core.periods import Period


def indicator_history(releases: Sequence[PeriodFigures]) -> pd.DataFrame:
    """One row per release and indicator: period, month, label and the release's figures."""
    frames = [_tagged(r.indicators, r.period) for r in releases]
    return _concat(frames, ["indicator", "value", "growth_pct", "annual_target"])


def parks_history(releases: Sequence[PeriodFigures]) -> pd.DataFrame:
    """One row per release and park: period, month, label, completed, annual_target."""
    frames = [_tagged(r.parks, r.period) for r in releases]
    return _concat(frames, ["park", "completed", "annual_target"])


def _tagged(frame: pd.DataFrame, period: Period) -> pd.DataFrame:
    return frame.assign(period=str(period), month=period.month, label=period.label)


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    head = ["period", "month", "label"]
    if not frames:
        return pd.DataFrame(columns=head + columns)
    return pd.concat(frames, ignore_index=True)[head + columns]
