"""一、总体情况: the headline paragraph of the briefing and the tables it is drawn from.

The paragraph and the tables are built from one `Headline`, so every figure in the text is
the figure in its table.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from industry_briefing import formatting, narrative
from industry_briefing.progress import (
    Progress,
    indicator_progress,
    parks_progress,
    parks_total_progress,
    share_pct,
)

PROVENANCE_LABELS = {"derived": "推算", "illustrative": "示意"}


@dataclass(frozen=True)
class Headline:
    figures: object  # reader.PeriodFigures
    output: Progress
    investment: Progress
    investment_share_pct: float | None
    parks: Progress
    parks_detail: pd.DataFrame

    @property
    def label(self) -> str:
        return self.figures.period.label


def build_headline(figures) -> Headline:
    period, indicators = figures.period, figures.indicators
    investment = indicator_progress(indicators, "industrial_investment", period)
    fixed_assets = indicator_progress(indicators, "fixed_asset_investment", period)
    return Headline(
        figures=figures,
        output=indicator_progress(indicators, "industrial_output", period),
        investment=investment,
        investment_share_pct=share_pct(investment.value, fixed_assets.value)
        if fixed_assets.value
        else None,
        parks=parks_total_progress(figures.parks, period),
        parks_detail=parks_progress(figures.parks, period),
    )


def headline_text(headline: Headline, lang: str = "zh") -> str:
    """The opening paragraphs of the 简报 (Markdown)."""
    notes = headline.figures.indicators.set_index("indicator")["note"]
    return narrative.render(
        "headline.md.j2",
        lang,
        label=headline.label,
        region=headline.figures.region,
        output=headline.output,
        output_note=_text_or_none(notes.get("industrial_output")),
        investment=headline.investment,
        investment_share_pct=headline.investment_share_pct,
        parks=headline.parks,
        parks_count=len(headline.parks_detail),
        park_rows=headline.parks_detail.to_dict("records"),
    )


def key_figures_table(headline: Headline) -> pd.DataFrame:
    """The three headline indicators with the figures the paragraph quotes."""
    rows = [headline.output, headline.investment, headline.parks]
    return pd.DataFrame(
        {
            "指标": [p.name for p in rows],
            "本期累计（亿元）": [formatting.format_number(p.value) for p in rows],
            "同比": [_growth_cell(p) for p in rows],
            "年度目标（亿元）": [
                _number_or_dash(p.annual_target) + _target_label(headline, p) for p in rows
            ],
            "完成年度目标（%）": [_number_or_dash(p.completion_pct) for p in rows],
            "时间进度（%）": [formatting.format_number(p.time_progress_pct) for p in rows],
            "比时间进度（个百分点）": [_points_or_dash(p.points_vs_time_progress) for p in rows],
        }
    )


def parks_table(headline: Headline) -> pd.DataFrame:
    """Per park and in total: completion against the annual target and time progress."""
    figures, detail = headline.figures, headline.parks_detail
    target_label = provenance_label(figures, "parks", detail["park"], "annual_target")
    district_label = provenance_label(figures, "parks", detail["park"], "district")
    total = headline.parks
    return pd.DataFrame(
        {
            "园区": [*detail["park"], "合计"],
            f"区县{district_label}": [*detail["district"], ""],
            "累计完成（亿元）": [
                formatting.format_number(v) for v in [*detail["completed"], total.value]
            ],
            f"年度目标（亿元）{target_label}": [
                formatting.format_number(v) for v in [*detail["annual_target"], total.annual_target]
            ],
            "完成年度目标（%）": [
                _number_or_dash(v) for v in [*detail["completion_pct"], total.completion_pct]
            ],
            "比时间进度（个百分点）": [
                _points_or_dash(v)
                for v in [*detail["points_vs_time_progress"], total.points_vs_time_progress]
            ],
        }
    )


def provenance_label(figures, table: str, keys, column: str) -> str:
    """'（示意）' when a column's values are illustrative, '（推算）' when derived, else ''."""
    kinds = {figures.provenance_of(table, key, column) for key in keys}
    kinds.discard("published")
    if not kinds:
        return ""
    if len(kinds) == 1:
        return f"（{PROVENANCE_LABELS[kinds.pop()]}）"
    return "（部分为推算或示意）"


def _target_label(headline: Headline, progress: Progress) -> str:
    """Marks a target that was not published (derived from ratios, or illustrative)."""
    figures = headline.figures
    if progress is headline.parks:
        return provenance_label(figures, "parks", headline.parks_detail["park"], "annual_target")
    return provenance_label(figures, "indicators", [progress.code], "annual_target")


def provenance_notes(figures) -> list[str]:
    """The notes of every figure that is not published, for the briefing's footnotes."""
    rows = figures.provenance
    rows = rows[(rows["provenance"] != "published") & rows["note"].notna()]
    return [
        f"{PROVENANCE_LABELS[kind]}：{note}"
        for kind, note in zip(rows["provenance"], rows["note"], strict=True)
    ]


def _growth_cell(progress: Progress) -> str:
    if progress.growth_pct is None:
        return "—"
    return formatting.growth_phrase(progress.growth_pct, given=progress.growth_is_official)


def _number_or_dash(value: float | None) -> str:
    return "—" if value is None or pd.isna(value) else formatting.format_number(value)


def _points_or_dash(value: float | None) -> str:
    return "—" if value is None or pd.isna(value) else formatting.format_points(value)


def _text_or_none(value) -> str | None:
    return None if value is None or pd.isna(value) or str(value).strip() == "" else str(value)


def progress_frame(headline: Headline) -> pd.DataFrame:
    """The headline indicators as a tidy frame (name, completion_pct) for charts."""
    rows = [headline.output, headline.investment, headline.parks]
    return pd.DataFrame(
        {"name": [p.name for p in rows], "completion_pct": [p.completion_pct for p in rows]}
    )
