"""How the batch's processes end together, and where their files go.

A batch's workers end with the batch, and a kernel with its worker and its fork server, however
each ends (killed too), so that no process of a batch outlives it:

- `die_with_parent`: Linux's PR_SET_PDEATHSIG, set by the child itself; the kernel sends it
  SIGKILL when its parent ends, with no help from the parent (which may have been killed).
- `follow`: for a process that is not the parent (a forked kernel's worker), a thread that
  waits on that process's sentinel (multiprocessing's: a pipe that closes when it ends) and
  then ends this process's group.

Their files (the kernels' sockets and connection files, the fork server's socket) go in a
folder of their own in TMPDIR, `briefing-<pid>-…` (`private_folder`), removed when its
process ends, or, if it was killed, by the next batch (`sweep`).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator
from multiprocessing.connection import wait
from pathlib import Path

PREFIX = "briefing-"
KERNEL = "briefing-kernel"  # a forked kernel's name (its Process's, and its comm on Linux)
_PR_SET_NAME, _PR_SET_PDEATHSIG = 15, 1  # linux/prctl.h


def die_with_parent(parent: int) -> None:
    """Get SIGKILL when the parent (pid `parent`, the thread that started this process) ends;
    if it has ended already, end now. Linux only: elsewhere, nothing."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:  # it ended before the prctl: no signal will come
        os._exit(1)


def name_process(name: str) -> None:
    """The name `ps -o comm`, top and psutil show (15 characters at most; Linux only): a
    forked process shows its server's command line otherwise, and nothing else."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_NAME, name.encode()[:15], 0, 0, 0)


def follow(sentinel: int) -> None:
    """End this process and its group (SIGKILL) once the process whose multiprocessing
    sentinel this is has ended: a kernel must not outlive the worker it serves."""

    def watch() -> None:
        wait([sentinel])
        os.killpg(os.getpgrp(), signal.SIGKILL)

    threading.Thread(target=watch, name="follow-parent", daemon=True).start()


@contextlib.contextmanager
def private_folder() -> Iterator[Path]:
    """A folder of this process in TMPDIR, removed at the end of the block; folders left by
    processes that were killed are removed first (`sweep`)."""
    sweep()
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


_own: dict[int, Path] = {}  # by pid: a forked child makes its own


def own_folder() -> Path:
    """This process's folder in TMPDIR, made on first use; `remove_own_folder` removes it (a
    worker's, when it exits; one left by a killed worker goes with the next `sweep`)."""
    pid = os.getpid()
    if pid not in _own:
        sweep()
        _own[pid] = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{pid}-"))
    return _own[pid]


def remove_own_folder() -> None:
    folder = _own.pop(os.getpid(), None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def sweep(where: Path | None = None) -> None:
    """Remove this user's `briefing-<pid>-…` folders whose process has ended (a killed batch
    or worker could not remove its own)."""
    where = where or Path(tempfile.gettempdir())
    for folder in where.glob(f"{PREFIX}*-*"):
        pid = folder.name.removeprefix(PREFIX).split("-", 1)[0]
        with contextlib.suppress(OSError):
            if pid.isdigit() and folder.stat().st_uid == os.getuid() and not _alive(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)


def use_tmp(folder: str) -> None:
    """This process's TMPDIR, and its children's (a worker's kernels inherit its env)."""
    os.environ["TMPDIR"] = folder
    tempfile.tempdir = folder


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process now: ours has ended
        return False
    return True
