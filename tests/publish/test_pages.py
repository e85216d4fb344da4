"""Pages a reader can move between, in either language: each briefing's links (index, PDF,
topic pages, previous and next period), the topic pages' links back, the index grouped by
region and year with one trend line per year, and footers and indexes whose words are all in
the page's language."""

import html
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
import vl_convert

from industry_briefing.briefing import labels
from industry_briefing.core import settings
from industry_briefing.publish import index, manifest, nav

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
PERIODS = ("2011-11", "2011-12", "2012-01")
REGION = "贵阳市"
PAGE = f"<html><body><main>{nav.START}{nav.END}<p>…</p></main></body></html>"


class Links(HTMLParser):
    """The links of a page's nav, and all its text outside tags."""

    def __init__(self, html_text: str) -> None:
        super().__init__()
        self.in_nav, self.hrefs, self.rels, self.text = False, [], {}, []
        self.feed(html_text)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.in_nav |= tag == "nav" and attributes.get("class") == "briefing-nav"
        if tag == "a" and self.in_nav:
            self.hrefs.append(attributes["href"])
            if "rel" in attributes:
                self.rels[attributes["rel"]] = attributes["href"]

    def handle_endtag(self, tag):
        if tag == "nav":
            self.in_nav = False

    def handle_data(self, data):
        self.text.append(data)


def nav_links(page: Path) -> Links:
    return Links(page.read_text(encoding="utf-8"))


def unresolved(page: Path, hrefs: list[str]) -> list[str]:
    return [href for href in hrefs if not (page.parent / unquote(href)).resolve().is_file()]


def headline(output_pct: float) -> dict:
    return {
        "indicators": [
            {"name": "规模以上工业总产值", "value_text": "1亿元", "completion_pct": output_pct},
            {"name": "工业投资", "value_text": "1亿元", "completion_pct": output_pct / 2},
        ]
    }


def fake_reports(root: Path, lang: str = "zh", topics: tuple[str, ...] = ("parks",)) -> Path:
    """A region's reports as a batch leaves them: three periods across a new year, each with
    its briefing (HTML with the nav markers, PDF) and some topic pages."""
    for number, period in enumerate(PERIODS):
        folder = root / period
        folder.mkdir(parents=True)
        for name in ("briefing.html", *(f"{t}.html" for t in topics)):
            (folder / name).write_text(PAGE, encoding="utf-8")
        (folder / "briefing.pdf").write_bytes(b"%PDF")
        good = {
            "period": period,
            "region": REGION,
            "parameters": {"lang": lang},
            "headline": headline([90.0, 101.0, 9.0][number]),
        }
        manifest.write(folder, manifest.MANIFEST, good)
    return root


# --- the links ----------------------------------------------------------------------------------


def test_each_briefing_links_the_index_its_pdf_topics_and_neighbours_that_exist(tmp_path):
    reports = fake_reports(tmp_path / "reports")
    changed = nav.write_navigation(reports, reports / index.INDEX)
    assert changed == 6  # three briefings, three topic pages
    (reports / index.INDEX).write_text("<html></html>", encoding="utf-8")
    december = nav_links(reports / "2011-12" / "briefing.html")
    assert december.hrefs == [
        "../index.html",
        "briefing.pdf",
        "parks.html",
        "../2011-11/briefing.html",
        "../2012-01/briefing.html",
    ]
    assert december.rels == {"prev": "../2011-11/briefing.html", "next": "../2012-01/briefing.html"}
    text = "".join(december.text)
    assert "← 上一期：2011年1-11月" in text and "下一期：2012年1月 →" in text
    first, last = (nav_links(reports / p / "briefing.html") for p in ("2011-11", "2012-01"))
    assert set(first.rels) == {"next"} and set(last.rels) == {"prev"}
    for period in PERIODS:
        for page in (reports / period).glob("*.html"):
            assert not unresolved(page, nav_links(page).hrefs), page


def test_a_topic_page_links_back_to_its_briefing_and_the_index(tmp_path):
    reports = fake_reports(tmp_path / "reports", topics=("operation", "parks"))
    nav.write_navigation(reports, reports / index.INDEX)
    links = nav_links(reports / "2011-12" / "parks.html")
    assert links.hrefs == ["../index.html", "briefing.html", "operation.html"]
    assert "← 本期简报" in "".join(links.text) and not links.rels


def test_a_briefing_with_its_tables_beside_it_links_the_spreadsheet_there_and_in_the_index(
    tmp_path,
):
    reports = fake_reports(tmp_path / "reports")
    (reports / "2011-12" / settings.TABLES_WORKBOOK).write_bytes(b"PK")  # only December's
    nav.write_navigation(reports, reports / index.INDEX)
    december = nav_links(reports / "2011-12" / "briefing.html")
    assert december.hrefs[:3] == ["../index.html", "briefing.pdf", "tables.xlsx"]
    assert "Excel" in december.text
    assert "tables.xlsx" not in nav_links(reports / "2011-11" / "briefing.html").hrefs
    assert "tables.xlsx" not in nav_links(reports / "2011-12" / "parks.html").hrefs
    page = index.write_index(reports / index.INDEX, [index.RegionReports("", reports, "")])
    text = page.read_text(encoding="utf-8")
    assert text.count('href="2011-12/tables.xlsx">Excel</a>') == 1
    assert "2011-11/tables.xlsx" not in text


def test_links_are_in_the_language_the_period_was_rendered_in(tmp_path):
    reports = fake_reports(tmp_path / "reports", lang="en")
    nav.write_navigation(reports, tmp_path / index.INDEX)  # a named region: the index above
    links = nav_links(reports / "2011-12" / "briefing.html")
    assert links.hrefs[0] == "../../index.html"
    text = "".join(links.text)
    assert "← Previous: January–November 2011" in text and "Next: January 2012 →" in text
    assert not CJK.search(text)


def test_a_month_added_later_links_its_neighbour_without_rendering_it_again(tmp_path):
    reports = fake_reports(tmp_path / "reports")
    january = reports / "2012-01"
    moved = tmp_path / "later"
    shutil.move(january, moved)
    nav.write_navigation(reports, reports / index.INDEX)
    december = reports / "2011-12" / "briefing.html"
    assert "next" not in nav_links(december).rels  # no link to a page that does not exist
    shutil.move(moved, january)
    assert nav.write_navigation(reports, reports / index.INDEX) == 3  # 2011-12 and 2012-01's
    assert nav_links(december).rels["next"] == "../2012-01/briefing.html"
    assert nav.write_navigation(reports, reports / index.INDEX) == 0  # nothing left to change


def test_the_shared_page_has_the_markers_and_the_pdf_variant_has_no_links():
    nbformat = pytest.importorskip("nbformat")
    from industry_briefing.publish import export

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 标题")])
    shared = export._render(notebook, export.SHARED, "标题", "", "", "zh")
    printed = export._render(notebook, export.PRINT, "标题", "", "", "zh")
    assert shared.count(nav.START) == 1 and shared.count(nav.END) == 1
    assert nav.START not in printed and "briefing-nav" not in printed


def test_the_shared_page_carries_the_long_tables_script_in_its_language_and_the_pdf_none():
    nbformat = pytest.importorskip("nbformat")
    from industry_briefing.publish import export

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 标题")])
    for lang, shown, total in (
        ("zh", "第 {first}–{last} 行", "合计"),
        ("en", "Rows {first}", "Total"),
    ):
        shared = export._render(notebook, export.SHARED, "标题", "", "", lang)
        words = re.search(r'id="briefing-table-words"[^>]*>([^<]*)</script>', shared)
        assert words is not None, lang
        assert shown in json.loads(words.group(1))["shown"]
        assert json.loads(words.group(1))["total"] == total
        assert "briefing-table-paged" in shared and 'className += " briefing-js"' in shared
    printed = export._render(notebook, export.PRINT, "标题", "", "", "zh")
    assert "briefing-table-words" not in printed and "briefing-js" not in printed


def test_a_charts_picture_is_named_by_its_title_or_its_views_titles():
    """The static picture's alt text (and the chart's name in the browser tests): a brushed
    timeline has no title of its own, its two views have theirs."""
    from industry_briefing.publish import export

    assert export._chart_title({"title": {"text": ["图1", "续"]}}) == "图1 续"
    stacked = {"vconcat": [{"title": "各园区合计"}, {"title": "所选各期"}]}
    assert export._chart_title(stacked) == "各园区合计 所选各期"
    assert export._chart_title(None) == ""


# --- the index ----------------------------------------------------------------------------------


def test_index_groups_by_region_and_year_and_labels_periods_with_their_year(tmp_path):
    reports = fake_reports(tmp_path / "reports")
    page = index.write_index(reports / index.INDEX, [index.RegionReports("", reports, "")])
    text = page.read_text(encoding="utf-8")
    assert '<html lang="zh">' in text
    headings = re.findall(r"<h([23])>([^<]*)</h\1>", text)
    assert headings == [("2", REGION), ("3", "2012年"), ("3", "2011年")]
    labels = re.findall(r"<tr>\s*<td>([^<]*)</td>", text)
    assert labels == ["2012年1月", "2011年1-12月", "2011年1-11月"]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", ["部分示意", "示意数据", "公布数据"]),
        ("en", ["Partly illustrative", "Illustrative", "Published figures"]),
    ],
)
def test_index_status_says_a_month_of_illustrative_figures_is_one(tmp_path, lang, words):
    """From the provenance each manifest records: every table illustrative, some columns
    illustrative (the published seed), all published."""
    reports = fake_reports(tmp_path / "reports", lang=lang)
    summaries = {
        "2012-01": {"indicators": ["published", "derived"], "parks": ["published", "illustrative"]},
        "2011-12": {"indicators": ["illustrative", "derived"], "parks": ["illustrative"]},
        "2011-11": {"indicators": ["published"], "parks": ["published", "derived"]},
    }
    for period, provenance in summaries.items():
        good = manifest.read(reports / period) or {}
        manifest.write(reports / period, manifest.MANIFEST, {**good, "provenance": provenance})
    page = index.write_index(reports / index.INDEX, [index.RegionReports("", reports, "")], lang)
    text = page.read_text("utf-8")
    statuses = re.findall(r'<span class="(ok|illustrative)" title="([^"]*)">([^<]*)</span>', text)
    assert [word for _, _, word in statuses] == words  # newest first
    assert [kind for kind, _, _ in statuses] == ["illustrative", "illustrative", "ok"]
    # What each status means, on hover and once under the tables.
    meanings = labels.lookup("index.meaning", lang)
    assert [html.unescape(title) for _, title, _ in statuses] == [
        meanings["partly"],
        meanings["illustrative"],
        meanings["ok"],
    ]
    [note] = re.findall(r'<p class="notes status-meaning">([^<]*)</p>', text)
    for kind in ("ok", "partly", "illustrative"):
        assert meanings[kind] in html.unescape(note)
    assert meanings["failed"] not in html.unescape(note)  # no month failed


def test_index_puts_each_periods_links_before_its_figures(tmp_path):
    """On a phone the period and its links are on the first screen, the figures to the right."""
    reports = fake_reports(tmp_path / "reports")
    text = index.write_index(reports / index.INDEX, [index.RegionReports("", reports, "")])
    text = text.read_text(encoding="utf-8")
    headers = re.findall(r"<th>([^<]*)</th>", text)
    assert headers[:3] == ["期别", "简报", "状态"]
    first_row = text[text.index("<tbody>") : text.index("</tr>", text.index("<tbody>"))]
    cells = re.findall(r"<td( class=\"\w+\")?>", first_row)
    assert cells[:3] == ["", ' class="links"', ' class="status"']


def test_a_year_keeps_its_colour_in_the_trend_whatever_years_are_added():
    def colours(years: list[int]) -> dict[str, str]:
        rows = [
            {
                "year": year,
                "month": month,
                "indicators": [{"name": "工业投资", "completion_pct": 5.0}],
            }
            for year in years
            for month in (2, 3)
        ]
        scale = index.trend_spec(rows, "zh")["spec"]["encoding"]["color"]["scale"]
        return dict(zip(scale["domain"], scale["range"], strict=True))

    alone = colours([2011])
    assert colours([2011, 2012])["2011"] == alone["2011"]
    assert colours([2010, 2011, 2012])["2011"] == alone["2011"]
    assert len(set(colours([2010, 2011, 2012]).values())) == 3


def test_every_panel_of_the_trend_has_its_own_axes():
    rows = [
        {"year": 2011, "month": m, "indicators": [{"name": n, "completion_pct": 5.0 * m}]}
        for m in (2, 3)
        for n in ("规模以上工业总产值", "工业投资")
    ]
    spec = index.trend_spec(rows, "zh")
    assert spec["resolve"]["axis"] == {"x": "independent", "y": "independent"}
    svg = vl_convert.vegalite_to_svg(spec)
    assert svg.count(">完成年度目标（%）</text>") == 2  # the y axis title, on both panels


def test_index_trend_draws_one_line_per_year_by_month_of_the_year(tmp_path):
    reports = fake_reports(tmp_path / "reports")
    rows = index._region(index.RegionReports("", reports, ""), "zh")["years"]
    spec = index.trend_spec([row for year in rows for row in year["rows"]], "zh")
    encoding = spec["spec"]["encoding"]
    assert encoding["x"]["field"] == "month" and encoding["color"]["field"] == "year"
    assert spec["facet"]["field"] == "name"  # a panel per indicator
    [values] = spec["datasets"].values()
    series = {(v["name"], v["year"]): [] for v in values}
    for v in values:
        series[v["name"], v["year"]].append((v["month"], v["completion"]))
    assert series[("规模以上工业总产值", "2011")] == [(12, 101.0), (11, 90.0)]
    assert series[("规模以上工业总产值", "2012")] == [(1, 9.0)]  # not joined to December


def test_english_index_has_english_words_only(tmp_path):
    reports = fake_reports(tmp_path / "reports", lang="en")
    page = index.write_index(reports / index.INDEX, [index.RegionReports("", reports, "")], "en")
    text = page.read_text(encoding="utf-8")
    assert '<html lang="en">' in text
    assert "January 2012" in text and "January–December 2011" in text
    words = "".join(Links(text).text)
    for name in (REGION, "规模以上工业总产值", "工业投资", "1亿元"):  # the input's, as written
        words = words.replace(name, "")
    assert not CJK.findall(words)


def test_english_index_names_the_region_in_english_where_the_profile_does(tmp_path):
    reports = fake_reports(tmp_path / "reports", lang="en")
    for period in PERIODS:
        good = manifest.read(reports / period)
        good["headline"]["region_name"] = "Guiyang"  # the briefing's summary, in English
        manifest.write(reports / period, manifest.MANIFEST, good)
    page = index.write_index(reports / index.INDEX, [index.RegionReports("", reports, "")], "en")
    headings = re.findall(r"<h2>([^<]*)</h2>", page.read_text(encoding="utf-8"))
    assert headings == ["Guiyang"]


# --- the footer ---------------------------------------------------------------------------------


def built_manifest(lang: str) -> dict:
    return {
        "period": "2011-12",
        "inputs": {"2011-12/meta.yml": "ab" * 32},
        "provenance": {"indicators": ["illustrative", "derived"], "parks": ["published"]},
        "parameters": {"period": "2011-12", "region": REGION, "lang": lang},
        "packages": {"pandas": "3.1.1"},
        "git_commit": "",
        "fingerprint": "f" * 64,
        "started_at": "2011-12-31T00:00:00+00:00",
    }


def test_chinese_footer_says_the_nature_of_the_data_in_chinese():
    footer = manifest.footer_html(built_manifest("zh"), "zh")
    assert "数据性质：指标表：示意数（部分单元格为推算数）；园区表：公布数" in footer
    nature = re.search(r"数据性质：([^<]*)", footer).group(1)
    assert not re.search(r"[A-Za-z]", nature)


def test_english_footer_has_no_chinese_but_input_names():
    footer = manifest.footer_html(built_manifest("en"), "en")
    assert (
        "Nature of the data: indicators: illustrative (some cells derived); parks: published"
        in (footer)
    )
    assert "How this briefing was made" in footer and "(not a git checkout)" in footer
    assert not CJK.findall(footer.replace(REGION, ""))


# --- rendered: a batch in English across a new year ---------------------------------------------


@pytest.mark.slow
def test_english_batch_across_a_new_year_links_every_page_and_says_everything_in_english(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(settings.RAW_DATA_DIR / "profile.yml", raw / "profile.yml")
    shutil.copytree(settings.RAW_DATA_DIR / "2011-12", raw / "2011-12")
    january = raw / "2012-01"  # the published January–February, as a January a year on
    shutil.copytree(settings.RAW_DATA_DIR / "2011-02", january)
    meta = january / "meta.yml"
    meta.write_text(meta.read_text(encoding="utf-8").replace('"2011-02"', '"2012-01"'), "utf-8")
    command = [
        sys.executable, "-m", "industry_briefing", "batch", "--lang", "en", "--jobs", "2",
        "--data-dir", str(raw),
        "--warehouse", str(tmp_path / "w.duckdb"),
        "--reports-dir", str(tmp_path / "reports"),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    reports = tmp_path / "reports"
    for period in ("2011-12", "2012-01"):
        for page in (reports / period).glob("*.html"):
            links = nav_links(page)
            assert links.hrefs and not unresolved(page, links.hrefs), page
    december = reports / "2011-12" / "briefing.html"
    assert nav_links(december).rels == {"next": "../2012-01/briefing.html"}
    html_text = december.read_text(encoding="utf-8")
    assert "<title>Guiyang Industrial Economy Briefing, January–December 2011</title>" in html_text
    footer = html_text[html_text.index('<footer class="briefing-footer">') :]
    footer = footer[: footer.index("</footer>")]
    assert "How this briefing was made" in footer
    assert not CJK.findall(footer.replace(REGION, ""))
    notes = re.search(r"Source: illustrative data, not published figures[^<]*", html_text)
    assert notes is not None
    assert "Derived: as in 2011-02: computed from the shares of the targets" in html_text
    index_text = (reports / index.INDEX).read_text(encoding="utf-8")
    assert '<html lang="en">' in index_text
    assert re.findall(r"<h3>([^<]*)</h3>", index_text) == ["2012", "2011"]
    index_words = "".join(Links(re.sub(r"<svg.*</svg>", "", index_text, flags=re.S)).text)
    assert "Industrial output" in index_words
    assert not CJK.findall(index_words.replace(REGION, ""))  # the headline figures in English
    summary = json.loads((reports / "2011-12" / "manifest.json").read_text(encoding="utf-8"))
    assert summary["parameters"]["lang"] == "en"
