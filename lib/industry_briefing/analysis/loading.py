"""A month's model from the warehouse: the month and the releases its briefing reads.

A month missing from the warehouse is read from its data folder and stored first, so that a
notebook opened in JupyterLab runs as it is. Which releases a month reads is one rule
(core.periods.releases_read), shared with the batch's fingerprints and its loading.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from industry_briefing.analysis import priors
from industry_briefing.analysis.model import MonthModel, build_model, reads_last_year
from industry_briefing.contract.catalogue import catalogue_of
from industry_briefing.core import files, settings
from industry_briefing.core.errors import InputError
from industry_briefing.core.figures import PeriodFigures
from industry_briefing.core.periods import (
    LAST_YEAR,
    WHOLE,
    Period,
    period_folders,
    releases_read,
    tables_read,
)
from industry_briefing.core.settings import TABLE_NAMES
from industry_briefing.ingest import reader
from industry_briefing.store import browse, warehouse


def load_figures(
    period: str, data_dir: str = "", warehouse_path: str = "", region: str = ""
) -> PeriodFigures:
    """The period's figures from the warehouse; ingested from `data_dir` first if absent there.

    Empty paths mean the project defaults, so a notebook opened in JupyterLab runs as it is.
    An empty region is the data dir's (meta.yml's): regions may share a warehouse.
    """
    data_root = settings.resolve_path(data_dir, settings.RAW_DATA_DIR)
    db = settings.resolve_path(warehouse_path, settings.WAREHOUSE_PATH)
    parsed = Period.parse(period)
    named = region or reader.region_of(data_root, parsed)
    try:
        return warehouse.load_period(db, parsed, named)
    except warehouse.PeriodNotInWarehouse:
        pass
    figures = reader.read_period(data_root, parsed)
    warehouse.write_period(db, figures)
    return figures


def load_model(
    period: str,
    data_dir: str = "",
    warehouse_path: str = "",
    region: str = "",
    shared_dir: str = "",
) -> MonthModel:
    """The month's model, with what it reads of the releases (this year's so far, last year's
    indicators): no more, so that what the analysis reads is what the rule names.

    With a `shared_dir` (the batch passes the period's working folder, a notebook's
    `shared_model_dir` parameter) the period's notebooks share one model: the first to ask
    builds and keeps it there, the others read it (what a month reads is in the warehouse
    before its notebooks start, and the batch's later loads are of other months). Notebooks
    that start together do not both build it: the builder holds an exclusive flock on the
    model's lock file, and a second one waits for it, then reads what it kept. Without one
    (JupyterLab, a notebook run as it is) the model is built here."""
    if not shared_dir:
        return _built_model(period, data_dir, warehouse_path, region)
    key = json.dumps([period, data_dir, warehouse_path, region]).encode()
    name = f".model-{hashlib.sha256(key).hexdigest()[:16]}"
    kept = Path(shared_dir) / f"{name}.pickle"
    if kept.exists():  # kept whole (renamed into place): read without waiting for the lock
        return _kept_model(kept)
    with files.open_lock(Path(shared_dir), f"{name}.lock") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released as the file closes (or its process ends)
        if kept.exists():  # built by the notebook this one waited for
            return _kept_model(kept)
        model = _built_model(period, data_dir, warehouse_path, region)
        # Written whole: a notebook reading without the lock sees no file or the whole of it.
        files.write_whole(kept, pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL))
    return model


def _kept_model(kept: Path) -> MonthModel:
    with kept.open("rb") as stored:
        model: MonthModel = pickle.load(stored)
    return model


def earlier_releases(
    period: str, data_dir: str = "", warehouse_path: str = "", region: str = ""
) -> list[PeriodFigures]:
    """This year's releases before the period, as the month's model reads them (the checks
    across releases of its spreadsheet's findings); none when the month is not stored."""
    return checked_against(period, data_dir, warehouse_path, region)[0]


def checked_against(
    period: str, data_dir: str = "", warehouse_path: str = "", region: str = ""
) -> tuple[list[PeriodFigures], dict[str, Period]]:
    """What the checks of the month's spreadsheet compare it with, in one load: this year's
    releases before it, and the indicators whose 上年同期 the month's model takes from last
    year's release, with that release (analysis/priors.py); none when the month is not
    stored."""
    db = settings.resolve_path(warehouse_path, settings.WAREHOUSE_PATH)
    month, loaded = _stored_with_releases(period, data_dir, db, region)
    if month is None:
        return [], {}
    year = month.period.year
    earlier = [r for r in loaded if r.period.year == year and r.period < month.period]
    last_year = [only(r, LAST_YEAR) for r in loaded if r.period.year == year - 1]
    catalogue = catalogue_of(month.regional_indicators)
    taken = priors.last_year_priors(month, last_year, catalogue)
    return earlier, {code: prior.period for code, prior in taken.items()}


def _built_model(period: str, data_dir: str, warehouse_path: str, region: str) -> MonthModel:
    db = settings.resolve_path(warehouse_path, settings.WAREHOUSE_PATH)
    figures, loaded = _stored_with_releases(period, data_dir, db, region)
    if figures is None:  # not in the warehouse yet: read in from its folder first
        figures = load_figures(period, data_dir, warehouse_path, region)
        with warehouse.reading(db):
            read = releases_read(figures.period, warehouse.list_periods(db, figures.region))
            loaded = warehouse.load_periods(db, list(read), figures.region)
    last_year = LAST_YEAR if reads_last_year(figures) else frozenset()
    releases = [only(r, tables_read(figures.period, r.period, last_year)) for r in loaded]
    return build_model(
        figures,
        releases=[r for r in releases if r.period.year == figures.period.year],
        last_year_releases=[r for r in releases if r.period.year < figures.period.year],
    )


def _stored_with_releases(
    period: str, data_dir: str, db: Path, region: str
) -> tuple[PeriodFigures | None, list[PeriodFigures]]:
    """The month and the releases it reads, in one load of the warehouse (the month is one of
    them); no figures when the month is not stored."""
    parsed = Period.parse(period)
    named = region or reader.region_of(
        settings.resolve_path(data_dir, settings.RAW_DATA_DIR), parsed
    )
    if not named:
        return None, []
    with warehouse.reading(db):
        stored = warehouse.list_periods(db, named)
        if parsed not in stored:
            return None, []
        loaded = warehouse.load_periods(db, list(releases_read(parsed, stored)), named)
    month = [release for release in loaded if release.period == parsed]
    return (month[0], loaded) if month else (None, [])


def only(release: PeriodFigures, tables: frozenset[str]) -> PeriodFigures:
    """The release with the tables not in `tables` emptied (and no analyst's notes unless
    read whole): what a month is given of a release it reads in part."""
    if tables == WHOLE:
        return release
    emptied: dict[str, Any] = {
        name: release.table(name).iloc[:0] for name in TABLE_NAMES if name not in tables
    }
    return replace(release, **emptied, analyst_text="")


@dataclass(frozen=True)
class Stocked:
    """What `stock_warehouse` did: the periods it read in, and those it could not read."""

    ingested: tuple[Period, ...] = ()
    unreadable: dict[Period, str] = field(default_factory=dict)  # period -> first problem


# Told (done, total, period) before each period read in: a progress indication.
Progress = Callable[[int, int, Period], None]


def stock_warehouse(
    data_dir: str = "", warehouse_path: str = "", on_each: Progress | None = None
) -> Stocked:
    """Every period folder of the data dir in the warehouse: those missing there read in (as
    `load_figures` does for one month); nothing written when none is missing. A month that
    cannot be read is left out and said in one line (`briefing check` lists its problems)."""
    data_root = settings.resolve_path(data_dir, settings.RAW_DATA_DIR)
    db = settings.resolve_path(warehouse_path, settings.WAREHOUSE_PATH)
    stored = browse.stored_periods(db)
    missing = [
        period
        for period in period_folders(data_root)
        if period not in stored.get(reader.region_of(data_root, period) or "", [])
    ]
    ingested, unreadable = [], {}
    for done, period in enumerate(missing):
        if on_each is not None:
            on_each(done, len(missing), period)
        try:
            warehouse.write_period(db, reader.read_period(data_root, period))
        except InputError as error:
            unreadable[period] = _first_problem(error)
            continue
        ingested.append(period)
    return Stocked(tuple(ingested), unreadable)


def _first_problem(error: InputError) -> str:
    more = len(error.problems) - 1
    first = str(error.problems[0]) if error.problems else str(error)
    return first + (f" (and {more} more: `briefing check`)" if more > 0 else "")
