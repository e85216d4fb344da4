"""The commands that render briefings: run (now) and batch (every period, skipping what has not
changed). They build a request for run.batch.run_batch and print what it tells."""

from __future__ import annotations

import signal
import sys
import time
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Never

import click

from industry_briefing.cli.common import (
    BAD_INPUT,
    FAILED,
    allow_edited_option,
    data_dir_option,
    fail,
    from_cwd,
    jobs_option,
    lang_option,
    messages_lang,
    paths_from_cwd,
    period_or_exit,
    reports_option,
    said,
    typed_lang,
    unwritable,
    warehouse_option,
)
from industry_briefing.cli.stopping import Stopped, stopped_by_signals
from industry_briefing.core import settings
from industry_briefing.core.errors import Words, say

if TYPE_CHECKING:
    from tqdm import tqdm

    from industry_briefing.run.request import Request
    from industry_briefing.run.worker import Outcome


_docx_option = click.option(
    "--docx/--no-docx",
    default=True,
    show_default=True,
    help="Also write each briefing as a Word file (briefing.docx) beside its PDF.",
)


@click.command()
@click.argument("periods", nargs=-1)
@click.option("--all", "all_periods", is_flag=True, help="Every period under the data dir.")
@data_dir_option
@warehouse_option
@reports_option
@lang_option
@jobs_option
@allow_edited_option
@_docx_option
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
    allow_edited: bool,
    docx: bool,
    typed: tuple[tuple[str, str], ...],
    raw: tuple[tuple[str, str], ...],
) -> None:
    """Render the briefing of PERIOD(S) now, changed or not (see `batch` to skip unchanged)."""
    chosen = typed_lang(lang)
    said_in = _said_in(chosen, data_dir)
    if not allow_edited:  # before the parameters are read from the notebook (and kept)
        _refuse_edited_notebooks(said_in)
    given = _given_parameters(typed, raw, said_in)
    if "period" in given:
        periods = (*periods, given.pop("period"))
    data_dir = from_cwd(given.pop("data_dir", data_dir))
    warehouse_path = from_cwd(given.pop("warehouse", warehouse_path))
    chosen = given.get("lang", chosen)
    lang = given.pop("lang", lang)
    said_in = _said_in(chosen, data_dir)
    if all_periods == bool(periods):
        fail(said("batch.name_a_period", said_in), said_in)
    wanted = [period_or_exit(p, said_in) for p in periods] or None
    from industry_briefing.run.regions import default_region
    from industry_briefing.run.request import Request

    region = default_region(data_dir, warehouse_path, reports_dir)
    request = Request(
        regions=[region],
        periods=wanted,
        lang=lang,
        force=True,
        allow_edited=allow_edited,
        extra=given,
        jobs=jobs,
        docx=docx,
    )
    _run_batch(request, said_in, bad_input_is_usage=True)


@click.command()
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
    callback=paths_from_cwd,
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
@_docx_option
@allow_edited_option
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
    docx: bool,
    allow_edited: bool,
) -> None:
    """Render every period found (or --from/--to), in parallel, skipping unchanged ones."""
    from industry_briefing.run import regions as places
    from industry_briefing.run.request import Request

    said_in = _said_in(typed_lang(lang), regions[0] if regions else data_dir)
    first, last = (period_or_exit(bound, said_in) if bound else None for bound in (start, end))
    if not regions:
        targets = [places.default_region(data_dir, warehouse_path, reports_dir)]
    else:
        try:
            targets = places.named_regions(regions, warehouse_path, reports_dir)
        except places.BadRequest as error:
            fail(error.text(said_in), said_in)
    request = Request(
        regions=targets,
        start=first,
        end=last,
        lang=lang,
        force=force,
        rebuild=force,
        topics=topics,
        docx=docx,
        allow_edited=allow_edited,
        jobs=jobs,
        scheduler=scheduler,
    )
    _run_batch(request, said_in)


def _said_in(chosen: str | None, data_dir: Path | None) -> str:
    """The language `run` and `batch` speak (their progress, failures, refusals and closing
    table): their --lang when typed, else the locale's, else the region's."""
    return messages_lang(chosen, settings.resolve_path(data_dir, settings.RAW_DATA_DIR))


def _run_batch(request: Request, lang: str, bad_input_is_usage: bool = False) -> None:
    """Run the batch and print what it tells, in `lang`; exit 2 if it is refused, 1 if a
    period failed. `briefing run` of months that all stop on their input exits 2 (README: bad
    input); the batch exits 1 when anything failed, input or not (README: The monthly
    batch)."""
    from industry_briefing.run import batch as batches

    began = time.perf_counter()
    with _Progress(lang) as listener:
        try:
            with stopped_by_signals(_said("interrupted", lang)):
                outcomes = batches.run_batch(request, listener)
        except batches.REFUSALS as error:
            fail(error.text(lang), lang)
        except OSError as error:  # a folder that stopped taking writes (a full disk) mid-batch
            click.echo(said("error", lang, line=unwritable(error, lang)), err=True)
            sys.exit(FAILED)
        except Stopped as stopped:  # its line is said
            sys.exit(128 + stopped.signum)
        except KeyboardInterrupt:
            click.echo(_said("interrupted", lang), err=True)
            sys.exit(128 + signal.SIGINT)
    _print_summary(outcomes, time.perf_counter() - began, lang)
    failed = [o for o in outcomes if o.status == "failed"]
    only_input = failed and all(o.bad_input for o in failed)
    if bad_input_is_usage and only_input and not any(o.status == "ran" for o in outcomes):
        sys.exit(BAD_INPUT)
    if failed:
        sys.exit(FAILED)


class _Progress:
    """The batch's listener: a line per skipped period, a progress bar while periods run, a
    line per period done, and where the index went (in `lang`: the labels' `cli.batch`)."""

    def __init__(self, lang: str = "en") -> None:
        self._bar: tqdm[Never] | None = None
        self.lang = lang

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.close()

    def warning(self, message: Words) -> None:
        click.echo(said("warning", self.lang, line=say(message, self.lang)), err=True)

    def skipped(self, outcome: Outcome) -> None:
        click.echo(_said("skipped", self.lang, where=_where(outcome)), err=True)

    def starting(self, count: int, workers: int, scheduler: str | None) -> None:
        from tqdm import tqdm

        lang = self.lang
        briefings = _said(f"briefings_{_many(count)}", lang, count=count)
        where = (
            _said("scheduler", lang, scheduler=scheduler)
            if scheduler
            else _said(f"workers_{_many(workers)}", lang, count=workers)
        )
        click.echo(_said("running", lang, briefings=briefings, where=where), err=True)
        unit, desc = _said("bar_unit", lang), _said("bar", lang)
        self._bar = tqdm(total=count, unit=unit, desc=desc, file=sys.stderr)

    def done(self, outcome: Outcome) -> None:
        seconds = f"{outcome.seconds:.1f}"
        key = "ran" if outcome.status == "ran" else "failed"
        error = _detail(outcome, self.lang)
        line = _said(key, self.lang, where=_where(outcome), seconds=seconds, error=error)
        if self._bar is None:
            click.echo(line, err=True)
            return
        self._bar.write(line, file=sys.stderr)
        self._bar.update()

    def index_written(self, path: Path) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        click.echo(_said("index", self.lang, path=path), err=True)


def _print_summary(outcomes: list[Outcome], seconds: float, lang: str = "en") -> None:
    """The closing table, its columns aligned as a terminal shows them (a Chinese character
    takes two columns: `display_width`), then the counts."""
    header = [_said(key, lang) for key in ("period", "status", "seconds", "detail")]
    rows = []
    for o in sorted(outcomes, key=lambda o: (o.region, o.period)):
        seconds_text = f"{o.seconds:.1f}" if o.status != "skipped" else ""
        status = _said(f"statuses.{o.status}", lang)
        rows.append([_where(o), status, seconds_text, _detail(o, lang)])
    widths = [max(display_width(row[i]) for row in [header, *rows]) for i in range(3)]
    click.echo("")
    for row in [header, *rows]:
        where, status, seconds_text, detail = row
        line = (
            f"{_padded(where, widths[0])}  {_padded(status, widths[1])}  "
            f"{_padded(seconds_text, widths[2], right=True)}  {detail}"
        )
        click.echo(line.rstrip())
    counts = {s: sum(o.status == s for o in outcomes) for s in ("failed", "ran", "skipped")}
    click.echo(_said("counts", lang, seconds=f"{seconds:.1f}", **counts))


def display_width(text: str) -> int:
    """The columns a terminal gives `text`: two for a wide or full-width character (贵, ２),
    none for a combining one, one for the rest."""
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1
        for char in text
    )


def _padded(text: str, width: int, right: bool = False) -> str:
    """`text` padded with spaces to `width` columns of a terminal (right-aligned if `right`)."""
    space = " " * max(width - display_width(text), 0)
    return space + text if right else text + space


def _many(count: int) -> str:
    return "one" if count == 1 else "many"


def _said(key: str, lang: str, **fields: object) -> str:
    """A line or word of the batch: the labels' `cli.batch.<key>`."""
    return said(f"batch.{key}", lang, **fields)


def _where(outcome: Outcome) -> str:
    return f"{outcome.region}/{outcome.period}" if outcome.region else outcome.period


def _detail(outcome: Outcome, lang: str) -> str:
    """Why a period failed, in `lang` (run/failures.py); nothing for one that did not."""
    from industry_briefing.run import failures

    detail = failures.detail(outcome)
    return "" if detail is None else say(detail, lang)


def _refuse_edited_notebooks(lang: str) -> None:
    from industry_briefing.run import approval

    try:
        approval.refuse_edited(settings.REPORT_NOTEBOOKS, settings.APPROVED_NOTEBOOKS)
    except approval.NotApproved as error:
        fail(error.text(lang), lang)


def _given_parameters(
    typed: tuple[tuple[str, str], ...], raw: tuple[tuple[str, str], ...], lang: str
) -> dict[str, Any]:
    """The notebook parameters of `-p` (values inferred as papermill does) and `-r` (text),
    checked against the notebook's: bad usage exits 2 before anything runs."""
    from industry_briefing.run.parameters import ParameterError, parse_value, validate

    given = {name: parse_value(value) for name, value in typed}
    given |= dict(raw)
    try:
        checked = validate(given, settings.BRIEFING_NOTEBOOK)
    except ParameterError as error:
        fail(error.text(lang), lang)
    for name in ("data_dir", "warehouse"):
        if name in checked:
            checked[name] = Path(checked[name]) if checked[name] else None
    return checked
