"""What a briefing depends on, hashed: a period whose inputs hash as at its last good run is
not re-run. A month's briefing reads what core.periods.tables_read names (the year's releases
so far, and last year's indicators), so exactly the files holding those count, as do the
notebook, the library (code and templates) and parameters.
A notebook counts by the cells the batch executes (run/approval.py): outputs JupyterLab saved
into it change nothing, so nothing re-renders for them."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from industry_briefing.core import settings
from industry_briefing.core.periods import LAST_YEAR, WHOLE, Period, period_folders, tables_read
from industry_briefing.core.settings import ANALYST_FILE, ROOT_FILES
from industry_briefing.run.approval import notebook_sha256
from industry_briefing.run.regions import Region

_CHUNK = 1 << 20


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def input_files(
    data_dir: Path, period: Period, last_year: frozenset[str] = LAST_YEAR
) -> dict[str, str]:
    """sha256 of every input file the period's briefing reads, by path relative to data_dir:
    the data root's own files, and those of each release it reads that hold the tables it
    reads of it (core.periods.tables_read)."""
    found = root_files(data_dir)
    for release, folder in period_folders(data_dir).items():
        tables = tables_read(period, release, last_year)
        if tables:
            found.update(_folder_files(data_dir, folder, not_read=_files_not_holding(tables)))
    return found


def _files_not_holding(tables: frozenset[str]) -> set[str]:
    """The file names of a period folder that hold none of `tables`: the other tables' CSV
    files, and the analyst's notes (a month's own). Any other file (meta.yml, a workbook, a
    table under another name) may hold them: it counts."""
    if tables == WHOLE:
        return set()
    return {f"{name}.csv" for name in WHOLE - tables} | {ANALYST_FILE}


def release_files(data_dir: Path, release: Period) -> dict[str, str]:
    """sha256 of the files one release is read from (its folder and the data root's own
    files), keyed as the reader records them in the warehouse: equal, the stored copy is
    the folder's."""
    folder = data_dir / str(release)
    files = _folder_files(data_dir, folder, not_read=set()) if folder.is_dir() else {}
    return {**root_files(data_dir), **files}


def root_files(data_dir: Path) -> dict[str, str]:
    """The data root's own files (profile.yml, indicators.yml), read by every month. A link
    that leads outside the data folder is never read (the reader refuses it): it counts by
    its name alone."""
    found = {}
    root = data_dir.resolve()
    for name in ROOT_FILES:
        path = data_dir / name
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            found[name] = "link outside the data folder, not read"
        elif path.is_file():
            found[name] = file_sha256(path)
    return found


def _folder_files(data_dir: Path, folder: Path, not_read: set[str]) -> dict[str, str]:
    found = {}
    inside = folder.resolve()
    for path in sorted(folder.iterdir()):
        name = str(path.relative_to(data_dir))
        if path.name in not_read:
            continue
        if not path.resolve().is_relative_to(inside):
            found[name] = "link outside the period folder, not read"
        elif path.is_file():
            found[name] = file_sha256(path)
    return found


# The manifest's record of what a period read of last year at its run (a list of tables).
LAST_YEAR_READ = "last_year_read"


def last_year_read(last_run: dict | None, data_dir: Path, period: Period) -> frozenset[str]:
    """What the period reads of last year: as at its last good run (its manifest) while its
    own files are as then, since its own figures decide it (analysis.model.reads_last_year);
    else, not knowing, last year's indicators (core.periods.LAST_YEAR)."""
    if last_run is None or LAST_YEAR_READ not in last_run:
        return LAST_YEAR
    own = f"{period}/"
    then = {k: v for k, v in last_run.get("inputs", {}).items() if k.startswith(own)}
    folder = data_dir / str(period)
    now = _folder_files(data_dir, folder, not_read=set()) if folder.is_dir() else {}
    return frozenset(last_run[LAST_YEAR_READ]) if then == now else LAST_YEAR


def stored_as_on_disk(region: Region, periods: list[Period]) -> dict[Period, str]:
    """The periods the warehouse holds as read from the files now in their folders by this
    library, each with the region it is stored under: these need no loading again."""
    from industry_briefing.store import browse

    stored = browse.stored_inputs(region.warehouse)
    library = library_sha256()
    found = {}
    for period in periods:
        files = release_files(region.data_dir, period) if period in stored else {}
        same = [s for s in stored.get(period, []) if s.files == files and s.read_by == library]
        if same:
            found[period] = same[0].region
    return found


@cache
def library_sha256() -> str:
    """One hash over the package's code and templates (its behaviour, not just its version)."""
    digest = hashlib.sha256()
    for path in sorted(settings.PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(settings.PACKAGE_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def fingerprint(
    inputs: dict[str, str], notebook: Path, parameters: dict, topics: tuple[Path, ...] = ()
) -> str:
    """The hash a run is identified by: inputs, notebooks, library and parameters."""
    payload = {
        "inputs": inputs,
        "notebook": notebook_sha256(notebook),
        **({"topics": [notebook_sha256(topic) for topic in topics]} if topics else {}),
        "library": library_sha256(),
        "parameters": {k: parameters[k] for k in sorted(parameters) if k not in _PATH_PARAMETERS},
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


# Where the files are does not change what the briefing says, and the region is meta.yml's
# (an input file, hashed with the others).
_PATH_PARAMETERS = {"data_dir", "warehouse", "region"}
