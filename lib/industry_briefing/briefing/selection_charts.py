"""Charts that answer the reader: a legend that highlights a series, a brush on a timeline that
filters the bars beneath it. One function per chart, the theme and words of charts.py; the
static SVG (the PDF, a viewer without JavaScript) shows every series at full strength, the
live chart reacts to clicks and drags.

Figures are held in their stored unit (亿元 for money) and drawn in the unit the language
shows (billion yuan in English: phrases.number_in); tooltips show them as the text does
(phrases.quantity: half-up, never d3's rounding).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import altair as alt
import pandas as pd

from industry_briefing.briefing import labels, phrases
from industry_briefing.briefing.charts import AHEAD, cumulative_month_label
from industry_briefing.briefing.formatting import shown_text

FADED = 0.15  # the opacity of the series not selected
MONEY = "亿元"  # the stored unit of amounts


def highlighted_lines(
    frame: pd.DataFrame,
    x: str,
    series: str,
    title: str,
    y_title: str,
    lang: str = labels.DEFAULT_LANG,
    selected: str = "",
    unit: str = MONEY,
) -> alt.Chart:
    """A line per `series` of `value` along `x` ("month": 1-12 labelled as cumulative
    releases; "period": YYYY-MM); clicking a legend entry highlights its line, the others
    fade. `selected`: a series highlighted from the start; `unit`: the stored unit of
    `value`."""
    data = _labelled(frame, series, unit, lang)
    pick = alt.selection_point(
        fields=[series],
        bind="legend",
        value=[{series: shown_text(selected)}] if selected else alt.Undefined,
    )
    return (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=_x(x, lang),
            **_highlighted(series, x, y_title, pick, lang),
        )
        .add_params(pick)
        .properties(title=title, width=460, height=240)
    )


def highlighted_bars(
    frame: pd.DataFrame,
    series: str,
    title: str,
    y_title: str,
    lang: str = labels.DEFAULT_LANG,
    unit: str = MONEY,
) -> alt.Chart:
    """Bars of `value` by release (YYYY-MM), side by side per `series`; clicking a legend
    entry highlights its bars, the others fade."""
    data = _labelled(frame, series, unit, lang)
    pick = alt.selection_point(fields=[series], bind="legend")
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("period:O", title=_word(lang)("period_axis")),
            xOffset=alt.XOffset(f"{series}:N"),
            **_highlighted(series, "period", y_title, pick, lang),
        )
        .add_params(pick)
        .properties(title=title, width=460, height=220)
    )


def brushed_timeline(
    frame: pd.DataFrame,
    series: str,
    title: str,
    bars_title: str,
    unit: str,
    lang: str = labels.DEFAULT_LANG,
) -> alt.VConcatChart:
    """Above, the items' cumulative total release by release, on a timeline: drag across it
    to choose releases. Below, each item's single-month values summed over the releases
    chosen (all of them while nothing is chosen), largest first. Amounts held in 亿元."""
    data = _labelled(frame, series, MONEY, lang).assign(
        release=lambda df: [
            f"{year:04d}-{month:02d}-01"
            for year, month in zip(df["year"], df["month"], strict=True)
        ]
    )
    brush = alt.selection_interval(encodings=["x"])
    timeline = (
        alt.Chart(data)
        .mark_line(point=True, color=AHEAD)
        .encode(
            x=alt.X(
                "release:T",
                title=_word(lang)("period_axis"),
                axis=alt.Axis(format="%Y-%m", tickCount="month"),
            ),
            y=alt.Y("sum(value):Q", title=unit),
        )
        .add_params(brush)
        .properties(title=title, width=460, height=160)
    )
    bars = (
        alt.Chart(data)
        .transform_filter(brush)
        .mark_bar(color=AHEAD)
        .encode(
            x=alt.X("sum(single_month):Q", title=unit),
            y=alt.Y(f"{series}:N", sort="-x", title=None),
            tooltip=[alt.Tooltip(f"{series}:N", title=_word(lang)("name"))],
        )
        .properties(title=bars_title, width=460, height=max(60, 22 * data[series].nunique()))
    )
    return alt.vconcat(timeline, bars)


def _highlighted(
    series: str, x: str, y_title: str, pick: alt.Parameter, lang: str
) -> dict[str, Any]:
    """The value, a colour per series faded unless picked, and the tooltip of a chart whose
    series a legend click highlights."""
    word = _word(lang)
    return {
        "y": alt.Y("value:Q", title=y_title),
        "color": alt.Color(f"{series}:N", legend=alt.Legend(title=None, labelLimit=320)),
        "opacity": alt.condition(pick, alt.value(1.0), alt.value(FADED)),
        "tooltip": [
            alt.Tooltip(f"{series}:N", title=word("name")),
            alt.Tooltip(f"{x}:O", title=word("month" if x == "month" else "period_axis")),
            alt.Tooltip("value_label:N", title=y_title),
        ],
    }


def _x(x: str, lang: str) -> alt.X:
    if x == "month":
        axis = alt.Axis(labelExpr=cumulative_month_label(lang))
        return alt.X("month:O", title=labels.label("chart.month_axis", lang), axis=axis)
    return alt.X(f"{x}:O", title=_word(lang)("period_axis"))


def _labelled(frame: pd.DataFrame, series: str, unit: str, lang: str) -> pd.DataFrame:
    """The frame with its names shortened as a page shows text from the input, its figures in
    the language's unit, and each value's tooltip text as the text says it."""
    figures = [c for c in ("value", "single_month") if c in frame.columns]
    return frame.assign(
        **{series: frame[series].astype(str).map(shown_text)},
        **{c: frame[c].map(lambda v: _in_unit(v, unit, lang)) for c in figures},
        value_label=frame["value"].map(
            lambda v: "" if pd.isna(v) else phrases.quantity(float(v), unit, lang)
        ),
    )


def _in_unit(value: float, unit: str, lang: str) -> float:
    return value if pd.isna(value) else phrases.number_in(float(value), unit, lang)


def _word(lang: str) -> Callable[[str], str]:
    """The chart words of the explore notebook (group explore.chart), and charts.py's."""

    def word(key: str) -> str:
        if key in ("name", "month"):
            return labels.label(f"chart.{key}", lang)
        return labels.label(f"explore.chart.{key}", lang)

    return word
