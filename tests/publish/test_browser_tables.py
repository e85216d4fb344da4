"""A shared page with a 2,000-row table in a real browser, offline (Debian's headless Chromium
driven by Playwright, every other request blocked): it opens showing one page of rows, typing a
name leaves only its rows, the total row stays, and every row can be shown."""

import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from industry_briefing.briefing import frames, labels
from industry_briefing.publish import export

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROWS = 2_000
PAGE_ROWS = 50  # briefing-tables.js
SHOWN_ROWS_JS = """() => [...document.querySelectorAll('table.briefing-table tbody tr')]
  .filter((row) => row.getClientRects().length > 0)
  .map((row) => row.cells[0].textContent.trim())"""


def long_page(directory: Path, lang: str) -> Path:
    """A page whose one table lists ROWS enterprises and their total, as show_frame shows it."""
    frame = pd.DataFrame(
        {
            "企业": [f"企业{number:04d}" for number in range(ROWS)],
            "产值（亿元）": [number / 7 for number in range(ROWS)],
        }
    )
    total = pd.DataFrame({"企业": [labels.label("row.total", lang)], "产值（亿元）": [1.0]})
    table = frames.styled_html(pd.concat([frame, total], ignore_index=True), {}, lang)
    output = nbformat.v4.new_output(
        "display_data", data={"text/html": f'<div class="briefing-table-scroll">{table}</div>'}
    )
    cell = nbformat.v4.new_code_cell("", outputs=[output])
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 企业"), cell])
    return export.write_html(notebook, directory / f"long-{lang}.html", "企业", lang=lang)


def open_offline(browser, path: Path):
    """The page, every request but the file itself refused; (page, refused, errors, seconds)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    refused: list[str] = []
    errors: list[str] = []

    def route(route):
        if route.request.url == path.as_uri() or route.request.url.startswith("data:"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    started = time.perf_counter()
    page.goto(path.as_uri(), wait_until="load")
    return page, refused, errors, time.perf_counter() - started


def test_a_2000_row_table_opens_paged_and_filters_by_name(browser, tmp_path):
    page, refused, errors, seconds = open_offline(browser, long_page(tmp_path, "zh"))
    try:
        shown = page.evaluate(SHOWN_ROWS_JS)
        assert shown == [f"企业{n:04d}" for n in range(PAGE_ROWS)] + ["合计"]
        assert seconds < 5  # loose: the point is the first paint lays out 51 rows, not 2,001
        assert page.locator(".briefing-table-status").inner_text() == "第 1–50 行，共 2000 行"

        page.get_by_label("筛选本表").fill("企业1234")
        page.wait_for_function(
            "() => /共 1 行/.test(document.querySelector('.briefing-table-status').textContent)"
        )
        assert page.evaluate(SHOWN_ROWS_JS) == ["企业1234", "合计"]

        page.get_by_label("筛选本表").fill("企业19")  # 企业1900 … 企业1999: two pages
        page.wait_for_function(
            "() => /共 100 行/.test(document.querySelector('.briefing-table-status').textContent)"
        )
        page.get_by_role("button", name="下一页").click()
        assert page.evaluate(SHOWN_ROWS_JS)[:2] == ["企业1950", "企业1951"]

        page.get_by_label("筛选本表").fill("")
        page.wait_for_function(
            "() => /共 2000 行/.test(document.querySelector('.briefing-table-status').textContent)"
        )
        page.get_by_role("button", name="全部显示").click()
        assert len(page.evaluate(SHOWN_ROWS_JS)) == ROWS + 1
        assert refused == [] and errors == []
    finally:
        page.context.close()


def test_the_english_page_says_its_paging_in_english(browser, tmp_path):
    page, refused, errors, _ = open_offline(browser, long_page(tmp_path, "en"))
    try:
        assert page.locator(".briefing-table-status").inner_text() == "Rows 1–50 of 2000"
        assert page.evaluate(SHOWN_ROWS_JS)[-1] == "Total"
        page.get_by_label("Filter this table").fill("企业0007")
        page.wait_for_function(
            "() => /of 1$/.test(document.querySelector('.briefing-table-status').textContent)"
        )
        assert page.evaluate(SHOWN_ROWS_JS) == ["企业0007", "Total"]
        assert refused == [] and errors == []
    finally:
        page.context.close()


def test_without_script_every_row_stays_shown(browser, tmp_path):
    path = long_page(tmp_path, "zh")
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(path.as_uri(), wait_until="load")
        assert len(page.evaluate(SHOWN_ROWS_JS)) == ROWS + 1
        assert page.locator(".briefing-table-tools").count() == 0
    finally:
        context.close()
