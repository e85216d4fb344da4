"""The `briefing` command: check and ingest a month's figures, render its briefing.

Exit codes: 0 done, 1 a notebook failed, 2 bad input or usage (nothing written).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from industry_briefing import reader, render, settings, warehouse, workbook
from industry_briefing.errors import InputError
from industry_briefing.periods import PeriodError

BAD_INPUT = 2
FAILED = 1

data_dir_option = click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Input root holding YYYY-MM folders [default: data/raw].",
)
warehouse_option = click.option(
    "--warehouse",
    "warehouse_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="DuckDB warehouse file [default: data/warehouse.duckdb].",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="industry-briefing")
def main() -> None:
    """Monthly industrial-economy briefing (工业经济运行简报) of a city."""


@main.command()
@click.argument("period")
@data_dir_option
def check(period: str, data_dir: Path | None) -> None:
    """Validate the input of PERIOD (YYYY-MM); write nothing."""
    figures = _read_or_exit(period, data_dir)
    click.echo(f"{figures.period}: input is valid ({_summary(figures)}).")


@main.command()
@click.argument("period")
@data_dir_option
@warehouse_option
def ingest(period: str, data_dir: Path | None, warehouse_path: Path | None) -> None:
    """Validate PERIOD and load it into the warehouse, replacing its earlier rows."""
    figures = _read_or_exit(period, data_dir)
    db = settings.resolve_path(warehouse_path, settings.WAREHOUSE_PATH)
    warehouse.write_period(db, figures)
    click.echo(f"{figures.period}: ingested into {db} ({_summary(figures)}).")


@main.command()
@click.argument("periods", nargs=-1)
@click.option("--all", "all_periods", is_flag=True, help="Every period under the data dir.")
@data_dir_option
@warehouse_option
@click.option(
    "--reports-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where briefings are written [default: reports].",
)
def run(
    periods: tuple[str, ...],
    all_periods: bool,
    data_dir: Path | None,
    warehouse_path: Path | None,
    reports_dir: Path | None,
) -> None:
    """Ingest PERIOD(S) and render each briefing to <reports-dir>/PERIOD/briefing.html."""
    data_root = settings.resolve_path(data_dir, settings.RAW_DATA_DIR)
    db = settings.resolve_path(warehouse_path, settings.WAREHOUSE_PATH)
    reports = settings.resolve_path(reports_dir, settings.REPORTS_DIR)
    wanted = _periods_to_run(periods, all_periods, data_root)
    failed = []
    for period in wanted:
        figures = _read_or_exit(period, data_root)
        warehouse.write_period(db, figures)
        click.echo(f"{figures.period}: rendering the briefing …", err=True)
        try:
            rendered = render.render_briefing(
                str(figures.period),
                parameters={
                    "period": str(figures.period),
                    "data_dir": str(data_root),
                    "warehouse": str(db),
                },
                reports_dir=reports,
                title=workbook.briefing_title(figures),
            )
        except render.RenderError as error:
            failed.append(str(figures.period))
            kept = (
                f"; partly executed notebook kept at {error.kept_notebook}"
                if error.kept_notebook
                else ""
            )
            click.echo(f"error: {figures.period}: the briefing failed: {error}{kept}", err=True)
            continue
        click.echo(f"{figures.period}: wrote {rendered.html}")
    if failed:
        sys.exit(FAILED)


def _periods_to_run(periods: tuple[str, ...], all_periods: bool, data_root: Path) -> list[str]:
    if all_periods and periods:
        _fail("give periods or --all, not both")
    if all_periods:
        found = [str(p) for p in reader.available_periods(data_root)] if data_root.is_dir() else []
        if not found:
            _fail(f"no YYYY-MM period folders under {data_root}")
        return found
    if not periods:
        _fail("name at least one PERIOD (YYYY-MM), or use --all")
    return list(periods)


def _read_or_exit(period: str, data_dir: Path | None):
    data_root = settings.resolve_path(data_dir, settings.RAW_DATA_DIR)
    try:
        figures = reader.read_period(data_root, period)
    except PeriodError as error:
        _fail(str(error))
    except InputError as error:
        for problem in error.problems:
            click.echo(f"error: {problem}", err=True)
        for problem in error.warnings:
            click.echo(f"warning: {problem}", err=True)
        noun = "problem" if len(error.problems) == 1 else "problems"
        _fail(f"{period}: {len(error.problems)} {noun} in the input; nothing was written")
    for problem in figures.warnings:
        click.echo(f"warning: {problem}", err=True)
    return figures


def _summary(figures) -> str:
    tables = {
        "indicators": figures.indicators,
        "parks": figures.parks,
        "districts": figures.districts,
        "enterprises": figures.enterprises,
        "projects": figures.projects,
        "plan rows": figures.plan,
    }
    return ", ".join(f"{len(frame)} {name}" for name, frame in tables.items() if len(frame))


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(BAD_INPUT)
