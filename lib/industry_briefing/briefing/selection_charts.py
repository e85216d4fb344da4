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

from industry_briefing.briefing import chart_fields as fields
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
    data = _labelled(frame, series, unit, lang, x)
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
            # The figure said as what it is (its axis may be titled by its unit alone).
            **_highlighted(data, series, y_title, pick, lang, _word(lang)("value")),
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
    data = _labelled(frame, series, unit, lang, "period")
    pick = alt.selection_point(fields=[series], bind="legend")
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("period:O", title=_word(lang)("period_axis")),
            xOffset=alt.XOffset(f"{series}:N"),
            **_highlighted(data, series, y_title, pick, lang, y_title),
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
    chosen (all of them while nothing is chosen), largest first. Amounts held in 亿元; the
    tooltips say them with their unit, the releases as printed (2011年1-9月)."""
    word = _word(lang)
    data = _labelled(frame, series, MONEY, lang, "period").assign(release=_release)
    totals = (
        data.groupby(["release", "period"], as_index=False)["value"]
        .sum(min_count=1)
        .assign(
            period_label=lambda df: df["period"].map(lambda p: fields.period_text(p, lang)),
            total_label=lambda df: df["value"].map(lambda v: fields.amount_text(v, lang)),
        )
    )
    brush = alt.selection_interval(encodings=["x"])
    timeline = (
        alt.Chart(totals)
        .mark_line(point=True, color=AHEAD)
        .encode(
            x=alt.X(
                "release:T",
                title=word("period_axis"),
                axis=alt.Axis(format="%Y-%m", tickCount="month"),
            ),
            y=alt.Y("value:Q", title=unit),
            tooltip=[
                alt.Tooltip("period_label:N", title=word("period")),
                alt.Tooltip("total_label:N", title=word("total")),
            ],
        )
        .add_params(brush)
        .properties(title=title, width=460, height=160)
    )
    bars = (
        alt.Chart(data)
        .transform_filter(brush)
        .transform_aggregate(chosen="sum(single_month)", groupby=[series])
        .transform_calculate(chosen_label=fields.amount_expression("chosen", lang))
        .mark_bar(color=AHEAD)
        .encode(
            x=alt.X("chosen:Q", title=unit),
            y=alt.Y(f"{series}:N", sort="-x", title=None),
            tooltip=[
                alt.Tooltip(f"{series}:N", title=fields.item_title(series, lang)),
                alt.Tooltip("chosen_label:N", title=bars_title_word(lang)),
            ],
        )
        .properties(title=bars_title, width=460, height=max(60, 22 * data[series].nunique()))
    )
    return alt.vconcat(timeline, bars)


def bars_title_word(lang: str) -> str:
    """What the lower bars of a brushed timeline sum: the single-month values chosen."""
    return labels.label("frame.column.single_month_plain", lang)


def _release(frame: pd.DataFrame) -> list[str]:
    """Each row's release as a date on a time axis (its month's first day)."""
    return [
        f"{year:04d}-{month:02d}-01"
        for year, month in zip(frame["year"], frame["month"], strict=True)
    ]


def _highlighted(
    data: pd.DataFrame, series: str, y_title: str, pick: alt.Parameter, lang: str, value: str
) -> dict[str, Any]:
    """The value, a colour per series faded unless picked (its legend under the chart, as many
    columns as its width holds), and the tooltip of a chart whose series a legend click
    highlights: the series, the release as printed, the figure with its unit."""
    word = _word(lang)
    return {
        "y": alt.Y("value:Q", title=y_title),
        "color": alt.Color(f"{series}:N", legend=fields.legend(data[series].unique())),
        "opacity": alt.condition(pick, alt.value(1.0), alt.value(FADED)),
        "tooltip": [
            alt.Tooltip(f"{series}:N", title=fields.item_title(series, lang)),
            alt.Tooltip("period_label:N", title=word("period")),
            alt.Tooltip("value_label:N", title=value),
        ],
    }


def _x(x: str, lang: str) -> alt.X:
    if x == "month":
        axis = alt.Axis(labelExpr=cumulative_month_label(lang))
        return alt.X("month:O", title=labels.label("chart.month_axis", lang), axis=axis)
    return alt.X(f"{x}:O", title=_word(lang)("period_axis"))


def _labelled(frame: pd.DataFrame, series: str, unit: str, lang: str, x: str) -> pd.DataFrame:
    """The frame with its names shortened as a page shows text from the input, its figures in
    the language's unit, and each value's tooltip texts as the text says them: the figure
    with its unit, the release as printed (1-9月 along months, 2011年1-9月 along releases)."""
    figures = [c for c in ("value", "single_month") if c in frame.columns]
    if x == "month":
        when = frame["month"].map(lambda m: fields.month_text(int(m), lang))
    else:
        when = frame["period"].map(lambda p: fields.period_text(str(p), lang))
    return frame.assign(
        **{series: frame[series].astype(str).map(shown_text)},
        **{c: frame[c].map(lambda v: _in_unit(v, unit, lang)) for c in figures},
        value_label=frame["value"].map(
            lambda v: "" if pd.isna(v) else phrases.quantity(float(v), unit, lang)
        ),
        period_label=when,
    )


def _in_unit(value: float, unit: str, lang: str) -> float:
    return value if pd.isna(value) else phrases.number_in(float(value), unit, lang)


def _word(lang: str) -> Callable[[str], str]:
    """The chart words of the explore notebook (group explore.chart), and charts.py's."""

    def word(key: str) -> str:
        if key in ("name", "period", "value"):
            return labels.label(f"chart.{key}", lang)
        return labels.label(f"explore.chart.{key}", lang)

    return word
