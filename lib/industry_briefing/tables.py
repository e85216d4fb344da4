"""Cells of the briefing's tables: the same formatting rules as the narrative."""

from __future__ import annotations

import pandas as pd

from industry_briefing import formatting

PROVENANCE_LABELS = {"derived": "推算", "illustrative": "示意"}
DASH = "—"


def number_or_dash(value: float | None) -> str:
    return DASH if _missing(value) else formatting.format_number(value)


def points_or_dash(value: float | None) -> str:
    return DASH if _missing(value) else formatting.format_points(value)


def growth_cell(growth_pct: float | None, official: bool) -> str:
    """同比 in a table cell: the phrase of the narrative (倍 from 100% on)."""
    return DASH if _missing(growth_pct) else formatting.growth_phrase(growth_pct, given=official)


def rate_cell(rate_pct: float | None, official: bool = False) -> str:
    """A rate in a table cell, given rates as given, computed ones rounded half-up."""
    if _missing(rate_pct):
        return DASH
    return formatting.format_given(rate_pct) if official else formatting.format_number(rate_pct)


def formatted(frame: pd.DataFrame, columns: dict[str, tuple]) -> pd.DataFrame:
    """A briefing table: {Chinese header: (column of `frame`, cell formatter or None)}."""
    return pd.DataFrame(
        {
            header: frame[column].map(cell) if cell else frame[column]
            for header, (column, cell) in columns.items()
        }
    )


def text_or_blank(value) -> str:
    return "" if _missing(value) else str(value)


def provenance_label(figures, table: str, keys, column: str) -> str:
    """'（示意）' when a column's values are illustrative, '（推算）' when derived, else ''."""
    kinds = {figures.provenance_of(table, key, column) for key in keys}
    kinds.discard("published")
    if not kinds:
        return ""
    if len(kinds) == 1:
        return f"（{PROVENANCE_LABELS[kinds.pop()]}）"
    return "（部分为推算或示意）"


def provenance_notes(figures) -> list[str]:
    """The notes of every figure that is not published, for the briefing's footnotes."""
    rows = figures.provenance
    rows = rows[(rows["provenance"] != "published") & rows["note"].notna()]
    return [
        f"{PROVENANCE_LABELS[kind]}：{note}"
        for kind, note in zip(rows["provenance"], rows["note"], strict=True)
    ]


def _missing(value) -> bool:
    return value is None or pd.isna(value)
