"""What people type in a spreadsheet besides figures: totals, notes, units, no-figure marks.

A spreadsheet often holds rows and cells that are not the table's data. The reader names them
for what they are rather than reporting their cells as not numbers or empty.
"""

from __future__ import annotations

import re

from industry_briefing.contract.tables import ColumnSpec, normalise_token

_TOTALS = re.compile(
    r"(全市|全县|全区|全省|总|各区县|各园区)?(合计|总计|小计|共计|汇总)|total|sum|subtotal|grandtotal"
)
_CITY = ("全市", "全市合计", "全市总计")
_NOTE = re.compile(r"(注|说明|备注|数据来源|资料来源|填表|制表|审核|\*|※)")
_UNIT_WORD = re.compile(r"[(\[]?(单位[:])?(亿元|万元|元|%|个百分点)[)\]]?")
_HEADER_UNIT = re.compile(r"\s*[(（]\s*(单位[:：]\s*)?(亿元|万元|元)\s*[)）]\s*$")
EXCEL_ERRORS = ("#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!")
# What is written where there is no figure; the contract's way is an empty cell.
NO_FIGURE_MARKS = ("-", "--", "—", "——", "/", "n/a", "na", "无", "暂无", "空", "null", "none")
# Invisible characters that come with text pasted from web pages and chats.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", normalise_token(text))


def without_invisibles(text: str) -> str:
    """A cell without zero-width spaces and stray byte-order marks (invisible, but not blank)."""
    return text.translate(_INVISIBLE)


def is_totals_row_key(column: ColumnSpec, text: str) -> bool:
    """Whether a key cell names a total (合计, 总计, 小计, 全市 for a district), not an item."""
    compact = _compact(text)
    return bool(_TOTALS.fullmatch(compact)) or (column.name == "district" and compact in _CITY)


def is_note(text: str) -> bool:
    """Whether a lone cell is a footnote (注：…, 说明：…, 数据来源：…)."""
    return bool(_NOTE.match(_compact(text)))


def is_unit_word(text: str) -> bool:
    """Whether a cell is a unit as printed under a header: 亿元, （亿元）, (%), 单位：万元."""
    return bool(_UNIT_WORD.fullmatch(_compact(text)))


def header_without_unit(header: str) -> tuple[str, str] | None:
    """(header, unit) when a header carries a unit, as 累计完成（亿元） does; else None."""
    match = _HEADER_UNIT.search(header)
    return (header[: match.start()], match.group(2)) if match else None


def is_no_figure_mark(text: str) -> bool:
    return normalise_token(text) in NO_FIGURE_MARKS
