"""Chart builders: one altair expression per chart, one shared theme with a CJK font stack.

A chart displays as a bundle of representations, all drawn by vl-convert (offline, no CDN):
- its Vega-Lite spec, which the shared HTML draws live with vega-embed (inlined once per page);
- the same chart compiled to Vega, as `application/vnd.vega.v5+json`: JupyterLab ships a
  renderer for it (vega 5, marked safe), so a chart is live in JupyterLab on its defaults, with
  tooltips and the chart's selections, also in an untrusted notebook (one papermill wrote),
  with no extension to install and nothing fetched. JupyterLab has no Vega-Lite 6 renderer;
  altair's JupyterChart (anywidget) would need a live kernel and keep nothing in the saved
  notebook, so a report notebook would open with no chart;
- a PNG picture, for viewers that draw no Vega (GitHub, an untrusted classic notebook);
- a static SVG, which the PDF and any page without JavaScript use (JupyterLab shows SVG only
  in trusted notebooks, hence the PNG).
altair's default renderer would load vega from a CDN.
"""

from __future__ import annotations

import base64
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


# Every chart must fit the printed 简报's text block (156 mm, about 590 px) with its smallest
# text at 8 pt or more (10.7 px): text of 12 px survives being scaled to 590/660, so a chart,
# labels included, stays within about 660 px: a plot of 360 px beside names of up to 240 px.
TEXT_PX = 12
PLOT_WIDTH_PX = 360
LABEL_LIMIT_PX = 240  # long park names are cut with … (the tooltip and the table give them whole)


@alt.theme.register(THEME, enable=False)
def _theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": CJK_FONT_STACK,
            "title": {"font": CJK_FONT_STACK, "fontSize": 15, "anchor": "start"},
            "axis": {
                "labelFont": CJK_FONT_STACK,
                "titleFont": CJK_FONT_STACK,
                "labelFontSize": TEXT_PX,
                "titleFontSize": TEXT_PX,
                "labelLimit": LABEL_LIMIT_PX,
            },
            "legend": {
                "labelFont": CJK_FONT_STACK,
                "titleFont": CJK_FONT_STACK,
                "labelFontSize": TEXT_PX,
                "titleFontSize": TEXT_PX,
                "orient": "bottom",  # under the plot: the chart stays as narrow as the page
            },
            "text": {"fontSize": TEXT_PX},
            "view": {"stroke": None},
        }
    }


RENDERER = "industry_briefing"
# The mimetype altair gives a Vega-Lite spec (the shared HTML draws it).
SPEC_MIMETYPE = f"application/vnd.vegalite.v{alt.VEGALITE_VERSION.split('.')[0]}+json"
# The compiled Vega spec, for the renderer JupyterLab ships (vega 5).
VEGA_MIMETYPE = "application/vnd.vega.v5+json"
PNG_MIMETYPE, SVG_MIMETYPE = "image/png", "image/svg+xml"
# The Vega-Lite version vl-convert compiles with: altair's own ("6.4" of "v6.4.1").
VL_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
# JupyterLab draws the compiled chart as SVG (crisp text, marks a test can hover).
_VEGA_EMBED = {"embed_options": {"renderer": "svg", "actions": False}}


def _chart_renderer(spec: dict[str, Any], **metadata: Any) -> tuple[dict, dict]:
    """Every representation of the chart (module docstring), with the Vega renderer's options.

    In a batch kernel (DEFER_SVG_ENV set) only the spec: the worker draws the others at
    export (`complete_chart_outputs`) with a vl-convert it keeps started, which spares each
    kernel the start of vl-convert's JavaScript runtime (about 0.9 s)."""
    if os.environ.get(DEFER_SVG_ENV):
        return {SPEC_MIMETYPE: spec, "text/plain": "<chart: drawn when exported>"}, {}
    return drawn_representations(spec), {VEGA_MIMETYPE: _VEGA_EMBED}


def drawn_representations(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with its compiled Vega, PNG and SVG (vl-convert, offline)."""
    import vl_convert

    vega = vl_convert.vegalite_to_vega(spec, vl_version=VL_VERSION)
    # Compiled for Vega 6, whose grammar Vega 5 draws the same: say v5, or vega-embed in
    # JupyterLab warns of a version it does not have.
    vega["$schema"] = "https://vega.github.io/schema/vega/v5.json"
    # Drawn from the compiled Vega: the same SVG as vegalite_to_svg, without compiling twice.
    svg = vl_convert.vega_to_svg(vega)
    # The same pixels as vegalite_to_png, in a third of its time: the chart is laid out once.
    png = vl_convert.svg_to_png(svg)
    return {
        SPEC_MIMETYPE: spec,
        VEGA_MIMETYPE: vega,
        PNG_MIMETYPE: base64.b64encode(png).decode("ascii"),
        SVG_MIMETYPE: svg,
    }


def complete_chart_outputs(notebook: NotebookNode) -> int:
    """Give each chart output of an executed notebook the representations the kernel deferred;
    returns how many were completed."""
    completed = 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if SPEC_MIMETYPE in data and not {VEGA_MIMETYPE, PNG_MIMETYPE, SVG_MIMETYPE} <= set(
                data
            ):
                data.update(drawn_representations(data[SPEC_MIMETYPE]))
                data.pop("text/plain", None)
                output.setdefault("metadata", {})[VEGA_MIMETYPE] = _VEGA_EMBED
                completed += 1
    return completed


alt.renderers.register(RENDERER, _chart_renderer)


def use_briefing_style() -> None:
    """Enable the theme and the renderer of every representation of a chart (offline)."""
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
        title=title, width=PLOT_WIDTH_PX, height=max(60, 26 * len(data))
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
    return (path + done).properties(title=title, width=PLOT_WIDTH_PX, height=220)


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
        .properties(title=title, width=PLOT_WIDTH_PX, height=max(60, 26 * len(items)))
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
        .properties(title=title, width=PLOT_WIDTH_PX, height=max(60, 26 * len(items)))
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
        .properties(title=title, width=PLOT_WIDTH_PX, height=220)
    )


def _shortened(items: pd.DataFrame, label_field: str) -> pd.DataFrame:
    """The items with their labels as a page shows text from the input: a name of thousands of
    characters would take the chart's layout seconds, and be cut at the axis anyway."""
    return items.assign(**{label_field: items[label_field].astype(str).map(shown_text)})


def _words(lang: str) -> Callable[[str], str]:
    """The chart words of a language (templates/labels/<lang>.yml, group chart)."""
    return lambda key: labels.label(f"chart.{key}", lang)
