"""四、园区建设: the key industrial parks' infrastructure investment against their targets."""

from __future__ import annotations

import pandas as pd

from industry_briefing.analysis import parks
from industry_briefing.analysis.model import MonthModel
from industry_briefing.briefing import narrative
from industry_briefing.briefing.cells import (
    amount_cell,
    headers,
    number_or_dash,
    points_or_dash,
    provenance_label,
    signed_amount_or_dash,
)
from industry_briefing.briefing.formatting import amounts_in_unit
from industry_briefing.briefing.labels import DEFAULT_LANG, label, period_label, reference_name
from industry_briefing.briefing.sections import composed
from industry_briefing.core import settings


def text(model: MonthModel, lang: str = DEFAULT_LANG) -> str:
    """The section's paragraphs (Markdown); none for a month without parks. A region of
    another shape states its parks' indicators first."""
    lead = composed.section_text(model, "parks", lang)
    if model.parks_total is None:
        return lead
    return (lead + "\n\n" if lead else "") + narrative.render(
        "parks.md.j2",
        lang,
        label=period_label(model.period, lang),
        parks_count=len(model.parks),
        total=model.parks_total,
        reference=reference_name(model.parks_total.basis, lang),
        ahead=narrative.records(parks.ahead(model.parks)),
        behind=narrative.records(parks.furthest_behind(model.parks, settings.PARKS_NAMED_BEHIND)),
    )


def table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Per park and in total: completion against the annual target and expected progress."""
    figures, rows, total = model.figures, model.parks, model.parks_total
    if total is None:
        return pd.DataFrame()
    target_label = provenance_label(figures, "parks", rows["park"], "annual_target", lang)
    district_label = provenance_label(figures, "parks", rows["park"], "district", lang)
    column = headers(lang)
    amount = amount_cell(lang)
    return pd.DataFrame(
        {
            column("park"): [*rows["park"], label("row.total", lang)],
            column("district") + district_label: [*rows["district"], ""],
            column("park_completed"): [amount(v) for v in [*rows["completed"], total.value]],
            column("annual_target") + target_label: [
                amount(v) for v in [*rows["annual_target"], total.annual_target]
            ],
            column("completion"): [
                number_or_dash(v) for v in [*rows["completion_pct"], total.completion_pct]
            ],
            column("gap_points"): [
                points_or_dash(v) for v in [*rows["gap_pp"], total.points_vs_expected]
            ],
            column("gap_amount"): [
                signed_amount_or_dash(v, lang)
                for v in [
                    *rows["gap_amount_yi"],
                    total.target.gap_amount_yi if total.target else None,
                ]
            ],
            column("needed_monthly"): [
                amount(v)
                for v in [
                    *rows["needed_monthly_yi"],
                    total.target.needed_monthly_yi if total.target else None,
                ]
            ],
            column("rank"): [*rows["rank"].astype(str), ""],
        }
    )


def gaps_frame(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Park and its amount above (below) the required progress, in the language's unit."""
    gaps = model.parks[["park", "gap_amount_yi"]].rename(columns={"gap_amount_yi": "gap_amount"})
    return amounts_in_unit(gaps, ["gap_amount"], lang)
