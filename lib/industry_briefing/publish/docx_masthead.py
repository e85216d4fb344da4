"""The 简报's masthead (报头) and foot (版记) in its Word file, from the output the briefing
notebook's title cell gives them (`settings.MASTHEAD_MIMETYPE`, JSON):

    {"name": "工业经济运行简报", "number": "第1期", "unit": "…", "date": "2011年3月9日" or "",
     "mark": "内部资料　注意保存" or "", "foot": [{"label": "报", "text": "…"}, …],
     "copies": "共印40份" or "", "illustrative": "（示意）" or "", "source": "资料来源：…" or ""}

The masthead: the mark top left, the name large and red, 第N期 under it, the unit left and the
date right (a blank date to fill in when none is given) over a red rule. The foot: the source,
then 报：送：发： and the copies between black rules (0.35 mm outside, 0.25 mm between).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from docx.document import Document
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from nbformat import NotebookNode

from industry_briefing.briefing import labels
from industry_briefing.core.settings import MASTHEAD_MIMETYPE
from industry_briefing.publish import docx_template as template
from industry_briefing.publish.docx_body import set_border
from industry_briefing.publish.docx_tables import full_width

RED_RULE_EIGHTHS = 16  # 2 pt
OUTER_RULE_EIGHTHS, INNER_RULE_EIGHTHS = 8, 6  # 1 pt ≈ 0.35 mm, 0.75 pt ≈ 0.26 mm


@dataclass(frozen=True)
class Masthead:
    name: str
    number: str = ""
    unit: str = ""
    date: str = ""
    mark: str = ""
    foot: tuple[tuple[str, str], ...] = ()  # (报, text) …
    copies: str = ""
    illustrative: str = ""
    source: str = ""

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Masthead:
        def text(key: str) -> str:
            return str(data.get(key) or "")

        foot = tuple(
            (str(line.get("label") or ""), str(line.get("text") or ""))
            for line in data.get("foot") or []
            if isinstance(line, dict) and line.get("text")
        )
        fields = ("number", "unit", "date", "mark", "copies", "illustrative", "source")
        return cls(text("name"), foot=foot, **{key: text(key) for key in fields})


def masthead_of(notebook: NotebookNode) -> Masthead | None:
    """The masthead an output of the notebook gives (the first); None in a notebook without
    one (older briefings): the Word file then has neither masthead nor foot."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {}).get(MASTHEAD_MIMETYPE)
            if data is not None:
                parsed = json.loads(data) if isinstance(data, str) else dict(data)
                return Masthead.from_data(parsed)
    return None


def add_masthead(document: Document, masthead: Masthead, lang: str) -> None:
    if masthead.mark:
        document.add_paragraph(masthead.mark, style="Masthead Mark")
    document.add_paragraph(masthead.name, style="Masthead Name")
    number = masthead.number + masthead.illustrative
    if number:
        document.add_paragraph(number, style="Masthead Number")
    date = masthead.date or labels.label("docx.blank_date", lang)
    line = document.add_paragraph(f"{masthead.unit}\t{date}", style="Masthead Line")
    text_width = Mm(template.TEXT_WIDTH_MM)
    line.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    set_border(line, "bottom", RED_RULE_EIGHTHS, str(template.RED))


def add_foot(document: Document, masthead: Masthead, lang: str) -> None:
    if masthead.source:
        source = document.add_paragraph(masthead.source, style="Foot")
        source.paragraph_format.space_before = Pt(template.LINE_PT)
    colon = labels.label("docx.colon", lang)
    lines = [f"{label}{colon}{text}" if label else text for label, text in masthead.foot]
    rows = [*lines, masthead.copies] if masthead.copies else lines
    if not rows:
        return
    table = document.add_table(rows=len(rows), cols=1)
    _rules(table)
    for index, text in enumerate(rows):
        paragraph = table.cell(index, 0).paragraphs[0]
        paragraph.style = "Foot"
        paragraph.add_run(text)
        layout = paragraph.paragraph_format
        layout.left_indent = layout.right_indent = Pt(template.FOOTER_PT)  # one character in
        copies = bool(masthead.copies) and index == len(rows) - 1
        paragraph.alignment = template.RIGHT if copies else template.LEFT


def _rules(table: Table) -> None:
    """The foot's rules: thicker above and below, thin between its lines, none at the sides."""
    borders = OxmlElement("w:tblBorders")
    widths = {"top": OUTER_RULE_EIGHTHS, "bottom": OUTER_RULE_EIGHTHS}
    widths["insideH"] = INNER_RULE_EIGHTHS
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        rule = OxmlElement(f"w:{side}")
        width = widths.get(side)
        rule.set(qn("w:val"), "single" if width else "nil")
        if width:
            rule.set(qn("w:sz"), str(width))
            rule.set(qn("w:color"), "000000")
        borders.append(rule)
    template.insert_in_order(table._tbl.tblPr, borders)
    full_width(table)
