"""One rule for where a table's text sits: a column of figures right, header and all; text
left; a short name never broken on a screen, a single word (清镇市, 二季度) never broken on a
printed page either. The same rule in the HTML and the Word file."""

import re

import pandas as pd

from industry_briefing.briefing import alignment, frames

TABLE = pd.DataFrame(
    {
        "指标": ["规模以上工业总产值", "工业投资"],
        "本期累计（亿元）": ["930.82", "—"],
        "同比": ["同比增长23.9%", "—"],
        "年度目标（亿元）": ["1268（推算）", "195.5（示意）"],
        "比进度要求": ["-1.09", "+3.43"],
        "位次": ["1", "2"],
        "期别": ["2011-03", "1-3月"],
        "存在问题": ["电力供应紧张，原材料价格上涨，订单减少", ""],
    }
)


def classes(page: str) -> list[tuple[str, str, str]]:
    """Each cell: its tag, its classes and its text."""
    cells = re.findall(r"<(t[hd])\b([^>]*)>(.*?)</\1>", page, re.S)
    return [
        (tag, " ".join(re.findall(r'class="([^"]*)"', attributes)), text.strip())
        for tag, attributes, text in cells
    ]


def test_columns_of_figures_are_marked_header_and_all_and_text_is_not():
    page = alignment.aligned(TABLE.to_html(index=False, classes="briefing-table"))
    marked = {text: kinds for _, kinds, text in classes(page)}
    for header in ("本期累计（亿元）", "年度目标（亿元）", "比进度要求", "位次"):
        assert marked[header] == "figure", header
    for cell in ("930.82", "1268（推算）", "195.5（示意）", "-1.09", "+3.43", "1"):
        assert "figure" in marked[cell], cell
    for header in ("指标", "同比", "期别", "存在问题"):
        assert marked[header] == "", header
    for cell in ("同比增长23.9%", "2011-03", "1-3月", "规模以上工业总产值"):
        assert marked[cell] == "short", cell  # text, whole on a screen
    assert marked["电力供应紧张，原材料价格上涨，订单减少"] == ""  # long text wraps
    assert 'style="text-align: right;"' not in page  # pandas' own rule for every header


def test_a_numeric_frame_is_marked_by_the_same_rule():
    frame = pd.DataFrame({"企业": ["甲", "乙"], "产值（亿元）": [1.5, None], "是否": [True, False]})
    page = frames.styled_html(frame, {}, "zh")
    marked = {text: kinds.split()[-1] for _, kinds, text in classes(page) if text}
    assert marked["产值（亿元）"] == "figure" and marked["1.5"] == "figure"
    assert marked["—"] == "figure"  # no figure, in a column of figures: set as they are
    assert marked["企业"] != "figure" and marked["甲"] == "word"  # a word, besides short


def test_a_header_spanning_columns_is_not_marked_and_its_columns_are():
    frame = pd.DataFrame([["甲", "1.5", "2"]])
    frame.columns = pd.MultiIndex.from_tuples([("", "名称"), ("产值", "本月"), ("产值", "累计")])
    page = alignment.aligned(frame.to_html(index=False))
    cells = classes(page)
    [spanning] = [c for c in cells if c[2] == "产值"]
    assert spanning[1] == ""
    assert [c[1] for c in cells if c[2] in ("本月", "累计", "1.5", "2")] == ["figure"] * 4


def test_a_column_without_any_figure_is_text():
    assert alignment.figure_columns([["—", ""], ["1", "—"], ["是", "1"]]) == [False, True, False]


def test_a_column_of_single_words_is_kept_whole_on_paper_and_a_column_of_names_is_not():
    frame = pd.DataFrame(
        {
            "季度": ["二季度", "三季度"],
            "区县": ["清镇市", "息烽县"],
            "进度依据": ["计划进度", "时间进度"],
            "项目": ["示意清镇市项目0014", "息烽项目"],
        }
    )
    marked = {text: kinds for _, kinds, text in classes(alignment.aligned(frame.to_html()))}
    for cell in ("二季度", "清镇市", "息烽县", "计划进度", "时间进度"):
        assert marked[cell] == "short word", cell
    for cell in ("示意清镇市项目0014", "息烽项目"):  # one cell over WORD_CHARS: names, not words
        assert marked[cell] == "short", cell
    for header in ("季度", "区县", "项目"):
        assert marked[header] == "", header  # a header still wraps
