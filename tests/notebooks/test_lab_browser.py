"""`briefing lab` as the README's analyst meets it: the command itself starts JupyterLab (in a
copy of the project, BRIEFING_ROOT; its Jupyter dirs in tmp), as root when the tests run as
root (the README's set-up), and Playwright drives it in Debian's Chromium.

- It starts for root: the command adds --allow-root, JupyterLab's own refusal never shows.
- It serves the project root, its file browser opened on notebooks/work: the reports'
  executed and failed notebooks (reports/PERIOD/briefing.failed.ipynb) open from it.
- A fresh working copy opens unmodified: once its kernel is up, its tab is not marked dirty
  (JupyterLab writes the kernel's language_info into a notebook that lacks it)."""

import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from lab_server import Server, _quiet_news, free_port, kill, stop, wait_until_up
from playwright.sync_api import Page, sync_playwright

from industry_briefing.core import settings

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
PERIOD = "2011-05"
KERNEL_IDLE_JS = """() => {
  const bar = document.querySelector('#jp-main-statusbar');
  return Boolean(bar && bar.textContent.includes('| Idle'));
}"""
CURRENT_TAB = "#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project as the analyst has it after a batch: its notebooks, and a month's
    executed notebook and the one a failing run kept."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(
        settings.NOTEBOOKS_DIR, root / "notebooks", ignore=shutil.ignore_patterns("work")
    )
    reports = root / "reports" / PERIOD
    reports.mkdir(parents=True)
    for name in ("briefing.ipynb", "briefing.failed.ipynb"):
        shutil.copy(settings.BRIEFING_NOTEBOOK, reports / name)
    return root


@pytest.fixture(scope="module")
def lab(tmp_path_factory, project) -> Iterator[Server]:
    """`briefing lab` in the project's copy, run as the tests run (root in CI and containers)."""
    tmp = tmp_path_factory.mktemp("lab")
    token, port = secrets.token_hex(24), free_port()
    env = {
        **os.environ,
        "BRIEFING_ROOT": str(project),
        "BRIEFING_WAREHOUSE": str(tmp / "w.duckdb"),
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
        "JUPYTER_DATA_DIR": str(tmp / "data"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "IPYTHONDIR": str(tmp / "ipython"),
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    command = [
        sys.executable, "-m", "industry_briefing", "lab", "--no-browser", "--port", str(port),
        f"--IdentityProvider.token={token}", "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port_retries=0",
        f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
        f"--LabApp.user_settings_dir={tmp / 'settings'}",
    ]  # fmt: skip
    _quiet_news(tmp / "settings")
    log = tmp / "lab.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, env=env, cwd=tmp, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = Server(f"http://127.0.0.1:{port}", token, process, log, tmp / "w.duckdb")
    try:
        wait_until_up(server)  # as root, JupyterLab would exit at once without --allow-root
        yield server
        stop(server)
    finally:
        kill(process)


@pytest.fixture
def page(lab) -> Iterator[Page]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} (Debian's chromium) is missing: run `make test`", pytrace=False)

    def route(route):
        if route.request.url.startswith((lab.url, "data:", "blob:")):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, timeout=60_000
        )
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(60_000)
        context.route("**/*", route)
        try:
            yield context.new_page()
        finally:
            browser.close()


def test_the_lab_serves_the_project_root_with_the_reports_and_failed_notebooks(lab, page):
    for path in ("notebooks/work/briefing.ipynb", f"reports/{PERIOD}/briefing.failed.ipynb"):
        assert lab.request("GET", f"/api/contents/{path}?content=0")["type"] == "notebook"
    page.goto(f"{lab.url}/?token={lab.token}", wait_until="load")  # where the browser opens
    # the file browser opens on the working copies
    page.locator(".jp-DirListing-item", has_text="explore.ipynb").wait_for()
    crumbs = page.locator(".jp-FileBrowser .jp-BreadCrumbs").inner_text()
    assert "notebooks" in crumbs and "work" in crumbs, crumbs
    page.goto(
        f"{lab.url}/lab/tree/reports/{PERIOD}/briefing.failed.ipynb?token={lab.token}",
        wait_until="load",
    )
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell")
    assert "briefing.failed.ipynb" in page.locator(CURRENT_TAB).inner_text()


def test_a_fresh_working_copy_opens_unmodified(lab, page, artifacts_dir):
    page.goto(f"{lab.url}/lab/tree/notebooks/work/briefing.ipynb?token={lab.token}")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell")
    page.wait_for_function(KERNEL_IDLE_JS)
    page.wait_for_timeout(2_000)  # the kernel's info written into the model, if it differs
    tab = page.locator(CURRENT_TAB)
    page.screenshot(path=artifacts_dir / "lab-fresh-copy.png")
    assert "briefing.ipynb" in tab.inner_text()
    assert "jp-mod-dirty" not in (tab.get_attribute("class") or ""), "opened as modified"
