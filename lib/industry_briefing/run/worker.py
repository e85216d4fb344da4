"""One period's briefing in parts, executed in worker processes: papermill on a warm kernel,
export to HTML, PDF and Word, manifest; everything written in a staging folder and moved into place
last.

A period's job is split into parts, one per notebook (`parts`): the briefing and each topic
notebook are tasks of their own, so that a month's four notebooks run side by side on the
workers rather than one after another. They share the staging folder, and in it the month's
model (built once by the first notebook that asks: analysis.loading). `finish` moves the
files into place once every part is done, or keeps the last good report if one failed.

A worker keeps the next kernel started while it finishes the current notebook, and its
kernels are forked from a server that did the heavy imports once (kernels.py), so a part pays
for its execution, not for start-up and imports. Each notebook still gets a kernel (a process)
of its own: no state passes from one to another but the model, read from a file. A kernel
that did not start, or died (killed), fails its part with one line; the worker goes on with
the next part. Kernels
leave the charts' static SVGs to the worker, which draws them at export with a vl-convert it
keeps started.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from industry_briefing.core import files
from industry_briefing.core.errors import say
from industry_briefing.core.settings import DEFAULT_LANG, SUMMARY_MIMETYPE

if TYPE_CHECKING:
    from nbformat import NotebookNode

    from industry_briefing.core.errors import Words
    from industry_briefing.core.figures import PeriodFigures
from industry_briefing.publish import manifest as manifests
from industry_briefing.run import approval, failures, last_run, warm
from industry_briefing.run.parameters import batch_own


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
    docx: bool = True  # the briefing as a Word file too (briefing.docx); --no-docx: not


@dataclass(frozen=True)
class Outcome:
    period: str
    region: str
    status: str  # ran | skipped | failed
    seconds: float = 0.0
    error: str = ""  # in English, as last-run.json and the logs say it
    failed_cell: int | None = None
    kept_notebook: str = ""
    timings: dict = field(default_factory=dict)
    bad_input: bool = False  # failed on its input, before anything ran (run.input_failures)
    reason: Words | None = None  # the failure in words (run/failures.py), said where shown
    notebook: str = ""  # the notebook that failed


@dataclass(frozen=True)
class Part:
    """One notebook of a period's job, run as a task of its own so that a month's notebooks
    run side by side on the workers: the briefing (exported to HTML and PDF, with the
    spreadsheet of tables) or a topic notebook (HTML). Parts write into the period's staging
    folder; `finish` moves what they wrote into place once all are done."""

    job: Job
    notebook: str
    title: str  # a topic page's title; the briefing's is the job's
    staging: str  # the period's staging folder, shared by its parts
    # Start the worker's next kernel while this part exports: not after the batch's last part
    # (a worker given a part with no kernel ready starts one then).
    warm_next: bool = True

    @property
    def is_briefing(self) -> bool:
        return self.notebook == self.job.notebook


@dataclass(frozen=True)
class PartOutcome:
    notebook: str
    error: str = ""  # empty: the part ran
    failed_cell: int | None = None
    executed: str = ""  # the executed notebook in the staging folder, kept when it failed
    timings: dict = field(default_factory=dict)
    headline: dict = field(default_factory=dict)  # the briefing's summary, for the manifest
    began: float = 0.0  # wall-clock times (time.time), comparable across processes
    ended: float = 0.0
    reason: Words | None = None  # its failure in words (run/failures.py)


def stage(job: Job) -> Path:
    """The period's staging folder, beside its reports folder (same file system: moving a
    file into place is a rename)."""
    Path(job.reports_dir).mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".tmp-{job.period}-", dir=job.reports_dir))


def parts(job: Job, staging: Path) -> list[Part]:
    """The job's parts, longest first (the briefing: execution, charts, HTML and PDF)."""
    briefing = Part(job, job.notebook, job.title, str(staging))
    lighter = replace(job, figures=None)  # the figures are for the briefing's spreadsheet
    return [briefing, *(Part(lighter, topic, title, str(staging)) for topic, title in job.topics)]


def execute(job: Job) -> Outcome:
    """Run one period's parts one after another here (the batch hands them to its workers)."""
    staging = stage(job)
    return finish(job, staging, [run_part(part) for part in parts(job, staging)])


def run_part(part: Part) -> PartOutcome:
    """Execute and export one notebook of a period; never raises for its own failure."""
    began = time.time()
    work, job = Path(part.staging), part.job
    executed = work / ("briefing.ipynb" if part.is_briefing else Path(part.notebook).name)
    timings: dict[str, float] = {}
    headline: dict[str, Any] = {}
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="tables") as aside:
        # The spreadsheet is written while the kernel executes (this thread mostly waits on
        # it then), so its 0.1-0.5 s adds next to nothing to the period's time.
        tables = None
        if part.is_briefing:
            from industry_briefing.publish import export

            tables = aside.submit(_write_tables, job, work, timings)
            aside.submit(export.prewarm_pdf)  # the PDF's library, loaded while it executes
        try:
            step = "execution" if part.is_briefing else "topics"
            notebook = _execute_notebook(part, executed, timings, step)
            if tables is not None:  # the briefing
                tables.result()  # its error, if any, fails the period as any other step's
                headline = _export(job, notebook, executed, work, timings)
            else:
                _export_topic(part, notebook, executed, work, timings)
        except Exception as error:  # the period fails; its last good report stays
            cell = getattr(error, "exec_count", None)
            message, reason = failures.error_text(error), failures.of_part(error)
            kept = str(executed) if executed.exists() else ""
            ended = time.time()
            return PartOutcome(
                part.notebook, message, cell, kept, timings, {}, began, ended, reason
            )
    return PartOutcome(part.notebook, timings=timings, headline=headline, began=began,
                       ended=time.time())  # fmt: skip


def failed_part(part: Part, error: BaseException) -> PartOutcome:
    """A part whose worker died (killed, out of memory): the period fails, not the batch."""
    reason = failures.of_worker(error)
    return PartOutcome(part.notebook, say(reason, "en"), reason=reason)


def finish(job: Job, staging: Path, done: list[PartOutcome]) -> Outcome:
    """The period once all its parts are done: its files moved into place, the manifest last
    (the mark of a good run); or, if a part failed, its failure (the briefing's first), with
    the executed notebook kept beside the last good report. The staging folder goes."""
    destination = Path(job.reports_dir) / job.period
    timings: dict[str, float] = {}
    for part in done:
        for step, seconds in part.timings.items():
            timings[step] = timings.get(step, 0.0) + seconds
    times = [t for part in done for t in (part.began, part.ended) if t]
    seconds = max(times) - min(times) if times else 0.0
    failed = [part for part in done if part.error]
    try:
        if failed:
            return _failed(job, failed[0], destination, seconds, timings)
        manifest = {**job.manifest, "headline": done[0].headline, "timings": timings}
        produced = {path.name for path in staging.iterdir() if not path.name.startswith(".")}
        manifest["outputs"] = sorted(produced | {manifests.MANIFEST})
        manifest["seconds"] = round(seconds, 2)
        manifests.write(staging, manifests.MANIFEST, manifest)
        last_run.write(staging, job.period, "ok", seconds=seconds)
        _swap_into_place(staging, destination)
    except OSError as error:  # a full disk, a read-only folder: this period fails, not the batch
        reason = failures.unwritable(destination, error)
        if failed:  # the part's own failure first, then what kept it from being recorded
            reason = failures.also(failed[0].reason or failed[0].error, reason)
        said = say(reason, "en")
        return Outcome(
            job.period, job.region, "failed", seconds, said, timings=timings, reason=reason
        )
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Outcome(job.period, job.region, "ran", seconds, timings=timings)


def part_parameters(part: Part) -> dict[str, Any]:
    """The part's notebook parameters: the job's (those the manifest records), and the batch's
    own for the period (run.parameters.batch_own): its staging folder, where the period's
    notebooks share the month's model, and charts left to the worker to draw."""
    return {**part.job.parameters, **batch_own(part.staging)}


def _execute_notebook(
    part: Part, executed: Path, timings: dict[str, float], step: str
) -> NotebookNode:
    """Execute a clean copy of the part's notebook (its cells' sources and tags only: outputs
    an analyst's JupyterLab saved into it never reach a report) on the worker's warm kernel;
    the wait for the kernel is added to timings["kernel_wait"], the execution to
    timings[step]."""
    import papermill

    cwd = Path(part.staging)
    source = cwd / f".{Path(part.notebook).stem}.source.ipynb"  # scratch: never moved into place
    source.write_text(json.dumps(approval.clean_copy(Path(part.notebook))), encoding="utf-8")
    tick = time.perf_counter()
    try:
        with warm.kernel_for(part.warm_next) as kernel:
            timings["kernel_wait"] = timings.get("kernel_wait", 0) + time.perf_counter() - tick
            tick = time.perf_counter()
            # Written once at the end (or on an error), not after every cell: saving a growing
            # notebook 40 times cost about 0.5 s a period.
            return papermill.execute_notebook(
                str(source),
                str(executed),
                parameters=part_parameters(part),
                cwd=str(cwd),
                progress_bar=False,
                km=kernel,
                request_save_on_cell_execute=False,
            )
    finally:
        source.unlink(missing_ok=True)
        timings[step] = timings.get(step, 0) + time.perf_counter() - tick


def _export_topic(
    part: Part, notebook: NotebookNode, executed: Path, work: Path, timings: dict[str, float]
) -> None:
    """A topic notebook of the period, shared as HTML beside the briefing."""
    from industry_briefing.publish import export

    tick = time.perf_counter()
    _draw_charts(notebook, executed)
    export.write_html(notebook, work / f"{executed.stem}.html", part.title)
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
    from industry_briefing.analysis import loading, quality
    from industry_briefing.publish import workbook

    if job.figures is None:
        return
    tick = time.perf_counter()
    given = job.parameters
    earlier, priors = loading.checked_against(
        job.period, given.get("data_dir", ""), given.get("warehouse", ""), job.figures.region
    )
    lang = given.get("lang", DEFAULT_LANG)
    workbook.write_tables(job.figures, work, lang, quality.history_of(earlier), priors)
    timings["tables"] = time.perf_counter() - tick


def _export(
    job: Job, notebook: NotebookNode, executed: Path, work: Path, timings: dict[str, float]
) -> dict[str, Any]:
    """The briefing's HTML and PDF, and its Word file unless the job says not; returns the key
    figures it published (for the index)."""
    from industry_briefing.publish import export

    tick = time.perf_counter()
    _draw_charts(notebook, executed)
    timings["charts"] = time.perf_counter() - tick
    lang = job.parameters.get("lang", DEFAULT_LANG)
    footer = manifests.footer_html(job.manifest, lang)
    tick = time.perf_counter()
    export.export_all(notebook, work, "briefing", job.title, job.label, footer)
    timings["export"] = time.perf_counter() - tick
    if job.docx:
        from industry_briefing.publish import docx

        tick = time.perf_counter()
        docx.write_docx(notebook, work / "briefing.docx", lang)
        timings["docx"] = time.perf_counter() - tick
    return _summary(notebook)


def _swap_into_place(work: Path, destination: Path) -> None:
    """The new report replaces the old one whole, in one rename of its folder
    (files.swap_in): a reader, or a batch killed at any step, finds the old report or the new
    one. Dot files (a shared model, a notebook's clean source) are the parts' scratch; a
    `*.failed.ipynb` kept beside the old report goes with it."""
    for scratch in work.glob(".*"):
        if scratch.is_dir() and not scratch.is_symlink():
            shutil.rmtree(scratch)
        else:
            scratch.unlink()
    files.swap_in(work, destination)


def _failed(
    job: Job, failure: PartOutcome, destination: Path, seconds: float, timings: dict[str, float]
) -> Outcome:
    kept = ""
    if failure.executed and Path(failure.executed).exists():
        destination.mkdir(parents=True, exist_ok=True)
        kept = str(destination / f"{Path(failure.executed).stem}.failed.ipynb")
        files.copy_whole(Path(failure.executed), Path(kept))  # never a cut notebook
    outcome = Outcome(
        job.period,
        job.region,
        "failed",
        seconds,
        failure.error,
        failure.failed_cell,
        kept,
        timings,
        reason=failure.reason,
        notebook=Path(failure.notebook).name,
    )
    detail = failures.detail(outcome)
    said = failures.in_each_language(detail) if detail is not None else {}
    last_run.write(
        destination,
        job.period,
        "failed",
        seconds=seconds,
        error=failure.error,
        failed_cell=failure.failed_cell,
        detail=said,
    )
    return outcome


def _summary(notebook: NotebookNode) -> dict[str, Any]:
    """The key figures the notebook published for the index (a cell hidden from the report)."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if SUMMARY_MIMETYPE in data:
                summary = data[SUMMARY_MIMETYPE]
                return json.loads(summary) if isinstance(summary, str) else dict(summary)
    return {}
