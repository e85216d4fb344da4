"""The regions a batch runs: each one's data root, warehouse and reports folder."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from industry_briefing.core import settings
from industry_briefing.core.errors import Refusal, Words, listing, words


class BadRequest(Refusal, ValueError):
    """A request that cannot run: no period folder, a period asked for that has no folder,
    two regions of the same folder name, an output among the inputs (said in words)."""


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
        raise BadRequest(words("run.regions_same_name", names=listing(names)))
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
        for what, path in (("warehouse", region.warehouse), ("reports", region.reports_dir)):
            refused = output_among_inputs(what, path, roots)
            if refused:
                raise BadRequest(refused)


# The option that names each output path.
OUTPUT_OPTIONS = {"warehouse": "--warehouse", "reports": "--reports-dir"}


def output_among_inputs(what: str, path: Path, roots: Sequence[Path]) -> Words | None:
    """Why an output path (`what`: the warehouse or the reports folder) may not be used: it is
    a data root, inside one, or an input file of one; None when it is outside every data
    root. Links are followed."""
    target = path.resolve()
    for root in roots:
        inside = root.resolve()
        if target != inside and inside not in target.parents:
            continue
        where = "root" if target == inside else "input_file" if target.is_file() else "inside"
        return words(
            "run.among_inputs",
            what=words(f"run.output.{what}", path=str(path)),
            where=words(f"run.output.{where}", root=str(root)),
            option=OUTPUT_OPTIONS[what],
        )
    return None


def no_periods(root: Path, missing: Sequence[str], near: Mapping[str, Words]) -> BadRequest:
    """A refusal for want of period folders (those `missing` of the ones asked for, or any),
    naming the folders almost named as periods."""
    said = (
        words("run.no_period_folder", periods=listing(missing), root=str(root))
        if missing
        else words("run.no_period_folders", root=str(root))
    )
    if near:
        names = listing(words("period.near.name", name=name) for name in near)
        said = words("run.not_periods", said=said, names=names)
    return BadRequest(said)
