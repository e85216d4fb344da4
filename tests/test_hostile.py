"""Names and notes from the input are text, never markup.

A month whose park, district, enterprise, project, region, problem and notes are HTML, Markdown
or math is rendered by the real pipeline (`briefing batch`): the HTML, the PDF and the index
show those characters as written, and nothing in them runs, links or formats. Then each
escaping function on its own.
"""

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from nbconvert.filters.markdown import markdown2html_mistune

from industry_briefing import cli
from industry_briefing.briefing import narrative, notebook
from industry_briefing.core import settings
from industry_briefing.publish import export, index, manifest

MONTH = "2011-03"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
ENTERPRISE = "**粗体企业** [link](http://evil)"
ISSUE = "`rm -rf` $x^2$ </script><script>alert(2)</script>"
PROJECT = "项目</script> _斜体_ ~~删~~ # 标"
REGION = "贵阳市<b>粗</b>**星**"
SOURCE_MARK = "<script>alert(1)</script> **源** [link](http://evil) `code` $m$"
NOTE_MARK = "<img src=x onerror=alert(1)> **注** [l](http://evil) $y$"
# What the briefing says of them (the narrative, the tables, the notes, the title).
LITERALS = [SCRIPT, IMG, ENTERPRISE, ISSUE, PROJECT, REGION, SOURCE_MARK, NOTE_MARK]


def hostile_copy(root: Path) -> Path:
    """The bundled month with hostile names and notes, under root/raw (data/raw untouched)."""
    folder = root / "raw" / MONTH
    shutil.copytree(settings.RAW_DATA_DIR / MONTH, folder)

    def replace(name, old, new, count=-1):
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    def csv_cell(text):
        return '"' + text.replace('"', '""') + '"'

    replace("parks.csv", "贵阳麦架-沙文高新技术产业园", SCRIPT)
    for name in ("districts.csv", "parks.csv", "enterprises.csv", "projects.csv"):
        replace(name, "白云区", IMG)
    replace("enterprises.csv", "贵阳洋水黄磷有限公司", csv_cell(ENTERPRISE))  # 停产: in the text
    replace("enterprises.csv", "设备检修", csv_cell(ISSUE))
    replace("projects.csv", "湿法磷酸净化项目", csv_cell(PROJECT))  # lagging: in the text
    replace("meta.yml", "region: 贵阳市", f"region: {json.dumps(REGION, ensure_ascii=False)}")
    replace("meta.yml", 'source: "示意数据', f'source: "{SOURCE_MARK} 示意数据', 1)
    replace("meta.yml", 'note: "沿用2011-02', f'note: "{NOTE_MARK} 沿用2011-02', 1)
    return root / "raw"


class Page(HTMLParser):
    """Elements, their attributes, the text of each script, and the text a reader sees."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.visible: list[str] = []
        self._open: list[tuple[str, dict]] = []
        self.feed(text)
        self.close()
        self.text = "".join(self.visible)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag in ("script", "style", "title"):
            self._open.append((tag, attributes))
            if tag == "script":
                self.scripts.append((attributes, ""))

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            self._open.pop()

    def handle_data(self, data):
        if self._open and self._open[-1][0] == "script":
            attributes, text = self.scripts[-1]
            self.scripts[-1] = (attributes, text + data)
        elif not self._open:
            self.visible.append(data)


def assert_nothing_injected(page: Page) -> None:
    assert not [a for tag, a in page.elements if tag == "img" and a.get("src") == "x"]
    handlers = [(tag, a) for tag, a in page.elements for name in a if name.startswith("on")]
    assert not handlers
    for attributes, text in page.scripts:
        if attributes.get("type") == "application/json":
            continue  # data, checked below
        assert "alert(" not in text
    assert not [a for tag, a in page.elements if tag == "a" and "evil" in a.get("href", "")]
    assert not [tag for tag, _ in page.elements if tag in ("b", "em", "code", "del", "i")]


@pytest.fixture(scope="module")
def hostile_reports(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    data = hostile_copy(root)
    args = [
        "batch",
        "--data-dir", data,
        "--warehouse", root / "w.duckdb",
        "--reports-dir", root / "reports",
        "--from", MONTH,
        "--to", MONTH,
        "--jobs", "1",
    ]  # fmt: skip
    result = CliRunner().invoke(cli.main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return root / "reports"


@pytest.fixture(scope="module")
def html_page(hostile_reports):
    return (hostile_reports / MONTH / "briefing.html").read_text(encoding="utf-8")


@pytest.mark.slow  # the hostile month through the real batch
def test_html_shows_the_hostile_names_escaped(html_page):
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_page
    assert "&lt;img src=x onerror=alert(1)&gt;" in html_page
    assert "<script>alert" not in html_page
    assert "<img src=x" not in html_page


@pytest.mark.slow  # the hostile month through the real batch
def test_html_runs_links_and_formats_nothing_from_the_input(html_page):
    assert_nothing_injected(Page(html_page))


@pytest.mark.slow  # the hostile month through the real batch
def test_html_shows_every_hostile_text_as_written(html_page):
    page = Page(html_page)
    for literal in LITERALS:
        assert literal in page.text, literal
    # In the sentences themselves (Markdown), not only in the tables and notes.
    assert f"其中，{SCRIPT}完成" in page.text
    assert f"{ENTERPRISE}停产" in page.text
    # The concerns' item of lagging projects names the project in its sentence.
    lagging = page.text.split("个重大项目进度严重滞后。", 1)[1].split("。", 1)[0]
    assert f"{PROJECT}完成" in lagging
    assert f"1-3月，{REGION}规模以上工业总产值" in page.text


@pytest.mark.slow  # the hostile month through the real batch
def test_title_and_page_header_keep_the_region_as_text(html_page):
    page = Page(html_page)
    h1 = html_page[html_page.index("<h1") : html_page.index("</h1>")]
    assert "&lt;b&gt;粗&lt;/b&gt;**星**" in h1
    title = re.search(r"<title>(.*?)</title>", html_page, re.S).group(1)
    assert "&lt;b&gt;" in title
    assert "\\3C b>粗\\3C /b>" in html_page  # the @page header's CSS string
    assert not [tag for tag, _ in page.elements if tag == "b"]


@pytest.mark.slow  # the hostile month through the real batch
def test_chart_specs_are_valid_json_that_cannot_close_their_script(html_page):
    page = Page(html_page)
    specs = [text for a, text in page.scripts if a.get("type") == "application/json"]
    assert len(specs) >= 4
    values = []
    for text in specs:
        assert not set("<>&") & set(text)  # written \u003c, \u003e, \u0026
        spec = json.loads(text)
        values += [
            str(v) for data in spec.get("datasets", {}).values() for r in data for v in r.values()
        ]
    assert SCRIPT in values and IMG in values  # the names as they are, for the tooltips


@pytest.mark.slow  # the hostile month through the real batch
def test_pdf_text_gives_back_the_literal_characters(hostile_reports):
    pdf = hostile_reports / MONTH / "briefing.pdf"
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", "", text)  # names wrap in table cells and at line ends
    assert SCRIPT in text
    for literal in LITERALS:
        assert re.sub(r"\s+", "", literal) in flat, literal
    for sentence in (f"{ENTERPRISE}停产", f"1-3月，{REGION}规模以上工业总产值", f"{PROJECT}完成"):
        assert re.sub(r"\s+", "", sentence) in flat, sentence  # the text, not only the tables


@pytest.mark.slow  # the hostile month through the real batch
def test_index_shows_the_region_as_text(hostile_reports):
    page_text = (hostile_reports / "index.html").read_text(encoding="utf-8")
    page = Page(page_text)
    assert_nothing_injected(page)
    assert "贵阳市&lt;b&gt;粗&lt;/b&gt;**星**" in page_text
    assert REGION in page.text


@pytest.mark.slow  # the hostile month through the real batch
def test_footer_is_there_and_escaped(html_page):
    footer = html_page[html_page.index('<footer class="briefing-footer">') :]
    assert "生成信息" in footer and f"{MONTH}/parks.csv（sha256" in footer


# --- each escaping function ----------------------------------------------------------------

HOSTILE = [
    SCRIPT,
    IMG,
    "**x**",
    "[link](http://evil)",
    "![i](x.png)",
    "`code`",
    "$math$",
    "$$a$$",
    r"\(x\)",
    r"\begin{equation}x\end{equation}",
    "http://evil.com",
    "www.evil.com",
    "a@b.com",
    "~~s~~",
    "_u_",
    "# h",
    "- li",
    "+ li",
    "1. li",
    "1) li",
    "---",
    "===",
    "- - -",
    "> q",
    "a | b",
    "&amp;",
    "&lt;x&gt;",
    "x\\",
    "    code",
    "<http://evil>",
    'it\'s "q"',
]


def rendered(markdown: str) -> tuple[str, set[str]]:
    """The text nbconvert shows for some Markdown, and the elements it makes."""
    page = Page(markdown2html_mistune(markdown))
    return page.text, {tag for tag, _ in page.elements}


@pytest.mark.parametrize("value", HOSTILE)
def test_markdown_text_shows_exactly_its_characters(value):
    for markdown in (
        f"前文{narrative.markdown_text(value)}后文",
        str(narrative.markdown_text(value)),
        f"一段\n\n{narrative.markdown_text(value)}\n下一行",
    ):
        text, elements = rendered(markdown)
        assert value in text, (value, markdown, text)
        assert elements <= {"p"}, (value, markdown, elements)


def test_markdown_text_joins_lines_into_one():
    value = narrative.markdown_text("a\n\n# b")
    text, elements = rendered(f"前文{value}后文")
    assert text.strip() == "前文a # b后文" and elements == {"p"}


@pytest.mark.parametrize(
    "value",
    [
        "贵阳麦架-沙文高新技术产业园",
        "192.1亿元",
        "-0.3",
        "1-2月",
        "2#机组",
        "同比增长27.6%",
        " and ",
    ],
)
def test_markdown_text_leaves_plain_text_as_it_is(value):
    assert narrative.markdown_text(value) == value


def test_markdown_text_keeps_markup_it_is_given():
    from markupsafe import Markup

    assert narrative.markdown_text(Markup("<strong>x</strong>")) == "<strong>x</strong>"


def test_narrative_templates_escape_every_value_they_print():
    template = narrative.environment("zh").from_string(
        "{{ name }}完成{{ 3.35 | amount }}；{{ names | join('、') }}。"
    )
    markdown = template.render(name=SCRIPT, names=[ENTERPRISE, "**b**"])
    text, elements = rendered(markdown)
    assert text.strip() == f"{SCRIPT}完成3.35亿元；{ENTERPRISE}、**b**。"
    assert elements == {"p"}


def test_json_for_script_cannot_close_the_script_and_reads_back_the_same():
    value = {"name": "</script><script>alert(1)</script><!-- & \u2028\u2029", "n": [1.5, None]}
    text = export._json_for_script(value)
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == value


def test_css_string_cannot_close_the_style():
    text = export._css_string('贵阳市</style><script>alert(1)</script>"\\')
    assert "<" not in text
    assert text.startswith('"') and text.endswith('"')
    assert '\\"' in text and "\\\\" in text


def test_footer_escapes_every_value():
    built = {
        "period": MONTH,
        "inputs": {f"{MONTH}/{SCRIPT}.csv": "ab" * 32},
        "provenance": {IMG: ["published"]},
        "parameters": {"lang": SCRIPT},
        "packages": {"pandas": "<b>1</b>"},
        "git_commit": IMG,
        "fingerprint": "f" * 64,
        "started_at": "<i>now</i>",
    }
    footer = manifest.footer_html(built)
    page = Page(footer)
    assert {tag for tag, _ in page.elements} <= {"footer", "p", "strong"}
    assert not page.scripts
    assert SCRIPT in page.text and IMG in page.text and "<i>now</i>" in page.text


def test_index_escapes_region_names_and_errors(tmp_path):
    folder = tmp_path / "reports" / MONTH
    folder.mkdir(parents=True)
    good = {
        "label": "1-3月",
        "region": REGION,
        "headline": {
            "indicators": [
                {"name": SCRIPT, "value_text": IMG, "completion_pct": 20.0, "status": '"x'}
            ]
        },
    }
    manifest.write(folder, manifest.MANIFEST, good)
    manifest.write(folder, manifest.LAST_RUN, {"status": "failed", "error": f"bad {SCRIPT}"})
    regions = [index.RegionReports("", tmp_path / "reports", "")]
    page_text = index.write_index(tmp_path / "index.html", regions).read_text(encoding="utf-8")
    page = Page(page_text)
    assert_nothing_injected(page)
    assert not page.scripts
    for literal in (REGION, SCRIPT, IMG, f"bad {SCRIPT}"):
        assert literal in page.text
    links = [a["href"] for tag, a in page.elements if tag == "a"]
    assert links == [f"{MONTH}/briefing.html"]


def test_index_links_are_relative_and_percent_encoded(tmp_path):
    """A region's folder name cannot turn a link into "javascript:…"."""
    folder = tmp_path / "reports" / "javascript:alert(1)" / MONTH
    folder.mkdir(parents=True)
    manifest.write(folder, manifest.MANIFEST, {"label": "1-3月", "region": "x"})
    regions = [index.RegionReports("r", folder.parent, "javascript:alert(1)/")]
    page = Page(index.write_index(tmp_path / "index.html", regions).read_text(encoding="utf-8"))
    links = [a["href"] for tag, a in page.elements if tag == "a"]
    assert links == [f"javascript%3Aalert%281%29/{MONTH}/briefing.html"]


def test_workbook_shows_title_tables_and_notes_as_text(monkeypatch):
    import pandas as pd

    shown = []
    monkeypatch.setattr(notebook, "display", lambda obj, **kwargs: shown.append(obj))
    notebook.show_title(f"{REGION}工业经济运行简报")
    notebook.show_table(pd.DataFrame({"园区": [SCRIPT], "区县": [IMG]}), caption=ENTERPRISE)
    notebook.show_notes([SOURCE_MARK, NOTE_MARK], title=REGION)
    title, table, notes = shown
    text, elements = rendered(title.data)
    assert text.strip().startswith(f"{REGION}工业经济运行简报") and "h1" in elements
    assert not elements & {"b", "strong", "em"}
    for html_output, literals in ((table, [SCRIPT, IMG, ENTERPRISE]), (notes, [SOURCE_MARK])):
        page = Page(html_output.data)
        assert_nothing_injected(page)
        assert not page.scripts
        for literal in literals:
            assert literal in page.text


@pytest.mark.slow  # a batch, its workers started
def test_a_table_linked_to_a_system_file_leaks_nothing_of_it(tmp_path):
    """parks.csv a link to /etc/passwd: the batch fails the month without reading the file;
    its first line reaches neither last-run.json nor the index."""
    root = tmp_path / "raw"
    shutil.copytree(settings.RAW_DATA_DIR / "2011-02", root / "2011-02")
    (root / "2011-02" / "parks.csv").unlink()
    (root / "2011-02" / "parks.csv").symlink_to("/etc/passwd")
    reports = tmp_path / "reports"
    args = ["batch", "--data-dir", root, "--warehouse", tmp_path / "w.duckdb",
            "--reports-dir", reports, "--no-topics"]  # fmt: skip
    english = {"LC_ALL": "", "LC_MESSAGES": "en_US.UTF-8"}  # the batch's lines, as read below
    result = CliRunner().invoke(cli.main, [str(a) for a in args], env=english)
    assert result.exit_code == 1, result.output
    assert "2011-02/parks.csv: is a link to something outside the period folder" in result.output
    written = [
        (reports / "2011-02" / "last-run.json").read_text(encoding="utf-8"),
        (reports / "index.html").read_text(encoding="utf-8"),
    ]
    assert "is a link to something outside the period folder" in written[0]
    for text in [result.output, *written]:
        assert "root:" not in text and "/bin/" not in text
