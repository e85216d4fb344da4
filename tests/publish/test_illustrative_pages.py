"""Marks where the reader reads: 2011-05 (every table illustrative) and 2011-02 (published, its
parks' targets and districts illustrative) rendered by `briefing run`, read back as a reader
sees them: the line under the title (HTML, topic pages, the PDF's first page), the captions
and chart titles, the index's status, and tables.xlsx's marks."""

import html
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from industry_briefing.core import settings

pytestmark = pytest.mark.slow

WHOLE = "本期数据为示意数据（非公布数），仅供演示。"
PARTLY = "本期部分数据为示意数据（非公布数）：园区表的年度目标、区县列。"
TOPICS = ("operation", "investment", "parks")


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("illustrative")
    command = [sys.executable, "-m", "industry_briefing", "run", "2011-02", "2011-05", "-j", "2",
               "--data-dir", settings.RAW_DATA_DIR, "--warehouse", tmp / "w.duckdb",
               "--reports-dir", tmp / "reports"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tmp)
    assert done.returncode == 0, done.stdout + done.stderr
    return tmp / "reports"


def page(reports: Path, period: str, name: str = "briefing") -> str:
    return html.unescape((reports / period / f"{name}.html").read_text(encoding="utf-8"))


def line_under_title(text: str) -> str:
    """The text of the mark line, if it comes right after the page's h1 (before anything
    else the reader reads: contents, headings, paragraphs)."""
    after = text[text.index("</h1>") :]
    found = re.search(r'<p class="briefing-illustrative">([^<]*)</p>', after)
    if found is None:
        return ""
    assert "<h2" not in after[: found.start()]  # above the first section
    return found.group(1)


def captions(text: str) -> list[str]:
    return re.findall(r"<p><strong>((?:附)?表[\d-]+ [^<]*)</strong></p>", text)


def chart_titles(text: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r'"title":\s*"(图\d+ [^"]*)"', text)))


def test_an_illustrative_month_says_so_under_its_titles(reports):
    assert line_under_title(page(reports, "2011-05")) == WHOLE
    for topic in TOPICS:
        assert line_under_title(page(reports, "2011-05", topic)) == WHOLE, topic
    pdf = reports / "2011-05" / "briefing.pdf"
    first = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-enc", "UTF-8", pdf, "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert WHOLE in re.sub(r"\s+", "", first)


def test_each_table_and_chart_of_an_illustrative_month_carries_the_mark(reports):
    text = page(reports, "2011-05")
    tables = [c for c in captions(text) if not c.startswith("附表")]
    assert [c.split()[0] for c in tables] == [f"表{n}" for n in range(1, 12)]
    assert all(c.endswith("（示意）") for c in tables), tables
    titles = chart_titles(text)
    assert [t.split()[0] for t in titles] == [f"图{n}" for n in range(1, 8)]
    # the month's tables: illustrative; a series from January holds the published 1-2月
    partly = {"图2", "图3", "图5"}
    for title in titles:
        assert title.endswith("（部分示意）" if title.split()[0] in partly else "（示意）"), title
    topic = page(reports, "2011-05", "parks")
    assert "附表  全部园区完成情况（示意）" in topic


def test_the_published_month_is_not_marked_whole_and_names_what_is_illustrative(reports):
    text = page(reports, "2011-02")
    assert WHOLE not in text
    assert line_under_title(text).startswith(PARTLY)
    marked = [c for c in captions(text) + chart_titles(text) if c.endswith("示意）")]
    assert all(c.endswith("（部分示意）") for c in marked)
    # 表3 and 图5, 图6: the parks (its tables before them empty this month, numbered on)
    assert [c.split()[0] for c in marked] == ["表1", "表2", "表3", "图1", "图5", "图6"]
    assert not any(t.endswith("示意）") for t in chart_titles(text) if t.startswith(("图2", "图3")))


def test_the_index_says_illustrative_instead_of_ok(reports):
    text = (reports / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr>\s*<td>([^<]*)</td>.*?<td class=\"status\">(.*?)</td>", text, re.S)
    statuses = {label: re.sub(r"<[^>]+>", "", cell) for label, cell in rows}
    assert statuses == {"2011年1-5月": "示意数据", "2011年1-2月": "部分示意"}
    assert "正常" not in text


def test_a_published_figure_beside_an_illustrative_target_is_not_marked(reports):
    book = openpyxl.load_workbook(reports / "2011-02" / "tables.xlsx")
    rows = list(book["园区"].iter_rows(values_only=True))
    header, parks = rows[0], rows[1:]
    assert header[-1] == "数据性质"
    completed = header.index("累计完成（亿元）")
    assert all(isinstance(row[completed], int | float) for row in parks)  # numbers
    assert {row[-1] for row in parks} == {"示意：区县、年度目标（亿元）"}  # not 累计完成
    wholly = openpyxl.load_workbook(reports / "2011-05" / "tables.xlsx")["园区"]
    assert {row[-1] for row in wholly.iter_rows(min_row=2, values_only=True)} == {"示意"}
