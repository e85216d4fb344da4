"""The `briefing` command: check and ingest a month's figures, render briefings.

Exit codes: 0 done, 1 a briefing failed, 2 bad input or usage (nothing written).
Heavy libraries are imported inside the commands that need them, so that a batch with
nothing to do answers at once. The commands: cli/inputs.py (check, ingest, template,
rebuild), cli/briefings.py (run, batch) and cli/notebooks.py (lab, notebooks).
"""

from __future__ import annotations

import click

from industry_briefing.cli.briefings import batch, run
from industry_briefing.cli.common import (
    BAD_INPUT,
    FAILED,
    HELP_WIDTH,
    WholeHelpGroup,
    early_lang,
    fail,
)
from industry_briefing.cli.inputs import check, ingest, rebuild, template
from industry_briefing.cli.notebooks import lab, notebooks
from industry_briefing.cli.texts import audit_text, read
from industry_briefing.core import limits, settings

__all__ = ["BAD_INPUT", "FAILED", "main"]


@click.group(
    cls=WholeHelpGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": HELP_WIDTH},
)
@click.version_option(package_name="industry-briefing")
def main() -> None:
    """Monthly industrial-economy briefing (工业经济运行简报) of a city."""
    try:
        limits.check_settings()
        settings.check_environment()
    except settings.SettingError as error:  # a limit's too (limits.LimitSettingError)
        from industry_briefing.core.errors import Words, say

        lang = early_lang()  # before the command's --lang is read
        fail(say(Words(error.key, error.fields), lang), lang)


for command in (check, ingest, rebuild, template, run, batch, lab, notebooks, read, audit_text):
    main.add_command(command)
