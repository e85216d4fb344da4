"""Every rendered page whole: the briefings, the topic pages and the index of the bundled year
in each language (conftest: `bundled_reports`, `bundled_reports_en`), and the six real
bulletins (conftest: `bulletin_reports`).

Per table: a header with a text per column, as many as the columns of its rows, no empty row
header, and no cell saying nan, NaN, None or inf. Per page (its visible text, image alt texts,
the text of the charts' static SVGs): no label in the page's other language; none of the
words a reader must never be shown (`wording_faults`: a field name or code such as growth_pct
or industrial_output, a script's path, a label said twice as 示意：示意数据, a missing value
said as None or nan). Input names
(region, parks, districts, enterprises, projects, industries, notes …, gathered from the
month's figures) and the names the footer quotes from the page's manifest (packages, parameter
names, input files) may be in any language, and so may what a language's own labels hold of
the other (UTC, git in zh.yml) and the index's links to the files (HTML, PDF)."""

import base64
import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from industry_briefing.briefing import labels
from industry_briefing.contract.tables import TABLES
from industry_briefing.core import periods, settings
from industry_briefing.core.figures import TABLE_NAMES, PeriodFigures
from industry_briefing.ingest import reader

BULLETINS = Path(__file__).parents[1] / "data" / "bulletins"
ROOTS = sorted(p for p in BULLETINS.iterdir() if p.is_dir())
PAGES = ("briefing.html", "operation.html", "investment.html", "parks.html")
VOID = {"br", "img", "meta", "link", "input", "hr", "col", "source", "wbr", "path", "rect"}
HIDDEN = {"script", "style"}
# Text that is no figure: an empty value, or a float's missing or infinite mark as a word.
NOT_A_VALUE = re.compile(r"(?<![A-Za-z])(?:nan|NaN|NAN|None|inf|Inf|-inf)(?![A-Za-z])")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+")
# A word of three letters or more; not a part of a digest or a version (6ee8fd4b, post1).
ENGLISH_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{3,}(?![A-Za-z0-9])")
FILE_FORMATS = {"HTML", "PDF"}  # the index's links to a period's files
# What a reader must never be shown, whatever the language:
# - a field name or code of the library (snake_case: growth_pct, gap_amount, industrial_output),
#   once the input's own names are taken out (a name may hold an underscore);
FIELD_NAME = re.compile(r"(?<![\w./-])[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+(?![\w])")
# - the path of a script or a module of the project (scripts/generate_demo_year.py);
SCRIPT_PATH = re.compile(r"[\w./-]*\w\.py\b")
# - a label said twice: the word a label puts before a text (示意：{note}, Illustrative: {note})
#   beginning the text too (示意：示意数据, Illustrative: illustrative data): `doubled_labels`;
# - a missing or infinite value said as a word ("None of …" is English).
MISSING_WORD = re.compile(r"(?<![A-Za-z])(?:nan|NaN|NAN|None|null|inf|Inf)(?![A-Za-z])(?! of\b)")
_DATA_URL_SVG = "data:image/svg+xml;base64,"


@dataclass
class Cell:
    text: str
    span: int  # colspan
    is_header: bool  # a th: a column's header, or a row's in the body


@dataclass
class Table:
    header: list[str] = field(default_factory=list)  # the last header row's cells
    header_span: int = 0  # the columns the header row spans
    rows: list[list[Cell]] = field(default_factory=list)


class Page(HTMLParser):
    """A rendered page read as a reader sees it: its tables, and its visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.texts: list[str] = []  # visible text, alt texts and the static charts' texts
        self._open: list[str] = []  # the open elements whose text is hidden
        self._row: list[Cell] | None = None
        self._row_is_header = False
        self._cell: list[str] | None = None
        self._span = 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = {name: value or "" for name, value in attrs}
        if tag == "img":
            self.texts.append(given.get("alt", ""))
            if given.get("src", "").startswith(_DATA_URL_SVG):
                self.texts.extend(svg_texts(given["src"][len(_DATA_URL_SVG) :]))
        if tag in VOID:
            return
        if tag in HIDDEN or self._open:
            self._open.append(tag)
        elif tag == "table":
            self.tables.append(Table())
        elif tag == "tr":
            self._row, self._row_is_header = [], True
        elif tag in ("td", "th") and self._row is not None:
            self._cell, self._span = [], int(given.get("colspan") or 1)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self._open:
            self._open.pop()
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            text = " ".join("".join(self._cell).split())
            self._row.append(Cell(text, self._span, tag == "th"))
            self._row_is_header &= tag == "th"
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            self._end_row(self.tables[-1], self._row)
            self._row = None

    def _end_row(self, table: Table, row: list[Cell]) -> None:
        if self._row_is_header and not table.rows:
            table.header = [cell.text for cell in row]
            table.header_span = sum(cell.span for cell in row)
        else:
            table.rows.append(row)

    def handle_data(self, data: str) -> None:
        if self._open:
            return
        self.texts.append(data)
        if self._cell is not None:
            self._cell.append(data)


def svg_texts(encoded: str) -> list[str]:
    """The texts a static chart (vl-convert's SVG, base64) draws: titles, axes, legends."""
    svg = Page()
    svg.feed(base64.b64decode(encoded).decode("utf-8"))
    return svg.texts


def read_page(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def table_faults(page: Page) -> list[str]:
    """What is not whole in the page's tables."""
    faults = []
    for number, table in enumerate(page.tables, 1):
        where = f"table {number} ({' | '.join(table.header)[:60]})"
        if not table.header:
            faults.append(f"{where}: no header row")
        faults += [
            f"{where}: column {i} has no header" for i, h in enumerate(table.header, 1) if not h
        ]
        for row in table.rows:
            width = sum(cell.span for cell in row)
            if width != table.header_span:
                faults.append(f"{where}: a row of {width} cells under {table.header_span} headers")
            faults += [f"{where}: an empty row header" for c in row if c.is_header and not c.text]
            faults += [f"{where}: cell {c.text!r}" for c in row if NOT_A_VALUE.search(c.text)]
    return faults


def language_faults(page: Page, lang: str, names: Iterable[str]) -> list[str]:
    """Words of the page's other language, once the input names are taken out of its text."""
    text = _without("\n".join(page.texts), names)
    other_language = CJK if lang == "en" else ENGLISH_WORD
    allowed = FILE_FORMATS | labels_words(lang, other_language)
    found = (m for m in other_language.finditer(text) if m.group() not in allowed)
    return [
        f"{match.group()!r} in …{text[max(0, match.start() - 30) : match.end() + 30]}…".replace(
            "\n", " "
        )
        for match in found
    ]


@functools.cache
def doubled_labels() -> re.Pattern:
    """A label's leading word said again by the text it puts it before (示意：示意数据): the
    words of the labels `<word>：{field}` / `<Word>: {field}` of every language, as a pattern.
    A word repeated across a colon in the input's own prose (均未印出年份：年份为推定的…) is
    no label's."""
    printed = [  # the command's lines and the input's problems are never on a page
        {k: v for k, v in labels.labels_of(lang).items() if k not in ("cli", "problem")}
        for lang in settings.LANGUAGES
    ]
    texts = (text for group in printed for text in _strings_in(group))
    words = {m.group(1) for text in texts if (m := re.match(r"([^\s{}：:]{2,})[：:] ?\{", text))}
    alternatives = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    return re.compile(rf"(?<![\w])({alternatives})[：:]\s*\1", re.I)


def wording_faults(page: Page, names: Iterable[str]) -> list[str]:
    """The words of a page a reader must never be shown (FIELD_NAME, SCRIPT_PATH, a doubled
    label, MISSING_WORD), each with its context. A script's path, a doubled label and a
    missing value are faults wherever they come from (the input's notes included: the reader
    sees them); a field name only outside the input's names."""
    text = "\n".join(page.texts)
    found = [
        (m, text)
        for pattern in (SCRIPT_PATH, doubled_labels(), MISSING_WORD)
        for m in pattern.finditer(text)
    ]
    unnamed = _without(text, names)
    found += [
        (m, unnamed) for m in FIELD_NAME.finditer(unnamed) if not SCRIPT_PATH.search(m.group())
    ]
    return [
        f"{m.group()!r} in …{where[max(0, m.start() - 30) : m.end() + 30]}…".replace("\n", " ")
        for m, where in found
    ]


def _without(text: str, names: Iterable[str]) -> str:
    """The text with every input name taken out (the longest first), a line break for each."""
    for name in sorted({n for n in names if n.strip()}, key=len, reverse=True):
        text = text.replace(name, "\n")
    return text


def input_names(figures: PeriodFigures) -> set[str]:
    """Every text of a month's input: the region, the tables' text cells (parks, districts,
    enterprises, projects, industries, issues, parts of breakdowns, notes …), the provenance
    notes, the region profile and its own indicators, the analyst's paragraphs and the names of
    the input files."""
    names = {figures.region, figures.source, *figures.files}
    figure_columns = {
        c.name for spec in TABLES.values() for c in spec.columns if c.kind == "figure"
    }
    for frame in (*(figures.table(name) for name in TABLE_NAMES), figures.provenance):
        for column in frame.columns:
            if column in figure_columns:  # a printed figure kept as text (facts): no name
                continue
            names |= {value for value in frame[column] if isinstance(value, str)}
    names |= set(_strings_in(figures.profile)) | set(_strings_in(figures.regional_indicators))
    return names | set(_markdown_texts(figures.analyst_text))


@functools.cache
def labels_words(lang: str, words: re.Pattern) -> frozenset[str]:
    """What a language's own labels hold of the other language (zh.yml: UTC, git …); the
    command's lines and the input's problems are never on a page."""
    printed = {k: v for k, v in labels.labels_of(lang).items() if k not in ("cli", "problem")}
    texts = _strings_in(printed)
    return frozenset(w for text in texts for w in words.findall(re.sub(r"\{\w*\}", " ", text)))


def manifest_names(manifest: Path) -> set[str]:
    """What the footer quotes from a period's manifest: packages, parameter names (their
    values are the input's), input files, the commit."""
    if not manifest.exists():
        return set()
    written = json.loads(manifest.read_text(encoding="utf-8"))
    commit = written.get("git_commit") or ""  # 1a2b…+dirty
    return {*written["packages"], *written["parameters"], *written["inputs"], commit}


def _strings_in(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):  # its values: keys are codes, never shown
        for item in value.values():
            yield from _strings_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings_in(item)


def _markdown_texts(markdown: str) -> list[str]:
    """The analyst's Markdown as the page shows it: its runs of text between markup."""
    return [part.strip() for part in re.split(r"[\n*_`#>\[\]()]+|^\s*\d+\.\s", markdown) if part]


def page_faults(path: Path, lang: str, names: Iterable[str]) -> list[str]:
    page = read_page(path)
    faults = table_faults(page) + language_faults(page, lang, names) + wording_faults(page, names)
    return [f"{path.parent.name}/{path.name}: {fault}" for fault in faults]


def reports_faults(reports: Path, root: Path, lang: str) -> list[str]:
    """Faults of every page under a reports folder rendered from the data root `root`."""
    faults, every_name = [], set()
    for period in periods.available_periods(root):
        names = input_names(reader.read_period(root, period))
        every_name |= names
        names |= manifest_names(reports / str(period) / "manifest.json")
        for page in PAGES:
            if (reports / str(period) / page).exists():
                faults += page_faults(reports / str(period) / page, lang, names)
    return faults + page_faults(reports / "index.html", lang, every_name)


# --- the rendered pages -------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("lang", settings.LANGUAGES)
def test_every_page_of_the_bundled_year_is_whole(request, lang):
    reports = request.getfixturevalue("bundled_reports" if lang == "zh" else "bundled_reports_en")
    assert (reports / "2011-12" / "parks.html").exists()
    faults = reports_faults(reports, settings.RAW_DATA_DIR, lang)
    assert not faults, f"{len(faults)} faults:\n" + "\n".join(faults)


@pytest.mark.slow
@pytest.mark.parametrize("root", ROOTS, ids=lambda p: p.name)
def test_every_page_of_a_real_bulletin_is_whole(bulletin_reports, root):
    reports = bulletin_reports(root).parent
    faults = reports_faults(reports, root, "zh")
    assert not faults, f"{len(faults)} faults:\n" + "\n".join(faults)


# --- the checks themselves ----------------------------------------------------------------------

BROKEN = """<html><body><p>附表</p>
<table><thead><tr><th>months</th><th>1-2月</th><th></th></tr></thead>
<tbody><tr><td>0.1</td><td>NaN</td><td>None</td></tr><tr><td>inf</td><td>2</td></tr>
<tr><td>贵阳麦架-沙文高新技术产业园</td><td>1.1</td><td>Financial</td></tr>
<tr><th></th><td>0.39</td><td>0.5</td></tr></tbody></table>
<img alt="Chart" src="data:image/svg+xml;base64,{svg}"><script>var nan = NaN;</script>
</body></html>"""
WHOLE = """<html><body><table><thead><tr><th>园区</th><th>1-2月</th></tr></thead>
<tbody><tr><td>贵阳麦架-沙文高新技术产业园</td><td>—</td></tr>
<tr><td>Nanming</td><td></td></tr></tbody></table><a href="x.html">HTML</a></body></html>"""


def _page_of(text: str, tmp_path: Path) -> Page:
    svg = base64.b64encode("<svg><text>累计（亿元）</text></svg>".encode()).decode()
    path = tmp_path / "page.html"
    path.write_text(text.replace("{svg}", svg), encoding="utf-8")
    return read_page(path)


def test_the_checks_see_an_unlabelled_column_a_missing_value_and_a_short_row(tmp_path):
    faults = table_faults(_page_of(BROKEN, tmp_path))
    assert any("column 3 has no header" in f for f in faults), faults
    assert any("'NaN'" in f for f in faults) and any("'None'" in f for f in faults), faults
    assert any("'inf'" in f for f in faults), faults
    assert any("a row of 2 cells under 3 headers" in f for f in faults), faults
    assert sum("an empty row header" in f for f in faults) == 1, faults
    assert table_faults(_page_of(WHOLE, tmp_path)) == []


def test_the_checks_see_the_other_language_but_not_input_names(tmp_path):
    broken, whole = _page_of(BROKEN, tmp_path), _page_of(WHOLE, tmp_path)
    zh = language_faults(broken, "zh", {"贵阳麦架-沙文高新技术产业园"})
    words = sorted(f.split(" in ")[0] for f in zh)
    assert words == ["'Chart'", "'Financial'", "'NaN'", "'None'", "'inf'", "'months'"]
    assert language_faults(whole, "zh", {"Nanming"}) == []
    en = language_faults(broken, "en", {"贵阳麦架-沙文高新技术产业园"})
    assert sorted(f.split(" in ")[0] for f in en) == ["'月'", "'累计（亿元）'", "'附表'"]


# Today's faults (issue 23): a label before a note saying it again, a script named to the reader,
# the library's field names and codes in a sentence, a missing value said as a word.
MISWORDED = """<html><body><ol>
<li>示意：示意数据：由 scripts/generate_demo_year.py 按固定随机种子生成，非公布数据</li>
<li>Illustrative: illustrative data generated by scripts/generate_demo_year.py</li>
<li>落后时间进度 growth_pct 个百分点，gap_amount 为 None</li>
<li>industrial_output: 192.1 billion yuan; growth nan%</li>
<li>贵阳_一号园区 completed 0.754 billion yuan.</li></ol></body></html>"""
WORDED = """<html><body><p>数据来源：示意数据，非公布数据：按固定随机种子（20110309）生成。</p>
<p>示意：按季节性示意分解，12月等于年度目标</p><p>Illustrative: a seasonal decomposition</p>
<p>None of this period's figures fell.</p><p>贵阳_一号园区 completed 0.754 billion yuan.</p>
<p>两篇均未印出年份：年份为推定的2011年</p>
<p>输入文件：2011-08/meta.yml，briefing.ipynb</p></body></html>"""


def test_the_checks_see_field_names_script_paths_doubled_labels_and_missing_values(tmp_path):
    park = "贵阳_一号园区"  # an input name with an underscore: not a code
    faults = wording_faults(_page_of(MISWORDED, tmp_path), {park})
    words = sorted(f.split(" in ")[0] for f in faults)
    assert words == sorted(
        [
            "'scripts/generate_demo_year.py'",
            "'scripts/generate_demo_year.py'",
            "'示意：示意'",
            "'Illustrative: illustrative'",
            "'growth_pct'",
            "'gap_amount'",
            "'industrial_output'",
            "'None'",
            "'nan'",
        ]
    ), faults
    assert wording_faults(_page_of(WORDED, tmp_path), {park}) == []
