"""One read of a period folder, and what its steps hand each other: the problems found, the
files read, a table's cells as text (`Sheet`) and as parsed (`Table`)."""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict, Unpack

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from industry_briefing.contract.tables import TABLES, ColumnSpec, TableSpec
from industry_briefing.core import limits, settings
from industry_briefing.core.errors import Listing, Problem, Words, listing, words
from industry_briefing.core.text import unfit, unfit_character
from industry_briefing.ingest import non_data
from industry_briefing.ingest.spreadsheet import MetaPlaces

META_FILE = "meta.yml"
WORKBOOK_FILE = "figures.xlsx"
ANALYST_FILE = settings.ANALYST_FILE  # the analyst's own paragraphs for the month (Markdown)


# What a file over its limit of bytes should be (`problem.limit.within_<limit>`).
_WITHIN = {limits.YAML_BYTES.env: "yaml_bytes", limits.NOTES_BYTES.env: "notes_bytes"}


class InSheet(TypedDict, total=False):
    sheet: str | None  # of figures.xlsx; None for a CSV file


class Where(InSheet, total=False):
    """Where in a file a problem is (see core.errors.Problem): `column` as headed (or words for
    a column without a header), `cell` where the caller knows it better than the header does."""

    row: int | None
    column: str | Words | None
    cell: str | None


class Reading:
    """One read of a period folder: the problems found and the files read (with hashes).

    The folder is a boundary: a file that resolves outside it (a link to elsewhere) is
    reported by name and never read, and no file is read past the size limit."""

    def __init__(self, folder: Path, shown: str) -> None:
        self.folder = folder
        self.shown = shown  # file names in messages are relative to the data dir: 2011-02/x.csv
        self.problems: list[Problem] = []
        self.files: dict[str, str] = {}
        # Set when the provenance comes from a template's 来源 sheet instead of meta.yml:
        # problems with it then name that sheet (see `error`).
        self.meta_sheet: str | None = None
        self.meta_places: MetaPlaces | None = None  # where that sheet holds each entry
        self.form = False  # the tables are a filled-in entry form's (`briefing template`)
        self.refused: set[str] = set()  # names of links that lead outside the folder
        self.present: list[str] = self._inventory()  # the files that may be read, by name
        self.kept: dict[str, object] = {}  # what one step read for another (the workbook)
        # Rows of cells emptied once reported (too long, control characters), by file, sheet
        # and position in the row.
        self.emptied: dict[tuple[str, str | None, int], set[int]] = {}
        # The header row of each sheet of the workbook, as written: a problem's column is
        # found in it to name its cell (C5).
        self.header_rows: dict[str, list[str]] = {}
        # The tables as the data root's profile and catalogue shape them.
        self.tables: dict[str, TableSpec] = TABLES

    def name(self, file_name: str) -> str:
        return f"{self.shown}/{file_name}"

    def has(self, file_name: str) -> bool:
        """Whether the folder holds this file (a link leading outside it does not count)."""
        return file_name in self.present

    def read_bytes(self, file_name: str, limit: limits.Limit = limits.FILE_BYTES) -> bytes | None:
        """The file's bytes, hashed for the manifest; None (reported) when it is larger than
        the limit of bytes in one input file (or the file's own, YAML's or notes.md's)."""
        if not self.has(file_name):
            raise FileNotFoundError(self.folder / file_name)
        most = min(limit.value, limits.FILE_BYTES.value)
        with (self.folder / file_name).open("rb") as handle:
            data = handle.read(most + 1)  # never more than the limit in memory
        if len(data) > most:
            size = (self.folder / file_name).stat().st_size
            if most < limit.value:  # the file's own limit is above that of any file
                limit = limits.FILE_BYTES
            self.error(
                file_name,
                words(
                    "limit.file_too_large",
                    size=size,
                    most=most,
                    what=limit_what(limit),
                    env=limit.env,
                ),
                words(f"limit.within_{_WITHIN.get(limit.env, 'file_bytes')}"),
            )
            return None
        self.files[self.name(file_name)] = hashlib.sha256(data).hexdigest()
        return data

    def _inventory(self) -> list[str]:
        inside = self.folder.resolve()
        present = []
        for path in sorted(self.folder.iterdir()):
            if not path.resolve().is_relative_to(inside):
                self.refused.add(path.name)
                self.error(
                    path.name,
                    words("file.link_outside_period"),
                    words("file.itself_in_folder", folder=f"{self.shown}/"),
                )
            elif path.is_file():
                present.append(path.name)
        return present

    def error(
        self,
        file_name: str,
        what: Words,
        wants: Words | None = None,
        saw: str | Words = "",
        *,
        severity: str = "error",
        **where: Unpack[Where],
    ) -> None:
        if file_name == META_FILE and self.meta_sheet:
            file_name, where = WORKBOOK_FILE, {**where, "sheet": self.meta_sheet}
        sheet, row, column = where.get("sheet"), where.get("row"), where.get("column")
        cell = where.get("cell") or self._cell(file_name, sheet, row, column)
        self.problems.append(
            Problem(
                self.name(file_name),
                what,
                wants,
                saw,
                sheet=sheet,
                row=row,
                header=column,
                severity=severity,
                cell=cell,
            )
        )

    def warn(
        self,
        file_name: str,
        what: Words,
        wants: Words | None = None,
        saw: str | Words = "",
        **where: Unpack[Where],
    ) -> None:
        self.error(file_name, what, wants, saw, severity="warning", **where)

    def _cell(
        self, file_name: str, sheet: str | None, row: int | None, column: str | Words | None
    ) -> str | None:
        """A workbook's cell in A1 notation (C5; C for a whole column), found by its header."""
        if file_name != WORKBOOK_FILE or sheet is None or not isinstance(column, str):
            return None
        return cell_name(self.header_rows.get(sheet, []), column, row)


def cell_name(headers: list[str], column: str, row: int | None) -> str | None:
    """The cell of a sheet whose header row is `headers` (C5, or C without a row); None when
    no header reads `column`."""
    wanted = column.strip()
    position = next((n for n, h in enumerate(headers) if h.strip() == wanted), None)
    if position is None:
        return None
    return get_column_letter(position + 1) + ("" if row is None else str(row))


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


def table_names() -> Words:
    """The contract's tables, as a sheet or a meta.yml names them (indicators / 指标 …)."""
    return words(
        "expected.one_of_tables",
        tables=listing(f"{s.name} / {s.title}" for s in TABLES.values()),
        titles=listing(s.title for s in TABLES.values()),
    )


def sheet_of_records(
    reading: Reading, file_name: str, sheet: str | None, records: list[list[str]]
) -> Sheet | None:
    records = [[non_data.without_invisibles(cell) for cell in cells] for cells in records]
    if sheet is not None:
        reading.header_rows[sheet] = records[0] if records else []
    _refuse_unfit_cells(reading, file_name, sheet, records)
    numbered = [(number, cells) for number, cells in enumerate(records, start=1) if filled(cells)]
    if not numbered:
        reading.error(
            file_name, words("table.empty"), words("expected.header_and_row"), sheet=sheet
        )
        return None
    if numbered[0][0] != 1:
        expected = words("expected.header_in_row_1", first=numbered[0][0])
        reading.error(file_name, words("table.row_1_empty"), expected, sheet=sheet, row=1)
        return None
    return Sheet(file_name, sheet, list(records[0]), numbered[1:])


def _refuse_unfit_cells(
    reading: Reading, file_name: str, sheet: str | None, records: list[list[str]]
) -> None:
    """Report cells over the limit of characters, or holding control characters; such a cell
    is emptied once reported, so that nothing downstream reads or repeats it."""
    limit = limits.CELL_CHARS.value
    headers = records[0] if records else []
    for number, cells in enumerate(records, start=1):
        for position, cell in enumerate(cells):
            # A NUL or an escape would reach the briefing as it is; a bidirectional control
            # would reorder what a reader sees (core.text: one rule for every input).
            if len(cell) <= limit and unfit_character(cell) is None:
                continue
            header = cell_at(headers, position).strip() if number > 1 else ""
            where: Where = {"sheet": sheet, "row": number, "column": header or None}
            if sheet is not None:
                where["cell"] = f"{get_column_letter(position + 1)}{number}"
            if len(cell) > limit:
                what, env = limit_what(limits.CELL_CHARS), limits.CELL_CHARS.env
                message = words(
                    "limit.cell_too_long", size=len(cell), most=limit, what=what, env=env
                )
                expected = words("expected.short_cell")
            else:
                message = words("text.unfit_in_cell", unfit=unfit_words(cell))
                expected = words("expected.retype_cell")
            reading.error(file_name, message, expected, cell, **where)
            cells[position] = ""
            reading.emptied.setdefault((file_name, sheet, position), set()).add(number)


def too_many_rows(reading: Reading, file_name: str, sheet: str | None, limit: int) -> None:
    reading.error(
        file_name,
        words("limit.too_many_rows", most=limit, what=limit_what(limits.ROWS), env=limits.ROWS.env),
        words("expected.month_of_rows"),
        sheet=sheet,
    )


def limit_what(limit: limits.Limit) -> Words:
    """What a limit counts, as a message says it: 'rows in one table'."""
    return words(f"limit.what.{limit.key}")


def unfit_words(text: str) -> Words:
    """The first unfit character of a text (core.text), as a message names it."""
    found = unfit(text)
    assert found is not None, text
    kind, code = found
    return words(f"text.{kind}", code=code)


def files_present(reading: Reading) -> Words:
    """What a folder holds, for a message about a file it lacks."""
    if not reading.present:
        return words("found.no_files")
    return words("found.files_present", files=listing(reading.present))


def column_letter(sheet: Sheet, position: int) -> str | None:
    """A column of a workbook's sheet by its letter (C); None in a CSV file."""
    return None if sheet.sheet is None else get_column_letter(position + 1)


def column_label(column: ColumnSpec) -> Words:
    """A column as a message names it where the input does not: 年度目标 / annual_target."""
    return words("column.label", header=column.header, name=column.name)


def column_labels(columns: Iterable[ColumnSpec]) -> Listing:
    return listing(column_label(column) for column in columns)


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
    value = table.raw.at[row, column_name]
    if isinstance(value, float):  # a spreadsheet's binary float: 16100, not 16100.000000000002
        return format(value, ".15g")
    return str(value).strip()
