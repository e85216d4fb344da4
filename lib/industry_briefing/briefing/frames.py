"""Numeric tables for the notebooks: frames that keep numbers as numbers, shown formatted.

A briefing table (cells.py) is text, ready to print: sorting its 累计完成 column sorts text
(18.28, 2.51, 2.52, 24.62). The explore and topic notebooks' tables are numeric frames with
headers in the language and a display format per column (`display_format`): the frame sorts
and filters as numbers, and the page shows each figure through the project's half-up
formatting, a dash where there is none.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from industry_briefing.briefing import alignment, formatting
from industry_briefing.briefing.labels import DEFAULT_LANG, label, month_span, term

# How a column is shown: an amount held in 亿元 (in the language's unit), a number or a rate
# rounded half-up, a difference of rates with its sign, a figure as given, a count, a month
# (1-12), a yes/no mark, a code said in the language (a provenance, a progress status, a
# project's stage, an enterprise's production status), or text from the input (escaped,
# shortened).
Kind = Literal[
    "amount",
    "number",
    "points",
    "given",
    "count",
    "month",
    "flag",
    "provenance",
    "status",
    "stage",
    "production_status",
    "text",
]
# The Kinds that are codes of a closed list, and the labels' group that says them.
TERMS = {
    "provenance": "frame.provenance",
    "status": "status",
    "stage": "stage",
    "production_status": "production_status",
}
DASH = "—"


def display_format(kind: Kind, lang: str = DEFAULT_LANG) -> Callable[[Any], str]:
    """The text a value of a column of `kind` is shown as (missing values: `DASH`, by the
    Styler's na_rep). Amounts: amount_number (rounded half-up in 亿元, the decimal point moved
    for the language's unit); rates: format_number (half-up, 2 decimals)."""
    formats: dict[str, Callable[[Any], str]] = {
        "amount": lambda value: formatting.amount_number(float(value), lang),
        "number": lambda value: formatting.format_number(float(value)),
        "points": lambda value: formatting.format_points(float(value)),
        "given": lambda value: formatting.format_given(float(value)),
        "count": lambda value: str(int(value)),
        "month": lambda value: month_span(int(value), int(value), lang),
        "flag": lambda value: label("frame.flagged", lang) if bool(value) else "",
        "text": lambda value: html.escape(formatting.shown_text(str(value))),
    }
    if kind in TERMS:
        return lambda value: term(TERMS[kind], str(value), lang)
    return formats[kind]


@dataclass(frozen=True)
class NumericTable:
    """A frame to show: headers in the language, numbers as numbers, a Kind per header, and
    the total (合计) row apart, so that sorting the rows never moves it."""

    frame: pd.DataFrame
    formats: dict[str, Kind | Callable[[Any], str]]
    total: pd.DataFrame | None = field(default=None)

    @property
    def empty(self) -> bool:
        return self.frame.empty


def styled_html(
    frame: pd.DataFrame, formats: Mapping[str, Kind | Callable[[Any], str]], lang: str
) -> str:
    """The frame as an HTML table through pandas' Styler: each column through its format,
    missing cells as a dash, no index. The frame itself is not changed."""
    styler = frame.style.hide(axis="index").format(na_rep=DASH)
    for column in frame.columns:
        kind = formats.get(column, _default_kind(frame[column]))
        shown = display_format(kind, lang) if isinstance(kind, str) else kind
        styler = styler.format(shown, subset=[column], na_rep=DASH)
    styler = styler.set_table_attributes('class="briefing-table briefing-frame"')
    return alignment.aligned(styler.to_html())  # figures right, text left, as on every page


def _default_kind(column: pd.Series) -> Kind:
    """A column without a format: yes/no, a rounded number, or text."""
    if pd.api.types.is_bool_dtype(column):
        return "flag"
    return "number" if pd.api.types.is_numeric_dtype(column) else "text"
