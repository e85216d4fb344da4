"""One batch at a time per reports folder: the lock, and who holds it.

The lock is an advisory `flock` on `<reports>/.batch.lock`, so it goes with the process that
held it (a crash or a kill releases it). The holder writes its pid into the file for the
message a second batch prints; that write comes just after the lock is taken, and the file may
still name a batch that was killed, so the pid is taken from the kernel's table of locks
(core.flocks) where there is one, and otherwise read until it names a live process.
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

from industry_briefing.core import flocks
from industry_briefing.core.errors import Refusal, words

LOCK_FILE = ".batch.lock"
# How long a refused batch waits for the holder to write its pid (it does so at once).
HOLDER_WAIT_S = 2.0


class BatchLocked(Refusal, RuntimeError):
    """Another batch is writing to the same reports folder."""


@contextmanager
def locked(reports_dir: Path) -> Iterator[None]:
    """Hold the reports folder's lock for the block; refuse clearly if another batch holds it.

    Taking it also removes the temporary folders a killed batch left behind."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    with (reports_dir / LOCK_FILE).open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = holder_pid(handle)
            pid = str(holder) if holder else words("run.pid_unknown")
            raise BatchLocked(words("run.locked", pid=pid, path=str(reports_dir))) from None
        _write_pid(handle, str(os.getpid()))
        try:
            remove_leftovers(reports_dir)
            yield
        finally:
            _write_pid(handle, "")  # released: the file names no one


def holder_pid(handle: IO[str]) -> int | None:
    """The pid of the process holding the lock on `handle`'s file, or None if unknown."""
    return next(iter(flocks.holders(handle)), None) or _pid_written(handle)


def remove_leftovers(reports_dir: Path) -> None:
    """Temporary folders of a run that was killed: never part of a report."""
    for leftover in [*reports_dir.glob("*/.tmp-*"), *reports_dir.glob(".tmp-*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def _write_pid(handle: IO[str], text: str) -> None:
    handle.seek(0)
    handle.truncate()
    handle.write(text)
    handle.flush()


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
