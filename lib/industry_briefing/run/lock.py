"""One batch at a time per reports folder: the lock, and who holds it.

The lock is an advisory `flock` on `<reports>/.briefing/batch.lock`, in the reports folder's
private folder (core/files.py: 0700, the user's own; another user cannot open the file to hold
a lock on it and block everyone), so it goes with the process that held it (a crash or a kill
releases it). The holder writes its pid into the file for the message a second batch prints;
that write comes just after the lock is taken, and the file may still name a batch that was
killed, so the pid is taken from the kernel's table of locks (core.flocks) where there is one,
and otherwise read until it names a live process. The message names the holder's user too.

A reports folder that takes no write (read-only, another user's) is refused here, before
anything runs, in one line (`ReportsUnwritable`).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from industry_briefing.core import files, flocks
from industry_briefing.core.errors import Refusal, words

LOCK_FILE = "batch.lock"  # in the reports folder's private folder (`lock_path`)
# How long a refused batch waits for the holder to write its pid (it does so at once).
HOLDER_WAIT_S = 2.0


class BatchLocked(Refusal, RuntimeError):
    """Another batch is writing to the same reports folder."""


class ReportsUnwritable(Refusal):
    """The reports folder takes no write: read-only, full, or another user's."""


def lock_path(reports_dir: Path) -> Path:
    """The batch's lock file of a reports folder."""
    return reports_dir / files.PRIVATE / LOCK_FILE


@contextmanager
def locked(reports_dir: Path) -> Iterator[None]:
    """Hold the reports folder's lock for the block; refuse clearly if another batch holds it,
    or if the folder takes no write.

    Taking it also removes the temporary files and folders a killed batch left behind."""
    with _lock_handle(reports_dir) as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = flocks.holder([pid] if (pid := holder_pid(handle)) else [])
            raise BatchLocked(
                words("files.batch_locked", holder=holder, reports=str(reports_dir))
            ) from None
        _write_pid(handle, str(os.getpid()))
        try:
            remove_leftovers(reports_dir)
            _check_writable(reports_dir)
            yield
        finally:
            _write_pid(handle, "")  # released: the file names no one


def _lock_handle(reports_dir: Path) -> IO[str]:
    """The lock file, open (its private folder made if missing); ReportsUnwritable when the
    folder takes no write, PrivateRefused when its private folder is not the user's own."""
    try:
        reports_dir.mkdir(parents=True, exist_ok=True)
        return files.open_lock(files.private_folder(reports_dir), LOCK_FILE)
    except OSError as error:
        raise _unwritable(reports_dir, error) from None


def _check_writable(reports_dir: Path) -> None:
    """A read-only folder (or another user's) said here, before any month is read or run,
    not by a traceback at its end."""
    try:
        files.check_writable(reports_dir)
    except OSError as error:
        raise _unwritable(reports_dir, error) from None


def _unwritable(reports_dir: Path, error: OSError) -> ReportsUnwritable:
    what = words("files.reports_unwritable", path=str(reports_dir), reason=files.reason(error))
    return ReportsUnwritable(what)


def holder_pid(handle: IO[str]) -> int | None:
    """The pid of the process holding the lock on `handle`'s file, or None if unknown."""
    return next(iter(flocks.holders(handle)), None) or _pid_written(handle)


def remove_leftovers(reports_dir: Path) -> None:
    """Temporary files and folders of a run that was killed: never part of a report. A
    period's report it had set aside to replace is put back first (files.recover_replaced)."""
    files.recover_replaced(reports_dir)
    prefix = files.TEMPORARY_PREFIX
    for leftover in [*reports_dir.glob(f"*/{prefix}*"), *reports_dir.glob(f"{prefix}*")]:
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


def _write_pid(handle: IO[str], text: str) -> None:
    """The holder's pid in the lock file, for a second batch's message. A disk too full for
    it is no reason to stop: the kernel's table of locks names the holder all the same, and
    the periods say for themselves what they could not write."""
    try:  # written past the file object's buffer: nothing left to fail again at its close
        os.ftruncate(handle.fileno(), 0)
        os.pwrite(handle.fileno(), text.encode(), 0)
    except OSError:
        pass


def _pid_written(handle: IO[str], wait_s: float = HOLDER_WAIT_S) -> int | None:
    """The pid the holder wrote, once it names a live process (within `wait_s`)."""
    deadline = time.monotonic() + wait_s
    while True:
        handle.seek(0)
        text = handle.read().strip()
        if text.isdigit() and flocks.alive(int(text)):
            return int(text)
        if time.monotonic() > deadline:
            return None
        time.sleep(0.02)
