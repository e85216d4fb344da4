"""Files written whole, and the private folder that holds the product's locks and marks.

Two harms of a file system are kept out here (issue 24):

- A file cut short. A disk that fills up, or a process killed, in the middle of a write
  leaves a truncated report, `last-run.json` or manifest that a later run takes for good.
  Every output is written to a temporary file beside it (a name nobody can guess, created
  exclusively and never through a link: O_EXCL | O_NOFOLLOW), then renamed over the old one:
  a reader sees the old file or the new one, whole. A write that fails removes its temporary
  file and raises; the old file stays as it was.
- A file planted by someone else. A lock or a mark at a name anyone can guess, in a folder
  anyone can write (/tmp), is followed as a symbolic link, or locked by another user to block
  everyone. They live in a private folder (`.briefing/`, mode 0700, owned by the user) beside
  the warehouse and in the reports folder; a folder of that name that is a link, is another
  user's or is open to others is refused (`PrivateRefused`), never used.
"""

from __future__ import annotations

import ctypes
import errno
import os
import pwd
import secrets
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

from industry_briefing.core.errors import Refusal, words

PRIVATE = ".briefing"
# The prefix of every temporary file and staging folder in an output folder: what a killed
# run left behind is found by it (run/lock.py removes it) and never taken for a report.
TEMPORARY_PREFIX = ".tmp-"
# An old folder set aside while a new one takes its name, where the two cannot be swapped in
# one step: put back by `recover_replaced` if a run was killed between the two renames.
REPLACED_PREFIX = ".replaced-"
# Open a file that must not be a link planted in its place; create it only if new.
_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_LOCK = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC


class PrivateRefused(Refusal):
    """A private folder of the product that is not private: a link, not a folder, another
    user's, or writable by others. Said in one line; nothing is written through it."""


# --- files written whole -------------------------------------------------------------------------


def write_whole(path: Path, data: bytes | str) -> Path:
    """Write `data` (text as UTF-8) to `path` whole or not at all (see the module)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with written_whole(path) as (_, handle):
        _write_all(handle, payload)
    return path


def write_new(path: Path, data: bytes | str) -> bool:
    """Write `data` to `path` whole, only if nothing is there yet (an analyst's copy is never
    replaced); False, and nothing written, if something is."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path = Path(path)
    temporary, handle = _new_temporary(path)
    try:
        try:
            _write_all(handle, payload)
        finally:
            os.close(handle)
        os.link(temporary, path)  # unlike a rename, never over a file
    except FileExistsError:
        return False
    except OSError as error:
        raise OSError(error.errno, error.strerror or str(error), str(path)) from error
    finally:
        temporary.unlink(missing_ok=True)
    return True


@contextmanager
def new_folder_whole(folder: Path) -> Iterator[Path]:
    """A temporary folder beside `folder` to fill in the block, renamed to `folder` once it
    ends (`folder` must not exist), removed if it raises: a folder whole or not at all."""
    folder = Path(folder)
    temporary = folder.with_name(f"{TEMPORARY_PREFIX}{folder.name}-{secrets.token_hex(8)}")
    temporary.mkdir()
    try:
        yield temporary
        _as_mkdir_makes(temporary)
        os.rename(temporary, folder)  # a folder there already (not empty): refused
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


def _as_mkdir_makes(folder: Path) -> None:
    """The folder's mode as mkdir gives it (0777 less the umask: reports are shared), not
    mkdtemp's 0700."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(folder, 0o777 & ~mask)


def copy_whole(source: Path, destination: Path) -> Path:
    """Copy `source` to `destination` whole or not at all."""
    with written_whole(destination) as (_, handle), Path(source).open("rb") as read:
        while chunk := read.read(1 << 20):
            _write_all(handle, chunk)
    return destination


@contextmanager
def written_whole(path: Path) -> Iterator[tuple[Path, int]]:
    """A temporary file beside `path`, open for writing (its descriptor), created exclusively
    with the permissions a plain write gives (0666 less the umask: reports are shared, unlike
    mkstemp's 0600); renamed over `path` once the block ends, removed if it raises."""
    path = Path(path)
    try:
        temporary, handle = _new_temporary(path)
    except OSError as error:  # a read-only or full folder: said of the file, not the temporary
        raise OSError(error.errno, error.strerror or str(error), str(path)) from error
    try:
        try:
            yield temporary, handle
        finally:
            os.close(handle)  # a disk that fills late says so here, before the rename
        os.replace(temporary, path)
    except OSError as error:  # said with the file it was for (os.write names none)
        temporary.unlink(missing_ok=True)
        raise OSError(error.errno, error.strerror or str(error), str(path)) from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def check_writable(folder: Path) -> None:
    """Raise OSError unless a new file can be made in `folder` (read-only, another user's):
    said before work whose end would write there."""
    temporary, handle = _new_temporary(Path(folder) / "probe")
    os.close(handle)
    temporary.unlink()


def _new_temporary(path: Path) -> tuple[Path, int]:
    for _ in range(100):  # a name taken (it never is, at 64 random bits): try another
        temporary = path.with_name(f"{TEMPORARY_PREFIX}{path.name}-{secrets.token_hex(8)}")
        try:
            return temporary, os.open(temporary, _NEW, 0o666)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(path))


def _write_all(handle: int, payload: bytes) -> None:
    """os.write until every byte is written: a write may take only part of them."""
    view = memoryview(payload)
    while view:
        view = view[os.write(handle, view) :]


# --- the private folder ------------------------------------------------------------------------


def private_folder(parent: Path) -> Path:
    """`parent/.briefing`, created (0700) when missing; PrivateRefused when what is there is
    not the user's own private folder. OSError when it cannot be made (a read-only folder)."""
    folder = Path(parent) / PRIVATE
    with suppress(FileExistsError):  # a link or a file there too: checked below, not followed
        os.mkdir(folder, 0o700)
    _check_private(folder)
    return folder


def open_lock(folder: Path, name: str) -> IO[str]:
    """The lock file `name` in a private folder, opened to lock and to write a pid in;
    never through a link (a planted one is an OSError, ELOOP)."""
    return os.fdopen(os.open(folder / name, _LOCK, 0o600), "a+", encoding="utf-8")


def _check_private(folder: Path) -> None:
    info = os.lstat(folder)
    user = os.geteuid()
    if stat.S_ISLNK(info.st_mode):
        raise PrivateRefused(words("files.private.link", folder=str(folder)))
    if not stat.S_ISDIR(info.st_mode):
        raise PrivateRefused(words("files.private.not_folder", folder=str(folder)))
    if info.st_uid != user:
        owner, me = user_name(info.st_uid), user_name(user)
        raise PrivateRefused(words("files.private.owner", folder=str(folder), owner=owner, user=me))
    if info.st_mode & 0o077:
        mode = f"{stat.S_IMODE(info.st_mode):04o}"
        raise PrivateRefused(words("files.private.mode", folder=str(folder), mode=mode))


def user_name(uid: int) -> str:
    """The user's login name, or the number where the system has none for it."""
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def reason(error: OSError) -> str:
    """What an OSError says, without its number and path: 'No space left on device'."""
    return str(error.strerror or error)


# --- folders replaced whole ----------------------------------------------------------------------


def swap_in(new: Path, destination: Path) -> None:
    """The folder `new` (beside `destination`, on its file system) takes the name
    `destination`, replacing the old folder whole: a reader, or a run killed at any step, finds
    the old folder or the new one, never a mix. Linux swaps the two names in one step
    (renameat2's RENAME_EXCHANGE); `new` then names the old folder, which is removed. Where the
    file system cannot (some network or FUSE ones), the old folder is first renamed aside
    (REPLACED_PREFIX), and removed once the new one is in place. The new folder gets the mode
    mkdir gives (a staging folder from mkdtemp is 0700)."""
    _as_mkdir_makes(new)
    if not destination.exists():
        os.rename(new, destination)
        return
    if _exchanged(new, destination):
        shutil.rmtree(new, ignore_errors=True)
        return
    aside = destination.with_name(f"{REPLACED_PREFIX}{destination.name}")
    if aside.exists():
        shutil.rmtree(aside)
    os.rename(destination, aside)
    os.rename(new, destination)
    shutil.rmtree(aside, ignore_errors=True)


def recover_replaced(folder: Path) -> None:
    """A folder set aside by a `swap_in` that was killed between its two renames: put back
    where nothing took its name, removed where the new one did."""
    for aside in folder.glob(f"{REPLACED_PREFIX}*"):
        destination = folder / aside.name.removeprefix(REPLACED_PREFIX)
        if destination.exists() or destination.is_symlink():
            shutil.rmtree(aside, ignore_errors=True)
        else:
            os.rename(aside, destination)


_AT_FDCWD, _RENAME_EXCHANGE = -100, 2  # fcntl.h, linux/fs.h


def _exchanged(first: Path, second: Path) -> bool:
    """Swap two paths' names in one step; False where the system or file system cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:  # not Linux, or a C library before glibc 2.28
        return False
    done = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))
