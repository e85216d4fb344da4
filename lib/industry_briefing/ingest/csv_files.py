"""The tables as CSV files of the period folder, and the folder's other files."""

from __future__ import annotations

import csv
import io
import re

from industry_briefing.contract import tables as contract
from industry_briefing.contract.tables import TABLES
from industry_briefing.core import limits
from industry_briefing.core.errors import listing, words
from industry_briefing.ingest.encodings import decoded
from industry_briefing.ingest.reading import (
    ANALYST_FILE,
    META_FILE,
    WORKBOOK_FILE,
    Reading,
    Sheet,
    files_present,
    sheet_of_records,
    too_many_rows,
)


def csv_sheets(reading: Reading) -> dict[str, Sheet | None]:
    sheets = {}
    misnamed = _other_files(reading)
    for name, spec in reading.tables.items():
        if reading.has(spec.file_name):
            sheets[name] = _csv_sheet(reading, spec.file_name)
        elif spec.required and name not in misnamed and spec.file_name not in reading.refused:
            reading.error(
                spec.file_name,
                words("file.required_missing"),
                words(
                    "expected.table_file",
                    file=spec.file_name,
                    name=spec.name,
                    title=spec.title,
                    workbook=WORKBOOK_FILE,
                ),
                files_present(reading),
            )
    return sheets


def _csv_sheet(reading: Reading, file_name: str) -> Sheet | None:
    data = reading.read_bytes(file_name)
    if data is None:
        return None
    if not data.strip():
        reading.error(file_name, words("file.empty"), words("expected.header_and_row"))
        return None
    text = decoded(reading, file_name, data)
    if text is None:
        return None
    try:
        records = _records(reading, file_name, text)
    except csv.Error as error:
        reading.error(
            file_name, words("csv.unreadable", reason=str(error)), words("expected.csv_text")
        )
        return None
    if records is None:
        return None
    separator = next((s for s in ("\t", ";") if len(records[0]) == 1 and s in records[0][0]), None)
    if separator:
        reading.error(
            file_name,
            words("csv.not_comma_separated", separator=words(f"csv.{_SEPARATORS[separator]}")),
            words("expected.save_as_csv"),
            records[0][0],
            row=1,
        )
        return None
    return sheet_of_records(reading, file_name, None, records)


def _records(reading: Reading, file_name: str, text: str) -> list[list[str]] | None:
    """The file's rows of cells; None (reported) past the limit of rows in one table."""
    limit = limits.ROWS.value
    records = []
    for records_read, record in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
        if records_read > limit + 1:  # the header and `limit` rows
            too_many_rows(reading, file_name, None, limit)
            return None
        records.append(record)
    return records


_SEPARATORS = {"\t": "tabs", ";": "semicolons"}  # problem.csv.<word>
_IGNORED_FILES = re.compile(r"^(\.|~\$)|^(thumbs\.db|desktop\.ini)$", re.IGNORECASE)


def _other_files(reading: Reading) -> set[str]:
    """Files of the folder that are not the input: misnamed tables are errors, others warned.

    Returns the tables given under another name (园区.csv, Parks.CSV), so that they are not
    also reported missing.
    """
    used = {META_FILE, WORKBOOK_FILE, ANALYST_FILE, *(s.file_name for s in TABLES.values())}
    misnamed = set()
    for path in (reading.folder / name for name in reading.present):
        if path.name in used or _IGNORED_FILES.search(path.name):
            continue
        spec = contract.find_table(path.stem) if path.suffix.lower() == ".csv" else None
        if spec is not None and reading.has(spec.file_name):
            reading.error(
                path.name,
                words("file.second_for_table", table=spec.name, title=spec.title),
                words(
                    "expected.table_in_file_only",
                    table=spec.name,
                    title=spec.title,
                    file=spec.file_name,
                ),
                path.name,
            )
        elif spec is not None:
            misnamed.add(spec.name)
            reading.error(
                path.name,
                words("file.misnamed", table=spec.name, title=spec.title, file=spec.file_name),
                words("expected.file_name", file=spec.file_name),
                path.name,
            )
        elif path.suffix.lower() == ".xls":
            reading.error(
                path.name,
                words("file.old_workbook"),
                words("expected.save_as_xlsx_from_xls", workbook=WORKBOOK_FILE),
            )
        else:
            reading.warn(
                path.name,
                words("file.not_input"),
                words(
                    "expected.input_files",
                    meta=META_FILE,
                    tables=listing(s.file_name for s in TABLES.values()),
                    workbook=WORKBOOK_FILE,
                    notes=ANALYST_FILE,
                ),
            )
    return misnamed
