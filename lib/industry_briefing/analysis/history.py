"""Earlier releases of the same year, from the warehouse: for trends and single-month values."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from industry_briefing.core.periods import Period
from industry_briefing.store import warehouse


def releases_of_year(warehouse_path: Path, period: Period, region: str | None = None) -> list:
    """The year's releases up to and including `period`, oldest first (PeriodFigures)."""
    periods = [
        p
        for p in warehouse.list_periods(warehouse_path)
        if p.year == period.year and p.month <= period.month
    ]
    return warehouse.load_periods(warehouse_path, periods, region)


def indicator_history(releases: list) -> pd.DataFrame:
    """One row per release and indicator: period, month, label and the release's figures."""
    frames = [_tagged(r.indicators, r.period) for r in releases]
    return _concat(frames, ["indicator", "value", "growth_pct", "annual_target"])


def parks_history(releases: list) -> pd.DataFrame:
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
