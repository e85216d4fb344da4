"""Where the periods run: a local pool of worker processes, or a Dask distributed cluster.

A period's work is split into parts, one per notebook (worker.parts); each part is
`worker.run_part(part)`, a plain function of a picklable part, so the same parts run on
either. The parts of every period are handed over in order, each period's briefing first,
and a period is finished here (worker.finish: its files moved into place) once its last part
is done. The jobs may come as a stream (the batch validates and loads the months while the
workers start); they are handed over once the stream is read whole, because a DuckDB file
written by one process cannot be read by others at the same time.
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

    def add(self, job: Job) -> None:
        staging = worker.stage(job)
        self._open[staging] = (job, worker.parts(job, staging), {})

    def parts(self) -> list[Part]:
        """Every period's parts in order; after the last, no worker needs a next kernel."""
        every = [part for _, parts, _ in self._open.values() for part in parts]
        return [*every[:-1], replace(every[-1], warm_next=False)] if every else []

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


def _on_processes(jobs: Iterator[Job | Outcome], workers: int) -> Iterator[Outcome]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

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
        futures: dict[Future[PartOutcome], Part] = {}
        try:
            for _ in range(workers):  # every worker starts now, not at its first job
                pool.submit(os.getpid)
            for item in list(jobs):  # the warehouse is written whole before workers read it
                if isinstance(item, Outcome):
                    yield item
                else:
                    periods.add(item)
            for part in periods.parts():
                futures[pool.submit(worker.run_part, part)] = part
            for future in as_completed(futures):
                part = futures[future]
                if outcome := periods.done(part, _part_outcome(future, part)):
                    yield outcome
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        finally:
            periods.abandon()


def _on_dask(jobs: Iterator[Job | Outcome], scheduler: str) -> Iterator[Outcome]:
    from dask.distributed import Client, as_completed

    periods = _Periods()
    with Client(scheduler) as client:
        futures = {}
        try:
            for item in list(jobs):  # the warehouse is written whole before workers read it
                if isinstance(item, Outcome):
                    yield item
                else:
                    periods.add(item)
            for part in periods.parts():
                job = part.job
                key = f"briefing-{job.region}-{job.period}-{Path(part.notebook).stem}"
                futures[client.submit(worker.run_part, part, pure=False, key=key)] = part
            for future in as_completed(futures):
                part = futures[future]
                if outcome := periods.done(part, _part_outcome(future, part)):
                    yield outcome
        finally:
            periods.abandon()


def _part_outcome(future: Future[PartOutcome], part: Part) -> PartOutcome:
    """A worker that died (killed, out of memory) fails its period, not the batch."""
    try:
        return future.result()
    except Exception as error:
        return worker.failed_part(part, error)
