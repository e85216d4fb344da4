"""Checks across releases: cumulative figures that fell and annual targets that changed since
the previous release of the same year (a revision, or a slip in the input, to confirm)."""

from __future__ import annotations

import pandas as pd

from industry_briefing.analysis import series
from industry_briefing.analysis.findings import (
    FALLING,
    OK,
    TARGET_CHANGES,
    WARNING,
    Amount,
    Finding,
    Group,
    Indicator,
    Item,
    Name,
    Release,
)
from industry_briefing.core.figures import PeriodFigures
from industry_briefing.core.periods import Period

HISTORY_COLUMNS = ["table", "item", "period", "value", "annual_target"]


def history_frame(*frames: pd.DataFrame) -> pd.DataFrame:
    """Earlier releases in one long frame: table, item, period, value, annual_target.

    Accepts frames with period and either indicator + value (indicators, as in
    history.indicator_history) or park + completed (parks, as in history.parks_history), or
    frames already in this form.
    """
    return pd.concat([_history_rows(frame) for frame in frames], ignore_index=True)


def _history_rows(frame: pd.DataFrame) -> pd.DataFrame:
    if "item" in frame.columns:
        long = frame
    elif "indicator" in frame.columns:
        long = frame.assign(table="indicators", item=frame["indicator"])
    elif "park" in frame.columns:
        long = frame.assign(table="parks", item=frame["park"], value=frame["completed"])
    else:
        raise ValueError("history needs an indicator, park or item column beside period")
    if "annual_target" not in long.columns:
        long = long.assign(annual_target=float("nan"))
    return long[HISTORY_COLUMNS]


def with_current_release(history: pd.DataFrame, figures: PeriodFigures) -> pd.DataFrame:
    """History plus the period's own indicators and parks (they replace rows of that period)."""
    period = str(figures.period)
    current = history_frame(
        figures.indicators.assign(period=period), figures.parks.assign(period=period)
    )
    earlier = history.loc[history["period"].astype(str) != period]
    return pd.concat([earlier, current], ignore_index=True)


def falling_cumulative(releases: pd.DataFrame) -> list[Finding]:
    """Cumulative figures lower than the previous release of the same year (flagged, kept)."""
    if not _several_releases(releases):
        return []
    increments = series.monthly_from_cumulative(releases, keys=["table", "item"])
    findings = [
        Finding(
            FALLING,
            _history_item(row["table"], row["item"]),
            WARNING,
            "fell",
            {
                "period": Release(Period.parse(row["period"])),
                "value": Amount(float(row["value"])),
                "previous_period": Release(Period.parse(row["previous_period"])),
                "previous": Amount(float(row["value"]) - float(row["increment"])),
                "fall": Amount(-float(row["increment"])),
            },
        )
        for row in increments.loc[increments["falling"]].to_dict("records")
    ]
    if not findings:
        differenced = int(increments["previous_period"].notna().sum())
        findings.append(Finding(FALLING, Group("all"), OK, "none_fell", {"count": differenced}))
    return findings


def changed_targets(releases: pd.DataFrame) -> list[Finding]:
    """Annual targets that differ from the previous release of the same year."""
    if not _several_releases(releases):
        return []
    changes = series.target_changes(releases, keys=["table", "item"])
    findings = [
        Finding(
            TARGET_CHANGES,
            _history_item(row["table"], row["item"]),
            WARNING,
            "target_changed",
            {
                "previous": Amount(float(row["previous_target"])),
                "previous_period": Release(Period.parse(row["previous_period"])),
                "target": Amount(float(row["target"])),
                "period": Release(Period.parse(row["period"])),
            },
        )
        for row in changes.to_dict("records")
    ]
    if not findings:
        findings.append(Finding(TARGET_CHANGES, Group("all"), OK, "targets_unchanged"))
    return findings


def _several_releases(releases: pd.DataFrame) -> bool:
    """Whether some year has two releases or more: only then is there anything to compare."""
    years = releases["period"].astype(str).drop_duplicates().str[:4]
    return bool(years.duplicated().any())


def _history_item(table: object, item: object) -> Item:
    return Indicator(str(item)) if table == "indicators" else Name(str(item))
