"""The commands about a month's input: check, ingest, template, rebuild."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from industry_briefing.cli.common import (
    data_dir_option,
    fail,
    period_or_exit,
    warehouse_option,
)
from industry_briefing.core import settings
from industry_briefing.core.periods import Period, PeriodError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from industry_briefing.core.figures import PeriodFigures
    from industry_briefing.ingest.entry_provenance import Carried


@click.command()
@click.argument("period")
@data_dir_option
@click.option(
    "--strict",
    is_flag=True,
    help="Fail (exit 2) on warnings too, such as figures that look like 万元 typed as 亿元.",
)
def check(period: str, data_dir: Path | None, strict: bool) -> None:
    """Validate the input of PERIOD (YYYY-MM); write nothing."""
    figures, warned = _read_or_exit(period, data_dir)
    noun = "warning" if warned == 1 else "warnings"
    if warned and strict:
        fail(f"{figures.period}: {warned} {noun} in the input, which --strict makes fail")
    click.echo(f"{figures.period}: input is valid ({_summary(figures)}).")
    if warned:
        click.echo(
            f"{figures.period}: {warned} {noun} above: check those figures "
            f"(warnings do not stop ingest; --strict makes them fail)."
        )


@click.command()
@click.argument("period")
@data_dir_option
@warehouse_option
def ingest(period: str, data_dir: Path | None, warehouse_path: Path | None) -> None:
    """Validate PERIOD and load it into the warehouse, replacing its earlier rows."""
    from industry_briefing.store import warehouse
    from industry_briefing.store.access import WarehouseBusy, WarehouseDamaged, verify

    db = _warehouse_outside(data_dir, warehouse_path)
    figures, _ = _read_or_exit(period, data_dir)
    try:
        verify(db)  # a file cut short may still take a write: said first
        warehouse.write_period(db, figures)
    except (WarehouseDamaged, WarehouseBusy) as error:
        fail(str(error))
    click.echo(f"{figures.period}: ingested into {db} ({_summary(figures)}).")


@click.command()
@data_dir_option
@warehouse_option
def rebuild(data_dir: Path | None, warehouse_path: Path | None) -> None:
    """Build the warehouse anew from every period of the data dir (the old file is kept)."""
    from industry_briefing.run import rebuild as rebuilding
    from industry_briefing.store.access import WarehouseBusy

    data_root = settings.resolve_path(data_dir, settings.RAW_DATA_DIR)
    db = _warehouse_outside(data_dir, warehouse_path)

    def said(period: Period, error: Exception | None) -> None:
        click.echo(f"{period}: loaded" if error is None else f"{period}: bad input, left out")

    try:
        done = rebuilding.rebuild(data_root, db, said)
    except WarehouseBusy as error:
        fail(str(error))
    kept = f"; the file it replaces is kept as {done.kept}" if done.kept else ""
    click.echo(f"warehouse {db} rebuilt from {data_root}: {len(done.loaded)} periods{kept}.")
    if done.failed:
        names = ", ".join(str(p) for p in done.failed)
        fail(f"{names}: bad input (see `briefing check PERIOD`); not in the warehouse")


@click.command()
@click.argument("period")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the workbook [default: data/processed/templates/PERIOD.xlsx].",
)
@click.option("--force", is_flag=True, help="Overwrite the file if it exists.")
@data_dir_option
def template(period: str, out: Path | None, force: bool, data_dir: Path | None) -> None:
    """Write the Excel workbook to fill in for PERIOD, pre-filled from the period before."""
    from industry_briefing.ingest import entry_form as templates

    wanted = period_or_exit(period)
    data_root = settings.resolve_path(data_dir, settings.RAW_DATA_DIR)
    default = settings.PROCESSED_DATA_DIR / "templates" / f"{wanted}.xlsx"
    path = settings.resolve_path(out, default).resolve()
    for input_root in {settings.RAW_DATA_DIR.resolve(), data_root.resolve()}:
        if path.is_relative_to(input_root):
            fail(
                f"{path} is under the input folder {input_root}, which the code never writes: "
                f"write the template elsewhere, then save the filled one as "
                f"{input_root / str(wanted) / 'figures.xlsx'}"
            )
    try:
        written = templates.write_template(path, wanted, data_root, force=force)
    except FileExistsError:
        fail(f"{path} exists; use --force to overwrite it")
    for skipped in written.skipped:
        click.echo(f"warning: {skipped} has errors in its input; not used to pre-fill", err=True)
    if written.previous is None:
        source = f"no period before {wanted} under {data_root}: tables left empty"
        source += ", but for the names of the required indicators"
    else:
        counts = ", ".join(_rows(table, n) for table, n in written.prefilled.items())
        source = f"names and targets pre-filled from {written.previous}: {counts}"
    click.echo(f"{wanted}: template written to {written.path} ({source}).")
    click.echo(_provenance_said(written.provenance))
    click.echo(
        f"Fill it in, save it as {data_root / str(wanted) / 'figures.xlsx'}, "
        f"then run: briefing check {wanted}"
    )


def _provenance_said(carried: Mapping[str, Carried]) -> str:
    """What the 来源 sheet was pre-filled with, and that the rest is the analyst's to choose."""
    if not carried:
        return "来源标注 left empty (no earlier month was other than 示意): choose it per table."
    kept = ", ".join(f"{table} {c.provenance} ({c.period})" for table, c in carried.items())
    return (
        f"来源标注 pre-filled from the last month each table was not 示意: {kept}; "
        f"choose it for any other table you fill in."
    )


def _warehouse_outside(data_dir: Path | None, warehouse_path: Path | None) -> Path:
    """The warehouse's path; exit 2 when it is among the inputs (the data root, a file in it),
    before anything is read, moved aside or written."""
    from industry_briefing.run.regions import output_among_inputs

    data_root = settings.resolve_path(data_dir, settings.RAW_DATA_DIR)
    db = settings.resolve_path(warehouse_path, settings.WAREHOUSE_PATH)
    refused = output_among_inputs("the warehouse", "--warehouse", db, [data_root])
    if refused:
        fail(refused)
    return db


def _read_or_exit(period: str, data_dir: Path | None) -> tuple[PeriodFigures, int]:
    """The period's figures, and how many warnings were printed about them (reading's own,
    then the figures that look like a slip of entry); every problem printed and exit 2 when
    the input has errors."""
    from industry_briefing.cli.entry_checks import slip_warnings
    from industry_briefing.core.errors import InputError
    from industry_briefing.ingest import reader

    data_root = settings.resolve_path(data_dir, settings.RAW_DATA_DIR)
    try:
        located = reader.read_located(data_root, period)
    except PeriodError as error:
        fail(str(error))
    except InputError as error:
        for problem in error.problems:
            click.echo(f"error: {problem}", err=True)
        for problem in error.warnings:
            click.echo(f"warning: {problem}", err=True)
        noun = "problem" if len(error.problems) == 1 else "problems"
        fail(f"{period}: {len(error.problems)} {noun} in the input; nothing was written")
    warnings = [*located.figures.warnings, *slip_warnings(located)]
    for problem in warnings:
        click.echo(f"warning: {problem}", err=True)
    return located.figures, len(warnings)


def _summary(figures: PeriodFigures) -> str:
    from industry_briefing.core.figures import TABLE_NAMES

    counts = ((name, len(figures.table(name))) for name in TABLE_NAMES)
    return ", ".join(_rows(name, n) for name, n in counts if n)


def _rows(table: str, count: int) -> str:
    return f"{count} {'plan rows' if table == 'plan' else table}"
