"""The warehouse's lock and marks in a private folder beside it, and a warehouse whose disk is
full or whose folder is read-only said in one line with the real cause (issue 24, items 2, 5).

A full disk and a read-only folder are real where this machine allows `mount` (a tiny tmpfs, a
read-only bind mount: the tests run as root); elsewhere those tests are skipped, and the same
cases are played by monkeypatching what DuckDB and the system answer."""

import errno
import fcntl
import hashlib
import logging
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from industry_briefing import cli
from industry_briefing.core import files, settings
from industry_briefing.core.periods import Period
from industry_briefing.ingest import reader
from industry_briefing.store import access, warehouse
from industry_briefing.store.access import WarehouseBusy, WarehouseUnwritable


@pytest.fixture
def root(tmp_path):
    """Two bundled months to ingest."""
    raw = tmp_path / "raw"
    for month in ("2011-02", "2011-03"):
        (raw / month).mkdir(parents=True)
        for path in (settings.RAW_DATA_DIR / month).iterdir():
            (raw / month / path.name).write_bytes(path.read_bytes())
    return raw


def ingest(raw: Path, db: Path, month: str = "2011-02", **env: str):
    args = ["ingest", month, "--data-dir", str(raw), "--warehouse", str(db), "--lang", "en"]
    return CliRunner(env=env).invoke(cli.main, args)


def error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error:")]


def tree(folder: Path) -> dict[str, bytes | None]:
    return {
        str(path.relative_to(folder)): None if path.is_dir() else path.read_bytes()
        for path in sorted(folder.rglob("*"))
    }


# --- the lock and the mark: private, beside the warehouse ---------------------------------------


def test_the_lock_and_mark_are_in_a_private_folder_beside_the_warehouse(root, tmp_path):
    db = tmp_path / "w.duckdb"
    assert ingest(root, db).exit_code == 0
    private = tmp_path / ".briefing"
    assert sorted(p.name for p in private.iterdir()) == [
        "warehouse-w.duckdb.lock",
        "warehouse-w.duckdb.whole",
    ]
    assert oct(private.stat().st_mode & 0o777) == "0o700"
    assert access.lock_file(db) == private / "warehouse-w.duckdb.lock"


def old_place(db: Path, suffix: str) -> Path:
    """Where the lock and the mark were before: a name anyone could work out, in /tmp."""
    digest = hashlib.sha256(str(db.resolve()).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"briefing-warehouse-{digest}{suffix}"


def test_a_link_planted_at_the_old_place_in_tmp_is_not_followed(root, tmp_path):
    db = tmp_path / "w.duckdb"
    victim = tmp_path / "victim"
    victim.write_bytes(b"root's own file")
    victim.chmod(0o600)
    planted = [old_place(db, ".whole"), old_place(db, ".lock")]
    try:
        for place in planted:
            place.symlink_to(victim)
        assert ingest(root, db).exit_code == 0
        access.verify(db)
        assert victim.read_bytes() == b"root's own file"
        assert all(place.is_symlink() for place in planted)  # nothing written there either
    finally:
        for place in planted:
            place.unlink(missing_ok=True)


def test_a_link_planted_as_the_private_folder_is_refused_in_one_line(root, tmp_path):
    db = tmp_path / "w.duckdb"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / ".briefing").symlink_to(elsewhere)
    before = tree(tmp_path)
    done = ingest(root, db)
    assert done.exit_code == 2, done.output
    assert error_lines(done.output) == [
        f"error: {tmp_path}/.briefing: is a symbolic link where the product keeps its private "
        "folder (its locks); nothing is read or written through it: remove the link"
    ]
    assert "Traceback" not in done.output
    assert tree(tmp_path) == before  # no warehouse written, nothing in the link's target


def test_a_reader_reads_past_a_planted_private_folder_and_a_writer_does_not(root, tmp_path):
    """A reader reads nothing through it (DuckDB's own lock keeps it from a writer); the
    next write is refused, naming the folder."""
    db = tmp_path / "w.duckdb"
    assert ingest(root, db).exit_code == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for path in (tmp_path / ".briefing").iterdir():
        path.unlink()
    (tmp_path / ".briefing").rmdir()
    (tmp_path / ".briefing").symlink_to(elsewhere)
    access.verify(db)
    assert warehouse.list_periods(db) == [Period.parse("2011-02")]
    with pytest.raises(files.PrivateRefused):
        warehouse.write_period(db, reader.read_period(root, "2011-03"))
    assert list(elsewhere.iterdir()) == []
    assert warehouse.list_periods(db) == [Period.parse("2011-02")]


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user takes root")
def test_another_users_private_folder_is_refused(root, tmp_path):
    (tmp_path / ".briefing").mkdir(mode=0o700)
    os.chown(tmp_path / ".briefing", 65534, 65534)
    done = ingest(root, tmp_path / "w.duckdb")
    assert done.exit_code == 2
    (line,) = error_lines(done.output)
    assert line.startswith(f"error: {tmp_path}/.briefing: belongs to user ")
    assert not (tmp_path / "w.duckdb").exists()


class Holder:
    """A process holding a lock file, as a batch writing the warehouse does."""

    def __init__(self, lock: Path, *, ours: bool) -> None:
        # Not ours: the holder forks and its parent leaves, so that it is nobody's child here
        # (as another user's batch is); ours: this test's own child (as a batch's kernel is).
        leave = "" if ours else "if os.fork(): os._exit(0)\n"
        code = (
            "import fcntl, os, sys, time\n" + leave + "f = open(sys.argv[1])\n"
            "fcntl.flock(f, fcntl.LOCK_EX)\nprint(os.getpid(), flush=True)\ntime.sleep(120)\n"
        )
        self._process = subprocess.Popen(
            [sys.executable, "-c", code, str(lock)], stdout=subprocess.PIPE, text=True
        )
        self.pid = int(self._process.stdout.readline())

    def end(self) -> None:
        os.kill(self.pid, 9)
        self._process.kill()
        self._process.wait()
        self._process.stdout.close()


def test_a_lock_held_by_another_process_names_its_pid_and_user(root, tmp_path, monkeypatch, caplog):
    db = tmp_path / "w.duckdb"
    assert ingest(root, db).exit_code == 0
    monkeypatch.setenv(settings.WAREHOUSE_WAIT_ENV, "0.5")
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    other = Holder(access.lock_file(db), ours=False)
    user = files.user_name(os.geteuid())
    try:
        with caplog.at_level(logging.WARNING), pytest.raises(WarehouseBusy) as busy:
            warehouse.list_periods(db)
        done = ingest(root, db, "2011-03", BRIEFING_WAREHOUSE_WAIT="0.5")
    finally:
        other.end()
    holder = f"(pid {other.pid}) of user {user}"
    assert caplog.messages == [  # a reader, then the ingest's writer
        f"waiting for the warehouse {db}: another process {holder} is writing it (up to 0.5 s)",
        f"waiting for the warehouse {db}: another process {holder} is using it (up to 0.5 s)",
    ]
    assert str(busy.value) == (
        f"the warehouse {db} stayed in use by another process {holder} for 0.5 s; wait for it "
        "to finish, or use another --warehouse"
    )
    assert busy.value.text("zh") == (
        f"数据仓库 {db} 被另一个进程（进程号{other.pid}，用户{user}）占用了0.5秒；请等它完成，"
        "或使用另一个 --warehouse"
    )
    assert done.exit_code == 2
    assert error_lines(done.output) == [f"error: {busy.value}"]
    assert warehouse.list_periods(db) == [Period.parse("2011-02")]  # 2011-03 never written


def test_a_wait_on_the_batchs_own_notebook_is_no_warning(root, tmp_path, monkeypatch, caplog):
    """A batch writes the next month while its notebook's kernel reads this one: the two take
    turns on the lock. That wait is no news (logged for debugging only, so no line lands in a
    notebook either), and where it lasts too long the kernel is named as the batch's own."""
    db = tmp_path / "w.duckdb"
    assert ingest(root, db).exit_code == 0
    monkeypatch.setenv(settings.WAREHOUSE_WAIT_ENV, "0.5")
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    kernel = Holder(access.lock_file(db), ours=True)
    try:
        with (
            caplog.at_level(logging.DEBUG, "industry_briefing"),
            pytest.raises(WarehouseBusy) as busy,
        ):
            warehouse.list_periods(db)
    finally:
        kernel.end()
    waiting = [record for record in caplog.records if "waiting for the warehouse" in record.message]
    assert [(record.levelno, record.message) for record in waiting] == [
        (
            logging.DEBUG,
            f"waiting for the warehouse {db}: this command's own notebook (pid {kernel.pid}) is "
            "writing it (up to 0.5 s)",
        )
    ]
    assert str(busy.value) == (
        f"the warehouse {db} stayed in use by this command's own notebook (pid {kernel.pid}) for "
        "0.5 s; wait for it to finish, or use another --warehouse"
    )
    assert busy.value.text("zh").startswith(
        f"数据仓库 {db} 被本命令自己的笔记本（进程号{kernel.pid}）占用了0.5秒"
    )


def test_a_wait_that_turns_to_another_process_is_said(root, tmp_path, monkeypatch, caplog):
    """The batch's own notebook holds the lock, then ends while another process waits for it
    too: the wait, quiet while it was the batch's own, is said once the other one holds."""
    db = tmp_path / "w.duckdb"
    assert ingest(root, db).exit_code == 0
    monkeypatch.setenv(settings.WAREHOUSE_WAIT_ENV, "4")
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    lock = access.lock_file(db)
    kernel, others = Holder(lock, ours=True), []
    queued = threading.Thread(target=lambda: others.append(Holder(lock, ours=False)))
    queued.start()  # blocks on the lock until the kernel ends
    ending = threading.Timer(1.0, kernel.end)
    ending.start()
    try:
        with caplog.at_level(logging.DEBUG, "industry_briefing"), pytest.raises(WarehouseBusy):
            warehouse.list_periods(db)
    finally:
        ending.join()
        queued.join()
        for other in others:
            other.end()
    waiting = [r for r in caplog.records if "waiting for the warehouse" in r.message]
    assert [(r.levelno, "own notebook" in r.message) for r in waiting] == [
        (logging.DEBUG, True),
        (logging.WARNING, False),
    ]
    assert f"another process (pid {others[0].pid})" in waiting[1].message


def test_a_notebook_waiting_on_the_batch_that_runs_it_names_that_batch(root, tmp_path):
    """The other way round: the kernel (here a child process) waits while its batch (this test)
    writes; it says nothing on its error stream until it gives up, and then names the batch."""
    db = tmp_path / "w.duckdb"
    assert ingest(root, db).exit_code == 0
    code = (
        "import sys\nfrom pathlib import Path\nfrom industry_briefing.store import warehouse\n"
        "from industry_briefing.store.access import WarehouseBusy\n"
        "try:\n    warehouse.list_periods(Path(sys.argv[1]))\n"
        "except WarehouseBusy as busy:\n    print(busy)\n"
    )
    env = {**os.environ, settings.WAREHOUSE_WAIT_ENV: "0.5", "LC_ALL": "C.UTF-8"}
    with access.lock_file(db).open("a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        done = subprocess.run(
            [sys.executable, "-c", code, str(db)], capture_output=True, text=True, env=env
        )
    assert done.stderr == ""
    assert done.stdout.strip() == (
        f"the warehouse {db} stayed in use by the command running this notebook (pid "
        f"{os.getpid()}) for 0.5 s; wait for it to finish, or use another --warehouse"
    )


# --- a full disk --------------------------------------------------------------------------------


class _FullOnCommit:
    """A connection whose COMMIT fails as DuckDB's does on a full disk: the transaction ends
    with it, so that a ROLLBACK after it says "no transaction is active"."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, wal: Path) -> None:
        self._connection, self._wal = connection, wal

    def execute(self, sql: str, *args):
        if sql == "COMMIT":
            self._connection.execute("ROLLBACK")
            raise duckdb.TransactionException(
                f'TransactionContext Error: Failed to commit: Could not write file "{self._wal}": '
                "No space left on device"
            )
        return self._connection.execute(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self._connection, name)


def test_a_full_disk_is_said_with_its_cause_not_as_no_transaction(root, tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    assert ingest(root, db).exit_code == 0
    connect = access._connect
    monkeypatch.setattr(
        access,
        "_connect",
        lambda path, write: _FullOnCommit(connect(path, write), Path(f"{path}.wal")),
    )
    before = tree(tmp_path / "raw")
    done = ingest(root, db, "2011-03")
    monkeypatch.undo()
    assert done.exit_code == 2, done.output
    assert error_lines(done.output) == [
        f"error: the warehouse {db} cannot be written: TransactionContext Error: Failed to "
        f'commit: Could not write file "{db}.wal": No space left on device; free space on its '
        "disk or make its folder writable, or give another --warehouse (its earlier rows are "
        "as they were)"
    ]
    assert "cannot rollback" not in done.output and "Traceback" not in done.output
    assert warehouse.list_periods(db) == [Period.parse("2011-02")]
    assert tree(tmp_path / "raw") == before


def fill(folder: Path) -> Path:
    """Fill the file system of `folder` to its last byte."""
    filler = folder / "filler"
    with filler.open("wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError as error:
            assert error.errno == errno.ENOSPC
    return filler


def test_a_warehouse_on_a_full_tmpfs_is_said_in_one_line(root, tmp_path, mounting):
    disk = tmp_path / "disk"
    disk.mkdir()
    with mounting("-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)):
        db = disk / "w.duckdb"
        assert ingest(root, db).exit_code == 0
        filler = fill(disk)
        before = {p.name: p.stat().st_size for p in disk.iterdir() if p.name != "filler"}
        done = ingest(root, db, "2011-03")
        filler.unlink()
        (line,) = error_lines(done.output)
        assert done.exit_code == 2, done.output
        assert line.startswith(f"error: the warehouse {db} cannot be written: ")
        assert "No space left on device" in line
        assert "cannot rollback" not in done.output and "Traceback" not in done.output
        assert warehouse.list_periods(db) == [Period.parse("2011-02")]  # as it was
        assert {p.name for p in disk.iterdir()} <= {*before, "w.duckdb.wal"}


# --- a read-only folder -------------------------------------------------------------------------


def test_a_warehouse_in_a_read_only_folder_is_not_called_damaged(root, tmp_path, mounting):
    """A read-only bind mount: root writes through chmod, not through a read-only mount."""
    shelf, mount = tmp_path / "shelf", tmp_path / "ro"
    shelf.mkdir()
    mount.mkdir()
    assert ingest(root, shelf / "w.duckdb").exit_code == 0
    with mounting("--bind", "-o", "ro", str(shelf), str(mount)):
        before = tree(mount)
        db = mount / "w.duckdb"
        done = ingest(root, db, "2011-03")
        assert done.exit_code == 2, done.output
        assert error_lines(done.output) == [
            f"error: the warehouse {db} cannot be written: Read-only file system; free space on "
            "its disk or make its folder writable, or give another --warehouse (its earlier "
            "rows are as they were)"
        ]
        assert warehouse.list_periods(db) == [Period.parse("2011-02")]  # readers still read
        assert tree(mount) == before


def test_a_private_folder_that_cannot_be_made_stops_a_writer_not_a_reader(
    root, tmp_path, monkeypatch
):
    db = tmp_path / "w.duckdb"
    warehouse.write_period(db, reader.read_period(root, "2011-02"))
    (tmp_path / ".briefing" / "warehouse-w.duckdb.whole").unlink()  # read it whole again

    def read_only(parent):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(parent))

    monkeypatch.setattr(files, "private_folder", read_only)
    access.verify(db)
    assert warehouse.list_periods(db) == [Period.parse("2011-02")]
    with pytest.raises(WarehouseUnwritable) as refused:
        warehouse.write_period(db, reader.read_period(root, "2011-03"))
    assert refused.value.reason == "Read-only file system"
    assert warehouse.list_periods(db) == [Period.parse("2011-02")]


def test_nothing_of_the_warehouse_is_left_in_the_temporary_folder(root, tmp_path):
    db = tmp_path / "w.duckdb"
    assert ingest(root, db).exit_code == 0
    access.verify(db)
    assert warehouse.list_periods(db) == [Period.parse("2011-02")]
    assert not old_place(db, ".lock").exists() and not old_place(db, ".whole").exists()
