"""Reading a period folder (`<data-dir>/YYYY-MM/`) into validated figures: the entry point.

Every cell is read as text first and parsed (ingest/table.py, ingest/numbers.py), so a message
can show what the analyst wrote. File-level checks (files, sheets, encodings, headers) are
hand-written; the table checks are the contract's pandera schemas, whose failures become
`Problem`s (ingest/validation.py). All problems of a period are collected and raised together
in one `InputError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from industry_briefing.contract.tables import TableSpec, tables_for
from industry_briefing.core import limits
from industry_briefing.core.errors import InputError, Problem, listing, words
from industry_briefing.core.figures import PeriodFigures
from industry_briefing.core.periods import (
    Period,
    available_periods,
    leaves,
    near_periods,
)
from industry_briefing.core.text import unfit_character
from industry_briefing.ingest.breakdowns import check_exhaustive_parts
from industry_briefing.ingest.csv_files import csv_sheets
from industry_briefing.ingest.encodings import decoded
from industry_briefing.ingest.meta import read_meta
from industry_briefing.ingest.places import TablePlace, places_of
from industry_briefing.ingest.provenance import provenance_rules
from industry_briefing.ingest.reading import (
    ANALYST_FILE,
    WORKBOOK_FILE,
    Reading,
    Sheet,
    Table,
    unfit_words,
)
from industry_briefing.ingest.region import Region, read_region
from industry_briefing.ingest.table import parse_table
from industry_briefing.ingest.units import check_units, check_values
from industry_briefing.ingest.validation import (
    annual_targets,
    check_plan,
    check_rates_are_percentages,
    check_required_rows,
    validate_cells,
)
from industry_briefing.ingest.workbook import workbook_sheets


def read_period(data_dir: Path, period: str | Period) -> PeriodFigures:
    """Read and validate a period; raises PeriodError or InputError (with every problem)."""
    return read_located(data_dir, period).figures


@dataclass(frozen=True)
class Located:
    """A period's figures, and where each table's rows are in its input."""

    figures: PeriodFigures
    places: dict[str, TablePlace]


def read_located(data_dir: Path, period: str | Period) -> Located:
    """`read_period`, with the place of every row read (for messages about its figures)."""
    period = period if isinstance(period, Period) else Period.parse(period)
    folder = Path(data_dir) / str(period)
    if not folder.is_dir():
        raise InputError([_missing_folder(Path(data_dir), period)])
    if leaves(Path(data_dir), folder):  # the data root is a boundary, as a period folder is
        message = words("file.folder_link_outside", root=str(data_dir))
        expected = words("expected.folder_itself_in", root=str(data_dir))
        raise InputError([Problem(f"{period}/", message, expected)])
    region = read_region(Path(data_dir))
    reading = Reading(folder, str(period))
    reading.problems.extend(region.problems)
    reading.tables = tables_for(
        region.catalogue, region.required_rows(), region.shape.parks_required
    )
    meta = read_meta(reading)
    tables: dict[str, Table | None] = {}
    sheets: dict[str, Sheet | None] = {}
    for name, spec, sheet in _sheets(reading):
        sheets[name] = sheet
        tables[name] = read_table(reading, spec, sheet, tables, region)
    analyst_text = _analyst_text(reading)
    if meta is None:  # reported by read_meta
        raise InputError(reading.problems)
    provenance = provenance_rules(reading, meta, tables)
    if any(p.severity == "error" for p in reading.problems):
        raise InputError(reading.problems)
    figures = PeriodFigures(
        period=period,
        region=meta.region,
        source=meta.source,
        source_en=meta.source_en or "",
        issue=meta.issue.model_dump(mode="json", exclude_none=True),
        read_from=meta.read_from or "",
        **{name: _final(spec, tables.get(name)) for name, spec in reading.tables.items()},
        provenance=provenance,
        warnings=tuple(p for p in reading.problems if p.severity == "warning"),
        files={**region.files, **reading.files},
        profile=None if region.profile is None else region.profile.model_dump(mode="json"),
        regional_indicators={
            code: entry.model_dump(mode="json", exclude_none=True)
            for code, entry in region.catalogue.regional.items()
        },
        analyst_text=analyst_text,
    )
    return Located(figures, places_of(reading, sheets, tables))


def _analyst_text(reading: Reading) -> str:
    """notes.md: the analyst's paragraphs, as text (the briefing escapes it like a name)."""
    if not reading.has(ANALYST_FILE):
        return ""
    data = reading.read_bytes(ANALYST_FILE, limits.NOTES_BYTES)  # shown whole: bounded
    text = None if data is None else decoded(reading, ANALYST_FILE, data)
    if text is None:
        return ""
    for number, line in enumerate(text.split("\n"), start=1):
        if unfit_character(line) is not None:
            what = words("yaml.unfit_line", line=number, unfit=unfit_words(line))
            reading.error(ANALYST_FILE, what, words("expected.retype_line"), line)
            return ""
    return text.strip()


def region_of(data_dir: Path, period: Period) -> str | None:
    """The region a period folder's meta.yml (or 来源 sheet) names; None where it has none.

    Only the provenance is read, not the tables: the loader asks it to tell apart regions
    that share a warehouse."""
    folder = Path(data_dir) / str(period)
    if not folder.is_dir():
        return None
    meta = read_meta(Reading(folder, str(period)))
    return meta.region if meta is not None else None


def _missing_folder(data_dir: Path, period: Period) -> Problem:
    found = [str(p) for p in available_periods(data_dir)]
    near = [
        words("period.near.folder", name=name, wrong=wrong)
        for name, wrong in near_periods(data_dir).items()
    ]
    present = words("found.periods", periods=listing(found)) if found else words("found.no_periods")
    if near:
        present = words("found.not_periods", present=present, near=listing(near, "semicolon"))
    return Problem(
        f"{period}/",
        words("file.no_period_folder", root=str(data_dir)),
        words("expected.period_folder", folder=str(data_dir / str(period))),
        present,
    )


def _final(spec: TableSpec, table: Table | None) -> pd.DataFrame:
    if table is None:
        return spec.empty_frame()
    return table.frame[spec.stored_columns].reset_index(drop=True)


def _sheets(reading: Reading) -> list[tuple[str, TableSpec, Sheet | None]]:
    """(name, spec, sheet or None) for every table; missing required tables are reported."""
    if reading.has(WORKBOOK_FILE) or WORKBOOK_FILE in reading.refused:
        found = workbook_sheets(reading)
    else:
        found = csv_sheets(reading)
    if found is None:
        return []
    return [(name, spec, found.get(name)) for name, spec in reading.tables.items()]


def read_table(
    reading: Reading,
    spec: TableSpec,
    sheet: Sheet | None,
    earlier: dict[str, Table | None],
    region: Region | None = None,
) -> Table | None:
    """One table; `earlier` are the tables read before it (the plan needs the indicators)."""
    if sheet is None:
        return None
    first_problem = len(reading.problems)
    table = parse_table(reading, spec, sheet)
    if table is not None:
        validate_cells(reading, spec, sheet, table)
        check_required_rows(reading, spec, sheet, table)
        check_rates_are_percentages(reading, spec, sheet, table)
        check_units(reading, spec, sheet, table, region)
        check_values(reading, spec, sheet, table)
        check_exhaustive_parts(reading, spec, sheet, table, earlier.get("indicators"))
    if table is not None and spec.name == "plan":
        check_plan(reading, sheet, table, annual_targets(earlier.get("indicators")))
    # Checks run column by column; the analyst reads the file row by row.
    found = reading.problems[first_problem:]
    reading.problems[first_problem:] = sorted(found, key=lambda p: p.row or 0)
    return table
