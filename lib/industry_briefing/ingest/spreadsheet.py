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
from dataclasses import dataclass, field
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


@dataclass
class MetaPlaces:
    """Where the 来源 sheet holds each entry of the mapping `meta_from_rows` makes: so that a
    problem with it names the sheet's row and cell, and the sheet's own words (数据来源)."""

    labels: dict[str, tuple[int, str]] = field(default_factory=dict)  # key -> (row, label)
    header_row: int | None = None  # the row headed 表, 行, 列, 来源标注, 说明
    tables: dict[str, int] = field(default_factory=dict)  # a table as written -> its row
    overrides: dict[str, list[int]] = field(default_factory=dict)  # a table -> override rows
    named: dict[str, tuple[int, str]] = field(default_factory=dict)  # table name -> row, title

    def label_of(self, key: str) -> str:
        """A key of the upper rows as the sheet labels it (source: 数据来源)."""
        if key in self.labels:
            return self.labels[key][1]
        return next((label for label, name in META_LABELS.items() if name == key), key)

    def place(self, path: Sequence[str | int]) -> tuple[int | None, str | None]:
        """(row, header of its column in the tables' part, or None) of an entry's path:
        ('source',), ('tables', '企业', 'provenance'), ('tables', '园区', 'overrides', 0, 'row')."""
        if not path:
            return None, None
        if path[0] != "tables":
            return (self.labels[str(path[0])][0] if str(path[0]) in self.labels else None), None
        if len(path) < 2:
            return self.header_row, None
        table = str(path[1])
        if len(path) >= 4 and path[2] == "overrides" and isinstance(path[3], int):
            rows = self.overrides.get(table, [])
            row = rows[path[3]] if path[3] < len(rows) else None
            return row, _TABLE_COLUMNS.get(str(path[4]) if len(path) > 4 else "")
        row = self.tables.get(table)
        if row is None:
            spec = contract.find_table(table)
            row = self.named[spec.name][0] if spec and spec.name in self.named else None
        key = str(path[2]) if len(path) > 2 else "provenance"
        return row, _TABLE_COLUMNS.get(key, META_TABLE_HEADER[0])


# The tables' part of the 来源 sheet: the header of the column holding each key.
_TABLE_COLUMNS = dict(
    zip(("table", "row", "column", "provenance", "note"), META_TABLE_HEADER, strict=True)
)


def meta_from_rows(rows: Iterable[Sequence[object]]) -> tuple[dict[str, object], MetaPlaces]:
    """The 来源 sheet's cell values (rows of tuples) as the mapping meta.yml would give, and
    where each entry of it is on the sheet.

    Labels may be Chinese or English (地区 or region); provenance words too (示意 or
    illustrative). An empty value is left out, so the model reports it as missing; an unknown
    label is kept, so the model reports it as an unknown key rather than it being lost.
    """
    labels = {contract.normalise_token(k): v for k, v in META_LABELS.items()}
    labels.update({v: v for v in META_LABELS.values()})
    tables: dict[str, _TableEntry] = {}
    meta: dict[str, object] = {"tables": tables}
    places = MetaPlaces()
    for number, values in enumerate(rows, start=1):
        cells = [_text(v) for v in values] + [""] * len(META_TABLE_HEADER)
        if not any(cells):
            continue
        label = contract.normalise_token(cells[0])
        if places.header_row is None:
            if label in (contract.normalise_token(META_TABLE_HEADER[0]), "table"):
                places.header_row = number
                continue
            key = labels.get(label, cells[0])
            places.labels.setdefault(key, (number, cells[0]))
            if cells[1]:
                meta[key] = cells[1]
            continue
        _table_row(tables, places, number, cells[: len(META_TABLE_HEADER)])
    return meta, places


def _table_row(
    tables: dict[str, _TableEntry], places: MetaPlaces, number: int, cells: list[str]
) -> None:
    """A row below the header 表, 行, 列, 来源标注, 说明: a table's default or an override."""
    table, row, column, provenance, note = cells
    spec = contract.find_table(table)
    if spec is not None:
        places.named.setdefault(spec.name, (number, table))
    provenance = PROVENANCE_WORDS.get(provenance, provenance)
    if not row and not column and not provenance and not note:
        return  # a table left without provenance: the reader says so if it has rows
    entry = tables.setdefault(table, {})
    if not row and not column:
        places.tables.setdefault(table, number)
        if provenance:
            entry["provenance"] = provenance
        if note:
            entry["note"] = note
    else:
        given = (("row", row), ("column", column), ("provenance", provenance), ("note", note))
        override = {key: value for key, value in given if value}
        entry.setdefault("overrides", []).append(override)
        places.overrides.setdefault(table, []).append(number)
