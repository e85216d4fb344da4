"""Problems found in input, reported together so an analyst can fix them in one pass."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in one place of the input; `row` is the spreadsheet row (header = row 1)."""

    file: str
    message: str
    expected: str = ""
    found: str = ""
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    severity: str = "error"  # or "warning": reported, does not stop ingest

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
