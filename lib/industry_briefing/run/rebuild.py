"""`briefing rebuild`: the warehouse built anew from every period of the data root.

The file it replaces is kept beside it (`<name>.damaged-<time>` when it could not be read
whole, `<name>.previous-<time>` otherwise): nothing is lost, and a damaged file can be looked
at. Of the previous copies, the newest KEEP_PREVIOUS are kept and older ones removed: each is a
whole warehouse, and a rebuild a day would fill the disk (damaged copies are all kept, to be
looked at). A period whose input is bad is reported and left out; the others are loaded.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from industry_briefing.core.errors import InputError
from industry_briefing.core.periods import Period, available_periods
from industry_briefing.ingest import reader
from industry_briefing.store import warehouse
from industry_briefing.store.access import WarehouseDamaged, set_aside, verify

# How many `<name>.previous-<time>` copies a rebuild keeps beside the warehouse (README).
KEEP_PREVIOUS = 3


@dataclass(frozen=True)
class Rebuilt:
    kept: Path | None  # where the replaced file went (None: there was none)
    loaded: list[Period] = field(default_factory=list)
    failed: dict[Period, InputError] = field(default_factory=dict)
    removed: list[Path] = field(default_factory=list)  # previous copies past KEEP_PREVIOUS


def rebuild(
    data_dir: Path,
    warehouse_path: Path,
    on_period: Callable[[Period, InputError | None], None] = lambda period, error: None,
) -> Rebuilt:
    """Set the warehouse aside and load every period of `data_dir` into a new one."""
    kept = None
    if warehouse_path.exists():
        try:
            verify(warehouse_path)
            why = "previous"
        except WarehouseDamaged:
            why = "damaged"
        kept = set_aside(warehouse_path, why)
    result = Rebuilt(kept, removed=prune_previous(warehouse_path))
    for period in available_periods(data_dir):
        try:
            warehouse.write_period(warehouse_path, reader.read_period(data_dir, period))
        except InputError as error:
            result.failed[period] = error
            on_period(period, error)
        else:
            result.loaded.append(period)
            on_period(period, None)
    return result


def previous_copies(warehouse_path: Path) -> list[Path]:
    """The `<name>.previous-<time>[-n]` copies beside the warehouse, oldest first."""
    pattern = re.compile(re.escape(warehouse_path.name) + r"\.previous-(\d{8}T\d{6})(?:-(\d+))?")
    found = []
    for path in warehouse_path.parent.glob(f"{warehouse_path.name}.previous-*"):
        if matched := pattern.fullmatch(path.name):
            found.append(((matched[1], int(matched[2] or 1)), path))
    return [path for _, path in sorted(found)]


def prune_previous(warehouse_path: Path, keep: int = KEEP_PREVIOUS) -> list[Path]:
    """Remove all but the newest `keep` previous copies (and their .wal files); those removed."""
    old = previous_copies(warehouse_path)[:-keep] if keep else previous_copies(warehouse_path)
    for path in old:
        path.unlink(missing_ok=True)
        path.with_name(path.name + ".wal").unlink(missing_ok=True)
    return old
