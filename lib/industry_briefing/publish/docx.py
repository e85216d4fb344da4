"""The briefing as a Word file (briefing.docx), editable in Word and WPS, from the same executed
notebook as its HTML and PDF.

`BriefingDocxExporter` is an nbconvert exporter (entry point `briefing_docx`: `jupyter
nbconvert --to briefing_docx`, and JupyterLab's "Save and Export Notebook As"). It leaves out
what the HTML leaves out (cells tagged `remove_cell`, kernel warnings, cells that showed
nothing) and writes the outputs as Word structure (docx_body.py): the title and headings in
Word's heading styles, prose as paragraphs, tables as Word tables under their captions, charts
as pictures with theirs; the masthead and foot when the notebook gives them
(docx_masthead.py).

The document is built on a Word template (`template_docx`; default: the shipped
templates/docx/briefing.docx, docx_template.py): its styles and page set-up are used. A
bureau's own template may hold a paragraph reading exactly `{{body}}`: the briefing then goes
there and the template's own masthead and foot (whatever surrounds the marker) are kept;
without the marker the briefing, with its masthead and foot, follows the template's content.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import nbformat
from docx.document import Document
from docx.oxml.ns import qn
from nbconvert.exporters import Exporter
from nbformat import NotebookNode
from traitlets import Unicode, default

from industry_briefing.briefing.masthead import Masthead
from industry_briefing.core import files
from industry_briefing.core.settings import MASTHEAD_MIMETYPE, SUMMARY_MIMETYPE
from industry_briefing.publish import docx_template as template
from industry_briefing.publish import preprocessors as pages
from industry_briefing.publish.docx_body import Body
from industry_briefing.publish.docx_charts import chart_png
from industry_briefing.publish.docx_masthead import add_foot, add_masthead
from industry_briefing.publish.export import (
    _chart_spec,
    _chart_title,
    _language,
    notebook_masthead,
)

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BODY_MARKER = "{{body}}"  # in a bureau's template: where the briefing goes
HIDDEN = (MASTHEAD_MIMETYPE, SUMMARY_MIMETYPE)  # outputs for the exporters, not the reader


class BriefingDocxExporter(Exporter):
    """An executed briefing notebook as a .docx (bytes)."""

    export_from_notebook = "Briefing (Word)"
    output_mimetype = DOCX_MIMETYPE
    template_docx = Unicode(
        "", help="The Word template (.docx) whose styles and page the briefing takes; "
        "empty: the one shipped with industry_briefing."
    ).tag(config=True)  # fmt: skip
    lang = Unicode("", help="zh or en; empty: the notebook's papermill `lang`, else zh.").tag(
        config=True
    )

    @default("file_extension")
    def _file_extension_default(self) -> str:
        return ".docx"

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        for preprocessor in pages.left_out():  # what the HTML leaves out, the same way
            self.register_preprocessor(preprocessor, enabled=True)

    # Exporter's annotation says a NotebookNode; its subclasses return their output (bytes).
    def from_notebook_node(  # type: ignore[override]
        self, nb: NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[bytes, dict[str, Any]]:
        shown, resources = super().from_notebook_node(nb, resources, **kw)
        _language(nb, self.lang or None)  # refuses a language with no labels, as before
        head = notebook_masthead(shown)
        document = build(shown, self._template(head), head)
        buffer = io.BytesIO()
        document.save(buffer)
        resources["output_extension"] = self.file_extension
        return buffer.getvalue(), resources

    def _template(self, head: Masthead | None) -> Path:
        """The template asked for, else the bureau's (profile.yml `bulletin.word_template`, as
        the masthead hands it over), else the one shipped."""
        bureau = Path(head.word_template) if head is not None and head.word_template else None
        if self.template_docx:
            return Path(self.template_docx)
        if bureau is not None and bureau.is_file():
            return bureau
        return template.DEFAULT_TEMPLATE


def write_docx(
    notebook: NotebookNode | Path,
    destination: Path,
    lang: str | None = None,
    template_docx: Path | None = None,
) -> Path:
    """destination (…/briefing.docx) from the executed notebook."""
    nb = notebook if isinstance(notebook, NotebookNode) else nbformat.read(notebook, 4)
    exporter = BriefingDocxExporter(lang=lang or "", template_docx=str(template_docx or ""))
    data, _ = exporter.from_notebook_node(nb)
    return files.write_whole(destination, data)  # a full disk leaves no cut document


def build(notebook: NotebookNode, template_path: Path, head: Masthead | None) -> Document:
    """The document: the template, its missing styles added, the briefing in its body; the
    notebook's masthead and foot (`head`) unless the template keeps its own."""
    document = docx.Document(str(template_path))
    template.ensure_styles(document)
    body = document.element.body
    before = set(body)
    marker = _marker(document)
    masthead = None if marker is not None else head
    if masthead is not None:
        add_masthead(document, masthead)
    write_body(Body(document), notebook)
    if masthead is not None:
        add_foot(document, masthead)
    if marker is not None:  # what was added, moved to where the marker stands
        for element in [e for e in body if e not in before and e.tag != qn("w:sectPr")]:
            marker.addprevious(element)
        body.remove(marker)
    document.core_properties.title = _title(document)
    return document


def write_body(body: Body, notebook: NotebookNode) -> None:
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            body.markdown(cell.source)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if not any(mimetype in data for mimetype in HIDDEN):
                _output(body, data)


def _output(body: Body, data: dict[str, Any]) -> None:
    """One output: a chart, else its Markdown, else its HTML (a plain text alone is the
    kernel's representation, not the briefing's)."""
    png = chart_png(data)
    if png is not None:
        body.picture(png, _chart_title(_chart_spec(data)))
    elif "text/markdown" in data:
        body.markdown(data["text/markdown"])
    elif "text/html" in data:
        body.html(data["text/html"])


def _marker(document: Document) -> Any:
    """The template's `{{body}}` paragraph (its XML element), if it has one."""
    for paragraph in document.paragraphs:
        if paragraph.text.strip() == BODY_MARKER:
            return paragraph._p
    return None


def _title(document: Document) -> str:
    """The document's title (File > Properties): its first paragraph in the Title style."""
    title = document.styles["Title"]
    return next((p.text for p in document.paragraphs if p.style == title), "")
