"""What the commands share: exit codes, options, and saying an error and stopping."""

from __future__ import annotations

import os
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
messages_lang_option = click.option(
    "--lang",
    type=click.Choice(settings.LANGUAGES),
    default=None,
    help="Language of the messages [default: the locale's (LC_ALL, LC_MESSAGES or LANG: zh_* "
    "or en_*), else the region's: Chinese, but for a region profile.yml names in Latin letters].",
)


def messages_lang(chosen: str | None, data_root: Path) -> str:
    """The language to speak to the analyst in: --lang, else the locale's, else the region's
    (its profile.yml at the data root). `run` and `batch` speak the language their --lang
    asks the briefings in when it is typed (`typed_lang`), else the locale's or region's."""
    if chosen is not None:
        return chosen
    from_locale = settings.locale_lang(os.environ)
    if from_locale is not None:
        return from_locale
    return settings.region_lang(profile_region(data_root))


def early_lang() -> str:
    """The language to speak in before a command's options are read (a setting of the
    environment refused, a usage error): a --lang typed on the command line, else the
    locale's, else the region's of the project's own data root (the --data-dir typed is not
    known yet)."""
    return messages_lang(_typed_lang_option(), settings.RAW_DATA_DIR)


TYPED_ARGS = "briefing.typed_args"  # the command line as typed, kept by WholeHelpGroup


def _typed_lang_option() -> str | None:
    """The value of a --lang typed anywhere on the command line, when it is a language."""
    context = click.get_current_context(silent=True)
    typed: list[str] = context.find_root().meta.get(TYPED_ARGS, []) if context else []
    for at, arg in enumerate(typed):
        value = arg.removeprefix("--lang=") if arg.startswith("--lang=") else None
        if arg == "--lang" and at + 1 < len(typed):
            value = typed[at + 1]
        if value in settings.LANGUAGES:
            return value
    return None


def profile_region(data_root: Path) -> str | None:
    """The region profile.yml names, read for the messages' language alone: None when there is
    none or it cannot be read (the profile's whole reading, every problem said, is `briefing
    check`'s: ingest.region, whose imports would cost a batch with nothing to do a second)."""
    import yaml

    from industry_briefing.core import limits

    path = data_root / settings.PROFILE_FILE
    try:
        if path.stat().st_size > limits.YAML_BYTES.value:
            return None
        document = yaml.load(
            path.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )
    except (OSError, ValueError, yaml.YAMLError):
        return None
    region = document.get("region") if isinstance(document, dict) else None
    return region if isinstance(region, str) else None


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

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta[TYPED_ARGS] = list(args)  # for early_lang: a --lang before it is parsed
        return super().parse_args(ctx, args)

    # Click's usage errors ("No such option", "Missing argument", "Invalid value") are said in
    # click's English; for an analyst who reads another language a line of the labels follows.
    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as error:
            if parent is None:  # the top group's: once
                _add_usage_line(error)
            raise

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            if ctx.parent is None:  # the top group's: once
                _add_usage_line(error)
            raise


# The language of click's own messages: no line of the labels is added after them in it.
CLICK_LANG = "en"


def _add_usage_line(error: click.UsageError) -> None:
    """Show the usage error with a line of the labels after click's (`cli.usage`), in the
    language spoken before the options are read (`early_lang`), unless it is click's own."""
    if isinstance(error, click.exceptions.NoArgsIsHelpError):
        return  # the help, not an error
    shown = error.show

    def show(file: Any = None) -> None:
        shown(file)
        lang = early_lang()
        if lang != CLICK_LANG:
            command = error.ctx.command_path if error.ctx is not None else "briefing"
            click.echo(said("usage", lang, command=command), file=file, err=True)

    error.show = show  # type: ignore[method-assign]  # this error alone: click calls its show


def typed_lang(lang: str) -> str | None:
    """The --lang of the command being run when it was typed on the command line; None when
    it is its default (of `run` and `batch`: the briefings' language)."""
    context = click.get_current_context()
    typed = context.get_parameter_source("lang") is click.core.ParameterSource.COMMANDLINE
    return lang if typed else None


def period_or_exit(text: str, lang: str = "en") -> Period:
    """The period typed (PERIOD, --from, --to, --period), or exit 2 saying, in `lang`, what
    was typed and the form expected."""
    try:
        return Period.parse(text)
    except PeriodError as error:
        fail(error.text(lang), lang)


def fail(message: str, lang: str = "en") -> NoReturn:
    """Say the error (in the messages' language, where the command has one) and exit 2."""
    click.echo(said("error", lang, line=message), err=True)
    sys.exit(BAD_INPUT)


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
