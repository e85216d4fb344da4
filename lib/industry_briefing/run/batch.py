"""`briefing batch` as one call: every period of one or more regions, in parallel, skipping
what has not changed, isolating failures, and never leaving a half-written report.

`run_batch(request)` reads top to bottom as the batch goes: refuse edited report notebooks
(run/approval.py), discover the periods, check the notebooks' parameters (once per notebook
and period), lock the reports folders, triage (a period whose inputs hash as at its last good
run is skipped), ingest (validate and load what the pending months read, yielding each
month's job once it is loaded), execute (workers, or a Dask cluster) and write the index. The
CLI only parses arguments for it and prints what it tells its listener. Heavy imports happen
only when something has to run: a re-run with nothing changed is a matter of hashing files.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from industry_briefing.core import files, settings
from industry_briefing.core.errors import Refusal, Words, words
from industry_briefing.core.periods import (
    LAST_YEAR,
    Period,
    available_periods,
    near_periods,
    reads,
    releases_read,
)
from industry_briefing.publish import index
from industry_briefing.publish import manifest as manifests
from industry_briefing.run import approval, executors, fingerprint, pages, regions
from industry_briefing.run.approval import NotApproved
from industry_briefing.run.input_failures import input_failure, unloaded, unreadable_release
from industry_briefing.run.lock import BatchLocked, ReportsUnwritable, locked
from industry_briefing.run.parameters import ParameterError, refuse_set_by_batch, validate
from industry_briefing.run.regions import BadRequest, Region, refuse_outputs_among_inputs
from industry_briefing.run.worker import Job, Outcome
from industry_briefing.store.access import (
    WarehouseBusy,
    WarehouseDamaged,
    WarehouseUnwritable,
    set_aside,
    verify,
)

if TYPE_CHECKING:
    from industry_briefing.core.figures import PeriodFigures

OUTPUTS = (
    "briefing.html",
    "briefing.pdf",
    "briefing.docx",  # not with --no-docx (Request.outputs)
    "briefing.ipynb",
    settings.TABLES_WORKBOOK,
    manifests.MANIFEST,
)


# What stops a batch before anything is written: the CLI says it and exits 2.
REFUSALS: tuple[type[Refusal], ...] = (NotApproved, BadRequest, ParameterError, BatchLocked)
REFUSALS += (ReportsUnwritable, files.PrivateRefused, WarehouseDamaged, WarehouseBusy)
REFUSALS += (WarehouseUnwritable,)  # setting a damaged warehouse aside (--force), read-only


@dataclass(frozen=True)
class Request:
    """What to run: the regions, which of their periods, and how."""

    regions: Sequence[Region]
    periods: Sequence[Period] | None = None  # named periods; None: every period found
    start: Period | None = None
    end: Period | None = None
    lang: str = settings.DEFAULT_LANG
    force: bool = False  # re-run periods whose inputs have not changed
    # batch --force: every month read and loaded again, a damaged warehouse set aside and
    # built anew (`run` re-renders but keeps what the warehouse holds from the same files)
    rebuild: bool = False
    topics: bool = True  # render the topic notebooks beside each briefing
    docx: bool = True  # write each briefing as a Word file too (briefing.docx)
    allow_edited: bool = False  # render report notebooks whose cells differ from the approved
    extra: Mapping[str, Any] = field(default_factory=dict)  # more parameters of the notebooks
    jobs: int | None = None  # worker processes (default: batch.default_workers)
    scheduler: str | None = None  # a Dask distributed scheduler's address

    @property
    def notebooks(self) -> tuple[Path, ...]:
        """The briefing notebook, then the topic notebooks rendered beside it."""
        topics = settings.TOPIC_NOTEBOOKS if self.topics else ()
        return (settings.BRIEFING_NOTEBOOK, *topics)

    @property
    def outputs(self) -> tuple[str, ...]:
        """A period's files after a good run: one missing, the period runs again."""
        briefing = (name for name in OUTPUTS if self.docx or not name.endswith(".docx"))
        return (*briefing, *(f"{topic.stem}.html" for topic in self.notebooks[1:]))


class Listener(Protocol):
    """What the batch tells as it goes (the CLI prints it, with a progress bar)."""

    def warning(self, message: Words) -> None: ...
    def skipped(self, outcome: Outcome) -> None: ...
    def starting(self, count: int, workers: int, scheduler: str | None) -> None: ...
    def done(self, outcome: Outcome) -> None: ...
    def index_written(self, path: Path) -> None: ...


class Quiet:
    """A listener that tells nothing."""

    def warning(self, message: Words) -> None:
        pass

    def skipped(self, outcome: Outcome) -> None:
        pass

    def starting(self, count: int, workers: int, scheduler: str | None) -> None:
        pass

    def done(self, outcome: Outcome) -> None:
        pass

    def index_written(self, path: Path) -> None:
        pass


@dataclass(frozen=True)
class Pending:
    """A period that must run: its checked parameters, input files and fingerprint."""

    period: Period
    parameters: dict[str, Any]
    inputs: dict[str, str]
    fingerprint: str


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


def triage(
    region: Region, periods: dict[Period, dict[str, Any]], request: Request
) -> tuple[list[Pending], list[Outcome]]:
    """Which periods must run and which are skipped: a period whose fingerprint matches its
    last good run is skipped (hashing files only: nothing heavy is imported)."""
    pending, skipped = [], []
    topics = request.notebooks[1:]
    for period, parameters in periods.items():
        directory = region.reports_dir / str(period)
        last_run = manifests.read(directory)
        last_year = fingerprint.last_year_read(last_run, region.data_dir, period)
        inputs = fingerprint.input_files(region.data_dir, period, last_year)
        print_ = fingerprint.fingerprint(inputs, request.notebooks[0], parameters, topics)
        if not request.force and _up_to_date(directory, last_run, print_, request.outputs):
            # the region as its runs are named: the folder's, else the one its last run had
            named = region.name or str((last_run or {}).get("region") or "")
            skipped.append(Outcome(str(period), named, "skipped"))
        else:
            pending.append(Pending(period, parameters, inputs, print_))
    return pending, skipped


def ingest(region: Region, pending: list[Pending], request: Request) -> Iterator[Job | Outcome]:
    """Validate and load the releases the pending periods read, oldest first, yielding each
    pending period's job once it is loaded, or its failure when its input (or that of a
    release it reads) is bad. A release the warehouse holds as read from the same files by
    the same library is neither validated nor loaded again (unless rebuilt). Lazy, so that
    the workers can start while the months load."""
    from industry_briefing.core.errors import InputError
    from industry_briefing.store import warehouse

    wanted = {item.period: item for item in pending}
    available = available_periods(region.data_dir)
    needed = sorted({p for w in wanted for p in releases_read(w, available)} | set(wanted))
    current = {} if request.rebuild else fingerprint.stored_as_on_disk(region, needed)
    broken: list[Period] = []
    for period in needed:
        if period in current:
            if period in wanted:
                stored = warehouse.load_period(region.warehouse, period, current[period])
                yield _job_or_failure(region, stored, wanted[period], broken, request)
            continue
        from industry_briefing.ingest import reader  # only when a month is read (0.7 s)

        try:
            figures = reader.read_period(region.data_dir, period)
        except InputError as error:
            broken.append(period)
            if period in wanted:
                yield input_failure(region, period, error.problems or [str(error)])
            continue
        try:
            warehouse.write_period(region.warehouse, figures, fingerprint.library_sha256())
        except WarehouseUnwritable as error:  # a full disk: each month fails with its cause
            broken.append(period)
            if period in wanted:
                yield unloaded(region, period, error)
            continue
        if period in wanted:
            yield _job_or_failure(region, figures, wanted[period], broken, request)


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
    return executors.execute(jobs, workers, request.scheduler, on_done=listener.done)


def default_workers(periods: int) -> int:
    """A worker per core; two per core once there are more periods than cores. A worker and
    its kernel take turns (the kernel executes, then the worker draws and exports), so one
    worker keeps a core about three quarters busy; two keep it busy, at the cost of their
    start (about 1.5 s of a core each), which only a batch of many periods earns back. A
    period's notebooks are tasks of their own, so one month keeps every core busy too."""
    cores = os.cpu_count() or 1
    return 2 * cores if periods > cores else cores


def _up_to_date(directory: Path, good: dict | None, print_: str, outputs: tuple[str, ...]) -> bool:
    return (
        good is not None
        and good.get("fingerprint") == print_
        and all((directory / name).exists() for name in outputs)
    )


def _job_or_failure(
    region: Region,
    figures: PeriodFigures,
    pending: Pending,
    broken: list[Period],
    request: Request,
) -> Job | Outcome:
    """The period's job, with its exact inputs and fingerprint now that its figures tell
    whether it reads last year; or its failure when a release it reads is broken."""
    from industry_briefing.analysis.model import reads_last_year

    period = figures.period
    last_year = LAST_YEAR if reads_last_year(figures) else frozenset()
    unread = [p for p in broken if reads(period, p, last_year)]
    if unread:  # its trends would show the warehouse's older copy, or nothing
        return input_failure(region, period, [unreadable_release(unread)])
    inputs = fingerprint.input_files(region.data_dir, period, last_year)
    print_ = fingerprint.fingerprint(
        inputs, request.notebooks[0], pending.parameters, request.notebooks[1:]
    )
    exact = Pending(period, pending.parameters, inputs, print_)
    return _job(region, figures, exact, request, sorted(last_year))


def _job(
    region: Region,
    figures: PeriodFigures,
    pending: Pending,
    request: Request,
    last_year: list[str],
) -> Job:
    from industry_briefing.briefing import labels, titles

    lang, period = request.lang, figures.period
    parameters = {**pending.parameters, "region": figures.region}  # regions share warehouses
    label = labels.period_label(period, lang)
    topics = tuple(
        (str(topic), titles.page_title(figures, topic.stem, lang))
        for topic in request.notebooks[1:]
    )
    manifest = manifests.build(figures, parameters, pending.inputs, pending.fingerprint)
    return Job(
        period=str(period),
        region=region.name or figures.region,
        notebook=str(request.notebooks[0]),
        topics=topics,
        reports_dir=str(region.reports_dir),
        parameters=parameters,
        title=titles.briefing_title(figures, lang),
        label=labels.label("quality.period", lang, year=period.year, label=label),
        manifest={**manifest, fingerprint.LAST_YEAR_READ: last_year},
        figures=figures,
        docx=request.docx,
    )
