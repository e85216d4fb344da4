"""Where the periods run: a local pool of worker processes, or a Dask distributed cluster.

A period's work is `worker.execute(job)`, a plain function of a picklable job, so the same
jobs run on either. The jobs may come as a stream (the batch validates and loads the months
while the workers start); they are handed over once the stream is read whole, because a
DuckDB file written by one process cannot be read by others at the same time.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future

from industry_briefing.run.worker import Job, Outcome


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


def _on_processes(jobs: Iterator[Job | Outcome], workers: int) -> Iterator[Outcome]:
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
        futures: dict[Future[Outcome], Job] = {}
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


def _on_dask(jobs: Iterator[Job | Outcome], scheduler: str) -> Iterator[Outcome]:
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


def _outcome_of(future: Future[Outcome], job: Job) -> Outcome:
    """A worker that died (killed, out of memory) fails its period, not the batch."""
    try:
        return future.result()
    except Exception as error:
        return Outcome(
            job.period, job.region, "failed", error=f"worker: {type(error).__name__}: {error}"
        )
