"""The briefing as a Word file (publish/docx.py): small notebooks built here, written to .docx
and read back with python-docx (styles, headings, tables, pictures, masthead and foot, the
page); and the batch's own briefing.docx of the seed month and of two real bulletins, turned
into a PDF by LibreOffice and read with pdftotext: every figure of the HTML briefing's body
is in it."""

import io
import json
import re
import subprocess
import tomllib
from pathlib import Path

import docx
import nbformat
import pytest
import vl_convert
from bs4 import BeautifulSoup
from click.testing import CliRunner
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from nbconvert.exporters import get_exporter
from nbformat import NotebookNode
from PIL import Image

from industry_briefing.cli import main
from industry_briefing.core import settings
from industry_briefing.core.settings import MASTHEAD_MIMETYPE, SUMMARY_MIMETYPE
from industry_briefing.publish import docx as word
from industry_briefing.publish import docx_charts, docx_template, nav
from industry_briefing.publish.nav import Neighbours
from industry_briefing.run.request import Request

TITLE = "贵阳市工业经济运行简报（2011年1-2月）"
MASTHEAD = {
    "name": "工业经济运行简报",
    "number": "第1期",
    "unit": "贵阳市工业和信息化委员会",
    "date": "2011年3月9日",
    "date_blank": "　　年　月　日",
    "mark": "内部资料　注意保存",
    "foot": [
        {"label": "报：", "text": "市委、市政府"},
        {"label": "送：", "text": "各区（市、县）工业主管部门"},
        {"label": "发：", "text": "委机关各处室"},
    ],
    "copies": "共印40份",
    "illustrative": "（刊头、版记为示意）",
    "source": "资料来源：贵阳市工业和信息化委员会",
}
TABLE_HTML = (
    "<p><strong>表1  主要指标完成情况</strong></p>"
    '<div class="briefing-table-scroll" tabindex="0"><table class="dataframe briefing-table">'
    "<thead><tr><th>指标</th><th>本期累计（亿元）</th><th>同比</th></tr></thead><tbody>"
    "<tr><td>规模以上工业总产值</td><td>192.1</td><td>同比增长27.6%</td></tr>"
    "<tr><td>工业投资</td><td>29</td><td>同比增长259%</td></tr>"
    "</tbody></table></div>"
)
CHART_TITLE = "图1  主要指标完成年度目标"
SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
    "title": CHART_TITLE,
    "width": 300,
    "height": 120,
    "data": {"values": [{"name": "总产值", "pct": 15.15}, {"name": "投资", "pct": 5.3}]},
    "mark": "bar",
    "encoding": {
        "y": {"field": "name", "type": "nominal"},
        "x": {"field": "pct", "type": "quantitative"},
    },
}
ANALYST = '<div class="briefing-analyst">\n\n分析员的话：园区**融资**仍难。\n\n</div>'
SVG = vl_convert.vegalite_to_svg(SPEC)  # as the batch's worker draws it
CONCERNS = "1. <strong>工业投资严重滞后。</strong>1-2月完成29亿元，为全年目标任务的5.3%。"


def display(data: dict) -> NotebookNode:
    return nbformat.v4.new_output("display_data", data=data)


def briefing_notebook(masthead: dict | None = MASTHEAD) -> NotebookNode:
    """A briefing as the notebook shows one: title (and masthead), headings, prose, a table,
    a chart, the concerns; and what the page leaves out (analyst cells, warnings)."""
    title = [display({"text/markdown": f"# {TITLE}"})]
    if masthead is not None:
        title.append(display({MASTHEAD_MIMETYPE: masthead}))
    outputs = [
        title,
        [display({"text/markdown": "## 一、总体情况"})],
        [display({"text/markdown": "1-2月，规模以上工业总产值**192.1亿元**，同比增长27.6%。"})],
        [display({"text/markdown": "### （一）工业运行"})],
        [display({"text/html": TABLE_HTML})],
        [
            display(
                {
                    "application/vnd.vegalite.v6+json": SPEC,
                    "image/svg+xml": SVG,
                    "text/plain": "chart",
                }
            )
        ],
        [nbformat.v4.new_output("stream", name="stderr", text="内核警告")],
        [display({"text/markdown": ANALYST})],
        [display({"text/markdown": "## 二、需要关注的问题"}), display({"text/markdown": CONCERNS})],
        [display({SUMMARY_MIMETYPE: {"label": "1-2月"}})],
    ]
    cells = [nbformat.v4.new_markdown_cell("分析员使用说明", metadata={"tags": ["remove_cell"]})]
    cells += [nbformat.v4.new_code_cell("show()", outputs=shown) for shown in outputs]
    return nbformat.v4.new_notebook(cells=cells)


def written(tmp_path: Path, notebook: NotebookNode, **kw: object) -> Document:
    # `kw` is write_docx's own keywords (lang, template_docx), each of its type.
    path = word.write_docx(notebook, tmp_path / "briefing.docx", **kw)  # type: ignore[arg-type]
    return docx.Document(str(path))


def texts(document: Document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def all_text(document: Document) -> str:
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture(scope="module")
def document(tmp_path_factory) -> Document:
    return written(tmp_path_factory.mktemp("docx"), briefing_notebook())


# --- structure ---------------------------------------------------------------------------------


def test_headings_take_words_heading_styles(document):
    assert texts(document, "Title") == [TITLE]
    assert texts(document, "Heading 1") == ["一、总体情况", "二、需要关注的问题"]
    assert texts(document, "Heading 2") == ["（一）工业运行"]


def test_prose_is_paragraphs_with_bold_kept(document):
    [prose] = [p for p in document.paragraphs if p.text.startswith("1-2月，规模以上")]
    assert prose.style.name == "Normal"
    assert [r.text for r in prose.runs if r.bold] == ["192.1亿元"]
    [analyst] = [p for p in document.paragraphs if p.text.startswith("分析员的话")]
    assert [r.text for r in analyst.runs if r.bold] == ["融资"]
    [concern] = [p for p in document.paragraphs if "工业投资严重滞后" in p.text]
    assert concern.text.startswith("1.")
    assert [r.text for r in concern.runs if r.bold] == ["工业投资严重滞后。"]


def test_tables_are_word_tables_under_their_caption_with_a_repeating_header(document):
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["指标", "本期累计（亿元）", "同比"]
    assert [c.text for c in table.rows[1].cells] == ["规模以上工业总产值", "192.1", "同比增长27.6%"]
    assert table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert table.rows[1]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None
    assert all(
        row._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for row in table.rows
    )
    width = table._tbl.tblPr.find(qn("w:tblW"))
    assert (width.get(qn("w:type")), width.get(qn("w:w"))) == ("pct", "5000")  # the text width
    # The pages' one rule: a column of figures right, header and all; text left.
    alignments = [[c.paragraphs[0].alignment for c in row.cells] for row in table.rows]
    right, left = docx_template.RIGHT, docx_template.LEFT
    assert alignments == [[left, right, left]] * 3
    caption = table._tbl.getprevious()
    assert caption.xpath("string(.)") == "表1  主要指标完成情况"
    assert caption.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) == "Caption"


def test_charts_are_pictures_with_their_caption(document):
    assert len(document.inline_shapes) == 1
    assert document.inline_shapes[0].width <= Mm(docx_template.TEXT_WIDTH_MM)
    assert texts(document, "Caption") == ["表1  主要指标完成情况", CHART_TITLE]


def test_a_charts_picture_leaves_its_title_to_the_caption():
    assert CHART_TITLE in SVG and CHART_TITLE not in docx_charts._untitled_svg(SVG)
    titled = vl_convert.svg_to_png(SVG, scale=docx_charts.SCALE)
    with (
        Image.open(io.BytesIO(titled)) as full,
        Image.open(io.BytesIO(docx_charts.chart_png({"image/svg+xml": SVG}))) as picture,
    ):
        assert picture.width == full.width and picture.height < full.height - 20


def test_what_the_page_leaves_out_the_word_file_leaves_out(document):
    text = all_text(document)
    assert "分析员使用说明" not in text and "内核警告" not in text and "chart" not in text


# --- masthead and foot --------------------------------------------------------------------------


def test_the_masthead_heads_page_one_in_red_over_a_red_rule(document):
    first = [p.text for p in document.paragraphs[:6]]
    assert first[:3] == ["内部资料　注意保存", "工业经济运行简报", "第1期"]
    assert first[3] == "贵阳市工业和信息化委员会\t2011年3月9日"
    assert first[4] == "（刊头、版记为示意）"  # a made-up masthead says so under its rule
    assert first[5] == TITLE
    name = document.paragraphs[1]
    assert name.style.font.color.rgb == docx_template.RED and name.style.font.bold
    properties = [child.tag for child in document.paragraphs[3]._p.pPr]
    assert properties.index(qn("w:pBdr")) < properties.index(qn("w:tabs"))  # the schema's order
    rule = document.paragraphs[3]._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
    assert rule.get(qn("w:color")) == "E60012" and 12 <= int(rule.get(qn("w:sz"))) <= 16


def test_the_foot_closes_the_briefing_between_rules(document):
    assert "资料来源：贵阳市工业和信息化委员会" in texts(document, "Foot")
    foot = document.tables[-1]
    lines = [row.cells[0].text for row in foot.rows]
    assert lines == [
        "报：市委、市政府",
        "送：各区（市、县）工业主管部门",
        "发：委机关各处室",
        "共印40份",
    ]
    assert foot.rows[-1].cells[0].paragraphs[0].alignment == docx_template.RIGHT
    rules = foot._tbl.tblPr.find(qn("w:tblBorders"))
    sizes = {side: rules.find(qn(f"w:{side}")).get(qn("w:sz")) for side in ("top", "bottom")}
    assert sizes == {"top": "8", "bottom": "8"}
    assert rules.find(qn("w:insideH")).get(qn("w:sz")) == "6"


def test_a_masthead_without_a_date_leaves_one_to_fill_in(tmp_path):
    document = written(tmp_path, briefing_notebook({**MASTHEAD, "date": "", "mark": ""}))
    assert document.paragraphs[0].text == "工业经济运行简报"
    assert document.paragraphs[2].text == "贵阳市工业和信息化委员会\t　　年　月　日"


def test_a_notebook_without_a_masthead_has_neither_masthead_nor_foot(tmp_path):
    document = written(tmp_path, briefing_notebook(masthead=None))
    assert document.paragraphs[0].text == TITLE
    assert len(document.tables) == 1 and "报：" not in all_text(document)


def test_a_bureau_template_with_a_body_marker_keeps_its_own_masthead(tmp_path):
    own = docx_template.default_template()
    own.add_paragraph("本局报头")
    own.add_paragraph(word.BODY_MARKER)
    own.add_paragraph("本局版记")
    own.save(str(tmp_path / "bureau.docx"))
    document = written(tmp_path, briefing_notebook(), template_docx=tmp_path / "bureau.docx")
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[:2] == ["本局报头", TITLE] and paragraphs[-1] == "本局版记"
    assert word.BODY_MARKER not in paragraphs and "工业经济运行简报" not in paragraphs


# --- styles and page ----------------------------------------------------------------------------

FONTS = {
    "Normal": "仿宋_GB2312",
    "Title": "方正小标宋简体",
    "Heading 1": "黑体",
    "Heading 2": "楷体_GB2312",
}


def check_styles_and_page(document: Document) -> None:
    for name, face in FONTS.items():
        style = document.styles[name]
        assert docx_template.east_asian_font(style) == face, name
        fonts = style.element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert fonts.get(qn("w:ascii")) == "Times New Roman", name
        assert fonts.get(qn("w:asciiTheme")) is None, name
    assert document.styles["Normal"].font.size.pt == 16
    assert document.styles["Title"].font.size.pt == 22
    section = document.sections[0]
    assert abs(section.page_width.mm - 210) < 0.5 and abs(section.page_height.mm - 297) < 0.5
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm, 1) for m in margins] == pytest.approx([37, 35, 28, 26], abs=0.5)
    assert document.settings.odd_and_even_pages_header_footer
    for footer in (section.footer, section.even_page_footer):
        assert footer.paragraphs[0].text == "— 1 —"
        assert "PAGE" in footer._element.xpath("string(.//w:instrText)")


def test_the_shipped_template_holds_the_styles_and_the_page():
    check_styles_and_page(docx.Document(str(docx_template.DEFAULT_TEMPLATE)))
    assert not docx.Document(str(docx_template.DEFAULT_TEMPLATE)).paragraphs


def test_properties_come_in_the_schemas_order_which_word_insists_on(document):
    for part in (document.element, document.styles.element):
        for tag, order in docx_template.ORDER.items():
            rank = {qn(name): index for index, name in enumerate(order)}
            for properties in part.iter(qn(tag)):
                ranks = [rank.get(child.tag, -1) for child in properties]
                assert -1 not in ranks and ranks == sorted(ranks), properties.xml


def test_the_written_briefing_keeps_them(document):
    check_styles_and_page(document)
    section = document.sections[0]
    assert section.footer.paragraphs[0].alignment == docx_template.RIGHT
    assert section.even_page_footer.paragraphs[0].alignment == docx_template.LEFT


# --- how it is reached --------------------------------------------------------------------------


def test_nbconvert_finds_the_exporter_by_its_entry_point_and_its_class():
    project = tomllib.loads((settings.PROJECT_ROOT / "pyproject.toml").read_text())
    points = project["project"]["entry-points"]["nbconvert.exporters"]
    assert points == {"briefing_docx": "industry_briefing.publish.docx:BriefingDocxExporter"}
    exporter = get_exporter("industry_briefing.publish.docx.BriefingDocxExporter")()
    assert exporter.file_extension == ".docx"
    assert exporter.output_mimetype == word.DOCX_MIMETYPE
    data, resources = exporter.from_notebook_node(briefing_notebook(masthead=None))
    assert data[:2] == b"PK" and resources["output_extension"] == ".docx"


def test_no_docx_leaves_the_word_file_out_of_a_periods_outputs():
    assert "briefing.docx" in Request(regions=[]).outputs
    assert "briefing.docx" not in Request(regions=[], docx=False).outputs


@pytest.mark.parametrize("command", ["run", "batch"])
def test_run_and_batch_take_no_docx(command):
    shown = CliRunner().invoke(main, [command, "--help"])
    assert shown.exit_code == 0 and "--no-docx" in shown.output


def test_the_briefings_page_links_its_word_file_when_it_is_there():
    around = Neighbours(index="../index.html", pdf=True, topics=(), previous=None, next=None)
    assert "briefing.docx" not in nav.nav_html(nav.BRIEFING, around)
    with_word = Neighbours("../index.html", True, (), None, None, docx=True)
    assert '<a href="briefing.docx">Word</a>' in nav.nav_html(nav.BRIEFING, with_word)


# --- the batch's Word files, read back through LibreOffice (slow) -------------------------------

BULLETINS = Path(__file__).parents[1] / "data" / "bulletins"
SOFFICE_TIMEOUT_S = 120
NUMBER = re.compile(r"\d+(?:\.\d+)?")
NOT_BODY = ("script", "style", "svg", "img", "nav", "footer")


def pdf_text(document: Path, tmp: Path) -> str:
    """The .docx through LibreOffice (a private profile: runs side by side do not clash) and
    pdftotext, without white space."""
    command = [
        "soffice", "--headless", f"-env:UserInstallation=file://{tmp}/lo-profile",
        "--convert-to", "pdf", "--outdir", str(tmp), str(document),
    ]  # fmt: skip
    try:
        subprocess.run(command, capture_output=True, timeout=SOFFICE_TIMEOUT_S, check=True)
    except FileNotFoundError:
        pytest.fail("soffice not found: run `make test` (installs libreoffice-writer-nogui)")
    pdf = tmp / f"{document.stem}.pdf"
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, text=True)
    return re.sub(r"\s+", "", done.stdout)


def html_figures(page: Path) -> set[str]:
    """The numbers of the HTML briefing's text (not its links, footer or charts' drawings)."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    main = soup.find("main")
    for element in main.find_all([*NOT_BODY, "div"]):
        if element.name != "div" or "briefing-chart" in (element.get("class") or []):
            element.decompose()
    return set(NUMBER.findall(main.get_text(" ")))


@pytest.fixture(scope="module")
def read_back(bundled_reports, bulletin_reports, tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """Per briefing: its folder and its Word file's text, one conversion each (the two
    bulletins are those conftest's WORD_BULLETINS renders with their Word file)."""
    folders = {
        "2011-02": bundled_reports / "2011-02",
        "guiyang-2015-05": bulletin_reports(BULLETINS / "guiyang-2015-05"),
        "huangshi-2024-06": bulletin_reports(BULLETINS / "huangshi-2024-06"),
    }
    return {
        name: (folder, pdf_text(folder / "briefing.docx", tmp_path_factory.mktemp(name)))
        for name, folder in folders.items()
    }


@pytest.mark.slow
@pytest.mark.parametrize("name", ["2011-02", "guiyang-2015-05", "huangshi-2024-06"])
def test_every_figure_of_the_html_briefing_is_in_its_word_file(read_back, name):
    folder, text = read_back[name]
    figures = html_figures(folder / "briefing.html")
    assert "192.1" in figures or name != "2011-02"
    missing = sorted(f for f in figures if f not in text)
    assert not missing, f"{name}: not in briefing.docx as LibreOffice prints it: {missing}"


@pytest.mark.slow
def test_the_batch_lists_the_word_file_in_manifest_links_and_index(bundled_reports):
    folder = bundled_reports / "2011-02"
    assert "briefing.docx" in json.loads((folder / "manifest.json").read_text())["outputs"]
    assert 'href="briefing.docx"' in (folder / "briefing.html").read_text(encoding="utf-8")
    index = (bundled_reports / "index.html").read_text(encoding="utf-8")
    assert 'href="2011-02/briefing.docx"' in index
    check_styles_and_page(docx.Document(str(folder / "briefing.docx")))
