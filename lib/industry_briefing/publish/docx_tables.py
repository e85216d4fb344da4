"""An HTML table of the briefing (pandas' or the numeric tables' <table>) as a Word table: its
header rows repeated on every page it runs onto, as wide as the text block, columns as wide
as their text asks, figures right-aligned, spanned cells merged."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bs4 import Tag
from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table

from industry_briefing.publish import docx_template as template

_FIGURE = re.compile(r"^[-+−]?[\d,.]+%?(（[^）]*）)?$")  # 192.1, -12.17, 15.15%, 1268（推算）
# A column's share of the width follows its longest text, within these bounds (in half-widths).
MIN_WEIGHT, MAX_WEIGHT = 4.0, 28.0
HEADING_LINES = 3


@dataclass(frozen=True)
class Cell:
    row: int
    column: int
    text: str
    header: bool
    colspan: int = 1
    rowspan: int = 1


def add_table(document: Document, element: Tag) -> Table:
    """The table at the end of the document."""
    cells, header_rows = _cells(element)
    rows = max((c.row + c.rowspan for c in cells), default=1)
    columns = max((c.column + c.colspan for c in cells), default=1)
    table = document.add_table(rows=rows, cols=columns)
    table.style = document.styles[template.TABLE_STYLE]
    table.autofit = False
    full_width(table)
    _column_widths(table, cells, columns)
    for cell in cells:
        _fill(table, cell)
    for index in range(header_rows):
        _repeat_as_header(table, index)
    return table


def _cells(element: Tag) -> tuple[list[Cell], int]:
    """The table's cells on a grid (spans taken into account), and how many rows head it."""
    taken: set[tuple[int, int]] = set()
    cells: list[Cell] = []
    header_rows = 0
    for row, tr in enumerate(element.find_all("tr")):
        column = 0
        parts = tr.find_all(["th", "td"], recursive=False)
        in_head = tr.find_parent("thead") is not None
        if (in_head or all(p.name == "th" for p in parts)) and header_rows == row:
            header_rows += 1
        for part in parts:
            while (row, column) in taken:
                column += 1
            colspan, rowspan = _span(part, "colspan"), _span(part, "rowspan")
            text = " ".join(part.get_text(" ").split())
            cells.append(Cell(row, column, text, row < header_rows, colspan, rowspan))
            taken |= {(row + r, column + c) for r in range(rowspan) for c in range(colspan)}
            column += colspan
    return cells, header_rows


def _span(part: Tag, name: str) -> int:
    value = str(part.get(name) or "1")
    return max(1, int(value)) if value.isdigit() else 1


def _fill(table: Table, cell: Cell) -> None:
    target = table.cell(cell.row, cell.column)
    if cell.colspan > 1 or cell.rowspan > 1:
        corner = table.cell(cell.row + cell.rowspan - 1, cell.column + cell.colspan - 1)
        target = target.merge(corner)
    paragraph = target.paragraphs[0]
    paragraph.style = "Table Text"
    run = paragraph.add_run(cell.text)
    run.bold = cell.header or None
    if cell.header:
        paragraph.alignment = template.CENTER
    elif _FIGURE.match(cell.text.replace(" ", "")):
        paragraph.alignment = template.RIGHT
    else:
        paragraph.alignment = template.LEFT


def full_width(table: Table) -> None:
    """The table as wide as the text block (100 %, whatever the template's margins)."""
    properties = table._tbl.tblPr
    width = properties.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        template.insert_in_order(properties, width)
    width.set(qn("w:type"), "pct")
    width.set(qn("w:w"), "5000")


def _column_widths(table: Table, cells: list[Cell], columns: int) -> None:
    """Each column's share of the text width by its longest text (a CJK character counts
    two), so that a column of names is wider than one of figures; a heading counts a third
    (it may take three lines)."""
    weights = [MIN_WEIGHT] * columns
    for cell in cells:
        if cell.colspan == 1:
            length = _display_width(cell.text) / (HEADING_LINES if cell.header else 1)
            weights[cell.column] = max(weights[cell.column], min(MAX_WEIGHT, length))
    total = sum(weights)
    for index, weight in enumerate(weights):
        width = Mm(template.TEXT_WIDTH_MM * weight / total)
        table.columns[index].width = width
        for cell in table.columns[index].cells:
            cell.width = width


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _repeat_as_header(table: Table, index: int) -> None:
    """The row repeated at the top of each page the table runs onto (w:tblHeader), never
    split across pages."""
    properties = table.rows[index]._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        if properties.find(qn(tag)) is None:
            element = OxmlElement(tag)
            element.set(qn("w:val"), "true")
            properties.append(element)
