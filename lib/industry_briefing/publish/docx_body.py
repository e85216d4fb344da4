"""The briefing's outputs written into a Word document: Markdown (prose and headings) through
mistune's syntax tree, HTML (tables under their captions, notes) through BeautifulSoup, charts
as pictures drawn from their Vega-Lite spec, each with its caption.

Headings become Word's own heading styles (the navigation pane lists them): `#` the title,
`##` (一、…) Heading 1, `###` and below ((一) …) Heading 2. Bold stays bold.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterable
from typing import Any

import mistune
from bs4 import BeautifulSoup, NavigableString, Tag
from docx.document import Document
from docx.enum.text import WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from industry_briefing.publish import docx_template as template
from industry_briefing.publish.docx_charts import SCALE
from industry_briefing.publish.docx_tables import add_table

HEADING_STYLES = {1: "Title", 2: "Heading 1"}  # deeper levels: Heading 2
_markdown = mistune.create_markdown(renderer="ast")
_BOLD_TAGS, _ITALIC_TAGS = {"strong", "b"}, {"em", "i"}
_INLINE_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)[^>]*>")
CSS_PX_PER_INCH = 96

Runs = list[tuple[str, bool, bool]]  # (text, bold, italic)


class Body:
    """Appends the briefing's blocks to the end of a document's body."""

    def __init__(self, document: Document) -> None:
        self.document = document

    # --- blocks ---

    def paragraph(self, runs: Runs, style: str = "Normal") -> Paragraph | None:
        """A paragraph of runs; none when they hold no text (an empty <p>, a stray tag)."""
        if not "".join(text for text, _, _ in runs).strip():
            return None
        paragraph = self.document.add_paragraph(style=style)
        for text, bold, italic in _merged(runs):
            run = paragraph.add_run(text)
            run.bold = bold or None
            run.italic = italic or None
        return paragraph

    def heading(self, level: int, runs: Runs) -> None:
        self.paragraph(runs, HEADING_STYLES.get(level, "Heading 2"))

    def caption(self, runs: Runs, above: bool) -> None:
        """A table's caption (above it, kept with it) or a chart's (below it)."""
        paragraph = self.paragraph(runs, "Caption")
        if paragraph is not None:
            paragraph.paragraph_format.keep_with_next = above

    def table(self, element: Tag) -> Table:
        return add_table(self.document, element)

    def picture(self, png: bytes, caption: str) -> None:
        """A chart as a picture at most as wide as the text block, its caption below."""
        width = min(Mm(template.TEXT_WIDTH_MM), _png_width(png))
        self.document.add_picture(io.BytesIO(png), width=width)
        paragraph = self.document.paragraphs[-1]
        layout = paragraph.paragraph_format
        # The body's exact line height would crop the picture to one line.
        layout.line_spacing_rule = WD_LINE_SPACING.SINGLE
        layout.first_line_indent = Pt(0)
        layout.alignment = template.CENTER
        layout.keep_with_next = True
        self.caption([(caption, False, False)], above=False)

    # --- sources ---

    def markdown(self, text: str) -> None:
        for block in _markdown(text):
            assert isinstance(block, dict)
            self._markdown_block(block)

    def _markdown_block(self, block: dict[str, Any], number: str = "") -> None:
        kind = block["type"]
        if kind == "heading":
            self.heading(block["attrs"]["level"], _inline(block["children"]))
        elif kind in ("paragraph", "block_text"):
            self.paragraph(_numbered(number, _inline(block["children"])))
        elif kind == "list":
            self._markdown_list(block)
        elif kind == "block_quote":
            for child in block["children"]:
                self._markdown_block(child)
        elif kind == "block_code":
            self.paragraph([(block.get("raw", ""), False, False)])
        elif kind == "block_html":
            self.html(block.get("raw", ""))

    def _markdown_list(self, block: dict[str, Any]) -> None:
        ordered = block.get("attrs", {}).get("ordered", False)
        start = block.get("attrs", {}).get("start", 1)
        for number, item in enumerate(block["children"], start):
            mark = f"{number}." if ordered else "·"
            for index, child in enumerate(item.get("children", [])):
                self._markdown_block(child, mark if index == 0 else "")

    def html(self, text: str) -> None:
        soup = BeautifulSoup(text, "html.parser")
        self._html_children(soup.children)

    def _html_children(self, children: Iterable[Any]) -> None:
        nodes = [n for n in children if isinstance(n, Tag) or str(n).strip()]
        for index, node in enumerate(nodes):
            following = nodes[index + 1] if index + 1 < len(nodes) else None
            if isinstance(node, Tag):
                self._html_element(node, following)
            else:
                self.paragraph([(str(node).strip(), False, False)])

    def _html_element(self, element: Tag, following: object) -> None:
        name = element.name
        if name in ("style", "script"):
            return
        if name == "table":
            self.table(element)
        elif name == "p" and _is_caption(element, following):
            self.caption(_html_runs(element), above=True)
        elif name == "p" and "briefing-illustrative" in (element.get("class") or []):
            paragraph = self.paragraph(_html_runs(element))
            if paragraph is not None:
                paragraph.paragraph_format.first_line_indent = Pt(0)
                paragraph.alignment = template.CENTER
        elif re.fullmatch(r"h[1-6]", name):
            self.heading(int(name[1]), _html_runs(element))
        elif name in ("ul", "ol"):
            items = element.find_all("li", recursive=False)
            for number, item in enumerate(items, 1):
                mark = f"{number}." if name == "ol" else "·"
                self.paragraph(_numbered(mark, _html_runs(item)))
        elif element.find(["p", "div", "table", "ul", "ol", "h1", "h2", "h3", "h4"]):
            self._html_children(element.children)  # a box: its blocks in turn
        else:
            self.paragraph(_html_runs(element))


def _is_caption(element: Tag, following: object) -> bool:
    """A table's caption: a paragraph all bold, just before the table (or its box)."""
    if not isinstance(following, Tag):
        return False
    table = following.name == "table" or following.find("table") is not None
    strong = element.find(list(_BOLD_TAGS))
    return table and strong is not None and strong.get_text().strip() == element.get_text().strip()


# --- runs ---------------------------------------------------------------------------------------


def _inline(children: list[dict[str, Any]], bold: bool = False, italic: bool = False) -> Runs:
    """mistune's inline nodes as runs; raw <strong> … </strong> in the text counts as bold."""
    runs: Runs = []
    state = {"bold": 0, "italic": 0}
    for child in children:
        kind = child["type"]
        now_bold, now_italic = bold or state["bold"] > 0, italic or state["italic"] > 0
        if kind in ("text", "codespan"):
            runs.append((html.unescape(child.get("raw", "")), now_bold, now_italic))
        elif kind in ("softbreak", "linebreak"):
            runs.append(("\n" if kind == "linebreak" else "", now_bold, now_italic))
        elif kind == "inline_html":
            _tag_state(child.get("raw", ""), state, runs, now_bold, now_italic)
        elif "children" in child:
            inner_bold = now_bold or kind == "strong"
            runs += _inline(child["children"], inner_bold, now_italic or kind == "emphasis")
    return runs


def _tag_state(raw: str, state: dict[str, int], runs: Runs, bold: bool, italic: bool) -> None:
    """An inline tag of the Markdown: opens or closes bold or italic; <br> breaks the line."""
    found = _INLINE_TAG.match(raw)
    if not found:
        return
    closing, name = found.group(1) == "/", found.group(2).lower()
    step = -1 if closing else 1
    if name in _BOLD_TAGS:
        state["bold"] = max(0, state["bold"] + step)
    elif name in _ITALIC_TAGS:
        state["italic"] = max(0, state["italic"] + step)
    elif name == "br":
        runs.append(("\n", bold, italic))


def _html_runs(element: Tag, bold: bool = False, italic: bool = False) -> Runs:
    runs: Runs = []
    for child in element.children:
        if isinstance(child, NavigableString):  # the source's line breaks: a space
            runs.append((re.sub(r"\s*\n\s*", " ", str(child)), bold, italic))
        elif isinstance(child, Tag) and child.name == "br":
            runs.append(("\n", bold, italic))
        elif isinstance(child, Tag) and child.name not in ("style", "script"):
            runs += _html_runs(
                child, bold or child.name in _BOLD_TAGS, italic or child.name in _ITALIC_TAGS
            )
    return runs


def _numbered(mark: str, runs: Runs) -> Runs:
    return [(mark, False, False), *runs] if mark else runs


def _merged(runs: Runs) -> Runs:
    """Neighbouring runs of the same look as one."""
    merged: Runs = []
    for text, bold, italic in runs:
        if merged and merged[-1][1:] == (bold, italic):
            merged[-1] = (merged[-1][0] + text, bold, italic)
        elif text:
            merged.append((text, bold, italic))
    return merged


def _png_width(png: bytes) -> Emu:
    """The picture's width as the chart's own (its CSS pixels), in EMU."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        pixels = image.size[0] / SCALE
    return Emu(int(pixels / CSS_PX_PER_INCH * 914400))


def set_border(paragraph: Paragraph, side: str, size_eighths: int, color: str = "000000") -> None:
    """A rule along one side of a paragraph (`size_eighths`: its width in eighths of a pt)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        template.insert_in_order(ppr, borders)
    rule = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", str(size_eighths)), ("space", "1")):
        rule.set(qn(f"w:{key}"), value)
    rule.set(qn("w:color"), color)
    borders.append(rule)
