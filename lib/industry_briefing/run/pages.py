"""The pages a batch writes last: reports/index.html over every region's reports, and the links
at the top of every page. A folder that takes no write then (a full disk) is a failure of the
batch's own, a row of its closing table (exit 1), not a traceback: the periods' reports stay as
they were written, and the index it could not write stays the last one, whole."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from industry_briefing.core.errors import say
from industry_briefing.publish import index, nav
from industry_briefing.run import failures
from industry_briefing.run.regions import Region
from industry_briefing.run.worker import Outcome


def write_index(regions: Sequence[Region], lang: str) -> Path:
    """reports/index.html over every region's reports (from their manifests alone), in the
    batch's language (a reports folder holds one rendering per period, the last one's); and
    the links at the top of every page, from the reports on disk as well: a period added
    later links its neighbours without running them again (publish/nav.py)."""
    reports = [
        index.RegionReports(r.name, r.reports_dir, f"{r.name}/" if r.name else "") for r in regions
    ]
    for region in regions:
        nav.write_navigation(region.reports_dir, region.index_dir / index.INDEX)
    return index.write_index(regions[0].index_dir / index.INDEX, reports, lang)


def index_or_failure(
    regions: Sequence[Region], lang: str, written: Callable[[Path], None]
) -> list[Outcome]:
    """Write the index and the links (`written` told where the index went); none, or the
    failure to write them, said in one line naming the file and the cause."""
    try:
        written(write_index(regions, lang))
    except OSError as error:
        where = regions[0].index_dir / index.INDEX
        reason = failures.unwritable(error.filename or where, error)
        return [Outcome(index.INDEX, "", "failed", error=say(reason, "en"), reason=reason)]
    return []
