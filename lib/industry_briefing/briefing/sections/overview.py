"""一、总体情况: the headline paragraph of the briefing and the tables it is drawn from.

The paragraph and the tables read the same `MonthModel`, so every figure in the text is the
figure in its table.
"""

from __future__ import annotations

import math

import pandas as pd

from industry_briefing.analysis.model import MonthModel
from industry_briefing.analysis.progress import Progress
from industry_briefing.briefing import narrative, phrases
from industry_briefing.briefing.cells import (
    DASH,
    amount_or_dash,
    headers,
    number_or_dash,
    points_or_dash,
    provenance_label,
)
from industry_briefing.briefing.labels import (
    DEFAULT_LANG,
    indicator_name,
    label,
    period_label,
    quarter_label,
)
from industry_briefing.briefing.sections import composed


def text(model: MonthModel, lang: str = DEFAULT_LANG) -> str:
    """The opening paragraphs of the 简报 (Markdown): the seed's, or composed from the
    region's profile and the month's indicators."""
    if not model.seed_shaped:
        return composed.headline_text(model, lang)
    notes = model.figures.indicators.set_index("indicator")["note"]
    return narrative.render(
        "headline.md.j2",
        lang,
        label=period_label(model.period, lang),
        region=model.profile.region_name(model.figures.region, lang) or model.figures.region,
        output=model.output,
        output_note=_text_or_none(notes.get("industrial_output")),
        investment=model.investment,
        investment_share_pct=model.investment_share_pct,
        parks=model.parks_total,
        parks_count=len(model.parks),
        park_rows=model.parks.to_dict("records"),
    )


def key_figures_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """The three headline indicators with the figures the paragraph quotes (a region of
    another shape: every indicator of the month)."""
    if not model.seed_shaped:
        return composed.statements_table(model, lang)
    rows = model.headline_indicators
    column = headers(lang)
    return pd.DataFrame(
        {
            column("indicator"): [indicator_name(p.code, lang) for p in rows],
            column("cumulative"): [amount_or_dash(p.value, lang) for p in rows],
            column("growth"): [phrases.progress_growth(p, lang) or DASH for p in rows],
            column("share_of_fixed_assets"): [
                number_or_dash(model.investment_share_pct) if p is model.investment else DASH
                for p in rows
            ],
            column("annual_target"): [
                amount_or_dash(p.annual_target, lang) + _target_label(model, p, lang) for p in rows
            ],
            column("completion"): [number_or_dash(p.completion_pct) for p in rows],
            column("expected"): [number_or_dash(p.expected_pct) for p in rows],
            column("gap_points"): [points_or_dash(p.points_vs_expected) for p in rows],
            column("benchmark"): [
                label(f"benchmark.{p.basis}", lang) if p.target else DASH for p in rows
            ],
            column("needed_monthly"): [
                amount_or_dash(p.target.needed_monthly_yi if p.target else None, lang) for p in rows
            ],
        }
    )


def quarter_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """以月保季: the quarter's cumulative target and what its remaining months need."""
    if not model.seed_shaped:
        return pd.DataFrame()  # a region of another shape: its targets are in table 1
    rows = [(p, p.quarter) for p in model.headline_indicators if p.quarter]
    column = headers(lang)
    return pd.DataFrame(
        {
            column("indicator"): [indicator_name(p.code, lang) for p, _ in rows],
            column("quarter"): [quarter_label(q.quarter, lang) for _, q in rows],
            column("quarter_target"): [
                amount_or_dash(q.quarter_cumulative_target_yi, lang) for _, q in rows
            ],
            column("cumulative"): [amount_or_dash(p.value, lang) for p, _ in rows],
            column("quarter_completion"): [
                number_or_dash(q.quarter_completion_pct) for _, q in rows
            ],
            column("quarter_needed"): [amount_or_dash(q.needed_yi, lang) for _, q in rows],
            column("quarter_months_left"): [q.months_left_in_quarter for _, q in rows],
            column("quarter_needed_monthly"): [
                amount_or_dash(q.needed_monthly_yi, lang) for _, q in rows
            ],
        }
    )


def progress_frame(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """The headline indicators with a target, as a tidy frame for charts."""
    if not model.seed_shaped:
        return composed.progress_frame(model, lang)
    rows = [p for p in model.headline_indicators if p.target]
    return pd.DataFrame(
        {
            "name": [indicator_name(p.code, lang) for p in rows],
            "completion_pct": [p.completion_pct for p in rows],
            "expected_pct": [p.expected_pct for p in rows],
        }
    )


def _target_label(model: MonthModel, progress: Progress, lang: str) -> str:
    """Marks a target that was not published (derived from ratios, or illustrative)."""
    if progress is model.parks_total:
        return provenance_label(model.figures, "parks", model.parks["park"], "annual_target", lang)
    return provenance_label(model.figures, "indicators", [progress.code], "annual_target", lang)


def _text_or_none(value: object) -> str | None:
    """A note as written, or None for an empty cell."""
    empty = value is None or (isinstance(value, float) and math.isnan(value))
    return None if empty or str(value).strip() == "" else str(value)
