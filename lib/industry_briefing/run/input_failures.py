"""A month the batch cannot run because of its input: what it says, and the failed run it
records (last-run.json) so that the index shows it."""

from __future__ import annotations

from collections.abc import Sequence

from industry_briefing.core.errors import Problem, Words, listing, say, words
from industry_briefing.core.periods import Period
from industry_briefing.publish import manifest as manifests
from industry_briefing.run.regions import Region
from industry_briefing.run.worker import Outcome


def unreadable_release(periods: list[Period]) -> Words:
    """The month reads a release whose own input is bad (its trends would show stale rows)."""
    return words("run.unreadable_release", periods=listing(str(p) for p in periods))


def input_failure(
    region: Region, period: Period, problems: Sequence[Problem | Words | str]
) -> Outcome:
    """The month failed on its input: the first problem, and how many more (`briefing check`
    lists them all)."""
    first = problems[0]
    more = len(problems) - 1
    reason = (
        words("run.input_many", problem=first, more=more, count=len(problems))
        if more
        else words("run.input_one", problem=first)
    )
    message = say(reason, "en")
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
            "problems": [say(p, "en") for p in problems],
        },
    )
    return Outcome(str(period), region.name, "failed", error=message, bad_input=True, reason=reason)
