"""A long table of the 简报 cut to its first rows (`analysis.shortlist`), with one row of how
many more there are and what their amounts add up to: the table's totals still include
every row, and the full list is on the topic pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from industry_briefing.analysis.model import MonthModel
from industry_briefing.analysis.shortlist import Shortlist, shortlist
from industry_briefing.briefing.cells import formatted
from industry_briefing.briefing.labels import label

Columns = dict[str, tuple[str, Callable[[Any], Any] | None]]


def brief_of(model: MonthModel, frame: pd.DataFrame, amounts: Sequence[str] = ()) -> Shortlist:
    """The rows of `frame` the 简报 prints, by the profile's `brief.listed`."""
    return shortlist(frame, model.profile.brief.listed, amounts)


def shortlist_table(short: Shortlist, columns: Columns, unit: str, lang: str) -> pd.DataFrame:
    """The shown rows formatted, then 其余N户（个） with the sums of the rest in their amount
    columns (`unit`: enterprises or projects, the label's counting word)."""
    table = formatted(short.shown, columns)
    if short.whole:
        return table
    rest: dict[str, object] = {header: "" for header in columns}
    first = next(iter(columns))
    rest[first] = label(f"row.rest_{unit}", lang, count=short.rest)
    for header, (column, cell) in columns.items():
        if column in short.rest_sums:
            total = short.rest_sums[column]
            rest[header] = cell(total) if cell else total
    tail = [] if short.tail is None else [formatted(short.tail, columns)]
    return pd.concat([table, pd.DataFrame([rest]), *tail], ignore_index=True)
