"""Units and names right on every page (issue 19): a month whose figures are entered in
亿千瓦时, 万吨, 千克, 平方公里, 户, 个 and %, rendered once by `briefing run`, prints each figure
in the unit it was entered in (101.2亿千瓦时, never the stored 1012000万千瓦时) on the
briefing, the topic pages, the index and in tables.xlsx, and names every indicator, never by
its code, in the spreadsheet and the appendix."""

import re
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
import yaml

from industry_briefing.contract.catalogue import builtin

pytestmark = pytest.mark.slow

PERIOD = "2011-05"
PROFILE = """\
region: 测试市
level: 市
headline: [工业用电量, 规模以上工业增加值]
required: []
rank_numerals: arabic
"""
# The region's own indicators: codes that must never reach a page.
REGIONAL = {
    "industrial_taxable_sales": ("工业应税销售收入", "flow", "money", "operation"),
    "coal_output": ("原煤产量", "flow", "mass", "operation"),
    "tracked_enterprises": ("重点跟踪企业", "stock", "count", "operation"),
    "planned_industrial_land": ("规划工业用地面积", "stock", "area", "parks"),
}
# (name, value as entered, unit, growth, last year's): the month's indicators. 工业用电量's
# last year does not match its growth: the appendix says it, in 亿千瓦时.
INDICATORS = [
    ("规模以上工业增加值", "86.4", "亿元", "12.5", ""),
    ("工业用电量", "101.2", "亿千瓦时", "8.5", "90"),
    ("原煤产量", "15.3", "万吨", "6.2", ""),
    ("产品销售率", "97.6", "%", "", ""),
    ("重点跟踪企业", "50", "户", "", ""),
    ("工业应税销售收入", "230.5", "亿元", "15.2", ""),
    ("工业投资", "92.05", "亿元", "20.1", ""),
    ("新开工工业项目", "23", "个", "", ""),
    ("新增园区面积", "3.6", "平方公里", "", ""),
    ("规划工业用地面积", "25.47", "平方公里", "", ""),
]
PRODUCTS = [("洗煤", "263.58", "万吨", "26.3", ""), ("黄金", "6330", "千克", "0.3", "")]
# Each topic page: the indicators of its section, as (name, unit, value) in a row.
TOPICS = {
    "operation": [("工业用电量", "亿千瓦时", "101.2"), ("原煤产量", "万吨", "15.3"),
                  ("产品销售率", "%", "97.6"), ("重点跟踪企业", "户", "50")],
    "investment": [("工业投资", "亿元", "92.05"), ("新开工工业项目", "个", "23")],
    "parks": [("新增园区面积", "平方公里", "3.6"), ("规划工业用地面积", "平方公里", "25.47")],
}  # fmt: skip
STORED = ["1012000", "900000", "153000", "6.33", "2635800"]  # the canonical numbers: never shown


def _csv(header: str, rows: list[tuple[str, ...]]) -> str:
    return "\n".join([header, *(",".join(row) for row in rows)]) + "\n"


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    """A data root of one month (its profile, its own indicators, indicators and products)."""
    root = tmp_path_factory.mktemp("units-root")
    (root / "profile.yml").write_text(PROFILE, encoding="utf-8")
    regional = {
        code: {"name": name, "en": name, "kind": kind, "family": family, "section": section}
        for code, (name, kind, family, section) in REGIONAL.items()
    }
    text = yaml.safe_dump({"indicators": regional}, allow_unicode=True)
    (root / "indicators.yml").write_text(text, encoding="utf-8")
    month = root / PERIOD
    month.mkdir()
    meta = {
        "region": "测试市",
        "period": PERIOD,
        "source": "测试用数据",
        "tables": {
            "indicators": {"provenance": "published"},
            "products": {"provenance": "published"},
        },
    }
    (month / "meta.yml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    header = "指标,本期累计,单位,同比增长(%),上年同期"
    (month / "indicators.csv").write_text(_csv(header, INDICATORS), encoding="utf-8")
    header = "产品,本期累计,单位,同比增长(%),上年同期"
    (month / "products.csv").write_text(_csv(header, PRODUCTS), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def reports(root, bulletin_reports) -> Path:
    """The month as `briefing run` renders it (conftest: the one render)."""
    return bulletin_reports(root)


class _Page(HTMLParser):
    """A page's visible text (no script, no style) and its tables' rows as lists of cells."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.hidden += tag in ("script", "style")
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("script", "style")
        if tag in ("td", "th") and self.cell is not None and self.rows:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        self.text.append(data)
        if self.cell is not None:
            self.cell.append(data)


def page(path: Path) -> _Page:
    parsed = _Page()
    parsed.feed(path.read_text(encoding="utf-8"))
    return parsed


def text_of(parsed: _Page) -> str:
    return re.sub(r"\s+", "", "".join(parsed.text))


def has_row(parsed: _Page, *cells: str) -> bool:
    """A table row holding every one of `cells` as a whole cell."""
    return any(set(cells) <= set(row) for row in parsed.rows)


def codes() -> set[str]:
    return {*builtin().indicators, *REGIONAL}


def test_the_briefing_and_the_index_state_each_figure_in_its_unit(reports):
    text = text_of(page(reports / "briefing.html"))
    for name, value, unit, _, _ in INDICATORS + PRODUCTS:
        assert re.search(rf"{name}.{{0,20}}?(?<![\d.]){re.escape(value + unit)}", text), name
    index = text_of(page(reports.parent / "index.html"))
    assert "101.2亿千瓦时" in index and "86.4亿元" in index
    for stored in STORED:
        assert not re.search(rf"(?<![\d.]){re.escape(stored)}(?!\d)", text), stored


def test_each_topic_page_shows_its_figures_in_the_unit_entered(reports):
    for topic, rows in TOPICS.items():
        parsed = page(reports / f"{topic}.html")
        for name, unit, value in rows:
            assert has_row(parsed, name, unit, value), (topic, name, parsed.rows)
        text = text_of(parsed)
        assert not any(re.search(rf"(?<![\d.]){s}(?!\d)", text) for s in STORED), topic


def test_the_spreadsheet_holds_numbers_in_the_unit_entered_and_names(reports):
    book = openpyxl.load_workbook(reports / "tables.xlsx")
    indicators = {row[0]: row for row in book["指标"].iter_rows(min_row=2, values_only=True)}
    header = [cell.value for cell in book["指标"][1]]
    value, unit = header.index("本期累计"), header.index("单位")
    for name, entered, entered_unit, _, _ in INDICATORS:
        assert indicators[name][value] == pytest.approx(float(entered)), name
        assert indicators[name][unit] == entered_unit, name
    assert indicators["工业用电量"][header.index("上年同期")] == 90
    products = {row[0]: row for row in book["产品"].iter_rows(min_row=2, values_only=True)}
    assert products["洗煤"][1:3] == (263.58, "万吨")
    assert products["黄金"][1:3] == (6330, "千克")
    cells = {str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row}
    assert not cells & codes()


def test_the_appendix_names_indicators_and_says_their_figures_in_their_unit(reports):
    parsed = page(reports / "briefing.html")
    text = "".join(parsed.text)
    appendix = text[text.index("附：数据说明与质量检查") :]
    assert "附表2" in appendix and "重点跟踪企业" in appendix  # the check names it
    assert "按上年同期90亿千瓦时计算" in appendix  # not 900000万千瓦时, nor in 亿元
    found = set(re.findall(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+", appendix))
    assert not found & codes()
