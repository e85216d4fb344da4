"""The briefing composed from what a month holds (a region with a profile): every indicator
stated with every figure it has, marks on figures that are not published, targets exceeded
or behind, sections only for what there is, the analyst's notes as text."""

from pathlib import Path

import pytest

from industry_briefing.analysis.model import build_model
from industry_briefing.briefing import notebook
from industry_briefing.briefing.sections import composed, concerns, overview
from industry_briefing.ingest import reader

META = """region: 某县
source: 某县工业和信息化局
tables:
  indicators: {provenance: published}
  targets:
    provenance: published
    overrides:
      - row: 规上工业增加值/考核目标/全年
        column: amount
        provenance: illustrative
        note: 示意目标
"""


def month(tmp_path: Path, indicators: str, targets: str = "", notes: str = "") -> Path:
    folder = tmp_path / "root" / "2012-10"
    folder.mkdir(parents=True)
    (folder.parent / "profile.yml").write_text("level: 县\nrank_numerals: chinese\n", "utf-8")
    (folder / "meta.yml").write_text(META, encoding="utf-8")
    (folder / "indicators.csv").write_text(indicators, encoding="utf-8")
    if targets:
        (folder / "targets.csv").write_text(targets, encoding="utf-8")
    if notes:
        (folder / "notes.md").write_text(notes, encoding="utf-8")
    return folder.parent


INDICATORS = (
    "指标,本期累计,单位,同比增长(%),增速排位,排位范围\n"
    "规上工业增加值,139.4,亿元,18.5,4,全省\n"
    "亿元以上工业项目,71,个,,,\n"
)
TARGETS = (
    "指标,目标类型,期限,目标值,单位\n"
    "规上工业增加值,考核目标,全年,170,亿元\n"
    "亿元以上工业项目,全年目标,全年,60,个\n"
)


@pytest.fixture
def model(tmp_path):
    root = month(tmp_path, INDICATORS, TARGETS, "会议要求：**抓好**四季度工作。\n\n<b>下步</b>")
    return build_model(reader.read_period(root, "2012-10"))


def test_each_indicator_is_stated_with_every_figure_it_has(model):
    text = overview.text(model, "zh")
    assert (
        "1-10月，某县规模以上工业实现增加值139.4亿元，同比增长18.5%，增速居全省第四位，"
        "完成考核目标170亿元（示意）的82%（推算），落后时间进度1.33个百分点（推算）。" in text
    )
    projects = composed.section_text(model, "investment", "zh")
    assert (
        "1-10月，全县实施总投资亿元以上工业项目71个，完成全年目标60个的118.33%（推算），"
        "超额完成11个，提前2个月完成。" in projects
    )


def test_a_concern_on_an_illustrative_target_says_so(model):
    text = concerns.text(model, "zh")
    assert "规模以上工业增加值落后进度" in text
    assert "（目标为示意数）" in text


def test_the_table_marks_what_the_sentence_marks(model):
    table = composed.statements_table(model, "zh")
    assert list(table["指标"]) == ["规模以上工业增加值", "亿元以上工业项目"]
    assert list(table["排位"]) == ["增速居全省第四位", "—"]
    assert list(table["完成年度目标（%）"]) == ["82%（推算）", "118.33%（推算）"]  # as in the text


@pytest.mark.parametrize(
    ("last_year_meta", "mark"),
    [
        (META, "（上年同期数取自上年同期发布的数据）"),
        (META + "read_from: 某县2011年1-10月.txt\n", "（上年同期数读自上年公布的简报原文）"),
    ],
)
def test_a_growth_from_last_years_release_is_marked_in_the_sentence_and_the_table(
    tmp_path, last_year_meta, mark
):
    root = month(tmp_path, "指标,本期累计,单位\n规模以上工业总产值,150,亿元\n")
    last_year = root / "2011-10"
    last_year.mkdir()
    (last_year / "meta.yml").write_text(last_year_meta, encoding="utf-8")
    (last_year / "indicators.csv").write_text(
        "指标,本期累计,单位\n规模工业总产值,120,亿元\n", "utf-8"
    )
    figures = reader.read_period(root, "2012-10")
    model = build_model(figures, last_year_releases=[reader.read_period(root, "2011-10")])
    said = f"规模以上工业总产值150亿元，同比增长25%{mark}"  # 150 / 120 − 1 = 25%
    assert said in overview.text(model, "zh")
    assert list(composed.statements_table(model, "zh")["同比"]) == [f"同比增长25%{mark}"]
    assert "up 25% year on year (the prior-year figure " in overview.text(model, "en")
    # without last year's release, no growth: nothing is guessed
    alone = build_model(figures)
    assert list(composed.statements_table(alone, "zh")["同比"]) == ["—"]


def test_sections_without_content_are_left_out_and_the_rest_renumbered(model, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(notebook, "show_markdown", shown.append)
    for section in ("overview", "operation", "investment", "parks", "concerns", "analyst"):
        notebook.show_heading(section, "zh", model)
    assert shown == [
        "## 一、总体情况",
        "## 二、工业投资",
        "## 三、需要关注的问题",
        "## 四、情况说明",
    ]


def test_the_analysts_notes_are_text_not_markup(model):
    text = composed.analyst_text(model)
    assert "<b>" not in text and "**" not in text
    assert "&lt;b&gt;下步&lt;/b&gt;" in text


def test_an_indicator_given_only_by_its_growth_is_stated_by_it(tmp_path):
    indicators = "指标,本期累计,单位,同比增长(%)\n规上工业增加值,,,9.2\n"
    model = build_model(reader.read_period(month(tmp_path, indicators), "2012-10"))
    assert overview.text(model, "zh") == "1-10月，某县规模以上工业增加值同比增长9.2%。"
    assert list(composed.statements_table(model, "zh")["本期"]) == ["—"]
    assert overview.text(model, "en") == (
        "In January–October, 某县: value added of industry above designated size up 9.2% year "
        "on year."
    )


def test_the_growth_chart_has_the_month_alone_where_the_releases_give_it(tmp_path):
    from industry_briefing.briefing.sections import trends

    text = (
        "指标,本期累计,单位,同比增长(%),当月,当月同比增长(%)\n"
        "规上工业增加值,{v},亿元,{g},{m},{mg}\n"
    )
    root = month(tmp_path, text.format(v=139.4, g=18.5, m=15, mg=17.2))
    september = root / "2012-09"
    september.mkdir()
    (september / "meta.yml").write_text(META, encoding="utf-8")
    (september / "indicators.csv").write_text(
        text.format(v=124.4, g=18.7, m=14, mg=16.9), encoding="utf-8"
    )
    releases = [reader.read_period(root, p) for p in ("2012-09", "2012-10")]
    model = build_model(releases[1], releases=releases)
    frame = trends.growth_history(model, "zh")
    lines = frame.groupby("name")["growth_pct"].apply(list).to_dict()
    assert lines == {
        "规模以上工业增加值": [18.7, 18.5],
        "规模以上工业增加值（当月）": [16.9, 17.2],
    }


def test_parks_said_to_be_part_of_industrial_investment_give_their_share(tmp_path):
    root = month(tmp_path, "指标,本期累计,单位\n工业投资,50,亿元\n园区基础设施投资,20,亿元\n")
    (root / "profile.yml").write_text("level: 县\nparks_in_investment: true\n", "utf-8")
    model = build_model(reader.read_period(root, "2012-10"))
    text = composed.section_text(model, "parks", "zh")
    assert "园区完成基础设施建设投资20亿元，占全县工业投资的40%（推算）。" in text
