"""一、总体情况: the headline paragraph of the briefing and the tables it is drawn from.

The paragraph and the tables read the same `MonthModel`, so every figure in the text is the
figure in its table.
"""

from __future__ import annotations

import pandas as pd

from industry_briefing import narrative
from industry_briefing.model import MonthModel
from industry_briefing.progress import Progress
from industry_briefing.tables import growth_cell, number_or_dash, points_or_dash, provenance_label


def headline_text(model: MonthModel, lang: str = "zh") -> str:
    """The opening paragraphs of the 简报 (Markdown)."""
    notes = model.figures.indicators.set_index("indicator")["note"]
    return narrative.render(
        "headline.md.j2",
        lang,
        label=model.label,
        region=model.figures.region,
        output=model.output,
        output_note=_text_or_none(notes.get("industrial_output")),
        investment=model.investment,
        investment_share_pct=model.investment_share_pct,
        parks=model.parks_total,
        parks_count=len(model.parks),
        park_rows=model.parks.to_dict("records"),
    )


def key_figures_table(model: MonthModel) -> pd.DataFrame:
    """The three headline indicators with the figures the paragraph quotes."""
    rows = model.headline_indicators
    return pd.DataFrame(
        {
            "指标": [p.name for p in rows],
            "本期累计（亿元）": [number_or_dash(p.value) for p in rows],
            "同比": [growth_cell(p.growth_pct, p.growth_is_official) for p in rows],
            "占全市固定资产投资（%）": [
                number_or_dash(model.investment_share_pct) if p is model.investment else "—"
                for p in rows
            ],
            "年度目标（亿元）": [
                number_or_dash(p.annual_target) + _target_label(model, p) for p in rows
            ],
            "完成年度目标（%）": [number_or_dash(p.completion_pct) for p in rows],
            "进度要求（%）": [number_or_dash(p.expected_pct) for p in rows],
            "比进度要求（个百分点）": [points_or_dash(p.points_vs_expected) for p in rows],
            "进度依据": [p.reference_name if p.target else "—" for p in rows],
            "剩余月份月均需完成（亿元）": [
                number_or_dash(p.target.needed_monthly_yi if p.target else None) for p in rows
            ],
        }
    )


def quarter_table(model: MonthModel) -> pd.DataFrame:
    """以月保季: the quarter's cumulative target and what its remaining months need."""
    rows = [p for p in model.headline_indicators if p.quarter]
    return pd.DataFrame(
        {
            "指标": [p.name for p in rows],
            "季度": [p.quarter.quarter_label for p in rows],
            "季末累计目标（亿元）": [
                number_or_dash(p.quarter.quarter_cumulative_target_yi) for p in rows
            ],
            "本期累计（亿元）": [number_or_dash(p.value) for p in rows],
            "完成季末累计目标（%）": [
                number_or_dash(p.quarter.quarter_completion_pct) for p in rows
            ],
            "季内尚需完成（亿元）": [number_or_dash(p.quarter.needed_yi) for p in rows],
            "季内剩余月数": [p.quarter.months_left_in_quarter for p in rows],
            "季内月均需完成（亿元）": [number_or_dash(p.quarter.needed_monthly_yi) for p in rows],
        }
    )


def progress_frame(model: MonthModel) -> pd.DataFrame:
    """The headline indicators with a target, as a tidy frame for charts."""
    rows = [p for p in model.headline_indicators if p.target]
    return pd.DataFrame(
        {
            "name": [p.name for p in rows],
            "completion_pct": [p.completion_pct for p in rows],
            "expected_pct": [p.expected_pct for p in rows],
        }
    )


def _target_label(model: MonthModel, progress: Progress) -> str:
    """Marks a target that was not published (derived from ratios, or illustrative)."""
    if progress is model.parks_total:
        keys, table = model.parks["park"], "parks"
    else:
        keys, table = [progress.code], "indicators"
    return provenance_label(model.figures, table, keys, "annual_target")


def _text_or_none(value) -> str | None:
    return None if value is None or pd.isna(value) or str(value).strip() == "" else str(value)
