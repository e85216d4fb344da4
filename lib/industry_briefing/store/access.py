"""Opening the warehouse: one writer or several readers at a time, waited for, and a damaged
file said in one line.

DuckDB lets one process write a database file, or several read it, never both: a second
process is refused at once ("Could not set lock"). Every process of the product takes an
advisory lock first (`lock_file`) (exclusive to write, shared to read) and waits for
it, saying whom it waits for (pid and user), up to a bounded time (BRIEFING_WAREHOUSE_WAIT
seconds). The lock file is in the private folder beside the warehouse (core/files.py: 0700,
the user's own), never at a name anyone may plant in /tmp. A process outside the product that
holds the file is waited for the same way. A file DuckDB cannot read (empty, cut short,
overwritten) is a `WarehouseDamaged`, whose message says how to rebuild it; a folder or disk
that takes no write (read-only, full) is a `WarehouseUnwritable`, said with its cause.
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

import duckdb

from industry_briefing.core import files, flocks, settings
from industry_briefing.core.errors import Refusal, Words, say, words

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


class WarehouseUnwritable(Refusal):
    """The warehouse cannot be written: its disk is full, its folder read-only or not the
    user's. Said with the real cause; what it held before stays as it was."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(words("files.warehouse.unwritable", path=str(path), reason=reason))


# What DuckDB or the system says of a write the disk or the folder does not take.
_UNWRITABLE = (
    "No space left on device",
    "Disk quota exceeded",
    "Read-only file system",
    "Permission denied",
)


# What stops a command that opens the warehouse, in one line: the CLI says it and exits 2.
REFUSALS: tuple[type[Refusal], ...] = (
    WarehouseDamaged,
    WarehouseBusy,
    WarehouseUnwritable,
    files.PrivateRefused,
)


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
        files.private_folder(_whole_mark(path).parent.parent)
        files.write_whole(_whole_mark(path), _stat_of(path))
    except (OSError, files.PrivateRefused):
        pass  # a read-only share: the next check reads the file again


def _marked_whole(path: Path) -> bool:
    mark = _whole_mark(path)
    try:
        files.private_folder(mark.parent.parent)  # a planted folder or link is never read
        return mark.read_text(encoding="utf-8") == _stat_of(path)
    except (OSError, files.PrivateRefused):
        return False


def _whole_mark(path: Path) -> Path:
    """Beside the lock file, in the warehouse's private folder."""
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
            # constraint is the writer's own error, and says so itself; one the disk refuses
            # is said with that cause, not as damage.
            if unwritable(error):
                raise WarehouseUnwritable(path, first_line(error)) from None
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
    for again in range(2, 1000):  # two in one second: the first is not replaced by the second
        if not kept.exists():
            break
        kept = path.with_name(f"{path.name}.{why}-{stamp}-{again}")
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
            if unwritable(error):
                raise WarehouseUnwritable(path, first_line(error)) from None
            if _LOCKED not in str(error):
                raise WarehouseDamaged(path, first_line(error)) from None
            if time.monotonic() > deadline:
                detail = first_line(error)
                raise WarehouseBusy(_busy("program_busy", path, detail=detail)) from None
            if not told:
                _log.warning("%s", say(_busy("program_waiting", path), _lang()))
                told = True
            time.sleep(_POLL_S)


def lock_file(path: Path) -> Path:
    """The file every process of the product locks before it opens the warehouse: in the
    private folder beside it (core/files.py), named by the warehouse's file, links followed
    (two paths to one file share its lock)."""
    real = path.resolve()
    return real.parent / files.PRIVATE / f"warehouse-{real.name}.lock"


@contextmanager
def _flock(path: Path, exclusive: bool) -> Iterator[None]:
    handle = _lock_handle(path, exclusive)
    if handle is None:  # a reader of a read-only share: no writer to coordinate with
        yield
        return
    with handle:
        _wait_for(handle, path, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield


def _lock_handle(path: Path, exclusive: bool) -> IO[str] | None:
    """The lock file, open; None for a reader where it cannot be made or is not the user's
    own (a shared warehouse of another user's, read only): nothing is read through it, and
    DuckDB's own lock on the file still keeps a reader from a writer (`_connect` waits). A
    writer is refused: PrivateRefused (a planted folder or link), else WarehouseUnwritable."""
    lock = lock_file(path)
    try:
        return files.open_lock(files.private_folder(lock.parent.parent), lock.name)
    except files.PrivateRefused:
        if exclusive:
            raise
        return None
    except OSError as error:  # a folder that takes no write (read-only, full, another's)
        if exclusive:  # a writer: said now, with its cause, not as DuckDB's IO error
            raise WarehouseUnwritable(path, files.reason(error)) from None
        return None


def _wait_for(handle: IO[str], path: Path, mode: int) -> None:
    deadline = time.monotonic() + wait_s()
    told: set[int] = set()  # the levels logged, once each
    while True:
        try:
            fcntl.flock(handle, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        pids = flocks.holders(handle)
        if time.monotonic() > deadline:
            raise WarehouseBusy(_busy("busy", path, who=flocks.who(pids)))
        # A batch and its own notebooks take turns: no news, and no line in a notebook. A
        # wait that then turns to another process's hold is said all the same.
        level = logging.DEBUG if flocks.all_kin(pids) else logging.WARNING
        if level not in told:
            doing = words(
                "files.warehouse.writing" if mode == fcntl.LOCK_SH else "files.warehouse.using"
            )
            waiting = _busy("waiting", path, who=flocks.who(pids), doing=doing)
            _log.log(level, "%s", say(waiting, _lang()))
            told.add(level)
        time.sleep(_POLL_S)


def _busy(key: str, path: Path, **fields: str | Words) -> Words:
    """A line of waiting for the warehouse, or of giving up: `files.warehouse.<key>`."""
    return words(f"files.warehouse.{key}", path=str(path), seconds=f"{wait_s():g}", **fields)


def _lang() -> str:
    """The language of a line logged while waiting: the locale's (the process may be a
    notebook's kernel, which has no command's --lang), else English."""
    return settings.locale_lang() or "en"


def roll_back(connection: duckdb.DuckDBPyConnection) -> None:
    """Undo a write's transaction. A commit the disk refused (full) has ended it already, and
    DuckDB's "cannot rollback - no transaction is active" would hide that cause: it is no
    error of its own."""
    with suppress(duckdb.Error):
        connection.execute("ROLLBACK")


def unwritable(error: BaseException) -> bool:
    """An error of a disk or folder that takes no write (full, read-only), not of the file."""
    return any(cause in str(error) for cause in _UNWRITABLE)


def unreadable(error: duckdb.Error) -> bool:
    """An error of reading the file (cut short, corrupt), not of what was asked of it."""
    corrupt = "Corrupt database" in str(error) or "not a valid DuckDB" in str(error)
    return isinstance(error, duckdb.IOException | duckdb.SerializationException) or corrupt


def first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
