"""The commands of the notebooks: `lab` (explore in working copies) and `notebooks approve` /
`notebooks status` (the report notebooks the batch renders, as approved for sharing)."""

from __future__ import annotations

import os
import sys

import click

from industry_briefing.cli.common import WholeHelpGroup, fail
from industry_briefing.core import settings
from industry_briefing.core.errors import say
from industry_briefing.run import approval
from industry_briefing.run import lab as labs


@click.command(context_settings={"ignore_unknown_options": True})
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="JupyterLab's port.")
@click.option("--no-browser", is_flag=True, help="Do not open a browser.")
@click.option("--dry-run", is_flag=True, help="Prepare the copies and print the command only.")
@click.argument("jupyter_options", nargs=-1, type=click.UNPROCESSED)
def lab(
    port: int | None, no_browser: bool, dry_run: bool, jupyter_options: tuple[str, ...]
) -> None:
    """Explore in JupyterLab on copies of the notebooks (notebooks/work/), never on the report
    notebooks the batch renders; a copy already there is kept as it is. JupyterLab serves the
    project folder (reports/PERIOD/briefing.ipynb and briefing.failed.ipynb open from it) and
    opens on notebooks/work/; run as root, it is given --allow-root. Other options go to
    JupyterLab (e.g. --ServerApp.ip=0.0.0.0)."""
    copies = labs.prepare(labs.lab_notebooks(), settings.WORK_NOTEBOOKS_DIR)
    for path in copies.copied:
        click.echo(f"copied {approval.shown_path(path)}", err=True)
    for path in copies.kept:
        click.echo(
            f"kept {approval.shown_path(path)} (your copy; delete it for a fresh one)", err=True
        )
    command = [*labs.lab_command(copies.folder, port, browser=not no_browser), *jupyter_options]
    click.echo(" ".join(command), err=True)
    if dry_run:
        return
    os.chdir(settings.PROJECT_ROOT)  # what JupyterLab serves
    try:
        os.execv(command[0], command)  # JupyterLab in this process: Ctrl-C goes to it alone
    except OSError as error:
        fail(f"cannot start JupyterLab ({command[0]}): {error.strerror}")


@click.group(cls=WholeHelpGroup)
def notebooks() -> None:
    """The report notebooks the batch renders, as approved for sharing."""


@notebooks.command()
def approve() -> None:
    """Record the report notebooks' present cells as the shared version (after `make strip`;
    commit notebooks/approved.json with them)."""
    try:
        approval.approve(settings.REPORT_NOTEBOOKS, settings.APPROVED_NOTEBOOKS)
    except approval.NotApproved as error:
        fail(str(error))
    names = ", ".join(approval.shown_path(nb) for nb in settings.REPORT_NOTEBOOKS)
    click.echo(f"approved {names} in {approval.shown_path(settings.APPROVED_NOTEBOOKS)}", err=True)


@notebooks.command()
def status() -> None:
    """Say which report notebooks differ from the approved version (exit 1 if any does)."""
    try:
        found = approval.edited(settings.REPORT_NOTEBOOKS, settings.APPROVED_NOTEBOOKS)
    except approval.NotApproved as error:
        fail(str(error))
    if not found:
        click.echo("the report notebooks are as approved", err=True)
        return
    click.echo(say(approval.describe(found), "en"), err=True)
    sys.exit(1)
