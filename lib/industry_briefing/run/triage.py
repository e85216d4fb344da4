"""Which periods must run: a period whose inputs hash as at its last good run, with every
output of the request in place, is skipped (hashing files only: nothing heavy is imported).
Its fingerprint is made here alone: first from what its last run read of last year, then,
once its figures are loaded and tell whether it reads last year, made again only if that
differs (`exact`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from industry_briefing.core.periods import Period
from industry_briefing.publish import manifest as manifests
from industry_briefing.run import fingerprint
from industry_briefing.run.regions import Region
from industry_briefing.run.request import Request
from industry_briefing.run.worker import Outcome


@dataclass(frozen=True)
class Pending:
    """A period that must run: its checked parameters, input files and fingerprint."""

    period: Period
    parameters: dict[str, Any]
    inputs: dict[str, str]
    fingerprint: str
    last_year: frozenset[str]  # the tables of last year's releases its inputs count


def triage(
    region: Region, periods: dict[Period, dict[str, Any]], request: Request
) -> tuple[list[Pending], list[Outcome]]:
    """Which periods must run and which are skipped: a period whose fingerprint matches its
    last good run is skipped (hashing files only: nothing heavy is imported)."""
    pending, skipped = [], []
    for period, parameters in periods.items():
        directory = region.reports_dir / str(period)
        last_run = manifests.read(directory)
        last_year = fingerprint.last_year_read(last_run, region.data_dir, period)
        found = _fingerprinted(region, period, parameters, request, last_year)
        if not request.force and _up_to_date(
            directory, last_run, found.fingerprint, request.outputs
        ):
            # the region as its runs are named: the folder's, else the one its last run had
            named = region.name or str((last_run or {}).get("region") or "")
            skipped.append(Outcome(str(period), named, "skipped"))
        else:
            pending.append(found)
    return pending, skipped


def exact(region: Region, pending: Pending, request: Request, last_year: frozenset[str]) -> Pending:
    """The pending period as its loaded figures tell it reads last year (`last_year`): made
    again only when that is not what triage took from its last run."""
    if last_year == pending.last_year:
        return pending
    return _fingerprinted(region, pending.period, pending.parameters, request, last_year)


def _fingerprinted(
    region: Region,
    period: Period,
    parameters: dict[str, Any],
    request: Request,
    last_year: frozenset[str],
) -> Pending:
    inputs = fingerprint.input_files(region.data_dir, period, last_year)
    print_ = fingerprint.fingerprint(
        inputs, request.notebooks[0], parameters, request.notebooks[1:]
    )
    return Pending(period, parameters, inputs, print_, last_year)


def _up_to_date(directory: Path, good: dict | None, print_: str, outputs: tuple[str, ...]) -> bool:
    return (
        good is not None
        and good.get("fingerprint") == print_
        and all((directory / name).exists() for name in outputs)
    )
