"""A batch worker's warm kernel and exporter: the next kernel started while the current
notebook exports, forked from the batch's fork server (kernels.py) with the notebooks'
imports done; the exporter and vl-convert started ahead of the first export; and a quick exit.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import sys
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from multiprocessing.util import Finalize
from pathlib import Path
from typing import TYPE_CHECKING

from industry_briefing.core.settings import DEFER_SVG_ENV, SHARED_MODEL_ENV

if TYPE_CHECKING:
    from jupyter_client.manager import KernelManager

# The notebooks' imports of the project's own package: a forked kernel has them from its server
# already (fork_server.PRELOADED); a plain kernel (no fork server) does them here, ahead.
WARM_IMPORTS = (
    "from industry_briefing.analysis import loading\n"
    "from industry_briefing.briefing import charts, notebook\n"
    "from industry_briefing.briefing.sections import (\n"
    "    appendix, concerns, districts, investment, operation, overview, parks, topics, trends\n"
    ")"
)

_starter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="warm-kernel")
_warm_kernel: Future[KernelManager] | None = None  # this worker's next kernel, starting early


def take_kernel() -> KernelManager:
    """This worker's warm kernel (waiting for it to be ready), or one started now."""
    global _warm_kernel
    prewarm()
    assert _warm_kernel is not None  # prewarm started it
    kernel, _warm_kernel = _warm_kernel.result(), None
    return kernel


def prewarm() -> None:
    """Start this worker's next kernel in the background, unless one is started already."""
    global _warm_kernel
    if _warm_kernel is None:
        _stop_at_exit(os.getpid())
        _warm_kernel = _starter.submit(_start_kernel)


def initialize(fork_server: str | None = None) -> None:
    """Pool initializer: the first kernel (forked by the batch's `fork_server`, if given), then
    the exporter (JS bundle, WeasyPrint), warming in the background while the first part's
    notebook waits for its kernel."""
    atexit.register(_leave_without_teardown)  # first registered: the last to run
    if fork_server:
        from industry_briefing.run import kernels

        kernels.use_shared(fork_server)
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
    """Stop the kernel kept for a next period that will not come (worker exit)."""
    global _warm_kernel
    if _warm_kernel is not None:
        with contextlib.suppress(Exception):
            _warm_kernel.result(timeout=60).shutdown_kernel(now=True)
        _warm_kernel = None
    kernels = sys.modules.get("industry_briefing.run.kernels")  # imported only if a kernel started
    if kernels is not None:
        with contextlib.suppress(Exception):
            kernels.close_server(wait=False)  # it exits on its own once its stdin closes


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


def share_model(kernel: KernelManager, staging: Path) -> None:
    """Point the kernel (started before its period was known) at the period's staging folder,
    where its notebooks share the month's model (analysis.loading.load_model)."""
    client = kernel.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        code = f"import os; os.environ[{SHARED_MODEL_ENV!r}] = {str(staging)!r}"
        reply = client.execute_interactive(code, silent=True, timeout=60)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"the kernel could not be prepared: {reply['content']}")
    finally:
        client.stop_channels()


def _start_kernel() -> KernelManager:
    """A kernel with the notebooks' imports already done (they dominate a short notebook)."""
    from industry_briefing.run import kernels

    env = {**os.environ, DEFER_SVG_ENV: "1"}
    quiet = ["--IPKernelApp.log_level=ERROR"]  # the batch's log is for periods, not kernels
    try:
        kernel = kernels.kernel_manager()
        kernel.start_kernel(cwd=tempfile.gettempdir(), env=env, extra_arguments=quiet)
    except kernels.ForkServerError as error:  # e.g. no fork(): a kernel started the usual way
        logging.getLogger(__name__).warning("plain kernels, no fork server: %s", error)
        kernel = kernels.kernel_manager(forked=False)
        kernel.start_kernel(cwd=tempfile.gettempdir(), env=env, extra_arguments=quiet)
    client = kernel.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        client.execute(WARM_IMPORTS, silent=True)
    finally:
        client.stop_channels()
    return kernel
