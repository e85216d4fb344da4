"""Chart builders, checked through their Vega-Lite specs (no rendering)."""

import base64
import json

import altair as alt
import pandas as pd
import vl_convert

from industry_briefing.briefing import chart_fields as fields
from industry_briefing.briefing import charts
from industry_briefing.core import settings

ITEMS = pd.DataFrame(
    {
        "name": ["规模以上工业总产值", "工业投资"],
        "completion_pct": [15.1498, 20.0],
        "expected_pct": [100 / 6] * 2,
    }
)


def test_theme_names_a_cjk_font_stack():
    charts.use_briefing_style()
    spec = charts.completion_vs_expected(ITEMS, title="图1").to_dict()
    assert spec["config"]["font"] == settings.CJK_FONT_STACK
    assert spec["config"]["axis"]["labelFont"].startswith("Noto Sans CJK SC")


def test_bullet_chart_marks_behind_bars_and_labels_rates_half_up():
    spec = charts.completion_vs_expected(ITEMS, title="图1  完成情况").to_dict()
    data = next(iter(spec["datasets"].values()))
    assert [row["behind"] for row in data] == [True, False]
    assert [row["completion_label"] for row in data] == ["15.15%", "20%"]
    assert spec["title"] == "图1  完成情况"
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["bar", "tick", "text"]


def test_bullet_chart_names_its_colours_and_its_tick_in_a_legend():
    """Two mark kinds, two legends: the bars' colours (behind, on track) and the tick."""
    spec = charts.completion_vs_expected(ITEMS, title="图1").to_dict()
    bars, ticks, rates = spec["layer"]
    assert bars["encoding"]["color"]["scale"]["domain"] == ["落后进度要求", "达到进度要求"]
    assert bars["encoding"]["color"]["legend"]["orient"] == "bottom"
    tick_legend = ticks["encoding"]["opacity"]["legend"]
    assert tick_legend["symbolType"] == fields.TICK_SYMBOL
    data = next(iter(spec["datasets"].values()))
    assert {row["progress"] for row in data} == {"进度要求"}
    assert bars["encoding"]["x"]["title"] == "完成年度目标（%）"
    # The rate is written after the bar or its tick, whichever ends later.
    assert rates["encoding"]["x"]["field"] == "label_at"
    assert [row["label_at"] for row in data] == [100 / 6, 20.0]


def test_bullet_chart_reaches_past_its_longest_bar_for_the_rate_whatever_its_width():
    spec = charts.completion_vs_expected(ITEMS, title="图1").to_dict()
    reach = spec["layer"][0]["encoding"]["x"]["scale"]["domainMax"]["expr"]
    assert reach.startswith("20.0 / ") and "width" in reach  # the furthest end: 20%
    svg = vl_convert.vegalite_to_svg(spec)
    assert "20%" in svg
    assert '"NaN"' not in svg  # the ticks drawn in the static picture (the PDF's) too


def test_tooltips_say_names_periods_and_figures_with_their_units_in_the_labels_words():
    actual = pd.DataFrame({"month": [2, 9], "value": [192.1, 930.824]})
    path = pd.DataFrame({"month": [9], "cumulative_target": [951.0]})
    spec = charts.cumulative_vs_target_path(actual, path, title="图2").to_dict()
    titles = [t["title"] for t in spec["encoding"]["tooltip"]]
    assert titles == ["名称", "期别", "累计"]
    rows = next(iter(spec["datasets"].values()))
    said = [(row["series"], row["period"], row["amount_label"]) for row in rows]
    assert said == [
        ("累计完成", "1-2月", "192.1亿元"),
        ("累计完成", "1-9月", "930.82亿元"),
        ("目标进度", "1-9月", "951亿元"),
    ]
    english = charts.cumulative_vs_target_path(actual, path, title="F2", lang="en").to_dict()
    rows = next(iter(english["datasets"].values()))
    assert rows[1]["period"] == "January–September"
    ranking = pd.DataFrame({"district": ["白云区"], "value": [107.1]})
    spec = charts.ranking_bar(ranking, "district", "value", title="图4").to_dict()
    assert [t["title"] for t in spec["encoding"]["tooltip"]] == ["区县", "数值"]
    assert next(iter(spec["datasets"].values()))[0]["value_label"] == "107.1亿元"
    growth = pd.DataFrame({"month": [9], "name": ["工业投资"], "growth_pct": [26.4]})
    spec = charts.growth_trend(growth, title="图3").to_dict()
    assert [t["title"] for t in spec["encoding"]["tooltip"]] == ["名称", "期别", "同比增长"]
    row = next(iter(spec["datasets"].values()))[0]
    assert (row["period"], row["growth_label"]) == ("1-9月", "26.4%")


def test_cumulative_path_draws_both_lines_named_in_one_legend():
    actual = pd.DataFrame({"month": [2, 3], "value": [192.1, 300.0]})
    path = pd.DataFrame(
        {"month": range(1, 13), "cumulative_target": [1268 * m / 12 for m in range(1, 13)]}
    )
    spec = charts.cumulative_vs_target_path(actual, path, title="图2").to_dict()
    encoding = spec["encoding"]
    assert encoding["x"]["axis"]["labelExpr"] == charts.CUMULATIVE_MONTH_LABEL
    assert encoding["y"]["title"] == "累计（亿元）"
    assert encoding["color"]["scale"]["domain"] == ["累计完成", "目标进度"]
    assert encoding["strokeDash"]["scale"]["domain"] == ["累计完成", "目标进度"]
    assert encoding["color"]["legend"] == encoding["strokeDash"]["legend"]  # drawn as one
    without_target = charts.cumulative_vs_target_path(actual, path.iloc[:0], title="图2")
    assert without_target.to_dict()["encoding"]["color"]["scale"]["domain"] == ["累计完成"]


def test_gaps_bar_colours_by_sign_and_says_the_gap_with_its_sign_and_unit():
    items = pd.DataFrame({"park": ["甲", "乙"], "gap_amount_yi": [-1.5, 0.5]})
    spec = charts.gaps_bar(items, "park", "gap_amount_yi", title="图7", unit="亿元").to_dict()
    assert spec["encoding"]["color"]["field"] == "reading"
    assert spec["encoding"]["color"]["legend"]["orient"] == "bottom"
    assert spec["encoding"]["x"]["title"] == "亿元"
    rows = next(iter(spec["datasets"].values()))
    assert [(r["reading"], r["gap_label"]) for r in rows] == [
        ("落后进度要求", "-1.5亿元"),
        ("达到进度要求", "+0.5亿元"),
    ]
    assert [t["title"] for t in spec["encoding"]["tooltip"]] == ["园区", "与进度要求相差"]


def test_a_legend_takes_as_many_columns_as_the_width_holds_and_wraps_a_long_name():
    long_name = "Industrial output (enterprises above designated size)"
    legend = fields.legend(["工业投资", long_name]).to_dict()
    assert legend["columns"]["expr"].startswith("max(1, floor(width / ")
    assert "width" in legend["labelLimit"]["expr"]
    assert '["Industrial output (enterprises", "above designated size)"]' in legend["labelExpr"]
    assert "labelExpr" not in fields.legend(["工业投资", "规模以上工业总产值"]).to_dict()


def test_a_batch_kernel_leaves_the_drawing_to_the_worker_which_draws_the_same():
    """The notebooks' `defer_chart_svg` parameter (the batch sets it) reaches the renderer
    through `use_briefing_style`; its default draws every representation in the kernel."""
    charts.use_briefing_style()
    spec = charts.completion_vs_expected(ITEMS, title="图1").to_dict()
    drawn_here, options = alt.renderers.get()(spec)
    assert options[charts.VEGA_MIMETYPE]["embed_options"]["renderer"] == "svg"
    charts.use_briefing_style(defer_svg=True)
    try:
        deferred, _ = alt.renderers.get()(spec)
    finally:
        charts.use_briefing_style()
    assert set(deferred) == {charts.SPEC_MIMETYPE, "text/plain"}
    outputs = [{"data": dict(deferred)}, {"data": {"text/plain": "x"}}]
    notebook = type("Notebook", (), {"cells": [{"outputs": outputs}]})()
    assert charts.complete_chart_outputs(notebook) == 1
    data = notebook.cells[0]["outputs"][0]["data"]
    assert set(data) == set(drawn_here)
    assert data["image/svg+xml"] == drawn_here["image/svg+xml"]
    assert "规模以上工业总产值" in data["image/svg+xml"]
    assert notebook.cells[0]["outputs"][0]["metadata"] == options
    assert charts.complete_chart_outputs(notebook) == 0  # nothing left to draw


def test_a_chart_carries_vega_for_jupyterlab_and_a_png_picture():
    """JupyterLab's own renderer (vega 5) draws the compiled spec; the PNG shows untrusted."""
    spec = charts.completion_vs_expected(ITEMS, title="图1").to_dict()
    drawn = charts.drawn_representations(spec)
    vega = drawn[charts.VEGA_MIMETYPE]
    assert vega["$schema"].endswith("/vega/v5.json")
    assert {"data", "marks", "scales"} <= set(vega)
    assert "tooltip" in json.dumps(vega["marks"])  # values on hover survive the compilation
    png = base64.b64decode(drawn["image/png"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width > 300  # a picture of the chart, not an empty placeholder
