"""`briefing batch` as one call: every period of one or more regions, in parallel, skipping
what has not changed, isolating failures, and never leaving a half-written report.

`run_batch(request)` (what is asked: run/request.py) reads top to bottom as the batch goes:
refuse edited report notebooks (run/approval.py), discover the periods, check the notebooks'
parameters (once per notebook and period), lock the reports folders, triage (run/triage.py:
a period whose inputs hash as at its last good run is skipped), ingest (run/jobs.py: validate
and load what the pending months read, yielding each month's job once it is loaded), execute
(run/executors.py: workers, or a Dask cluster) and write the index. The
CLI only parses arguments for it and prints what it tells its listener. Heavy imports happen
only when something has to run: a re-run with nothing changed is a matter of hashing files.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

from industry_briefing.core import files
from industry_briefing.core.errors import Refusal, words
from industry_briefing.core.periods import (
    Period,
    available_periods,
    near_periods,
)
from industry_briefing.publish import index
from industry_briefing.run import approval, executors, pages, regions
from industry_briefing.run.approval import NotApproved
from industry_briefing.run.jobs import ingest
from industry_briefing.run.lock import BatchLocked, ReportsUnwritable, locked
from industry_briefing.run.parameters import ParameterError, refuse_set_by_batch, validate
from industry_briefing.run.regions import BadRequest, Region, refuse_outputs_among_inputs
from industry_briefing.run.request import Listener, Quiet, Request
from industry_briefing.run.triage import Pending, triage
from industry_briefing.run.worker import Job, Outcome
from industry_briefing.store.access import (
    WarehouseBusy,
    WarehouseDamaged,
    WarehouseUnwritable,
    set_aside,
    verify,
)

if TYPE_CHECKING:
    pass


# What stops a batch before anything is written: the CLI says it and exits 2.
REFUSALS: tuple[type[Refusal], ...] = (NotApproved, BadRequest, ParameterError, BatchLocked)
REFUSALS += (ReportsUnwritable, files.PrivateRefused, WarehouseDamaged, WarehouseBusy)
REFUSALS += (WarehouseUnwritable,)  # setting a damaged warehouse aside (--force), read-only
REFUSALS += (executors.ClusterBlind,)  # a Dask cluster whose workers do not share the folders


def run_batch(request: Request, listener: Listener | None = None) -> list[Outcome]:
    """Run the request; the outcome of every period asked for (ran, skipped or failed).

    Raises one of REFUSALS before anything is written (no lock taken, nothing ingested, no
    kernel started) when a report notebook was edited (unless allowed), there is nothing to
    run, a parameter is bad or another batch holds a reports folder.
    """
    listener = listener or Quiet()
    refuse_outputs_among_inputs(request.regions)
    approval.guard(request.notebooks, request.allow_edited, listener.warning)
    periods = {region: discover(region, request, listener) for region in request.regions}
    parameters = {
        (region, period): checked_parameters(region, period, request)
        for region, found in periods.items()
        for period in found
    }
    outcomes: list[Outcome] = []
    with _locks(request.regions):
        pending: dict[Region, list[Pending]] = {}
        for region, found in periods.items():
            ready = {period: parameters[region, period] for period in found}
            pending[region], skipped = triage(region, ready, request)
            _check_warehouse(region, request, listener)
            for outcome in skipped:
                listener.skipped(outcome)
            outcomes += skipped
        # Read while the workers start (executors.execute): their warm-up overlaps the loading.
        stream = (
            item for region in request.regions for item in ingest(region, pending[region], request)
        )
        count = sum(map(len, pending.values()))
        ran = _execute(stream, count, request, listener)
        outcomes += ran
        failed = any(o.status == "failed" for o in outcomes)
        if ran or failed or not (request.regions[0].index_dir / index.INDEX).exists():
            outcomes += pages.index_or_failure(
                request.regions, request.lang, listener.index_written
            )
    return outcomes


# --- the steps ----------------------------------------------------------------------------------


def discover(region: Region, request: Request, listener: Listener | None = None) -> list[Period]:
    """The region's periods to consider: those named, or every period folder within
    [start, end], oldest first. A folder named almost like a period is told, not run."""
    near = near_periods(region.data_dir)
    for name, wrong in near.items():
        folder = str(region.data_dir / name)
        (listener or Quiet()).warning(words("run.not_a_period", folder=folder, wrong=wrong))
    found = [
        period
        for period in available_periods(region.data_dir)
        if (request.start is None or period >= request.start)
        and (request.end is None or period <= request.end)
    ]
    if request.periods is not None:
        missing = [str(p) for p in request.periods if p not in found]
        if missing:
            raise regions.no_periods(region.data_dir, missing, near)
        found = sorted(set(request.periods))
    if not found:
        raise regions.no_periods(region.data_dir, [], near)
    return found


def checked_parameters(region: Region, period: Period, request: Request) -> dict[str, Any]:
    """The parameters of the period's notebooks, checked against each notebook's parameters
    cell once (ParameterError names what is wrong)."""
    refuse_set_by_batch(request.extra)
    given = {
        "period": str(period),
        "data_dir": str(region.data_dir),
        "warehouse": str(region.warehouse),
        "region": "",  # meta.yml's, known once the month is read (`_job`)
        "lang": request.lang,
        **request.extra,
    }
    checked = given
    for notebook in request.notebooks:
        checked = validate(given, notebook)
    return checked


# --- helpers ------------------------------------------------------------------------------------


def _check_warehouse(region: Region, request: Request, listener: Listener) -> None:
    """A damaged warehouse stops the batch (WarehouseDamaged says how to rebuild it), or, for
    a rebuild, is set aside: every period is then run and loads it anew."""
    try:
        verify(region.warehouse)
    except WarehouseDamaged as damaged:
        if not request.rebuild:
            raise
        kept = set_aside(region.warehouse)
        listener.warning(words("warehouse.set_aside", reason=damaged.reason, kept=str(kept)))


def _locks(regions: Sequence[Region]) -> ExitStack:
    stack = ExitStack()
    try:
        for reports_dir in sorted({r.index_dir for r in regions}):
            stack.enter_context(locked(reports_dir))
    except BaseException:
        stack.close()
        raise
    return stack


def _execute(
    jobs: Iterator[Job | Outcome], count: int, request: Request, listener: Listener
) -> list[Outcome]:
    if not count:
        return []
    workers = min(request.jobs or default_workers(count), count * len(request.notebooks))
    listener.starting(count, workers, request.scheduler)
    # what a cluster's workers read and write: every region's, checked before any period runs
    shared = [p for r in request.regions for p in (r.data_dir, r.reports_dir, r.warehouse.parent)]
    return executors.execute(jobs, workers, request.scheduler, listener.done, shared)


def default_workers(periods: int) -> int:
    """A worker per core; two per core once there are more periods than cores. A worker and
    its kernel take turns (the kernel executes, then the worker draws and exports), so one
    worker keeps a core about three quarters busy; two keep it busy, at the cost of their
    start (about 1.5 s of a core each), which only a batch of many periods earns back. A
    period's notebooks are tasks of their own, so one month keeps every core busy too."""
    cores = os.cpu_count() or 1
    return 2 * cores if periods > cores else cores
