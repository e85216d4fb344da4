"""Advisory file locks (flock) that several processes take, and who holds one.

A flock goes with the process that took it (a crash or a kill releases it). Who holds a lock
is read from the kernel's table of locks (/proc/locks, Linux), matched by the file's inode:
a pid a holder writes into the file could be stale or not yet written. A holder of the waiter's
own line (the batch that started a notebook's kernel, or a kernel the batch started) is named
as such, never as "another process".
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import IO

import psutil

from industry_briefing.core.errors import Words, listing, words
from industry_briefing.core.files import user_name

_PROC_LOCKS = Path("/proc/locks")


def holders(handle: IO[str]) -> list[int]:
    """The pids holding a flock on `handle`'s file (none where the table cannot be read)."""
    inode = str(os.fstat(handle.fileno()).st_ino)
    try:
        lines = _PROC_LOCKS.read_text().splitlines()
    except OSError:
        return []
    found = []
    for line in lines:
        fields = line.split()
        # "1: FLOCK  ADVISORY  WRITE 12345 08:01:667 0 EOF" (blocked waiters have "->")
        if len(fields) < 6 or fields[1] != "FLOCK" or "->" in fields:
            continue
        if fields[5].rsplit(":", 1)[-1] == inode:
            found.append(int(fields[4]))
    return found


def alive(pid: int) -> bool:
    """Whether a process of this pid exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process, alive
    return True


def owner(pid: int) -> str | None:
    """The login name of the user running `pid` (None where /proc does not say)."""
    try:
        return user_name(os.stat(f"/proc/{pid}").st_uid)
    except OSError:
        return None


def holder(pids: Sequence[int]) -> Words:
    """Who holds a lock, as the waiting and refusal messages name it: the pids, and their
    users where the system gives them ('(pid 4242) of user alice'; '(pid unknown)')."""
    if not pids:
        return words("files.holder.unknown")
    users = list(dict.fromkeys(user for pid in pids if (user := owner(pid)) is not None))
    numbers = listing(pids)
    if not users:
        return words("files.holder.pid", pids=numbers)
    return words("files.holder.user", pids=numbers, users=listing(users))


def kin(pid: int) -> bool:
    """Whether `pid` is of this process's own line: one that started it (a batch, for its
    notebook's kernel) or one it started (a batch's kernel, for the batch)."""
    try:
        me = psutil.Process()
        if any(parent.pid == pid for parent in me.parents()):
            return True
        return any(parent.pid == me.pid for parent in psutil.Process(pid).parents())
    except psutil.Error:  # gone meanwhile, or not ours to read
        return False


def who(pids: Sequence[int]) -> Words:
    """Who a waiter waits for, as its messages name it: another process (its pids and user),
    else the command that runs this notebook, else this command's own notebook."""
    others = [pid for pid in pids if not kin(pid)]
    if others or not pids:
        return words("files.who.other", holder=holder(others))
    if any(parent.pid in pids for parent in psutil.Process().parents()):
        return words("files.who.parent", pids=listing(pids))
    return words("files.who.child", pids=listing(pids))


def all_kin(pids: Sequence[int]) -> bool:
    """Whether every holder is of this process's own line (a wait of the batch's own, which
    is no news to the user: logged for debugging only)."""
    return bool(pids) and all(kin(pid) for pid in pids)
