"""An analyst's exploration never leaks into the shared briefing: in a copy of the project
(BRIEFING_ROOT), a report notebook edited as JupyterLab's autosave leaves it makes the batch
refuse, naming the changed cells, and the shared reports stay byte for byte as they were; a
notebook merely run and saved re-renders nothing; `--allow-edited-notebooks` renders the
edit, executed afresh (the saved outputs never reach the page)."""

import os
import shutil
import subprocess
import sys

import pytest

from industry_briefing.core import settings
from industry_briefing.run import approval

pytestmark = pytest.mark.slow

MONTH = "2011-02"
TIMEOUT_S = 600


def briefing(root, *args):
    """The `briefing` command run in the project copy at `root`, its own paths all under it."""
    env = {k: v for k, v in os.environ.items() if k != "BRIEFING_WAREHOUSE"}
    env["BRIEFING_ROOT"] = str(root)
    # the batch speaks the locale's language, else the region's (Chinese): these read English
    env.update(LC_ALL="", LC_MESSAGES="en_US.UTF-8")
    return subprocess.run(
        [sys.executable, "-m", "industry_briefing", *args],
        capture_output=True, text=True, env=env, cwd=root, timeout=TIMEOUT_S,
    )  # fmt: skip


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the project's notebooks (and their approved record) and of one month's input,
    rendered once by `briefing batch`."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(
        settings.NOTEBOOKS_DIR, root / "notebooks", ignore=shutil.ignore_patterns("work")
    )
    shutil.copytree(settings.RAW_DATA_DIR / MONTH, root / "data" / "raw" / MONTH)
    first = briefing(root, "batch", "--jobs", "1")
    assert first.returncode == 0, first.stderr
    return root


@pytest.fixture
def copy(project, tmp_path):
    """The rendered project, copied with its files' times (each test edits its own)."""
    shutil.copytree(project, tmp_path / "project")
    return tmp_path / "project"


def snapshot(folder):
    """Every file under `folder`: its bytes and modification time."""
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_an_autosaved_exploration_is_refused_and_the_shared_briefing_stays(copy, autosave):
    briefing_notebook = copy / "notebooks" / "briefing.ipynb"
    cells = len(approval.cells_of(briefing_notebook))  # as approved: the scratch cells follow
    autosave(briefing_notebook)
    before = snapshot(copy / "reports"), snapshot(copy / "data")
    for command in (["batch"], ["run", MONTH]):
        refused = briefing(copy, *command)
        assert refused.returncode == 2, refused.stderr
        assert refused.stderr.startswith("error: report notebooks differ from the shared version")
        line = next(li for li in refused.stderr.splitlines() if li.startswith("notebooks/brief"))
        assert 'cell 2 (code, parameters) changed: period: str = "2012-01"' in line
        assert f"cells {cells + 1}-{cells + 6} (code) added: model.parks …" in line
        assert "--allow-edited-notebooks" in refused.stderr
        assert "Traceback" not in refused.stderr
        assert (snapshot(copy / "reports"), snapshot(copy / "data")) == before


def test_a_notebook_only_run_and_saved_re_renders_nothing(copy, autosave):
    for name in ("briefing", *settings.TOPICS):
        autosave(copy / "notebooks" / f"{name}.ipynb", edit=False)
    before = snapshot(copy / "reports" / MONTH)
    again = briefing(copy, "batch")
    assert again.returncode == 0, again.stderr
    assert "0 ran, 1 skipped" in again.stdout
    assert snapshot(copy / "reports" / MONTH) == before


def test_allowed_the_edit_is_rendered_without_the_saved_outputs(copy, autosave):
    autosave(copy / "notebooks" / "briefing.ipynb")
    rendered = briefing(copy, "batch", "--allow-edited-notebooks", "--no-topics")
    assert rendered.returncode == 0, rendered.stderr
    assert (
        "warning: rendering edited report notebooks (--allow-edited-notebooks)" in rendered.stderr
    )
    assert "1 ran, 0 skipped" in rendered.stdout
    page = (copy / "reports" / MONTH / "briefing.html").read_text(encoding="utf-8")
    assert "MonthModel(figures=PeriodFigures(" in page  # the scratch cell `model`, executed
    assert "AUTOSAVED OUTPUT" not in page
    assert "1-2月" in page  # the batch's period, not the edited default 2012-01
