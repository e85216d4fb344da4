"""The month's tables as a spreadsheet beside the briefing (reports/PERIOD/tables.xlsx).

One sheet per input table of the period that has rows, named and headed as the contract
names them in the briefing's language (the Chinese title and headers of the entry form, or
the English names), numbers as numbers with a display format, amounts of money in 亿元 as
stored (the header says the unit), the figures of a table that keeps each row's unit
(indicators, targets, products …) in the unit it was entered in beside that unit
(briefing.quantities: 101.2 亿千瓦时, never the stored 1012000), indicators by their names,
never their codes, and a last column saying which cells of each row are derived or
illustrative (the columns, or the whole row) when any of the table's cells is, so the marks
survive the copy: of the cells that hold a figure (an empty target is marked nothing). A
column empty in every row is left out. A last sheet lists every data-quality finding to
confirm (the 简报's 附表2 prints the first of them: the profile's `brief.findings`). Text that
Excel could take for a formula (`=cmd()`, `+5G…`) is written as text, marked so
(`quotePrefix`, as Excel marks what is typed after an apostrophe), never with an apostrophe of
its own. Written to a temporary file and moved into place, so a reader never opens half a
file.
"""

from __future__ import annotations

import io
import numbers
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from industry_briefing.analysis import findings_brief, quality
from industry_briefing.analysis.findings import Finding
from industry_briefing.briefing import labels, phrases, quantities
from industry_briefing.briefing.sections import appendix
from industry_briefing.contract import provenance
from industry_briefing.contract.catalogue import Catalogue, catalogue_of
from industry_briefing.contract.tables import TABLES, ColumnSpec, TableSpec
from industry_briefing.core import files
from industry_briefing.core.figures import TABLE_NAMES, PeriodFigures
from industry_briefing.core.periods import Period
from industry_briefing.core.settings import DEFAULT_LANG, TABLES_WORKBOOK
from industry_briefing.ingest.spreadsheet import FORMULA_STARTS

WORKBOOK = TABLES_WORKBOOK  # the name, owned by settings
SHEET_NAME_LIMIT = 31  # Excel refuses a longer sheet name
WIDTH_LIMIT = 60  # characters: a long issue text wraps in the cell rather than widening it
# Display formats by the contract's kind of column (the stored value is the exact number).
NUMBER_FORMATS = {"amount": "0.00", "rate": "0.00", "number": "0.##", "month": "0", "rank": "0"}
# A figure in its row's entered unit: as entered (101.2, 6330), not padded to 2 decimals.
ENTERED_FORMAT = "General"
_HEADER_FONT = Font(bold=True)

Cell = str | float | int | None


def write_tables(
    figures: PeriodFigures,
    directory: Path,
    lang: str = DEFAULT_LANG,
    history: pd.DataFrame | None = None,
    priors: Mapping[str, Period] | None = None,
) -> Path:
    """Write the period's tables to directory/tables.xlsx, then every data-quality finding to
    confirm; the path written. `history`: the year's earlier releases, for the checks across
    releases (analysis.quality.run_checks); without it, the checks of the month's figures.
    `priors`: the 上年同期 the model takes from last year's release (loading.checked_against)."""
    book = Workbook(write_only=True)
    taken: set[str] = set()
    for name in TABLE_NAMES:
        frame = figures.table(name)
        if not frame.empty:
            _write_sheet(book, figures, TABLES[name], frame, _sheet_name(name, lang, taken), lang)
    _write_findings(book, figures, quality.run_checks(figures, history, priors), lang, taken)
    if not book.worksheets:  # a workbook needs a sheet; a month without rows has an empty one
        book.create_sheet(_sheet_name("indicators", lang, taken))
    # Built in memory, then written whole: a full disk fails that write, in one line, not
    # openpyxl's zip archive, whose half-written file would be closed again when collected
    # and print a traceback ("Exception ignored in ZipFile.__del__").
    built = io.BytesIO()
    book.save(built)
    return files.write_whole(directory / WORKBOOK, built.getvalue())


def sheet_title(name: str, lang: str) -> str:
    """A table's sheet name in the language: the contract's Chinese title, or its name."""
    return TABLES[name].title if lang == "zh" else name


def _sheet_name(name: str, lang: str, taken: set[str], title: str = "") -> str:
    """Unique within the workbook and short enough for Excel; characters Excel refuses in a
    sheet name ([]:*?/\\) replaced. `title`: the sheet's own (else the table's)."""
    title = title or sheet_title(name, lang)
    base = title.translate(str.maketrans("[]:*?/\\", "_______"))
    base = base[:SHEET_NAME_LIMIT] or name[:SHEET_NAME_LIMIT]
    title, number = base, 1
    while title.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        title = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix
    taken.add(title.casefold())
    return title


def _write_sheet(
    book: Workbook,
    figures: PeriodFigures,
    spec: TableSpec,
    frame: pd.DataFrame,
    title: str,
    lang: str,
) -> None:
    sheet = book.create_sheet(title)
    columns = [
        spec.column(name)
        for name in frame.columns
        if _in_contract(spec, name) and _filled(frame[name]).any()  # no column empty throughout
    ]
    marks = _row_marks(figures, spec, frame, columns, lang)  # by the stored keys (codes)
    frame = _as_entered(frame, spec, catalogue_of(figures.regional_indicators), lang)
    headers = [_header(column, spec, lang) for column in columns]
    if marks is not None:
        headers.append(labels.label("frame.column.provenance", lang))
    rows = [
        [_cell(value, column, lang) for value, column in zip(row, columns, strict=True)]
        for row in frame[[column.name for column in columns]].itertuples(index=False)
    ]
    if marks is not None:
        for row, mark in zip(rows, marks, strict=True):
            row.append(mark)
    _set_widths(sheet, headers, rows)
    sheet.freeze_panes = "A2"
    sheet.append([_bold(sheet, header) for header in headers])
    formats = [_number_format(column, spec) for column in columns]
    formats += [None] * (len(headers) - len(formats))  # the provenance column: words
    for row in rows:
        sheet.append(
            [_formatted(sheet, value, fmt) for value, fmt in zip(row, formats, strict=True)]
        )


def _write_findings(
    book: Workbook,
    figures: PeriodFigures,
    checked: list[Finding],
    lang: str,
    taken: set[str],
) -> None:
    """Every finding to confirm, those that matter most first (附表2 of the 简报 prints the
    first of them and points here): check, item, kind, detail. No sheet without findings."""
    found = findings_brief.ranked(checked)
    if not found:
        return
    catalogue = catalogue_of(figures.regional_indicators)
    units = appendix.entered_units(figures.indicators)
    frame = appendix.findings_frame(found, lang, catalogue, units)
    kinds = [appendix.kind_name(finding.kind, lang) for finding in found]
    frame.insert(2, labels.label("column.finding_kind", lang), kinds)
    title = labels.label("workbook.findings_sheet", lang)
    sheet = book.create_sheet(_sheet_name("findings", lang, taken, title))
    headers = [str(header) for header in frame.columns]
    rows: list[list[Cell]] = [
        [str(value) for value in row] for row in frame.itertuples(index=False)
    ]
    _set_widths(sheet, headers, rows)
    sheet.freeze_panes = "A2"
    sheet.append([_bold(sheet, header) for header in headers])
    for row in rows:
        sheet.append([_formatted(sheet, value, None) for value in row])


def _as_entered(
    frame: pd.DataFrame, spec: TableSpec, catalogue: Catalogue, lang: str
) -> pd.DataFrame:
    """The stored rows as the bulletin gave them: amounts in each row's own unit (the unit
    column named in the language), indicators by their names."""
    if spec.keeps_unit:
        amounts = [column.name for column in spec.columns if column.kind == "amount"]
        frame = quantities.in_row_units(frame, amounts, lang)
    if "indicator" in frame.columns and spec.column("indicator").kind == "code":
        frame = frame.assign(
            indicator=frame["indicator"].map(lambda code: _name(code, catalogue, lang))
        )
    return frame


def _name(code: object, catalogue: Catalogue, lang: str) -> object:
    """An indicator's name in the language (the region's own too, and the plan's parks
    together); an unknown code as it is."""
    indicator = catalogue.indicators.get(str(code))
    if indicator is not None:
        return phrases.name_of(indicator, lang)
    return labels.lookup("indicator", lang).get(str(code), code)


def _number_format(column: ColumnSpec, spec: TableSpec) -> str | None:
    if column.kind == "amount" and spec.keeps_unit:
        return ENTERED_FORMAT
    return NUMBER_FORMATS.get(column.kind)


def _in_contract(spec: TableSpec, name: str) -> bool:
    return any(column.name == name for column in spec.columns)


def _header(column: ColumnSpec, spec: TableSpec, lang: str) -> str:
    """The contract's header in the language; a money amount's says its stored unit."""
    header = column.header if lang == "zh" else column.name
    if column.kind == "amount" and not spec.keeps_unit:
        return labels.label("workbook.amount_header", lang, header=header)
    return header


def _cell(value: object, column: ColumnSpec, lang: str) -> Cell:
    """A number as a number, text as text (a code said as the contract names it in Chinese),
    a missing value empty."""
    # pandas-stubs' isna has no overload for an `object` (pandas takes any scalar)
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return None
    if isinstance(value, str):
        if lang == "zh" and column.codes:
            value = column.codes.get(value, value)
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    return str(value)


def _filled(values: pd.Series) -> pd.Series:
    """Which cells hold something: not missing, not empty text."""
    return values.notna() & values.map(lambda value: not (isinstance(value, str) and not value))


def _row_marks(
    figures: PeriodFigures,
    spec: TableSpec,
    frame: pd.DataFrame,
    columns: list[ColumnSpec],
    lang: str,
) -> list[str] | None:
    """Each row's mark when any cell of the table is not published: the kind alone when every
    cell of the row is of it (示意), else which columns are derived or illustrative (示意：区县、
    年度目标（亿元）), a published cell never marked; published rows left empty. None when all
    of it is published, or no rule covers the table."""
    names = [column.name for column in columns]
    filled = pd.DataFrame({name: _filled(frame[name]) for name in names})
    try:
        rows = [
            {
                column: kind  # a cell without a figure has no provenance to say
                for column, kind in provenance.kinds_of_row(
                    figures, spec.name, _key(tuple(key)), names
                ).items()
                if has[column]
            }
            for key, (_, has) in zip(
                frame[list(spec.key)].itertuples(index=False), filled.iterrows(), strict=True
            )
        ]
    except KeyError:
        return None
    if all(set(kinds.values()) <= {"published"} for kinds in rows):
        return None  # every figure published (a column of marks would be an empty one)
    headers = {column.name: _header(column, spec, lang) for column in columns}
    return [_row_mark(kinds, headers, lang) for kinds in rows]


def _row_mark(kinds: dict[str, str], headers: dict[str, str], lang: str) -> str:
    """A row's cells by kind: 推算：年度目标（亿元）, and when no cell is published the
    commonest kind as the rest of the row (推算：年度目标（亿元）；其余示意)."""
    by_kind: dict[str, list[str]] = {}
    for column, kind in kinds.items():
        by_kind.setdefault(kind, []).append(column)
    marked = {kind: names for kind, names in by_kind.items() if kind != "published"}
    if not marked:
        return ""
    word = {kind: labels.label(f"frame.provenance.{kind}", lang) for kind in marked}
    if len(by_kind) == 1:
        return next(iter(word.values()))
    rest = None if "published" in by_kind else max(marked, key=lambda kind: len(marked[kind]))
    separator = labels.label("workbook.separator", lang)
    said = [
        labels.label(
            "workbook.marked_columns",
            lang,
            kind=word[kind],
            columns=separator.join(headers[name] for name in names),
        )
        for kind, names in marked.items()
        if kind != rest
    ]
    if rest is not None:
        said.append(labels.label("workbook.rest", lang, kind=word[rest]))
    return labels.label("workbook.mark_separator", lang).join(said)


def _key(values: tuple) -> str | tuple:
    text = tuple("" if pd.isna(v) else str(v) for v in values)
    return text[0] if len(text) == 1 else text


def _set_widths(sheet: WriteOnlyWorksheet, headers: list[str], rows: list[list[Cell]]) -> None:
    """Each column as wide as its longest cell (a CJK character counts two), up to a limit."""
    from openpyxl.utils import get_column_letter

    for number, header in enumerate(headers):
        longest = max([_width(header), *(_width(row[number]) for row in rows[:500])])
        # openpyxl's stubs omit a write-only sheet's column_dimensions, which it has
        sheet.column_dimensions[get_column_letter(number + 1)].width = min(longest + 2, WIDTH_LIMIT)  # type: ignore[attr-defined]


def _width(value: Cell) -> int:
    if value is None:
        return 0
    text = value if isinstance(value, str) else str(value)
    return sum(2 if ord(char) > 0x2E7F else 1 for char in text)


def _bold(sheet: WriteOnlyWorksheet, value: str) -> SheetCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = _HEADER_FONT
    return cell


def _formatted(
    sheet: WriteOnlyWorksheet, value: Cell, number_format: str | None
) -> Cell | SheetCell:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return _text(sheet, value)
    if number_format is None or not isinstance(value, int | float):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def _text(sheet: WriteOnlyWorksheet, text: str) -> SheetCell:
    """Text Excel could take for a formula (=, +, -, @ first): a text cell (openpyxl would make
    `=…` a formula) marked as Excel marks text typed after an apostrophe (quotePrefix), so
    that it shows as written and stays text when edited."""
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell
