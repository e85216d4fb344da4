"""The regions a batch runs: each one's data root, warehouse and reports folder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from industry_briefing.core import settings


class BadRequest(ValueError):
    """A request that cannot run: no period folder, a period asked for that has no folder,
    two regions of the same folder name."""


@dataclass(frozen=True)
class Region:
    """One region's data root, warehouse and reports folder."""

    data_dir: Path
    warehouse: Path
    reports_dir: Path
    name: str = ""  # shown in progress and summaries; the region of meta.yml when empty

    @property
    def index_dir(self) -> Path:
        """Where the index lives: a named region's reports are a folder beside the others'."""
        return self.reports_dir.parent if self.name else self.reports_dir


def default_region(
    data_dir: Path | None = None, warehouse: Path | None = None, reports_dir: Path | None = None
) -> Region:
    """The project's region: its data root, warehouse and reports folder unless given."""
    return Region(
        data_dir=settings.resolve_path(data_dir, settings.RAW_DATA_DIR),
        warehouse=settings.resolve_path(warehouse, settings.WAREHOUSE_PATH),
        reports_dir=settings.resolve_path(reports_dir, settings.REPORTS_DIR),
    )


def named_regions(
    roots: Sequence[Path], warehouse: Path | None = None, reports_dir: Path | None = None
) -> list[Region]:
    """Each region: its own data root, a warehouse and a reports folder named after it."""
    reports = settings.resolve_path(reports_dir, settings.REPORTS_DIR)
    warehouses = settings.resolve_path(warehouse, settings.WAREHOUSE_PATH).parent
    names = [root.resolve().name for root in roots]
    if len(set(names)) != len(names):
        raise BadRequest(f"regions need folders of different names, got {names}")
    return [
        Region(root.resolve(), warehouses / f"{name}.duckdb", reports / name, name)
        for root, name in zip(roots, names, strict=True)
    ]


def refuse_outputs_among_inputs(regions: Sequence[Region]) -> None:
    """Raise BadRequest when a region's warehouse or reports folder (where the batch's staging
    folders are made) is among the inputs of any region of the request: writing there would
    move an input aside or put files in the period folders, which then change the inputs'
    fingerprint on every run."""
    roots = [region.data_dir for region in regions]
    for region in regions:
        for what, option, path in (
            ("the warehouse", "--warehouse", region.warehouse),
            ("the reports folder", "--reports-dir", region.reports_dir),
        ):
            refused = output_among_inputs(what, option, path, roots)
            if refused:
                raise BadRequest(refused)


def output_among_inputs(what: str, option: str, path: Path, roots: Sequence[Path]) -> str | None:
    """Why an output path may not be used (it is a data root, inside one, or an input file of
    one), in one line; None when it is outside every data root. Links are followed."""
    target = path.resolve()
    for root in roots:
        inside = root.resolve()
        if target != inside and inside not in target.parents:
            continue
        where = (
            "is the data root"
            if target == inside
            else "is an input file of the data root"
            if target.is_file()
            else "is inside the data root"
        )
        return (
            f"{what} {path} {where} {root}: outputs are never written among the inputs; "
            f"give {option} a path outside it (nothing was written)"
        )
    return None
