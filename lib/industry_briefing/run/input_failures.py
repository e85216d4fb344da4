"""A month the batch cannot run because of its input, or cannot load (a full disk under the
warehouse): what it says, and the failed run it records (last-run.json) so that the index
shows it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from industry_briefing.core import files
from industry_briefing.core.errors import Problem, Words, listing, say, words
from industry_briefing.core.periods import Period
from industry_briefing.publish import manifest as manifests
from industry_briefing.run import failures, last_run
from industry_briefing.run.regions import Region
from industry_briefing.run.worker import Outcome

if TYPE_CHECKING:
    from industry_briefing.store.access import WarehouseUnwritable


def unreadable_release(periods: list[Period]) -> Words:
    """The month reads a release whose own input is bad, or that was not loaded (its trends
    would show stale rows)."""
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
    reason = _recorded(region, period, reason, [say(p, "en") for p in problems])
    message = say(reason, "en")
    named = _named(region)
    return Outcome(str(period), named, "failed", error=message, bad_input=True, reason=reason)


def unloaded(region: Region, period: Period, error: WarehouseUnwritable) -> Outcome:
    """A month read well that the warehouse did not take (store.access.WarehouseUnwritable):
    it fails with that line; its input is not to blame."""
    reason = _recorded(region, period, error.what, [])
    return Outcome(str(period), _named(region), "failed", error=say(reason, "en"), reason=reason)


def _recorded(region: Region, period: Period, reason: Words, problems: list[str]) -> Words:
    """Record the failure in the period's last-run.json (written whole); `reason` when it was,
    else `reason` with what kept it from being written (a full or read-only reports folder):
    the batch goes on with the other months."""
    try:
        last_run.write(
            region.reports_dir / str(period),
            str(period),
            "failed",
            error=say(reason, "en"),
            detail=failures.in_each_language(reason),  # as the index says it, in its language
            problems=problems,
        )
    except OSError as error:
        return words(
            "run.not_recorded", failure=reason, file=manifests.LAST_RUN, reason=files.reason(error)
        )
    return reason


def _named(region: Region) -> str:
    """The region as a month's line names it: its folder's name, else its profile's region
    (a month that failed on input has no meta.yml read to name it), else nothing."""
    if region.name:
        return region.name
    from industry_briefing.ingest.region import read_region

    profile = read_region(region.data_dir).profile
    return (profile.region or "") if profile is not None else ""
