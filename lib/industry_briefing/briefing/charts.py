"""Chart builders: one altair expression per chart, one shared theme with a CJK font stack.

A chart displays as a bundle of two representations: a static SVG drawn by vl-convert (offline,
printable: the PDF and any viewer without JavaScript use it) and its Vega-Lite spec (drawn
interactively, with tooltips, by a frontend that renders the spec and by the shared HTML, which
inlines vega-embed once per page). altair's default renderer would load vega from a CDN.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import altair as alt
import pandas as pd

from industry_briefing.briefing import labels
from industry_briefing.briefing.formatting import format_pct, shown_text
from industry_briefing.core.settings import CJK_FONT_STACK, DEFER_SVG_ENV

if TYPE_CHECKING:
    from nbformat import NotebookNode

THEME = "industry_briefing"
BEHIND, AHEAD, RULE = "#c0392b", "#2e6da4", "#555555"


def cumulative_month_label(lang: str = labels.DEFAULT_LANG) -> str:
    """Axis labels of months: month m is the release 1-m月 (1月 alone; Jan, Jan–Feb … in en)."""
    names = [labels.month_span(1, month, lang, short=True) for month in range(1, 13)]
    return f"{json.dumps(names, ensure_ascii=False)}[datum.value - 1]"


CUMULATIVE_MONTH_LABEL = cumulative_month_label()


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


RENDERER = "industry_briefing"
# The mimetype altair gives a Vega-Lite spec (JupyterLab renders the versions it ships).
SPEC_MIMETYPE = f"application/vnd.vegalite.v{alt.VEGALITE_VERSION.split('.')[0]}+json"


def _svg_and_spec_renderer(spec: dict[str, Any], **metadata: Any) -> dict[str, Any]:
    """The static SVG (vl-convert, offline) and the spec, for frontends that draw it live.

    In a batch kernel (DEFER_SVG_ENV set) only the spec: the worker draws every chart's SVG
    at export (`draw_missing_svgs`) with a vl-convert it keeps started, which spares each
    kernel the start of vl-convert's JavaScript runtime (about 0.9 s)."""
    if os.environ.get(DEFER_SVG_ENV):
        return {SPEC_MIMETYPE: spec, "text/plain": "<chart: drawn when exported>"}
    return {**static_svg(spec, **metadata), SPEC_MIMETYPE: spec}


def static_svg(spec: dict[str, Any], **metadata: Any) -> dict[str, Any]:
    """{"image/svg+xml": svg} of a Vega-Lite spec, drawn by vl-convert."""
    drawn: dict[str, Any] = alt.vegalite.v6.display.svg_renderer(spec, **metadata)
    return drawn


def draw_missing_svgs(notebook: NotebookNode) -> int:
    """Give each chart output of an executed notebook its static SVG where the kernel deferred
    it; returns how many were drawn."""
    drawn = 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if SPEC_MIMETYPE in data and "image/svg+xml" not in data:
                data.update(static_svg(data[SPEC_MIMETYPE]))
                data.pop("text/plain", None)
                drawn += 1
    return drawn


alt.renderers.register(RENDERER, _svg_and_spec_renderer)


def use_briefing_style() -> None:
    """Enable the theme and the renderer of static SVG plus spec (offline, printable)."""
    alt.theme.enable(THEME)
    alt.renderers.enable(RENDERER)


def completion_vs_expected(
    items: pd.DataFrame, title: str, label_field: str = "name", lang: str = labels.DEFAULT_LANG
) -> alt.LayerChart:
    """Bullet bars: completion of the annual target (%) with a tick at the expected progress.

    `items` has `label_field`, `completion_pct` and `expected_pct` (时间进度 or the plan's);
    bars behind their expected progress are red. `lang`: the axis, legend and tooltip titles.
    """
    word = _words(lang)
    data = _shortened(items, label_field).assign(
        behind=lambda df: df["completion_pct"] < df["expected_pct"],
        completion_label=lambda df: df["completion_pct"].map(format_pct),
        expected_label=lambda df: df["expected_pct"].map(format_pct),
    )
    y = alt.Y(f"{label_field}:N", sort=None, title=None)
    tooltip = [
        alt.Tooltip(f"{label_field}:N", title=word("name")),
        alt.Tooltip("completion_label:N", title=word("completion")),
        alt.Tooltip("expected_label:N", title=word("expected")),
    ]
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("completion_pct:Q", title=word("completion_axis")),
            y=y,
            color=alt.Color(
                "behind:N",
                scale=alt.Scale(domain=[True, False], range=[BEHIND, AHEAD]),
                legend=alt.Legend(
                    title=None,
                    labelExpr=(
                        f"datum.value ? {json.dumps(word('behind'), ensure_ascii=False)}"
                        f" : {json.dumps(word('on_track'), ensure_ascii=False)}"
                    ),
                ),
            ),
            tooltip=tooltip,
        )
    )
    labels = bars.mark_text(align="left", dx=3, color="#333").encode(
        text="completion_label:N", color=alt.value("#333")
    )
    ticks = (
        alt.Chart(data)
        .mark_tick(color=RULE, thickness=2.5, size=22)
        .encode(x="expected_pct:Q", y=y, tooltip=tooltip)
    )
    return (bars + ticks + labels).properties(
        title=title, width=460, height=max(60, 26 * len(data))
    )


def cumulative_vs_target_path(
    actual: pd.DataFrame, target_path: pd.DataFrame, title: str, lang: str = labels.DEFAULT_LANG
) -> alt.LayerChart:
    """Cumulative value by month against the decomposed target path across the year.

    `actual`: month, value (cumulative, in the language's unit: 亿元, billion yuan in English,
    as sections.target_path gives it); `target_path`: month, cumulative_target.
    """
    word = _words(lang)
    x = alt.X(
        "month:O",
        title=word("month_axis"),
        axis=alt.Axis(labelExpr=cumulative_month_label(lang)),
    )
    path = (
        alt.Chart(target_path)
        .mark_line(color=RULE, strokeDash=[5, 4], point=True)
        .encode(
            x=x,
            y=alt.Y("cumulative_target:Q", title=word("cumulative_axis")),
            tooltip=[
                alt.Tooltip("month:O", title=word("month")),
                alt.Tooltip("cumulative_target:Q", title=word("target_path"), format=".2f"),
            ],
        )
    )
    done = (
        alt.Chart(actual)
        .mark_line(color=AHEAD, point=True, strokeWidth=2.5)
        .encode(
            x=x,
            y="value:Q",
            tooltip=[
                alt.Tooltip("month:O", title=word("month")),
                alt.Tooltip("value:Q", title=word("cumulative_done"), format=".2f"),
            ],
        )
    )
    return (path + done).properties(title=title, width=460, height=220)


def gaps_bar(
    items: pd.DataFrame, label_field: str, gap_field: str, title: str, unit: str
) -> alt.Chart:
    """Diverging bars of each item's gap to its expected progress (negative: behind)."""
    return (
        alt.Chart(_shortened(items, label_field))
        .mark_bar()
        .encode(
            x=alt.X(f"{gap_field}:Q", title=unit),
            y=alt.Y(
                f"{label_field}:N",
                sort=alt.EncodingSortField(gap_field, order="ascending"),
                title=None,
            ),
            color=alt.condition(f"datum.{gap_field} < 0", alt.value(BEHIND), alt.value(AHEAD)),
            tooltip=[f"{label_field}:N", alt.Tooltip(f"{gap_field}:Q", format=".2f")],
        )
        .properties(title=title, width=460, height=max(60, 26 * len(items)))
    )


def ranking_bar(
    items: pd.DataFrame,
    label_field: str,
    value_field: str,
    title: str,
    unit: str | None = None,
    lang: str = labels.DEFAULT_LANG,
) -> alt.Chart:
    """Items ranked by value, largest on top (`unit`: the axis title; default the amounts')."""
    unit = _words(lang)("amount_unit") if unit is None else unit
    return (
        alt.Chart(_shortened(items, label_field))
        .mark_bar(color=AHEAD)
        .encode(
            x=alt.X(f"{value_field}:Q", title=unit),
            y=alt.Y(f"{label_field}:N", sort="-x", title=None),
            tooltip=[f"{label_field}:N", alt.Tooltip(f"{value_field}:Q", format=".2f")],
        )
        .properties(title=title, width=460, height=max(60, 26 * len(items)))
    )


def growth_trend(history: pd.DataFrame, title: str, lang: str = labels.DEFAULT_LANG) -> alt.Chart:
    """Year-on-year growth (%) of cumulative figures across the year's releases.

    `history`: month, name (indicator), growth_pct.
    """
    word = _words(lang)
    return (
        alt.Chart(history.dropna(subset=["growth_pct"]))
        .mark_line(point=True)
        .encode(
            x=alt.X(
                "month:O",
                title=word("month_axis"),
                axis=alt.Axis(labelExpr=cumulative_month_label(lang)),
            ),
            y=alt.Y("growth_pct:Q", title=word("growth_axis")),
            color=alt.Color("name:N", title=None),
            tooltip=[
                "name:N",
                alt.Tooltip("month:O", title=word("month")),
                alt.Tooltip("growth_pct:Q", format=".1f"),
            ],
        )
        .properties(title=title, width=460, height=220)
    )


def _shortened(items: pd.DataFrame, label_field: str) -> pd.DataFrame:
    """The items with their labels as a page shows text from the input: a name of thousands of
    characters would take the chart's layout seconds, and be cut at the axis anyway."""
    return items.assign(**{label_field: items[label_field].astype(str).map(shown_text)})


def _words(lang: str) -> Callable[[str], str]:
    """The chart words of a language (templates/labels/<lang>.yml, group chart)."""
    return lambda key: labels.label(f"chart.{key}", lang)
