"""One period's briefing, executed in a worker process: papermill on a warm kernel, export to
HTML and PDF, manifest; everything written in a temporary folder and moved into place last.

A worker keeps the next kernel started while it finishes the current period, and its kernels
are forked from a server that did the heavy imports once (kernels.py), so a period pays for
its execution, not for start-up and imports. Each notebook still gets a kernel (a process) of
its own: no state passes from one period to another. Kernels leave the charts' static SVGs to
the worker, which draws them at export with a vl-convert it keeps started.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from multiprocessing.util import Finalize
from pathlib import Path
from typing import TYPE_CHECKING, Any

from industry_briefing.core.settings import DEFAULT_LANG, DEFER_SVG_ENV, SUMMARY_MIMETYPE

if TYPE_CHECKING:
    from jupyter_client.manager import KernelManager
    from nbformat import NotebookNode

    from industry_briefing.core.figures import PeriodFigures
from industry_briefing.publish import manifest as manifests
from industry_briefing.run import approval

# The notebooks' imports of the project's own package (the third-party ones come preloaded).
WARM_IMPORTS = (
    "from industry_briefing.analysis import loading\n"
    "from industry_briefing.briefing import charts, notebook\n"
    "from industry_briefing.briefing.sections import (\n"
    "    appendix, concerns, districts, investment, operation, overview, parks, topics, trends\n"
    ")"
)

_starter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="warm-kernel")
_warm_kernel: Future[KernelManager] | None = None  # this worker's next kernel, starting early


@dataclass(frozen=True)
class Job:
    period: str
    region: str
    notebook: str
    reports_dir: str  # the region's reports folder; the period's is reports_dir/period
    parameters: dict
    title: str
    label: str
    manifest: dict  # built before the run: inputs, fingerprint, parameters, versions
    topics: tuple[tuple[str, str], ...] = ()  # (notebook, title) rendered to HTML beside it
    # The period's figures as the batch loaded them, for its spreadsheet of tables: handed
    # over rather than read again from the warehouse (no second read, no wait on its lock).
    figures: PeriodFigures | None = None


@dataclass(frozen=True)
class Outcome:
    period: str
    region: str
    status: str  # ran | skipped | failed
    seconds: float = 0.0
    error: str = ""
    failed_cell: int | None = None
    kept_notebook: str = ""
    timings: dict = field(default_factory=dict)


def execute(job: Job) -> Outcome:
    """Run one period; never raises for the period's own failure (the batch goes on)."""
    started = time.perf_counter()
    destination = Path(job.reports_dir) / job.period
    timings: dict[str, float] = {}
    Path(job.reports_dir).mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix=f".tmp-{job.period}-", dir=job.reports_dir) as tmp,
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="tables") as aside,
    ):  # the thread is joined before the folder is removed
        work = Path(tmp)
        executed = work / "briefing.ipynb"
        # The spreadsheet is written while the kernels execute (this thread mostly waits on
        # them then), so its 0.1-0.5 s adds next to nothing to the period's time.
        tables = aside.submit(_write_tables, job, work, timings)
        try:
            notebook = _execute_notebook(job.notebook, job, executed, work, timings, "execution")
            for topic, title in job.topics:  # each in a kernel of its own, as the briefing
                executed = work / Path(topic).name
                _render_topic(topic, title, job, executed, work, timings)
            executed = work / "briefing.ipynb"
            tables.result()  # its error, if any, fails the period as any other step's
            _export(job, notebook, executed, work, timings, started)
        except Exception as error:  # the period fails alone; its last good report stays
            return _failed(job, error, executed, destination, started, timings)
        _move_into_place(work, destination)
    _write_last_run(destination, "ok", job, started)
    return Outcome(job.period, job.region, "ran", time.perf_counter() - started, timings=timings)


def prewarm() -> None:
    """Start this worker's next kernel in the background (also the pool's initializer)."""
    global _warm_kernel
    if _warm_kernel is None:
        _stop_at_exit(os.getpid())
        _warm_kernel = _starter.submit(_start_kernel)


def initialize() -> None:
    """Pool initializer: the first kernel, then the exporter (JS bundle, WeasyPrint), warming
    in the background while the first period's notebook waits for its kernel."""
    prewarm()
    _starter.submit(_prewarm_export)


def _prewarm_export() -> None:
    import vl_convert

    from industry_briefing.publish import export, workbook  # noqa: F401 (imported ahead)

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
            kernels.close_server()


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


def _execute_notebook(
    path: str, job: Job, executed: Path, cwd: Path, timings: dict[str, float], step: str
) -> NotebookNode:
    """Execute a clean copy of `path` (its cells' sources and tags only: outputs an analyst's
    JupyterLab saved into it never reach a report) on the warm kernel; its time is added to
    timings[step]."""
    import papermill

    global _warm_kernel
    tick = time.perf_counter()
    prewarm()
    assert _warm_kernel is not None  # prewarm started it
    kernel, _warm_kernel = _warm_kernel.result(), None
    timings["kernel_wait"] = timings.get("kernel_wait", 0) + time.perf_counter() - tick
    tick = time.perf_counter()
    source = cwd / f".{Path(path).stem}.source.ipynb"  # removed before the folder is moved
    source.write_text(json.dumps(approval.clean_copy(Path(path))), encoding="utf-8")
    try:
        # Written once at the end (or on an error), not after every cell: saving a growing
        # notebook 40 times cost about 0.5 s a period.
        return papermill.execute_notebook(
            str(source),
            str(executed),
            parameters=job.parameters,
            cwd=str(cwd),
            progress_bar=False,
            km=kernel,
            request_save_on_cell_execute=False,
        )
    finally:
        source.unlink(missing_ok=True)
        timings[step] = timings.get(step, 0) + time.perf_counter() - tick
        kernel.shutdown_kernel(now=True)
        prewarm()  # the next period's kernel warms while this one exports


def _render_topic(
    path: str, title: str, job: Job, executed: Path, work: Path, timings: dict[str, float]
) -> None:
    """A topic notebook of the period, executed and shared as HTML beside the briefing."""
    from industry_briefing.publish import export

    notebook = _execute_notebook(path, job, executed, work, timings, "topics")
    tick = time.perf_counter()
    _draw_charts(notebook, executed)
    export.write_html(notebook, work / f"{executed.stem}.html", title)
    timings["topics"] += time.perf_counter() - tick


def _draw_charts(notebook: NotebookNode, executed: Path) -> None:
    """The charts' static SVGs the kernel left to the worker, also in the kept notebook."""
    import nbformat

    from industry_briefing.briefing import charts

    if charts.complete_chart_outputs(notebook):
        nbformat.write(notebook, executed)


def _write_tables(job: Job, work: Path, timings: dict[str, float]) -> None:
    """The month's tables as tables.xlsx beside the briefing (publish/workbook.py); its time
    (overlapping the notebooks' execution) in timings["tables"]."""
    from industry_briefing.publish import workbook

    if job.figures is None:
        return
    tick = time.perf_counter()
    workbook.write_tables(job.figures, work, job.parameters.get("lang", DEFAULT_LANG))
    timings["tables"] = time.perf_counter() - tick


def _export(
    job: Job,
    notebook: NotebookNode,
    executed: Path,
    work: Path,
    timings: dict[str, float],
    started: float,
) -> None:
    from industry_briefing.publish import export

    tick = time.perf_counter()
    _draw_charts(notebook, executed)
    timings["charts"] = time.perf_counter() - tick
    manifest = dict(job.manifest)
    manifest["headline"] = _summary(notebook)
    manifest["timings"] = timings
    footer = manifests.footer_html(manifest, job.parameters.get("lang", DEFAULT_LANG))
    tick = time.perf_counter()
    export.export_all(notebook, work, "briefing", job.title, job.label, footer)
    timings["export"] = time.perf_counter() - tick
    # The files of the run, as they will stand in reports/PERIOD/ (the manifest among them)
    produced = {path.name for path in work.iterdir() if not path.name.startswith(".")}
    manifest["outputs"] = sorted(produced | {manifests.MANIFEST})
    manifest["seconds"] = round(time.perf_counter() - started, 2)
    manifests.write(work, manifests.MANIFEST, manifest)


def _move_into_place(work: Path, destination: Path) -> None:
    """Each file replaces its old version whole; the manifest (the mark of a good run) last."""
    destination.mkdir(parents=True, exist_ok=True)
    produced = sorted(work.iterdir(), key=lambda p: p.name == manifests.MANIFEST)
    for path in produced:
        os.replace(path, destination / path.name)
    for stale in destination.glob("*.failed.ipynb"):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()


def _failed(
    job: Job,
    error: Exception,
    executed: Path,
    destination: Path,
    started: float,
    timings: dict[str, float],
) -> Outcome:
    kept = ""
    if executed.exists():
        destination.mkdir(parents=True, exist_ok=True)
        kept = str(destination / f"{executed.stem}.failed.ipynb")
        shutil.copyfile(executed, kept)
    cell = getattr(error, "exec_count", None)
    message = f"{getattr(error, 'ename', type(error).__name__)}: {getattr(error, 'evalue', error)}"
    _write_last_run(destination, "failed", job, started, message, cell)
    return Outcome(
        job.period,
        job.region,
        "failed",
        time.perf_counter() - started,
        message,
        cell,
        kept,
        timings,
    )


def _write_last_run(
    destination: Path,
    status: str,
    job: Job,
    started: float,
    error: str = "",
    cell: int | None = None,
) -> None:
    destination.mkdir(parents=True, exist_ok=True)
    record = {
        "period": job.period,
        "status": status,
        "finished_at": manifests.now_utc(),
        "seconds": round(time.perf_counter() - started, 2),
        "error": error,
        "failed_cell": cell,
    }
    manifests.write(destination, manifests.LAST_RUN, record)


def _summary(notebook: NotebookNode) -> dict[str, Any]:
    """The key figures the notebook published for the index (a cell hidden from the report)."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if SUMMARY_MIMETYPE in data:
                summary = data[SUMMARY_MIMETYPE]
                return json.loads(summary) if isinstance(summary, str) else dict(summary)
    return {}


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
