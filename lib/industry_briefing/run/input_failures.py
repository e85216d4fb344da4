"""A month the batch cannot run because of its input: what it says, and the failed run it
records (last-run.json) so that the index shows it."""

from __future__ import annotations

from collections.abc import Sequence

from industry_briefing.core.periods import Period
from industry_briefing.publish import manifest as manifests
from industry_briefing.run.regions import Region
from industry_briefing.run.worker import Outcome


def unreadable_release(periods: list[Period]) -> str:
    names = ", ".join(str(p) for p in periods)
    return (
        f"{names}, which this month's trends and single-month figures read, "
        "has bad input (see its own errors); fix it first"
    )


def input_failure(region: Region, period: Period, problems: Sequence[object]) -> Outcome:
    first = problems[0]
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    message = f"input: {first}{more}"
    directory = region.reports_dir / str(period)
    directory.mkdir(parents=True, exist_ok=True)
    manifests.write(
        directory,
        manifests.LAST_RUN,
        {
            "period": str(period),
            "status": "failed",
            "finished_at": manifests.now_utc(),
            "error": message,
            "failed_cell": None,
            "problems": [str(p) for p in problems],
        },
    )
    return Outcome(str(period), region.name, "failed", error=message, bad_input=True)
