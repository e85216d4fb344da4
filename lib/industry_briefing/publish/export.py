"""The briefing's outputs from an executed notebook: the shared HTML page and its PDF.

The shared HTML is one self-contained file (it must open offline on any PC or phone): code
hidden, a table of contents, charts drawn by vega-embed from JavaScript inlined once per page
(values on hover), each chart's static SVG shown when JavaScript is off or fails. The PDF is
laid out by WeasyPrint, in-process, from a print variant of the same page: no JavaScript (it
runs none) and no specs, only the static SVG charts, so charts stay vector and the Chinese text
stays selectable; A4, running header with title and period, 第 N 页 / 共 M 页.

Exporter, template and JavaScript bundle are built once per process (a batch exports a dozen
periods per worker); a lock makes them safe to share between threads.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import threading
from pathlib import Path
from typing import Any

import nbformat
from nbconvert import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbformat import NotebookNode

from industry_briefing.briefing import labels, masthead
from industry_briefing.core import cache, files, settings
from industry_briefing.core.settings import DEFAULT_LANG, MASTHEAD_MIMETYPE
from industry_briefing.publish import fonts
from industry_briefing.publish import preprocessors as pages

SHARED, PRINT = "shared", "print"  # the two variants of the page the template renders
# Any Vega-Lite version: notebooks executed under an older altair still export.
_SPEC_MIMETYPE = re.compile(r"application/vnd\.vegalite\.v\d+\+json")
_EXTERNAL_REF = re.compile(r"""(?:src|href)\s*=\s*["']?\s*((?:https?:)?//[^"'\s>]+)""", re.I)
_lock = threading.Lock()
# WeasyPrint warns about every CSS property it ignores (rules meant for screens): noise in a
# batch's log, never a fault of the PDF.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


class ExportError(RuntimeError):
    """The page could not be turned into a PDF (e.g. it refers to something outside itself)."""


def external_references(html_text: str) -> list[str]:
    """URLs the page would load from the network (scripts, styles, images)."""
    return _EXTERNAL_REF.findall(html_text)


# --- public API ---------------------------------------------------------------------------------


def write_html(
    notebook: nbformat.NotebookNode | Path,
    destination: Path,
    title: str,
    footer_html: str = "",
    lang: str | None = None,
) -> Path:
    """The shared page; `footer_html` is trusted HTML appended at the end of the body.

    `lang` (zh, en) is the briefing's language; by default the `lang` papermill gave the
    notebook, else zh.
    """
    nb = _read(notebook)
    with _lock:
        page = _render(nb, SHARED, title, "", footer_html, lang)
    return _write_text(destination, page)


def write_pdf(
    notebook: nbformat.NotebookNode | Path,
    destination: Path,
    title: str,
    period_label: str,
    footer_html: str = "",
    lang: str | None = None,
) -> Path:
    """The A4 PDF; `period_label` (e.g. 2011年1-2月) goes in every page's header."""
    nb = _read(notebook)
    with _lock:
        page = _render(nb, PRINT, title, period_label, footer_html, lang)
        pdf = _pdf_bytes(page)
    return _write_bytes(destination, pdf)


def export_all(
    notebook: nbformat.NotebookNode | Path,
    directory: Path,
    stem: str,
    title: str,
    period_label: str,
    footer_html: str = "",
    lang: str | None = None,
) -> dict[str, Path]:
    """directory/stem.html and directory/stem.pdf from one reading of the notebook."""
    nb = _read(notebook)
    with _lock:
        shared = _render(nb, SHARED, title, period_label, footer_html, lang)
        printed = _render(nb, PRINT, title, period_label, footer_html, lang)
        pdf = _pdf_bytes(printed)
    return {
        "html": _write_text(directory / f"{stem}.html", shared),
        "pdf": _write_bytes(directory / f"{stem}.pdf", pdf),
    }


def prewarm() -> None:
    """Build what every export needs (about 2 s, once per process) ahead of the first one,
    e.g. in a worker's initializer while its first notebook executes. The PDF's library is
    `prewarm_pdf`: a worker that only writes topic pages never needs it."""
    html_exporter()
    vega_bundle()


def prewarm_pdf() -> None:
    import weasyprint  # noqa: F401  (its import loads pango and the fonts: about 0.5 s)


# --- HTML ---------------------------------------------------------------------------------------


# A heading as nbconvert's anchor filter writes it (through ElementTree, in ASCII): its
# Chinese as numeric character references, which the page then carries as text again.
_HEADING = re.compile(r"<h[1-6][ >].*?</h[1-6]>", re.S)
_NON_ASCII_REFERENCE = re.compile(r"&#(\d+);")


def _characters_as_text(heading: re.Match[str]) -> str:
    """Non-ASCII references as their characters; others (&#60; for <) stay escaped."""

    def character(reference: re.Match[str]) -> str:
        code = int(reference.group(1))
        return chr(code) if 128 <= code <= 0x10FFFF else reference.group()

    return _NON_ASCII_REFERENCE.sub(character, heading.group())


class _BriefingExporter(HTMLExporter):
    """An HTMLExporter whose page always knows its variant: the shared one unless told."""

    # nbconvert's own annotations: Exporter returns a NotebookNode where its subclass
    # HTMLExporter (like this one) returns the page's text; the override is nbconvert's.
    def from_notebook_node(  # type: ignore[override]
        self, nb: NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, dict[str, Any]]:
        """HTMLExporter's, without its pass of the whole page through BeautifulSoup (it gives
        images without alt text a placeholder and every output a tabindex), which parses and
        writes the page again. This template gives each chart its alt text; the table boxes,
        the only outputs that scroll, have their tabindex (briefing.notebook)."""
        info = nb.metadata.get("language_info", {})
        lexer = info.get("pygments_lexer", info.get("name"))
        highlight = self.filters.get(
            "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
        )
        resources = self._init_resources(resources)
        widgets = WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources
        )
        self.register_filter("highlight_code", highlight)
        self.register_filter("filter_data_type", widgets)
        page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        return _HEADING.sub(_characters_as_text, page), resources

    def _init_resources(self, resources: dict[str, Any] | None) -> dict[str, Any]:
        resources = super()._init_resources(resources)
        if not resources.get("briefing"):
            resources["briefing"] = _page(SHARED, "", "", "", self.language_code)
        return resources


@functools.cache
def html_exporter(lang: str = DEFAULT_LANG) -> HTMLExporter:
    """The exporter of both variants (the `resources` of a call choose one), built once."""
    exporter = _BriefingExporter(
        template_name="briefing",
        extra_template_basedirs=[str(settings.TEMPLATES_DIR / "nbconvert")],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        language_code=lang,  # <html lang>: 'zh-CN' is rejected and silently falls back to 'en'
    )
    for preprocessor in pages.left_out():  # cells meant for the analyst stay out of the 简报
        exporter.register_preprocessor(preprocessor, enabled=True)
    exporter.register_preprocessor(pages.TableOfContents(), enabled=True)
    exporter.register_filter("chart_spec", _chart_spec)
    exporter.register_filter("chart_title", _chart_title)
    exporter.register_filter("json_for_script", _json_for_script)
    exporter.register_filter("css_string", _css_string)
    return exporter


def _render(
    nb: NotebookNode,
    variant: str,
    title: str,
    period_label: str,
    footer_html: str,
    lang: str | None = None,
) -> str:
    lang = _language(nb, lang)
    if title:  # the page's <title>; the caller's notebook keeps its own metadata
        metadata = nbformat.NotebookNode({**nb.metadata, "title": title})
        nb = nbformat.NotebookNode({**nb, "metadata": metadata})
    head = notebook_masthead(nb)
    briefing = _page(variant, nb.metadata.get("title", ""), period_label, footer_html, lang, head)
    page, _ = html_exporter(lang).from_notebook_node(nb, resources={"briefing": briefing})
    return page


def notebook_masthead(nb: NotebookNode) -> masthead.Masthead | None:
    """The masthead the briefing notebook's title cell handed over, if it has one (a topic
    page, or a notebook executed before there were mastheads, has none)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {}).get(MASTHEAD_MIMETYPE)
            if isinstance(data, dict):
                return masthead.from_json(data)
    return None


def _page(
    variant: str,
    title: str,
    period_label: str,
    footer_html: str,
    lang: str,
    head: masthead.Masthead | None = None,
) -> dict:
    """What the template needs to know of the page beyond the notebook. The issued PDF ends
    in the foot (版记), with one line of where the figures come from; the run's provenance
    (`footer_html`: files, versions, commit) is for the shared page only."""
    faces = head.faces if head is not None else None
    return {
        "variant": variant,
        "title": title,
        "period_label": period_label,
        "footer_html": footer_html if variant == SHARED else "",
        "foot_html": masthead.foot_html(head) if head is not None else "",
        "official": head is not None,
        "faces": {role: fonts.css_families(role, faces) for role in fonts.ROLES},
        "face_rules": fonts.FACE_RULES,
        "vega_bundle": vega_bundle() if variant == SHARED else "",
        "words": page_words(lang),
    }


def page_words(lang: str) -> dict[str, str]:
    """What the page itself says (the labels' `page` group); the page number as CSS content."""
    words = dict(labels.lookup("page", lang))
    words["page_of"] = _css_counters(words["page_of"])
    words["page_number"] = _css_counters(words["page_number"])
    # the script of long tables keeps the total row (labels' row.total) last, always shown
    words["long_table"] = {**words["long_table"], "total": labels.label("row.total", lang)}
    return words


def _css_counters(text: str) -> str:
    """'第 {page} 页 / 共 {pages} 页' as CSS content: "第 " counter(page) " 页 / 共 " …"""
    parts = re.split(r"\{(pages?)\}", text)
    content = [
        f"counter({part})" if number % 2 else _css_string(part)
        for number, part in enumerate(parts)
        if part
    ]
    return " ".join(content)


def _language(nb: NotebookNode, lang: str | None) -> str:
    papermill = nb.metadata.get("papermill", {}).get("parameters", {})
    return labels.check_lang(lang or papermill.get("lang") or DEFAULT_LANG)


@functools.cache
def vega_bundle() -> str:
    """vega, vega-lite and vega-embed as one script (about 0.9 MB). Building it takes vl-convert
    about 1.8 s, so it is kept in data/processed/cache per vl-convert version: built once per
    machine, not once per batch worker."""
    import vl_convert

    def build() -> str:
        # The stub makes `snippet` required; it is optional (none: the libraries alone).
        bundle = vl_convert.javascript_bundle()  # type: ignore[call-arg]
        # Inside <script>, only "</script" could end the element early; "<\/" means the same.
        return re.sub(r"</(script)", r"<\\/\1", bundle, flags=re.I)

    version = vl_convert.__version__  # type: ignore[attr-defined]  # the stub omits it
    return cache.kept_text(f"vega-bundle-{version}.js", build)


def _chart_spec(data: dict[str, Any]) -> dict[str, Any] | None:
    """The Vega-Lite spec among an output's representations, if it is a chart."""
    return next((value for key, value in data.items() if _SPEC_MIMETYPE.fullmatch(key)), None)


def _chart_title(spec: dict[str, Any] | None) -> str:
    """The chart's title (its alt text): altair gives a string, a dict or a list of lines;
    views one above the other have theirs each (a brushed timeline over its bars)."""
    views = (spec or {}).get("vconcat") or []
    if not (spec or {}).get("title") and views:
        return " ".join(t for t in (_chart_title(view) for view in views) if t)
    title = (spec or {}).get("title", "")
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(title)
    return str(title)


# Inside <script>, "</script" (or "<!--") would end the element early: "<", ">" and "&" are
# written as JSON escapes (the same string to JSON.parse), and so are the two line separators
# older JavaScript parsers took for line ends.
_SCRIPT_JSON_ESCAPES = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def _json_for_script(value: object) -> str:
    """JSON safe inside <script type="application/json">: no tag can open or close there."""
    return json.dumps(value, ensure_ascii=False).translate(_SCRIPT_JSON_ESCAPES)


def _css_string(text: str) -> str:
    """A quoted CSS string (for content: in @page boxes), unable to close the <style>."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return '"' + escaped.replace("<", "\\3C ") + '"'


# --- PDF ----------------------------------------------------------------------------------------


# Where fontconfig keeps installed faces: the page's @font-face may name one with local().
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")
_FONT_SUFFIXES = {".ttf", ".otf", ".ttc", ".otc", ".woff", ".woff2"}


def _installed_font(url: str) -> bool:
    from urllib.parse import unquote, urlparse

    path = Path(unquote(urlparse(url).path)).resolve()
    roots = [Path(root).expanduser().resolve() for root in _FONT_DIRS]
    return path.suffix.lower() in _FONT_SUFFIXES and any(path.is_relative_to(r) for r in roots)


def _pdf_bytes(page: str) -> bytes:
    import weasyprint

    class OfflineFetcher(weasyprint.URLFetcher):
        """data: URLs and installed font files only; any other reference stops the
        rendering: the PDF needs no network and reads no other file."""

        def fetch(self, url: str, headers: dict | None = None) -> Any:
            if url.lower().startswith("file:") and not _installed_font(url):
                raise weasyprint.urls.FatalURLFetchingError(f"Error fetching {url!r}")
            return super().fetch(url, headers)

    fetcher = OfflineFetcher(allowed_protocols={"data", "file"}, fail_on_errors=True)
    try:
        return weasyprint.HTML(string=page, url_fetcher=fetcher).write_pdf()
    except weasyprint.urls.FatalURLFetchingError as error:
        # A BaseException, which a batch's `except Exception` would let kill the worker.
        raise ExportError(f"the briefing refers to something outside itself: {error}") from error


# --- files --------------------------------------------------------------------------------------


def _read(notebook: nbformat.NotebookNode | Path) -> nbformat.NotebookNode:
    if isinstance(notebook, nbformat.NotebookNode):
        return notebook
    return nbformat.read(Path(notebook), as_version=4)


def _write_text(destination: Path, text: str) -> Path:
    return files.write_whole(destination, text)  # a full disk leaves no cut page


def _write_bytes(destination: Path, data: bytes) -> Path:
    return files.write_whole(destination, data)
