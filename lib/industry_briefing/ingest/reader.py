"""Reading a period folder (`<data-dir>/YYYY-MM/`) into validated DataFrames.

Every cell is read as text first and parsed here, so a message can show what the analyst
wrote. File-level checks (files, sheets, encodings, headers) are hand-written; the table
checks are the contract's pandera schemas, whose failures become `Problem`s. All problems of
a period are collected and raised together in one `InputError`.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import datetime as dt
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pandera.pandas as pa
import yaml
from pydantic import ValidationError

from industry_briefing.briefing.formatting import plain_decimal
from industry_briefing.contract import tables as contract
from industry_briefing.contract.tables import TABLES, ColumnSpec, Meta, TableSpec
from industry_briefing.core import settings
from industry_briefing.core.errors import InputError, Problem
from industry_briefing.core.periods import Period, PeriodError
from industry_briefing.ingest import spreadsheet

META_FILE = "meta.yml"
WORKBOOK_FILE = "figures.xlsx"
ENCODINGS = ("utf-8-sig", "gb18030")  # UTF-8 with or without BOM, then what Chinese Excel writes
PROVENANCE_COLUMNS = ["table", "row_key", "column", "provenance", "note"]


# --- the result -----------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class PeriodFigures:
    """A period's validated figures; amounts in 亿元, rates in %, NaN where not given."""

    period: Period
    region: str
    source: str
    indicators: pd.DataFrame
    parks: pd.DataFrame
    districts: pd.DataFrame
    enterprises: pd.DataFrame
    projects: pd.DataFrame
    plan: pd.DataFrame  # indicator, month (1-12), planned: cumulative to the month's end
    provenance: pd.DataFrame  # one row per table default (row_key, column NaN) and per override
    warnings: tuple[Problem, ...] = ()
    files: dict[str, str] = field(default_factory=dict)  # input file -> sha256 hex

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, TABLES[name].name)

    def provenance_of(self, table: str, row_key, column: str) -> str:
        """published, derived or illustrative: of one cell (row key as code, name or tuple)."""
        return str(provenance_rule(self.provenance, table, row_key, column)["provenance"])

    def note_of(self, table: str, row_key, column: str) -> str | None:
        """The note explaining a cell's provenance, if meta.yml gives one."""
        note = provenance_rule(self.provenance, table, row_key, column)["note"]
        return None if pd.isna(note) else str(note)


def provenance_rule(provenance: pd.DataFrame, table: str, row_key, column: str) -> pd.Series:
    """The rule deciding a cell's provenance: cell override, else row, else column, else table."""
    spec = TABLES[table]
    key = contract.row_key(spec, row_key)
    found = spec.find_column(column)
    column_name = found.name if found else column
    rules = provenance[provenance["table"] == table]
    matching = rules[
        (rules["row_key"].isna() | (rules["row_key"] == key))
        & (rules["column"].isna() | (rules["column"] == column_name))
    ]
    if matching.empty:
        raise KeyError(f"no provenance for table {table!r}: is it in the period's input?")
    specificity = matching["row_key"].notna() * 2 + matching["column"].notna()
    return matching.loc[specificity.idxmax()]


# --- entry points ---------------------------------------------------------------------------


def available_periods(data_dir: Path) -> list[Period]:
    """The periods with a `YYYY-MM` folder under `data_dir`, oldest first."""
    periods = []
    if not Path(data_dir).is_dir():
        return periods
    for path in Path(data_dir).iterdir():
        if path.is_dir() and re.fullmatch(r"\d{4}-\d{2}", path.name):
            try:
                periods.append(Period.parse(path.name))
            except PeriodError:
                continue  # e.g. 2011-13: not a period, so not offered
    return sorted(periods)


def read_period(data_dir: Path, period: str | Period) -> PeriodFigures:
    """Read and validate a period; raises PeriodError or InputError (with every problem)."""
    period = period if isinstance(period, Period) else Period.parse(period)
    folder = Path(data_dir) / str(period)
    if not folder.is_dir():
        raise InputError([_missing_folder(Path(data_dir), period)])
    reading = _Reading(folder, str(period))
    meta = _read_meta(reading)
    tables: dict[str, _Table | None] = {}
    for name, spec, sheet in _sheets(reading):
        tables[name] = _read_table(reading, spec, sheet, tables)
    provenance = _provenance(reading, meta, tables) if meta else None
    if any(p.severity == "error" for p in reading.problems) or meta is None:
        raise InputError(reading.problems)
    return PeriodFigures(
        period=period,
        region=meta.region,
        source=meta.source,
        **{name: _final(spec, tables.get(name)) for name, spec in TABLES.items()},
        provenance=provenance,
        warnings=tuple(p for p in reading.problems if p.severity == "warning"),
        files=dict(reading.files),
    )


def _missing_folder(data_dir: Path, period: Period) -> Problem:
    found = [str(p) for p in available_periods(data_dir)] if data_dir.is_dir() else []
    return Problem(
        file=f"{period}/",
        message=f"the period folder does not exist under {data_dir}",
        expected=f"a folder {data_dir / str(period)} with meta.yml and the tables",
        found="periods present: " + ", ".join(found) if found else "no period folders",
    )


def _final(spec: TableSpec, table: _Table | None) -> pd.DataFrame:
    if table is None:
        return spec.empty_frame()
    return table.frame[spec.stored_columns].reset_index(drop=True)


class _Reading:
    """One read of a period folder: the problems found and the files read (with hashes)."""

    def __init__(self, folder: Path, shown: str):
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

    def error(self, file_name: str, message: str, expected: str = "", found: str = "", **where):
        if file_name == META_FILE and self.meta_sheet:
            file_name, where = WORKBOOK_FILE, {**where, "sheet": self.meta_sheet}
        self.problems.append(Problem(self.name(file_name), message, expected, found, **where))

    def warn(self, file_name: str, message: str, expected: str = "", found: str = "", **where):
        self.error(file_name, message, expected, found, severity="warning", **where)


# --- meta.yml -------------------------------------------------------------------------------

_META_EXPECTED = {
    "region": "the region's name, e.g. 贵阳市",
    "source": "where the figures were published",
    "tables": "the provenance of each table, e.g. tables: {indicators: {provenance: published}}",
    "provenance": "published, derived or illustrative",
}
_META_KEYS = {
    1: "region, source, period, tables",
    3: "provenance, note, overrides",
    5: "row, column, provenance, note",
}


def _read_meta(reading: _Reading) -> Meta | None:
    if not (reading.folder / META_FILE).is_file():
        raw = _workbook_meta(reading)  # a template's 来源 sheet stands in for meta.yml
        if raw is not None:
            return _validated_meta(reading, raw)
        present = sorted(p.name for p in reading.folder.iterdir() if p.is_file())
        reading.error(
            META_FILE,
            "required file is missing",
            "meta.yml with region, source and the provenance of each table (see data/README.md)",
            "files present: " + (", ".join(present) or "none"),
        )
        return None
    text = _decoded(reading, META_FILE, reading.read_bytes(META_FILE))
    if text is None:
        return None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        reading.error(META_FILE, f"is not valid YAML{where}", _yaml_expected(text))
        return None
    if not isinstance(raw, dict):
        expected = _yaml_expected(text, "keys region, source and tables")
        reading.error(META_FILE, "is empty or not a mapping", expected)
        return None
    return _validated_meta(reading, raw)


def _yaml_expected(text: str, expected: str = "YAML as in data/README.md") -> str:
    """What meta.yml should be, and the line whose full-width colon (：) YAML cannot read."""
    colon = re.search(r"^[ \t]*[A-Za-z_]+[ \t]*：", text, re.MULTILINE)
    if colon is None:
        return expected
    line = text.count("\n", 0, colon.start()) + 1
    return f"{expected}; line {line} has a full-width colon '：' where YAML needs ':'"


def _workbook_meta(reading: _Reading) -> dict | None:
    """The 来源 sheet of figures.xlsx (made by `briefing template`) as meta.yml's mapping.

    Analysts who fill a workbook should not have to write YAML beside it; the sheet holds the
    same facts and the same `Meta` model validates them. Only used when there is no meta.yml.
    """
    if not (reading.folder / WORKBOOK_FILE).is_file():
        return None
    try:
        book = openpyxl.load_workbook(io.BytesIO(reading.read_bytes(WORKBOOK_FILE)), data_only=True)
    except Exception:  # a damaged workbook fails in many ways: reported where tables are read
        return None
    sheet = next((ws for ws in book.worksheets if spreadsheet.is_meta_sheet(ws.title)), None)
    if sheet is None:
        return None
    reading.meta_sheet = sheet.title
    return spreadsheet.meta_from_rows(sheet.iter_rows(values_only=True))


def _validated_meta(reading: _Reading, raw: dict) -> Meta | None:
    try:
        meta = Meta.model_validate(raw)
    except ValidationError as error:
        for detail in error.errors():
            problem = _meta_problem(reading, detail)
            reading.error(META_FILE, problem.message, problem.expected, problem.found)
        return None
    if meta.period is not None and meta.period != reading.shown:
        reading.error(META_FILE, "period does not match the folder", reading.shown, meta.period)
    return meta


def _meta_problem(reading: _Reading, detail: dict) -> Problem:
    loc = detail["loc"]
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    last = str(loc[-1]) if loc else ""
    kind = detail["type"]
    found = "" if kind == "missing" else str(detail.get("input", ""))
    if kind in ("missing", "string_too_short"):
        message, expected = f"{where} is missing", _META_EXPECTED.get(last, "a value")
    elif kind == "literal_error":
        message, expected = f"{where}: unknown provenance", _META_EXPECTED["provenance"]
    elif kind == "extra_forbidden":
        message, expected = f"{where}: unknown key", "one of " + _META_KEYS.get(len(loc), "")
        found = last
    else:
        message, expected = f"{where}: {detail['msg'].removeprefix('Value error, ')}", ""
    return Problem(reading.name(META_FILE), message, expected, found)


# --- locating the tables: CSV files or sheets of figures.xlsx ---------------------------


@dataclass(frozen=True)
class _Sheet:
    """One table as found: cells as text, rows numbered as a spreadsheet shows them."""

    file_name: str  # relative to the period folder
    sheet: str | None
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (spreadsheet row, cells); blank rows left out


def _sheets(reading: _Reading):
    """(name, spec, sheet or None) for every table; missing required tables are reported."""
    if (reading.folder / WORKBOOK_FILE).is_file():
        found = _workbook_sheets(reading)
    else:
        found = _csv_sheets(reading)
    if found is None:
        return []
    return [(name, spec, found.get(name)) for name, spec in TABLES.items()]


def _csv_sheets(reading: _Reading) -> dict[str, _Sheet | None]:
    sheets = {}
    present = sorted(p.name for p in reading.folder.iterdir() if p.is_file())
    misnamed = _other_files(reading)
    for name, spec in TABLES.items():
        if (reading.folder / spec.file_name).is_file():
            sheets[name] = _csv_sheet(reading, spec.file_name)
        elif spec.required and name not in misnamed:
            reading.error(
                spec.file_name,
                "required file is missing",
                f"{spec.file_name} (or a sheet {spec.name} / {spec.title} in {WORKBOOK_FILE})",
                "files present: " + ", ".join(present),
            )
    return sheets


def _csv_sheet(reading: _Reading, file_name: str) -> _Sheet | None:
    data = reading.read_bytes(file_name)
    if not data.strip():
        reading.error(file_name, "file is empty", "a header row and at least one data row")
        return None
    text = _decoded(reading, file_name, data)
    if text is None:
        return None
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        reading.error(file_name, f"is not a readable CSV file: {error}", "comma-separated text")
        return None
    separator = next((s for s in ("\t", ";") if len(records[0]) == 1 and s in records[0][0]), None)
    if separator:
        reading.error(
            file_name,
            f"is not comma-separated: its cells are separated by {_SEPARATORS[separator]}",
            "comma-separated text: in Excel, save as CSV (or CSV UTF-8)",
            records[0][0],
            row=1,
        )
        return None
    return _sheet(reading, file_name, None, records)


_SEPARATORS = {"\t": "tabs", ";": "semicolons"}
_IGNORED_FILES = re.compile(r"^(\.|~\$)|^(thumbs\.db|desktop\.ini)$", re.IGNORECASE)


def _other_files(reading: _Reading) -> set[str]:
    """Files of the folder that are not the input: misnamed tables are errors, others warned.

    Returns the tables given under another name (园区.csv, Parks.CSV), so that they are not
    also reported missing.
    """
    used = {META_FILE, WORKBOOK_FILE, *(spec.file_name for spec in TABLES.values())}
    misnamed = set()
    for path in sorted(reading.folder.iterdir()):
        if path.name in used or not path.is_file() or _IGNORED_FILES.search(path.name):
            continue
        spec = contract.find_table(path.stem) if path.suffix.lower() == ".csv" else None
        if spec is not None and (reading.folder / spec.file_name).is_file():
            reading.error(
                path.name,
                f"a second file for the {spec.name} table",
                f"the {spec.name} table in {spec.file_name} only",
                path.name,
            )
        elif spec is not None:
            misnamed.add(spec.name)
            reading.error(
                path.name,
                f"the {spec.name} table is read from {spec.file_name}: rename the file",
                spec.file_name,
                path.name,
            )
        elif path.suffix.lower() == ".xls":
            reading.error(
                path.name,
                "is an old Excel workbook (.xls)",
                f"{WORKBOOK_FILE}: in Excel, save as Excel Workbook (.xlsx)",
            )
        else:
            reading.warn(
                path.name,
                "file is not part of the input; ignored",
                f"{META_FILE} and the tables' files: "
                + ", ".join(s.file_name for s in TABLES.values())
                + f" (or {WORKBOOK_FILE})",
            )
    return misnamed


_DECODABLE = "UTF-8 (with or without BOM) or GBK text"
_ONE_ENCODING = f"{_DECODABLE}, one encoding for the whole file: retype the row or save again"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORKBOOK_MAGIC = {b"PK\x03\x04": ".xlsx", b"\xd0\xcf\x11\xe0": ".xls (or password-protected)"}


def _decoded(reading: _Reading, file_name: str, data: bytes) -> str | None:
    """A text file's text; else a problem saying what the bytes are and where they go wrong."""
    kind = next((k for magic, k in _WORKBOOK_MAGIC.items() if data.startswith(magic)), None)
    if kind:
        reading.error(
            file_name,
            f"is an Excel workbook ({kind}), not text",
            f"{_DECODABLE}: in Excel, save as CSV (or put the tables in {WORKBOOK_FILE})",
        )
        return None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data[:400]:
        reading.error(
            file_name,
            "cannot be decoded",
            f"{_DECODABLE}: in Excel, save as CSV UTF-8 or CSV",
            'UTF-16 text (what Excel\'s "Unicode Text" and Notepad\'s "Unicode" write)',
        )
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as not_utf8:
        text = _gbk_or_mixed(reading, file_name, data, not_utf8)
    else:
        return _unless_garbled(reading, file_name, text)
    if text is not None:
        text = _without_utf8_rows(reading, file_name, text, data)
    return text


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def _gbk_or_mixed(reading, file_name: str, data: bytes, not_utf8: UnicodeDecodeError):
    """GBK text; None with a problem for text in neither encoding, or UTF-8 then GBK rows."""
    line_start = data.rfind(b"\n", 0, not_utf8.start) + 1
    before = data[:line_start].decode("utf-8-sig")  # whole lines, valid UTF-8
    if _CJK.search(before):
        row = _line_of(data, not_utf8.start)
        line = _shown_line(data[line_start:].split(b"\n")[0])
        reading.error(
            file_name,
            f"mixed encodings: rows 1-{row - 1} are UTF-8, row {row} is not "
            "(pasted from a file in another encoding?)",
            _ONE_ENCODING,
            line,
            row=row,
        )
        return None
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as not_gbk:
        # Where the encoding that read further stopped: most likely the file's own.
        position = max(not_utf8.start, not_gbk.start)
        reading.error(
            file_name,
            "cannot be decoded",
            _DECODABLE,
            f"byte {data[position : position + 1].hex(' ').upper()} "
            f"in {data[max(0, position - 12) : position + 4]!r}",
            row=_line_of(data, position),
        )
        return None


def _shown_line(line: bytes) -> str:
    """A line of undecodable bytes as readable as it gets: GBK if it is, else UTF-8 with �."""
    try:
        return line.decode("gb18030").strip()
    except UnicodeDecodeError:
        return line.decode("utf-8", errors="replace").strip()


def _without_utf8_rows(reading, file_name: str, text: str, data: bytes) -> str | None:
    """GBK text with a row pasted in UTF-8 decodes, wrongly: such a row is reported."""
    for row, line in enumerate(data.split(b"\n"), start=1):
        try:
            decoded = line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if _CJK.search(decoded) and row > 1:
            reading.error(
                file_name,
                f"mixed encodings: row {row} is UTF-8, the rows before it GBK "
                "(pasted from a file in another encoding?)",
                _ONE_ENCODING,
                decoded.strip(),
                row=row,
            )
            return None
    return text


def _unless_garbled(reading, file_name: str, text: str) -> str | None:
    """UTF-8 text whose Chinese was once read as Latin-1 (园区 shown as 'Ô°Çø') is reported."""
    first = text.split("\n", 1)[0]
    if _CJK.search(first) or not re.search(r"[\u00c0-\u00ff]", first):
        return text
    for garbling in ("latin-1", "cp1252"):
        for encoding in ("gb18030", "utf-8"):
            try:
                repaired = first.encode(garbling).decode(encoding)
            except UnicodeError:
                continue
            if _CJK.search(repaired):
                reading.error(
                    file_name,
                    f"text is garbled: {encoding.upper()} text was read as Latin-1 and saved again",
                    f"{_DECODABLE}: the file as first saved, or retype the garbled text",
                    f"row 1 reads {first.strip()!r}, meant as {repaired.strip()!r}",
                    row=1,
                )
                return None
    return text


def _workbook_sheets(reading: _Reading) -> dict[str, _Sheet | None] | None:
    csvs = [s.file_name for s in TABLES.values() if (reading.folder / s.file_name).is_file()]
    if csvs:
        reading.error(
            WORKBOOK_FILE,
            "the tables are given twice: as CSV files and as this workbook",
            "either CSV files or figures.xlsx, not both",
            ", ".join(csvs),
        )
        return None
    data = reading.read_bytes(WORKBOOK_FILE)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(data))  # what a cell holds, not shows
    except Exception as error:  # a damaged workbook fails in many ways, none a traceback
        kind = next((k for magic, k in _WORKBOOK_MAGIC.items() if data.startswith(magic)), None)
        reason = f"an {kind} workbook" if kind and kind != ".xlsx" else f"{error}"
        reading.error(
            WORKBOOK_FILE,
            f"cannot be opened as an Excel workbook ({reason})",
            ".xlsx: open it in Excel and save it again as Excel Workbook (.xlsx)",
        )
        return None
    sheets: dict[str, _Sheet | None] = {}
    hidden: set[str] = set()
    template = any(spreadsheet.is_template_sheet(title) for title in book.sheetnames)
    for worksheet in book.worksheets:
        spec = contract.find_table(worksheet.title)
        if spreadsheet.is_template_sheet(worksheet.title):
            # A template's instructions (说明) and provenance (来源, read by _read_meta) are
            # not tables: skipped without the warning an unknown sheet gets, since keeping
            # them is what the template asks. Only a 来源 sheet that meta.yml overrules is
            # pointed out, lest the analyst edit it in vain.
            if spreadsheet.is_meta_sheet(worksheet.title) and reading.meta_sheet is None:
                reading.warn(
                    WORKBOOK_FILE,
                    "sheet ignored: the folder's meta.yml gives region, source and provenance",
                    "either meta.yml or this sheet",
                    sheet=worksheet.title,
                )
        elif spec is None:
            reading.warn(
                WORKBOOK_FILE,
                "sheet is not one of the contract's tables; ignored",
                _table_names(),
                sheet=worksheet.title,
            )
        elif worksheet.sheet_state != "visible":
            hidden.add(spec.name)
            reading.error(
                WORKBOOK_FILE,
                f"hidden sheet for the {spec.name} table",
                "the tables in visible sheets only: unhide it, or delete it if it is an old copy",
                sheet=worksheet.title,
            )
        elif spec.name in sheets:
            reading.error(
                WORKBOOK_FILE,
                f"a second sheet for the {spec.name} table",
                f"one sheet named {spec.name} or {spec.title}",
                sheet=worksheet.title,
            )
        else:
            records = _worksheet_records(reading, spec, worksheet, formulas[worksheet.title])
            if records is None:
                sheets[spec.name] = None  # its header is broken, reported
                continue
            sheet = _sheet(reading, WORKBOOK_FILE, worksheet.title, records)
            if template and sheet is not None and not sheet.rows and not spec.required:
                continue  # an optional table the template left empty: not given
            sheets[spec.name] = sheet
    for spec in TABLES.values():
        if spec.required and spec.name not in sheets and spec.name not in hidden:
            reading.error(
                WORKBOOK_FILE,
                f"required sheet {spec.name} ({spec.title}) is missing",
                f"a sheet named {spec.name} or {spec.title}",
                "sheets present: " + ", ".join(book.sheetnames),
            )
    return sheets


def _worksheet_records(reading: _Reading, spec: TableSpec, worksheet, formulas):
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
            held = cell.value
            if isinstance(held, str) and held.startswith("=") and cell.row <= len(records):
                cells = records[cell.row - 1]
                if cell.column <= len(cells) and not cells[cell.column - 1].strip():
                    cells[cell.column - 1] = held
    ranges = sorted(worksheet.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col))
    in_header = [merged.coord for merged in ranges if merged.min_row == 1]
    if in_header:
        title_only = sum(bool(cell.strip()) for cell in records[0]) == 1
        below = _header_row_below(spec, records) if title_only else None
        hint = f"; the header seems to be row {below}: delete the rows above it" if below else ""
        reading.error(
            WORKBOOK_FILE,
            "merged cells in the header row: " + ", ".join(in_header),
            f"one header per column in row 1, no merged cells{hint}",
            ", ".join(cell.strip() for cell in records[0] if cell.strip()),
            sheet=title,
            row=1,
        )
        return None
    for merged in ranges:
        top = _cell(records[merged.min_row - 1], merged.min_col - 1)
        header = _cell(records[0], merged.min_col - 1).strip() if records else ""
        reading.error(
            WORKBOOK_FILE,
            f"merged cells {merged.coord}: only the first cell holds the value",
            "a value in every cell: unmerge the cells and fill each one",
            top.strip(),
            sheet=title,
            row=merged.min_row,
            column=header or None,
        )
        for number in range(merged.min_row, min(merged.max_row, len(records)) + 1):
            cells = records[number - 1]
            for position in range(merged.min_col - 1, min(merged.max_col, len(cells))):
                cells[position] = top
    _hidden_rows_and_columns(reading, worksheet, records)
    return records


def _hidden_rows_and_columns(reading: _Reading, worksheet, records: list[list[str]]) -> None:
    expected = "visible rows and columns: unhide it, or delete it if it is not part of the table"
    for number, dimension in sorted(worksheet.row_dimensions.items()):
        if dimension.hidden and number <= len(records) and _filled(records[number - 1]):
            reading.warn(
                WORKBOOK_FILE,
                "row is hidden in Excel; read like the others",
                expected,
                sheet=worksheet.title,
                row=number,
            )
    for dimension in worksheet.column_dimensions.values():
        if not dimension.hidden or not dimension.min:
            continue
        for position in range(dimension.min - 1, dimension.max or dimension.min):
            if any(_cell(cells, position).strip() for cells in records):
                header = _cell(records[0], position).strip() if records else ""
                reading.warn(
                    WORKBOOK_FILE,
                    "column is hidden in Excel; read like the others",
                    expected,
                    sheet=worksheet.title,
                    column=header or openpyxl.utils.get_column_letter(position + 1),
                )


def _header_row_below(spec: TableSpec, records: list[list[str]]) -> int | None:
    """The row (2-10) that looks like the table's header: two cells or more name its columns."""
    for number, cells in enumerate(records[1:10], start=2):
        if sum(spec.find_column(c) is not None for c in cells if c.strip()) >= 2:
            return number
    return None


def _table_names() -> str:
    return "one of " + ", ".join(f"{s.name} / {s.title}" for s in TABLES.values())


def _cell_text(cell) -> str:
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


def _sheet(reading, file_name: str, sheet: str | None, records: list[list[str]]) -> _Sheet | None:
    records = [[contract.without_invisibles(cell) for cell in cells] for cells in records]
    numbered = [(number, cells) for number, cells in enumerate(records, start=1) if _filled(cells)]
    if not numbered:
        reading.error(file_name, "is empty", "a header row and at least one data row", sheet=sheet)
        return None
    if numbered[0][0] != 1:
        first = numbered[0][0]
        expected = f"the header row in row 1: delete the empty rows above row {first}"
        reading.error(file_name, "row 1 is empty", expected, sheet=sheet, row=1)
        return None
    return _Sheet(file_name, sheet, list(records[0]), numbered[1:])


def _filled(cells: list[str]) -> bool:
    return any(cell.strip() for cell in cells)


# --- one table: headers, cells, pandera checks ----------------------------------------------


@dataclass(frozen=True)
class _Table:
    frame: pd.DataFrame  # typed, indexed by spreadsheet row, every contract column
    raw: pd.DataFrame  # the cells as written, same index, the columns present
    headers: dict[str, str]  # column name -> header as written
    unparsed: frozenset[tuple[int, str]]  # (row, column name) of cells that are not numbers


def _read_table(
    reading: _Reading, spec: TableSpec, sheet: _Sheet | None, earlier: dict[str, _Table | None]
) -> _Table | None:
    """One table; `earlier` are the tables read before it (the plan needs the indicators)."""
    if sheet is None:
        return None
    first_problem = len(reading.problems)
    table = _parse_table(reading, spec, sheet)
    if table is not None and spec.name == "plan":
        _check_plan(reading, sheet, table, _annual_targets(earlier.get("indicators")))
    # Checks run column by column; the analyst reads the file row by row.
    found = reading.problems[first_problem:]
    reading.problems[first_problem:] = sorted(found, key=lambda p: p.row or 0)
    return table


def _parse_table(reading: _Reading, spec: TableSpec, sheet: _Sheet) -> _Table | None:
    where = {"sheet": sheet.sheet}
    if not sheet.rows:
        optional = "" if spec.required else f"; leave out {spec.file_name} if there is nothing"
        expected = f"at least one data row below the header{optional}"
        reading.error(sheet.file_name, "has a header but no data rows", expected, **where)
        return None
    positions = _column_positions(reading, spec, sheet)
    if positions is None:
        return None
    headers = {name: sheet.headers[position].strip() for name, position in positions.items()}
    raw = _without_non_data_rows(
        reading, spec, sheet, _raw_frame(reading, sheet, positions), headers
    )
    unparsed: set[tuple[int, str]] = set()
    frame = _typed(reading, spec, sheet, raw, headers, unparsed)
    table = _Table(frame, raw, headers, frozenset(unparsed))
    _validate(reading, spec, sheet, table)
    _check_required_rows(reading, spec, sheet, table)
    _check_rates_are_percentages(reading, spec, sheet, table)
    return table


def _column_positions(reading: _Reading, spec: TableSpec, sheet: _Sheet) -> dict[str, int] | None:
    """Which cell of a row holds which contract column; header problems are reported.

    None when row 1 is no header at all (a title, or data): reported once, not per column.
    """
    positions: dict[str, int] = {}
    where = {"sheet": sheet.sheet}
    if not any(_header_column(spec, h) for h in sheet.headers):
        below = _header_row_below(spec, [sheet.headers] + [c for _, c in sheet.rows])
        hint = f"; the header seems to be row {below}: delete the rows above it" if below else ""
        reading.error(
            sheet.file_name,
            "row 1 is not the header: none of its cells names a column of the table",
            "headers such as " + ", ".join(c.header for c in spec.columns if c.required) + hint,
            ", ".join(h.strip() for h in sheet.headers if h.strip()),
            row=1,
            **where,
        )
        return None
    for position, header in enumerate(sheet.headers):
        column = _header_column(spec, header)
        if column is not None and spec.find_column(header) is None:
            unit = contract.header_without_unit(header)[1]
            reading.error(
                sheet.file_name,
                f"the unit {unit} is in the header: each row's unit goes in the 单位 column",
                f"the header {column.header} (or {column.name})",
                header.strip(),
                column=header.strip(),
                **where,
            )
        if column is None:
            if header.strip() or any(_cell(cells, position).strip() for _, cells in sheet.rows):
                reading.warn(
                    sheet.file_name,
                    "column is not in the contract; ignored",
                    "one of " + ", ".join(c.label for c in spec.columns),
                    header,
                    column=header.strip() or f"#{position + 1} (no header)",
                    **where,
                )
        elif column.name in positions:
            first = sheet.headers[positions[column.name]].strip()
            reading.error(
                sheet.file_name,
                f"column given twice (also headed {first!r})",
                f"one column {column.label}",
                column=header.strip(),
                **where,
            )
        else:
            positions[column.name] = position
    for column in spec.columns:
        if column.required and column.name not in positions:
            reading.error(
                sheet.file_name,
                "required column is missing",
                f"a column headed {column.header} or {column.name}",
                "headers: " + ", ".join(h.strip() for h in sheet.headers if h.strip()),
                column=column.label,
                **where,
            )
    return positions


def _header_column(spec: TableSpec, header: str) -> ColumnSpec | None:
    """The column a header names, also when it carries a unit (累计完成（亿元）: reported)."""
    if not header.strip():
        return None
    column = spec.find_column(header)
    without_unit = contract.header_without_unit(header)
    if column is None and without_unit is not None:
        column = spec.find_column(without_unit[0])
    return column


def _without_non_data_rows(reading, spec: TableSpec, sheet: _Sheet, raw, headers) -> pd.DataFrame:
    """The rows that are items. A totals row (合计), a footnote (注：…) or a units row is
    reported once for what it is and left out, rather than reported cell by cell as empty."""
    dropped = []
    for number, cells in raw.iterrows():
        filled = {name: text.strip() for name, text in cells.items() if text.strip()}
        problem = _non_data_row(spec, filled, headers) if filled else None
        if problem:
            reading.error(sheet.file_name, sheet=sheet.sheet, row=int(number), **problem)
            dropped.append(number)
    return raw.drop(index=dropped)


def _non_data_row(spec: TableSpec, filled: dict[str, str], headers: dict[str, str]) -> dict | None:
    for name in spec.key:
        column = spec.column(name)
        if name in filled and contract.is_totals_row_key(column, filled[name]):
            return {
                "message": f"a totals row: the {spec.name} table lists single items, "
                "its totals are computed from them",
                "expected": f"one row per {headers[name]}: delete this row",
                "found": filled[name],
                "column": headers[name],
            }
    texts = list(filled.values())
    if len(texts) == 1 and contract.is_note(texts[0]):
        return {
            "message": "a note below the table",
            "expected": "rows of the table only: put notes in meta.yml (note) or delete the row",
            "found": texts[0],
        }
    if not any(name in filled for name in spec.key) and all(map(contract.is_unit_word, texts)):
        return {
            "message": "a units row: each row's unit goes in the 单位 column",
            "expected": "rows of the table only below the header: delete this row",
            "found": ", ".join(texts),
        }
    return None


def _cell(cells: list[str], position: int) -> str:
    return cells[position] if position < len(cells) else ""


def _raw_frame(reading: _Reading, sheet: _Sheet, positions: dict[str, int]) -> pd.DataFrame:
    width = len(sheet.headers)
    for number, cells in sheet.rows:
        extra = [cell for cell in cells[width:] if cell.strip()]
        if extra:
            reading.error(
                sheet.file_name,
                f"row has {width + len(extra)} cells but the header has {width}",
                "one cell per header; quote numbers with thousands separators ('1,234.5')",
                ",".join(cells),
                sheet=sheet.sheet,
                row=number,
            )
    return pd.DataFrame(
        {name: [_cell(cells, p) for _, cells in sheet.rows] for name, p in positions.items()},
        index=pd.Index([number for number, _ in sheet.rows], name="row"),
        dtype="str",
    )


def _typed(reading, spec: TableSpec, sheet: _Sheet, raw, headers, unparsed) -> pd.DataFrame:
    """Every contract column parsed from text; non-numbers reported here, amounts to 亿元."""
    typed = {}
    for column in spec.columns:
        if column.name not in raw:
            typed[column.name] = pd.Series(None, index=raw.index, dtype=column.dtype)
        elif column.is_number:
            cells = raw[column.name]
            typed[column.name] = _numbers(reading, column, sheet, cells, headers, unparsed)
        else:
            typed[column.name] = _texts(column, raw[column.name])
    frame = pd.DataFrame(typed, index=raw.index)
    divisors = frame["unit"].map(contract.UNIT_DIVISORS).astype("float64").fillna(1.0)
    for column in spec.columns:
        if column.kind == "amount":
            frame[column.name] = frame[column.name] / divisors
    return frame


def _texts(column: ColumnSpec, cells: pd.Series) -> pd.Series:
    texts = cells.str.strip()
    if column.kind == "code":
        accepted = column.accepted_codes()
        texts = texts.map(lambda text: accepted.get(contract.normalise_token(text), text))
    return texts.where(texts != "").astype("str")


_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")


def parse_number(text: str, rate: bool = False) -> float | None:
    """A number as written in a cell: '1,234.5', '１２' and (for rates) '27.6%' are accepted.

    Returns None for a blank cell; raises ValueError for anything else that is not a number.
    """
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if rate:
        cleaned = cleaned.removesuffix("%").strip()
    if not cleaned:
        return None
    if _GROUPED.fullmatch(cleaned):
        cleaned = cleaned.replace(",", "")
    if not _NUMBER.fullmatch(cleaned):
        raise ValueError(f"not a number: {text!r}")
    return float(cleaned)


def _numbers(reading, column: ColumnSpec, sheet: _Sheet, cells, headers, unparsed) -> pd.Series:
    year = int(reading.shown[:4])
    values = []
    for number, text in cells.items():
        try:
            value = _parse_cell(column, text, year)
        except ValueError:
            value = None
            unparsed.add((number, column.name))
            reading.error(
                sheet.file_name,
                *_not_a_number(column, text, year),
                text.strip(),
                sheet=sheet.sheet,
                row=number,
                column=headers[column.name],
            )
        values.append(value)
    return pd.Series(values, index=cells.index, dtype=column.dtype)


def _parse_cell(column: ColumnSpec, text: str, year: int) -> float | int | None:
    if column.kind == "month":
        date = _DATE.fullmatch(contract.normalise_token(text))
        if date and int(date["year"]) == year:
            return int(date["month"])  # 2011-03 typed, a date kept by Excel: the month of it
        return contract.parse_month(text)
    return parse_number(text, rate=column.kind == "rate")


_DATE = re.compile(
    r"(?P<year>\d{4})\s*[-/.年]\s*(?P<month>\d{1,2})\s*月?"
    r"(\s*[-/.]\s*\d{1,2}\s*日?|\s*\d{1,2}\s*日)?(\s+00:00(:00)?)?"
)


def _not_a_number(column: ColumnSpec, text: str, year: int) -> tuple[str, str]:
    """(message, expected) for a cell that is not a number, saying what it is where it can."""
    expected = _NUMBER_EXPECTED[column.kind]
    cleaned = contract.normalise_token(text)
    date = _DATE.fullmatch(cleaned)
    if column.kind == "month":
        if date:
            return (
                f"a date of {date['year']}, not of {year}",
                f"a month of {year}, such as 3 or 3月",
            )
        return "not a month", expected
    if text.strip().startswith("="):
        return (
            "a formula without a saved result",
            "a figure: open the workbook in Excel and save it (Excel saves each formula's "
            "result), or type the figure",
        )
    if text.strip().upper() in contract.EXCEL_ERRORS:
        return "an Excel error value: the cell's formula failed", f"{expected}: correct the formula"
    if date:
        return (
            "a date, not a number (Excel turns entries such as 1-17 into dates)",
            f"{expected}: format the cell as a number and type the figure again",
        )
    if contract.is_no_figure_mark(text):
        return "not a number", f"{expected}, or an empty cell where there is no figure"
    return "not a number", expected


_NUMBER_EXPECTED = {
    "amount": "an amount in the row's unit, such as 192.1 or 1,234.5",
    "rate": "a rate in % such as 27.6 or -3.5",
    "month": "a month from 1 to 12, such as 3 or 3月",
}


def _validate(reading: _Reading, spec: TableSpec, sheet: _Sheet, table: _Table) -> None:
    present = set(table.headers)
    for severity, schema in (
        ("error", contract.error_schema(spec, present)),
        ("warning", contract.warning_schema(spec, present)),
    ):
        try:
            schema.validate(table.frame, lazy=True)
        except pa.errors.SchemaErrors as failure:
            problems = _failure_problems(reading, spec, sheet, table, failure.failure_cases)
            reading.problems.extend(_with_severity(p, severity) for p in problems)


def _with_severity(problem: Problem, severity: str) -> Problem:
    return dataclasses.replace(problem, severity=severity)


def _failure_problems(reading, spec, sheet, table: _Table, cases: pd.DataFrame) -> list[Problem]:
    """One problem per failing cell (per row for row-wide checks), in row order."""
    problems, seen = [], set()
    cases = cases.sort_values("index", kind="stable", na_position="first")
    for case in cases.itertuples(index=False):
        check = str(case.check)
        row = None if pd.isna(case.index) else int(case.index)
        if (row, case.column) in table.unparsed:
            continue  # already reported as not a number
        wide = check.startswith(contract.CHECK_WITHIN_LIMIT) or "uniqueness" in check
        identity = (check, row) if wide else (check, row, case.column)
        if identity in seen:
            continue
        seen.add(identity)
        problem = _failure_problem(spec, table, check, row, case)
        if problem is not None:
            problems.append(Problem(reading.name(sheet.file_name), sheet=sheet.sheet, **problem))
    return problems


def _failure_problem(spec: TableSpec, table: _Table, check: str, row, case) -> dict | None:
    if check.startswith(contract.CHECK_WITHIN_LIMIT):
        _, value, limit = check.split(":")
        return _above_limit(spec, table, row, value, limit)
    if "uniqueness" in check:
        return _duplicate(spec, table, row)
    column = spec.column(case.column)
    found = _found(table, row, column.name)
    where = {"row": row, "column": table.headers.get(column.name, column.label), "found": found}
    if check == "not_nullable":
        return {"message": "required cell is empty", "expected": _kind_expected(column), **where}
    if check == contract.CHECK_NON_NEGATIVE:
        return {"message": "amount is negative", "expected": "an amount of 0 or more", **where}
    if check == contract.CHECK_NOT_ZERO:
        expected = "a value above 0" + ("" if column.required else ", or an empty cell")
        return {"message": f"value is 0: {column.zero_is_undefined}", "expected": expected, **where}
    if check == contract.CHECK_KNOWN_CODE:
        return {**_unknown_code(column), **where}
    if check == contract.CHECK_RANGE:
        message = "month out of range" if column.kind == "month" else "rate out of range"
        return {"message": message, "expected": _range_expected(column), **where}
    return {"message": f"failed check {check}", "expected": "", **where}


def _found(table: _Table, row, column_name: str) -> str:
    if row is None or column_name not in table.raw:
        return ""
    return str(table.raw.at[row, column_name]).strip()


def _kind_expected(column: ColumnSpec) -> str:
    if column.kind == "code":
        return "one of " + column.expected_codes()
    if column.kind == "month":
        return _NUMBER_EXPECTED["month"]
    return {"text": "a name or text", "amount": "an amount", "rate": "a rate in %"}[column.kind]


def _unknown_code(column: ColumnSpec) -> dict:
    if column.name == "unit":
        return {"message": "unknown unit", "expected": " or ".join(contract.UNIT_DIVISORS)}
    if column.name == "indicator":
        expected = "an indicator code or its Chinese name: " + column.expected_codes()
        return {"message": "unknown indicator", "expected": expected}
    return {"message": "not an allowed value", "expected": "one of " + column.expected_codes()}


def _range_expected(column: ColumnSpec) -> str:
    if column.kind == "month":
        return f"a month from {column.minimum:g} to {column.maximum:g}"
    if column.maximum is None:
        return f"a rate of {column.minimum:g} or more (a fall of over 100% is impossible)"
    return f"a rate from {column.minimum:g} to {column.maximum:g}"


def _duplicate(spec: TableSpec, table: _Table, row: int) -> dict | None:
    keys = table.frame[list(spec.key)]
    if keys.loc[row].isna().any():
        return None  # an empty key cell is reported as such, not as a duplicate
    same = (keys == keys.loc[row]).all(axis=1)
    first = int(same[same].index[0])
    shown = "/".join(_found(table, row, k) for k in spec.key)
    label = "+".join(table.headers[k] for k in spec.key)
    return {
        "message": f"duplicate {label}: already on row {first}",
        "expected": f"each {label} once",
        "found": shown,
        "row": row,
        "column": table.headers[spec.key[0]] if len(spec.key) == 1 else label,
    }


def _above_limit(spec: TableSpec, table: _Table, row: int, value: str, limit: str) -> dict:
    value_header, limit_header = table.headers[value], table.headers[limit]
    unit = _found(table, row, "unit")
    return {
        "message": f"{value_header} is above {limit_header} (over 100% done): please confirm",
        "expected": f"at most {_found(table, row, limit)} {unit}",
        "found": f"{_found(table, row, value)} {unit}",
        "row": row,
        "column": value_header,
    }


# The figures a growth rate is computed from, where a table has both.
_GROWTH_BASES = (("value", "prior_value"), ("output", "prior_output"))


def _check_rates_are_percentages(reading, spec: TableSpec, sheet: _Sheet, table: _Table) -> None:
    """A growth typed as a fraction (0.267 for 26.7%): the row's own figures give it away."""
    base = next((b for b in _GROWTH_BASES if set(b) <= set(table.headers)), None)
    if base is None or "growth_pct" not in table.headers:
        return
    frame, tolerance = table.frame, settings.RATE_TOLERANCE_PP
    computed = (frame[base[0]] / frame[base[1]].where(frame[base[1]] > 0) - 1) * 100
    stated = frame["growth_pct"]
    fraction = ((stated - computed).abs() > tolerance) & (
        (stated * 100 - computed).abs() <= tolerance
    )
    value_header, prior_header = table.headers[base[0]], table.headers[base[1]]
    for row in frame.index[fraction.fillna(False).astype(bool)]:
        reading.error(
            sheet.file_name,
            "rate looks like a fraction, not a percentage",
            f"the rate in %, such as {plain_decimal(Decimal(repr(float(stated[row]))) * 100)} "
            f"({value_header} / {prior_header} - 1 is {computed[row]:.1f}%)",
            _found(table, row, "growth_pct"),
            sheet=sheet.sheet,
            row=int(row),
            column=table.headers["growth_pct"],
        )


def _check_required_rows(reading: _Reading, spec: TableSpec, sheet: _Sheet, table: _Table) -> None:
    if not spec.required_rows or spec.key[0] not in table.headers:
        return
    column = spec.column(spec.key[0])
    present = set(table.frame[column.name].dropna())
    for code in spec.required_rows:
        if code not in present:
            reading.error(
                sheet.file_name,
                f"required row {code} ({(column.codes or {})[code]}) is missing",
                "a row for each of " + ", ".join(spec.required_rows),
                sheet=sheet.sheet,
                column=table.headers[column.name],
            )


# --- the plan: checks across its rows ------------------------------------------------------


def _annual_targets(indicators: _Table | None) -> dict[str, float]:
    """Indicator code -> annual target (亿元) of the indicators table, where it gives one."""
    if indicators is None:
        return {}
    given = indicators.frame.dropna(subset=["indicator", "annual_target"])
    given = given.drop_duplicates("indicator")  # a repeated indicator is an error of its own
    return dict(zip(given["indicator"], given["annual_target"], strict=True))


def _check_plan(reading: _Reading, sheet: _Sheet, table: _Table, targets: dict[str, float]):
    if not {"indicator", "month", "planned"} <= set(table.headers):
        return  # a missing column is reported already; there is nothing to compare
    try:
        contract.plan_schema(targets).validate(table.frame, lazy=True)
    except pa.errors.SchemaErrors as failure:
        failing = failure.failure_cases[["check", "index"]].dropna().drop_duplicates()
        for check, row in failing.itertuples(index=False):
            problem = _plan_problem(table, str(check), int(row), targets)
            reading.problems.append(
                Problem(reading.name(sheet.file_name), sheet=sheet.sheet, **problem)
            )


def _plan_problem(table: _Table, check: str, row: int, targets: dict[str, float]) -> dict:
    indicator = table.frame.at[row, "indicator"]
    named = f"{indicator} ({contract.PLAN_INDICATOR_NAMES[indicator]})"
    month_header, planned_header = table.headers["month"], table.headers["planned"]
    if check == contract.CHECK_PLAN_ALL_MONTHS:
        missing = contract.missing_plan_months(table.frame, indicator)
        present = [m for m in contract.PLAN_MONTHS if m not in missing]
        return {
            "message": f"the plan of {named} lacks {_months(missing)}",
            "expected": "a row for every month 1-12 of each indicator planned",
            "found": _months(present),
            "column": month_header,
        }
    found = f"{_found(table, row, 'planned')} {_found(table, row, 'unit')}"
    if check == contract.CHECK_PLAN_NOT_FALLING:
        before = contract.previous_plan_row(table.frame, row)
        month, month_before = table.frame.at[row, "month"], table.frame.at[before, "month"]
        return {
            "message": f"the plan of {named} falls from month {month_before} to month {month}: "
            "a cumulative plan cannot fall",
            "expected": f"at least {_found(table, before, 'planned')} "
            f"{_found(table, before, 'unit')} (month {month_before}, row {before})",
            "found": found,
            "row": row,
            "column": planned_header,
        }
    target = targets[indicator]
    return {
        "message": f"the plan of {named} for month 12 is not its annual target "
        "in the indicators table: the plan must reach the target by December",
        "expected": f"{target:g} {contract.STORED_UNIT} "
        f"(± {contract.PLAN_TARGET_TOLERANCE:g} {contract.STORED_UNIT})",
        "found": found,
        "row": row,
        "column": planned_header,
    }


def _months(months: list[int]) -> str:
    """Months as runs: [1, 2, 3, 6, 9, 10] -> 'months 1-3, 6, 9-10'; [7] -> 'month 7'."""
    runs: list[list[int]] = []
    for month in months:
        if runs and month == runs[-1][-1] + 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    listed = ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
    return f"month {listed}" if len(months) == 1 else f"months {listed}"


# --- provenance -----------------------------------------------------------------------------


def _provenance(reading: _Reading, meta: Meta, tables: dict[str, _Table | None]) -> pd.DataFrame:
    """The table defaults and overrides of meta.yml, checked against the tables read."""
    rules: list[dict] = []
    described = set()
    for written, table_meta in meta.tables.items():
        spec = contract.find_table(written)
        if spec is None:
            reading.error(META_FILE, f"tables.{written}: unknown table", _table_names(), written)
            continue
        described.add(spec.name)
        if tables.get(spec.name) is None:
            continue  # absent, or unreadable and reported where it was read
        rules.append(_rule(spec.name, None, None, table_meta.provenance, table_meta.note))
        for number, override in enumerate(table_meta.overrides):
            rule = _override_rule(reading, spec, tables[spec.name], written, number, override)
            if rule and any(_same_cells(rule, other) for other in rules):
                where = f"tables.{written}.overrides[{number}]"
                reading.error(META_FILE, f"{where}: a second override of the same cells")
            elif rule:
                rules.append(rule)
    for name, table in tables.items():
        if table is not None and name not in described:
            reading.error(
                META_FILE,
                f"tables.{name} is missing",
                f"the provenance of the {name} table: published, derived or illustrative",
            )
    return pd.DataFrame(rules, columns=PROVENANCE_COLUMNS, dtype="str")


def _rule(table: str, row_key, column, provenance: str, note) -> dict:
    return dict(zip(PROVENANCE_COLUMNS, (table, row_key, column, provenance, note), strict=True))


def _same_cells(rule: dict, other: dict) -> bool:
    return all(rule[k] == other[k] for k in ("table", "row_key", "column"))


def _override_rule(reading, spec: TableSpec, table: _Table | None, written, number, override):
    where = f"tables.{written}.overrides[{number}]"
    column = None
    if override.column is not None:
        found = spec.find_column(override.column)
        if found is None or found.name == "unit":
            expected = "one of " + ", ".join(spec.stored_columns)
            reading.error(META_FILE, f"{where}.column: unknown column", expected, override.column)
            return None
        column = found.name
    key = None
    if override.row is not None:
        key = contract.row_key(spec, override.row)
        if table is not None and set(spec.key) <= set(table.headers):
            keys = _row_keys(spec, table.frame)
            if key not in keys:
                expected = f"the {'/'.join(spec.key)} of a row of {spec.name}, e.g. {keys[0]}"
                reading.error(META_FILE, f"{where}.row: no such row", expected, override.row)
                return None
    return _rule(spec.name, key, column, override.provenance, override.note)


def _row_keys(spec: TableSpec, frame: pd.DataFrame) -> list[str]:
    return [
        contract.KEY_SEPARATOR.join(str(v) for v in values)
        for values in frame[list(spec.key)].itertuples(index=False)
    ]
