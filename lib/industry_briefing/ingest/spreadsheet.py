"""Spreadsheet cells the product writes, and the template's own sheets as the reader sees them.

Formula injection (OWASP "CSV injection"): a text cell that starts with `=`, `+`, `-`, `@`, a
tab or a carriage return may be run as a formula by Excel or WPS when the file is opened; a
park called `=HYPERLINK("http://…","点击")` from an input file would become a live link. Every
spreadsheet the product writes passes its cells through `neutralise`, which puts a single
quote in front of such text and leaves numbers alone (a rate of -0.17 is a number, not text).
The reader undoes exactly that quote with `restore`, so a name survives a write and a read.

The template (`briefing template`, see template.py) has two sheets besides the tables: the
instructions (说明) and the provenance (来源: region, source, period and each table's
provenance, what meta.yml holds for a folder of CSV files). `meta_from_rows` turns the latter
into the mapping meta.yml would give, so the contract's `Meta` model validates both alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TypedDict, TypeVar

from industry_briefing.contract import tables as contract

_Value = TypeVar("_Value")

# What Excel, LibreOffice and WPS may take as the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"

INSTRUCTIONS_SHEET = "说明"
META_SHEET = "来源"
# Sheet names the reader takes as the template's own sheets, in Chinese or English.
INSTRUCTIONS_SHEET_NAMES = (INSTRUCTIONS_SHEET, "instructions")
META_SHEET_NAMES = (META_SHEET, "meta")
# A hidden sheet of the template holding the choices of long drop-down lists (indicators):
# Excel limits a list typed into a validation to 255 characters.
CHOICES_SHEET = "选项"

# The 来源 sheet: labelled rows (label in column A, value in column B), then a header row
# starting with 表 and one row per table default or override, as in meta.yml.
META_LABELS = {"地区": "region", "数据来源": "source", "期间": "period"}
META_TABLE_HEADER = ("表", "行", "列", "来源标注", "说明")
PROVENANCE_WORDS = {"公布": "published", "推算": "derived", "示意": "illustrative"}


def neutralise(value: _Value) -> _Value | str:
    """A cell value safe to write: formula-like text gets a leading quote; the rest as it is."""
    if isinstance(value, str) and _formula_like(value):
        return QUOTE + value
    return value


def restore(text: str) -> str:
    """The text `neutralise` was given: the one quote it put before a formula start is dropped.

    `'=A1` reads as `=A1`; `'abc` and `abc` stay as they are. A name that itself starts with
    a quote before a formula start (`'=A1`) was written `''=A1`, so it reads back as itself.
    """
    if text.startswith(QUOTE) and _formula_like(text):
        return text[1:]
    return text


def _formula_like(text: str) -> bool:
    """Starts with a formula start, after any quotes (which `neutralise` adds one more of)."""
    return text.lstrip(QUOTE).startswith(FORMULA_STARTS)


def is_template_sheet(title: str) -> bool:
    """The template's instructions or provenance sheet: not a table of the contract."""
    wanted = contract.normalise_token(title)
    names = INSTRUCTIONS_SHEET_NAMES + META_SHEET_NAMES + (CHOICES_SHEET,)
    return wanted in {contract.normalise_token(n) for n in names}


def is_meta_sheet(title: str) -> bool:
    wanted = contract.normalise_token(title)
    return wanted in {contract.normalise_token(n) for n in META_SHEET_NAMES}


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        # Excel turns a typed 2011-04 into a date; the period is its year and month.
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return restore(str(value)).strip()


class _TableEntry(TypedDict, total=False):
    """A table's entry under `tables:` as meta.yml gives it."""

    provenance: str
    note: str
    overrides: list[dict[str, str]]


def meta_from_rows(rows: Iterable[Sequence[object]]) -> dict[str, object]:
    """The 来源 sheet's cell values (rows of tuples) as the mapping meta.yml would give.

    Labels may be Chinese or English (地区 or region); provenance words too (示意 or
    illustrative). An empty value is left out, so the model reports it as missing; an unknown
    label is kept, so the model reports it as an unknown key rather than it being lost.
    """
    labels = {contract.normalise_token(k): v for k, v in META_LABELS.items()}
    labels.update({v: v for v in META_LABELS.values()})
    tables: dict[str, _TableEntry] = {}
    meta: dict[str, object] = {"tables": tables}
    in_tables = False
    for values in rows:
        cells = [_text(v) for v in values] + [""] * len(META_TABLE_HEADER)
        if not any(cells):
            continue
        label = contract.normalise_token(cells[0])
        if not in_tables:
            if label in (contract.normalise_token(META_TABLE_HEADER[0]), "table"):
                in_tables = True
            elif cells[1]:
                meta[labels.get(label, cells[0])] = cells[1]
            continue
        table, row, column, provenance, note = cells[: len(META_TABLE_HEADER)]
        provenance = PROVENANCE_WORDS.get(provenance, provenance)
        if not row and not column and not provenance and not note:
            continue  # a table left without provenance: the reader says so if it has rows
        entry = tables.setdefault(table, {})
        if not row and not column:
            if provenance:
                entry["provenance"] = provenance
            if note:
                entry["note"] = note
        else:
            given = (("row", row), ("column", column), ("provenance", provenance), ("note", note))
            override = {key: value for key, value in given if value}
            entry.setdefault("overrides", []).append(override)
    return meta
