"""`briefing lab`: an analyst explores in copies of the notebooks, never in the report notebooks
the batch renders. The copies live in a git-ignored working folder; they take the same
parameters and resolve the project's paths from the library, not from where they are, so they
run as they are there. JupyterLab serves the project root, so that the reports' executed and
failed notebooks open beside the copies, and opens on the copies; a fresh copy holds what its
kernel says of itself, so that it opens unmodified."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from industry_briefing.core import files, settings


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
    analyst's work). A copy says the kernel it runs in as that kernel says itself
    (`as_the_kernel_says`), so that JupyterLab opens it unmodified."""
    folder.mkdir(parents=True, exist_ok=True)
    result = WorkCopies(folder)
    for notebook in notebooks:
        copy = folder / notebook.name
        if copy.exists():
            result.kept.append(copy)
            continue
        text = as_the_kernel_says(notebook.read_text(encoding="utf-8"))
        if files.write_new(copy, text):  # whole: a cut copy would be kept as the analyst's
            result.copied.append(copy)
        else:  # written meanwhile: the analyst's
            result.kept.append(copy)
    return result


def as_the_kernel_says(text: str) -> str:
    """A notebook (its JSON) with the metadata JupyterLab writes into it once its kernel is up:
    the kernel's `language_info` (the Python version among it) and its kernel spec's names.
    The committed notebooks hold only the language's name (their version would be the
    committer's), and JupyterLab marks a notebook modified as soon as the kernel's info
    differs from what the notebook holds: a fresh copy then opened as modified. Text that is
    no notebook is copied as it is."""
    try:
        notebook = json.loads(text)
    except ValueError:
        return text
    if not isinstance(notebook, dict) or not isinstance(notebook.get("metadata", {}), dict):
        return text
    metadata = notebook.setdefault("metadata", {})
    metadata["language_info"] = kernel_language_info()
    spec = metadata.get("kernelspec")
    if isinstance(spec, dict) and (installed := _kernel_spec(str(spec.get("name", "")))):
        metadata["kernelspec"] = {**spec, **installed}
    # as nbformat writes a notebook (and as the committed ones are written)
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def kernel_language_info() -> dict[str, object]:
    """What the notebooks' kernel (ipykernel, in this environment's Python: the kernel spec
    `python3` runs it) says of its language in its kernel_info_reply."""
    from ipykernel.ipkernel import IPythonKernel

    return dict(IPythonKernel.language_info)


def _kernel_spec(name: str) -> dict[str, str] | None:
    """The names JupyterLab writes of the kernel spec `name` (None when none is installed)."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        return None
    return {"name": name, "display_name": spec.display_name, "language": spec.language}


def lab_command(
    folder: Path,
    port: int | None = None,
    browser: bool = True,
    root: Path | None = None,
    as_root: bool | None = None,
) -> list[str]:
    """JupyterLab of this environment serving the project `root` (the reports' executed and
    failed notebooks open from it), its file browser opened on `folder`, the working copies.
    Run by root (the README's set-up is root's), it says --allow-root: JupyterLab refuses
    root otherwise. `as_root`: whether the user is root (None: this process's user)."""
    root = settings.PROJECT_ROOT if root is None else root
    start = folder.relative_to(root).as_posix() if folder.is_relative_to(root) else ""
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.default_url=/lab/tree/{start}".rstrip("/"),
    ]
    if as_root if as_root is not None else _is_root():
        command.append("--allow-root")
    if port is not None:
        command.append(f"--port={port}")
    if not browser:
        command.append("--no-browser")
    return command


def _is_root() -> bool:
    geteuid = getattr(os, "geteuid", None)  # POSIX only: Windows has no root
    return geteuid is not None and geteuid() == 0
