"""An HTML table of the briefing (pandas' or the numeric tables' <table>) as a Word table: its
header rows repeated on every page it runs onto, as wide as the text block, columns as wide
as their text asks, spanned cells merged; a column of figures set right, header and all, any
other left: the pages' one rule (briefing/alignment.py)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bs4 import Tag
from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm
from docx.table import Table
from docx.text.paragraph import Paragraph

from industry_briefing.briefing import alignment
from industry_briefing.publish import docx_template as template

# Column widths in half-width characters of the table's text (10.5 pt: 1.85 mm each).
MM_PER_UNIT = template.TABLE_PT / 2 * 25.4 / 72
PADDING = 2.2  # the cell's margins, left and right
TEXT_WRAP, HEADER_WRAP = 8, 4  # words wrap down to four characters, headings to two
HEADER_LINES = 3  # a heading may take three lines before its column widens
LONGEST_LINE = 40  # a long text asks no more than this (it wraps)
TEXT_STYLE = "Table Text"  # the cells' paragraph style (docx_template)


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
    body = [
        [c.text for c in cells if c.column == n and not c.header and c.colspan == 1]
        for n in range(columns)
    ]
    figures = alignment.figure_columns(body)
    for cell in cells:  # spanned cells merged first: the grid below is read once, after them
        if cell.colspan > 1 or cell.rowspan > 1:
            corner = table.cell(cell.row + cell.rowspan - 1, cell.column + cell.colspan - 1)
            table.cell(cell.row, cell.column).merge(corner)
    # python-docx works out the whole grid on every table.cell() and scans every style on
    # every paragraph.style = name (1-2 s a briefing): the grid and the style's id, once.
    grid = table._cells
    style_id = document.styles[TEXT_STYLE].style_id
    for cell in cells:
        target = grid[cell.row * columns + cell.column]
        _fill(target.paragraphs[0], cell, style_id, figures[cell.column] and cell.colspan == 1)
    for index, row in enumerate(table.rows):  # a row is never split across two pages
        properties = row._tr.get_or_add_trPr()
        _switch_on(properties, "w:cantSplit")
        if index < header_rows:  # repeated at the top of each page the table runs onto
            _switch_on(properties, "w:tblHeader")
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


def _fill(paragraph: Paragraph, cell: Cell, style_id: str, figure: bool) -> None:
    """The cell's text, set right in a column of figures, left elsewhere; a header spanning
    several columns centred over them."""
    paragraph._p.style = style_id
    run = paragraph.add_run(cell.text)
    run.bold = cell.header or None
    if cell.header and cell.colspan > 1:
        paragraph.alignment = template.CENTER
    else:
        paragraph.alignment = template.RIGHT if figure else template.LEFT


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
    """Widths as a browser lays out a table: each column at least as wide as its longest
    figure (a figure never breaks across lines; words wrap down to a few characters), the
    rest of the text width shared by how much more each column's longest text asks."""
    least, wanted = [PADDING] * columns, [PADDING] * columns
    for cell in cells:
        if cell.colspan == 1:
            width = _display_width(cell.text)
            floor = min(width, HEADER_WRAP if cell.header else TEXT_WRAP)
            floor = max(floor, _longest_token(cell.text))
            ask = min(width / (HEADER_LINES if cell.header else 1), LONGEST_LINE)
            least[cell.column] = max(least[cell.column], floor + PADDING)
            wanted[cell.column] = max(wanted[cell.column], max(ask, floor) + PADDING)
    available = template.TEXT_WIDTH_MM / MM_PER_UNIT
    spare = available - sum(least)
    more = [w - m for w, m in zip(wanted, least, strict=True)]
    if spare <= 0:  # even the least overflows: shrink all alike (figures wrap)
        widths = [m * available / sum(least) for m in least]
    else:
        share = min(1.0, spare / sum(more)) if sum(more) else 0.0
        widths = [m + extra * share for m, extra in zip(least, more, strict=True)]
        rest = available - sum(widths)  # all fits: the rest alike, the table full width
        widths = [w + rest / columns for w in widths]
    for index, units in enumerate(widths):
        width = Mm(units * MM_PER_UNIT)
        table.columns[index].width = width
        for cell in table.columns[index].cells:
            cell.width = width


def _display_width(text: str) -> int:
    """In half-widths: a CJK character counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _longest_token(text: str) -> int:
    """The widest run that may not break (a figure, a Latin word); a CJK character breaks."""
    return max((len(token) for token in re.findall(r"[!-~]+", text)), default=0)


def _switch_on(properties: BaseOxmlElement, tag: str) -> None:
    if properties.find(qn(tag)) is None:
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        properties.append(element)
