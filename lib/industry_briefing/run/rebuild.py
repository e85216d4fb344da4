"""`briefing rebuild`: the warehouse built anew from every period of the data root.

The file it replaces is kept beside it (`<name>.damaged-<time>` when it could not be read
whole, `<name>.previous-<time>` otherwise): nothing is lost, and a damaged file can be looked
at. A period whose input is bad is reported and left out; the others are loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from industry_briefing.core.errors import InputError
from industry_briefing.core.periods import Period, available_periods
from industry_briefing.ingest import reader
from industry_briefing.store import warehouse
from industry_briefing.store.access import WarehouseDamaged, set_aside, verify


@dataclass(frozen=True)
class Rebuilt:
    kept: Path | None  # where the replaced file went (None: there was none)
    loaded: list[Period] = field(default_factory=list)
    failed: dict[Period, InputError] = field(default_factory=dict)


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
    result = Rebuilt(kept)
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
