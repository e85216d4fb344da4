"""Files written whole, and the private folder of the product's locks (core/files.py).

A full disk is played by `os.write` taking part of the bytes, then failing with ENOSPC, as a
disk that fills in the middle of a file does (no root, no mount needed). Another user's
folder is played by chown (the tests run as root; skipped otherwise)."""

import errno
import fcntl
import os
import stat
import subprocess
import sys
from contextlib import nullcontext

import pytest

from industry_briefing.core import files, flocks
from industry_briefing.core.errors import say

NOBODY = 65534


def listing(folder):
    return {path.name: path.read_bytes() for path in folder.iterdir()}


def test_a_full_disk_leaves_the_old_file_whole_and_no_temporary(tmp_path, fill_disk):
    target = tmp_path / "last-run.json"
    target.write_text('{"status": "ok"}', encoding="utf-8")
    before = listing(tmp_path)
    fill_disk(10)
    with pytest.raises(OSError) as raised:
        files.write_whole(target, '{"status": "failed", "error": "' + "x" * 5000 + '"}')
    assert raised.value.errno == errno.ENOSPC
    assert listing(tmp_path) == before  # the old file as it was; nothing cut, nothing left


def test_a_copy_on_a_full_disk_leaves_no_cut_copy(tmp_path, fill_disk):
    source = tmp_path / "staging.ipynb"
    source.write_bytes(b"{" + b"0" * 300_000 + b"}")
    kept = tmp_path / "out" / "briefing.failed.ipynb"
    kept.parent.mkdir()
    fill_disk(100_000)
    with pytest.raises(OSError):
        files.copy_whole(source, kept)
    assert list(kept.parent.iterdir()) == []


def test_written_whole_replaces_a_planted_link_without_following_it(tmp_path):
    victim = tmp_path / "victim"
    victim.write_bytes(b"secret")
    victim.chmod(0o600)
    planted = tmp_path / "index.html"
    planted.symlink_to(victim)
    files.write_whole(planted, "<html></html>")
    assert victim.read_bytes() == b"secret"
    assert not planted.is_symlink() and planted.read_text() == "<html></html>"


def test_a_file_written_whole_has_the_permissions_a_plain_write_gives(tmp_path):
    mask = os.umask(0o022)
    try:
        written = files.write_whole(tmp_path / "briefing.html", "x")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(written.stat().st_mode) == 0o644  # shared reports, not mkstemp's 0600


def test_the_private_folder_is_made_the_users_own_0700(tmp_path):
    folder = files.private_folder(tmp_path)
    info = folder.lstat()
    assert folder == tmp_path / ".briefing"
    assert stat.S_ISDIR(info.st_mode) and stat.S_IMODE(info.st_mode) == 0o700
    assert info.st_uid == os.geteuid()
    assert files.private_folder(tmp_path) == folder  # the second time: taken as it is


def test_a_link_planted_as_the_private_folder_is_refused_and_not_followed(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / ".briefing").symlink_to(elsewhere)
    with pytest.raises(files.PrivateRefused) as refused:
        files.private_folder(tmp_path / "reports")
    assert str(refused.value) == (
        f"{tmp_path}/reports/.briefing: is a symbolic link where the product keeps its private "
        "folder (its locks); nothing is read or written through it: remove the link"
    )
    assert list(elsewhere.iterdir()) == []


def test_a_private_folder_open_to_others_is_refused(tmp_path):
    (tmp_path / ".briefing").mkdir()
    (tmp_path / ".briefing").chmod(0o777)
    with pytest.raises(files.PrivateRefused) as refused:
        files.private_folder(tmp_path)
    assert str(refused.value) == (
        f"{tmp_path}/.briefing: other users may open it (mode 0777); the product's locks are "
        "kept private: chmod 700 it, or remove it"
    )
    assert refused.value.text("zh") == (
        f"{tmp_path}/.briefing：其他用户可以访问（权限0777）；本程序的锁文件只供本用户使用："
        "请执行 chmod 700，或删除该文件夹"
    )
    assert list((tmp_path / ".briefing").iterdir()) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user takes root")
def test_another_users_private_folder_is_refused_naming_both_users(tmp_path):
    (tmp_path / ".briefing").mkdir(mode=0o700)
    os.chown(tmp_path / ".briefing", NOBODY, NOBODY)
    with pytest.raises(files.PrivateRefused) as refused:
        files.private_folder(tmp_path)
    owner = files.user_name(NOBODY)
    assert str(refused.value) == (
        f"{tmp_path}/.briefing: belongs to user {owner}, not to root; the product's locks are "
        f"kept private: remove the folder, or run as {owner}"
    )


def test_a_file_where_the_private_folder_goes_is_refused(tmp_path):
    (tmp_path / ".briefing").write_text("")
    with pytest.raises(files.PrivateRefused, match="is not a folder"):
        files.private_folder(tmp_path)


def test_a_lock_file_is_never_opened_through_a_link(tmp_path):
    folder = files.private_folder(tmp_path)
    victim = tmp_path / "victim"
    victim.write_text("keep")
    (folder / "batch.lock").symlink_to(victim)
    with pytest.raises(OSError) as raised:
        files.open_lock(folder, "batch.lock")
    assert raised.value.errno == errno.ELOOP
    assert victim.read_text() == "keep"


def test_who_holds_a_lock_is_named_by_pid_and_user(tmp_path):
    lock = tmp_path / "held.lock"
    lock.write_text("")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time; f = open(sys.argv[1]); fcntl.flock(f, fcntl.LOCK_EX); "
            "print('held', flush=True); time.sleep(60)",
            str(lock),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with lock.open() as handle:
            with pytest.raises(BlockingIOError):
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            named = flocks.holder(flocks.holders(handle))
        user = files.user_name(os.geteuid())
        assert say(named, "en") == f"(pid {holder.pid}) of user {user}"
        assert say(named, "zh") == f"（进程号{holder.pid}，用户{user}）"
    finally:
        holder.kill()
        holder.wait()
    assert say(flocks.holder([]), "en") == "(pid unknown)"


def test_check_writable_leaves_nothing(tmp_path):
    files.check_writable(tmp_path)
    assert list(tmp_path.iterdir()) == []


# --- folders replaced whole ----------------------------------------------------------------------

OLD = {"briefing.html": b"old", "manifest.json": b"{old}", "briefing.failed.ipynb": b"{}"}
NEW = {"briefing.html": b"new", "manifest.json": b"{new}", "tables.xlsx": b"xlsx"}


def folders(tmp_path):
    """A period's old report and its new one staged beside it (the batch's .tmp- folder)."""
    destination, staging = tmp_path / "2011-05", tmp_path / f"{files.TEMPORARY_PREFIX}2011-05-x"
    for folder, content in ((destination, OLD), (staging, NEW)):
        folder.mkdir()
        for name, data in content.items():
            (folder / name).write_bytes(data)
    return destination, staging


def after_the_next_run_starts(tmp_path):
    """What a later batch finds, once it has recovered and removed a killed one's leftovers
    (run/lock.py: recover_replaced, then every .tmp- folder removed)."""
    files.recover_replaced(tmp_path)
    for leftover in tmp_path.glob(f"{files.TEMPORARY_PREFIX}*"):
        files.shutil.rmtree(leftover)
    return sorted(path.name for path in tmp_path.iterdir())


@pytest.mark.parametrize("in_one_step", [True, False], ids=["exchanged", "set-aside"])
def test_a_new_folder_replaces_the_old_one_whole(tmp_path, monkeypatch, in_one_step):
    if not in_one_step:  # a file system that cannot swap two names (some network ones)
        monkeypatch.setattr(files, "_exchanged", lambda first, second: False)
    destination, staging = folders(tmp_path)
    files.swap_in(staging, destination)
    assert listing(destination) == NEW  # the old report's stale failed notebook went with it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2011-05"]


class Killed(BaseException):
    """A kill at one step: nothing after it runs."""


def killed_at(step, calls):
    """A stand-in for the swap's steps (os.rename, shutil.rmtree, the exchange) that dies at
    the `step`-th call, having done the ones before it."""
    count = iter(range(1, 100))

    def stand_in(real):
        def call(*args, **kwargs):
            if next(count) == step:
                raise Killed
            return real(*args, **kwargs)

        return call

    return {name: stand_in(real) for name, real in calls.items()}


@pytest.mark.parametrize("in_one_step", [True, False], ids=["exchanged", "set-aside"])
@pytest.mark.parametrize("step", [1, 2, 3, 4, 5])
def test_a_run_killed_at_any_step_of_the_swap_leaves_the_old_report_or_the_new_whole(
    tmp_path, monkeypatch, in_one_step, step
):
    destination, staging = folders(tmp_path)
    if not in_one_step:
        monkeypatch.setattr(files, "_exchanged", lambda first, second: False)
    steps = killed_at(
        step,
        {"rename": files.os.rename, "rmtree": files.shutil.rmtree, "exchange": files._exchanged},
    )
    monkeypatch.setattr(files.os, "rename", steps["rename"])
    monkeypatch.setattr(files.shutil, "rmtree", steps["rmtree"])
    monkeypatch.setattr(files, "_exchanged", steps["exchange"])
    # exchanged: the exchange, the old folder's removal; set aside: the exchange refused, the
    # two renames, the old folder's removal
    with pytest.raises(Killed) if step <= (2 if in_one_step else 4) else nullcontext():
        files.swap_in(staging, destination)
    monkeypatch.undo()
    assert after_the_next_run_starts(tmp_path) == ["2011-05"]
    assert listing(destination) in (OLD, NEW)


def test_the_swap_is_one_step_on_this_machines_file_system(tmp_path, monkeypatch):
    """Linux's renameat2 swaps the two folders (no folder set aside in between)."""
    destination, staging = folders(tmp_path)
    renames = []
    monkeypatch.setattr(files.os, "rename", lambda *a: renames.append(a))
    files.swap_in(staging, destination)
    assert renames == [] and listing(destination) == NEW and not staging.exists()
