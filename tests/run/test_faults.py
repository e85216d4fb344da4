"""Faults, against the real `briefing batch` in subprocesses on tmp folders (three bundled
periods, two workers): a batch killed mid-run (SIGKILL of its process group) or interrupted
(Ctrl-C: SIGINT to its process group) and run again; a period whose input breaks after a good
run; two batches started at once on one reports folder.

Each asserts that nothing half-written is left in place (every report has its HTML, PDF and
manifest whole; no temporary folder stays once a batch has run), that the warehouse opens
read-only with every period complete, and that no process of the batch outlives it (kernels
included: they run in sessions of their own, so a signal to the batch's group never reaches
them).

What tests/run/test_batch.py covers already (in-process, through CliRunner) is not repeated here:
a broken period's last good briefing.html kept and last-run.json failed, and a second batch
refused while the test itself holds the lock.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import duckdb
import pytest

from industry_briefing.core import settings

pytestmark = [pytest.mark.slow, pytest.mark.faults]

# The batch speaks the locale's language, else the region's (Chinese): these tests read English.
ENGLISH = {"LC_ALL": "", "LC_MESSAGES": "en_US.UTF-8"}

PERIODS = ("2011-02", "2011-03", "2011-04")
TABLES = ("indicators", "parks", "districts", "enterprises", "projects", "plan")
BATCH_TIMEOUT_S = 600
TOKEN = "BRIEFING_FAULT_TEST"  # in the batch's environment: every process it starts inherits it
REFUSED = 2  # cli.BAD_INPUT: a second batch on the same reports folder is refused


# --- running the CLI ----------------------------------------------------------------------------


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Batch:
    """`briefing batch` on one tmp root, run in its own process group as a shell job is."""

    def __init__(self, root: Path, *extra: str, name: str = "batch") -> None:
        self.root = root
        self.token = uuid.uuid4().hex
        self.log = root / f"{name}-{self.token[:8]}.log"
        command = [
            sys.executable, "-m", "industry_briefing", "batch",
            "--data-dir", str(root / "raw"),
            "--warehouse", str(root / "w.duckdb"),
            "--reports-dir", str(root / "reports"),
            "--jobs", "2",
            "--no-topics",  # the topic pages add nothing these faults test (test_batch has them)
            *extra,
        ]  # fmt: skip
        with self.log.open("w", encoding="utf-8") as log:
            self.process = subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, TOKEN: self.token, **ENGLISH},
                cwd=root,
                start_new_session=True,
                # As from a terminal: a suite run in the background (`make test &`) ignores
                # SIGINT, and a child inherits that; the Ctrl-C case must reach the batch.
                preexec_fn=_default_sigint,
            )

    @property
    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait(self, timeout: float = BATCH_TIMEOUT_S) -> int:
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill_all()
            pytest.fail(f"the batch did not end within {timeout} s:\n{self.output}")

    def wait_for_first_report(self, timeout: float = BATCH_TIMEOUT_S) -> None:
        """Until the first period has been reported as ran (its report is in place)."""
        deadline = time.monotonic() + timeout
        while ": ran " not in self.output:
            if self.process.poll() is not None:
                pytest.fail(f"the batch ended before its first report:\n{self.output}")
            if time.monotonic() > deadline:
                self.kill_all()
                pytest.fail(f"no report within {timeout} s:\n{self.output}")
            time.sleep(0.2)

    def signal_group(self, signum: int) -> None:
        os.killpg(self.process.pid, signum)

    def survivors(self, grace: float = 15.0) -> list[str]:
        """Processes of this batch still running after `grace` seconds (kernels included)."""
        deadline = time.monotonic() + grace
        while (left := processes_with(TOKEN, self.token)) and time.monotonic() < deadline:
            time.sleep(0.5)
        return [f"{pid} (parent {ppid}): {command}" for pid, ppid, command in left]

    def kill_all(self) -> None:
        """Clean up after a failure: every process this batch started, by pid."""
        for pid, _, _ in processes_with(TOKEN, self.token):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def run_batch(root: Path, *extra: str) -> Batch:
    batch = Batch(root, *extra)
    batch.wait()
    return batch


def processes_with(name: str, value: str) -> list[tuple[int, int, str]]:
    """(pid, parent pid, command) of this user's processes whose environment has name=value."""
    wanted = f"{name}={value}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environment = (entry / "environ").read_bytes().split(b"\0")
            if wanted not in environment:
                continue
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
            status = (entry / "status").read_text()
        except (OSError, UnicodeDecodeError):
            continue  # gone meanwhile, or not ours
        if not command or "State:\tZ" in status:
            continue  # a zombie: finished, waiting for its parent to collect it
        ppid = int(next(line.split()[1] for line in status.splitlines() if line.startswith("PPid")))
        found.append((int(entry.name), ppid, command[:160]))
    return found


# --- the workspace and what a good state is -----------------------------------------------------


def workspace(root: Path) -> Path:
    """Three bundled periods copied to root/raw (data/raw itself is never written)."""
    for period in PERIODS:
        shutil.copytree(settings.RAW_DATA_DIR / period, root / "raw" / period)
    return root


def copy_of(source: Path, root: Path) -> Path:
    shutil.copytree(source / "raw", root / "raw")
    shutil.copytree(source / "reports", root / "reports")
    shutil.copy(source / "w.duckdb", root / "w.duckdb")
    return root


def assert_report_complete(directory: Path) -> None:
    html = (directory / "briefing.html").read_bytes()
    pdf = (directory / "briefing.pdf").read_bytes()
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    assert html.rstrip().endswith(b"</html>"), f"{directory}/briefing.html is cut short"
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF"), (
        f"{directory}/briefing.pdf is cut short"
    )
    assert manifest["period"] == directory.name
    json.loads((directory / "briefing.ipynb").read_text(encoding="utf-8"))
    assert not list(directory.glob("operation.*")), "--no-topics rendered a topic"


def assert_reports_whole(root: Path, periods=PERIODS) -> None:
    """Every period's report is there and whole; no temporary folder is left."""
    reports = root / "reports"
    for period in periods:
        assert_report_complete(reports / period)
    leftovers = sorted(str(p.relative_to(reports)) for p in reports.rglob(".tmp-*"))
    assert not leftovers, f"temporary folders left in the reports dir: {leftovers}"
    assert (reports / "index.html").read_bytes().rstrip().endswith(b"</html>")


def assert_in_place_reports_whole(root: Path) -> None:
    """Right after a kill: what is in place (a manifest marks a good run) is whole."""
    for manifest in (root / "reports").glob("*/manifest.json"):
        assert_report_complete(manifest.parent)


def csv_rows(path: Path) -> int:
    if not path.exists():
        return 0
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [row for row in csv.reader(handle) if any(cell.strip() for cell in row)]
    return len(rows) - 1  # the header


def assert_warehouse_complete(root: Path, periods=PERIODS, raw: Path | None = None) -> None:
    """The warehouse opens read-only and holds each period whole: as many rows in each table
    as its input CSV has data rows."""
    raw = raw or root / "raw"
    with duckdb.connect(str(root / "w.duckdb"), read_only=True) as connection:
        for period in periods:
            (count,) = connection.execute(
                "SELECT count(*) FROM periods WHERE period = ?", [period]
            ).fetchone()
            assert count == 1, f"{period}: {count} rows in periods"
            for table in TABLES:
                (stored,) = connection.execute(
                    f"SELECT count(*) FROM {table} WHERE period = ?", [period]
                ).fetchone()
                expected = csv_rows(raw / period / f"{table}.csv")
                assert stored == expected, f"{period} {table}: {stored} rows, input has {expected}"


def assert_no_survivors(*batches: Batch) -> None:
    left = [line for batch in batches for line in batch.survivors()]
    for batch in batches:
        batch.kill_all()
    assert not left, "processes of the batch outlived it:\n" + "\n".join(left)


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    """The three periods rendered by a first batch: a good state to break."""
    root = workspace(tmp_path_factory.mktemp("good"))
    first = run_batch(root)
    assert first.process.returncode == 0, first.output
    assert_reports_whole(root)
    assert_warehouse_complete(root)
    assert_no_survivors(first)
    return root


# --- 1. killed or interrupted mid-run, then run again ---------------------------------------------


@pytest.mark.parametrize(
    ("signum", "exit_code"),
    [(signal.SIGKILL, -signal.SIGKILL), (signal.SIGINT, 130)],
    ids=["SIGKILL", "Ctrl-C"],
)
def test_a_batch_stopped_mid_run_leaves_nothing_half_written_and_a_rerun_completes(
    tmp_path, signum, exit_code
):
    root = workspace(tmp_path)
    stopped = Batch(root, name="stopped")
    try:
        stopped.wait_for_first_report()
        stopped.signal_group(signum)
        assert stopped.wait(timeout=120) == exit_code, stopped.output
        if signum == signal.SIGINT:
            assert "interrupted: finished reports are in place" in stopped.output
        assert_in_place_reports_whole(root)
        orphans = stopped.survivors()
    finally:
        stopped.kill_all()

    again = run_batch(root)
    assert again.process.returncode == 0, again.output
    assert "0 failed" in again.output
    assert_reports_whole(root)
    assert_warehouse_complete(root)
    assert_no_survivors(again)
    assert not orphans, f"processes outlived the {signum.name}ed batch:\n" + "\n".join(orphans)


# --- 2. one period's input broken after a good run ----------------------------------------------


def test_a_period_broken_after_a_good_run_fails_alone_and_keeps_its_report(good, tmp_path):
    root = copy_of(good, tmp_path)
    broken = root / "reports" / "2011-04"
    kept = {p.name: p.read_bytes() for p in broken.iterdir() if p.name != "last-run.json"}
    others = {p: (root / "reports" / p / "manifest.json").read_bytes() for p in PERIODS[:2]}
    indicators = root / "raw" / "2011-04" / "indicators.csv"
    text = indicators.read_text(encoding="utf-8")
    indicators.write_text(text.replace("工业投资,83.91,", "工业投资,八十三,", 1), encoding="utf-8")
    assert indicators.read_text(encoding="utf-8") != text

    result = run_batch(root, "--force")  # the others run again, next to the failing one

    assert result.process.returncode == 1, result.output
    assert "2 ran" in result.output and "1 failed" in result.output
    assert "not a number" in result.output and "八十三" in result.output
    # The broken period's last good report stays as it was, byte for byte.
    assert {p.name: p.read_bytes() for p in broken.iterdir() if p.name in kept} == kept
    last = json.loads((broken / "last-run.json").read_text(encoding="utf-8"))
    assert last["status"] == "failed" and "not a number" in last["error"]
    # The others were rendered again (a new manifest), whole.
    for period, before in others.items():
        assert (root / "reports" / period / "manifest.json").read_bytes() != before
    assert_reports_whole(root)
    # Nothing of the bad input reached the warehouse: 2011-04 is still the good one.
    assert_warehouse_complete(root, raw=good / "raw")
    assert_no_survivors(result)


# --- 3. two batches at once on one reports folder -----------------------------------------------


def test_two_batches_at_once_one_is_refused_the_other_completes(good, tmp_path):
    root = copy_of(good, tmp_path)
    first = Batch(root, "--force", name="first")
    second = Batch(root, "--force", name="second")
    try:
        codes = {first: first.wait(), second: second.wait()}
    finally:
        first.kill_all()
        second.kill_all()
    assert sorted(codes.values()) == [0, REFUSED], first.output + second.output
    winner, refused = sorted(codes, key=codes.get)
    assert "error: another batch (pid " in refused.output, refused.output
    assert f"(pid {winner.process.pid})" in refused.output  # names the batch holding the lock
    assert "wait for it to finish, or use another --reports-dir" in refused.output
    assert "running" not in refused.output  # refused before it started anything
    assert "3 ran" in winner.output
    assert_reports_whole(root)
    assert_warehouse_complete(root)
    assert_no_survivors(first, second)
