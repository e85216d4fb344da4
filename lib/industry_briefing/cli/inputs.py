"""The commands about a month's input: check, ingest, template, rebuild."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from industry_briefing.cli.common import (
    data_dir_option,
    fail,
    messages_lang,
    messages_lang_option,
    period_or_exit,
    said,
    unwritable,
    warehouse_option,
)
from industry_briefing.core import settings
from industry_briefing.core.errors import say
from industry_briefing.core.periods import Period, PeriodError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from industry_briefing.core.errors import Problem
    from industry_briefing.core.figures import PeriodFigures
    from industry_briefing.ingest.entry_form import Written
    from industry_briefing.ingest.entry_provenance import Carried


@click.command()
@click.argument("period")
@data_dir_option
@click.option(
    "--strict",
    is_flag=True,
    help="Fail (exit 2) on warnings too, such as figures that look like 万元 typed as 亿元.",
)
@messages_lang_option
def check(period: str, data_dir: Path | None, strict: bool, lang: str | None) -> None:
    """Validate the input of PERIOD (YYYY-MM); write nothing."""
    lang = messages_lang(lang, settings.resolve_path(data_dir, settings.RAW_DATA_DIR))
    figures, warned = _read_or_exit(period, data_dir, lang)
    many = "one" if warned == 1 else "many"
    if warned and strict:
        fail(said(f"strict_{many}", lang, period=figures.period, count=warned), lang)
    click.echo(said("valid", lang, period=figures.period, summary=_summary(figures, lang)))
    if warned:
        click.echo(said(f"warned_{many}", lang, period=figures.period, count=warned))


@click.command()
@click.argument("period")
@data_dir_option
@warehouse_option
@messages_lang_option
def ingest(
    period: str, data_dir: Path | None, warehouse_path: Path | None, lang: str | None
) -> None:
    """Validate PERIOD and load it into the warehouse, replacing its earlier rows."""
    from industry_briefing.store import warehouse
    from industry_briefing.store.access import REFUSALS, verify

    lang = messages_lang(lang, settings.resolve_path(data_dir, settings.RAW_DATA_DIR))
    db = _warehouse_outside(data_dir, warehouse_path, lang)
    figures, _ = _read_or_exit(period, data_dir, lang)
    try:
        verify(db)  # a file cut short may still take a write: said first
        warehouse.write_period(db, figures)
    except REFUSALS as error:
        fail(error.text(lang), lang)
    summary = _summary(figures, lang)
    click.echo(said("ingested", lang, period=figures.period, warehouse=db, summary=summary))


@click.command()
@data_dir_option
@warehouse_option
@messages_lang_option
def rebuild(data_dir: Path | None, warehouse_path: Path | None, lang: str | None) -> None:
    """Build the warehouse anew from every period of the data dir (the old file is kept)."""
    from industry_briefing.run import rebuild as rebuilding
    from industry_briefing.store.access import REFUSALS

    data_root = settings.resolve_path(data_dir, settings.RAW_DATA_DIR)
    lang = messages_lang(lang, data_root)
    db = _warehouse_outside(data_dir, warehouse_path, lang)

    def loaded(period: Period, error: Exception | None) -> None:
        key = "rebuild.loaded" if error is None else "rebuild.left_out"
        click.echo(said(key, lang, period=period))

    try:
        done = rebuilding.rebuild(data_root, db, loaded)
    except REFUSALS as error:
        fail(error.text(lang), lang)
    kept = said("rebuild.kept", lang, path=done.kept) if done.kept else ""
    count = len(done.loaded)
    click.echo(said("rebuild.rebuilt", lang, warehouse=db, root=data_root, count=count, kept=kept))
    if done.removed:  # copies pile up otherwise: say which went, and where the kept ones are
        names = said("joint", lang).join(path.name for path in done.removed)
        click.echo(
            said(
                "rebuild.removed",
                lang,
                count=len(done.removed),
                names=names,
                keep=rebuilding.KEEP_PREVIOUS,
                folder=db.parent,
                name=db.name,
            )
        )
    if done.failed:
        periods = said("joint", lang).join(str(p) for p in done.failed)
        fail(said("rebuild.failed", lang, periods=periods, first=next(iter(done.failed))), lang)


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
@messages_lang_option
def template(
    period: str, out: Path | None, force: bool, data_dir: Path | None, lang: str | None
) -> None:
    """Write the Excel workbook to fill in for PERIOD, pre-filled from the period before."""
    from industry_briefing.ingest import entry_form as templates

    data_root = settings.resolve_path(data_dir, settings.RAW_DATA_DIR)
    lang = messages_lang(lang, data_root)
    wanted = period_or_exit(period, lang)
    default = settings.PROCESSED_DATA_DIR / "templates" / f"{wanted}.xlsx"
    path = settings.resolve_path(out, default).resolve()
    for input_root in {settings.RAW_DATA_DIR.resolve(), data_root.resolve()}:
        if path.is_relative_to(input_root):
            saved = input_root / str(wanted) / "figures.xlsx"
            fail(said("under_input", lang, path=path, root=input_root, saved=saved), lang)
    try:
        written = templates.write_template(path, wanted, data_root, force=force)
    except FileExistsError:
        fail(said("exists", lang, path=path), lang)
    except OSError as error:  # a full disk, a read-only folder: nothing was written
        fail(unwritable(error, lang), lang)
    for skipped in written.skipped:
        click.echo(said("warning", lang, line=said("skipped", lang, period=skipped)), err=True)
    source = _prefilled_said(written, data_root, lang)
    click.echo(said("written", lang, period=wanted, path=written.path, source=source))
    click.echo(_provenance_said(written.provenance, lang))
    saved = data_root / str(wanted) / "figures.xlsx"
    click.echo(said("fill_in", lang, saved=saved, period=wanted))


def _prefilled_said(written: Written, data_root: Path, lang: str) -> str:
    """What the tables were pre-filled with: names and targets from the month before, only
    names from last year's (a new year's targets and plan are new), or nothing."""
    if written.previous is None:
        return said("prefilled_none", lang, period=written.period, root=data_root)
    counts = said("joint", lang).join(
        _rows(table, n, lang) for table, n in written.prefilled.items()
    )
    key = "prefilled" if written.previous.year == written.period.year else "prefilled_names"
    return said(key, lang, previous=written.previous, counts=counts)


def _provenance_said(carried: Mapping[str, Carried], lang: str) -> str:
    """What the 来源 sheet was pre-filled with, and that the rest is the analyst's to choose."""
    if not carried:
        return said("provenance_none", lang)
    from industry_briefing.contract.tables import TABLES
    from industry_briefing.ingest.spreadsheet import PROVENANCE_WORDS

    word = {name: word for word, name in PROVENANCE_WORDS.items()}
    kept = said("joint", lang).join(
        said(
            "provenance_kept",
            lang,
            table=table,
            title=TABLES[table].title,
            provenance=c.provenance,
            word=word[c.provenance],
            period=c.period,
        )
        for table, c in carried.items()
    )
    return said("provenance_carried", lang, kept=kept)


def _warehouse_outside(
    data_dir: Path | None, warehouse_path: Path | None, lang: str = "en"
) -> Path:
    """The warehouse's path; exit 2 when it is among the inputs (the data root, a file in it),
    before anything is read, moved aside or written."""
    from industry_briefing.run.regions import output_among_inputs

    data_root = settings.resolve_path(data_dir, settings.RAW_DATA_DIR)
    db = settings.resolve_path(warehouse_path, settings.WAREHOUSE_PATH)
    refused = output_among_inputs("warehouse", db, [data_root])
    if refused:
        fail(say(refused, lang), lang)
    return db


def _read_or_exit(period: str, data_dir: Path | None, lang: str) -> tuple[PeriodFigures, int]:
    """The period's figures, and how many warnings were printed about them (reading's own,
    then the figures that look like a slip of entry); every problem printed, in `lang`, and
    exit 2 when the input has errors."""
    from industry_briefing.cli.entry_checks import slip_warnings
    from industry_briefing.core.errors import InputError
    from industry_briefing.ingest import reader

    data_root = settings.resolve_path(data_dir, settings.RAW_DATA_DIR)
    try:
        located = reader.read_located(data_root, period)
    except PeriodError as error:
        fail(error.text(lang), lang)
    except InputError as error:
        _say_problems(error.problems, error.warnings, lang)
        many = "one" if len(error.problems) == 1 else "many"
        fail(said(f"problems_{many}", lang, period=period, count=len(error.problems)), lang)
    warnings = [*located.figures.warnings, *slip_warnings(located)]
    _say_problems([], warnings, lang)
    return located.figures, len(warnings)


def _say_problems(errors: list[Problem], warnings: list[Problem], lang: str) -> None:
    """A line per problem, errors first: 'error: 2011-02/parks.csv, row 3, …' or '错误：…'."""
    for problem in errors:
        click.echo(said("error", lang, line=problem.text(lang)), err=True)
    for problem in warnings:
        click.echo(said("warning", lang, line=problem.text(lang)), err=True)


def _summary(figures: PeriodFigures, lang: str) -> str:
    """What a month holds: '3 indicators, 10 parks' or '指标3行、园区10行'."""
    from industry_briefing.core.figures import TABLE_NAMES

    counts = ((name, len(figures.table(name))) for name in TABLE_NAMES)
    return said("joint", lang).join(_rows(name, n, lang) for name, n in counts if n)


def _rows(table: str, count: int, lang: str) -> str:
    from industry_briefing.contract.tables import TABLES

    key = "plan_rows" if table == "plan" else "rows"
    return said(key, lang, count=count, table=table, title=TABLES[table].title)
