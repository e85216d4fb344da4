"""A month the batch cannot run because of its input, or cannot load (a full disk under the
warehouse): what it says, and the failed run it records (last-run.json) so that the index
shows it."""

from __future__ import annotations

from collections.abc import Sequence

from industry_briefing.core import files
from industry_briefing.core.periods import Period
from industry_briefing.publish import manifest as manifests
from industry_briefing.run.regions import Region
from industry_briefing.run.worker import Outcome


def unreadable_release(periods: list[Period]) -> str:
    names = ", ".join(str(p) for p in periods)
    return (
        f"{names}, which this month's trends and single-month figures read, "
        "has bad input or was not loaded (see its own line); fix it first"
    )


def input_failure(region: Region, period: Period, problems: Sequence[object]) -> Outcome:
    first = problems[0]
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    message = f"input: {first}{more}"
    message += _recorded(region, period, message, [str(p) for p in problems])
    return Outcome(str(period), region.name, "failed", error=message, bad_input=True)


def unloaded(region: Region, period: Period, message: str) -> Outcome:
    """A month read well that the warehouse did not take (store.access.WarehouseUnwritable):
    it fails with that line; its input is not to blame."""
    message += _recorded(region, period, message, [])
    return Outcome(str(period), region.name, "failed", error=message)


def _recorded(region: Region, period: Period, message: str, problems: list[str]) -> str:
    """Record the failure in the period's last-run.json (written whole); '' when it was, else
    what kept it from being written (a full or read-only reports folder), for the message:
    the batch goes on with the other months."""
    directory = region.reports_dir / str(period)
    record = {
        "period": str(period),
        "status": "failed",
        "finished_at": manifests.now_utc(),
        "error": message,
        "failed_cell": None,
        "problems": problems,
    }
    try:
        directory.mkdir(parents=True, exist_ok=True)
        manifests.write(directory, manifests.LAST_RUN, record)
    except OSError as error:
        return f" ({manifests.LAST_RUN} not written: {files.reason(error)})"
    return ""
