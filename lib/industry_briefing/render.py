"""Execute a briefing notebook with papermill and export it to offline HTML (export.py).

Outputs are built in a temporary folder beside the destination and moved into place only when
complete, so a failed or interrupted run never leaves a half-written report.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import papermill

from industry_briefing import settings

# The export lives in export.py; these names stay importable from here for existing callers.
from industry_briefing.export import (  # noqa: F401
    REMOVE_CELL_TAG,
    export_html,
    external_references,
    html_exporter,
)


class RenderError(RuntimeError):
    """A notebook that failed to execute; the partly executed copy is kept for inspection."""

    def __init__(self, message: str, kept_notebook: Path | None):
        super().__init__(message)
        self.kept_notebook = kept_notebook


@dataclass(frozen=True)
class Rendered:
    notebook: Path
    html: Path


def render_briefing(
    period: str,
    parameters: dict,
    reports_dir: Path,
    notebook: Path = settings.BRIEFING_NOTEBOOK,
    title: str | None = None,
    progress: bool = True,
) -> Rendered:
    """Execute `notebook` for `period`, export HTML, and move both into reports_dir/period/."""
    destination = reports_dir / period
    reports_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{period}-", dir=reports_dir) as tmp:
        work = Path(tmp)
        executed = work / f"{notebook.stem}.ipynb"
        _execute(notebook, executed, parameters, work, progress, destination)
        export_html(executed, work / f"{notebook.stem}.html", title)
        destination.mkdir(parents=True, exist_ok=True)
        for produced in (executed, work / f"{notebook.stem}.html"):
            produced.replace(destination / produced.name)
    stem = destination / notebook.stem
    return Rendered(notebook=stem.with_suffix(".ipynb"), html=stem.with_suffix(".html"))


def _execute(notebook, executed, parameters, cwd, progress, destination) -> None:
    try:
        papermill.execute_notebook(
            str(notebook),
            str(executed),
            parameters=parameters,
            cwd=str(cwd),
            progress_bar=progress,
            report_mode=False,
        )
    except papermill.PapermillExecutionError as error:
        kept = _keep_failed(executed, destination)
        message = f"{notebook.name}, cell {error.exec_count}: {error.ename}: {error.evalue}"
        raise RenderError(message, kept) from error


def _keep_failed(executed: Path, destination: Path) -> Path | None:
    """Keep the partly executed notebook beside the last good report, never over it."""
    if not executed.exists():
        return None
    destination.mkdir(parents=True, exist_ok=True)
    kept = destination / f"{executed.stem}.failed.ipynb"
    shutil.copyfile(executed, kept)
    return kept
