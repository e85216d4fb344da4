"""The shared HTML and the PDF of an executed briefing (the seed month, 2011-02)."""

import base64
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill
import pytest
from bs4 import BeautifulSoup

from industry_briefing.briefing import charts
from industry_briefing.core import settings
from industry_briefing.publish import export

pytestmark = pytest.mark.slow

TITLE = "贵阳市工业经济运行简报（2011年1-2月）"
PERIOD_LABEL = "2011年1-2月"
FOOTER = '<footer class="briefing-footer"><p>生成信息：测试页脚 &amp; 来源</p></footer>'
SECTIONS = [
    "一、总体情况",
    "二、工业经济运行",
    "三、工业投资",
    "四、园区建设",
    "五、需要关注的问题",
    "附：数据说明与质量检查",
]
# Sentences of the commission's news item of 9 March 2011, as the briefing repeats them.
SEED_SENTENCES = [
    "规模以上工业总产值192.1亿元",
    "同比增长27.6%",
    "为全年目标任务的15.15%",
    "落后时间进度1.52个百分点",
    "为去年同期的3.59倍",
    "占全市固定资产投资的23.02%",
    "贵阳金石石材工业园区完成0.55亿元",
    "贵阳市小河-孟关装备制造业生态工业园区完成3亿元",
]
MAX_PAGE_BYTES = 3_000_000


@dataclass(frozen=True)
class Exported:
    notebook: nbformat.NotebookNode
    html: Path
    pdf: Path

    @property
    def page(self) -> str:
        return self.html.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Exported:
    """briefing.ipynb executed for 2011-02, both outputs written by one export_all call."""
    tmp = tmp_path_factory.mktemp("export")
    executed = tmp / "executed.ipynb"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("BRIEFING_WAREHOUSE", str(tmp / "w.duckdb"))
        papermill.execute_notebook(
            str(settings.BRIEFING_NOTEBOOK),
            str(executed),
            parameters={"period": "2011-02", "data_dir": str(settings.RAW_DATA_DIR)},
            cwd=str(tmp),
            progress_bar=False,
        )
    notebook = nbformat.read(executed, as_version=4)
    out = tmp / "out"
    out.mkdir()
    written = export.export_all(notebook, out, "briefing", TITLE, PERIOD_LABEL, FOOTER)
    assert written == {"html": out / "briefing.html", "pdf": out / "briefing.pdf"}
    assert sorted(p.name for p in out.iterdir()) == ["briefing.html", "briefing.pdf"]
    return Exported(notebook, written["html"], written["pdf"])


@pytest.fixture(scope="module")
def soup(exported) -> BeautifulSoup:
    return BeautifulSoup(exported.page, "html.parser")


@pytest.fixture(scope="module")
def pdf_pages(exported) -> list[str]:
    return text_pages(exported.pdf)


def text_pages(pdf: Path) -> list[str]:
    """The PDF's text layer, page by page, whitespace removed (pdftotext breaks lines)."""
    text = subprocess.run(
        # -raw: in content order, and a name broken after its hyphen (贵阳市小河-孟关) keeps it
        ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [re.sub(r"\s+", "", page) for page in text.split("\f") if page.strip()]


def chart_outputs(notebook) -> list[dict]:
    return [
        output.data
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if charts.SPEC_MIMETYPE in output.get("data", {})
    ]


# --- renderer -----------------------------------------------------------------------------------


def test_charts_carry_their_static_svg_and_their_spec(exported):
    outputs = chart_outputs(exported.notebook)
    assert len(outputs) >= 5  # 图1 … 图7 where the month has the data
    for data in outputs:
        assert data["image/svg+xml"].lstrip().startswith("<svg")
        assert data[charts.SPEC_MIMETYPE]["$schema"].endswith(".json")
        assert "tooltip" in json.dumps(data[charts.SPEC_MIMETYPE])


# --- shared HTML --------------------------------------------------------------------------------


def test_html_loads_nothing_from_the_network(exported):
    page = exported.page
    assert export.external_references(page) == []
    assert "<script src" not in page
    assert "<link " not in page


def test_html_inlines_the_vega_libraries_exactly_once(exported, soup):
    assert exported.page.count(export.vega_bundle()) == 1
    executable = [s.string or "" for s in soup.find_all("script") if not s.get("type")]
    bundle = [n for n, text in enumerate(executable) if export.vega_bundle() in text]
    assert len(bundle) == 1  # the libraries, once, then the script that draws the charts
    assert "vegaEmbed" in executable[bundle[0] + 1]
    # Besides: the mark that scripts run (set in the head), and the long tables' paging.
    assert len(executable) == 4


def test_html_embeds_every_chart_as_spec_and_static_svg(exported, soup):
    outputs = chart_outputs(exported.notebook)
    shown = soup.select(".briefing-chart")
    assert len(shown) == len(outputs)
    for data, chart in zip(outputs, shown, strict=True):
        spec = json.loads(chart.select_one("script.briefing-chart-spec").string)
        assert spec == data[charts.SPEC_MIMETYPE]
        image = chart.select_one("img.briefing-chart-static")
        svg = base64.b64decode(image["src"].removeprefix("data:image/svg+xml;base64,"))
        assert svg.decode("utf-8") == data["image/svg+xml"]
        assert image["alt"] == spec["title"]  # 图1  … : the chart's own title


def test_html_table_of_contents_links_every_section_heading(soup):
    toc = soup.select_one("nav.briefing-toc")
    links = toc.select("a")
    assert [a.get_text() for a in links] == SECTIONS
    for link in links:
        heading = soup.find(id=link["href"].removeprefix("#"))
        assert heading is not None and heading.name == "h2"
        assert heading.get_text().rstrip("¶") == link.get_text()
    title = soup.find("h1")
    assert title.find_next("nav") is toc  # right after the title, before 一、总体情况


def test_html_is_chinese_with_code_hidden(exported, soup):
    page = exported.page
    assert '<html lang="zh">' in page
    assert soup.title.string == TITLE
    assert "loading.load_model" not in page
    assert "Noto Sans CJK SC" in page


def test_html_ends_with_the_footer_it_was_given(exported):
    page = exported.page
    assert page.count(FOOTER) == 1
    assert page.index("</main>") < page.index(FOOTER) < page.index("</body>")


def test_html_prints_on_a4_without_cutting_charts_or_rows(exported):
    page = exported.page
    assert "size: A4" in page
    assert re.search(r"@media print \{.*?break-inside: avoid", page, re.S)
    assert 'counter(page) " 页 / 共 " counter(pages)' in page


def test_html_stays_under_3_mb(exported):
    assert exported.html.stat().st_size < MAX_PAGE_BYTES


# --- PDF ----------------------------------------------------------------------------------------


def test_pdf_text_is_selectable_chinese_with_the_seed_figures(pdf_pages):
    text = re.sub(r"—\d+—", "", "".join(pdf_pages))  # a sentence may run on to the next page
    for sentence in SEED_SENTENCES:
        assert sentence in text
    for section in SECTIONS:
        assert section in text
    assert "月份（累计至当月）" in text  # a chart's axis title: vector text


def test_pdf_is_laid_out_as_an_issued_briefing(pdf_pages):
    """GB/T 9704's 简报: the masthead on page 1, "— N —" on every page, the foot on the last,
    and nothing of a web page (contents, running header, 第N页/共M页, the run's provenance)."""
    first, last = pdf_pages[0], pdf_pages[-1]
    for word in ["内部资料", "工业经济运行简报", "第1期", "贵阳市工业和信息化委员会", "年月日"]:
        assert word in first, word
    assert "（刊头、版记为示意）" in first  # the bundled profile's masthead is made up
    assert first.index("工业经济运行简报") < first.index(TITLE) < first.index(SECTIONS[0])
    for number, page in enumerate(pdf_pages, 1):
        assert f"—{number}—" in page, number
        assert "页/共" not in page and "目录" not in page
    for word in ["资料来源：贵阳市工业和信息化委员会", "报：市委", "送：", "发：", "共印60份"]:
        assert word in last, word
    assert "生成信息" not in "".join(pdf_pages)  # FOOTER: the run's provenance stays in the HTML


def test_pdf_masthead_sets_the_unit_and_the_date_on_one_line(exported):
    layout = subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(exported.pdf), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    line = next(line for line in layout.splitlines() if "贵阳市工业和信息化" in line)
    assert "贵阳市工业和信息化委员会" in line and re.search(r"年\s+月\s+日$", line.strip())


def test_pdf_text_block_is_that_of_gb_t_9704(exported):
    """Every page's text, tables' and charts' included, within the 156 × 225 mm text block
    (binding on the left of odd pages, the right of even ones); the page number 7 mm or so
    below it, on the outer side."""
    pages = list(range(1, len(text_pages(exported.pdf)) + 1))
    words = _words_of_pages(exported.pdf, pages)
    mm = 72 / 25.4
    for page in pages[1:]:  # page 1: the masthead's name is set wider
        left = 28 if page % 2 else 26
        body = [w for w in words[page] if not _is_page_number(w)]
        assert min(w.x_min for w in body) >= (left - 1) * mm, page
        if page in (2, 3):  # pages of text: their lines start at the block's edge
            assert min(w.x_min for w in body) == pytest.approx(left * mm, abs=2 * mm), page
        assert max(w.x_max for w in body) <= (left + 156 + 1) * mm, page
        assert min(w.y_min for w in body) >= (37 - 1) * mm, page
        assert max(w.y_max for w in body) <= (37 + 225 + 1) * mm, page
        number = [w for w in words[page] if _is_page_number(w)]
        assert number and min(w.y_min for w in number) >= (37 + 225 + 5) * mm, page
    assert max(w.x_max for w in words[3] if _is_page_number(w)) > 150 * mm  # odd: right
    assert min(w.x_min for w in words[2] if _is_page_number(w)) < 60 * mm  # even: left


def test_every_chart_prints_its_smallest_text_at_8_pt_or_more(exported):
    """A chart is scaled down to the text block's width (156 mm: 589.6 px at 96 dpi); its
    smallest text must still print at 8 pt (a px is 0.75 pt)."""
    for data in chart_outputs(exported.notebook):
        svg = "".join(data["image/svg+xml"])
        width = float(re.search(r'<svg[^>]*?width="([\d.]+)"', svg).group(1))
        smallest = min(float(size) for size in re.findall(r'font-size="([\d.]+)', svg))
        assert smallest * min(1, 589.6 / width) * 0.75 >= 8, (width, smallest)


@dataclass(frozen=True)
class _Word:
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float


def _is_page_number(word: _Word) -> bool:
    return word.y_min > 262 * 72 / 25.4 and re.fullmatch(r"[—\d]+", word.text) is not None


def _words_of_pages(pdf: Path, pages: list[int]) -> dict[int, list[_Word]]:
    """pdftotext -bbox: every word's box, in points from the page's top left."""
    found: dict[int, list[_Word]] = {}
    for page in pages:
        xhtml = subprocess.run(
            ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        boxes = BeautifulSoup(xhtml, "html.parser").select("word")
        found[page] = [
            _Word(w.text, *(float(w[k]) for k in ("xmin", "ymin", "xmax", "ymax"))) for w in boxes
        ]
    return found


def test_pdf_is_a4_with_every_font_embedded(exported):
    info = subprocess.run(["pdfinfo", str(exported.pdf)], capture_output=True, text=True).stdout
    assert "595.276 x 841.89 pts (A4)" in info
    fonts = subprocess.run(["pdffonts", str(exported.pdf)], capture_output=True, text=True).stdout
    rows = fonts.strip().splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts  # the emb column
    # The stand-ins of 仿宋 (body), 黑体 (headings) and Times New Roman (figures).
    for face in ["Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC", "Liberation-Serif"]:
        assert face in fonts, face
    assert "JP" not in fonts  # the Japanese variant draws some characters differently


def test_pdf_charts_are_vector_not_images(exported):
    listed = subprocess.run(
        ["pdfimages", "-list", str(exported.pdf)], check=True, capture_output=True, text=True
    ).stdout
    assert len(listed.strip().splitlines()) == 2  # the header of the list: no raster image


def test_pdf_first_page_renders(exported, tmp_path):
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(exported.pdf), tmp_path / "p"],
        check=True,
    )
    (image,) = tmp_path.glob("p*.png")
    assert image.stat().st_size > 10_000  # a page with text and a table, not a blank one


def test_pdf_refuses_to_load_anything_from_outside_the_page(tmp_path):
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("![logo](https://example.invalid/logo.png)")]
    )
    with pytest.raises(export.ExportError, match=r"example\.invalid"):
        export.write_pdf(notebook, tmp_path / "x.pdf", "标题", PERIOD_LABEL)
    assert not (tmp_path / "x.pdf").exists()


# --- API ----------------------------------------------------------------------------------------


def test_write_html_and_write_pdf_take_a_path_and_write_only_the_destination(exported, tmp_path):
    executed = tmp_path / "executed.ipynb"
    nbformat.write(exported.notebook, executed)
    out = tmp_path / "out"
    out.mkdir()
    assert export.write_html(executed, out / "a.html", TITLE) == out / "a.html"
    assert export.write_pdf(executed, out / "a.pdf", TITLE, PERIOD_LABEL) == out / "a.pdf"
    assert sorted(p.name for p in out.iterdir()) == ["a.html", "a.pdf"]
    assert (out / "a.pdf").read_bytes().startswith(b"%PDF")
    assert "<footer" not in (out / "a.html").read_text(encoding="utf-8")  # none given


def test_export_leaves_the_callers_notebook_as_it_was(exported):
    assert "title" not in exported.notebook.metadata
    assert not any(c.metadata.get("briefing_toc_after") for c in exported.notebook.cells)


def test_an_english_briefing_gets_the_page_words_in_english(tmp_path):
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# Industrial Economy Briefing"),
            nbformat.v4.new_markdown_cell("## I. Overview"),
            nbformat.v4.new_markdown_cell("Output grew by 27.6%."),
            nbformat.v4.new_markdown_cell("## II. Industrial operation"),
        ]
    )
    notebook.metadata["papermill"] = {"parameters": {"period": "2011-02", "lang": "en"}}
    written = export.export_all(notebook, tmp_path, "b", "Briefing", "Jan-Feb 2011")
    page = written["html"].read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    assert '<p class="briefing-toc-title">Contents</p>' in page
    assert "目录" not in page
    assert 'counter(page) " 页' not in page
    assert "—1—" in text_pages(written["pdf"])[0]  # the 简报's page number in either language


def test_a_page_of_one_section_lists_no_contents(tmp_path):
    """A topic page has one section: a contents box listing it would only repeat it."""
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# 贵阳市园区建设（2011年1-12月）"),
            nbformat.v4.new_markdown_cell("## 四、园区建设"),
        ]
    )
    page = export.write_html(notebook, tmp_path / "p.html", "园区").read_text(encoding="utf-8")
    assert "四、园区建设" in page and "briefing-toc" not in page.split("</style>")[-1]


def test_exporter_and_libraries_are_built_once_per_process():
    assert export.html_exporter() is export.html_exporter()
    assert export.vega_bundle() is export.vega_bundle()


def test_the_vega_bundle_is_built_once_per_machine_and_kept(tmp_path, monkeypatch):
    import vl_convert

    monkeypatch.setattr(settings, "PROCESSED_DATA_DIR", tmp_path)
    calls = []
    build = vl_convert.javascript_bundle
    monkeypatch.setattr(vl_convert, "javascript_bundle", lambda: calls.append(1) or build())
    export.vega_bundle.cache_clear()
    try:
        built = export.vega_bundle()
        export.vega_bundle.cache_clear()  # as a new worker process would start
        kept = export.vega_bundle()
    finally:
        export.vega_bundle.cache_clear()
    assert calls == [1] and kept == built
    assert "vegaEmbed" in built and "</script" not in built.lower()
    (cached,) = (tmp_path / "cache").iterdir()
    assert cached.name == f"vega-bundle-{vl_convert.__version__}.js"
