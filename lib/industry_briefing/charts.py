"""Chart builders: one altair expression per chart, one shared theme with a CJK font stack.

Charts render as static SVG through vl-convert: the shared HTML must open offline (altair's
default renderer loads vega from a CDN) and the same image serves the PDF.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from industry_briefing.formatting import format_pct
from industry_briefing.settings import CJK_FONT_STACK

THEME = "industry_briefing"
BEHIND, AHEAD, RULE = "#c0392b", "#2e6da4", "#555555"


@alt.theme.register(THEME, enable=False)
def _theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": CJK_FONT_STACK,
            "title": {"font": CJK_FONT_STACK, "fontSize": 15, "anchor": "start"},
            "axis": {
                "labelFont": CJK_FONT_STACK,
                "titleFont": CJK_FONT_STACK,
                "labelFontSize": 12,
                "labelLimit": 320,  # full park names, not "贵阳市小河-孟关装备制造业生…"
            },
            "legend": {"labelFont": CJK_FONT_STACK, "titleFont": CJK_FONT_STACK},
            "view": {"stroke": None},
        }
    }


def use_briefing_style() -> None:
    """Enable the theme and the static SVG renderer (offline, printable)."""
    alt.theme.enable(THEME)
    alt.renderers.enable("svg")


def completion_vs_time_progress(
    items: pd.DataFrame, time_progress_pct: float, title: str, label_field: str = "name"
) -> alt.LayerChart:
    """Bars of completion of annual target (%) with a rule at time progress.

    `items` has `label_field` and `completion_pct`; bars behind time progress are red.
    """
    data = items.assign(
        behind=lambda df: df["completion_pct"] < time_progress_pct,
        completion_label=lambda df: df["completion_pct"].map(format_pct),
    )
    y = alt.Y(f"{label_field}:N", sort=None, title=None)
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("completion_pct:Q", title="完成年度目标（%）"),
            y=y,
            color=alt.Color(
                "behind:N",
                scale=alt.Scale(domain=[True, False], range=[BEHIND, AHEAD]),
                legend=alt.Legend(
                    title=None, labelExpr="datum.value ? '落后时间进度' : '达到时间进度'"
                ),
            ),
            tooltip=[f"{label_field}:N", alt.Tooltip("completion_pct:Q", format=".2f")],
        )
    )
    labels = bars.mark_text(align="left", dx=3, color="#333").encode(
        text="completion_label:N", color=alt.value("#333")
    )
    rule = (
        alt.Chart(pd.DataFrame({"time_progress_pct": [time_progress_pct]}))
        .mark_rule(color=RULE, strokeDash=[4, 3], size=1.5)
        .encode(x="time_progress_pct:Q")
    )
    rule_label = rule.mark_text(align="left", dx=4, dy=-6, color=RULE).encode(
        text=alt.value(f"时间进度 {format_pct(time_progress_pct)}"), y=alt.value(0)
    )
    return (bars + labels + rule + rule_label).properties(
        title=title, width=460, height=max(60, 26 * len(data))
    )


def amounts_bar(items: pd.DataFrame, label_field: str, value_field: str, title: str) -> alt.Chart:
    """Horizontal bars of amounts in 亿元, in the given order."""
    return (
        alt.Chart(items)
        .mark_bar(color=AHEAD)
        .encode(
            x=alt.X(f"{value_field}:Q", title="亿元"),
            y=alt.Y(f"{label_field}:N", sort=None, title=None),
            tooltip=[f"{label_field}:N", alt.Tooltip(f"{value_field}:Q", format=".2f")],
        )
        .properties(title=title, width=460, height=max(60, 26 * len(items)))
    )
