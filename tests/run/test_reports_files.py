"""The reports folder's lock in its private folder, a lock held named by pid and user, and a
reports folder that is read-only or full said in one line, with nothing cut left behind
(issue 24, items 2 and 5). No kernel here: refusals come before anything runs, and a period's
end (worker.finish) is given its parts' outcomes.

A full disk is played by `os.write` failing with ENOSPC partway (no root needed); a read-only
folder by a read-only bind mount where `mount` is allowed (the tests run as root, whom chmod
does not stop), else by monkeypatching the check that makes a file there."""

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from industry_briefing import cli
from industry_briefing.core import files, settings
from industry_briefing.core.errors import say
from industry_briefing.core.periods import Period
from industry_briefing.run import batch, failures, input_failures, lock, pages, regions, worker
from industry_briefing.run.request import Quiet
from industry_briefing.run.worker import Job, PartOutcome

MONTH = "2011-02"


@pytest.fixture
def workspace(tmp_path):
    """One month of input; a reports folder with a last good report of it."""
    source = settings.RAW_DATA_DIR / MONTH
    (tmp_path / "raw" / MONTH).mkdir(parents=True)
    for path in source.iterdir():
        (tmp_path / "raw" / MONTH / path.name).write_bytes(path.read_bytes())
    good = tmp_path / "reports" / MONTH
    good.mkdir(parents=True)
    (good / "briefing.html").write_text("<html>last good</html>", encoding="utf-8")
    (good / "manifest.json").write_text('{"fingerprint": "old"}', encoding="utf-8")
    (good / "last-run.json").write_text('{"status": "ok"}', encoding="utf-8")
    (tmp_path / "reports" / "index.html").write_text("<html>index</html>", encoding="utf-8")
    return tmp_path


# run and batch speak the locale's language, else the region's (Chinese here): these tests read
# English, and ask for it as an analyst would, by the locale
ENGLISH = {"LC_ALL": "", "LC_MESSAGES": "en_US.UTF-8"}


def run_batch(workspace: Path):
    args = [
        "batch",
        "--data-dir", workspace / "raw",
        "--warehouse", workspace / "w.duckdb",
        "--reports-dir", workspace / "reports",
        "--no-topics",
    ]  # fmt: skip
    return CliRunner(env=ENGLISH).invoke(cli.main, [str(a) for a in args])


def tree(folder: Path) -> dict[str, bytes | None]:
    return {
        str(path.relative_to(folder)): None if path.is_dir() else path.read_bytes()
        for path in sorted(folder.rglob("*"))
    }


def error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error:")]


@pytest.fixture
def no_kernel(monkeypatch):
    """Anything that would run a period fails the test: these cases stop before."""

    def refuse(*args, **kwargs):
        raise AssertionError("a period was run")

    monkeypatch.setattr(batch.executors, "execute", refuse)


# --- the lock -----------------------------------------------------------------------------------


def test_the_batch_lock_is_in_the_reports_private_folder(tmp_path):
    reports = tmp_path / "reports"
    with lock.locked(reports):
        assert lock.lock_path(reports) == reports / ".briefing" / "batch.lock"
        assert lock.lock_path(reports).read_text() == str(os.getpid())
    assert oct((reports / ".briefing").stat().st_mode & 0o777) == "0o700"
    assert sorted(tree(reports)) == [".briefing", ".briefing/batch.lock"]


def test_a_link_at_the_old_lock_place_is_neither_followed_nor_locked(tmp_path):
    reports, victim = tmp_path / "reports", tmp_path / "victim"
    reports.mkdir()
    victim.write_bytes(b"root's own file")
    (reports / ".batch.lock").symlink_to(victim)
    with lock.locked(reports):
        pass
    assert victim.read_bytes() == b"root's own file"


def test_a_batch_lock_held_by_another_process_names_its_pid_and_user(workspace, no_kernel):
    reports = workspace / "reports"
    with lock.locked(reports):
        pass  # the private folder and its lock file, as a first batch leaves them
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time; f = open(sys.argv[1], 'r+'); "
            "fcntl.flock(f, fcntl.LOCK_EX); f.write(str(os.getpid())); f.flush(); "
            "print('held', flush=True); time.sleep(120)",
            str(lock.lock_path(reports)),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        before = tree(workspace)
        done = run_batch(workspace)
    finally:
        holder.kill()
        holder.wait()
    user = files.user_name(os.geteuid())
    assert done.exit_code == 2, done.output
    assert error_lines(done.output) == [
        f"error: another batch (pid {holder.pid}) of user {user} is writing to {reports}; "
        "wait for it to finish, or use another --reports-dir"
    ]
    assert tree(workspace) == before  # refused before anything: no warehouse, no report


def test_a_link_planted_as_the_reports_private_folder_is_refused(workspace, no_kernel):
    elsewhere = workspace / "elsewhere"
    elsewhere.mkdir()
    (workspace / "reports" / ".briefing").symlink_to(elsewhere)
    before = tree(workspace)
    done = run_batch(workspace)
    assert done.exit_code == 2, done.output
    assert error_lines(done.output) == [
        f"error: {workspace}/reports/.briefing: is a symbolic link where the product keeps its "
        "private folder (its locks); nothing is read or written through it: remove the link"
    ]
    assert "Traceback" not in done.output
    assert tree(workspace) == before


def test_the_refusal_is_said_in_chinese_under_a_chinese_locale(workspace, no_kernel):
    (workspace / "reports" / ".briefing").mkdir(mode=0o777)
    (workspace / "reports" / ".briefing").chmod(0o777)
    args = ["batch", "--data-dir", workspace / "raw", "--warehouse", workspace / "w.duckdb",
            "--reports-dir", workspace / "reports"]  # fmt: skip
    done = CliRunner(env={"LC_ALL": "zh_CN.UTF-8"}).invoke(cli.main, [str(a) for a in args])
    assert done.exit_code == 2
    assert (
        f"{workspace}/reports/.briefing：其他用户可以访问（权限0777）；本程序的锁文件只供本用户使用"
        in done.output
    )


# --- a read-only reports folder -----------------------------------------------------------------


READ_ONLY_LINE = (
    "error: the reports folder {reports} cannot be written ({reason}); make it writable, or "
    "give another --reports-dir (nothing was run)"
)


@pytest.mark.parametrize("first_time", [True, False], ids=["no private folder", "with it"])
def test_a_read_only_reports_folder_is_one_line_exit_2(workspace, no_kernel, first_time, mounting):
    """A read-only bind mount of the reports folder (root writes through chmod)."""
    shelf, reports = workspace / "reports", workspace / "mounted"
    if not first_time:
        with lock.locked(shelf):
            pass
    reports.mkdir()
    with mounting("--bind", "-o", "ro", str(shelf), str(reports)):
        before = tree(workspace)
        args = ["batch", "--data-dir", workspace / "raw", "--warehouse", workspace / "w.duckdb",
                "--reports-dir", reports, "--no-topics"]  # fmt: skip
        done = CliRunner(env=ENGLISH).invoke(cli.main, [str(a) for a in args])
        assert done.exit_code == 2, done.output
        assert error_lines(done.output) == [
            READ_ONLY_LINE.format(reports=reports, reason="Read-only file system")
        ]
        assert "Traceback" not in done.output
        assert tree(workspace) == before  # no warehouse, nothing in the reports


def test_a_reports_folder_that_takes_no_file_is_refused_before_anything(
    workspace, no_kernel, monkeypatch
):
    """The same without mount: the check that makes a file there is told it may not."""

    def denied(folder):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(folder))

    monkeypatch.setattr(files, "check_writable", denied)
    before = tree(workspace)
    done = run_batch(workspace)
    assert done.exit_code == 2, done.output
    reports = workspace / "reports"
    assert error_lines(done.output) == [
        READ_ONLY_LINE.format(reports=reports, reason="Permission denied")
    ]
    after = tree(workspace)  # the lock's private folder was made before the check said no
    assert (
        after.pop("reports/.briefing") is None and after.pop("reports/.briefing/batch.lock") == b""
    )
    assert after == before


# --- a full disk at a period's end ---------------------------------------------------------------


def job(reports: Path) -> Job:
    return Job(
        period=MONTH,
        region="贵阳市",
        notebook="notebooks/briefing.ipynb",
        reports_dir=str(reports),
        parameters={"period": MONTH},
        title="简报",
        label="2011年1-2月",
        manifest={"period": MONTH, "fingerprint": "f" * 64},
    )


def test_a_full_disk_at_the_end_of_a_good_run_keeps_the_last_good_report(
    workspace, monkeypatch, fill_disk
):
    reports = workspace / "reports"
    the_job = job(reports)
    staging = worker.stage(the_job)
    (staging / "briefing.html").write_text("<html>new</html>", encoding="utf-8")
    before = tree(reports / MONTH)
    fill_disk(0)
    outcome = worker.finish(the_job, staging, [PartOutcome(the_job.notebook, began=1, ended=2)])
    monkeypatch.undo()
    assert outcome.status == "failed"
    assert outcome.error == f"cannot write {reports / MONTH}: No space left on device"
    assert tree(reports / MONTH) == before  # the last good report, whole
    assert not staging.exists() and not list(reports.rglob(".tmp-*"))


def test_a_full_disk_leaves_no_cut_failed_notebook_nor_last_run(workspace, monkeypatch, fill_disk):
    reports = workspace / "reports"
    the_job = job(reports)
    staging = worker.stage(the_job)
    executed = staging / "briefing.ipynb"
    executed.write_text(json.dumps({"cells": ["x" * 300_000]}), encoding="utf-8")
    failed = PartOutcome(the_job.notebook, "KeyError: 'park'", 7, str(executed))
    before = tree(reports / MONTH)
    fill_disk(100_000)  # the disk fills in the middle of the copy
    outcome = worker.finish(the_job, staging, [failed])
    monkeypatch.undo()
    assert outcome.status == "failed"
    assert outcome.error == (
        f"KeyError: 'park'; cannot write {reports / MONTH}: No space left on device"
    )
    assert tree(reports / MONTH) == before  # no briefing.failed.ipynb cut at 100 KB
    assert not staging.exists() and not list(reports.rglob(".tmp-*"))


def test_a_later_good_run_replaces_a_failed_notebook_whole(workspace):
    reports = workspace / "reports"
    the_job = job(reports)
    staging = worker.stage(the_job)
    executed = staging / "briefing.ipynb"
    executed.write_text('{"cells": []}', encoding="utf-8")
    failed = PartOutcome(the_job.notebook, "KeyError: 'park'", 7, str(executed))
    outcome = worker.finish(the_job, staging, [failed])
    kept = reports / MONTH / "briefing.failed.ipynb"
    assert outcome.kept_notebook == str(kept) and kept.read_text() == '{"cells": []}'
    last = json.loads((reports / MONTH / "last-run.json").read_text(encoding="utf-8"))
    assert last["status"] == "failed" and last["failed_cell"] == 7


def test_a_good_run_replaces_the_periods_folder_whole_in_one_rename(workspace, monkeypatch):
    """The new report, its manifest and last-run.json take the period's name in one step: a
    file of the old report the new run did not make (a failed notebook, a Word file the run
    was not asked for) goes with it; the folder keeps the mode mkdir gives."""
    reports = workspace / "reports"
    old = reports / MONTH
    old.mkdir(parents=True, exist_ok=True)
    for name in ("briefing.html", "briefing.docx", "briefing.failed.ipynb"):
        (old / name).write_text("old", encoding="utf-8")
    the_job = job(reports)
    staging = worker.stage(the_job)
    (staging / "briefing.html").write_text("new", encoding="utf-8")
    (staging / ".model-0123.pickle").write_bytes(b"scratch")
    swaps = []
    real_swap = files.swap_in
    monkeypatch.setattr(files, "swap_in", lambda *paths: swaps.append(paths) or real_swap(*paths))
    outcome = worker.finish(the_job, staging, [PartOutcome(the_job.notebook, began=1, ended=2)])
    assert outcome.status == "ran"
    assert swaps == [(staging, old)]
    assert sorted(p.name for p in old.iterdir()) == [
        "briefing.html",
        "last-run.json",
        "manifest.json",
    ]
    assert (old / "briefing.html").read_text(encoding="utf-8") == "new"
    last = json.loads((old / "last-run.json").read_text(encoding="utf-8"))
    assert last["period"] == MONTH and last["status"] == "ok"
    umask = os.umask(0)
    os.umask(umask)
    assert old.stat().st_mode & 0o777 == 0o777 & ~umask
    assert not staging.exists() and not list(reports.glob(".tmp-*"))


def test_a_month_that_failed_on_input_says_its_record_was_not_written(
    workspace, monkeypatch, fill_disk
):
    region = regions.Region(workspace / "raw", workspace / "w.duckdb", workspace / "reports")
    before = tree(workspace / "reports")
    fill_disk(10)
    outcome = input_failures.input_failure(region, Period.parse(MONTH), ["bad cell"])
    monkeypatch.undo()
    assert outcome.status == "failed" and outcome.bad_input
    assert outcome.error == "input: bad cell (last-run.json not written: No space left on device)"
    assert tree(workspace / "reports") == before  # the old last-run.json, whole


def test_an_index_the_disk_does_not_take_is_a_failure_of_its_own(workspace, monkeypatch, fill_disk):
    region = regions.Region(workspace / "raw", workspace / "w.duckdb", workspace / "reports")
    before = tree(workspace / "reports")
    fill_disk(0)
    outcomes = pages.index_or_failure([region], "zh", Quiet().index_written)
    monkeypatch.undo()
    index = workspace / "reports" / "index.html"
    assert [(o.period, o.status, o.error) for o in outcomes] == [
        ("index.html", "failed", f"cannot write {index}: No space left on device")
    ]
    assert tree(workspace / "reports") == before
    # said in the batch's language where it is shown: the closing table's detail
    assert say(failures.detail(outcomes[0]), "zh") == f"无法写入 {index}（No space left on device）"


def test_a_full_disk_at_a_periods_end_is_said_in_chinese_too(workspace, monkeypatch, fill_disk):
    reports = workspace / "reports"
    the_job = job(reports)
    staging = worker.stage(the_job)
    failed = PartOutcome(the_job.notebook, "KeyError: 'park'", 7, "")
    fill_disk(0)
    outcome = worker.finish(the_job, staging, [failed])
    monkeypatch.undo()
    assert say(failures.detail(outcome), "zh") == (
        f"出错（KeyError: 'park'）；无法写入 {reports / MONTH}（No space left on device）"
    )


def test_a_write_refused_mid_batch_is_one_line_and_exit_1(workspace, monkeypatch):
    def full(request, listener=None):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(workspace / "reports" / "x"))

    monkeypatch.setattr(batch, "run_batch", full)
    done = run_batch(workspace)
    assert done.exit_code == 1
    assert error_lines(done.output) == [
        f"error: {workspace}/reports/x cannot be written (No space left on device)"
    ]
    assert "Traceback" not in done.output


def test_leftovers_of_a_killed_run_are_removed_files_and_folders(tmp_path):
    reports = tmp_path / "reports"
    (reports / MONTH / ".tmp-2011-02-abc").mkdir(parents=True)
    (reports / MONTH / ".tmp-last-run.json-0123").write_text("{cut")
    (reports / ".tmp-index.html-4567").write_text("<html")
    (reports / MONTH / "briefing.html").write_text("good")
    with lock.locked(reports):
        pass
    assert sorted(p.name for p in reports.rglob("*") if ".briefing" not in p.parts) == [
        MONTH,
        "briefing.html",
    ]


# --- end to end: a batch on a reports folder whose disk is full ----------------------------------


@pytest.mark.slow
def test_a_batch_on_a_full_disk_fails_each_period_in_one_line_and_cuts_nothing(
    tmp_path, capfd, mounting
):
    """A real tmpfs (where `mount` is allowed): a first batch renders two months on it, the
    disk is filled, and a second batch fails each period and the index with the cause, exit 1,
    the last good reports byte for byte as they were, nothing cut, no temporary file left."""
    raw, reports = tmp_path / "raw", tmp_path / "reports"
    for month in ("2011-02", "2011-03"):
        (raw / month).mkdir(parents=True)
        for path in (settings.RAW_DATA_DIR / month).iterdir():
            (raw / month / path.name).write_bytes(path.read_bytes())
    reports.mkdir()
    args = ["batch", "--data-dir", raw, "--warehouse", tmp_path / "w.duckdb",
            "--reports-dir", reports, "--no-topics", "--jobs", "2"]  # fmt: skip
    runner = CliRunner(env=ENGLISH)
    with mounting("-t", "tmpfs", "-o", "size=64m", "tmpfs", str(reports)):
        first = runner.invoke(cli.main, [str(a) for a in args])
        assert first.exit_code == 0, first.output
        filler = reports / ".briefing" / "filler"  # a dot file: never taken for a report
        with filler.open("wb") as handle, pytest.raises(OSError, match="No space left"):
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        good = {k: v for k, v in tree(reports).items() if not k.startswith(".briefing")}
        second = runner.invoke(cli.main, [str(a) for a in [*args, "--force"]])
        filler.unlink()
        after = {k: v for k, v in tree(reports).items() if not k.startswith(".briefing")}
    workers = capfd.readouterr().err  # what the workers and kernels printed
    assert second.exit_code == 1, second.output
    assert "Traceback" not in second.output + workers, second.output + workers
    rows = [line for line in second.output.splitlines() if "  failed  " in line]
    where = sorted(row.split()[0].rsplit("/", 1)[-1] for row in rows)
    assert where == ["2011-02", "2011-03", "index.html"], second.output
    assert all("No space left on device" in row for row in rows), rows
    assert after == good  # the last good reports and index, whole; no .tmp-* left
