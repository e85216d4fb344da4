"""What the notebooks call: load a period's figures and show tables and text.

Notebooks stay thin: a parameters cell, then calls into this module, charts and prose.
"""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML, Markdown, display

from industry_briefing.analysis import history
from industry_briefing.analysis.model import MonthModel, build_model
from industry_briefing.briefing import labels, narrative
from industry_briefing.core import settings
from industry_briefing.core.periods import Period
from industry_briefing.ingest import reader
from industry_briefing.store import warehouse


def load_figures(period: str, data_dir: str = "", warehouse_path: str = ""):
    """The period's figures from the warehouse; ingested from `data_dir` first if absent there.

    Empty paths mean the project defaults, so a notebook opened in JupyterLab runs as it is.
    """
    data_root = settings.resolve_path(data_dir, settings.RAW_DATA_DIR)
    db = settings.resolve_path(warehouse_path, settings.WAREHOUSE_PATH)
    parsed = Period.parse(period)
    try:
        return warehouse.load_period(db, parsed)
    except warehouse.PeriodNotInWarehouse:
        pass
    figures = reader.read_period(data_root, parsed)
    warehouse.write_period(db, figures)
    return figures


def load_model(period: str, data_dir: str = "", warehouse_path: str = "") -> MonthModel:
    """The month's model, with the year's earlier releases and last year's from the warehouse."""
    figures = load_figures(period, data_dir, warehouse_path)
    db = settings.resolve_path(warehouse_path, settings.WAREHOUSE_PATH)
    last_december = Period(figures.period.year - 1, 12)
    with warehouse.reading(db):
        releases = history.releases_of_year(db, figures.period, figures.region)
        last_year = history.releases_of_year(db, last_december, figures.region)
    return build_model(figures, releases=releases, last_year_releases=last_year)


def briefing_title(figures, lang: str = labels.DEFAULT_LANG) -> str:
    """贵阳市工业经济运行简报（2011年1-2月） / '贵阳市 Industrial Economy Briefing, …'."""
    return labels.label(
        "title.briefing",
        lang,
        region=figures.region,
        year=figures.period.year,
        label=labels.period_label(figures.period, lang),
    )


def topic_title(model: MonthModel, topic: str, lang: str = labels.DEFAULT_LANG) -> str:
    """The title of a topic notebook: 'operation', 'investment' or 'parks'."""
    label = labels.period_label(model.period, lang)
    return labels.label(f"title.{topic}", lang, region=model.figures.region, label=label)


def show_title(title: str) -> None:
    """The page's title, as a Markdown h1 (its text is escaped: the region is input)."""
    show_markdown(f"# {narrative.markdown_text(title)}")


def show_heading(section: str, lang: str = labels.DEFAULT_LANG) -> None:
    """A section's heading as a Markdown h2 (the HTML's table of contents is built from them).

    `section`: overview, operation, investment, parks, concerns or appendix.
    """
    show_markdown(f"## {labels.label(f'heading.{section}', lang)}")


def show_markdown(text: str) -> None:
    """Markdown as it is: the narrative's (whose values are escaped), never raw input text."""
    display(Markdown(text))


def show_table(frame: pd.DataFrame, caption: str = "") -> None:
    """A formatted table; cell text is escaped (names come from input files). Empty: nothing."""
    if frame.empty:
        return
    table = frame.to_html(index=False, escape=True, border=0, classes="briefing-table")
    head = f"<p><strong>{html.escape(caption)}</strong></p>" if caption else ""
    display(HTML(head + table))


def show_chart(chart, data: pd.DataFrame) -> None:
    """Display a chart unless its data is empty (an optional table not reported this month)."""
    if not data.empty:
        display(chart)


def show_notes(lines: list[str], title: str = "注", lang: str = labels.DEFAULT_LANG) -> None:
    if not lines:
        return
    items = "".join(f"<p>{i}. {html.escape(line)}</p>" for i, line in enumerate(lines, 1))
    head = html.escape(title + labels.label("notes.colon", lang))
    display(HTML(f'<div class="briefing-notes"><p>{head}</p>{items}</div>'))


def publish_summary(model: MonthModel) -> None:
    """Hand the month's key figures to the batch (for reports/index.html) as a hidden output."""
    from industry_briefing.run.worker import SUMMARY_MIMETYPE

    display({SUMMARY_MIMETYPE: summary_of(model)}, raw=True)


def summary_of(model: MonthModel) -> dict:
    """Key figures of the month: numbers for the trend, and the briefing's own wording."""
    return {
        "label": model.label,
        "indicators": [_indicator_summary(p) for p in model.headline_indicators],
    }


def _indicator_summary(progress) -> dict:
    from industry_briefing.briefing import formatting

    target = progress.target
    return {
        "code": progress.code,
        "name": progress.name,
        "value": progress.value,
        "value_text": formatting.format_amount(progress.value),
        "growth_text": formatting.growth_phrase(
            progress.growth_pct, given=progress.growth_is_official
        )
        if progress.growth_pct is not None
        else "",
        "completion_pct": target.completion_pct if target else None,
        "completion_text": formatting.format_pct(target.completion_pct) if target else "",
        "versus_text": formatting.versus_progress(
            target.completion_pct, target.expected_pct, progress.reference_name
        )
        if target
        else "",
        "status": target.status if target else "",
        "status_label": target.status_label if target else "",
    }
