"""The template's columns: the note each header carries, the drop-down list or number rule
each column validates its cells with, and the one way a cell is written (formula-guarded)."""

from __future__ import annotations

from typing import Literal, TypedDict

import pandas as pd
from openpyxl.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from industry_briefing.contract.tables import MULTIPLE_COLUMNS, ColumnSpec, TableSpec
from industry_briefing.ingest import spreadsheet

# What the template writes in a cell: text, a number, or nothing.
CellValue = str | float | None

_KIND_NOTES = {
    "text": "文本。",
    "code": "从下拉列表中选择：{choices}。",
    "amount": "金额，单位为本行“单位”列（亿元或万元），不能为负。",
    "quantity": "数值，单位为本行“单位”列（与指标相符的单位，"
    "如亿元、万千瓦时、平方公里、万吨、个），不能为负。",
    "number": "数值（如个数），不能为负。",
    "rank": "排位，如 4、第4位 或 第四位。",
    "rate": "比率（%），如 27.6 或 -3.5，不随单位换算。",
    "multiple": "倍数：“增长N倍”的N，如增长2.59倍填 2.59（即同比增长259%，为去年同期的3.59倍）；"
    "不是百分数，不随单位换算。",
    "month": "月份，1-12 的整数。",
    "figure": "数字照原文填写，小数位也照原文（6.0 不写作 6，下降写 -25.3）；本列为文本格式。",
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


def put(sheet: Worksheet, row: int, column: int, value: CellValue) -> Cell:
    """Every cell the template writes goes through the formula-injection guard."""
    if value is not None and not isinstance(value, str) and pd.isna(value):
        # pandas-stubs' isna claims True only for NaT, NA and None, not a float NaN
        # (pandas-dev/pandas-stubs#1009), so it deems this line unreachable.
        value = None  # type: ignore[unreachable]
    return sheet.cell(row=row, column=column, value=spreadsheet.neutralise(value))


def column_note(column: ColumnSpec, spec: TableSpec) -> str:
    required = "必填" if column.required else "可选（可留空）"
    choices = "、".join((column.codes or {}).values())
    kind: str = "quantity" if column.kind == "amount" and spec.keeps_unit else column.kind
    kind = "multiple" if column.name in MULTIPLE_COLUMNS else kind
    note = _KIND_NOTES[kind].format(choices=choices)
    if column.zero_is_undefined:
        note += "不能为0。"
    if column.minimum is not None and column.kind == "rate":
        low, high = column.minimum, column.maximum
        note += f"不小于{low:g}。" if high is None else f"在{low:g}至{high:g}之间。"
    # A fact's value is of any horizon and measure: not the cumulative figure of the others.
    extra = "" if spec.name == "facts" else _COLUMN_NOTES.get(column.name, "")
    return f"{column.header}（{column.name}）：{required}。{note}{extra}"


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
        put(choices, 1, number, column.name)
        for row, name in enumerate(names, start=2):
            put(choices, row, number, name)
    return f"'{spreadsheet.CHOICES_SHEET}'!${letter}$2:${letter}${len(names) + 1}"


def validation(column: ColumnSpec, choices: Worksheet) -> DataValidation | None:
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
        what = {"month": "月份", "rate": "百分数（如 27.6）"}[column.kind]
        what = "倍数（增长2.59倍填 2.59）" if column.name in MULTIPLE_COLUMNS else what
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
