"""Problems found in input, reported together so an analyst can fix them in one pass."""

from __future__ import annotations

import re
from dataclasses import dataclass

# How much of what it found a message repeats: a short prefix, never a whole cell or file.
SHOWN_CHARS = 120
_SHORTENED = re.compile(r".*… \(\d+ characters\)", re.DOTALL)


def shortened(text: str, limit: int = SHOWN_CHARS) -> str:
    """`text` as a message shows it: control characters written as escapes (\\x00), and a
    prefix with the length when it is long: 'abc… (12000 characters)'."""
    if _SHORTENED.fullmatch(text) and len(text) <= limit + 30:
        return text  # shortened already (a problem passed on)
    shown = "".join(_escaped(char) for char in text[: limit + 1])
    if len(text) <= limit:
        return shown
    return f"{shown[:limit]}… ({len(text)} characters)"


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if (code < 32 and char not in "\t\n") or code == 127 else char


@dataclass(frozen=True)
class Problem:
    """One problem in one place of the input; `row` is the spreadsheet row (header = row 1).

    What it quotes from the input (found, sheet, column) is shortened to a prefix."""

    file: str
    message: str
    expected: str = ""
    found: str = ""
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    severity: str = "error"  # or "warning": reported, does not stop ingest

    def __post_init__(self) -> None:
        for name in ("found", "sheet", "column"):
            value = getattr(self, name)
            if value is not None and value != shortened(value):
                object.__setattr__(self, name, shortened(value))

    def __str__(self) -> str:
        where = self.file + (f" [sheet {self.sheet}]" if self.sheet else "")
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        text = f"{where}: {self.message}"
        if self.expected:
            text += f" (expected {self.expected}"
            text += f"; found {self.found!r})" if self.found != "" else ")"
        elif self.found != "":
            text += f" (found {self.found!r})"
        return text


class InputError(Exception):
    """Input that cannot be ingested; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = [p for p in problems if p.severity == "error"]
        self.warnings = [p for p in problems if p.severity != "error"]
        super().__init__("\n".join(str(p) for p in self.problems))


class UnknownLanguageError(ValueError):
    """A language the briefing has no labels and templates for."""
