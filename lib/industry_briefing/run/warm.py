"""A batch worker's warm kernel and exporter: the next kernel started while the current
notebook exports, forked from the worker's fork server (kernels.py) with the notebooks'
imports done; the exporter and vl-convert started ahead of the first export; and a quick exit.

A warm start that failed (its kernel died, or did not answer in time) is not kept: the part
that was to use it fails with one line, its half-started kernel is stopped, and the next part
starts a new one.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import multiprocessing
import os
import signal
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from multiprocessing.util import Finalize
from typing import TYPE_CHECKING

from industry_briefing.run import lifeline

if TYPE_CHECKING:
    from jupyter_client.manager import KernelManager

# The notebooks' imports of the project's own package: a forked kernel has them from its server
# already (kernels.PRELOADED); a plain kernel (no fork server) does them here, ahead.
WARM_IMPORTS = (
    "from industry_briefing.analysis import loading\n"
    "from industry_briefing.briefing import charts, notebook\n"
    "from industry_briefing.briefing.sections import (\n"
    "    appendix, concerns, districts, investment, operation, overview, parks, topics, trends\n"
    ")"
)
READY_SECONDS = 60  # a kernel that has not answered by then is not coming

_starter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="warm-kernel")
_warm_kernel: Future[KernelManager] | None = None  # this worker's next kernel, starting early


class KernelNotStarted(RuntimeError):
    """The part's kernel did not start (the part fails; the next part starts a new one)."""


def take_kernel() -> KernelManager:
    """This worker's warm kernel (waiting for it to be ready), or one started now. A start
    that failed is dropped here, so that the next call starts anew."""
    global _warm_kernel
    prewarm()
    assert _warm_kernel is not None  # prewarm started it
    starting, _warm_kernel = _warm_kernel, None
    try:
        kernel = starting.result()
        if kernel.is_alive():
            return kernel
        # It died idle (its fork server killed while the worker exported, say): no fault of
        # the part's, which gets a kernel of a new start.
        _stop(kernel)
        return _starter.submit(_start_kernel).result()
    except Exception as error:
        raise KernelNotStarted(f"the notebook's kernel did not start: {error}") from error


def prewarm() -> None:
    """Start this worker's next kernel in the background, unless one is started already."""
    global _warm_kernel
    if _warm_kernel is None:
        _stop_at_exit(os.getpid())
        _warm_kernel = _starter.submit(_start_kernel)


def initialize(batch: int | None = None, tmp: str | None = None) -> None:
    """Pool initializer: end with the `batch` (its pid), keep temporary files in its folder
    `tmp`; then the first kernel and the exporter (JS bundle, WeasyPrint), warming in the
    background while the first part's notebook waits for its kernel."""
    atexit.register(_leave_without_teardown)  # first registered: the last to run
    # Ctrl-C reaches the terminal's whole process group: the batch stops its workers itself
    # (cli: one line, no worker's traceback).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if batch:
        lifeline.die_with_parent(batch)
    if tmp:
        lifeline.use_tmp(tmp)
    from industry_briefing.run import kernels

    if kernels.forking():
        kernels.start_server()
    prewarm()
    _starter.submit(_prewarm_export)


def _leave_without_teardown() -> None:
    """A pool worker's last step at exit, once its kernels are stopped and the other exit
    handlers ran: leave without the interpreter's teardown, which frees the libraries' heaps
    one object at a time (about 0.5 s a worker) while the batch waits for its workers."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _prewarm_export() -> None:
    import vl_convert

    from industry_briefing.publish import export, workbook  # noqa: F401 (imported ahead)

    # WeasyPrint is imported by the first briefing part this worker gets, while its notebook
    # executes (worker.run_part): a worker that only writes topic pages never needs it.
    export.prewarm()
    # vl-convert's first conversion starts its JavaScript runtime (about 0.9 s), once per worker
    vl_convert.vegalite_to_svg({"mark": "point", "data": {"values": [{"x": 1}]}})


def shutdown_warm_kernel() -> None:
    """Stop the kernel kept for a next part that will not come (worker exit), and remove the
    worker's folder of kernel files."""
    global _warm_kernel
    if _warm_kernel is not None:
        with contextlib.suppress(Exception):
            _warm_kernel.result(timeout=READY_SECONDS).shutdown_kernel(now=True)
        _warm_kernel = None
    # multiprocessing joins a worker's children as it exits: none may be left running
    for child in multiprocessing.active_children():
        if child.name == lifeline.KERNEL:
            child.kill()
            child.join()
    lifeline.remove_own_folder()


def _forget_parent_kernel() -> None:
    """A forked child must not wait for, or stop, a kernel its parent was starting."""
    global _starter, _warm_kernel
    _starter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="warm-kernel")
    _warm_kernel = None
    _stop_at_exit.cache_clear()


os.register_at_fork(after_in_child=_forget_parent_kernel)


@cache
def _stop_at_exit(pid: int | None = None) -> None:
    """Once per process: multiprocessing workers leave through os._exit, which skips atexit,
    and a Finalize registered before a fork is ignored in the child, so register here."""
    Finalize(None, shutdown_warm_kernel, exitpriority=10)
    atexit.register(shutdown_warm_kernel)


@contextlib.contextmanager
def kernel_for(warm_next: bool = True) -> Iterator[KernelManager]:
    """This worker's warm kernel for one notebook, shut down after it (a kernel serves one
    notebook); then the worker's next kernel starts warming while this notebook exports,
    unless `warm_next` is false (the batch's last part). A kernel that dies is said with how
    it ended: killed, or its exit code. What the notebook needs of its period (where its
    model is shared, charts left to the worker) reaches it as parameters (worker.py)."""
    from nbclient.exceptions import DeadKernelError

    from industry_briefing.run import kernels

    kernel = None
    try:
        kernel = take_kernel()
        yield kernel
    except DeadKernelError as error:
        assert kernel is not None  # only a started kernel dies
        raise DeadKernelError(f"{error}{kernels.how_it_ended(kernel)}") from error
    finally:
        if kernel is not None:
            kernel.shutdown_kernel(now=True)  # its clients too (kernels.ClosingKernelManager)
        if warm_next:
            prewarm()


def _start_kernel() -> KernelManager:
    """A kernel with the notebooks' imports already done (they dominate a short notebook);
    stopped again if it does not get ready."""
    from industry_briefing.run import kernels

    kernel = _launch()
    try:
        client = kernels.blocking_client(kernel)
        client.start_channels()
        try:
            client.wait_for_ready(timeout=READY_SECONDS)
            client.execute(WARM_IMPORTS, silent=True)
        finally:
            client.stop_channels()
    except Exception as error:
        ended = kernels.how_it_ended(kernel)
        _stop(kernel)
        raise RuntimeError(f"{error}{ended}") from error
    return kernel


def _launch() -> KernelManager:
    """A kernel forked from the worker's server, or started the usual way where there is
    none (no forkserver, or it cannot start: a TMPDIR too long for its socket, say)."""
    from industry_briefing.run import kernels

    quiet = ["--IPKernelApp.log_level=ERROR"]  # the batch's log is for periods, not kernels
    kernel = kernels.kernel_manager(forked=kernels.forking())
    try:
        kernel.start_kernel(cwd=tempfile.gettempdir(), extra_arguments=quiet)
    except kernels.ForkServerError as error:
        logging.getLogger(__name__).warning("plain kernels, no fork server: %s", error)
        _stop(kernel)
        kernel = kernels.kernel_manager(forked=False)
        kernel.start_kernel(cwd=tempfile.gettempdir(), extra_arguments=quiet)
    except BaseException:
        _stop(kernel)
        raise
    return kernel


def _stop(kernel: KernelManager) -> None:
    """Stop a kernel that failed to start, whatever it got to; its files go with it."""
    with contextlib.suppress(Exception):
        if kernel.has_kernel:
            kernel.shutdown_kernel(now=True)
        else:
            kernel.cleanup_resources()
