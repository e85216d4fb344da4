"""The commands of the notebooks: `lab` (explore in working copies) and `notebooks approve` /
`notebooks status` (the report notebooks the batch renders, as approved for sharing)."""

from __future__ import annotations

import os
import sys

import click

from industry_briefing.cli.common import (
    WholeHelpGroup,
    fail,
    messages_lang,
    messages_lang_option,
    said,
    unwritable,
)
from industry_briefing.core import settings
from industry_briefing.core.errors import say
from industry_briefing.run import approval
from industry_briefing.run import lab as labs


@click.command(context_settings={"ignore_unknown_options": True})
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="JupyterLab's port.")
@click.option("--no-browser", is_flag=True, help="Do not open a browser.")
@click.option("--dry-run", is_flag=True, help="Prepare the copies and print the command only.")
@messages_lang_option
@click.argument("jupyter_options", nargs=-1, type=click.UNPROCESSED)
def lab(
    port: int | None,
    no_browser: bool,
    dry_run: bool,
    lang: str | None,
    jupyter_options: tuple[str, ...],
) -> None:
    """Explore in JupyterLab on copies of the notebooks (notebooks/work/), never on the report
    notebooks the batch renders; a copy already there is kept as it is. JupyterLab serves the
    project folder (reports/PERIOD/briefing.ipynb and briefing.failed.ipynb open from it) and
    opens on notebooks/work/; run as root, it is given --allow-root. Other options go to
    JupyterLab (e.g. --ServerApp.ip=0.0.0.0)."""
    lang = messages_lang(lang, settings.RAW_DATA_DIR)
    copies = labs.prepare(labs.lab_notebooks(), settings.WORK_NOTEBOOKS_DIR)
    for path in copies.copied:
        click.echo(said("notebooks.copied", lang, path=approval.shown_path(path)), err=True)
    for path in copies.kept:
        click.echo(said("notebooks.kept", lang, path=approval.shown_path(path)), err=True)
    command = [*labs.lab_command(copies.folder, port, browser=not no_browser), *jupyter_options]
    click.echo(" ".join(command), err=True)
    if dry_run:
        return
    os.chdir(settings.PROJECT_ROOT)  # what JupyterLab serves
    try:
        os.execv(command[0], command)  # JupyterLab in this process: Ctrl-C goes to it alone
    except OSError as error:
        fail(said("notebooks.no_lab", lang, command=command[0], reason=error.strerror), lang)


@click.group(cls=WholeHelpGroup)
def notebooks() -> None:
    """The report notebooks the batch renders, as approved for sharing."""


@notebooks.command()
@messages_lang_option
def approve(lang: str | None) -> None:
    """Record the report notebooks' present cells as the shared version (after `make strip`;
    commit notebooks/approved.json with them)."""
    lang = messages_lang(lang, settings.RAW_DATA_DIR)
    try:
        approval.approve(settings.REPORT_NOTEBOOKS, settings.APPROVED_NOTEBOOKS)
    except approval.NotApproved as error:
        fail(error.text(lang), lang)
    except OSError as error:  # a read-only folder, a full disk: the record is as it was
        fail(unwritable(error, lang), lang)
    names = said("joint", lang).join(approval.shown_path(nb) for nb in settings.REPORT_NOTEBOOKS)
    record = approval.shown_path(settings.APPROVED_NOTEBOOKS)
    click.echo(said("notebooks.approved", lang, notebooks=names, record=record), err=True)


@notebooks.command()
@messages_lang_option
def status(lang: str | None) -> None:
    """Say which report notebooks differ from the approved version (exit 1 if any does)."""
    lang = messages_lang(lang, settings.RAW_DATA_DIR)
    try:
        found = approval.edited(settings.REPORT_NOTEBOOKS, settings.APPROVED_NOTEBOOKS)
    except approval.NotApproved as error:
        fail(error.text(lang), lang)
    if not found:
        click.echo(said("notebooks.as_approved", lang), err=True)
        return
    click.echo(say(approval.describe(found), lang), err=True)
    sys.exit(1)
