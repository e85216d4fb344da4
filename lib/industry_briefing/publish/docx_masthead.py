"""The 简报's masthead (报头) and foot (版记) in its Word file, from the output the briefing
notebook's title cell gives them (`settings.MASTHEAD_MIMETYPE`: briefing/masthead.py's words).

The masthead: the mark top left, the name large and red, 第N期 under it, the unit left and the
date right (the blank date to fill in when none is given) over a red rule. The foot: the source,
then 报：送：发： and the copies between black rules (0.35 mm outside, 0.25 mm between).
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table

from industry_briefing.briefing.masthead import Masthead
from industry_briefing.publish import docx_template as template
from industry_briefing.publish.docx_body import set_border
from industry_briefing.publish.docx_tables import full_width

RED_RULE_EIGHTHS = 16  # 2 pt
OUTER_RULE_EIGHTHS, INNER_RULE_EIGHTHS = 8, 6  # 1 pt ≈ 0.35 mm, 0.75 pt ≈ 0.26 mm


def add_masthead(document: Document, masthead: Masthead) -> None:
    if masthead.mark:
        document.add_paragraph(masthead.mark, style="Masthead Mark")
    document.add_paragraph(masthead.name, style="Masthead Name")
    if masthead.number:
        document.add_paragraph(masthead.number, style="Masthead Number")
    date = masthead.date or masthead.date_blank  # no date of issue is invented
    line = document.add_paragraph(f"{masthead.unit}\t{date}", style="Masthead Line")
    text_width = Mm(template.TEXT_WIDTH_MM)
    line.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    set_border(line, "bottom", RED_RULE_EIGHTHS, str(template.RED))
    if masthead.illustrative:  # a made-up masthead says so, under its rule
        document.add_paragraph(
            masthead.illustrative, style="Masthead Mark"
        ).alignment = template.RIGHT


def add_foot(document: Document, masthead: Masthead) -> None:
    if masthead.source:
        source = document.add_paragraph(masthead.source, style="Foot")
        source.paragraph_format.space_before = Pt(template.LINE_PT)
    lines = [f"{line.label}{line.text}" for line in masthead.foot]  # the label has its colon
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
