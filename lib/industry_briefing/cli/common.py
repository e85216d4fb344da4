"""What the commands share: exit codes, options, and saying an error and stopping."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from industry_briefing.core import settings
from industry_briefing.core.periods import Period, PeriodError

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
    help="Parallel workers [default: the cores; twice the cores when there are more periods "
    "than cores].",
)

allow_edited_option = click.option(
    "--allow-edited-notebooks",
    "allow_edited",
    is_flag=True,
    help="Render the report notebooks even where their cells differ from the approved version "
    "(notebooks/approved.json), e.g. after exploring in them; without it the batch refuses.",
)


def period_or_exit(text: str) -> Period:
    try:
        return Period.parse(text)
    except PeriodError as error:
        fail(str(error))


def fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(BAD_INPUT)
