"""What a batch is asked to do (`Request`: the regions, their periods, and how), the files a
period's good run leaves, and what the batch tells as it goes (`Listener`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from industry_briefing.core import settings
from industry_briefing.core.errors import Words
from industry_briefing.core.periods import Period
from industry_briefing.publish import manifest as manifests
from industry_briefing.run.regions import Region
from industry_briefing.run.worker import Outcome

OUTPUTS = (
    "briefing.html",
    "briefing.pdf",
    "briefing.docx",  # not with --no-docx (Request.outputs)
    "briefing.ipynb",
    settings.TABLES_WORKBOOK,
    manifests.MANIFEST,
)


@dataclass(frozen=True)
class Request:
    """What to run: the regions, which of their periods, and how."""

    regions: Sequence[Region]
    periods: Sequence[Period] | None = None  # named periods; None: every period found
    start: Period | None = None
    end: Period | None = None
    lang: str = settings.DEFAULT_LANG
    force: bool = False  # re-run periods whose inputs have not changed
    # batch --force: every month read and loaded again, a damaged warehouse set aside and
    # built anew (`run` re-renders but keeps what the warehouse holds from the same files)
    rebuild: bool = False
    topics: bool = True  # render the topic notebooks beside each briefing
    docx: bool = True  # write each briefing as a Word file too (briefing.docx)
    allow_edited: bool = False  # render report notebooks whose cells differ from the approved
    extra: Mapping[str, Any] = field(default_factory=dict)  # more parameters of the notebooks
    jobs: int | None = None  # worker processes (default: batch.default_workers)
    scheduler: str | None = None  # a Dask distributed scheduler's address

    @property
    def notebooks(self) -> tuple[Path, ...]:
        """The briefing notebook, then the topic notebooks rendered beside it."""
        topics = settings.TOPIC_NOTEBOOKS if self.topics else ()
        return (settings.BRIEFING_NOTEBOOK, *topics)

    @property
    def outputs(self) -> tuple[str, ...]:
        """A period's files after a good run: one missing, the period runs again."""
        briefing = (name for name in OUTPUTS if self.docx or not name.endswith(".docx"))
        return (*briefing, *(f"{topic.stem}.html" for topic in self.notebooks[1:]))


class Listener(Protocol):
    """What the batch tells as it goes (the CLI prints it, with a progress bar)."""

    def warning(self, message: Words) -> None: ...
    def skipped(self, outcome: Outcome) -> None: ...
    def starting(self, count: int, workers: int, scheduler: str | None) -> None: ...
    def done(self, outcome: Outcome) -> None: ...
    def index_written(self, path: Path) -> None: ...


class Quiet:
    """A listener that tells nothing."""

    def warning(self, message: Words) -> None:
        pass

    def skipped(self, outcome: Outcome) -> None:
        pass

    def starting(self, count: int, workers: int, scheduler: str | None) -> None:
        pass

    def done(self, outcome: Outcome) -> None:
        pass

    def index_written(self, path: Path) -> None:
        pass
