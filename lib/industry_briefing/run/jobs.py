"""The pending periods made jobs as their months load: the releases they read validated and
loaded oldest first, each period's job yielded once what it reads is in the warehouse (so
that the workers start on the first month while later ones load), or its failure when its
input, or a release it reads, is bad."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from industry_briefing.core.periods import (
    LAST_YEAR,
    Period,
    available_periods,
    reads,
    releases_read,
)
from industry_briefing.publish import manifest as manifests
from industry_briefing.run import fingerprint
from industry_briefing.run.input_failures import input_failure, unloaded, unreadable_release
from industry_briefing.run.regions import Region
from industry_briefing.run.request import Request
from industry_briefing.run.triage import Pending, exact
from industry_briefing.run.worker import Job, Outcome
from industry_briefing.store.access import WarehouseUnwritable

if TYPE_CHECKING:
    from industry_briefing.core.figures import PeriodFigures


def ingest(region: Region, pending: list[Pending], request: Request) -> Iterator[Job | Outcome]:
    """Validate and load the releases the pending periods read, oldest first, yielding each
    pending period's job once it is loaded, or its failure when its input (or that of a
    release it reads) is bad. A release the warehouse holds as read from the same files by
    the same library is neither validated nor loaded again (unless rebuilt). Lazy, so that
    the workers can start while the months load."""
    from industry_briefing.core.errors import InputError
    from industry_briefing.store import warehouse

    wanted = {item.period: item for item in pending}
    available = available_periods(region.data_dir)
    needed = sorted({p for w in wanted for p in releases_read(w, available)} | set(wanted))
    current = {} if request.rebuild else fingerprint.stored_as_on_disk(region, needed)
    broken: list[Period] = []
    for period in needed:
        if period in current:
            if period in wanted:
                stored = warehouse.load_period(region.warehouse, period, current[period])
                yield _job_or_failure(region, stored, wanted[period], broken, request)
            continue
        from industry_briefing.ingest import reader  # only when a month is read (0.7 s)

        try:
            figures = reader.read_period(region.data_dir, period)
        except InputError as error:
            broken.append(period)
            if period in wanted:
                yield input_failure(region, period, error.problems or [str(error)])
            continue
        try:
            warehouse.write_period(region.warehouse, figures, fingerprint.library_sha256())
        except WarehouseUnwritable as error:  # a full disk: each month fails with its cause
            broken.append(period)
            if period in wanted:
                yield unloaded(region, period, error)
            continue
        if period in wanted:
            yield _job_or_failure(region, figures, wanted[period], broken, request)


def _job_or_failure(
    region: Region,
    figures: PeriodFigures,
    pending: Pending,
    broken: list[Period],
    request: Request,
) -> Job | Outcome:
    """The period's job, with its exact inputs and fingerprint now that its figures tell
    whether it reads last year; or its failure when a release it reads is broken."""
    from industry_briefing.analysis.model import reads_last_year

    period = figures.period
    last_year = LAST_YEAR if reads_last_year(figures) else frozenset()
    unread = [p for p in broken if reads(period, p, last_year)]
    if unread:  # its trends would show the warehouse's older copy, or nothing
        return input_failure(region, period, [unreadable_release(unread)])
    found = exact(region, pending, request, frozenset(last_year))
    return _job(region, figures, found, request, sorted(last_year))


def _job(
    region: Region,
    figures: PeriodFigures,
    pending: Pending,
    request: Request,
    last_year: list[str],
) -> Job:
    from industry_briefing.briefing import labels, titles

    lang, period = request.lang, figures.period
    parameters = {**pending.parameters, "region": figures.region}  # regions share warehouses
    label = labels.period_label(period, lang)
    topics = tuple(
        (str(topic), titles.page_title(figures, topic.stem, lang))
        for topic in request.notebooks[1:]
    )
    manifest = manifests.build(figures, parameters, pending.inputs, pending.fingerprint)
    return Job(
        period=str(period),
        region=region.name or figures.region,
        notebook=str(request.notebooks[0]),
        topics=topics,
        reports_dir=str(region.reports_dir),
        parameters=parameters,
        title=titles.briefing_title(figures, lang),
        label=labels.label("quality.period", lang, year=period.year, label=label),
        manifest={**manifest, fingerprint.LAST_YEAR_READ: last_year},
        figures=figures,
        docx=request.docx,
    )
