"""A month's pages as their readers see them, in a real browser, offline (Debian's headless
Chromium driven by Playwright, every other request blocked), on a phone (390 px, a touch
screen) and a desktop (1280 px), in Chinese and in English.

Every chart of the month's briefing, topic pages and index: no text of it outside its drawing
and no drawing outside its box (nothing clipped); a legend wherever it draws more than one kind
of mark or colours by series; tooltips, shown by hovering on a desktop and by a tap on the
phone, that say names, periods and figures in the labels' words: never a field's name, a
release as YYYY-MM or a bare month number, a figure without its unit. Tables: figures right,
text left; on a desktop none scrolls sideways. The index: each period's links on a phone's
first screen.

The Chinese pages are the session's year (conftest: `bundled_reports`); the English ones the
session's English months (conftest: `bundled_reports_en`: 2011-08, 2011-09 and 2011-12). A
screenshot of each page and of a tooltip is left in the artefacts folder (`artifacts_dir`)."""

import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PERIOD = "2011-09"
PAGES = ["briefing.html", "operation.html", "investment.html", "parks.html", "index.html"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
TIMEOUT_MS = 20_000
ALL_LIVE_JS = """() => document.querySelectorAll('.briefing-chart').length
  === document.querySelectorAll('.briefing-chart-live').length"""

# Per drawn chart (a live chart, the index's trend as the screen shows it): its title, the
# texts outside its drawing, whether the drawing is wider than its box or the screen, whether
# it has a legend and whether its spec asks for one (two kinds of mark or more, text aside,
# or a series told apart by colour, dash or opacity).
CHARTS_JS = """() => {
  const screen = document.documentElement.clientWidth;
  const drawn = [...document.querySelectorAll('.briefing-chart')].map((chart) => ({
    chart, svg: chart.querySelector('.vega-embed svg'),
    spec: JSON.parse((chart.querySelector('script.briefing-chart-spec') || {}).textContent
      || 'null')}))
    .concat([...document.querySelectorAll('.trend')].filter((t) => t.offsetWidth > 0)
      .map((trend) => ({chart: trend, svg: trend.querySelector('svg'), spec: null})));
  // Whether a view asks for a legend: two kinds of mark or more in it (text aside), or a
  // field told apart by colour, dash, opacity or shape; views side by side ask each alone.
  const asks = (view) => {
    if (!view || typeof view !== 'object') { return false; }
    const parts = ['vconcat', 'hconcat', 'concat'].flatMap((k) => view[k] || []);
    if (parts.length) { return parts.some(asks); }
    const kinds = new Set();
    let legends = 0;
    const walk = (layer) => {
      const mark = typeof layer.mark === 'string' ? layer.mark : (layer.mark || {}).type;
      if (mark && mark !== 'text') { kinds.add(mark); }
      for (const [channel, def] of Object.entries(layer.encoding || {})) {
        if (['color', 'strokeDash', 'opacity', 'shape'].includes(channel) && def
            && def.field && def.legend !== null) { legends += 1; }
      }
      (layer.layer || []).forEach(walk);
      if (layer.spec) { walk(layer.spec); }
    };
    walk(view);
    return kinds.size > 1 || legends > 0;
  };
  return drawn.map(({chart, svg, spec}) => {
    const box = svg ? svg.getBoundingClientRect() : null;
    const room = chart.getBoundingClientRect();
    const texts = svg ? [...svg.querySelectorAll('text')]
      .filter((t) => t.textContent.trim() && t.getBoundingClientRect().width > 0) : [];
    const outside = box ? texts.filter((t) => {
      const r = t.getBoundingClientRect();
      return r.left < box.left - 1 || r.right > box.right + 1
        || r.top < box.top - 1 || r.bottom > box.bottom + 1;
    }).map((t) => t.textContent) : [];
    const title = spec ? [].concat((spec.title && spec.title.text) || spec.title
      || ((spec.vconcat || [])[0] || {}).title || '').join('') : 'trend';
    return {
      title, drawn: Boolean(box), outside,
      wider: box ? box.left < room.left - 1 || box.right > room.right + 1
        || box.right > screen + 1 : true,
      texts: texts.length,
      legend: svg ? svg.querySelectorAll('.role-legend .role-legend-label text').length : 0,
      asks: spec ? asks(spec) : true,  // the index's trend: a line per year
    };
  });
}"""
# The first item of each group of marks of a chart (not its legend's, axes' or title's): how
# many there are, and the `n`th scrolled into view, as a point to hover or tap (on its box's
# left, inside a bar however short).
MARKS_JS = """(index) => {
  const svg = document.querySelectorAll('.briefing-chart')[index].querySelector('.vega-embed svg');
  const kinds = new Set();
  return [...svg.querySelectorAll('g.role-mark')]
    .filter((g) => !g.closest('.role-legend, .role-axis, .role-title'))
    .map((g) => g.querySelector(':scope > path, :scope > text'))
    .filter((item) => item && item.getBoundingClientRect().width > 0)
    .filter((item) => {  // one group of each mark of the spec (not one per series)
      const kind = item.parentNode.getAttribute('class');
      return kinds.has(kind) ? false : Boolean(kinds.add(kind));
    });
}"""
POINT_JS = f"""([index, n]) => {{
  const item = ({MARKS_JS})(index)[n];
  item.scrollIntoView({{block: 'center'}});
  const r = item.getBoundingClientRect();
  return {{x: r.left + Math.min(r.width / 2, 6), y: r.top + r.height / 2}};
}}"""
# A tooltip's rows (title, value), or where it is cut by the screen's edge.
TOOLTIP_JS = """() => {
  const tip = document.querySelector('#vg-tooltip-element.visible');
  const box = tip.getBoundingClientRect();
  if (box.left < 0 || box.right > document.documentElement.clientWidth) {
    return [['off the screen', `${box.left}–${box.right}`]];
  }
  return [...tip.querySelectorAll('tr')].map((row) =>
    [...row.querySelectorAll('td')].map((cell) => cell.textContent.trim()));
}"""
# A field's name (growth_pct, completion_label, value …): lower-case ASCII, maybe with _.
FIELD = re.compile(r"^[a-z][a-z_]*$")
RELEASE_CODE = re.compile(r"\b\d{4}-\d{2}\b")
BARE_NUMBER = re.compile(r"^[+\-−]?\d[\d.,]*$")


@pytest.fixture
def reports(request) -> Path:
    lang = request.node.callspec.params["lang"]
    return request.getfixturevalue("bundled_reports" if lang == "zh" else "bundled_reports_en")


@pytest.fixture(scope="module")
def screenshots(artifacts_dir) -> Path:
    path = artifacts_dir / "browser" / "readers"
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def opened(browser, path: Path, viewport: dict[str, int]):
    """The page offline (every request but the file refused), with its errors; a phone's
    screen is a touch screen."""
    phone = viewport is PHONE
    context = browser.new_context(viewport=viewport, has_touch=phone, is_mobile=phone)
    context.set_default_timeout(TIMEOUT_MS)
    refused: list[str] = []
    errors: list[str] = []

    def route(route):
        url = route.request.url
        if url == path.as_uri() or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            refused.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    try:
        page.goto(path.as_uri(), wait_until="load")
        page.evaluate("document.fonts.ready.then(() => document.fonts.status)")
        page.wait_for_function(ALL_LIVE_JS, timeout=TIMEOUT_MS)
        yield page
        assert refused == [], f"requests leaving {path}: {refused}"
        assert errors == [], f"errors and warnings on {path}: {errors}"
    finally:
        context.close()


def page_path(reports: Path, name: str) -> Path:
    return reports / name if name == "index.html" else reports / PERIOD / name


def tooltips(page: Page, index: int, touch: bool) -> list[list[list[str]]]:
    """The tooltip shown by each group of marks of chart `index` (hovered, or tapped on a
    touch screen), where it shows one (a line between its points shows none)."""
    shown = []
    for n in range(page.evaluate(f"(index) => ({MARKS_JS})(index).length", index)):
        point = page.evaluate(POINT_JS, [index, n])
        if touch:
            page.touchscreen.tap(1, 1)  # away from the charts: any tooltip shown goes
            page.touchscreen.tap(point["x"], point["y"])
        else:
            page.mouse.move(0, 0)
            page.mouse.move(point["x"], point["y"])
        try:
            page.wait_for_selector("#vg-tooltip-element.visible", timeout=800)
        except PlaywrightTimeout:
            continue  # a group of marks without a tooltip (a line between its points)
        shown.append(page.evaluate(TOOLTIP_JS))
    return shown


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_shows_all_its_text_a_legend_and_tooltips_in_words(
    browser, reports, screenshots, lang, name, viewport
):
    size = VIEWPORTS[viewport]
    with opened(browser, page_path(reports, name), size) as page:
        page.screenshot(path=screenshots / f"{lang}-{viewport}-{name[:-5]}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        charts = page.evaluate(CHARTS_JS)
        assert charts, f"no chart on {name}"
        for chart in charts:
            assert chart["drawn"] and chart["texts"] > 0, chart
            assert chart["outside"] == [], f"text clipped at {size['width']} px: {chart}"
            assert not chart["wider"], f"a chart wider than its box or the screen: {chart}"
            if chart["asks"]:
                assert chart["legend"] > 0, f"no legend: {chart}"
        if name == "index.html":
            return  # the trend is a static drawing: no tooltip
        for index, chart in enumerate(charts):
            said = tooltips(page, index, touch=viewport == "phone")
            assert said, f"no tooltip on {chart['title']}"
            for rows in said:
                assert_in_words(rows, chart["title"])
        if name == "briefing.html":
            page.screenshot(path=screenshots / f"{lang}-{viewport}-tooltip.png")


def assert_in_words(rows: list[list[str]], title: str) -> None:
    """A tooltip's rows: a title in words (never a field's name), a value that says a release
    as printed and a figure with its unit."""
    assert rows and all(len(row) == 2 for row in rows), (title, rows)
    assert rows[0][0] != "off the screen", f"the tooltip of {title} is cut: {rows}"
    for key, value in rows:
        assert not FIELD.match(key), f"a field's name in the tooltip of {title}: {rows}"
        assert not RELEASE_CODE.search(value), f"a release as YYYY-MM in {title}: {rows}"
        assert not BARE_NUMBER.match(value), f"a figure without its unit in {title}: {rows}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tables_set_figures_right_and_text_left_and_fit_a_desktop(browser, reports, lang):
    """One rule for every table; at 1280 px no table of the month's pages scrolls sideways
    (the briefing's 表1, the topic pages' lists of enterprises and projects)."""
    for name in PAGES[:-1]:
        with opened(browser, page_path(reports, name), DESKTOP) as page:
            cells = page.evaluate("""() => [...document.querySelectorAll(
                '.briefing-table td, .briefing-table th')].map((cell) => [
                cell.classList.contains('figure'), getComputedStyle(cell).textAlign,
                cell.getAttribute('colspan') || '1', cell.textContent.trim()])""")
            assert any(figure for figure, *_ in cells) and not all(f for f, *_ in cells), name
            for figure, align, span, text in cells:
                if span == "1":
                    assert align == ("right" if figure else "left"), (name, text, align)
            boxes = page.evaluate("""() => [...document.querySelectorAll('.briefing-table-scroll')]
                .map((box) => [box.scrollWidth - box.clientWidth,
                               box.getBoundingClientRect().right,
                               (box.previousElementSibling || {}).textContent || ''])""")
            for overflow, right, caption in boxes:
                assert overflow <= 1 and right <= DESKTOP["width"], (name, caption, overflow)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_index_shows_each_periods_links_on_a_phones_first_screen(browser, reports, lang):
    with opened(browser, reports / "index.html", PHONE) as page:
        links = page.evaluate("""() => [...document.querySelectorAll('td.links')].map((cell) =>
            [...cell.querySelectorAll('a')].map((a) => a.getBoundingClientRect().right))""")
        assert links and all(row for row in links)
        assert max(right for row in links for right in row) <= PHONE["width"]
        first = page.locator("td.links a").first.bounding_box()
        assert first and first["y"] < PHONE["height"]
