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
month would pass every check and be wrong.
"""

from __future__ import annotations

import functools
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypedDict

import jinja2
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from industry_briefing.contract import tables as contract
from industry_briefing.contract import units
from industry_briefing.contract.tables import TABLES, ColumnSpec, TableSpec
from industry_briefing.core import settings
from industry_briefing.core.errors import InputError
from industry_briefing.core.figures import PeriodFigures
from industry_briefing.core.periods import Period, available_periods
from industry_briefing.ingest import reader, spreadsheet

# Validations and formats reach this row: room for far more parks, enterprises or projects
# than a city reports, without making the file heavy.
LAST_ROW = 1000

# The columns carried over from the previous period: what identifies a row, and the targets.
STATIC_COLUMNS = {
    "indicators": ("indicator", "unit", "annual_target"),
    "parks": ("park", "district", "annual_target", "unit"),
    "districts": ("district", "indicator", "unit", "annual_target"),
    "enterprises": ("enterprise", "district", "industry", "unit"),
    "projects": ("project", "district", "park", "total_investment", "annual_plan", "unit"),
    "plan": ("indicator", "month", "planned", "unit"),
    "targets": ("indicator", "kind", "horizon", "amount", "unit", "growth_pct"),
    "breakdowns": ("indicator", "dimension", "part", "unit", "count_unit"),
    "products": ("product", "unit"),
    "project_groups": (
        "project_group",
        "count_unit",
        "unit",
        "investment_kind",
        "count_target",
        "count_target_kind",
    ),
    "outlook": ("indicator", "horizon", "unit", "target_kind"),
}
# Annual: carried over within a year only (a new year has new targets and a new plan).
ANNUAL_COLUMNS = ("annual_target", "annual_plan", "planned", "amount", "count_target")

PROVENANCE_NAMES = {word: name for name, word in spreadsheet.PROVENANCE_WORDS.items()}

# What the template writes in a cell: text, a number, or nothing.
CellValue = str | float | None

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
PREFILLED_FILL = PatternFill("solid", fgColor="F2F2F2")

_KIND_NOTES = {
    "text": "文本。",
    "code": "从下拉列表中选择：{choices}。",
    "amount": "数值，单位为本行“单位”列（园区、项目等表为亿元或万元；指标类表用与指标相符的单位，"
    "如亿元、万千瓦时、平方公里、万吨、个），不能为负。",
    "number": "数值（如个数），不能为负。",
    "rank": "排位，如 4、第4位 或 第四位。",
    "rate": "比率（%），如 27.6 或 -3.5，不随单位换算。",
    "month": "月份，1-12 的整数。",
}
_COLUMN_NOTES = {
    "value": "1月至本月的累计数（1-N月）。",
    "output": "1月至本月的累计产值（1-N月）。",
    "completed": "1月至本月累计完成（1-N月）。",
    "prior_value": "上年1月至同月的累计数。",
    "prior_output": "上年1月至同月的累计产值。",
    "planned": "1月至该月末的计划累计数；12月须等于年度目标。",
    "indicator": "填中文指标名（下拉选择）。",
    "unit": "本行所有金额的单位；入库时统一换算为亿元。",
}


@dataclass(frozen=True)
class Written:
    """What `write_template` wrote: where, and what it pre-filled from which period."""

    path: Path
    period: Period
    previous: Period | None
    prefilled: dict[str, int] = field(default_factory=dict)  # table -> rows pre-filled
    skipped: tuple[str, ...] = ()  # earlier periods not used because their input has errors


def write_template(path: Path, period: Period, data_dir: Path, force: bool = False) -> Written:
    """Write the template of `period` to `path`, pre-filled from the latest earlier period.

    Raises FileExistsError when `path` exists and `force` is not given. The file appears
    whole or not at all (written beside it, then moved into place).
    """
    path = Path(path)
    if path.exists() and not force:
        raise FileExistsError(path)
    previous, skipped = previous_figures(data_dir, period)
    book = build_workbook(period, previous)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".template-", suffix=".xlsx", dir=path.parent)
    os.close(handle)
    try:
        book.save(temporary)
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
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


def build_workbook(period: Period, previous: PeriodFigures | None) -> Workbook:
    book = Workbook()
    instructions = book.active
    assert instructions is not None  # a new workbook's one sheet is active
    instructions.title = spreadsheet.INSTRUCTIONS_SHEET
    _instructions(instructions, period, previous)
    choices = book.create_sheet(spreadsheet.CHOICES_SHEET)
    for spec in TABLES.values():
        sheet = book.create_sheet(spec.title, len(book.sheetnames) - 1)
        _table_sheet(sheet, spec, _carried_rows(spec, previous, period), choices)
    _meta_sheet(book.create_sheet(spreadsheet.META_SHEET, len(book.sheetnames) - 1), period, previous)
    choices.sheet_state = "hidden"
    return book


def _put(sheet: Worksheet, row: int, column: int, value: CellValue) -> Cell:
    """Every cell the template writes goes through the formula-injection guard."""
    if value is not None and not isinstance(value, str) and pd.isna(value):
        # pandas-stubs' isna claims True only for NaT, NA and None, not a float NaN
        # (pandas-dev/pandas-stubs#1009), so it deems this line unreachable.
        value = None  # type: ignore[unreachable]
    return sheet.cell(row=row, column=column, value=spreadsheet.neutralise(value))


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
    if spec.name == "targets" and not same_year:
        return []
    for record in frame.to_dict("records"):
        if spec.keeps_unit:  # amounts back in the unit each row was entered in
            rows.append({c: _entered(spec, c, record) for c in columns})
            continue
        # Amounts are stored in 亿元, so the carried targets are in 亿元 too.
        rows.append({c: contract.STORED_UNIT if c == "unit" else record[c] for c in columns})
    return rows


def _entered(spec: TableSpec, column: str, record: dict[str, CellValue]) -> CellValue:
    value, unit = record[column], record.get("unit")
    if spec.column(column).kind != "amount" or not isinstance(unit, str) or pd.isna(value):
        return value
    return float(units.in_unit(float(value), unit))  # type: ignore[arg-type]


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
        cell = _put(sheet, 1, number, column.header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.comment = Comment(_column_note(column), "briefing template")
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = 30 if column.kind == "text" else 14
        validation = _validation(column, choices)
        if validation is not None:
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{LAST_ROW}")
    for offset, row in enumerate(rows, start=2):
        for number, column in enumerate(spec.columns, start=1):
            if column.name in row:
                cell = _put(sheet, offset, number, _shown(column, row[column.name]))
                cell.fill = PREFILLED_FILL
    sheet.freeze_panes = "A2"


def _column_note(column: ColumnSpec) -> str:
    required = "必填" if column.required else "可选（可留空）"
    choices = "、".join((column.codes or {}).values())
    note = _KIND_NOTES[column.kind].format(choices=choices)
    if column.zero_is_undefined:
        note += "不能为0。"
    if column.minimum is not None and column.kind == "rate":
        low, high = column.minimum, column.maximum
        note += f"不小于{low:g}。" if high is None else f"在{low:g}至{high:g}之间。"
    return (
        f"{column.header}（{column.name}）：{required}。{note}{_COLUMN_NOTES.get(column.name, '')}"
    )


class _Common(TypedDict):
    """The settings every validation of a table's column has."""

    allow_blank: bool
    showErrorMessage: bool
    showInputMessage: bool


class _Bounds(TypedDict, total=False):
    operator: Literal["greaterThanOrEqual", "between"]
    formula1: str
    formula2: str


# Excel takes at most 255 characters in a list typed into a validation.
_INLINE_LIST_CHARS = 250


def _choices_range(column: ColumnSpec, choices: Worksheet) -> str:
    """The list of a code column: typed inline, or (when long) a column of the 选项 sheet."""
    names = list((column.codes or {}).values())
    inline = ",".join(names)
    if len(inline) <= _INLINE_LIST_CHARS:
        return f'"{inline}"'
    for number in range(1, choices.max_column + 2):
        header = choices.cell(row=1, column=number).value
        if header in (None, column.name):
            break
    letter = get_column_letter(number)
    if header is None:
        _put(choices, 1, number, column.name)
        for row, name in enumerate(names, start=2):
            _put(choices, row, number, name)
    return f"'{spreadsheet.CHOICES_SHEET}'!${letter}$2:${letter}${len(names) + 1}"


def _validation(column: ColumnSpec, choices: Worksheet) -> DataValidation | None:
    """The drop-down list of a code column, the number rule of an amount, rate or month."""
    common: _Common = {"allow_blank": True, "showErrorMessage": True, "showInputMessage": True}
    title = column.header[:32]  # Excel limits titles to 32 characters
    if column.kind == "code":
        listed = _choices_range(column, choices)
        shown = listed.strip('"') if listed.startswith('"') else "见下拉列表"
        return DataValidation(
            type="list",
            formula1=listed,
            errorTitle=title,
            error=f"请从下拉列表中选择：{shown}"[:255],
            promptTitle=title,
            prompt="从下拉列表中选择",
            **common,
        )
    if column.kind == "amount":
        operator: Literal["greaterThan", "greaterThanOrEqual"]
        operator, low = (
            ("greaterThan", "0")
            if column.zero_is_undefined
            else (
                "greaterThanOrEqual",
                "0",
            )
        )
        rule = "大于0的数字" if column.zero_is_undefined else "不小于0的数字"
        return DataValidation(
            type="decimal",
            operator=operator,
            formula1=low,
            errorTitle=title,
            error=f"请填{rule}（单位见本行“单位”列）",
            promptTitle=title,
            prompt=f"{rule}，单位见本行“单位”列",
            **common,
        )
    if column.kind in ("rate", "month") and column.minimum is None and column.maximum is None:
        return None  # any rate (a difference of rates, a contribution): typed as a number
    if column.kind in ("rate", "month"):
        kind: Literal["whole", "decimal"] = "whole" if column.kind == "month" else "decimal"
        if column.maximum is None:
            rule = f"不小于{column.minimum:g}"
            bounds: _Bounds = {"operator": "greaterThanOrEqual", "formula1": f"{column.minimum:g}"}
        else:
            rule = f"{column.minimum:g}至{column.maximum:g}"
            bounds = {
                "operator": "between",
                "formula1": f"{column.minimum:g}",
                "formula2": f"{column.maximum:g}",
            }
        what = "月份" if column.kind == "month" else "百分数（如 27.6）"
        return DataValidation(
            type=kind,
            errorTitle=title,
            error=f"请填{rule}的{what}",
            promptTitle=title,
            prompt=f"{what}，{rule}",
            **bounds,
            **common,
        )
    return None


def _meta_sheet(sheet: Worksheet, period: Period, previous: PeriodFigures | None) -> None:
    region = previous.region if previous is not None else None
    labelled = (("地区", region), ("数据来源", None), ("期间", str(period)))
    for number, (label, value) in enumerate(labelled, start=1):
        _put(sheet, number, 1, label).font = HEADER_FONT
        _put(sheet, number, 2, value)
    _put(sheet, 1, 3, "如：贵阳市")
    _put(sheet, 2, 3, "本期数据的出处（必填），如：贵阳市统计局，2011年1-4月统计月报")
    _put(sheet, 3, 3, "与文件夹名一致，不用修改")
    header = len(labelled) + 2
    for number, title in enumerate(spreadsheet.META_TABLE_HEADER, start=1):
        cell = _put(sheet, header, number, title)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    defaults = _previous_provenance(previous)
    for offset, spec in enumerate(TABLES.values(), start=header + 1):
        _put(sheet, offset, 1, spec.title)
        _put(sheet, offset, 4, PROVENANCE_NAMES.get(defaults.get(spec.name, "")))
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


def _previous_provenance(previous: PeriodFigures | None) -> dict[str, str]:
    """Table -> the previous period's default provenance (not its overrides or notes)."""
    if previous is None:
        return {}
    rules = previous.provenance
    defaults = rules[rules["row_key"].isna() & rules["column"].isna()]
    return dict(zip(defaults["table"], defaults["provenance"], strict=True))


def _instructions(sheet: Worksheet, period: Period, previous: PeriodFigures | None) -> None:
    """The 说明 sheet: templates/entry_form/instructions.zh.txt.j2, a line per cell, then the
    columns of every table."""
    lines = _instructions_template().render(period=period, previous=previous).split("\n")
    for number, line in enumerate(lines, start=1):
        cell = _put(sheet, number, 1, line.removeprefix("# "))
        if line.startswith("# "):
            cell.font = HEADER_FONT
    row = len(lines) + 1
    for title, cell_text in enumerate(("表", "表头", "必填", "说明")):
        cell = _put(sheet, row, title + 1, cell_text)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for spec in TABLES.values():
        for column in spec.columns:
            row += 1
            required = "是" if column.required else "否"
            note = _column_note(column).split("：", 1)[1].split("。", 1)[1]
            values = (spec.title, column.header, required, note)
            for number, value in enumerate(values, start=1):
                _put(sheet, row, number, value).alignment = Alignment(wrap_text=True)
    for letter, width in zip("ABCD", (12, 16, 8, 70), strict=True):
        sheet.column_dimensions[letter].width = width
