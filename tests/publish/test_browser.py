"""The rendered briefings and the index in a real browser, offline: Debian's headless Chromium
driven by Playwright opens each file with every other request blocked, and the charts must be
drawn live, show values on hover, the text must be set in a CJK font, and the console must stay
clean. A full-page screenshot of each is left in the artefacts folder (conftest: `artifacts_dir`).

The briefings come from one `briefing batch` of the bundled year per session (conftest:
`bundled_reports`)."""

import re
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from industry_briefing.briefing import labels
from industry_briefing.core import periods, settings

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PERIODS = [str(p) for p in periods.available_periods(settings.RAW_DATA_DIR)]
TIMEOUT_MS = 20_000
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
CJK_FAMILIES = ("Noto Sans CJK", "Noto Serif CJK")
CJK = re.compile(r"[\u4e00-\u9fff]")
MARKS = ".mark-rect path, .mark-line path, .mark-symbol path, .mark-area path"

# Per chart: is it live (vega-embed drew it), and the size and marks of the SVG it drew.
CHARTS_JS = """(marks) => [...document.querySelectorAll('.briefing-chart')].map((chart) => {
  const svg = chart.querySelector('.vega-embed svg');
  const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
  return {
    live: chart.classList.contains('briefing-chart-live'),
    title: (chart.querySelector('img.briefing-chart-static') || {}).alt || '',
    width: box.width, height: box.height,
    marks: svg ? svg.querySelectorAll(marks).length : 0,
  };
})"""
ALL_LIVE_JS = """() => {
  const charts = document.querySelectorAll('.briefing-chart').length;
  return charts > 0 && document.querySelectorAll('.briefing-chart-live').length === charts;
}"""
# Tag the first element of each selector whose own text is Chinese, for the CDP font query.
TAG_CJK_JS = """(selectors) => selectors.map((selector, i) => {
  const hit = [...document.querySelectorAll(selector)].find((el) =>
    /[\\u4e00-\\u9fff]/.test(el.textContent) && el.getBoundingClientRect().width > 0);
  if (hit) { hit.setAttribute('data-cjk-probe', String(i)); }
  return Boolean(hit);
})"""


@dataclass
class Visit:
    """A page opened offline, and everything it asked for or complained about."""

    page: Page
    url: str
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    @property
    def outside(self) -> list[str]:
        """Requests for anything but the file itself (inline data: and blob: URLs aside)."""
        return [u for u in self.requests if u != self.url and not u.startswith(("data:", "blob:"))]

    def assert_offline_and_clean(self) -> None:
        assert self.requests[:1] == [self.url]
        assert self.outside == [], f"requests leaving {self.url}: {self.outside}"
        assert self.blocked == [], f"blocked requests: {self.blocked}"
        assert self.failed == [], f"failed requests: {self.failed}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"
        assert self.page_errors == [], f"page errors: {self.page_errors}"


@pytest.fixture(scope="module")
def screenshots(artifacts_dir) -> Path:
    path = artifacts_dir / "browser"
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def visit(browser: Browser, path: Path, viewport: dict[str, int] = DESKTOP):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    seen = Visit(page, path.as_uri())

    def route(route):
        url = route.request.url
        if url == seen.url or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            seen.blocked.append(url)
            route.abort("blockedbyclient")

    def console(message):
        if message.type == "error" or "chart kept static" in message.text:
            seen.console_errors.append(f"{message.type}: {message.text}")

    context.route("**/*", route)
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("requestfailed", lambda r: seen.failed.append(f"{r.url}: {r.failure}"))
    page.on("console", console)
    page.on("pageerror", lambda error: seen.page_errors.append(str(error)))
    try:
        page.goto(seen.url, wait_until="load")
        page.evaluate("document.fonts.ready.then(() => document.fonts.status)")
        yield seen
    finally:
        context.close()


def wait_for_live_charts(page: Page) -> None:
    try:
        page.wait_for_function(ALL_LIVE_JS, timeout=TIMEOUT_MS)
    except PlaywrightTimeout:
        charts = page.evaluate(CHARTS_JS, MARKS)
        not_live = [c["title"] for c in charts if not c["live"]]
        pytest.fail(
            f"vega-embed did not draw every chart within {TIMEOUT_MS / 1000:.0f} s "
            f"({len(charts)} charts; not drawn: {not_live})"
        )


def platform_fonts(page: Page, selectors: list[str]) -> dict[str, list[str]]:
    """The fonts Chromium really used (CDP CSS.getPlatformFontsForNode) for the first element of
    each selector that holds Chinese text."""
    tagged = page.evaluate(TAG_CJK_JS, selectors)
    missing = [s for s, hit in zip(selectors, tagged, strict=True) if not hit]
    assert not missing, f"no visible element with Chinese text for {missing}"
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        used = {}
        for i, selector in enumerate(selectors):
            node = cdp.send(
                "DOM.querySelector", {"nodeId": root, "selector": f'[data-cjk-probe="{i}"]'}
            )["nodeId"]
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            used[selector] = [font["familyName"] for font in fonts]
        return used
    finally:
        cdp.detach()


def assert_cjk_fonts(page: Page, selectors: list[str]) -> None:
    declared = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert declared.startswith('"Noto Sans CJK SC"'), declared
    used = platform_fonts(page, selectors)
    for selector, families in used.items():
        assert families, f"Chromium reports no font for {selector}"
        wrong = [f for f in families if not f.startswith(CJK_FAMILIES)]
        assert not wrong, f"{selector} is drawn in {families}, not a Noto CJK font"


def screenshot(page: Page, where: Path) -> Path:
    page.screenshot(path=where, full_page=True)
    assert where.stat().st_size > 50_000, f"{where} looks empty"
    return where


@pytest.mark.parametrize("period", PERIODS)
def test_briefing_opens_offline_with_live_charts_in_a_cjk_font(
    browser, bundled_reports, screenshots, period
):
    with visit(browser, bundled_reports / period / "briefing.html") as seen:
        page = seen.page
        wait_for_live_charts(page)
        screenshot(page, screenshots / f"{period}.png")
        charts = page.evaluate(CHARTS_JS, MARKS)
        assert len(charts) >= 2
        for chart in charts:
            assert chart["width"] > 100 and chart["height"] > 50, chart
            assert chart["marks"] > 0, f"chart drawn without marks: {chart}"
        specs = page.locator("script.briefing-chart-spec").count()
        assert len(charts) == specs
        title = page.locator("h1").first.inner_text()
        assert f"（{period[:4]}年1-" in title and title.startswith("贵阳市")
        assert page.get_by_text("规模以上工业总产值").count() > 0
        assert_cjk_fonts(
            page,
            [
                "h1",
                ".jp-RenderedHTMLCommon p",
                ".jp-RenderedHTMLCommon th",
                ".briefing-chart .vega-embed svg .role-title-text text",
            ],
        )
        seen.assert_offline_and_clean()


@pytest.mark.parametrize("topic", ["operation", "investment", "parks"])
def test_topic_pages_beside_the_briefing_open_offline_with_live_charts(
    browser, bundled_reports, screenshots, topic
):
    period = PERIODS[-1]
    with visit(browser, bundled_reports / period / f"{topic}.html") as seen:
        page = seen.page
        wait_for_live_charts(page)
        screenshot(page, screenshots / f"{period}-{topic}.png")
        charts = page.evaluate(CHARTS_JS, MARKS)
        assert charts and len(charts) == page.locator("script.briefing-chart-spec").count()
        assert all(chart["marks"] > 0 for chart in charts), charts
        assert page.locator("h1").first.inner_text().startswith("贵阳市1-12月")
        assert_cjk_fonts(page, ["h1", ".jp-RenderedHTMLCommon p"])
        seen.assert_offline_and_clean()


def test_hovering_a_bar_shows_its_value(browser, bundled_reports, screenshots):
    with visit(browser, bundled_reports / "2011-02" / "briefing.html") as seen:
        page = seen.page
        wait_for_live_charts(page)
        bar = page.locator(".briefing-chart-live .vega-embed svg .mark-rect path").first
        bar.scroll_into_view_if_needed()
        bar.hover()
        tooltip = page.locator("#vg-tooltip-element.visible")
        try:
            tooltip.wait_for(state="visible", timeout=5_000)
        except PlaywrightTimeout:
            pytest.fail("no vega tooltip appeared within 5 s of hovering a bar")
        page.screenshot(path=screenshots / "2011-02-tooltip.png")  # the viewport, tooltip shown
        text = tooltip.inner_text()
        assert CJK.search(text), text  # the name of the bar
        assert re.search(r"\d+(\.\d+)?%", text), text  # and its value
        assert "15.15%" in text  # the first bar: 规模以上工业总产值, 为全年目标任务的15.15%
        seen.assert_offline_and_clean()


def test_index_opens_offline_with_its_trend_and_links(browser, bundled_reports, screenshots):
    index = bundled_reports / "index.html"
    with visit(browser, index) as seen:
        page = seen.page
        screenshot(page, screenshots / "index.png")
        trend = page.locator(".trend svg").first
        box = trend.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 50, box
        assert trend.locator(MARKS).count() > 0
        links = page.eval_on_selector_all("a[href$='briefing.html']", "as => as.map(a => a.href)")
        assert len(links) == len(PERIODS)
        topics = page.eval_on_selector_all("a[href$='parks.html']", "as => as.map(a => a.href)")
        assert (bundled_reports / PERIODS[-1] / "parks.html").as_uri() in topics
        assert len(topics) == len(PERIODS)
        for period in PERIODS:
            assert (bundled_reports / period / "briefing.html").as_uri() in links
        assert_cjk_fonts(page, ["h1", "th", "td"])
        seen.assert_offline_and_clean()


# Per table on the page: does it fit the screen, or does its box scroll sideways and say so
# (the hint above it: the box's ::before in a briefing, a .scroll-hint in the index)?
TABLES_JS = """() => [...document.querySelectorAll('table')].map((table) => {
  const screen = document.documentElement.clientWidth;
  const box = table.closest('.briefing-table-scroll, .table-scroll');
  const fits = table.getBoundingClientRect().right <= screen + 1
    && (!box || box.scrollWidth <= box.clientWidth + 1);
  if (fits || !box) { return {fits, scrolls: false, hint: ''}; }
  const before = getComputedStyle(box).overflowX;
  box.scrollLeft = 40;
  const scrolled = box.scrollLeft;
  box.scrollLeft = 0;
  const marker = getComputedStyle(box, '::before');
  const note = box.querySelector('.scroll-hint');
  const hint = marker.display !== 'none' && marker.content !== 'none' ? marker.content
    : (note && note.offsetWidth > 0 ? note.textContent : '');
  return {fits, scrolls: before === 'auto' && scrolled > 0
    && box.getBoundingClientRect().right <= screen + 1, hint};
})"""
# The height on screen of every text a drawn chart shows (the live charts, the index's trend).
CHART_TEXT_JS = """() => [...document.querySelectorAll(
    '.briefing-chart-live .vega-embed svg text, .trend svg text')]
  .filter((t) => t.textContent.trim() && t.getBoundingClientRect().width > 0)
  .map((t) => ({text: t.textContent, height: t.getBoundingClientRect().height}))"""


@pytest.mark.parametrize("page_name", ["briefing.html", "parks.html", "index.html"])
def test_on_a_phone_tables_scroll_visibly_and_charts_are_legible(
    browser, bundled_reports, screenshots, page_name
):
    """390 px wide: every table fits or scrolls in its own box under the hint 左右滑动查看 (the
    page itself does not scroll sideways), and every chart's text is 10 px tall or more."""
    path = bundled_reports / (page_name if page_name == "index.html" else f"2011-12/{page_name}")
    with visit(browser, path, PHONE) as seen:
        page = seen.page
        if page_name != "index.html":
            wait_for_live_charts(page)
        screenshot(page, screenshots / f"phone-{page_name.replace('.html', '')}.png")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        tables = page.evaluate(TABLES_JS)
        assert tables, "no table on the page"
        wide = [t for t in tables if not t["fits"]]
        assert wide, "no table wider than a phone: the check of the hint saw nothing"
        hint = labels.label("page.scroll_hint", "zh")
        for table in wide:
            assert table["scrolls"] and hint in table["hint"], table
        texts = page.evaluate(CHART_TEXT_JS)
        assert texts, "no chart text drawn"
        small = [t for t in texts if t["height"] < 10]
        assert not small, f"chart text under 10 px tall on a phone: {small[:5]}"
        seen.assert_offline_and_clean()


def test_a_missing_file_is_reported_not_hidden(browser, tmp_path):
    """The checks above would see a request that does not come back (the detector works)."""
    page_file = tmp_path / "p.html"
    page_file.write_text(
        '<html><body><img src="gone.png"><img src="https://example.invalid/x.png"></body></html>',
        encoding="utf-8",
    )
    with visit(browser, page_file) as seen:
        seen.page.wait_for_load_state("load")
    assert sorted(seen.blocked) == [
        (tmp_path / "gone.png").as_uri(),
        "https://example.invalid/x.png",
    ]
    with pytest.raises(AssertionError, match="requests leaving"):
        seen.assert_offline_and_clean()


def test_the_browser_is_debians_chromium(browser):
    shown = subprocess.run(
        ["/usr/bin/chromium", "--version"], capture_output=True, text=True, timeout=60
    )
    assert f"Chromium {browser.version}" in shown.stdout, (browser.version, shown.stdout)
