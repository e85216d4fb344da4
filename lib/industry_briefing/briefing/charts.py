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
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import altair as alt
import pandas as pd

from industry_briefing.briefing import chart_fields as fields
from industry_briefing.briefing import labels
from industry_briefing.briefing.formatting import format_pct, shown_text
from industry_briefing.core.settings import CJK_FONT_STACK

if TYPE_CHECKING:
    from nbformat import NotebookNode

THEME = "industry_briefing"
BEHIND, AHEAD, RULE = "#c0392b", "#2e6da4", "#555555"


# Axis labels of months as cumulative releases (chart_fields owns them; selection_charts reads
# them here).
cumulative_month_label = fields.cumulative_month_label
CUMULATIVE_MONTH_LABEL = cumulative_month_label()


# Every chart must fit the printed 简报's text block (156 mm, about 590 px) with its smallest
# text at 8 pt or more (10.7 px): text of 12 px survives being scaled to 590/660, so a chart,
# labels included, stays within about 660 px: a plot of 360 px beside names of up to 240 px.
TEXT_PX = 12
LEGENDS_STACKED = "{bottom: {direction: 'vertical', anchor: 'start', margin: 4, offset: 18}}"
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
                # Two legends (the bars' colours, the tick) one above the other, not side by
                # side past the edge of a phone's screen.
                "layout": {"expr": LEGENDS_STACKED},
            },
            # A panel's name (the index's trend, one panel per indicator).
            "header": {
                "labelFont": CJK_FONT_STACK,
                "titleFont": CJK_FONT_STACK,
                "labelFontSize": TEXT_PX + 1,
                "labelFontWeight": "bold",
            },
            "text": {"fontSize": TEXT_PX},
            "view": {"stroke": None},
        }
    }


# Every representation of a chart; the spec alone (the batch draws the others at export).
RENDERER, DEFERRING_RENDERER = "industry_briefing", "industry_briefing_deferred"
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
    """Every representation of the chart (module docstring), with the Vega renderer's options."""
    return drawn_representations(spec), {VEGA_MIMETYPE: _VEGA_EMBED}


def _deferring_renderer(spec: dict[str, Any], **metadata: Any) -> tuple[dict, dict]:
    """Only the spec (a batch's kernel: `use_briefing_style(defer_svg=True)`): the worker draws
    the others at export (`complete_chart_outputs`), sparing each kernel vl-convert's 0.9 s."""
    return {SPEC_MIMETYPE: spec, "text/plain": "<chart: drawn when exported>"}, {}


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
alt.renderers.register(DEFERRING_RENDERER, _deferring_renderer)


def use_briefing_style(defer_svg: bool = False) -> None:
    """Enable the theme and the renderer of every representation of a chart (offline); with
    `defer_svg` (the notebooks' `defer_chart_svg` parameter, the batch's), of the spec alone."""
    alt.theme.enable(THEME)
    alt.renderers.enable(DEFERRING_RENDERER if defer_svg else RENDERER)


def completion_vs_expected(
    items: pd.DataFrame, title: str, label_field: str = "name", lang: str = labels.DEFAULT_LANG
) -> alt.LayerChart:
    """Bullet bars: completion of the annual target (%) with a tick at the expected progress.

    `items` has `label_field`, `completion_pct` and `expected_pct` (时间进度 or the plan's);
    bars behind their expected progress are red. The legend names the bars' two colours and
    the tick; each bar's rate is written after the bar or its tick, whichever ends later, and
    the axis reaches far enough for it. `lang`: the axis, legend and tooltip words.
    """
    word = _words(lang)
    readings = [word("behind"), word("on_track")]
    data = _shortened(items, label_field).assign(
        behind=lambda df: df["completion_pct"] < df["expected_pct"],
        reading=lambda df: [readings[0] if b else readings[1] for b in df["behind"]],
        progress=word("expected"),
        label_at=lambda df: df[["completion_pct", "expected_pct"]].max(axis=1),
        completion_label=lambda df: df["completion_pct"].map(format_pct),
        expected_label=lambda df: df["expected_pct"].map(format_pct),
    )
    y = alt.Y(f"{label_field}:N", sort=None, title=None)
    tooltip = [
        alt.Tooltip(f"{label_field}:N", title=fields.item_title(label_field, lang)),
        alt.Tooltip("completion_label:N", title=word("completion")),
        alt.Tooltip("expected_label:N", title=word("expected")),
    ]
    x_scale = fields.room_after(data["label_at"], fields.RATE_LABEL_PX)
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("completion_pct:Q", title=word("completion_axis"), scale=x_scale),
            y=y,
            color=alt.Color(
                "reading:N",
                scale=alt.Scale(domain=readings, range=[BEHIND, AHEAD]),
                legend=fields.legend(readings),
            ),
            tooltip=tooltip,
        )
    )
    ticks = (
        alt.Chart(data)
        .mark_tick(color=RULE, thickness=2.5, size=22)
        .encode(
            x="expected_pct:Q",
            y=y,
            # A constant field, for the tick's own legend entry: a short upright bar.
            opacity=alt.Opacity(
                "progress:O",
                scale=alt.Scale(range=[1, 1]),
                legend=fields.legend(
                    [word("expected")],
                    symbolType=fields.TICK_SYMBOL,
                    symbolFillColor=RULE,
                    symbolOpacity=1,
                    symbolSize=220,
                ),
            ),
            tooltip=tooltip,
        )
    )
    rates = (
        alt.Chart(data)
        .mark_text(align="left", dx=5, color="#333")
        .encode(x="label_at:Q", y=y, text="completion_label:N", tooltip=tooltip)
    )
    return (bars + ticks + rates).properties(
        title=title, width=PLOT_WIDTH_PX, height=max(60, 26 * len(data))
    )


def cumulative_vs_target_path(
    actual: pd.DataFrame, target_path: pd.DataFrame, title: str, lang: str = labels.DEFAULT_LANG
) -> alt.Chart:
    """Cumulative value by month against the decomposed target path across the year: a line
    each, told apart by colour and dash and named in the legend.

    `actual`: month, value (cumulative, in the language's unit: 亿元, billion yuan in English,
    as sections.target_path gives it); `target_path`: month, cumulative_target.
    """
    word = _words(lang)
    done, path = word("cumulative_done"), word("target_path")
    lines = pd.concat(
        [
            pd.DataFrame({"month": actual["month"], "series": done, "amount": actual["value"]}),
            pd.DataFrame(
                {
                    "month": target_path["month"],
                    "series": path,
                    "amount": target_path["cumulative_target"],
                }
            ),
        ],
        ignore_index=True,
    ).dropna(subset=["month"])
    lines = lines.assign(
        month=lines["month"].astype(int),
        period=lines["month"].map(lambda m: fields.month_text(int(m), lang)),
        amount_label=lines["amount"].map(lambda v: fields.amount_text(v, lang)),
    )
    shown = [s for s in (done, path) if s in set(lines["series"])] or [done]
    styles = {done: (AHEAD, [1, 0]), path: (RULE, [5, 4])}
    # One legend for colour and dash: each line drawn as it is, solid or dashed.
    lines_legend = fields.legend(shown, symbolType="stroke", symbolStrokeWidth=2.5)
    return (
        alt.Chart(lines)
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=fields.month_x(lang),
            y=alt.Y("amount:Q", title=word("cumulative_axis")),
            color=alt.Color(
                "series:N",
                scale=alt.Scale(domain=shown, range=[styles[s][0] for s in shown]),
                legend=lines_legend,
            ),
            strokeDash=alt.StrokeDash(
                "series:N",
                scale=alt.Scale(domain=shown, range=[styles[s][1] for s in shown]),
                legend=lines_legend,
            ),
            tooltip=[
                alt.Tooltip("series:N", title=word("name")),
                alt.Tooltip("period:N", title=word("period")),
                alt.Tooltip("amount_label:N", title=word("cumulative")),
            ],
        )
        .properties(title=title, width=PLOT_WIDTH_PX, height=220)
    )


def gaps_bar(
    items: pd.DataFrame,
    label_field: str,
    gap_field: str,
    title: str,
    unit: str,
    lang: str = labels.DEFAULT_LANG,
) -> alt.Chart:
    """Diverging bars of each item's gap to its expected progress (negative: behind), in the
    language's unit of amounts (`unit`: the axis title); the legend names the two colours."""
    word = _words(lang)
    readings = [word("behind"), word("on_track")]
    data = _shortened(items, label_field)
    data = data.assign(
        reading=[readings[0] if gap < 0 else readings[1] for gap in data[gap_field]],
        gap_label=data[gap_field].map(lambda v: fields.signed_amount_text(v, lang)),
    )
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(f"{gap_field}:Q", title=unit),
            y=alt.Y(
                f"{label_field}:N",
                sort=alt.EncodingSortField(gap_field, order="ascending"),
                title=None,
            ),
            color=alt.Color(
                "reading:N",
                scale=alt.Scale(domain=readings, range=[BEHIND, AHEAD]),
                legend=fields.legend(readings),
            ),
            tooltip=[
                alt.Tooltip(f"{label_field}:N", title=fields.item_title(label_field, lang)),
                alt.Tooltip("gap_label:N", title=word("gap")),
            ],
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
    """Items ranked by value, largest on top (`unit`: the axis title and the tooltip's unit;
    default the amounts')."""
    unit = _words(lang)("amount_unit") if unit is None else unit
    data = _shortened(items, label_field)
    data = data.assign(
        value_label=data[value_field].map(lambda v: fields.quantity_text(v, unit, lang))
    )
    return (
        alt.Chart(data)
        .mark_bar(color=AHEAD)
        .encode(
            x=alt.X(f"{value_field}:Q", title=unit),
            y=alt.Y(f"{label_field}:N", sort="-x", title=None),
            tooltip=[
                alt.Tooltip(f"{label_field}:N", title=fields.item_title(label_field, lang)),
                alt.Tooltip("value_label:N", title=_words(lang)("value")),
            ],
        )
        .properties(title=title, width=PLOT_WIDTH_PX, height=max(60, 26 * len(items)))
    )


def growth_trend(history: pd.DataFrame, title: str, lang: str = labels.DEFAULT_LANG) -> alt.Chart:
    """Year-on-year growth (%) of cumulative figures across the year's releases.

    `history`: month, name (indicator), growth_pct.
    """
    word = _words(lang)
    data = history.dropna(subset=["growth_pct"])
    data = data.assign(
        period=data["month"].map(lambda m: fields.month_text(int(m), lang)),
        growth_label=data["growth_pct"].map(fields.rate_text),
    )
    return (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=fields.month_x(lang),
            y=alt.Y("growth_pct:Q", title=word("growth_axis")),
            color=alt.Color("name:N", legend=fields.legend(data["name"].unique())),
            tooltip=[
                alt.Tooltip("name:N", title=word("name")),
                alt.Tooltip("period:N", title=word("period")),
                alt.Tooltip("growth_label:N", title=word("growth")),
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
