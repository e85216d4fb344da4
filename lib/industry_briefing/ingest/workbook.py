"""The tables as sheets of figures.xlsx: cells as the analyst sees them in Excel."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

import openpyxl
from openpyxl import Workbook
from openpyxl.cell import Cell, MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from industry_briefing.contract import tables as contract
from industry_briefing.contract.tables import TABLES, TableSpec
from industry_briefing.core.errors import Words, listing, words
from industry_briefing.core.rounding import plain_decimal
from industry_briefing.ingest import spreadsheet, unpacking
from industry_briefing.ingest.encodings import WORKBOOK_MAGIC
from industry_briefing.ingest.prefill import reported_rows
from industry_briefing.ingest.reading import (
    WORKBOOK_FILE,
    Reading,
    Sheet,
    cell_at,
    filled,
    header_row_below,
    sheet_of_records,
    table_names,
)


def workbook_meta(reading: Reading) -> dict[str, object] | None:
    """The 来源 sheet of figures.xlsx (made by `briefing template`) as meta.yml's mapping.

    Analysts who fill a workbook should not have to write YAML beside it; the sheet holds the
    same facts and the same `Meta` model validates them. Only used when there is no meta.yml.
    """
    opened = _opened(reading)
    if not isinstance(opened, _Workbooks):  # absent, refused, or damaged: said with the tables
        return None
    sheet = next(
        (ws for ws in opened.shown.worksheets if spreadsheet.is_meta_sheet(ws.title)), None
    )
    if sheet is None:
        return None
    reading.meta_sheet = sheet.title
    meta, reading.meta_places = spreadsheet.meta_from_rows(sheet.iter_rows(values_only=True))
    return meta


@dataclass(frozen=True)
class _Workbooks:
    shown: Workbook  # cells as Excel shows them (a formula's saved result)
    held: Workbook  # cells as they hold them (the formula)


@dataclass(frozen=True)
class _Damaged:
    reason: str | Words  # openpyxl's own words, or what the file turns out to be


def _opened(reading: Reading) -> _Workbooks | _Damaged | None:
    """figures.xlsx opened once per read of the folder; None when it is absent or refused (a
    limit exceeded, reported once), _Damaged when openpyxl cannot open it."""
    if "workbook" not in reading.kept:
        reading.kept["workbook"] = _open(reading)
    kept = reading.kept["workbook"]
    assert kept is None or isinstance(kept, _Workbooks | _Damaged)
    return kept


def _open(reading: Reading) -> _Workbooks | _Damaged | None:
    if not reading.has(WORKBOOK_FILE):
        return None
    data = reading.read_bytes(WORKBOOK_FILE)
    if data is None or not unpacking.within_limits(reading, data):
        return None
    try:
        shown = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        held = openpyxl.load_workbook(io.BytesIO(data))
    except Exception as error:  # a damaged workbook fails in many ways, none a traceback
        kind = next((k for magic, k in WORKBOOK_MAGIC.items() if data.startswith(magic)), None)
        if kind and kind != "xlsx":
            return _Damaged(words("workbook.of_kind", kind=words(f"encoding.kind.{kind}")))
        return _Damaged(f"{error}")
    return _Workbooks(shown, held)


def workbook_sheets(reading: Reading) -> dict[str, Sheet | None] | None:
    csvs = [s.file_name for s in TABLES.values() if reading.has(s.file_name)]
    if csvs:
        reading.error(
            WORKBOOK_FILE,
            words("workbook.tables_twice"),
            words("expected.csv_or_workbook", workbook=WORKBOOK_FILE),
            words("found.files", files=listing(csvs)),
        )
        return None
    opened = _opened(reading)
    if isinstance(opened, _Damaged):
        reading.error(
            WORKBOOK_FILE,
            words("workbook.damaged", reason=opened.reason),
            words("expected.resave_xlsx"),
        )
        return None
    if opened is None:
        return None
    book, formulas = opened.shown, opened.held
    sheets: dict[str, Sheet | None] = {}
    hidden: set[str] = set()
    template = any(spreadsheet.is_template_sheet(title) for title in book.sheetnames)
    reading.form = template
    for worksheet in book.worksheets:
        spec = contract.find_table(worksheet.title)
        if spreadsheet.is_template_sheet(worksheet.title):
            # A template's instructions (说明) and provenance (来源, read by read_meta) are
            # not tables: skipped without the warning an unknown sheet gets, since keeping
            # them is what the template asks. Only a 来源 sheet that meta.yml overrules is
            # pointed out, lest the analyst edit it in vain.
            if spreadsheet.is_meta_sheet(worksheet.title) and reading.meta_sheet is None:
                reading.warn(
                    WORKBOOK_FILE,
                    words("workbook.meta_sheet_ignored"),
                    words("expected.meta_or_sheet"),
                    sheet=worksheet.title,
                )
        elif spec is None:
            reading.warn(
                WORKBOOK_FILE,
                words("workbook.unknown_sheet"),
                table_names(),
                sheet=worksheet.title,
            )
        elif worksheet.sheet_state != "visible":
            hidden.add(spec.name)
            reading.error(
                WORKBOOK_FILE,
                words("workbook.hidden_sheet", table=spec.name, title=spec.title),
                words("expected.visible_sheets"),
                sheet=worksheet.title,
            )
        elif spec.name in sheets:
            reading.error(
                WORKBOOK_FILE,
                words("workbook.second_sheet", table=spec.name, title=spec.title),
                words("expected.one_sheet", name=spec.name, title=spec.title),
                sheet=worksheet.title,
            )
        else:
            records = _worksheet_records(reading, spec, worksheet, formulas[worksheet.title])
            if records is None:
                sheets[spec.name] = None  # its header is broken, reported
                continue
            sheet = sheet_of_records(reading, WORKBOOK_FILE, worksheet.title, records)
            if template and sheet is not None:  # its untouched pre-filled rows: not reported
                sheet = reported_rows(reading, reading.tables[spec.name], sheet, worksheet)
                if sheet is None and not reading.tables[spec.name].required:
                    continue  # an optional table the form left as it wrote it: not given
            sheets[spec.name] = sheet
    for spec in reading.tables.values():
        if spec.required and spec.name not in sheets and spec.name not in hidden:
            reading.error(
                WORKBOOK_FILE,
                words("workbook.required_sheet_missing", name=spec.name, title=spec.title),
                words("expected.sheet_named", name=spec.name, title=spec.title),
                words("found.sheets", sheets=listing(book.sheetnames)),
            )
    return sheets


def _worksheet_records(
    reading: Reading, spec: TableSpec, worksheet: Worksheet, formulas: Worksheet
) -> list[list[str]] | None:
    """A sheet's cells as text, as the analyst sees them; None when merged cells break the header.

    A formula whose result was never saved (a workbook written by a program, not Excel) reads
    as the formula, which is then reported. Merged cells are reported (only their first cell
    holds the value; the others are filled with it so that they are not reported again as
    empty); hidden rows and columns are read, and pointed out.
    """
    title = worksheet.title
    records = [[_cell_text(cell) for cell in row] for row in worksheet.iter_rows()]
    for row in formulas.iter_rows():
        for cell in row:
            if not isinstance(cell, Cell):
                continue  # a merged cell's value is always None
            held = cell.value
            if isinstance(held, str) and held.startswith("=") and cell.row <= len(records):
                cells = records[cell.row - 1]
                if cell.column <= len(cells) and not cells[cell.column - 1].strip():
                    cells[cell.column - 1] = held
    ranges = sorted(worksheet.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col))
    in_header = [merged.coord for merged in ranges if merged.min_row == 1]
    if in_header:
        title_only = sum(bool(cell.strip()) for cell in records[0]) == 1
        below = header_row_below(spec, records) if title_only else None
        expected = (
            words("expected.one_header_per_column_below", below=below)
            if below
            else words("expected.one_header_per_column")
        )
        reading.error(
            WORKBOOK_FILE,
            words("workbook.merged_header", ranges=listing(in_header)),
            expected,
            ", ".join(cell.strip() for cell in records[0] if cell.strip()),
            sheet=title,
            row=1,
        )
        return None
    for merged in ranges:
        top = cell_at(records[merged.min_row - 1], merged.min_col - 1)
        header = cell_at(records[0], merged.min_col - 1).strip() if records else ""
        reading.error(
            WORKBOOK_FILE,
            words("workbook.merged", range=merged.coord),
            words("expected.unmerge"),
            top.strip(),
            sheet=title,
            row=merged.min_row,
            column=header or None,
            cell=f"{get_column_letter(merged.min_col)}{merged.min_row}",
        )
        for number in range(merged.min_row, min(merged.max_row, len(records)) + 1):
            cells = records[number - 1]
            for position in range(merged.min_col - 1, min(merged.max_col, len(cells))):
                cells[position] = top
    _hidden_rows_and_columns(reading, worksheet, records)
    return records


def _hidden_rows_and_columns(
    reading: Reading, worksheet: Worksheet, records: list[list[str]]
) -> None:
    expected = words("expected.visible_rows")
    for number, row_dimension in sorted(worksheet.row_dimensions.items()):
        if row_dimension.hidden and number <= len(records) and filled(records[number - 1]):
            reading.warn(
                WORKBOOK_FILE,
                words("workbook.hidden_row"),
                expected,
                sheet=worksheet.title,
                row=number,
            )
    for dimension in worksheet.column_dimensions.values():
        if not dimension.hidden or not dimension.min:
            continue
        for position in range(dimension.min - 1, dimension.max or dimension.min):
            if any(cell_at(cells, position).strip() for cells in records):
                header = cell_at(records[0], position).strip() if records else ""
                reading.warn(
                    WORKBOOK_FILE,
                    words("workbook.hidden_column"),
                    expected,
                    sheet=worksheet.title,
                    column=header or get_column_letter(position + 1),
                    cell=get_column_letter(position + 1),
                )


def _cell_text(cell: Cell | MergedCell) -> str:
    """A cell as the analyst sees it: 1268.0 as 1268, a %-formatted 0.276 as 27.6%."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()  # Excel keeps dates as date-times at midnight
    if isinstance(value, dt.date | dt.time):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = Decimal(repr(value))
        if "%" in (getattr(cell, "number_format", "") or ""):
            return f"{plain_decimal(number * 100)}%"
        return plain_decimal(number)
    return spreadsheet.restore(str(value))  # the quote a written name got against formulas
