"""Where the periods run: a local pool of worker processes, or a Dask distributed cluster.

A period's work is split into parts, one per notebook (worker.parts); each part is
`worker.run_part(part)`, a plain function of a picklable part, so the same parts run on
either. The parts of every period are handed over in order, each period's briefing first,
and a period is finished here (worker.finish: its files moved into place) once its last part
is done. The jobs come as a stream: the batch validates and loads the months oldest first and
yields a month's job once what it reads is in the warehouse, so the workers start on the first
month while the later ones load (readers and the writer of the warehouse wait for each other:
store/access.py).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path

from industry_briefing.run import worker
from industry_briefing.run.worker import Job, Outcome, Part, PartOutcome


def execute(
    jobs: Iterable[Job | Outcome],
    workers: int,
    scheduler: str | None = None,
    on_done: Callable[[Outcome], None] = lambda outcome: None,
) -> list[Outcome]:
    """Run the jobs on a local process pool, or on the Dask cluster at `scheduler`. An Outcome
    in the stream (a period failed on input) is passed through."""
    if isinstance(jobs, list) and not jobs:
        return []
    stream = iter(jobs)
    runner = _on_dask(stream, scheduler) if scheduler else _on_processes(stream, max(1, workers))
    outcomes = []
    for outcome in runner:
        on_done(outcome)
        outcomes.append(outcome)
    return outcomes


class _Periods:
    """The periods in flight: each one's parts, and its outcome once the last is done."""

    def __init__(self) -> None:
        self._open: dict[Path, tuple[Job, list[Part], dict[str, PartOutcome]]] = {}

    def parts(self, jobs: Iterator[Job | Outcome]) -> Iterator[Part | Outcome]:
        """The parts of each job as it comes (an Outcome passed through). One job is held
        back until the next comes: after the very last part no worker needs a next kernel."""
        held: list[Part] = []
        for item in jobs:
            if isinstance(item, Outcome):
                yield item
                continue
            yield from held
            held = self._add(item)
        if held:
            yield from [*held[:-1], replace(held[-1], warm_next=False)]

    def done(self, part: Part, outcome: PartOutcome) -> Outcome | None:
        staging = Path(part.staging)
        job, parts, done = self._open[staging]
        done[part.notebook] = outcome
        if len(done) < len(parts):
            return None
        del self._open[staging]
        return worker.finish(job, staging, [done[p.notebook] for p in parts])

    def abandon(self) -> None:
        """The staging folders of periods that will not finish (the batch was stopped)."""
        for staging in self._open:
            shutil.rmtree(staging, ignore_errors=True)
        self._open.clear()

    def _add(self, job: Job) -> list[Part]:
        staging = worker.stage(job)
        parts = worker.parts(job, staging)
        self._open[staging] = (job, parts, {})
        return parts


def _on_processes(jobs: Iterator[Job | Outcome], workers: int) -> Iterator[Outcome]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from industry_briefing.run import kernels, warm

    periods = _Periods()
    # One kernel fork server for all the workers, started first: its imports overlap the
    # loading of the months and the workers' start. Workers are spawned, not forked: a fork
    # would copy this process's threads' state (a lock held) into workers that never see it
    # released.
    with (
        kernels.shared() as server,
        ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=warm.initialize,
            initargs=(server,),
        ) as pool,
    ):
        try:
            for _ in range(workers):  # every worker starts now, not at its first part
                pool.submit(os.getpid)
            yield from _run(
                periods, jobs, lambda part: pool.submit(worker.run_part, part), _first_of
            )
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        finally:
            periods.abandon()


def _on_dask(jobs: Iterator[Job | Outcome], scheduler: str) -> Iterator[Outcome]:
    from dask.distributed import Client, wait

    def submit(part: Part) -> Future[PartOutcome]:
        key = f"briefing-{part.job.region}-{part.job.period}-{Path(part.notebook).stem}"
        future: Future[PartOutcome] = client.submit(worker.run_part, part, pure=False, key=key)
        return future

    def first_of(futures: Iterable[Future[PartOutcome]]) -> Future[PartOutcome]:
        first: Future[PartOutcome] = next(
            iter(wait(list(futures), return_when="FIRST_COMPLETED").done)
        )
        return first

    periods = _Periods()
    with Client(scheduler) as client:
        try:
            yield from _run(periods, jobs, submit, first_of)
        finally:
            periods.abandon()


def _run(
    periods: _Periods,
    jobs: Iterator[Job | Outcome],
    submit: Callable[[Part], Future[PartOutcome]],
    first_of: Callable[[Iterable[Future[PartOutcome]]], Future[PartOutcome]],
) -> Iterator[Outcome]:
    """Submit each part as its month is loaded; the outcome of each period once its parts
    are done, also while later months still load."""
    futures: dict[Future[PartOutcome], Part] = {}
    for item in periods.parts(jobs):
        if isinstance(item, Outcome):
            yield item
        else:
            futures[submit(item)] = item
        yield from _finished(periods, futures, [f for f in futures if f.done()])
    while futures:
        yield from _finished(periods, futures, [first_of(futures)])


def _finished(
    periods: _Periods, futures: dict[Future[PartOutcome], Part], done: list[Future[PartOutcome]]
) -> Iterator[Outcome]:
    for future in done:
        part = futures.pop(future)
        if outcome := periods.done(part, _part_outcome(future, part)):
            yield outcome


def _first_of(futures: Iterable[Future[PartOutcome]]) -> Future[PartOutcome]:
    """The first of a local pool's futures to finish."""
    from concurrent.futures import FIRST_COMPLETED, wait

    return next(iter(wait(list(futures), return_when=FIRST_COMPLETED).done))


def _part_outcome(future: Future[PartOutcome], part: Part) -> PartOutcome:
    """A worker that died (killed, out of memory) fails its period, not the batch."""
    try:
        return future.result()
    except Exception as error:
        return worker.failed_part(part, error)
