"""What the notebooks call to show a month: titles, headings, text, tables, notes.

Notebooks stay thin: a parameters cell, then calls into the library (the model from
analysis.loading, the sections' texts and tables, charts) shown through this module.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

import altair as alt
import pandas as pd
from IPython.display import HTML, Markdown, display

from industry_briefing.analysis.model import MonthModel
from industry_briefing.analysis.progress import Progress
from industry_briefing.analysis.statements import Statement
from industry_briefing.briefing import (
    alignment,
    charts,
    formatting,
    frames,
    labels,
    marks,
    masthead,
    narrative,
    numbering,
    phrases,
)
from industry_briefing.briefing.sections import composed, fact_tables

# The pages' titles live in titles.py (light, for the batch); the notebooks call them here.
from industry_briefing.briefing.titles import briefing_title as briefing_title
from industry_briefing.briefing.titles import page_title as page_title
from industry_briefing.contract.profile import profile_from
from industry_briefing.core import settings
from industry_briefing.core.settings import MASTHEAD_MIMETYPE, SUMMARY_MIMETYPE


def topic_title(model: MonthModel, topic: str, lang: str = labels.DEFAULT_LANG) -> str:
    """The title of a topic notebook: 'operation', 'investment' or 'parks'."""
    return page_title(model.figures, topic, lang)


def show_title(
    title: str, model: MonthModel | None = None, lang: str = labels.DEFAULT_LANG
) -> None:
    """The page's title, as a Markdown h1 (its text is escaped: the region is input); with the
    month's `model`, the line under it saying that its figures are illustrative, or which of
    them are (nothing when none is)."""
    numbering.reset()  # a new document: its tables and charts are numbered from 1
    show_markdown(f"# {narrative.markdown_text(title)}")
    line = marks.month_line(model, lang) if model is not None else ""
    if line:
        display(HTML(f'<p class="briefing-illustrative">{html.escape(line)}</p>'))


def show_masthead(model: MonthModel, lang: str = labels.DEFAULT_LANG, data_dir: str = "") -> None:
    """The 简报's masthead (name, 期号, 编印单位, date, red rule), and the same facts for the
    exporters, which lay out the PDF's masthead and foot and the Word file's from them.
    `data_dir`: the notebook's input root (empty: the project's), where a Word template is."""
    root = settings.resolve_path(data_dir or None, settings.RAW_DATA_DIR)
    head = masthead.masthead(model.figures, lang, root)
    bundle = {"text/html": masthead.masthead_html(head), MASTHEAD_MIMETYPE: head.as_json()}
    display(bundle, raw=True)


def caption(model: MonthModel, key: str, lang: str = labels.DEFAULT_LANG, **fields: object) -> str:
    """A table's caption or a chart's title (the label `key`), numbered in turn (表3, 图2: the
    number is used up only when `show_table`, `show_frame` or `show_chart` shows it), marked
    （示意） when what it shows is illustrative, （部分示意） when some of it is."""
    return marks.caption(model, key, lang, **fields)


# The numbered sections of a briefing, in order (the appendix is not numbered).
NUMBERED_SECTIONS = ("overview", "operation", "investment", "parks", "concerns", "analyst")


def show_heading(
    section: str, lang: str = labels.DEFAULT_LANG, model: MonthModel | None = None
) -> None:
    """A section's heading as a Markdown h2 (the HTML's table of contents is built from them).

    `section`: overview, operation, investment, parks, concerns, analyst or appendix. With
    the month's `model`, a section with nothing to say this month is left out and the ones
    shown are numbered in turn (一、二、三 …).
    """
    text = labels.label(f"heading.{section}", lang)
    if model is not None and section in NUMBERED_SECTIONS:
        shown = [s for s in NUMBERED_SECTIONS if section_shown(model, s)]
        if section not in shown:
            return
        numeral = labels.lookup("heading_numerals", lang)[shown.index(section)]
        separator = labels.label("heading_separator", lang)
        text = numeral + separator + text.split(separator, 1)[1]
    show_markdown(f"## {text}")


def section_shown(model: MonthModel, section: str) -> bool:
    """Whether a briefing's section has something to say this month."""
    if section == "analyst":
        return bool(model.figures.analyst_text)
    if section in ("overview", "concerns") or model.seed_shaped:
        return True
    return composed.has_content(model, section)


def show_breakdowns(model: MonthModel, section: str, lang: str = labels.DEFAULT_LANG) -> None:
    """The section's other indicators (a month laid out as the seed), then each breakdown of
    the section's indicators: its table and, with two parts or more that have a value, its
    ranking chart."""
    show_table(
        composed.section_table(model, section, lang),
        caption(model, "caption.other_indicators", lang),
    )
    for group in (g for g in model.breakdowns if g.section == section):
        named = {"indicator": phrases.name_of(group.indicator, lang), "dimension": group.dimension}
        table = composed.breakdown_table(group, lang)
        show_table(table, caption(model, "caption.breakdown", lang, **named))
        ranking = composed.breakdown_chart_frame(group, lang)
        if len(ranking) >= 2:
            title = caption(model, "caption.breakdown_chart", lang, **named)
            unit = composed.breakdown_chart_unit(group, lang)
            show_chart(charts.ranking_bar(ranking, "part", "value", title, unit, lang), ranking)
    for facts in fact_tables.tabled_groups(model, section):
        show_table(fact_tables.table(model, facts, lang), fact_tables.caption(model, facts, lang))


def show_analyst(model: MonthModel, lang: str = labels.DEFAULT_LANG) -> None:
    """The analyst's own paragraphs (notes.md), as text, under their own heading."""
    if model.figures.analyst_text:
        show_heading("analyst", lang, model)
        # Marked as the analyst's (a block of its own): not the briefing's composed statements.
        show_markdown(f'<div class="briefing-analyst">\n\n{composed.analyst_text(model)}\n\n</div>')


def show_markdown(text: str) -> None:
    """Markdown as it is: the narrative's (whose values are escaped), never raw input text."""
    display(Markdown(text))


def show_table(frame: pd.DataFrame, caption: str = "") -> None:
    """A formatted table; cell text is escaped (names come from input files) and a very long
    one shortened. Empty: nothing."""
    if frame.empty:
        return
    shown = frame.map(lambda cell: formatting.shown_text(cell) if isinstance(cell, str) else cell)
    table = shown.to_html(index=False, escape=True, border=0, classes="briefing-table")
    table = alignment.aligned(table)  # figures right, text left, as on every page
    display(HTML(_captioned(caption, _scrolling(table))))
    numbering.use(caption)


def _captioned(caption: str, tables: str) -> str:
    """The table(s) under their caption (escaped: it may name input), if there is one."""
    head = f"<p><strong>{html.escape(caption)}</strong></p>" if caption else ""
    return head + tables


def _scrolling(table: str) -> str:
    """A table in a box of its own: on a phone a wide table scrolls sideways there, not the
    page. The box takes the keyboard's focus, so that it scrolls without a pointer too."""
    return f'<div class="briefing-table-scroll" tabindex="0">{table}</div>'


def show_frame(
    frame: pd.DataFrame | frames.NumericTable,
    caption: str = "",
    formats: Mapping[str, frames.Kind | Callable[[Any], str]] | None = None,
    total: pd.DataFrame | None = None,
    lang: str = labels.DEFAULT_LANG,
) -> None:
    """A numeric frame as a table whose numbers stay numbers: the frame is not changed (sort
    it, filter it), each column is shown through its format (`frames.Kind`, the project's
    half-up rounding; unlisted columns by their dtype), missing cells as a dash. `total` (the
    合计 row, kept out of the frame so that sorting it never moves the total) is the table's
    last row. Empty: nothing."""
    if isinstance(frame, frames.NumericTable):
        merged = {**frame.formats, **(formats or {})}
        show_frame(frame.frame, caption, merged, frame.total if total is None else total, lang)
        return
    if frame.empty:
        return
    if total is not None and not total.empty:  # its last row on the page, apart in the frame
        frame = pd.concat([frame, total], ignore_index=True)
    shown = _scrolling(frames.styled_html(frame, formats or {}, lang))
    display(HTML(_captioned(caption, shown)))
    numbering.use(caption)


def show_chart(chart: alt.TopLevelMixin, data: pd.DataFrame) -> None:
    """Display a chart unless its data is empty (an optional table not reported this month);
    its title's number (given by `caption`) is used up only then."""
    if not data.empty:
        display(chart)
        numbering.use(chart_title(chart))


def chart_title(chart: alt.TopLevelMixin) -> str:
    """The chart's own title (the caption it was given), '' without one."""
    title = getattr(chart, "title", None)
    text = title if isinstance(title, str) else getattr(title, "text", None)
    return text if isinstance(text, str) else ""


def show_notes(lines: list[str], title: str, lang: str = labels.DEFAULT_LANG) -> None:
    """Numbered notes under a title (the appendix's 数据说明); their text is escaped."""
    if not lines:
        return
    items = "".join(f"<p>{i}. {html.escape(line)}</p>" for i, line in enumerate(lines, 1))
    head = html.escape(title + labels.label("notes.colon", lang))
    display(HTML(f'<div class="briefing-notes"><p>{head}</p>{items}</div>'))


def publish_summary(model: MonthModel, lang: str = labels.DEFAULT_LANG) -> None:
    """Hand the month's key figures to the batch (for reports/index.html) as a hidden output,
    in the briefing's language (the index quotes them)."""
    display({SUMMARY_MIMETYPE: summary_of(model, lang)}, raw=True)


def summary_of(model: MonthModel, lang: str = labels.DEFAULT_LANG) -> dict:
    """Key figures of the month: numbers for the trend, and the briefing's own wording; the
    beginning of the analyst's notes, where there are some."""
    if model.seed_shaped:
        indicators = [_indicator_summary(p, lang) for p in model.headline_indicators]
    else:
        indicators = [_statement_summary(s, lang) for s in model.headline()]
    first = model.figures.analyst_text.split("\n\n")[0].strip()
    name = profile_from(model.figures.profile).region_name(model.figures.region, lang)
    return {
        "label": model.label,
        "region_name": name or model.figures.region,  # the index's heading, in the language
        "indicators": indicators,
        "notes": formatting.shown_text(" ".join(first.split()), ANALYST_SUMMARY_CHARS),
    }


# How much of the analyst's first paragraph the index shows.
ANALYST_SUMMARY_CHARS = 120


def _statement_summary(statement: Statement, lang: str) -> dict:
    """A headline indicator of a region of any shape, as the index shows it."""
    target = statement.annual_target
    progress = statement.progress.target if statement.progress else None
    completion = (
        progress.completion_pct if progress else (target.completion_pct if target else None)
    )
    expected = progress.expected_pct if progress else (target.expected_pct if target else None)
    status = progress.status if progress else (target.status if target else None)
    return {
        "code": statement.code,
        "name": phrases.name_of(statement.indicator, lang),
        "value": statement.value,
        "value_text": phrases.quantity(statement.value, statement.unit, lang),
        "growth_text": phrases.statement_growth(statement, lang),
        "completion_pct": completion,
        "completion_text": formatting.format_pct(completion) if completion is not None else "",
        "versus_text": (
            formatting.versus_progress(completion, expected, None, lang)
            if completion is not None and expected is not None
            else ""
        ),
        "status": str(status) if status else "",
        "status_label": labels.term("status", status, lang) if status else "",
    }


def _indicator_summary(progress: Progress, lang: str) -> dict:
    target = progress.target
    reference = labels.reference_name(progress.basis, lang)
    return {
        "code": progress.code,
        "name": labels.indicator_name(progress.code, lang),
        "value": progress.value,
        "value_text": formatting.format_amount(progress.value, lang),
        "growth_text": phrases.progress_growth(progress, lang),
        "completion_pct": target.completion_pct if target else None,
        "completion_text": formatting.format_pct(target.completion_pct) if target else "",
        "versus_text": (
            formatting.versus_progress(target.completion_pct, target.expected_pct, reference, lang)
            if target
            else ""
        ),
        "status": str(target.status) if target else "",
        "status_label": labels.term("status", target.status, lang) if target else "",
    }
