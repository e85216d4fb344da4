"""JupyterLab as the analyst sees it: a real JupyterLab (started here, tmp dirs, tmp warehouse)
driven by Playwright in Debian's Chromium with every request that is not to that server blocked.

- The explore notebook is opened and run with Run > Run All Cells; its charts are drawn live by
  JupyterLab's own Vega renderer, and hovering a mark shows its tooltip.
- A notebook written by papermill (the batch's reports/PERIOD/briefing.ipynb) is unsigned, so
  JupyterLab opens it untrusted; every chart in it must still be shown.
Screenshots of both are left in the artefacts folder (conftest: `artifacts_dir`)."""

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from lab_server import Server, running_jupyterlab
from nbformat.sign import NotebookNotary
from playwright.sync_api import Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from industry_briefing.briefing import charts
from industry_briefing.core import settings

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
EXPLORE = settings.EXPLORE_NOTEBOOK
EXECUTED_PERIOD = "2011-05"  # a month with every table: every kind of chart is in its notebook
RUN_TIMEOUT_MS = 240_000  # the first cell imports the library and loads every period
TIMEOUT_MS = 30_000
LIVE_CHART = ".jp-RenderedVegaCommon5"
MARKS = "g.mark-rect path, g.mark-symbol path, g.mark-line path"
HOVERED = "g.mark-symbol path, g.mark-rect path"  # the marks that carry tooltips
# Every code cell has run: its prompt shows an execution count ("[12]:"), none waits ("[*]:").
ALL_RAN_JS = """() => {
  const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
  return prompts.length > 0 && prompts.every((p) => /\\[\\d+\\]/.test(p.textContent));
}"""
# The notebook's kernel has started and waits (the status bar: "Python 3 (ipykernel) | Idle").
KERNEL_IDLE_JS = """() => {
  const bar = document.querySelector('#jp-main-statusbar');
  return Boolean(bar && bar.textContent.includes('| Idle'));
}"""
TOOLTIP_TEXT_JS = """() => [...document.querySelectorAll('.vg-tooltip.visible')]
  .map((tip) => tip.innerText).join(' ')"""
DRAWN_JS = """([selector, marks]) => [...document.querySelectorAll(selector)].map(
  (chart) => chart.querySelectorAll(marks).length)"""


@pytest.fixture(scope="module")
def lab_root(tmp_path_factory, bundled_reports) -> Path:
    """What the server serves: the explore notebook as committed, and a notebook papermill
    executed in the batch (as the README's reports/PERIOD/briefing.ipynb)."""
    root = tmp_path_factory.mktemp("lab-root")
    shutil.copy(EXPLORE, root / EXPLORE.name)
    shutil.copy(bundled_reports / EXECUTED_PERIOD / "briefing.ipynb", root / "executed.ipynb")
    return root


@pytest.fixture(scope="module")
def lab(tmp_path_factory, lab_root) -> Iterator[Server]:
    with running_jupyterlab(tmp_path_factory.mktemp("lab"), lab_root) as server:
        yield server


@pytest.fixture(scope="module")
def screenshots(artifacts_dir) -> Path:
    path = artifacts_dir / "jupyterlab"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def page(lab) -> Iterator[tuple[Page, list[str]]]:
    """A page on the server; requests anywhere else are blocked and listed."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} (Debian's chromium) is missing: run `make test`", pytrace=False)
    blocked: list[str] = []

    def route(route):
        url = route.request.url
        if url.startswith((lab.url, "data:", "blob:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort("blockedbyclient")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, timeout=60_000
        )
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(TIMEOUT_MS)
        context.route("**/*", route)
        try:
            yield context.new_page(), blocked
        finally:
            browser.close()


def open_notebook(page: Page, lab: Server, name: str) -> None:
    page.goto(f"{lab.url}/lab/tree/{name}?token={lab.token}", wait_until="load")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
    page.wait_for_function(KERNEL_IDLE_JS, timeout=60_000)


def hover_until_tooltip(page: Page, tries: int = 30) -> str:
    """Hover the charts' points and bars in turn until one shows its tooltip (a line's own
    path, or a brush laid over the marks, has none); the tooltip's text."""
    tooltip = page.locator("#vg-tooltip-element.visible")
    marks = page.locator(f"{LIVE_CHART} :is({HOVERED})")
    for number in range(min(tries, marks.count())):
        mark = marks.nth(number)
        mark.scroll_into_view_if_needed()
        mark.hover(force=True)
        try:
            tooltip.wait_for(state="visible", timeout=1_500)
        except PlaywrightTimeout:
            continue
        # Read at once: the tooltip follows the pointer and goes when a re-render moves it.
        text = page.evaluate(TOOLTIP_TEXT_JS)
        if text:
            return text
    pytest.fail(f"no tooltip on hovering {tries} marks of the live charts")


def drawn_marks(page: Page) -> list[int]:
    """Per chart JupyterLab drew live, its number of marks."""
    return page.evaluate(DRAWN_JS, [LIVE_CHART, MARKS])


def test_the_explore_notebook_runs_in_jupyterlab_with_live_charts_and_tooltips(
    lab, page, screenshots
):
    browser_page, blocked = page
    open_notebook(browser_page, lab, EXPLORE.name)
    browser_page.locator("#jp-MainMenu .lm-MenuBar-itemLabel", has_text=re.compile("^Run$")).click()
    browser_page.locator(".lm-Menu-itemLabel", has_text=re.compile("^Run All Cells$")).click()
    browser_page.wait_for_function(ALL_RAN_JS, timeout=RUN_TIMEOUT_MS)
    errors = browser_page.locator(".jp-OutputArea-output[data-mime-type*='stderr']")
    tracebacks = [text for text in errors.all_inner_texts() if "Traceback" in text]
    assert tracebacks == [], tracebacks
    browser_page.wait_for_function(
        f"([s, m]) => ({DRAWN_JS})([s, m]).length > 0", arg=[LIVE_CHART, MARKS]
    )
    marks = drawn_marks(browser_page)
    assert marks and all(count > 0 for count in marks), f"charts without marks: {marks}"

    text = hover_until_tooltip(browser_page)
    assert re.search(r"\d", text) and re.search(r"[\u4e00-\u9fff]", text), text
    browser_page.screenshot(path=screenshots / "explore-tooltip.png")
    assert blocked == [], f"JupyterLab asked the network for {blocked}"


def test_a_papermill_notebook_opens_untrusted_with_every_chart_shown(
    lab, lab_root, page, screenshots
):
    executed = nbformat.read(lab_root / "executed.ipynb", as_version=4)
    notary = NotebookNotary(data_dir=str(lab.log.parent / "data"))
    assert not notary.check_signature(executed), "the executed notebook should be untrusted"
    chart_outputs = [
        output["data"]
        for cell in executed.cells
        for output in cell.get("outputs", [])
        if charts.SPEC_MIMETYPE in output.get("data", {})
    ]
    assert chart_outputs, "the executed briefing has charts"
    for data in chart_outputs:  # a picture for viewers that draw no Vega
        assert {charts.VEGA_MIMETYPE, charts.PNG_MIMETYPE, charts.SVG_MIMETYPE} <= set(data)

    browser_page, blocked = page
    open_notebook(browser_page, lab, "executed.ipynb")
    browser_page.wait_for_function(
        f"([s, m, n]) => ({DRAWN_JS})([s, m]).filter((c) => c > 0).length === n",
        arg=[LIVE_CHART, MARKS, len(chart_outputs)],
        timeout=60_000,
    )
    assert len(drawn_marks(browser_page)) == len(chart_outputs)
    browser_page.locator(LIVE_CHART).first.scroll_into_view_if_needed()
    browser_page.screenshot(path=screenshots / "untrusted-executed.png")
    assert blocked == [], f"JupyterLab asked the network for {blocked}"
