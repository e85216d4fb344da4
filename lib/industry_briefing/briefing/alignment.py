"""Where a table's text sits: one rule for every table of every page (the HTML pages, the PDF,
the Word file).

A column of figures is set right, its header with it, so that digits line up whatever the
table; any other column is text, set left (names, periods such as 2011-03 or 1-3月, phrases
such as 同比增长23.9%, yes/no marks). A column is of figures when every cell of it that says
something is a figure: 192.1, -1.52, +3.43, 15.15%, a rank (3), 1268（推算）; a dash (no
figure) or an empty cell says nothing. A header spanning several columns is centred over them.

A column of text whose every cell is short (a name of up to SHORT_CHARS characters: a county,
an enterprise, a stage) is marked too: its cells are not broken across lines, so that a name
reads whole; longer text (a problem reported, a note) wraps. On a printed page, where the text
block is narrower than a screen, only a column of words (every cell at most WORD_CHARS
characters: 二季度, 清镇市, 停产, 计划进度) is kept whole; a column squeezed to one character a
line costs the 简报 a line a character.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

FIGURE = re.compile(
    r"^[-+−]?[\d,.]*\d[\d,.]*%?(（[^）]*）)?$"
)  # 192.1, -12.17, 15.15%, 1268（推算）
NOTHING = frozenset({"", "—", "–", "-", "nan", "None"})
FIGURE_CLASS = "figure"  # on each cell (th and td) of a column of figures
SHORT_CLASS = "short"  # on each body cell (td) of a column of short text
SHORT_CHARS = 16  # a Chinese enterprise's or park's name, mostly
WORD_CLASS = "word"  # on each body cell (td) of a column of single words, besides SHORT_CLASS
WORD_CHARS = 4  # a county, a quarter, a status, an industry


def is_figure(text: str) -> bool:
    return FIGURE.match(" ".join(text.split()).replace(" ", "")) is not None


def short_columns(columns: Iterable[Sequence[str]], chars: int = SHORT_CHARS) -> list[bool]:
    """For each column (its body cells' texts), whether every cell is at most `chars`
    characters."""
    return [all(len(" ".join(str(c).split())) <= chars for c in cells) for cells in columns]


def figure_columns(columns: Iterable[Sequence[str]]) -> list[bool]:
    """For each column (its body cells' texts), whether it is a column of figures."""
    verdicts = []
    for cells in columns:
        said = [c for c in (" ".join(str(c).split()) for c in cells) if c not in NOTHING]
        verdicts.append(bool(said) and all(is_figure(c) for c in said))
    return verdicts


def aligned(page_html: str) -> str:
    """The HTML with each cell of every table's columns of figures marked FIGURE_CLASS (the
    pages' CSS sets them right; everything else is set left). Read as pandas writes a table
    (its index hidden): rows of cells, a header cell spanning columns, no table in a table."""
    return _TABLE.sub(lambda table: _marked(table[0]), page_html)


_TABLE = re.compile(r"<table\b.*?</table>", re.S)
_SECTION = re.compile(r"<(thead|tbody|tfoot)\b.*?</\1>", re.S)
_ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.S)
_CELL = re.compile(r"<(t[hd])\b([^>]*)>(.*?)</\1>", re.S)
_CLASS = re.compile(r"""\bclass=(["'])(.*?)\1""")
_COLSPAN = re.compile(r"""\bcolspan=["']?(\d+)""")
_TAG = re.compile(r"<[^>]+>")


def _marked(table: str) -> str:
    body: dict[int, list[str]] = {}
    for head, row in _rows(table):
        for column, span, text in _cells(row):
            if not head and span == 1:
                body.setdefault(column, []).append(text)
    columns = [body.get(c, []) for c in range(max(body, default=-1) + 1)]
    figures = {c for c, figure in enumerate(figure_columns(columns)) if figure}
    short = {c for c, brief in enumerate(short_columns(columns)) if brief} - figures
    words = {c for c, brief in enumerate(short_columns(columns, WORD_CHARS)) if brief} - figures
    if not figures and not short:
        return table.replace(_RIGHT_HEADER, "<tr>")

    def mark_row(row: re.Match[str]) -> str:
        spans = iter(_cells(row[0]))

        def mark_cell(cell: re.Match[str]) -> str:
            column, span, _ = next(spans)
            tag, attributes, inner = cell[1], cell[2], cell[3]
            if span == 1 and column in figures:
                name = FIGURE_CLASS
            elif span == 1 and column in words and tag == "td":
                name = f"{SHORT_CLASS} {WORD_CLASS}"
            elif span == 1 and column in short and tag == "td":
                name = SHORT_CLASS
            else:
                return cell[0]
            if _CLASS.search(attributes):
                attributes = _CLASS.sub(lambda c: f"class={c[1]}{c[2]} {name}{c[1]}", attributes, 1)
            else:
                attributes += f' class="{name}"'
            return f"<{tag}{attributes}>{inner}</{tag}>"

        return _CELL.sub(mark_cell, row[0])

    return _ROW.sub(mark_row, table).replace(_RIGHT_HEADER, "<tr>")


# pandas sets every header right by its row's style; the pages' CSS says where each goes.
_RIGHT_HEADER = '<tr style="text-align: right;">'


def _rows(table: str) -> list[tuple[bool, str]]:
    """The table's rows, each with whether it heads the table."""
    sections = list(_SECTION.finditer(table)) or None
    if sections is None:
        return [(False, row[0]) for row in _ROW.finditer(table)]
    return [
        (section[1] == "thead", row[0]) for section in sections for row in _ROW.finditer(section[0])
    ]


def _cells(row: str) -> list[tuple[int, int, str]]:
    """Each cell of a row: the column it starts in, how many it spans, its text."""
    cells, column = [], 0
    for cell in _CELL.finditer(row):
        span_match = _COLSPAN.search(cell[2])
        span = max(1, int(span_match[1])) if span_match else 1
        cells.append((column, span, html.unescape(_TAG.sub("", cell[3]))))
        column += span
    return cells
