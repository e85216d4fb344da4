"""Charts that answer a selection: a legend click highlights a series, a brush on the timeline
filters the bars; figures drawn in the language's unit."""

import re

import pandas as pd
import vl_convert

from industry_briefing.briefing import selection_charts

PARKS = pd.DataFrame(
    {
        "park": ["甲园区", "甲园区", "乙园区", "乙园区"],
        "period": ["2011-04", "2011-05", "2011-04", "2011-05"],
        "year": [2011] * 4,
        "month": [4, 5, 4, 5],
        "value": [192.1, 200.0, 0.17, 0.5],
        "single_month": [192.1, 7.9, 0.17, 0.33],
    }
)


def data_of(spec: dict) -> list[dict]:
    (rows,) = spec["datasets"].values()
    return rows


def test_a_legend_click_highlights_a_series_chosen_from_the_start():
    spec = selection_charts.highlighted_lines(
        PARKS, "period", "park", "t", "亿元", "zh", selected="乙园区"
    ).to_dict()
    (pick,) = spec["params"]
    assert pick["bind"] == "legend" and pick["select"]["fields"] == ["park"]
    assert pick["value"] == [{"park": "乙园区"}]
    assert spec["encoding"]["opacity"]["condition"]["param"] == pick["name"]


def test_figures_are_drawn_in_the_languages_unit_and_said_as_the_text_says_them():
    english = data_of(
        selection_charts.highlighted_lines(PARKS, "period", "park", "t", "y", "en").to_dict()
    )
    assert [row["value"] for row in english] == [19.21, 20.0, 0.017, 0.05]
    assert english[2]["value_label"] == "0.017 billion yuan"
    chinese = data_of(
        selection_charts.highlighted_lines(PARKS, "period", "park", "t", "y").to_dict()
    )
    assert [row["value_label"] for row in chinese] == [
        "192.1亿元",
        "200亿元",
        "0.17亿元",
        "0.5亿元",
    ]


def test_a_brush_on_the_timeline_filters_the_bars():
    spec = selection_charts.brushed_timeline(PARKS, "park", "t", "b", "亿元").to_dict()
    timeline, bars = spec["vconcat"]
    (brush,) = [p for p in spec.get("params", []) + timeline.get("params", []) if "select" in p]
    assert brush["select"]["type"] == "interval" and brush["select"]["encodings"] == ["x"]
    assert bars["transform"][0] == {"filter": {"param": brush["name"]}}
    [summed] = bars["transform"][1]["aggregate"]
    assert summed == {"op": "sum", "field": "single_month", "as": "chosen"}
    assert bars["encoding"]["x"]["field"] == "chosen"


def test_tooltips_say_the_releases_as_printed_and_the_figures_with_their_unit():
    """Never a field's name, YYYY-MM or `month 9`: 2011年1-5月, 200亿元 under the labels'
    words; a sum the browser makes is said with its unit too."""
    lines = selection_charts.highlighted_lines(PARKS, "period", "park", "t", "亿元").to_dict()
    assert [t["title"] for t in lines["encoding"]["tooltip"]] == ["园区", "期别", "数值"]
    assert [r["period_label"] for r in data_of(lines)][:2] == ["2011年1-4月", "2011年1-5月"]
    by_month = selection_charts.highlighted_lines(PARKS, "month", "park", "t", "y", "en")
    assert data_of(by_month.to_dict())[1]["period_label"] == "January–May"
    spec = selection_charts.brushed_timeline(PARKS, "park", "t", "b", "亿元").to_dict()
    _, bars = spec["vconcat"]
    totals = next(rows for rows in spec["datasets"].values() if "total_label" in rows[0])
    assert [(r["period_label"], r["total_label"]) for r in totals] == [
        ("2011年1-4月", "192.27亿元"),
        ("2011年1-5月", "200.5亿元"),
    ]
    [said] = [t["calculate"] for t in bars["transform"] if "calculate" in t]
    assert said == "'' + format(datum['chosen'], '.2~f') + '亿元'"
    english = selection_charts.brushed_timeline(PARKS, "park", "t", "b", "y", "en").to_dict()
    [said] = [t["calculate"] for t in english["vconcat"][1]["transform"] if "calculate" in t]
    assert said == "'' + format(datum['chosen'], '.3~f') + ' billion yuan'"


def test_the_timeline_ticks_once_a_release():
    """A time axis ticks twice a month by default: 2011-02, 2011-02, 2011-03 …"""
    spec = selection_charts.brushed_timeline(PARKS, "park", "t", "b", "亿元").to_dict()
    svg = vl_convert.vegalite_to_svg(spec)
    ticks = re.findall(r">(\d{4}-\d\d)<", svg)
    assert ticks and len(ticks) == len(set(ticks)), ticks
