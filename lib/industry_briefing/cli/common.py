"""What the commands share: exit codes, options, and saying an error and stopping."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from industry_briefing.core import settings
from industry_briefing.core.periods import Period, PeriodError

BAD_INPUT = 2
FAILED = 1


def from_cwd(path: str | Path | None) -> Path | None:
    """A path the user typed, made absolute from the working directory where it was typed
    (notebooks run elsewhere, and `settings.resolve_path` takes a relative one from the
    project root); None or empty stays None (the default)."""
    if path is None or str(path) == "":
        return None
    return Path.cwd() / Path(path).expanduser()


def paths_from_cwd(context: click.Context, option: click.Parameter, value: Any) -> Any:
    if isinstance(value, tuple):  # a repeatable option
        return tuple(from_cwd(v) for v in value)
    return from_cwd(value)


data_dir_option = click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    callback=paths_from_cwd,
    help="Input root holding YYYY-MM folders, relative to the working directory "
    "[default: data/raw of the project].",
)
warehouse_option = click.option(
    "--warehouse",
    "warehouse_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    callback=paths_from_cwd,
    help="DuckDB warehouse file, relative to the working directory "
    "[default: data/warehouse.duckdb of the project].",
)
reports_option = click.option(
    "--reports-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    callback=paths_from_cwd,
    help="Where briefings are written, relative to the working directory "
    "[default: reports of the project].",
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
