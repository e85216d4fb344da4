"""What the exporters do to an executed notebook before its page is written: what every shared
output leaves out (`left_out`: kernel warnings, the analyst's cells, empty code cells), and the
contents listing of the page's sections."""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree

from nbconvert.filters import add_anchor
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor
from nbformat import NotebookNode

_SECTION_HEADING = re.compile(r"^##[ \t]+(.+?)[ \t#]*$", re.M)  # 一、总体情况 … 附：…
_TITLE_HEADING = re.compile(r"^#[ \t]+\S", re.M)


class DropStderr(Preprocessor):
    """Kernel warnings are for the analyst's console, not for the shared briefing."""

    def preprocess_cell(
        self, cell: NotebookNode, resources: dict[str, Any], index: int
    ) -> tuple[NotebookNode, dict[str, Any]]:
        if cell.get("outputs"):
            cell.outputs = [o for o in cell.outputs if o.get("name") != "stderr"]
        return cell, resources


class DropEmptyCells(Preprocessor):
    """A code cell that showed nothing this month (a table or chart of data the month has
    not got) leaves no empty block on the page."""

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        nb.cells = [c for c in nb.cells if c.cell_type != "code" or c.get("outputs")]
        return nb, resources


# Cells for the analyst in JupyterLab, never for a shared page: the notebooks' own Markdown (how
# to use one, a heading per section, what each cell shows) and the hand-over of the key figures.
REMOVE_CELL_TAG = "remove_cell"


def left_out() -> list[Preprocessor]:
    """What every shared output of a notebook (the HTML, its PDF, the Word file) leaves out, in
    this order: kernel warnings, the cells tagged `remove_cell`, code cells that showed nothing."""
    analysts = TagRemovePreprocessor(remove_cell_tags={REMOVE_CELL_TAG}, enabled=True)
    return [DropStderr(), analysts, DropEmptyCells()]


class TableOfContents(Preprocessor):
    """The sections (## headings), listed after the cell showing the title (the # heading),
    where the page has two or more.

    Headings are Markdown, in a markdown cell or shown by a code cell (notebook.show_heading).
    Each entry links to the id nbconvert's markdown renderer gives the heading, so the links
    hold whatever nbconvert's id scheme (it percent-encodes the Chinese text).
    """

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        entries = [
            _toc_entry(text)
            for cell in nb.cells
            for markdown in _markdown_of(cell)
            for text in _SECTION_HEADING.findall(markdown)
        ]
        # A page of one section (a topic page) needs no contents listing that one section.
        resources["briefing_toc"] = entries if len(entries) > 1 else []
        title_cell = next((c for c in nb.cells if _shows_title(c)), None)
        if title_cell is not None:
            title_cell.metadata["briefing_toc_after"] = True
        resources["briefing_toc_after_title"] = title_cell is not None
        return nb, resources


def _toc_entry(text: str) -> dict[str, str]:
    heading = ElementTree.fromstring(add_anchor(f"<h2>{html.escape(text)}</h2>"))
    anchor = heading.get("id", "")  # percent-encoded Chinese: the id itself reads %E4%B8%80…
    # Browsers match a link's fragment to the id as written; WeasyPrint percent-decodes the
    # fragment first, so the PDF's links (and its page numbers) need it encoded once more.
    return {"text": text, "href": "#" + anchor, "print_href": "#" + quote(anchor, safe="")}


def _markdown_of(cell: NotebookNode) -> list[str]:
    """The Markdown a cell shows: its source, or what its outputs display as Markdown."""
    if cell.cell_type == "markdown":
        return [cell.source]
    outputs = cell.get("outputs", [])
    return [o.data["text/markdown"] for o in outputs if "text/markdown" in o.get("data", {})]


def _shows_title(cell: NotebookNode) -> bool:
    return any(_TITLE_HEADING.match(markdown) for markdown in _markdown_of(cell))
