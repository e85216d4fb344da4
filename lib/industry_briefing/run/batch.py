"""`briefing batch`: every period of one or more regions, in parallel, skipping what has not
changed, isolating failures, and never leaving a half-written report.

The work of a period is `worker.execute(job)`, a plain function of a picklable job, so the
same jobs run on a local process pool or on a Dask distributed cluster (`--scheduler`).
Heavy imports happen only when something has to run: a re-run with nothing changed is a
matter of hashing files.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from industry_briefing.core import settings
from industry_briefing.core.periods import Period
from industry_briefing.publish import manifest as manifests
from industry_briefing.run import fingerprint
from industry_briefing.run.worker import Job, Outcome

LOCK_FILE = ".batch.lock"
OUTPUTS = ("briefing.html", "briefing.pdf", "briefing.ipynb", manifests.MANIFEST)


class BatchLocked(RuntimeError):
    """Another batch is writing to the same reports folder."""


@dataclass(frozen=True)
class Region:
    """One region's data root, warehouse and reports folder."""

    data_dir: Path
    warehouse: Path
    reports_dir: Path
    name: str = ""  # shown in progress and summaries; the region of meta.yml when empty


@dataclass(frozen=True)
class Plan:
    run: list[Job]
    skipped: list[Outcome]
    failed: list[Outcome]  # input that does not validate


def periods_in(data_dir: Path, start: str | None, end: str | None) -> list[Period]:
    """The YYYY-MM folders of data_dir within [start, end], oldest first."""
    first = Period.parse(start) if start else None
    last = Period.parse(end) if end else None
    found = []
    for folder in sorted(data_dir.iterdir()) if data_dir.is_dir() else []:
        try:
            period = Period.parse(folder.name)
        except ValueError:
            continue
        if folder.is_dir() and (not first or period >= first) and (not last or period <= last):
            found.append(period)
    return found


@dataclass(frozen=True)
class Pending:
    """A period that must run: its input files and the fingerprint its run will record."""

    period: Period
    inputs: dict
    fingerprint: str


def plan(
    region: Region,
    periods: list[Period],
    lang: str = "zh",
    force: bool = False,
    notebook: Path = settings.BRIEFING_NOTEBOOK,
    extra: dict | None = None,
) -> Plan:
    """Which periods must run, ingested, as jobs; and which are skipped or fail on input."""
    pending, skipped = triage(region, periods, lang, force, notebook, extra)
    ready = list(ingest(region, pending, lang, notebook, extra))
    jobs = [item for item in ready if isinstance(item, Job)]
    return Plan(jobs, skipped, [item for item in ready if isinstance(item, Outcome)])


def triage(
    region: Region,
    periods: list[Period],
    lang: str = "zh",
    force: bool = False,
    notebook: Path = settings.BRIEFING_NOTEBOOK,
    extra: dict | None = None,
    topics: bool = True,
) -> tuple[list[Pending], list[Outcome]]:
    """Which periods must run and which are skipped: a period whose fingerprint matches its
    last good run is skipped (hashing files only: nothing heavy is imported).

    `extra`: more parameters of the notebook (`briefing run -p NAME VALUE`). The parameters of
    the periods to run are checked against the notebook's before anything is ingested
    (parameters.ParameterError).
    """
    from industry_briefing.run.parameters import validate

    pending: list[Pending] = []
    skipped = []
    for period in periods:
        inputs = fingerprint.input_files(region.data_dir, period)
        parameters = _parameters(region, period, lang, extra)
        rendered = topics_of(notebook, topics)
        print_ = fingerprint.fingerprint(inputs, notebook, parameters, rendered)
        if not force and _up_to_date(region.reports_dir / str(period), print_, rendered):
            skipped.append(Outcome(str(period), region.name, "skipped"))
        else:
            for each in (notebook, *rendered):
                validate(parameters, each)
            pending.append(Pending(period, inputs, print_))
    return pending, skipped


def ingest(
    region: Region,
    pending: list[Pending],
    lang: str = "zh",
    notebook: Path = settings.BRIEFING_NOTEBOOK,
    extra: dict | None = None,
    topics: bool = True,
) -> Iterator[Job | Outcome]:
    """Validate and load every release the pending periods read, oldest first, yielding each
    pending period's job once it is loaded, or its failure when its own input is bad. Lazy, so
    that the batch's workers can start while the months load (`execute`)."""
    from industry_briefing.briefing import notebook as workbook
    from industry_briefing.core.errors import InputError
    from industry_briefing.ingest import reader
    from industry_briefing.store import warehouse

    wanted = {item.period: item for item in pending}
    needed = sorted(
        {p for p in reader.available_periods(region.data_dir) if _is_needed(p, set(wanted))}
        | set(wanted)
    )
    broken: list[Period] = []
    for period in needed:
        try:
            figures = reader.read_period(region.data_dir, period)
        except InputError as error:
            broken.append(period)
            if period in wanted:
                yield _input_failure(region, period, error.problems or [error])
            continue
        warehouse.write_period(region.warehouse, figures)
        if period in wanted:
            item = wanted[period]
            unread = [p for p in broken if _is_needed(p, {period})]
            if unread:  # its trends would show the warehouse's older copy, or nothing
                yield _input_failure(region, period, [_unreadable_release(unread)])
                continue
            yield _job(
                region,
                figures,
                item.inputs,
                item.fingerprint,
                lang,
                notebook,
                workbook.briefing_title,
                extra,
                topics,
            )


def execute(
    jobs: Iterable[Job | Outcome],
    workers: int,
    scheduler: str | None = None,
    on_done: Callable[[Outcome], None] = lambda outcome: None,
) -> list[Outcome]:
    """Run the jobs on a local process pool, or on the Dask cluster at `scheduler`.

    `jobs` may be a stream (`ingest`): the workers start first and warm their kernels while
    the stream is read (the months validated and loaded); the jobs are handed over once it is
    read whole, because a DuckDB file written by one process cannot be read by others at the
    same time. An Outcome in the stream (a period failed on input) is passed through."""
    if isinstance(jobs, list) and not jobs:
        return []
    runner = _on_dask if scheduler else _on_processes
    outcomes = []
    for outcome in runner(iter(jobs), max(1, workers), scheduler):
        on_done(outcome)
        outcomes.append(outcome)
    return outcomes


@contextmanager
def locked(reports_dir: Path) -> Iterator[None]:
    """One batch at a time per reports folder: a second one is refused, clearly."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    with (reports_dir / LOCK_FILE).open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise BatchLocked(
                f"another batch (pid {holder}) is writing to {reports_dir}; "
                "wait for it to finish, or use another --reports-dir"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        _remove_leftovers(reports_dir)
        yield


# --- planning ---------------------------------------------------------------------------------


def _parameters(region: Region, period: Period, lang: str, extra: dict | None = None) -> dict:
    return {
        "period": str(period),
        "data_dir": str(region.data_dir),
        "warehouse": str(region.warehouse),
        "lang": lang,
        **(extra or {}),
    }


def topics_of(notebook: Path, wanted: bool = True) -> tuple[Path, ...]:
    """The topic notebooks rendered beside a briefing: those of the project's own briefing."""
    own = Path(notebook) == settings.BRIEFING_NOTEBOOK
    return settings.TOPIC_NOTEBOOKS if wanted and own else ()


def _up_to_date(directory: Path, print_: str, topics: tuple[Path, ...] = ()) -> bool:
    good = manifests.read(directory)
    outputs = [*OUTPUTS, *(f"{topic.stem}.html" for topic in topics)]
    return (
        good is not None
        and good.get("fingerprint") == print_
        and all((directory / name).exists() for name in outputs)
    )


def _is_needed(period: Period, wanted: set[Period]) -> bool:
    """A release that a wanted month's briefing reads (the year so far, and last year)."""
    return any((period.year == w.year and period <= w) or period.year == w.year - 1 for w in wanted)


def _job(region, figures, inputs, print_, lang, notebook, title_of, extra=None, topics=True):
    from industry_briefing.briefing import labels

    parameters = _parameters(region, figures.period, lang, extra)
    label = labels.period_label(figures.period, lang)
    topics = tuple(
        (str(topic), labels.label(f"title.{topic.stem}", lang, region=figures.region, label=label))
        for topic in topics_of(notebook, topics)
    )
    return Job(
        period=str(figures.period),
        region=region.name or figures.region,
        notebook=str(notebook),
        topics=topics,
        reports_dir=str(region.reports_dir),
        parameters=parameters,
        title=title_of(figures, lang),
        label=labels.label(
            "quality.period",
            lang,
            year=figures.period.year,
            label=labels.period_label(figures.period, lang),
        ),
        manifest=manifests.build(figures, parameters, inputs, print_),
    )


def _unreadable_release(periods: list[Period]) -> str:
    names = ", ".join(str(p) for p in periods)
    return (
        f"{names}, which this month's trends and single-month figures read, "
        "has bad input (see its own errors); fix it first"
    )


def _input_failure(region: Region, period: Period, problems) -> Outcome:
    first = problems[0]
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    message = f"input: {first}{more}"
    directory = region.reports_dir / str(period)
    directory.mkdir(parents=True, exist_ok=True)
    manifests.write(
        directory,
        manifests.LAST_RUN,
        {
            "period": str(period),
            "status": "failed",
            "finished_at": manifests.now_utc(),
            "error": message,
            "failed_cell": None,
            "problems": [str(p) for p in problems],
        },
    )
    return Outcome(str(period), region.name, "failed", error=message)


def _remove_leftovers(reports_dir: Path) -> None:
    """Temporary folders of a run that was killed: never part of a report."""
    for leftover in reports_dir.glob("*/.tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in reports_dir.glob(".tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)


# --- executors --------------------------------------------------------------------------------


def _on_processes(jobs: Iterator[Job | Outcome], workers: int, _scheduler) -> Iterable[Outcome]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from industry_briefing.run import worker

    # Spawned, not forked: a fork would copy this process's threads' state (a kernel being
    # started, a lock held) into workers that can never see it released.
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=worker.initialize,
    ) as pool:
        futures = {}
        try:
            for _ in range(workers):  # every worker starts now, not at its first job
                pool.submit(os.getpid)
            for item in list(jobs):  # the warehouse is written whole before workers read it
                if isinstance(item, Outcome):
                    yield item
                else:
                    futures[pool.submit(worker.execute, item)] = item
            for future in as_completed(futures):
                yield _outcome_of(future, futures[future])
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _on_dask(jobs: Iterator[Job | Outcome], workers: int, scheduler: str) -> Iterable[Outcome]:
    from dask.distributed import Client, as_completed

    from industry_briefing.run import worker

    with Client(scheduler) as client:
        futures = {}
        for item in list(jobs):  # the warehouse is written whole before workers read it
            if isinstance(item, Outcome):
                yield item
                continue
            key = f"briefing-{item.region}-{item.period}"
            futures[client.submit(worker.execute, item, pure=False, key=key)] = item
        for future in as_completed(futures):
            yield _outcome_of(future, futures[future])


def _outcome_of(future, job: Job) -> Outcome:
    """A worker that died (killed, out of memory) fails its period, not the batch."""
    try:
        return future.result()
    except Exception as error:
        return Outcome(
            job.period, job.region, "failed", error=f"worker: {type(error).__name__}: {error}"
        )
