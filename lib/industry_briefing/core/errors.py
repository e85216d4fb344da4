"""Problems found in input, reported together so an analyst can fix them in one pass.

A problem is found in codes, not words: what is wrong and what was expected are `Words`, a
key of the labels' `problem` group with its fields, said in a language only where it is shown
(`Problem.text`, from the labels files: core/wording.py). The English of `str(problem)` is the
one of the logs and of the batch."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from industry_briefing.core.settings import UnknownLanguageError
from industry_briefing.core.wording import template

__all__ = [
    "SHOWN_CHARS",
    "InputError",
    "Invalid",
    "Listing",
    "Problem",
    "Refusal",
    "UnknownLanguageError",
    "Value",
    "Words",
    "listing",
    "shortened",
    "words",
]

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
class Words:
    """A phrase of the labels' `problem` group (its dotted key under it) and its fields: a
    text from the input, a number, or words and lists said in the same language."""

    key: str
    fields: Mapping[str, Value] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Listing:
    """Values one after another, joined as the language joins them (`problem.joint.<joint>`:
    'a, b' and 'a、b'; 'a or b' and 'a或b')."""

    items: tuple[Value, ...]
    joint: str = "comma"


def words(key: str, /, **fields: Value) -> Words:
    """`Words(key, fields)`, written as a call: words('cell.not_a_number', kind=...)."""
    return Words(key, fields)


def listing(items: Iterable[Value], joint: str = "comma") -> Listing:
    return Listing(tuple(items), joint)


@dataclass(frozen=True)
class Problem:
    """One problem in one place of the input; `row` is the spreadsheet row (header = row 1).

    `what` is wrong, `wants` is what was expected, `saw` what was found: the input's text as
    written (shortened to a prefix), or words. `header` is the column as headed (or words for
    a column without a header); `cell` its place in A1 notation in a workbook (C5, or C for a
    whole column). `message`, `expected`, `found` and `column` are said in English."""

    file: str
    what: Words
    wants: Words | None = None
    saw: str | Words = ""
    sheet: str | None = None
    row: int | None = None
    header: str | Words | None = None
    severity: str = "error"  # or "warning": reported, does not stop ingest
    cell: str | None = None

    def __post_init__(self) -> None:
        for name in ("saw", "sheet", "header"):
            value = getattr(self, name)
            if isinstance(value, str) and value != shortened(value):
                object.__setattr__(self, name, shortened(value))

    def text(self, lang: str) -> str:
        """The problem as one line in `lang`: where, what, what was expected and found."""
        return problem_text(self, lang)

    def __str__(self) -> str:
        return self.text("en")

    @property
    def message(self) -> str:
        return self._english(self.what)

    @property
    def expected(self) -> str:
        return "" if self.wants is None else self._english(self.wants)

    @property
    def found(self) -> str:
        return found_text(self, "en")

    @property
    def column(self) -> str | None:
        return None if self.header is None else self._english(self.header)

    @staticmethod
    def _english(value: str | Words) -> str:
        return value if isinstance(value, str) else say(value, "en")


# A field of Words: a text or number as it is, or words, a listing or an input's problem (its
# line) said in the same language.
Value = str | int | float | Words | Listing | Problem


# --- said in a language --------------------------------------------------------------------


def say(value: Value, lang: str) -> str:
    """Words in a language, their fields said in it too; a text or number as it is."""
    if isinstance(value, Words):
        fields = {name: _field(given, lang) for name, given in value.fields.items()}
        return template(value.key, lang).format(**fields)
    if isinstance(value, Listing):
        return template(f"joint.{value.joint}", lang).join(say(v, lang) for v in value.items)
    if isinstance(value, Problem):
        return problem_text(value, lang)
    return str(value)


def _field(value: Value, lang: str) -> object:
    """A field as its template takes it: numbers stay numbers (for `{size:,}`)."""
    return say(value, lang) if isinstance(value, Words | Listing | Problem) else value


def found_text(problem: Problem, lang: str) -> str:
    """What a problem found: the input's text as written, or its words (a prefix when long)."""
    return problem.saw if isinstance(problem.saw, str) else shortened(say(problem.saw, lang))


def problem_text(problem: Problem, lang: str) -> str:
    """'2011-02/parks.csv, row 3, column 累计完成: not a number (expected …; found '三亿')', or
    '2011-02/parks.csv，第3行「累计完成」列：不是数字（应为…；实际为“三亿”）'."""
    line = template("line.line", lang).format(
        where=_where(problem, lang), message=say(problem.what, lang)
    )
    expected = "" if problem.wants is None else say(problem.wants, lang)
    found = found_text(problem, lang)
    quoted = "line.quoted_words" if isinstance(problem.saw, Words) else "line.quoted"
    shown = template(quoted, lang).format(found=found) if found != "" else ""
    if expected and shown:
        return line + template("line.expected_found", lang).format(expected=expected, found=shown)
    if expected:
        return line + template("line.expected", lang).format(expected=expected)
    if shown:
        return line + template("line.found", lang).format(found=shown)
    return line


def _where(problem: Problem, lang: str) -> str:
    """The file, then the sheet, row, column and cell where the problem is."""
    parts = []
    if problem.sheet:
        parts.append(template("where.sheet", lang).format(sheet=problem.sheet))
    if problem.row is not None:
        parts.append(template("where.row", lang).format(row=problem.row))
    if isinstance(problem.header, Words):
        parts.append(template("where.column_words", lang).format(column=say(problem.header, lang)))
    elif problem.header:
        parts.append(template("where.column", lang).format(column=problem.header))
    if problem.cell:
        key = "where.cell" if problem.row is not None else "where.cell_column"
        parts.append(template(key, lang).format(cell=problem.cell))
    place = "".join(parts)
    return problem.file + (template("where.joint", lang) + place if place else "")


class InputError(Exception):
    """Input that cannot be ingested; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = [p for p in problems if p.severity == "error"]
        self.warnings = [p for p in problems if p.severity != "error"]
        super().__init__("\n".join(str(p) for p in self.problems))


class Refusal(Exception):
    """What stops a command, said in one line in codes (`what`: Words of the labels' `problem`
    group), in a language only where it is shown (`text(lang)`); `str()` is the English (logs).
    A library's own message goes in as a field, quoted after the sentence, never as it. The one
    kind of error said in the analyst's language: a period typed wrongly, a parameter, the
    product's own files and folders (a lock held, a folder that cannot be written)."""

    def __init__(self, what: Words):
        self.what = what
        super().__init__(say(what, "en"))

    def text(self, lang: str) -> str:
        return say(self.what, lang)

    def __reduce__(self) -> tuple[object, ...]:
        # rebuilt from its words (an exception is pickled by its args: here the English)
        return (_refusal, (type(self), self.what), self.__dict__)


def _refusal(kind: type[Refusal], what: Words) -> Refusal:
    refusal = kind.__new__(kind)
    Refusal.__init__(refusal, what)
    return refusal


class Invalid(Refusal, ValueError):
    """A value the contract refuses, in words: raised in a validator of a YAML file's model,
    said by the reader after the field it names (pydantic keeps it in its error's context)."""
