"""How much one period's input may hold: limits far above any real bureau's month, settable.

A month of a large city is a few thousand rows (2,000 key enterprises, 1,000 projects) in files
of a few megabytes. Input far beyond that is a mistake or an attack (a file that unpacks to
gigabytes, a YAML that expands itself exponentially), and is refused before the memory is
spent: each limit is checked while reading. Each has an environment variable that sets it to
another whole number above 0, read when the limit is checked.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from industry_briefing.core.settings import SettingError


class LimitSettingError(SettingError):
    """An environment variable that sets a limit holds no whole number above 0."""


@dataclass(frozen=True)
class Limit:
    env: str  # the environment variable that sets it
    default: int
    key: str  # what is counted: its words are the labels' `problem.limit.what.<key>`

    @property
    def value(self) -> int:
        text = os.environ.get(self.env, "").strip()
        if not text:
            return self.default
        try:
            value = int(text.replace("_", ""))
        except ValueError:
            value = 0
        if value <= 0:
            raise LimitSettingError(
                f"{self.env} must be a whole number above 0, got {text!r}", "limit", self.env, text
            )
        return value


FILE_BYTES = Limit("BRIEFING_LIMIT_FILE_BYTES", 50 * 2**20, "file_bytes")
ROWS = Limit("BRIEFING_LIMIT_ROWS", 50_000, "rows")
CELL_CHARS = Limit("BRIEFING_LIMIT_CELL_CHARS", 5_000, "cell_chars")
XLSX_BYTES = Limit("BRIEFING_LIMIT_XLSX_BYTES", 256 * 2**20, "xlsx_bytes")
# A part of an .xlsx (a zip) that unpacks to this many times its packed size is a zip bomb:
# spreadsheets of figures pack 5 to 20 times.
XLSX_RATIO = Limit("BRIEFING_LIMIT_XLSX_RATIO", 200, "xlsx_ratio")
# A YAML file of the input (meta.yml, profile.yml, indicators.yml) is a few kilobytes: checked
# before it is read, as parsing takes far more memory and time than the bytes.
YAML_BYTES = Limit("BRIEFING_LIMIT_YAML_BYTES", 2**20, "yaml_bytes")
# Aliases (*name) count as often as they are used: a few lines can expand to billions.
YAML_VALUES = Limit("BRIEFING_LIMIT_YAML_VALUES", 10_000, "yaml_values")
YAML_DEPTH = Limit("BRIEFING_LIMIT_YAML_DEPTH", 32, "yaml_depth")
# Python converts no integer of more than 4,300 digits (a traceback); a figure has a few.
YAML_DIGITS = Limit("BRIEFING_LIMIT_YAML_DIGITS", 30, "yaml_digits")
# notes.md: the analyst's paragraphs, shown whole; a few pages at most.
NOTES_BYTES = Limit("BRIEFING_LIMIT_NOTES_BYTES", 200 * 2**10, "notes_bytes")

ALL = (
    FILE_BYTES,
    ROWS,
    CELL_CHARS,
    XLSX_BYTES,
    XLSX_RATIO,
    YAML_BYTES,
    YAML_VALUES,
    YAML_DEPTH,
    YAML_DIGITS,
    NOTES_BYTES,
)


def check_settings() -> None:
    """Raise LimitSettingError for an environment variable that sets a limit badly."""
    for limit in ALL:
        _ = limit.value
