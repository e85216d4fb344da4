"""Opening the warehouse: one writer or several readers at a time, waited for, and a damaged
file said in one line.

DuckDB lets one process write a database file, or several read it, never both: a second
process is refused at once ("Could not set lock"). Every process of the product takes an
advisory lock first (`lock_file`) (exclusive to write, shared to read) and waits for
it, saying whom it waits for, up to a bounded time (BRIEFING_WAREHOUSE_WAIT seconds). A
process outside the product that holds the file is waited for the same way. A file DuckDB
cannot read (empty, cut short, overwritten) is a `WarehouseDamaged`, whose message says how
to rebuild it.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import duckdb

from industry_briefing.core import flocks, settings
from industry_briefing.core.errors import Refusal, Words, listing, words

WAIT_ENV = settings.WAREHOUSE_WAIT_ENV
_POLL_S = 0.2
_LOCKED = "Could not set lock"
_log = logging.getLogger(__name__)


class WarehouseDamaged(Refusal, RuntimeError):
    """The warehouse file cannot be read: empty, cut short, overwritten or corrupt. `reason`
    is why: our words, or DuckDB's own message (said after the sentence, as it is)."""

    def __init__(self, path: Path, reason: str | Words) -> None:
        self.path, self.reason = path, reason
        super().__init__(words("warehouse.damaged", path=str(path), reason=reason))


class WarehouseBusy(Refusal, RuntimeError):
    """Another process held the warehouse for longer than the wait allows."""


def verify(path: Path) -> None:
    """Raise WarehouseDamaged unless every row of every table can be read (a file cut short
    reads its first tables well). A missing file is no damage. The file is read whole once per
    change: its size and time are kept (`mark_whole`) after a whole read or a write."""
    if not path.is_file() or _marked_whole(path):
        return
    if not looks_like_duckdb(path):
        raise WarehouseDamaged(path, words("warehouse.not_duckdb"))
    with connected(path) as connection:
        tables = [name for (name,) in connection.execute("SHOW TABLES").fetchall()]
        for table in sorted(tables):
            connection.execute(f'SELECT count(hash("{table}")) FROM "{table}"').fetchall()
    mark_whole(path)


def mark_whole(path: Path) -> None:
    """Keep the file's size and time: as long as they are the same, it is read whole."""
    try:
        _whole_mark(path).parent.mkdir(parents=True, exist_ok=True)
        _whole_mark(path).write_text(_stat_of(path), encoding="utf-8")
    except OSError:
        pass  # a read-only checkout: the next check reads the file again


def _marked_whole(path: Path) -> bool:
    try:
        return _whole_mark(path).read_text(encoding="utf-8") == _stat_of(path)
    except OSError:
        return False


def _whole_mark(path: Path) -> Path:
    """Beside the lock file, in the system's temporary folder: reading a warehouse elsewhere
    (a test's, another region's) writes nothing into the project."""
    return lock_file(path).with_suffix(".whole")


def _stat_of(path: Path) -> str:
    stat = path.stat()
    return f"{stat.st_size} {stat.st_mtime_ns}"


def looks_like_duckdb(path: Path) -> bool:
    """Whether the file starts as a DuckDB database does ("DUCK" after its first 8 bytes): a
    check that costs no import of DuckDB (an empty or overwritten file fails it; a file cut
    short needs `verify`)."""
    with path.open("rb") as handle:
        return handle.read(12)[8:12] == b"DUCK"


def wait_s() -> float:
    """How long to wait for the warehouse (BRIEFING_WAREHOUSE_WAIT, seconds; a bad value is a
    settings.SettingError naming it)."""
    return settings.warehouse_wait_s()


@contextmanager
def connected(path: Path, write: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the warehouse for the block: writing (one process at a time) or
    reading (several at once), waited for."""
    with _flock(path, write):
        connection = _connect(path, write)
        try:
            yield connection
        except duckdb.Error as error:
            # A read that fails is a file that cannot be read whole; a write that fails on a
            # constraint is the writer's own error, and says so itself.
            if _LOCKED in str(error) or (write and not unreadable(error)):
                raise
            raise WarehouseDamaged(path, first_line(error)) from None
        finally:
            connection.close()


def set_aside(path: Path, why: str = "damaged") -> Path:
    """Move the warehouse file out of the way (no process using it), kept beside it as
    `<name>.<why>-<time>`; the next write starts a new one."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    kept = path.with_name(f"{path.name}.{why}-{stamp}")
    with _flock(path, exclusive=True):
        os.replace(path, kept)
        wal = path.with_name(path.name + ".wal")
        if wal.exists():
            os.replace(wal, kept.with_name(kept.name + ".wal"))
    return kept


def _connect(path: Path, write: bool) -> duckdb.DuckDBPyConnection:
    deadline, told = time.monotonic() + wait_s(), False
    while True:
        try:
            return duckdb.connect(str(path), read_only=not write)
        except duckdb.Error as error:
            if _LOCKED not in str(error):
                raise WarehouseDamaged(path, first_line(error)) from None
            if time.monotonic() > deadline:
                said = words(
                    "warehouse.busy_program",
                    path=str(path),
                    seconds=f"{wait_s():.0f}",
                    error=first_line(error),
                )
                raise WarehouseBusy(said) from None
            if not told:
                _log.warning("waiting for the warehouse %s: another program has it open", path)
                told = True
            time.sleep(_POLL_S)


def lock_file(path: Path) -> Path:
    """The file every process of the product locks before it opens the warehouse: in the
    system's temporary folder, named by the warehouse's resolved path (the data folder holds
    only data)."""
    digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"briefing-warehouse-{digest}.lock"


@contextmanager
def _flock(path: Path, exclusive: bool) -> Iterator[None]:
    try:
        handle = lock_file(path).open("a+")
    except OSError:  # no temporary folder to write: nothing to coordinate with
        yield
        return
    with handle:
        _wait_for(handle, path, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield


def _wait_for(handle: IO[str], path: Path, mode: int) -> None:
    deadline, told = time.monotonic() + wait_s(), False
    while True:
        try:
            fcntl.flock(handle, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        pids = [str(pid) for pid in flocks.holders(handle)]
        holders = ", ".join(pids) or "unknown"
        if time.monotonic() > deadline:
            said = words(
                "warehouse.busy_batch",
                path=str(path),
                pids=listing(pids) if pids else words("run.pid_unknown"),
                seconds=f"{wait_s():.0f}",
            )
            raise WarehouseBusy(said)
        if not told:
            doing = "writing" if mode == fcntl.LOCK_SH else "using"
            _log.warning(
                "waiting for the warehouse %s: another process (pid %s) is %s it (up to %.0f s)",
                path,
                holders,
                doing,
                wait_s(),
            )
            told = True
        time.sleep(_POLL_S)


def unreadable(error: duckdb.Error) -> bool:
    """An error of reading the file (cut short, corrupt), not of what was asked of it."""
    corrupt = "Corrupt database" in str(error) or "not a valid DuckDB" in str(error)
    return isinstance(error, duckdb.IOException | duckdb.SerializationException) or corrupt


def first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
