"""The links at the top of each shared page: to the index, the briefing's PDF and Word file,
its tables as a spreadsheet and its topic pages, and the region's previous and next periods; a
topic page's back to its briefing.

The links are written after a batch's periods ran, from the reports as they are on disk (as
the index is), between two markers the page template leaves (`START`, `END`): a month added
later (2012-01 after 2011-12) gives 2011-12 its "next" link without executing 2011-12 again,
so the neighbours are not part of a period's fingerprint. Every link is relative and points
at a file that exists, so a reports folder can be moved or zipped and opened offline. The
print variant (the PDF) has no links.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from industry_briefing.briefing import labels
from industry_briefing.core import files
from industry_briefing.core.periods import Period, period_folders
from industry_briefing.core.settings import DEFAULT_LANG, LANGUAGES, TABLES_WORKBOOK, TOPICS
from industry_briefing.publish import manifest as manifests

START, END = "<!-- briefing-nav -->", "<!-- /briefing-nav -->"  # written by the page template
BRIEFING = "briefing.html"
DOCX = "briefing.docx"


@dataclass(frozen=True)
class Neighbours:
    """What a period's pages can link to, as relative links from its folder."""

    index: str
    pdf: bool
    topics: tuple[str, ...]  # the topics with a page in the folder
    previous: Period | None
    next: Period | None
    tables: bool = False  # the month's tables as a spreadsheet (tables.xlsx) are beside it
    docx: bool = False  # the briefing as a Word file (briefing.docx) is beside it


def write_navigation(reports_dir: Path, index_path: Path) -> int:
    """Write the links of every page of the region's reports; how many pages changed (a
    page whose links are already right is not written again)."""
    folders = {p: f for p, f in period_folders(reports_dir).items() if (f / BRIEFING).exists()}
    periods = list(folders)
    changed = 0
    for number, folder in enumerate(folders.values()):
        around = Neighbours(
            index=_link(os.path.relpath(index_path, folder)),
            pdf=(folder / "briefing.pdf").exists(),
            topics=tuple(t for t in TOPICS if (folder / f"{t}.html").exists()),
            previous=periods[number - 1] if number else None,
            next=periods[number + 1] if number + 1 < len(periods) else None,
            tables=(folder / TABLES_WORKBOOK).exists(),
            docx=(folder / DOCX).exists(),
        )
        lang = _language_of(folder)
        for page in (BRIEFING, *(f"{topic}.html" for topic in around.topics)):
            changed += _replace(folder / page, nav_html(page, around, lang))
    return changed


def nav_html(page: str, around: Neighbours, lang: str = DEFAULT_LANG) -> str:
    """The links of one page of a period's folder (trusted HTML: every text is escaped)."""

    def word(key: str, **fields: object) -> str:
        return html.escape(labels.label(f"page.nav.{key}", lang, **fields))

    def anchor(href: str, text: str, rel: str = "") -> str:
        relation = f' rel="{rel}"' if rel else ""
        return f'<a href="{html.escape(href)}"{relation}>{text}</a>'

    links = [anchor(around.index, word("index"))]
    if page == BRIEFING:
        if around.pdf:
            links.append(anchor("briefing.pdf", word("pdf")))
        if around.docx:
            links.append(anchor(DOCX, html.escape(labels.label("docx.link", lang))))
        if around.tables:
            links.append(anchor(TABLES_WORKBOOK, word("excel")))
    else:
        links.append(anchor(BRIEFING, word("briefing")))
    topics = [
        anchor(f"{topic}.html", html.escape(labels.label(f"index.topic.{topic}", lang)))
        for topic in around.topics
        if f"{topic}.html" != page
    ]
    if topics:
        links.append(f'<span class="briefing-nav-topics">{word("topics")}{" ".join(topics)}</span>')
    if page == BRIEFING:
        for rel, period in (("prev", around.previous), ("next", around.next)):
            if period is not None:
                text = word(rel, period=_period_words(period, lang))
                links.append(anchor(f"../{_link(str(period))}/{BRIEFING}", text, rel))
    return f'<nav class="briefing-nav" aria-label="{word("label")}">{"".join(links)}</nav>'


def _period_words(period: Period, lang: str) -> str:
    """2011年1-12月 / January–December 2011: the period with its year."""
    label = labels.period_label(period, lang)
    return labels.label("quality.period", lang, year=period.year, label=label)


def _language_of(folder: Path) -> str:
    """The language the period was rendered in (its manifest's parameters)."""
    lang = ((manifests.read(folder) or {}).get("parameters") or {}).get("lang")
    return lang if lang in LANGUAGES else DEFAULT_LANG


def _link(path: str) -> str:
    """A relative link, percent-encoded: a folder's name cannot make it "javascript:…"."""
    return quote(Path(path).as_posix())


def _replace(page: Path, nav: str) -> bool:
    """The page with `nav` between its markers, written whole (a temporary file moved into
    place) when that changes it; a page without the markers is left as it is."""
    text = page.read_text(encoding="utf-8")
    start = text.find(START)
    end = text.find(END, start)
    if start < 0 or end < 0 or text[start + len(START) : end] == nav:
        return False
    files.write_whole(page, text[: start + len(START)] + nav + text[end:])
    return True
