"""Where each row of a period's figures is in the input: the file (and sheet), the row as a
spreadsheet shows it, the headers and cells as written. What is found odd after reading (the
data-quality findings `briefing check` reports) is said in the words of a `Problem`, at its
place, like every problem found while reading."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from industry_briefing.core.errors import Problem, Words, listing, words
from industry_briefing.ingest.reading import Reading, Sheet, Table, cell_name, found_text, row_of


@dataclass(frozen=True)
class TablePlace:
    """One table as read: where its rows are, in the order of the figures' frame."""

    file: str  # as messages name it: 2011-05/enterprises.csv
    sheet: str | None  # of figures.xlsx; None for a CSV file
    rows: tuple[int, ...]  # the spreadsheet row of each row of the frame (header = row 1)
    table: Table
    header_row: tuple[str, ...] = ()  # the headers as written, in the sheet's order

    def row(self, position: int) -> int:
        return self.rows[position]

    def header(self, column: str) -> str:
        """The column's header as written (本期累计, or value)."""
        return self.table.headers.get(column, column)

    def written(self, position: int, column: str) -> str:
        """The cell as the analyst wrote it."""
        return found_text(self.table, self.row(position), column)

    def cell(self, position: int, column: str) -> str | None:
        """The cell in A1 notation (C5) in a workbook; None in a CSV file."""
        if self.sheet is None:
            return None
        return cell_name(list(self.header_row), self.header(column), self.row(position))

    def warning(
        self, position: int, column: str, what: Words, wants: Words | None = None
    ) -> Problem:
        """A warning about one cell, quoting what it holds."""
        return Problem(
            self.file,
            what,
            wants,
            self.written(position, column),
            sheet=self.sheet,
            row=self.row(position),
            header=self.header(column),
            severity="warning",
            cell=self.cell(position, column),
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
        file = reading.name(sheet.file_name)
        places[name] = TablePlace(file, sheet.sheet, rows, table, tuple(sheet.headers))
    return places


def rows_text(rows: list[int]) -> Words:
    """Spreadsheet rows as a message lists them: 'row 4', 'rows 2-11', 'rows 2, 5, 8'."""
    if len(rows) == 1:
        return words("rows.one", row=rows[0])
    ordered = sorted(rows)
    if ordered == list(range(ordered[0], ordered[-1] + 1)):
        return words("rows.run", first=ordered[0], last=ordered[-1])
    return words("rows.several", rows=listing(ordered))
