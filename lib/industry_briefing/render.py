"""Execute a briefing notebook with papermill and export it to offline HTML with nbconvert.

Outputs are built in a temporary folder beside the destination and moved into place only when
complete, so a failed or interrupted run never leaves a half-written report.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor

from industry_briefing import settings

REMOVE_CELL_TAG = "remove_cell"
_EXTERNAL_REF = re.compile(r"""(?:src|href)\s*=\s*["']?\s*((?:https?:)?//[^"'\s>]+)""", re.I)


class RenderError(RuntimeError):
    """A notebook that failed to execute; the partly executed copy is kept for inspection."""

    def __init__(self, message: str, kept_notebook: Path | None):
        super().__init__(message)
        self.kept_notebook = kept_notebook


@dataclass(frozen=True)
class Rendered:
    notebook: Path
    html: Path


class _DropStderr(Preprocessor):
    """Kernel warnings are for the analyst's console, not for the shared briefing."""

    def preprocess_cell(self, cell, resources, index):
        if cell.get("outputs"):
            cell.outputs = [o for o in cell.outputs if o.get("name") != "stderr"]
        return cell, resources


def html_exporter() -> HTMLExporter:
    exporter = HTMLExporter(
        template_name="briefing",
        extra_template_basedirs=[str(settings.TEMPLATES_DIR / "nbconvert")],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        language_code="zh",  # 'zh-CN' is rejected and silently falls back to 'en'
    )
    exporter.register_preprocessor(_DropStderr(), enabled=True)
    # Cells meant for the analyst in JupyterLab (how to use the notebook) stay out of the 简报.
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags={REMOVE_CELL_TAG}, enabled=True), enabled=True
    )
    return exporter


def export_html(notebook: Path, destination: Path, title: str | None = None) -> Path:
    nb = nbformat.read(notebook, as_version=4)
    if title:
        nb.metadata["title"] = title
    body, _ = html_exporter().from_notebook_node(nb)
    destination.write_text(body, encoding="utf-8")
    return destination


def external_references(html_text: str) -> list[str]:
    """URLs the page would load from the network (scripts, styles, images)."""
    return _EXTERNAL_REF.findall(html_text)


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
