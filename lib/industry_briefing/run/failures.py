"""Why a period failed, in words (the labels' `problem.run`), said where it is shown: the line
the batch prints when the period is done and the detail of its closing table.

What failed is ours (an input problem, a refusal such as a warehouse held too long: its
words), or a library's or the notebook's own exception, whose message is kept as it is, after
a sentence of ours (the kernel died, a wait timed out, a cell raised). The English `error` of
an outcome stays beside the words: `last-run.json` and the logs record it, and last-run.json
holds the detail said in each language too (`in_each_language`), which the index shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from industry_briefing.core import files
from industry_briefing.core.errors import Refusal, Words, say, words
from industry_briefing.core.settings import LANGUAGES

# Exceptions of a notebook's kernel that died (nbclient's), and of a wait that ran out.
_KERNEL_DIED = {"DeadKernelError"}
_TIMED_OUT = {"CellTimeoutError", "TimeoutError", "TimeoutExpired"}


def error_text(error: BaseException) -> str:
    """An exception as the logs say it: 'ValueError: broken input' (a cell's as its kernel
    named it: papermill's `ename` and `evalue`)."""
    return f"{getattr(error, 'ename', type(error).__name__)}: {getattr(error, 'evalue', error)}"


def of_part(error: BaseException) -> Words:
    """What stopped a notebook of a period: our own refusal in its words, else the library's
    message after a sentence saying what happened."""
    if isinstance(error, Refusal):
        return words("run.failure.refused", said=error.what)
    name, message = getattr(error, "ename", type(error).__name__), error_text(error)
    text = str(getattr(error, "evalue", error))
    # jupyter_client says a kernel that never answered or died in a RuntimeError's words
    if name in _KERNEL_DIED or (name == "RuntimeError" and text.startswith("Kernel died")):
        return words("run.failure.kernel_died", error=message)
    if name in _TIMED_OUT or (name == "RuntimeError" and "didn't respond" in text):
        return words("run.failure.timeout", error=message)
    return words("run.failure.error", error=message)


def of_worker(error: BaseException) -> Words:
    """A worker process that died (killed, out of memory) under a notebook of the period, or
    another error of the worker's."""
    from concurrent.futures.process import BrokenProcessPool

    if isinstance(error, BrokenProcessPool):
        return words("run.failure.worker_died")
    return words("run.failure.worker_error", error=f"{type(error).__name__}: {error}")


def unwritable(path: Path | str, error: OSError) -> Words:
    """A period's files, or the index, that the disk or folder did not take (full, read-only):
    where, and the system's cause as it says it."""
    return words("run.failure.unwritable", path=str(path), reason=files.reason(error))


def also(failure: Words | str, then: Words) -> Words:
    """A failure, and what failed after it (its record the disk did not take)."""
    first = failure if isinstance(failure, Words) else words("run.failure.error", error=failure)
    return words("run.failure.also", failure=first, then=then)


class Failed(Protocol):
    """What of a period's outcome (worker.Outcome) says why it failed."""

    @property
    def status(self) -> str: ...
    @property
    def error(self) -> str: ...
    @property
    def reason(self) -> Words | None: ...
    @property
    def notebook(self) -> str: ...
    @property
    def failed_cell(self) -> int | None: ...
    @property
    def kept_notebook(self) -> str: ...


def detail(outcome: Failed) -> Words | None:
    """A failed period's detail: what failed, in which notebook and cell, and the partly
    executed notebook to open; None for a period that did not fail."""
    if outcome.status != "failed":
        return None
    failure = outcome.reason or words("run.failure.error", error=outcome.error)
    notebook = Path(outcome.notebook).name
    cell = outcome.failed_cell
    if cell is not None and notebook:
        failure = words("run.at_cell", notebook=notebook, cell=cell, failure=failure)
    elif cell is not None:
        failure = words("run.at_cell_only", cell=cell, failure=failure)
    elif notebook:
        failure = words("run.in_notebook", notebook=notebook, failure=failure)
    if outcome.kept_notebook:
        failure = words("run.kept", failure=failure, path=outcome.kept_notebook)
    return failure


def in_each_language(said: Words) -> dict[str, str]:
    """Words said in every language of the product, for a record a page in any of them reads
    (last-run.json's `detail`, shown by the index in its language)."""
    return {lang: say(said, lang) for lang in LANGUAGES}
