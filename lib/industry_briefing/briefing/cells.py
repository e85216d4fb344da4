"""Cells of the briefing's tables: the same formatting rules as the narrative.

Amounts go through `amount_or_dash` (the language's unit: 亿元, or billion yuan in English),
rates and counts through `number_or_dash`; words come from templates/labels/<lang>.yml.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import pandas as pd

from industry_briefing.briefing import formatting
from industry_briefing.briefing.labels import DEFAULT_LANG, label, term
from industry_briefing.contract.provenance import provenance_of
from industry_briefing.core.figures import PeriodFigures

DASH = "—"


def number_or_dash(value: float | None) -> str:
    if value is None or _is_nan(value):
        return DASH
    return formatting.format_number(value)


def points_or_dash(value: float | None) -> str:
    if value is None or _is_nan(value):
        return DASH
    return formatting.format_points(value)


def amount_or_dash(value_yi: float | None, lang: str = DEFAULT_LANG) -> str:
    """An amount (held in 亿元) in the language's unit, as the text says it."""
    if value_yi is None or _is_nan(value_yi):
        return DASH
    return formatting.amount_number(value_yi, lang)


def signed_amount_or_dash(value_yi: float | None, lang: str = DEFAULT_LANG) -> str:
    """A difference of amounts with its sign, in the language's unit."""
    if value_yi is None or _is_nan(value_yi):
        return DASH
    return formatting.signed_amount(value_yi, lang)


def growth_cell(
    growth_pct: float | None,
    official: bool,
    lang: str = DEFAULT_LANG,
    printed_multiple: Decimal | None = None,
) -> str:
    """同比 in a table cell: the phrase of the narrative (倍 from 100% on, marked 推算 unless
    the multiple is printed too)."""
    if growth_pct is None or _is_nan(growth_pct):
        return DASH
    return formatting.growth_phrase(
        growth_pct, given=official, lang=lang, printed_multiple=printed_multiple
    )


def rate_cell(rate_pct: float | None, official: bool = False) -> str:
    """A rate in a table cell, given rates as given, computed ones rounded half-up."""
    if rate_pct is None or _is_nan(rate_pct):
        return DASH
    return formatting.format_given(rate_pct) if official else formatting.format_number(rate_pct)


def amount_cell(lang: str) -> Callable[[float | None], str]:
    """The cell formatter of amounts in the language's unit."""
    return lambda value: amount_or_dash(value, lang)


def term_cell(group: str, lang: str) -> Callable[[Any], str]:
    """The cell formatter of a closed list's values (statuses, stages) in the language."""
    return lambda value: text_or_blank(value) and term(group, value, lang)


def formatted(
    frame: pd.DataFrame, columns: dict[str, tuple[str, Callable[[Any], Any] | None]]
) -> pd.DataFrame:
    """A briefing table: {header: (column of `frame`, cell formatter or None)}."""
    return pd.DataFrame(
        {
            header: frame[column].map(cell) if cell else frame[column]
            for header, (column, cell) in columns.items()
        }
    )


def headers(lang: str = DEFAULT_LANG) -> Callable[[str], str]:
    """The table headers of a language: headers('en')('cumulative') -> 'Cumulative (…)'."""
    return lambda key: label(f"column.{key}", lang)


def text_or_blank(value: object) -> str:
    """Text as it is; nothing for an empty cell (None, or NaN in a frame)."""
    empty = value is None or (isinstance(value, float) and math.isnan(value))
    return "" if empty else str(value)


def provenance_label(
    figures: PeriodFigures, table: str, keys: Iterable[Any], column: str, lang: str = DEFAULT_LANG
) -> str:
    """'（示意）' when a column's values are illustrative, '（推算）' when derived, else '';
    '（部分示意）' when only some of them are (the published ones are not marked with them).

    English: ' (illustrative)', ' (derived)', ' (partly illustrative)'.
    """
    kinds = {provenance_of(figures, table, key, column) for key in keys}
    published = "published" in kinds
    kinds.discard("published")
    if not kinds:
        return ""
    if len(kinds) == 1:
        kind = label(f"provenance.{kinds.pop()}", lang)
        return label("provenance.some" if published else "provenance.mark", lang, kind=kind)
    return label("provenance.mixed", lang)


def provenance_notes(figures: PeriodFigures, lang: str = DEFAULT_LANG) -> list[str]:
    """The notes of every figure that is not published, for the briefing's footnotes.

    The notes themselves are the input's (meta.yml), as written; their labels are translated.
    The English briefing quotes a note's English (`note_en`), and says so where the input
    gives the note in Chinese only, rather than pass the Chinese off as English.
    """
    rows = figures.provenance
    rows = rows[(rows["provenance"] != "published") & rows["note"].notna()]
    notes = (
        _note_in(kind, note, note_en, lang)
        for kind, note, note_en in zip(
            rows["provenance"], rows["note"], rows["note_en"], strict=True
        )
    )
    return list(dict.fromkeys(notes))  # a note several tables give is said once


def _note_in(kind: str, note: str, note_en: object, lang: str) -> str:
    if lang == "zh":
        return label(f"provenance_note.{kind}", lang, note=note)
    if pd.notna(note_en):  # type: ignore[call-overload]  # pandas' stub wants a frame
        return label(f"provenance_note.{kind}", lang, note=note_en)
    return label(f"provenance_note.untranslated.{kind}", lang, note=note)


def source_note(figures: PeriodFigures, lang: str = DEFAULT_LANG) -> str:
    """Where the figures come from (meta.yml's source; in English its `source_en`, or the
    source said to be in Chinese only)."""
    if lang == "zh" or figures.source_en:
        source = figures.source if lang == "zh" else figures.source_en
        return label("notes.source", lang, source=source)
    return label("notes.source_untranslated", lang, source=figures.source)


def _is_nan(value: float) -> bool:
    """pandas' mark of an empty cell in a column of numbers."""
    return bool(pd.isna(value))
