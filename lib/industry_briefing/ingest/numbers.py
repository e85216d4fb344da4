"""Numbers as written in cells: parsed, or said what they are when they are not numbers."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from industry_briefing.contract import tables as contract
from industry_briefing.contract.tables import ColumnSpec
from industry_briefing.contract.units import ALL_UNITS
from industry_briefing.core.errors import Words, words
from industry_briefing.ingest import non_data
from industry_briefing.ingest.reading import Reading, Sheet, row_of

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


def printed_figure(text: str) -> str | None:
    """A figure as printed, checked as a number and kept with its digits: '６.０%' -> '6.0',
    '1,234.50' -> '1234.50', '+3' -> '3'; None for a blank."""
    if parse_number(text, rate=True) is None:
        return None
    cleaned = unicodedata.normalize("NFKC", text).strip().removesuffix("%").strip()
    return cleaned.replace(",", "").removeprefix("+")


def parse_numbers(
    reading: Reading,
    column: ColumnSpec,
    sheet: Sheet,
    cells: pd.Series[str],
    headers: dict[str, str],
    unparsed: set[tuple[int, str]],
) -> pd.Series:
    year = int(reading.shown[:4])
    values = []
    for label, text in cells.items():
        number = row_of(label)
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


def _parse_cell(column: ColumnSpec, text: str, year: int) -> float | int | str | None:
    if column.kind == "figure":
        return printed_figure(text)
    if column.kind == "month":
        date = _DATE.fullmatch(contract.normalise_token(text))
        if date and int(date["year"]) == year:
            return int(date["month"])  # 2011-03 typed, a date kept by Excel: the month of it
        return contract.parse_month(text)
    if column.kind == "rank":
        return parse_rank(text)
    return parse_number(text, rate=column.kind == "rate")


_CHINESE_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_RANK = re.compile(r"(第)?\s*(?P<number>[0-9一二三四五六七八九十两]+)\s*(位|名)?")


def parse_rank(text: str) -> int | None:
    """A rank as bulletins write it: 4, 第4位, 第四位, 第十二名; None for a blank."""
    cleaned = contract.normalise_token(text)
    if not cleaned:
        return None
    match = _RANK.fullmatch(cleaned)
    if match is None:
        raise ValueError(f"not a rank: {text!r}")
    number = match["number"]
    if number.isdigit():
        return int(number)
    return _chinese_number(number)


def _chinese_number(text: str) -> int:
    """一 … 九十九 (rankings go no higher)."""
    text = text.replace("两", "二")
    if "十" not in text:
        if len(text) != 1:
            raise ValueError(f"not a rank: {text!r}")
        return _CHINESE_DIGITS[text]
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        raise ValueError(f"not a rank: {text!r}")
    return (_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[ones] if ones else 0)


_DATE = re.compile(
    r"(?P<year>\d{4})\s*[-/.年]\s*(?P<month>\d{1,2})\s*月?"
    r"(\s*[-/.]\s*\d{1,2}\s*日?|\s*\d{1,2}\s*日)?(\s+00:00(:00)?)?"
)


def _not_a_number(column: ColumnSpec, text: str, year: int) -> tuple[Words, Words]:
    """(what is wrong, what was expected) for a cell that is not a number, saying what it is
    where it can."""
    expected = number_expected(column.kind)
    cleaned = contract.normalise_token(text)
    date = _DATE.fullmatch(cleaned)
    if column.kind == "month":
        if date:
            return (
                words("cell.date_of_year", found=date["year"], year=year),
                words("expected.month_of_year", year=year),
            )
        return words("cell.not_a_month"), expected
    if text.strip().startswith("="):
        return words("cell.formula"), words("expected.save_formula")
    if text.strip().upper() in non_data.EXCEL_ERRORS:
        return words("cell.excel_error"), words("expected.correct_formula", kind=expected)
    if date:
        return words("cell.date_not_number"), words("expected.retype_as_number", kind=expected)
    typed = _unit_typed(column, cleaned)
    if typed is not None:
        figure, unit = typed
        return words("cell.unit_in_cell", unit=unit), words("expected.figure_alone", figure=figure)
    if non_data.is_no_figure_mark(text):
        return words("cell.not_a_number"), words("expected.or_empty", kind=expected)
    return words("cell.not_a_number"), expected


def _unit_typed(column: ColumnSpec, cleaned: str) -> tuple[str, str] | None:
    """(figure, unit) of an amount typed with its unit (14.2亿元): the unit belongs in the
    row's 单位, not in the cell."""
    match = _WITH_UNIT.fullmatch(cleaned)
    if column.kind != "amount" or match is None or match["unit"] not in ALL_UNITS:
        return None
    return match["figure"], match["unit"]


_WITH_UNIT = re.compile(r"(?P<figure>[+-]?[\d,]*\.?\d+)\s*(?P<unit>\D+)")


def number_expected(kind: str) -> Words:
    """What a cell of a kind of column holds: 'an amount in the row's unit, such as 192.1 …'."""
    return words(f"expected.number.{kind}")
