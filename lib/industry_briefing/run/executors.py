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

import contextlib
import multiprocessing
import os
import queue
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path
from typing import Any

from industry_briefing.core.errors import Refusal, listing, words
from industry_briefing.run import worker
from industry_briefing.run.worker import Job, Outcome, Part, PartOutcome


def execute(
    jobs: Iterable[Job | Outcome],
    workers: int,
    scheduler: str | None = None,
    on_done: Callable[[Outcome], None] = lambda outcome: None,
    shared: Sequence[Path] = (),
) -> list[Outcome]:
    """Run the jobs on a local process pool, or on the Dask cluster at `scheduler`, whose
    every worker must see the `shared` folders (ClusterBlind before any period runs). An
    Outcome in the stream (a period failed on input) is passed through."""
    if isinstance(jobs, list) and not jobs:
        return []
    stream = iter(jobs)
    runner = (
        _on_dask(stream, scheduler, shared) if scheduler else _on_processes(stream, max(1, workers))
    )
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
    from industry_briefing.run import lifeline

    periods = _Periods()
    # The workers' temporary files (their kernels' sockets, their fork servers' too) are in
    # the batch's own folder, removed at its end whatever became of them.
    with lifeline.private_folder() as folder, _Workers(workers, str(folder)) as pool:
        try:
            yield from _run(periods, jobs, pool.submit, _first_of)
        except BaseException:
            pool.stop()  # Ctrl-C, SIGTERM: its parts are not waited for
            raise
        finally:
            periods.abandon()


class _Workers:
    """`count` worker processes, each a single-process pool driven by a thread of the batch
    that hands it one part at a time. A worker that dies (killed, out of memory) fails the
    part it ran and nothing else (a pool of several breaks as a whole: every part in it
    fails), and a new worker takes its place.

    Workers are spawned, not forked: a fork would copy this process's threads' state (a lock
    held) into workers that never see it released. Each starts at once, not at its first
    part: its warm-up overlaps the loading of the months."""

    def __init__(self, count: int, folder: str) -> None:
        self._folder = folder
        self._pools: set[ProcessPoolExecutor] = set()
        self._stopping = False
        self._parts: queue.SimpleQueue[tuple[Part, Future[PartOutcome]] | None] = (
            queue.SimpleQueue()
        )
        self._threads = [
            threading.Thread(target=self._drive, name=f"worker-{n}", daemon=True)
            for n in range(count)
        ]
        for thread in self._threads:
            thread.start()

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        """Every worker leaves once its part is done (and stops its kernels)."""
        for _ in self._threads:
            self._parts.put(None)
        for thread in self._threads:
            thread.join()

    def submit(self, part: Part) -> Future[PartOutcome]:
        future: Future[PartOutcome] = Future()
        self._parts.put((part, future))
        return future

    def stop(self) -> None:
        """The batch was stopped: the parts not yet handed over are cancelled, and the workers
        killed mid-part (their kernels follow them: lifeline), not waited for."""
        self._stopping = True
        with contextlib.suppress(queue.Empty):
            while True:
                if item := self._parts.get_nowait():
                    item[1].cancel()
        for pool in list(self._pools):
            # Python 3.14's ProcessPoolExecutor.kill_workers(); before it, its processes.
            for process in list(getattr(pool, "_processes", {}).values()):
                with contextlib.suppress(OSError, ValueError):
                    process.kill()

    def _drive(self) -> None:
        """Hand parts to one worker, one at a time; a worker that died is replaced when the
        next part comes (not once the batch is stopping)."""
        pool: ProcessPoolExecutor | None = self._start()
        try:
            while item := self._parts.get():
                part, future = item
                if self._stopping or not future.set_running_or_notify_cancel():
                    future.cancel()
                    continue
                pool = pool or self._start()
                try:
                    future.set_result(pool.submit(worker.run_part, part).result())
                except BrokenProcessPool as died:
                    future.set_exception(died)
                    pool.shutdown(wait=True)
                    self._pools.discard(pool)
                    pool = None
                except BaseException as error:
                    future.set_exception(error)
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)

    def _start(self) -> ProcessPoolExecutor:
        """A worker: spawned from this thread, which outlives it (PR_SET_PDEATHSIG: the
        worker ends when the thread that started it does, with the batch at the latest)."""
        from industry_briefing.run import warm

        pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=warm.initialize,
            initargs=(os.getpid(), self._folder),
        )
        pool.submit(os.getpid)  # it starts now
        self._pools.add(pool)
        return pool


def _on_dask(
    jobs: Iterator[Job | Outcome], scheduler: str, shared: Sequence[Path]
) -> Iterator[Outcome]:
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
        refuse_blind(client, [str(folder) for folder in shared])
        try:
            yield from _run(periods, jobs, submit, first_of)
        finally:
            periods.abandon()


class ClusterBlind(Refusal):
    """Workers of a Dask cluster that cannot see a folder the batch's parts read or write: a
    batch on several machines needs one file system shared at the same paths."""


def refuse_blind(client: Any, folders: list[str]) -> None:
    """ClusterBlind unless every worker of the cluster sees every one of the folders (the
    regions' data roots, reports folders and warehouses' folders)."""
    missing = {w: m for w, m in client.run(_missing, folders).items() if m}
    if missing:
        paths = sorted({path for found in missing.values() for path in found})
        raise ClusterBlind(
            words("run.cluster_blind", workers=listing(sorted(missing)), paths=listing(paths))
        )


def _missing(folders: list[str]) -> list[str]:
    """On a worker: which of the folders it does not see."""
    return [folder for folder in folders if not os.path.isdir(folder)]


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
