"""Faults, against the real `briefing batch` in subprocesses on tmp folders (three bundled
periods, two workers): a batch killed mid-run (SIGKILL of its process group, or of the batch
alone) or interrupted (Ctrl-C: SIGINT to its process group) and run again; a period whose
input breaks after a good run; two batches started at once on one reports folder; and, with
two periods and one worker, a kernel that does not start, a kernel, a worker, a fork server or
a Dask worker killed mid-notebook.

Each asserts that nothing half-written is left in place (every report has its HTML, PDF and
manifest whole; no temporary folder stays once a batch has run), that the warehouse opens
read-only with every period complete, and that no process of the batch outlives it (kernels
included: they run in sessions of their own, so a signal to the batch's group never reaches
them); the faults of one process, that only its period fails, in one line, and that nothing
of the batch is left in its TMPDIR.

What tests/run/test_batch.py covers already (in-process, through CliRunner) is not repeated here:
a broken period's last good briefing.html kept and last-run.json failed, and a second batch
refused while the test itself holds the lock.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import json
import os
import pty
import shutil
import signal
import subprocess
import sys
import tempfile
import termios
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import duckdb
import psutil
import pytest

from industry_briefing.core import settings
from industry_briefing.run import lifeline

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


def _in_terminal() -> None:
    """A child's start as in a terminal: the leader of its own session, whose controlling
    terminal is its stdin (a pseudo-terminal), so that the terminal's ^C is its Ctrl-C."""
    _default_sigint()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Batch:
    """`briefing batch` on one tmp root, run in its own process group as a shell job is."""

    def __init__(
        self,
        root: Path,
        *extra: str,
        name: str = "batch",
        jobs: int = 2,
        env: dict[str, str] | None = None,
        terminal: bool = False,
    ) -> None:
        self.root = root
        self.token = uuid.uuid4().hex
        self.log = root / f"{name}-{self.token[:8]}.log"
        command = [
            sys.executable, "-m", "industry_briefing", "batch",
            "--data-dir", str(root / "raw"),
            "--warehouse", str(root / "w.duckdb"),
            "--reports-dir", str(root / "reports"),
            "--jobs", str(jobs),
            # the topic pages and the Word file add nothing these faults test (test_batch has them)
            "--no-topics",
            "--no-docx",
            *extra,
        ]  # fmt: skip
        # ENGLISH: the batch's lines in English, as the assertions read them
        environment = {**os.environ, **(env or {}), TOKEN: self.token, **ENGLISH}
        self.terminal: int | None = None
        if terminal:
            self.log.touch()
            self.terminal, screen = pty.openpty()
            self.process = subprocess.Popen(
                command, stdin=screen, stdout=screen, stderr=screen, env=environment, cwd=root,
                start_new_session=True, preexec_fn=_in_terminal,
            )  # fmt: skip
            os.close(screen)
            threading.Thread(target=self._copy_screen, daemon=True).start()
            return
        with self.log.open("w", encoding="utf-8") as log:
            self.process = subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=environment,
                cwd=root,
                start_new_session=True,
                # As from a terminal: a suite run in the background (`make test &`) ignores
                # SIGINT, and a child inherits that; the Ctrl-C case must reach the batch.
                preexec_fn=_default_sigint,
            )

    def _copy_screen(self) -> None:
        """What the batch writes to its terminal, into the log (read as it comes: a terminal
        whose output nobody reads blocks its writer)."""
        assert self.terminal is not None
        with self.log.open("ab") as log:
            while True:
                try:
                    chunk = os.read(self.terminal, 4096)
                except OSError:  # EIO: every process on the terminal has closed it
                    return
                if not chunk:
                    return
                log.write(chunk)
                log.flush()

    def press(self, keys: bytes) -> None:
        """Keys typed at the batch's terminal (b"\\x03": Ctrl-C)."""
        assert self.terminal is not None
        os.write(self.terminal, keys)

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


def run_batch(root: Path, *extra: str, env: dict[str, str] | None = None) -> Batch:
    batch = Batch(root, *extra, env=env)
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


def workspace(root: Path, periods: tuple[str, ...] = PERIODS) -> Path:
    """Bundled periods copied to root/raw (data/raw itself is never written)."""
    for period in periods:
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


# Kept by design: the lock of a warehouse (store/access.py), one file per warehouse and the
# mark of its last check beside it; removing a lock file another process may wait on breaks it.
WAREHOUSE_LOCKS = "briefing-warehouse-"


def assert_nothing_in(tmp: Path, *also: str) -> None:
    """Nothing of the batch in its TMPDIR: no kernel's sockets or connection file, no fork
    server's socket, no folder of its own (`also`: names something else keeps there)."""
    left = sorted(
        path.name for path in tmp.iterdir() if not path.name.startswith((WAREHOUSE_LOCKS, *also))
    )
    assert not left, f"the batch left in TMPDIR: {left}"


def assert_no_survivors(*batches: Batch) -> None:
    left = [line for batch in batches for line in batch.survivors()]
    for batch in batches:
        batch.kill_all()
    assert not left, "processes of the batch outlived it:\n" + "\n".join(left)


@pytest.fixture
def tmp() -> Iterator[Path]:
    """A TMPDIR for the batch, to see what it leaves there. In the system's temporary folder,
    not under tmp_path: the Unix sockets in it (the kernels', their fork server's) take paths of
    107 bytes at most, and the batch nests folders of its own in it."""
    folder = Path(tempfile.mkdtemp(prefix="bt-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


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
    ("signum", "exit_code", "group"),
    [
        (signal.SIGKILL, -signal.SIGKILL, True),
        (signal.SIGKILL, -signal.SIGKILL, False),
        (signal.SIGINT, 130, True),
    ],
    ids=["SIGKILL", "SIGKILL-of-the-batch-alone", "Ctrl-C"],
)
def test_a_batch_stopped_mid_run_leaves_nothing_half_written_and_a_rerun_completes(
    tmp_path, tmp, signum, exit_code, group
):
    """Killed alone, the batch's workers follow it (PR_SET_PDEATHSIG), and their kernels and
    fork servers follow them; what it had in TMPDIR goes with the next batch."""
    root = workspace(tmp_path)
    stopped = Batch(root, name="stopped", env={"TMPDIR": str(tmp)})
    try:
        stopped.wait_for_first_report()
        if group:
            stopped.signal_group(signum)
        else:
            stopped.process.send_signal(signum)
        assert stopped.wait(timeout=120) == exit_code, stopped.output
        if signum == signal.SIGINT:
            assert "interrupted: finished reports are in place" in stopped.output
            assert_nothing_in(tmp)
        assert_in_place_reports_whole(root)
        orphans = stopped.survivors()
    finally:
        stopped.kill_all()

    again = run_batch(root, env={"TMPDIR": str(tmp)})
    assert again.process.returncode == 0, again.output
    assert "0 failed" in again.output
    assert_reports_whole(root)
    assert_warehouse_complete(root)
    assert_no_survivors(again)
    assert not orphans, f"processes outlived the {signum.name}ed batch:\n" + "\n".join(orphans)
    assert_nothing_in(tmp)


def stopped_after_first_report(
    batch: Batch, stop: Callable[[], None]
) -> tuple[int, float, list[str]]:
    """Stop the batch (`stop`) once its first period is in place: its exit code, the seconds
    it took to end after `stop`, and the processes of it left after that."""
    try:
        batch.wait_for_first_report()
        asked = time.monotonic()
        stop()
        exit_code = batch.wait(timeout=120)
        took = time.monotonic() - asked
        return exit_code, took, batch.survivors()
    finally:
        batch.kill_all()


STOP_WITHIN_S = 20  # "within a few seconds", on a loaded two-core machine
INTERRUPTED = "interrupted: finished reports are in place"


@pytest.mark.parametrize("presses", [1, 2], ids=["Ctrl-C", "Ctrl-C-twice"])
def test_ctrl_c_at_a_terminal_stops_the_batch_within_seconds_in_one_line(tmp_path, tmp, presses):
    """^C typed at the batch's terminal (the terminal signals its whole foreground group:
    the batch and its workers): one line, no traceback, no process left; a second ^C does
    not wait for the first to finish stopping."""
    root = workspace(tmp_path)
    stopped = Batch(root, name="terminal", env={"TMPDIR": str(tmp)}, terminal=True)

    def press_ctrl_c() -> None:
        stopped.press(b"\x03")
        if presses == 2:
            time.sleep(0.2)
            stopped.press(b"\x03")

    exit_code, took, orphans = stopped_after_first_report(stopped, press_ctrl_c)
    output = stopped.output
    # A second ^C that finds the batch already leaving (the interpreter's last steps restore
    # the default handler) ends it by the signal: a shell says 130 (128 + SIGINT) of both.
    assert exit_code in (130, -signal.SIGINT), output
    assert took < STOP_WITHIN_S, f"stopped {took:.1f} s after ^C:\n{output}"
    assert output.count(INTERRUPTED) == 1, output
    assert "Traceback" not in output and "KeyboardInterrupt" not in output, output
    assert not orphans, "processes outlived the interrupted batch:\n" + "\n".join(orphans)
    assert_in_place_reports_whole(root)


def test_sigterm_stops_the_batch_as_ctrl_c_does(tmp_path, tmp):
    """SIGTERM to the batch alone (a service manager's stop, `kill PID`): the same one line,
    exit 143 (128 + SIGTERM), no process left, finished reports whole."""
    root = workspace(tmp_path)
    stopped = Batch(root, name="terminated", env={"TMPDIR": str(tmp)})
    terminate = partial(stopped.process.send_signal, signal.SIGTERM)
    exit_code, took, orphans = stopped_after_first_report(stopped, terminate)
    output = stopped.output
    assert exit_code == 128 + signal.SIGTERM, output
    assert took < STOP_WITHIN_S, f"stopped {took:.1f} s after SIGTERM:\n{output}"
    assert output.count(INTERRUPTED) == 1 and "Traceback" not in output, output
    assert not orphans, "processes outlived the terminated batch:\n" + "\n".join(orphans)
    assert_in_place_reports_whole(root)
    assert_nothing_in(tmp)


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


# --- 4. a kernel, a worker or a fork server killed mid-notebook; a kernel that does not start ---
#
# Two periods, one worker: the first period's briefing meets the fault; the worker (or the one
# that takes its place) renders the second. Each ends with the first period failed in one line
# naming what happened, the second rendered whole, no process of the batch left, and nothing of
# it in its TMPDIR.

TWO = PERIODS[:2]

# Loaded by every Python process of the batch (PYTHONPATH): in the kernels' fork server, the
# first kernel to start (of the whole batch: the mark is a file) exits at its start, as a
# kernel that cannot start does.
FAIL_FIRST_KERNEL = """
import os, sys
if "multiprocessing.forkserver" in " ".join(sys.orig_argv):
    from ipykernel.kernelapp import IPKernelApp

    initialize = IPKernelApp.initialize

    def fail_the_first(self, argv=None):
        try:
            os.close(os.open({mark!r}, os.O_CREAT | os.O_EXCL))
        except FileExistsError:
            return initialize(self, argv)
        os._exit(3)

    IPKernelApp.initialize = fail_the_first
"""


def descendants() -> list[psutil.Process]:
    """This test process's running descendants: a batch's processes are those of its
    subprocess, a cluster's its own; orphans are found by the batch's token. Not the
    resource tracker multiprocessing keeps for this process (for a cluster started here), nor
    the fork server of the kernels an earlier test started here: they live as long as it."""
    running = []
    for process in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            command = " ".join(process.cmdline())
            ours = process.ppid() == os.getpid() and (
                "multiprocessing.resource_tracker" in command or is_fork_server(process)
            )
            if process.status() != psutil.STATUS_ZOMBIE and not ours:
                running.append(process)
    return running


def batch_processes(batch: Batch) -> list[psutil.Process]:
    found = []
    for pid, _, _ in processes_with(TOKEN, batch.token):
        with contextlib.suppress(psutil.NoSuchProcess):
            found.append(psutil.Process(pid))
    return found


def mid_notebook(batch: Batch, period: str, timeout: float = BATCH_TIMEOUT_S) -> None:
    """Until the period's briefing executes: its notebook has built the month's model."""
    deadline = time.monotonic() + timeout
    while not list((batch.root / "reports").glob(f".tmp-{period}-*/.model-*.pickle")):
        if batch.process.poll() is not None or time.monotonic() > deadline:
            batch.kill_all()
            pytest.fail(f"{period}'s notebook did not start:\n{batch.output}")
        time.sleep(0.1)


def the_one(batch: Batch, what: str, kind: Callable[[psutil.Process], bool]) -> psutil.Process:
    """The batch's one process of a kind (one worker: one kernel while a notebook runs)."""
    found = [p for p in batch_processes(batch) if kind(p)]
    assert len(found) == 1, f"{what}: {found}"
    return found[0]


def is_kernel(process: psutil.Process) -> bool:
    return process.name() == "briefing-kernel"


def is_worker(process: psutil.Process) -> bool:
    return "multiprocessing.spawn" in " ".join(process.cmdline())


def is_fork_server(process: psutil.Process) -> bool:
    """(Its kernels, forked, show its command line too.)"""
    forked = "multiprocessing.forkserver" in " ".join(process.cmdline())
    return forked and not is_kernel(process)


def assert_failed_alone(batch: Batch, tmp: Path, reason: str) -> None:
    """The first period failed with one line giving the reason; the second was rendered."""
    assert batch.wait() == 1, batch.output
    assert "1 failed, 1 ran" in batch.output, batch.output
    first, second = TWO
    lines = [line for line in batch.output.splitlines() if f"{first}: failed" in line]
    assert len(lines) == 1 and reason in lines[0], batch.output
    last = json.loads((batch.root / "reports" / first / "last-run.json").read_text("utf-8"))
    assert last["status"] == "failed" and reason in last["error"]
    assert_report_complete(batch.root / "reports" / second)
    assert_no_survivors(batch)
    assert not descendants(), f"the test's process tree is not empty: {descendants()}"
    assert_nothing_in(tmp)


def test_a_kernel_that_does_not_start_fails_its_period_and_the_next_kernel_starts(tmp_path, tmp):
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(
        FAIL_FIRST_KERNEL.format(mark=str(tmp_path / "failed-once")), encoding="utf-8"
    )
    path = os.pathsep.join(filter(None, [str(inject), os.environ.get("PYTHONPATH")]))
    batch = Batch(workspace(tmp_path, TWO), jobs=1, env={"TMPDIR": str(tmp), "PYTHONPATH": path})
    assert_failed_alone(batch, tmp, "kernel did not start: Kernel died before replying")
    assert "(exit code 3)" in batch.output


def test_a_kernel_killed_mid_notebook_fails_its_period_only(tmp_path, tmp):
    batch = Batch(workspace(tmp_path, TWO), jobs=1, env={"TMPDIR": str(tmp)})
    mid_notebook(batch, TWO[0])
    the_one(batch, "kernels", is_kernel).kill()
    assert_failed_alone(batch, tmp, "DeadKernelError: Kernel died (killed by SIGKILL)")


def test_a_worker_killed_mid_notebook_fails_its_period_and_another_takes_its_place(tmp_path, tmp):
    batch = Batch(workspace(tmp_path, TWO), jobs=1, env={"TMPDIR": str(tmp)})
    mid_notebook(batch, TWO[0])
    the_one(batch, "workers", is_worker).kill()
    assert_failed_alone(batch, tmp, "worker: its worker process died")


def test_a_fork_server_killed_mid_notebook_fails_its_period_and_a_new_one_starts(tmp_path, tmp):
    batch = Batch(workspace(tmp_path, TWO), jobs=1, env={"TMPDIR": str(tmp)})
    mid_notebook(batch, TWO[0])
    the_one(batch, "fork servers", is_fork_server).kill()
    assert_failed_alone(batch, tmp, "DeadKernelError: Kernel died (its fork server ended)")


def test_a_dask_worker_killed_mid_notebook_fails_its_period_only(tmp_path, tmp, monkeypatch):
    """On a cluster of two workers that does not retry a task whose worker died (Dask's
    allowed-failures 0; by default it runs it again elsewhere): the period fails with
    KilledWorker, the other worker renders the other period, and the killed worker's kernel
    and fork server go with it."""
    distributed = pytest.importorskip("distributed")
    import dask

    monkeypatch.setenv("TMPDIR", str(tmp))  # the cluster's workers are started from here
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        root = workspace(tmp_path, TWO)
        batch = Batch(root, "--scheduler", cluster.scheduler_address, env={"TMPDIR": str(tmp)})
        mid_notebook(batch, TWO[0])
        pids = client.run(os.getpid)
        running = client.processing()
        address = next(a for a, keys in running.items() if any(TWO[0] in k for k in keys))
        dask_worker = psutil.Process(pids[address])
        kernel = next(p for p in dask_worker.children(recursive=True) if is_kernel(p))
        server = kernel.parent()
        dask_worker.kill()
        assert batch.wait() == 1, batch.output
        for process in (kernel, server):
            with contextlib.suppress(psutil.NoSuchProcess):
                process.wait(timeout=15)
    assert "1 failed, 1 ran" in batch.output, batch.output
    assert "KilledWorker" in batch.output
    assert_report_complete(root / "reports" / TWO[1])
    assert not descendants(), f"processes outlived the cluster: {descendants()}"
    assert_no_survivors(batch)
    # A cluster's worker keeps its temporary files in the cluster's TMPDIR: the killed one's
    # folder (briefing-PID-…) goes with the next sweep, as when a kernel starts there; its
    # multiprocessing folder (pymp-…, its fork server's socket) and the cluster's scratch
    # space are the cluster's.
    lifeline.sweep(tmp)
    assert_nothing_in(tmp, "dask-scratch-space", "pymp-")
