"""Chart builders, checked through their Vega-Lite specs (no rendering)."""

import base64
import json

import pandas as pd

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


def test_cumulative_path_labels_months_as_cumulative_periods():
    actual = pd.DataFrame({"month": [2, 3], "value": [192.1, 300.0]})
    path = pd.DataFrame(
        {"month": range(1, 13), "cumulative_target": [1268 * m / 12 for m in range(1, 13)]}
    )
    spec = charts.cumulative_vs_target_path(actual, path, title="图2").to_dict()
    axis = spec["layer"][0]["encoding"]["x"]["axis"]
    assert axis["labelExpr"] == charts.CUMULATIVE_MONTH_LABEL
    assert spec["layer"][0]["encoding"]["y"]["title"] == "累计（亿元）"


def test_gaps_bar_colours_by_sign():
    items = pd.DataFrame({"park": ["甲", "乙"], "gap_amount_yi": [-1.5, 0.5]})
    spec = charts.gaps_bar(items, "park", "gap_amount_yi", title="图7", unit="亿元").to_dict()
    assert spec["encoding"]["color"]["condition"]["test"] == "datum.gap_amount_yi < 0"
    assert spec["encoding"]["x"]["title"] == "亿元"


def test_a_batch_kernel_leaves_the_drawing_to_the_worker_which_draws_the_same(monkeypatch):
    charts.use_briefing_style()
    spec = charts.completion_vs_expected(ITEMS, title="图1").to_dict()
    drawn_here, options = charts._chart_renderer(spec)
    assert options[charts.VEGA_MIMETYPE]["embed_options"]["renderer"] == "svg"
    monkeypatch.setenv(settings.DEFER_SVG_ENV, "1")
    deferred, _ = charts._chart_renderer(spec)
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
