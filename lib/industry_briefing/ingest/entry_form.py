"""The Excel workbook an analyst fills in for a month (`briefing template PERIOD`).

One sheet per table of the contract, named by its Chinese title and headed by the contract's
Chinese headers, so that the filled workbook, saved as `data/raw/PERIOD/figures.xlsx`, is read
by the reader as it is (see reader.py: sheets by table name, row 1 the header). Besides the
tables: 说明 (how to fill it in) and 来源 (region, source, period and provenance: what meta.yml
holds beside CSV files); the reader skips the first and reads the second when the folder has
no meta.yml.

Drop-down lists are inline (`"亿元,万元"`), not ranges on a hidden sheet: the lists are short,
and a hidden sheet would be one more sheet the reader must know to skip. Units, kinds and
whether a column is required are in each header's comment and in the instructions, not in an
extra row under the header, because every row under the header is data to the reader.

Last month's rows are pre-filled with what does not change within a year (names, districts,
annual targets, the monthly plan), never with last month's figures: a figure left from last
month would pass every check and be wrong. Each table's 来源标注 is the analyst's last real
month's (entry_provenance.py), never 示意 by default.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from industry_briefing.contract import tables as contract
from industry_briefing.contract import units
from industry_briefing.contract.tables import TABLES, ColumnSpec, TableSpec
from industry_briefing.core import files, settings
from industry_briefing.core.errors import InputError
from industry_briefing.core.figures import PeriodFigures
from industry_briefing.core.periods import Period, available_periods
from industry_briefing.ingest import reader, spreadsheet
from industry_briefing.ingest.entry_columns import CellValue, column_note, put, validation
from industry_briefing.ingest.entry_provenance import Carried, last_real_provenance
from industry_briefing.ingest.prefill import ANNUAL_COLUMNS, PREFILLED_FILL, STATIC_COLUMNS

# Validations and formats reach this row: room for far more parks, enterprises or projects
# than a city reports, without making the file heavy.
LAST_ROW = 1000

PROVENANCE_NAMES = {word: name for name, word in spreadsheet.PROVENANCE_WORDS.items()}


HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


@dataclass(frozen=True)
class Written:
    """What `write_template` wrote: where, and what it pre-filled from which period."""

    path: Path
    period: Period
    previous: Period | None
    prefilled: dict[str, int] = field(default_factory=dict)  # table -> rows pre-filled
    skipped: tuple[str, ...] = ()  # earlier periods not used because their input has errors
    # table -> the provenance pre-filled on the 来源 sheet, and the month it is from
    provenance: dict[str, Carried] = field(default_factory=dict)


def write_template(path: Path, period: Period, data_dir: Path, force: bool = False) -> Written:
    """Write the template of `period` to `path`, pre-filled from the latest earlier period.

    Raises FileExistsError when `path` exists and `force` is not given. The file appears
    whole or not at all (written beside it, then moved into place).
    """
    path = Path(path)
    if path.exists() and not force:
        raise FileExistsError(path)
    previous, skipped = previous_figures(data_dir, period)
    carried = last_real_provenance(data_dir, period)
    book = build_workbook(period, previous, carried)
    path.parent.mkdir(parents=True, exist_ok=True)
    built = io.BytesIO()  # in memory: a full disk fails the write below, not openpyxl's zip
    book.save(built)
    files.write_whole(path, built.getvalue())  # 0666 less the umask: a form to pass on
    prefilled = {}
    if previous is not None:
        prefilled = {
            name: len(_carried_rows(TABLES[name], previous, period)) for name in STATIC_COLUMNS
        }
    return Written(
        path,
        period,
        previous.period if previous else None,
        {k: v for k, v in prefilled.items() if v},
        tuple(skipped),
        carried,
    )


def previous_figures(data_dir: Path, period: Period) -> tuple[PeriodFigures | None, list[str]]:
    """(the latest earlier period that reads without errors, or None; the ones skipped)."""
    skipped: list[str] = []
    for earlier in reversed(available_periods(data_dir)):
        if earlier >= period:
            continue
        try:
            return reader.read_period(data_dir, earlier), skipped
        except InputError:
            skipped.append(str(earlier))
    return None, skipped


# --- the workbook -------------------------------------------------------------------------


def build_workbook(
    period: Period, previous: PeriodFigures | None, carried: Mapping[str, Carried]
) -> Workbook:
    """`carried`: the provenance of each table to pre-fill (see last_real_provenance)."""
    book = Workbook()
    instructions = book.active
    assert instructions is not None  # a new workbook's one sheet is active
    instructions.title = spreadsheet.INSTRUCTIONS_SHEET
    _instructions(instructions, period, previous, carried)
    choices = book.create_sheet(spreadsheet.CHOICES_SHEET)
    for spec in TABLES.values():
        sheet = book.create_sheet(spec.title, len(book.sheetnames) - 1)
        _table_sheet(sheet, spec, _carried_rows(spec, previous, period), choices)
    meta = book.create_sheet(spreadsheet.META_SHEET, len(book.sheetnames) - 1)
    _meta_sheet(meta, period, previous, carried)
    choices.sheet_state = "hidden"
    return book


def _carried_rows(
    spec: TableSpec, previous: PeriodFigures | None, period: Period
) -> list[dict[str, CellValue]]:
    """The rows of `spec` to pre-fill: the previous period's static columns."""
    if previous is None:
        if spec.name == "indicators":  # the contract's required rows, named for the analyst
            return [
                {"indicator": code, "unit": contract.STORED_UNIT} for code in spec.required_rows
            ]
        return []
    same_year = previous.period.year == period.year
    if spec.name == "plan" and not same_year:
        return []
    columns = [c for c in STATIC_COLUMNS[spec.name] if same_year or c not in ANNUAL_COLUMNS]
    frame = previous.table(spec.name)
    rows: list[dict[str, CellValue]] = []
    if (spec.name == "targets" and not same_year) or not columns:
        return []
    for record in frame.to_dict("records"):
        if spec.keeps_unit:  # amounts back in the unit each row was entered in
            rows.append({c: _entered(spec, c, record) for c in columns})
            continue
        # Amounts are stored in 亿元, so the carried targets are in 亿元 too.
        rows.append({c: contract.STORED_UNIT if c == "unit" else record[c] for c in columns})
    return rows


def _entered(spec: TableSpec, column: str, record: Mapping[Hashable, Any]) -> CellValue:
    value, unit = record[column], record.get("unit")
    if spec.column(column).kind != "amount" or not isinstance(unit, str) or pd.isna(value):
        return value
    return float(units.in_unit(float(value), unit))


def _shown(column: ColumnSpec, value: CellValue) -> CellValue:
    """A stored value as the analyst writes it: indicator codes by their Chinese name."""
    if column.kind == "code" and isinstance(value, str):
        return (column.codes or {}).get(value, value)
    if column.kind == "month" and value is not None and not pd.isna(value):
        return int(value)
    return value


def _table_sheet(
    sheet: Worksheet, spec: TableSpec, rows: list[dict[str, CellValue]], choices: Worksheet
) -> None:
    for number, column in enumerate(spec.columns, start=1):
        cell = put(sheet, 1, number, column.header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.comment = Comment(column_note(column, spec), "briefing template")
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = 30 if column.kind == "text" else 14
        if column.kind == "figure":  # text, so that Excel keeps the digits as printed (6.0)
            sheet.column_dimensions[letter].number_format = "@"
        rule = validation(column, choices)
        if rule is not None:
            sheet.add_data_validation(rule)
            rule.add(f"{letter}2:{letter}{LAST_ROW}")
    for offset, row in enumerate(rows, start=2):
        for number, column in enumerate(spec.columns, start=1):
            if column.name in row:
                cell = put(sheet, offset, number, _shown(column, row[column.name]))
                cell.fill = PREFILLED_FILL
    sheet.freeze_panes = "A2"


def _meta_sheet(
    sheet: Worksheet,
    period: Period,
    previous: PeriodFigures | None,
    carried: Mapping[str, Carried],
) -> None:
    region = previous.region if previous is not None else None
    labelled = (("地区", region), ("数据来源", None), ("期间", str(period)))
    for number, (label, value) in enumerate(labelled, start=1):
        put(sheet, number, 1, label).font = HEADER_FONT
        put(sheet, number, 2, value)
    put(sheet, 1, 3, "如：贵阳市")
    put(sheet, 2, 3, "本期数据的出处（必填），如：贵阳市统计局，2011年1-4月统计月报")
    put(sheet, 3, 3, "与文件夹名一致，不用修改")
    header = len(labelled) + 2
    for number, title in enumerate(spreadsheet.META_TABLE_HEADER, start=1):
        cell = put(sheet, header, number, title)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for offset, spec in enumerate(TABLES.values(), start=header + 1):
        put(sheet, offset, 1, spec.title)
        _provenance_cell(sheet, offset, carried.get(spec.name))
    words = ",".join(spreadsheet.PROVENANCE_WORDS)
    validation = DataValidation(
        type="list",
        formula1=f'"{words}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="来源标注",
        error=f"请选择：{words}",
    )
    sheet.add_data_validation(validation)
    validation.add(f"D{header + 1}:D{LAST_ROW}")
    tables = ",".join(spec.title for spec in TABLES.values())
    table_list = DataValidation(type="list", formula1=f'"{tables}"', allow_blank=True)
    sheet.add_data_validation(table_list)
    table_list.add(f"A{header + 1}:A{LAST_ROW}")
    for letter, width in zip("ABCDE", (12, 40, 16, 12, 50), strict=True):
        sheet.column_dimensions[letter].width = width


@functools.cache
def _instructions_template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(settings.TEMPLATES_DIR / "entry_form"),
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template("instructions.zh.txt.j2")


def _provenance_cell(sheet: Worksheet, row: int, carried: Carried | None) -> None:
    """A table's 来源标注: the last real month's, or empty for the analyst to choose; its
    comment says which."""
    if carried is None:
        note = "请选择：公布、推算或示意（此前没有该表不是示意的月份，不预填）"
        put(sheet, row, 4, None).comment = Comment(note, "briefing template")
        return
    word = PROVENANCE_NAMES[carried.provenance]
    note = f"沿用 {carried.period}（该表最近一个不是示意的月份）的“{word}”，请按本期核实"
    put(sheet, row, 4, word).comment = Comment(note, "briefing template")


def _instructions(
    sheet: Worksheet,
    period: Period,
    previous: PeriodFigures | None,
    carried: Mapping[str, Carried],
) -> None:
    """The 说明 sheet: templates/entry_form/instructions.zh.txt.j2, a line per cell, then the
    columns of every table."""
    provenance = [
        (spec.title, PROVENANCE_NAMES[carried[name].provenance], carried[name].period)
        for name, spec in TABLES.items()
        if name in carried
    ]
    text = _instructions_template().render(period=period, previous=previous, provenance=provenance)
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        cell = put(sheet, number, 1, line.removeprefix("# "))
        if line.startswith("# "):
            cell.font = HEADER_FONT
    row = len(lines) + 1
    for title, cell_text in enumerate(("表", "表头", "必填", "说明")):
        cell = put(sheet, row, title + 1, cell_text)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for spec in TABLES.values():
        for column in spec.columns:
            row += 1
            required = "是" if column.required else "否"
            note = column_note(column, spec).split("：", 1)[1].split("。", 1)[1]
            values = (spec.title, column.header, required, note)
            for number, value in enumerate(values, start=1):
                put(sheet, row, number, value).alignment = Alignment(wrap_text=True)
    for letter, width in zip("ABCD", (12, 16, 8, 70), strict=True):
        sheet.column_dimensions[letter].width = width
