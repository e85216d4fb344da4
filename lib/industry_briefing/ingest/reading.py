"""One read of a period folder, and what its steps hand each other: the problems found, the
files read, a table's cells as text (`Sheet`) and as parsed (`Table`)."""

from __future__ import annotations

import hashlib
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict, Unpack

import numpy as np
import pandas as pd

from industry_briefing.contract.tables import TABLES, TableSpec
from industry_briefing.core.errors import Problem
from industry_briefing.ingest import non_data

META_FILE = "meta.yml"
WORKBOOK_FILE = "figures.xlsx"


class InSheet(TypedDict, total=False):
    sheet: str | None  # of figures.xlsx; None for a CSV file


class Where(InSheet, total=False):
    """Where in a file a problem is (see core.errors.Problem)."""

    row: int | None
    column: str | None


class Reading:
    """One read of a period folder: the problems found and the files read (with hashes)."""

    def __init__(self, folder: Path, shown: str) -> None:
        self.folder = folder
        self.shown = shown  # file names in messages are relative to the data dir: 2011-02/x.csv
        self.problems: list[Problem] = []
        self.files: dict[str, str] = {}
        # Set when the provenance comes from a template's 来源 sheet instead of meta.yml:
        # problems with it then name that sheet (see `error`).
        self.meta_sheet: str | None = None

    def name(self, file_name: str) -> str:
        return f"{self.shown}/{file_name}"

    def read_bytes(self, file_name: str) -> bytes:
        data = (self.folder / file_name).read_bytes()
        self.files[self.name(file_name)] = hashlib.sha256(data).hexdigest()
        return data

    def error(
        self,
        file_name: str,
        message: str,
        expected: str = "",
        found: str = "",
        *,
        severity: str = "error",
        **where: Unpack[Where],
    ) -> None:
        if file_name == META_FILE and self.meta_sheet:
            file_name, where = WORKBOOK_FILE, {**where, "sheet": self.meta_sheet}
        self.problems.append(
            Problem(self.name(file_name), message, expected, found, severity=severity, **where)
        )

    def warn(
        self,
        file_name: str,
        message: str,
        expected: str = "",
        found: str = "",
        **where: Unpack[Where],
    ) -> None:
        self.error(file_name, message, expected, found, severity="warning", **where)


# --- locating the tables: CSV files or sheets of figures.xlsx ---------------------------


@dataclass(frozen=True)
class Sheet:
    """One table as found: cells as text, rows numbered as a spreadsheet shows them."""

    file_name: str  # relative to the period folder
    sheet: str | None
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (spreadsheet row, cells); blank rows left out


def header_row_below(spec: TableSpec, records: list[list[str]]) -> int | None:
    """The row (2-10) that looks like the table's header: two cells or more name its columns."""
    for number, cells in enumerate(records[1:10], start=2):
        if sum(spec.find_column(c) is not None for c in cells if c.strip()) >= 2:
            return number
    return None


def table_names() -> str:
    return "one of " + ", ".join(f"{s.name} / {s.title}" for s in TABLES.values())


def sheet_of_records(
    reading: Reading, file_name: str, sheet: str | None, records: list[list[str]]
) -> Sheet | None:
    records = [[non_data.without_invisibles(cell) for cell in cells] for cells in records]
    numbered = [(number, cells) for number, cells in enumerate(records, start=1) if filled(cells)]
    if not numbered:
        reading.error(file_name, "is empty", "a header row and at least one data row", sheet=sheet)
        return None
    if numbered[0][0] != 1:
        first = numbered[0][0]
        expected = f"the header row in row 1: delete the empty rows above row {first}"
        reading.error(file_name, "row 1 is empty", expected, sheet=sheet, row=1)
        return None
    return Sheet(file_name, sheet, list(records[0]), numbered[1:])


def filled(cells: list[str]) -> bool:
    return any(cell.strip() for cell in cells)


# --- one table: headers, cells, pandera checks ----------------------------------------------


@dataclass(frozen=True)
class Table:
    frame: pd.DataFrame  # typed, indexed by spreadsheet row, every contract column
    raw: pd.DataFrame  # the cells as written, same index, the columns present
    headers: dict[str, str]  # column name -> header as written
    unparsed: frozenset[tuple[int, str]]  # (row, column name) of cells that are not numbers


def cell_at(cells: list[str], position: int) -> str:
    return cells[position] if position < len(cells) else ""


def row_of(label: Hashable) -> int:
    """A table's index label as the spreadsheet row it is: a table is indexed by row."""
    assert isinstance(label, int | np.integer), label
    return int(label)


def found_text(table: Table, row: int | None, column_name: str) -> str:
    if row is None or column_name not in table.raw:
        return ""
    return str(table.raw.at[row, column_name]).strip()
