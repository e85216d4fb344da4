"""`briefing lab`: an analyst explores in copies of the notebooks, never in the report notebooks
the batch renders. The copies live in a git-ignored working folder; they take the same
parameters and resolve the project's paths from the library, not from where they are, so they
run as they are there."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from industry_briefing.core import settings


@dataclass
class WorkCopies:
    """The working folder, and which notebooks were copied into it or found there and kept."""

    folder: Path
    copied: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


def lab_notebooks() -> list[Path]:
    """The notebooks an analyst gets a copy of: the report notebooks and, when there is one,
    the exploration notebook."""
    extra = [settings.EXPLORE_NOTEBOOK] if settings.EXPLORE_NOTEBOOK.is_file() else []
    return [*settings.REPORT_NOTEBOOKS, *extra]


def prepare(notebooks: Sequence[Path], folder: Path) -> WorkCopies:
    """Copy each notebook into `folder`, never over a copy already there (it holds the
    analyst's work)."""
    folder.mkdir(parents=True, exist_ok=True)
    result = WorkCopies(folder)
    for notebook in notebooks:
        copy = folder / notebook.name
        try:
            with notebook.open("rb") as source, copy.open("xb") as target:
                shutil.copyfileobj(source, target)
        except FileExistsError:
            result.kept.append(copy)
        else:
            result.copied.append(copy)
    return result


def lab_command(folder: Path, port: int | None = None, browser: bool = True) -> list[str]:
    """JupyterLab of this environment, serving `folder` only."""
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={folder}"]
    if port is not None:
        command.append(f"--port={port}")
    if not browser:
        command.append("--no-browser")
    return command
