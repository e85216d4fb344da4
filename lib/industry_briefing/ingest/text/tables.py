"""A table flattened into the text (" | " between cells, a row a line, as a web page's table
copies), read as figures: its caption or first header row names the indicator, its first
column the parts (县市区 …), its measure row the measure of each column (增速(%), 排名).

huangshi-2024-06's 表1 is the shape:
    表1:县市区工业投资完成情况
    县市区 | 工业投资 | |
    增速(%) | 排名 | |
    全 市 | 0.8 | / |
    下陆区 | 51.1 | 1 |
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from industry_briefing.contract.catalogue import Catalogue
from industry_briefing.ingest.text.placing import named_in

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_CAPTION = re.compile(r"^表\s*\d+\s*[:：]")
_WHOLE = re.compile(r"^(?:全\s*[市县州区]|合\s*计|总\s*计)$")


@dataclass
class Cell:
    """A number of a table: its row's line, where it stands, and its fact (or none)."""

    line: str
    start: int
    printed: str
    fact: dict[str, str]


def table_lines(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) line ranges of the tables: runs of lines holding ' | '."""
    ranges: list[tuple[int, int]] = []
    first = None
    for number, line in enumerate([*lines, ""]):
        if "|" in line and line.count("|") >= 2 and first is None:
            first = number
        elif ("|" not in line or line.count("|") < 2) and first is not None:
            ranges.append((first, number))
            first = None
    return ranges


def _cells(line: str) -> list[str]:
    cells = [c.strip() for c in line.split("|")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _is_data(cells: list[str]) -> bool:
    return len(cells) > 1 and any(_NUMBER.fullmatch(c) or c == "/" for c in cells[1:])


def read_table(lines: list[str], caption: str, catalogue: Catalogue) -> list[Cell]:
    """Every number of the table's data rows, placed where its headers say."""
    rows = [_cells(line) for line in lines]
    headers = [r for r in rows if not _is_data(r)]
    if len(headers) < 1:
        return []
    named = named_in(" ".join([caption, *headers[0]]), catalogue)
    codes = {n.code for n in named}
    indicator = codes.pop() if len(codes) == 1 else ""
    measures = _measures(headers[-1] if len(headers) > 1 else headers[0][1:])
    dimension = headers[0][0] if len(headers) > 1 else ""
    found: list[Cell] = []
    for line, cells in zip(lines, rows, strict=True):
        if not _is_data(cells):
            continue
        found.extend(_row(line, cells, (indicator, dimension), measures, caption))
    return found


def _measures(header: list[str]) -> list[str]:
    """Each column's measure: 增速 a growth, 排名 the rank of the column before it."""
    measures: list[str] = []
    for word in header:
        if re.search("增速|增长", word):
            measures.append("growth")
        elif re.search("排名|排位|位次", word):
            before = measures[-1] if measures else ""
            measures.append("growth_rank" if before == "growth" else "value_rank")
        else:
            measures.append("")
    return measures


def _row(
    line: str,
    cells: list[str],
    whose: tuple[str, str],
    measures: list[str],
    caption: str,
) -> list[Cell]:
    indicator, dimension = whose
    part = cells[0]
    found = []
    position = len(cells[0])
    for column, text in enumerate(cells[1:]):
        start = line.find(text, position)
        position = start + len(text)
        if not _NUMBER.fullmatch(text):
            continue
        measure = measures[column] if column < len(measures) else ""
        fact: dict[str, str] = {}
        if indicator and measure:
            fact = {"indicator": indicator, "measure": measure, "value": text, "note": caption}
            fact["unit"] = "%" if measure == "growth" else ""
            if not _WHOLE.match(part):
                fact.update(dimension=dimension or "分组", part=part)
        found.append(Cell(line, start, text, fact))
    return found


def caption_before(lines: list[str], first: int) -> str:
    """The table's caption: the nearest 表N: line above it."""
    for line in reversed(lines[max(first - 3, 0) : first]):
        if _CAPTION.match(line.strip()):
            return line.strip()
    return ""
