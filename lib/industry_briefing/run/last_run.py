"""A period's last-run.json: how its last run ended, written by one hand for every way it ends
(its report in place, a notebook that failed, input the batch refused, a warehouse that did
not take it). The index reads it (publish/index.py), the batch reads it back (fingerprint)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from industry_briefing.publish import manifest as manifests


def write(
    directory: Path,
    period: str,
    status: str,
    *,
    seconds: float | None = None,
    error: str = "",
    failed_cell: int | None = None,
    detail: dict[str, str] | None = None,
    problems: list[str] | None = None,
) -> None:
    """The record of `period`, written whole into `directory` (the period's report, or the
    folder about to become it): `error` in English (the logs'), `detail` in each language
    (the index's: run.failures.detail), `problems` the input's, one line each."""
    record: dict[str, Any] = {
        "period": period,
        "status": status,
        "finished_at": manifests.now_utc(),
    }
    if seconds is not None:
        record["seconds"] = round(seconds, 2)
    record |= {"error": error, "failed_cell": failed_cell}
    if detail:
        record["detail"] = detail
    if problems is not None:
        record["problems"] = problems
    directory.mkdir(parents=True, exist_ok=True)
    manifests.write(directory, manifests.LAST_RUN, record)
