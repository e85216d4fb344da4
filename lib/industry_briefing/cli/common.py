"""What the commands share: exit codes, options, and saying an error and stopping."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
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
messages_lang_option = click.option(
    "--lang",
    type=click.Choice(settings.LANGUAGES),
    default=None,
    help="Language of the messages [default: the locale's (LC_ALL, LC_MESSAGES or LANG: zh_* "
    "or en_*), else the region's: Chinese, but for a region profile.yml names in Latin letters].",
)


def locale_lang(environ: Mapping[str, str]) -> str | None:
    """The language the locale asks messages in (core.settings.locale_lang)."""
    return settings.locale_lang(environ)


def batch_lang() -> str:
    """The language `run` and `batch` speak in (their progress and closing table): the
    locale's, else English, as the batch's messages of failures are (its --lang is the
    briefings')."""
    return locale_lang(os.environ) or "en"


def messages_lang(chosen: str | None, data_root: Path) -> str:
    """The language to speak to the analyst in: --lang, else the locale's, else the region's
    (its profile.yml at the data root)."""
    if chosen is not None:
        return chosen
    from_locale = locale_lang(os.environ)
    if from_locale is not None:
        return from_locale
    from industry_briefing.contract.profile import analysts_lang
    from industry_briefing.ingest.region import read_region

    return analysts_lang(read_region(data_root).profile)


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


# The help's width on a wide terminal (click's default stops at 80 columns).
HELP_WIDTH = 100


class WholeHelpGroup(click.Group):
    """A group whose --help lists each command with the whole first sentence of its help,
    wrapped to the terminal, never cut short with "..." (click cuts it to fit one line)."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=10_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def period_or_exit(text: str) -> Period:
    try:
        return Period.parse(text)
    except PeriodError as error:
        fail(str(error))


def fail(message: str, lang: str = "en") -> NoReturn:
    """Say the error (in the messages' language, where the command has one) and exit 2."""
    click.echo(said("error", lang, line=message), err=True)
    sys.exit(BAD_INPUT)


def said_in(error: Exception, lang: str) -> str:
    """An error's line in `lang` where it has words (core.errors.SaidError), else its English."""
    from industry_briefing.core.errors import SaidError

    return error.text(lang) if isinstance(error, SaidError) else str(error)


def unwritable(error: OSError, lang: str) -> str:
    """'/r/index.html cannot be written (No space left on device)': the file and the cause,
    not a traceback."""
    from industry_briefing.core import files
    from industry_briefing.core.errors import say, words

    path = str(error.filename or "")
    return say(words("files.unwritable", path=path, reason=files.reason(error)), lang)


def said(key: str, lang: str, **fields: object) -> str:
    """A line of the command, in a language: the labels' `cli.<key>`."""
    from industry_briefing.briefing.labels import label

    return label(f"cli.{key}", lang, **fields)
