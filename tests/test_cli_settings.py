"""What the `briefing` command takes from where it is typed: relative paths from the user's
working directory, settings from the environment checked with one clear line (exit 2), and
exit 2 for a month that stops on its input."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from industry_briefing import cli
from industry_briefing.core import settings
from industry_briefing.core.periods import Period
from industry_briefing.run import batch as batches
from industry_briefing.run.input_failures import input_failure
from industry_briefing.run.regions import Region
from industry_briefing.run.worker import Outcome

# check, ingest and template speak the analyst's language: these tests read their English.
ENGLISH = {"check", "ingest", "template"}


def briefing(cwd: Path, *args: object, **env: str) -> subprocess.CompletedProcess:
    """The `briefing` command run as a user runs it, in `cwd`."""
    environment = {k: v for k, v in os.environ.items() if k != "BRIEFING_WAREHOUSE"}
    return subprocess.run(
        [sys.executable, "-m", "industry_briefing", *map(str, args), *english(args)],
        capture_output=True, text=True, cwd=cwd, env={**environment, **env}, timeout=600,
    )  # fmt: skip


def english(args: tuple[object, ...]) -> list[str]:
    return ["--lang", "en"] if args and str(args[0]) in ENGLISH else []


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """The user's own folder (not the project's), holding raw/2011-02."""
    shutil.copytree(settings.RAW_DATA_DIR / "2011-02", tmp_path / "raw" / "2011-02")
    return tmp_path


def test_relative_paths_are_taken_from_the_working_directory(workspace: Path):
    done = briefing(workspace, "ingest", "2011-02", "--data-dir", "raw", "--warehouse", "w.duckdb")
    assert done.returncode == 0, done.stderr
    assert (workspace / "w.duckdb").is_file()
    assert not (settings.PROJECT_ROOT / "raw").exists()
    missing = briefing(workspace, "check", "2012-10", "--data-dir", "raw")
    assert missing.returncode == 2
    assert f"does not exist under {workspace / 'raw'} " in missing.stderr


def test_the_reports_dir_and_p_paths_are_taken_from_the_working_directory(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
):
    asked: list[batches.Request] = []
    monkeypatch.setattr(batches, "run_batch", lambda request, listener: asked.append(request) or [])
    monkeypatch.chdir(workspace)
    args = ["run", "2011-02", "--data-dir", "raw", "--reports-dir", "out", "-p", "warehouse", "w"]
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code == 0, result.output
    [region] = asked[0].regions
    assert region.data_dir == workspace / "raw"
    assert region.reports_dir == workspace / "out"
    assert region.warehouse == workspace / "w"


def test_a_month_that_stops_on_its_input_exits_2(workspace: Path, monkeypatch: pytest.MonkeyPatch):
    """As the README says: 2 on bad input; 1 when a period failed while it ran."""
    region = Region(workspace / "raw", workspace / "w.duckdb", workspace / "reports")
    period = Period.parse("2011-02")
    bad = input_failure(region, period, ["2011-02/parks.csv, row 3: not a number"])
    ran = Outcome("2011-03", "", "failed", error="cell 4: KeyError")
    for outcomes, code in (([bad], 2), ([bad, ran], 1), ([ran], 1)):
        monkeypatch.setattr(batches, "run_batch", lambda request, listener, o=outcomes: o)
        result = CliRunner().invoke(cli.main, ["run", "2011-02", "--data-dir", workspace / "raw"])
        assert result.exit_code == code, (outcomes, result.output)
    # The batch says 1 when anything failed, input or not (README: The monthly batch).
    monkeypatch.setattr(batches, "run_batch", lambda request, listener: [bad])
    result = CliRunner().invoke(cli.main, ["batch", "--data-dir", workspace / "raw"])
    assert result.exit_code == 1, result.output


@pytest.mark.slow
def test_briefing_run_of_a_month_with_bad_input_exits_2(workspace: Path):
    parks = workspace / "raw" / "2011-02" / "parks.csv"
    parks.write_text(
        parks.read_text(encoding="utf-8").replace(",3,亿元", ",三亿,亿元"), encoding="utf-8"
    )
    done = briefing(
        workspace,
        "run",
        "2011-02",
        "-j",
        "1",
        "--data-dir",
        "raw",
        "--warehouse",
        "w.duckdb",
        "--reports-dir",
        "reports",
        LC_ALL="",
        LC_MESSAGES="en_US.UTF-8",
    )  # fmt: skip  (its English lines)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "2011-02/parks.csv, row 3, column 累计完成: not a number" in done.stdout
    assert not (workspace / "reports" / "2011-02" / "briefing.html").exists()


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "BRIEFING_WAREHOUSE_WAIT",
            "soon",
            "BRIEFING_WAREHOUSE_WAIT must be a number of seconds, 0 or more (such as 600), "
            "got 'soon'",
        ),
        ("BRIEFING_WAREHOUSE_WAIT", "-5", "got '-5'"),
        ("BRIEFING_WAREHOUSE_WAIT", "nan", "got 'nan'"),
        ("BRIEFING_ROOT", "/no/such/project", "BRIEFING_ROOT must be the folder of the project"),
        ("BRIEFING_WAREHOUSE", "/tmp", "BRIEFING_WAREHOUSE must be the warehouse's file"),
    ],
)
def test_a_bad_environment_setting_is_one_clear_line(
    workspace: Path, name: str, value: str, message: str
):
    locale = {"LC_ALL": "", "LC_MESSAGES": "en_US.UTF-8"}  # said before the command's --lang
    done = briefing(workspace, "check", "2011-02", "--data-dir", "raw", **{**locale, name: value})
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: {name}") and message in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1


def test_the_warehouse_wait_is_read_as_set(monkeypatch: pytest.MonkeyPatch):
    from industry_briefing.store import access

    monkeypatch.setenv("BRIEFING_WAREHOUSE_WAIT", " 2.5 ")
    assert access.wait_s() == 2.5
    monkeypatch.setenv("BRIEFING_WAREHOUSE_WAIT", "")
    assert access.wait_s() == settings.DEFAULT_WAREHOUSE_WAIT_S
    monkeypatch.setenv("BRIEFING_WAREHOUSE_WAIT", "ten minutes")
    with pytest.raises(settings.SettingError, match="BRIEFING_WAREHOUSE_WAIT"):
        access.wait_s()
