"""Where each row of a period's figures is in the input: the file (and sheet), the row as a
spreadsheet shows it, the headers and cells as written. What is found odd after reading (the
data-quality findings `briefing check` reports) is said in the words of a `Problem`, at its
place, like every problem found while reading."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from industry_briefing.core.errors import Problem
from industry_briefing.ingest.reading import Reading, Sheet, Table, found_text, row_of


@dataclass(frozen=True)
class TablePlace:
    """One table as read: where its rows are, in the order of the figures' frame."""

    file: str  # as messages name it: 2011-05/enterprises.csv
    sheet: str | None  # of figures.xlsx; None for a CSV file
    rows: tuple[int, ...]  # the spreadsheet row of each row of the frame (header = row 1)
    table: Table

    def row(self, position: int) -> int:
        return self.rows[position]

    def header(self, column: str) -> str:
        """The column's header as written (本期累计, or value)."""
        return self.table.headers.get(column, column)

    def written(self, position: int, column: str) -> str:
        """The cell as the analyst wrote it."""
        return found_text(self.table, self.row(position), column)

    def warning(self, position: int, column: str, message: str, expected: str = "") -> Problem:
        """A warning about one cell, quoting what it holds."""
        return Problem(
            self.file,
            message,
            expected,
            self.written(position, column),
            sheet=self.sheet,
            row=self.row(position),
            column=self.header(column),
            severity="warning",
        )


Places = Mapping[str, TablePlace]  # table name -> its place; tables absent are not in it


def places_of(
    reading: Reading, sheets: Mapping[str, Sheet | None], tables: Mapping[str, Table | None]
) -> dict[str, TablePlace]:
    """The place of every table read (its frame indexed by spreadsheet row)."""
    places = {}
    for name, table in tables.items():
        sheet = sheets.get(name)
        if table is None or sheet is None:
            continue
        rows = tuple(row_of(label) for label in table.frame.index)
        places[name] = TablePlace(reading.name(sheet.file_name), sheet.sheet, rows, table)
    return places


def rows_text(rows: list[int]) -> str:
    """Spreadsheet rows as a message lists them: 'row 4', 'rows 2-11', 'rows 2, 5, 8'."""
    if len(rows) == 1:
        return f"row {rows[0]}"
    ordered = sorted(rows)
    if ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"rows {ordered[0]}-{ordered[-1]}"
    return "rows " + ", ".join(str(r) for r in ordered)
