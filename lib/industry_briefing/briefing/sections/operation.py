"""二、工业经济运行: output, its districts and industries, the key enterprises' production."""

from __future__ import annotations

import pandas as pd

from industry_briefing.analysis import operation
from industry_briefing.analysis.model import MonthModel
from industry_briefing.analysis.shortlist import Shortlist, top_and_bottom
from industry_briefing.briefing import narrative
from industry_briefing.briefing.cells import (
    amount_cell,
    headers,
    number_or_dash,
    rate_cell,
    term_cell,
    text_or_blank,
)
from industry_briefing.briefing.formatting import growth_phrase, threshold_amount
from industry_briefing.briefing.labels import DEFAULT_LANG, label, period_label, term
from industry_briefing.briefing.sections import composed
from industry_briefing.briefing.shortlists import Columns, brief_of, shortlist_table


def text(model: MonthModel, lang: str = DEFAULT_LANG) -> str:
    """The section's paragraphs (Markdown): the seed's, or composed from the indicators of
    the section that a region of another shape gives."""
    return composed.after_seed(model, "operation", lang, _seed_text)


def _seed_text(model: MonthModel, lang: str) -> str:
    """The seed's paragraphs of the section."""
    enterprises = model.figures.enterprises
    districts = narrative.records(operation.districts_of(model, "industrial_output"))
    troubled = operation.troubled_enterprises(enterprises)
    with_growth = [d for d in districts if d["yoy_pct"] is not None]
    return narrative.render(
        "operation.md.j2",
        lang,
        label=period_label(model.period, lang),
        output=model.output,
        districts=districts,
        fastest=_growth_of(max(with_growth, key=lambda d: d["yoy_pct"], default=None), lang),
        slowest=_growth_of(min(with_growth, key=lambda d: d["yoy_pct"], default=None), lang),
        industries=narrative.records(_industries_of(model).shown),  # its table's top rows
        enterprise_count=len(enterprises),
        statuses=narrative.records(operation.status_summary(enterprises)),
        troubled_count=len(troubled),
        troubled_output=troubled["output"].sum(),
        reasons=list(operation.issue_counts(troubled).index[:3]),
        key_count=len(operation.key_enterprises_of(model)),
        key_minimum=threshold_amount(model.profile.thresholds.key_enterprise_yi, lang),
    )


def industry_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """The industries by output, largest first: the profile's `brief.ranking_top` and
    `ranking_bottom` rows, the middle as one row with its enterprises, output and share."""
    column = headers(lang)
    short = _industries_of(model)
    columns: Columns = {
        column("industry"): ("industry", None),
        column("enterprises"): ("enterprises", lambda n: int(n)),
        column("output"): ("output", amount_cell(lang)),
        column("industry_growth"): ("growth_pct", number_or_dash),
        column("share_of_key_output"): ("share_pct", number_or_dash),
    }
    return shortlist_table(short, columns, "industries", lang)


def _industries_of(model: MonthModel) -> Shortlist:
    """The industries' ranking as Table 3 prints it."""
    brief = model.profile.brief
    ranking = operation.output_by_industry(model.figures.enterprises)
    amounts = ["enterprises", "output", "share_pct"]
    return top_and_bottom(ranking, brief.ranking_top, brief.ranking_bottom, amounts)


def status_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Enterprises by production status, with the troubled ones (停产、部分生产、未投产) summed.
    Empty when no enterprise reports a status (not a table of zeros)."""
    table = operation.status_summary(model.figures.enterprises)
    reported = not table.empty
    troubled = table.loc[table["status"].isin(operation.TROUBLED_STATUSES)]
    statuses = [term("production_status", status, lang) for status in table["status"]]
    total = {
        "status": label("row.troubled_total", lang),
        "enterprises": troubled["enterprises"].sum(),
    }
    table = pd.concat(
        [
            table.assign(status=statuses),
            pd.DataFrame([total | {"output": troubled["output"].sum()}]),
        ]
    )
    column = headers(lang)
    result = pd.DataFrame(
        {
            column("production_status"): table["status"],
            column("enterprises"): table["enterprises"],
            column("output"): table["output"].map(amount_cell(lang)),
            column("mean_utilization"): table["mean_utilization_pct"].map(number_or_dash),
        }
    )
    return result if reported else result.iloc[:0]


def troubled_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """The troubled enterprises (停产 first, largest output first within a status), cut to the
    profile's `brief.listed` with one row of the rest and their output."""
    column = headers(lang)
    troubled = operation.troubled_enterprises(model.figures.enterprises)
    return shortlist_table(
        brief_of(model, troubled, ["output"]),
        {
            column("enterprise"): ("enterprise", None),
            column("district"): ("district", text_or_blank),
            column("industry"): ("industry", text_or_blank),
            column("production_status"): ("status", term_cell("production_status", lang)),
            column("output"): ("output", amount_cell(lang)),
            column("utilization"): ("utilization_pct", lambda v: rate_cell(v, official=True)),
            column("issue"): ("issue", text_or_blank),
        },
        "enterprises",
        lang,
    )


def _growth_of(row: dict | None, lang: str) -> dict | None:
    if row is None:
        return None
    growth = growth_phrase(row["yoy_pct"], given=bool(row["yoy_is_official"]), lang=lang)
    return {**row, "growth": growth}
