"""The marks of illustrative figures where the reader reads them, as the briefing notebook's
own cells show the bundled months: the line under the title, each table's caption and each
chart's title (2011-05: every table illustrative; 2011-02: published, some park columns
illustrative)."""

import re

import pytest

from industry_briefing.briefing import cells, marks

NUMBERED = re.compile(r"^(表\d+|图\d+) ")
NUMBERED_EN = re.compile(r"^(Table \d+|Figure \d+) ")


def test_an_illustrative_month_says_so_under_its_title(models):
    assert marks.month_line(models["2011-05"], "zh") == "本期数据为示意数据（非公布数），仅供演示。"
    assert marks.month_line(models["2011-05"], "en") == (
        "Illustrative figures (not published), for demonstration."
    )


def test_the_published_month_names_its_illustrative_columns_and_is_not_wholly_marked(models):
    line = marks.month_line(models["2011-02"], "zh")
    assert "本期数据为示意数据" not in line
    assert line.startswith("本期部分数据为示意数据（非公布数）：园区表的年度目标、区县列。")
    english = marks.month_line(models["2011-02"], "en")
    assert "the annual target, district columns of the parks table" in english
    assert not english.startswith("Illustrative figures")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_table_and_chart_of_an_illustrative_month_is_marked(models, briefing_outline, lang):
    outline = briefing_outline(models["2011-05"], lang)
    numbered = NUMBERED if lang == "zh" else NUMBERED_EN
    whole = marks.kind_mark("illustrative", lang)
    partly = marks.kind_mark("partly", lang)
    shown = [c for c, t in zip(outline.captions, outline.tables, strict=True) if not t.empty]
    tables = [c for c in shown if numbered.match(c)]
    assert len(tables) >= 11  # 表1 … 表11
    assert all(caption.endswith(whole) for caption in tables), tables
    # the appendix's data checks (附表1, 附表2) are not figures of the month: not marked
    checks = [c for c in shown if c.startswith(("附表", "Appendix table"))]
    assert len(checks) == 2 and not any(whole in c or partly in c for c in checks)
    titles = outline.chart_titles
    assert len(titles) == 7
    # the month's own tables: illustrative; a series from January also holds the published
    # 1-2月 (图2, 图3, 图5): partly
    assert [t.endswith(partly) for t in titles] == [False, True, True, False, True, False, False]
    assert all(t.endswith(whole) for t in titles if not t.endswith(partly))


def test_the_published_month_marks_only_what_reads_its_illustrative_park_columns(
    models, briefing_outline
):
    outline = briefing_outline(models["2011-02"], "zh")
    marked = [c for c in outline.captions + outline.chart_titles if c.endswith("示意）")]
    assert all(c.endswith("（部分示意）") for c in marked)  # never the whole table
    # those that read the parks (their targets): the key figures, the quarter, the parks'
    # table and charts; the output's and investment's series (图2, 图3, 图4) unmarked
    assert [c.split()[0] for c in marked] == ["表1", "表2", "表3", "图1", "图5", "图6"]


def test_a_column_only_partly_illustrative_is_marked_partly(models):
    """A published cell is not marked with the illustrative ones beside it in its column."""
    figures = models["2011-02"].figures
    parks = figures.parks["park"]
    assert cells.provenance_label(figures, "parks", parks, "annual_target") == "（示意）"
    assert cells.provenance_label(figures, "parks", parks, "completed") == ""
    names = ["industrial_output", "fixed_asset_investment"]
    label = cells.provenance_label(figures, "indicators", names, "value")
    assert label == "（部分推算）"  # 总产值 published, 固定资产投资 derived
    assert (
        cells.provenance_label(figures, "indicators", names, "value", "en") == " (partly derived)"
    )
