"""The `briefing` command: check and ingest a month's figures, render briefings.

Exit codes: 0 done, 1 a briefing failed, 2 bad input or usage (nothing written).
Heavy libraries are imported inside the commands that need them, so that a batch with
nothing to do answers at once.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Never, NoReturn

import click

from industry_briefing.core import settings
from industry_briefing.core.periods import Period, PeriodError

if TYPE_CHECKING:
    from tqdm import tqdm

    from industry_briefing.core.figures import PeriodFigures
    from industry_briefing.run.batch import Request
    from industry_briefing.run.worker import Outcome


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
reports_option = click.option(
    "--reports-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where briefings are written [default: reports].",
)
lang_option = click.option(
    "--lang",
    type=click.Choice(settings.LANGUAGES),
    default=settings.DEFAULT_LANG,
    show_default=True,
    help="Language of the briefing.",
)
jobs_option = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Parallel workers [default: the cores].",
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
    from industry_briefing.store import warehouse

    figures = _read_or_exit(period, data_dir)
    db = settings.resolve_path(warehouse_path, settings.WAREHOUSE_PATH)
    warehouse.write_period(db, figures)
    click.echo(f"{figures.period}: ingested into {db} ({_summary(figures)}).")


@main.command()
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

    wanted = _parse_or_exit(period)
    data_root = settings.resolve_path(data_dir, settings.RAW_DATA_DIR)
    default = settings.PROCESSED_DATA_DIR / "templates" / f"{wanted}.xlsx"
    path = settings.resolve_path(out, default).resolve()
    for input_root in {settings.RAW_DATA_DIR.resolve(), data_root.resolve()}:
        if path.is_relative_to(input_root):
            _fail(
                f"{path} is under the input folder {input_root}, which the code never writes: "
                f"write the template elsewhere, then save the filled one as "
                f"{input_root / str(wanted) / 'figures.xlsx'}"
            )
    try:
        written = templates.write_template(path, wanted, data_root, force=force)
    except FileExistsError:
        _fail(f"{path} exists; use --force to overwrite it")
    for skipped in written.skipped:
        click.echo(f"warning: {skipped} has errors in its input; not used to pre-fill", err=True)
    if written.previous is None:
        source = f"no period before {wanted} under {data_root}: tables left empty"
        source += ", but for the names of the required indicators"
    else:
        counts = ", ".join(_rows(table, n) for table, n in written.prefilled.items())
        source = f"names and targets pre-filled from {written.previous}: {counts}"
    click.echo(f"{wanted}: template written to {written.path} ({source}).")
    click.echo(
        f"Fill it in, save it as {data_root / str(wanted) / 'figures.xlsx'}, "
        f"then run: briefing check {wanted}"
    )


@main.command()
@click.argument("periods", nargs=-1)
@click.option("--all", "all_periods", is_flag=True, help="Every period under the data dir.")
@data_dir_option
@warehouse_option
@reports_option
@lang_option
@jobs_option
@click.option(
    "-p",
    "--parameter",
    "typed",
    type=(str, str),
    multiple=True,
    metavar="NAME VALUE",
    help="A parameter of the notebook (repeatable), its value read as papermill's -p reads "
    "it: True/False, None, an int, a float, else text. `-p lang en` is --lang en, "
    "`-p period 2011-03` names a PERIOD, `-p data_dir`/`-p warehouse` are the options. "
    "Checked against the notebook's parameters cell before anything runs.",
)
@click.option(
    "-r",
    "--parameter-raw",
    "raw",
    type=(str, str),
    multiple=True,
    metavar="NAME VALUE",
    help="As -p, the value taken as text as it is (papermill's -r).",
)
def run(
    periods: tuple[str, ...],
    all_periods: bool,
    data_dir: Path | None,
    warehouse_path: Path | None,
    reports_dir: Path | None,
    lang: str,
    jobs: int | None,
    typed: tuple[tuple[str, str], ...],
    raw: tuple[tuple[str, str], ...],
) -> None:
    """Render the briefing of PERIOD(S) now, changed or not (see `batch` to skip unchanged)."""
    given = _given_parameters(typed, raw)
    if "period" in given:
        periods = (*periods, given.pop("period"))
    data_dir = given.pop("data_dir", data_dir) or None
    warehouse_path = given.pop("warehouse", warehouse_path) or None
    lang = given.pop("lang", lang)
    if all_periods == bool(periods):
        _fail("name at least one PERIOD (YYYY-MM), or use --all (not both)")
    wanted = [_parse_or_exit(p) for p in periods] or None
    from industry_briefing.run.batch import Request, default_region

    region = default_region(data_dir, warehouse_path, reports_dir)
    _run_batch(
        Request(regions=[region], periods=wanted, lang=lang, force=True, extra=given, jobs=jobs)
    )


@main.command()
@click.option("--from", "start", metavar="PERIOD", help="First period (YYYY-MM) to run.")
@click.option("--to", "end", metavar="PERIOD", help="Last period (YYYY-MM) to run.")
@jobs_option
@click.option("--force", is_flag=True, help="Re-run periods whose inputs have not changed.")
@lang_option
@data_dir_option
@warehouse_option
@reports_option
@click.option(
    "--region",
    "regions",
    multiple=True,
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="A region's data root (repeatable); its reports go to <reports-dir>/<folder name>.",
)
@click.option("--scheduler", metavar="ADDRESS", help="Run on this Dask distributed scheduler.")
@click.option(
    "--topics/--no-topics",
    default=True,
    show_default=True,
    help="Also render the topic notebooks (operation, investment, parks) to HTML beside each "
    "briefing.",
)
def batch(
    start: str | None,
    end: str | None,
    jobs: int | None,
    force: bool,
    lang: str,
    data_dir: Path | None,
    warehouse_path: Path | None,
    reports_dir: Path | None,
    regions: tuple[Path, ...],
    scheduler: str | None,
    topics: bool,
) -> None:
    """Render every period found (or --from/--to), in parallel, skipping unchanged ones."""
    from industry_briefing.run import batch as batches

    first, last = (_parse_or_exit(bound) if bound else None for bound in (start, end))
    if not regions:
        targets = [batches.default_region(data_dir, warehouse_path, reports_dir)]
    else:
        try:
            targets = batches.named_regions(regions, warehouse_path, reports_dir)
        except batches.BadRequest as error:
            _fail(str(error))
    request = batches.Request(
        regions=targets,
        start=first,
        end=last,
        lang=lang,
        force=force,
        topics=topics,
        jobs=jobs,
        scheduler=scheduler,
    )
    _run_batch(request)


def _run_batch(request: Request) -> None:
    """Run the batch and print what it tells; exit 2 if it is refused, 1 if a period failed."""
    from industry_briefing.run import batch as batches

    began = time.perf_counter()
    with _Progress() as listener:
        try:
            outcomes = batches.run_batch(request, listener)
        except batches.REFUSALS as error:
            _fail(str(error))
        except KeyboardInterrupt:
            click.echo(
                "interrupted: finished reports are in place, unfinished ones were not written",
                err=True,
            )
            sys.exit(130)
    _print_summary(outcomes, time.perf_counter() - began)
    if any(o.status == "failed" for o in outcomes):
        sys.exit(FAILED)


class _Progress:
    """The batch's listener: a line per skipped period, a progress bar while periods run, a
    line per period done, and where the index went."""

    def __init__(self) -> None:
        self._bar: tqdm[Never] | None = None

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.close()

    def skipped(self, outcome: Outcome) -> None:
        click.echo(f"{_where(outcome)}: unchanged since its last run, skipped", err=True)

    def starting(self, count: int, where: str) -> None:
        from tqdm import tqdm

        click.echo(f"running {count} briefings {where} …", err=True)
        self._bar = tqdm(total=count, unit="period", desc="briefings", file=sys.stderr)

    def done(self, outcome: Outcome) -> None:
        detail = f"in {outcome.seconds:.1f} s" if outcome.status == "ran" else outcome.error
        line = f"{_where(outcome)}: {outcome.status} {detail}"
        if self._bar is None:
            click.echo(line, err=True)
            return
        self._bar.write(line, file=sys.stderr)
        self._bar.update()

    def index_written(self, path: Path) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        click.echo(f"index: {path}", err=True)


def _print_summary(outcomes: list[Outcome], seconds: float) -> None:
    order = {"failed": 0, "ran": 1, "skipped": 2}
    click.echo(f"\n{'period':<20} {'status':<8} {'seconds':>8}  detail")
    for o in sorted(outcomes, key=lambda o: (o.region, o.period)):
        cell = f"cell {o.failed_cell}: " if o.failed_cell else ""
        kept = f" (partly executed notebook: {o.kept_notebook})" if o.kept_notebook else ""
        seconds_text = f"{o.seconds:.1f}" if o.status != "skipped" else ""
        click.echo(f"{_where(o):<20} {o.status:<8} {seconds_text:>8}  {cell}{o.error}{kept}")
    counts = {s: sum(o.status == s for o in outcomes) for s in sorted(order, key=order.__getitem__)}
    click.echo(", ".join(f"{n} {s}" for s, n in counts.items()) + f" in {seconds:.1f} s")


def _where(outcome: Outcome) -> str:
    return f"{outcome.region}/{outcome.period}" if outcome.region else outcome.period


def _given_parameters(
    typed: tuple[tuple[str, str], ...], raw: tuple[tuple[str, str], ...]
) -> dict[str, Any]:
    """The notebook parameters of `-p` (values inferred as papermill does) and `-r` (text),
    checked against the notebook's: bad usage exits 2 before anything runs."""
    from industry_briefing.run.parameters import ParameterError, parse_value, validate

    given = {name: parse_value(value) for name, value in typed}
    given |= dict(raw)
    try:
        checked = validate(given, settings.BRIEFING_NOTEBOOK)
    except ParameterError as error:
        _fail(str(error))
    for name in ("data_dir", "warehouse"):
        if name in checked:
            checked[name] = Path(checked[name]) if checked[name] else None
    return checked


def _parse_or_exit(text: str) -> Period:
    try:
        return Period.parse(text)
    except PeriodError as error:
        _fail(str(error))


def _read_or_exit(period: str, data_dir: Path | None) -> PeriodFigures:
    from industry_briefing.core.errors import InputError
    from industry_briefing.ingest import reader

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


def _summary(figures: PeriodFigures) -> str:
    from industry_briefing.core.figures import TABLE_NAMES

    counts = ((name, len(figures.table(name))) for name in TABLE_NAMES)
    return ", ".join(_rows(name, n) for name, n in counts if n)


def _rows(table: str, count: int) -> str:
    return f"{count} {'plan rows' if table == 'plan' else table}"


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(BAD_INPUT)
