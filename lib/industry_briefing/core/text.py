"""Characters that have no place in the text of an input: one rule for every file and field.

Control characters (NUL, ESC, BEL …) reach a page raw and mean nothing to a reader; the
bidirectional controls reorder what a reader sees ("86%" shown as "%68") without changing the
text. Tab, line feed and carriage return, which text may hold, are fit.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_BIDI = re.compile(r"[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def unfit(text: str) -> tuple[str, str] | None:
    """The first unfit character of a text as (kind, code point): ('control', 'U+0000') or
    ('bidi', 'U+202E'); None if all fit. Its words are the labels' (`problem.text.<kind>`)."""
    control = _CONTROL.search(text)
    bidi = _BIDI.search(text)
    if control is None and bidi is None:
        return None
    if bidi is None or (control is not None and control.start() < bidi.start()):
        assert control is not None
        return "control", f"U+{ord(control.group()):04X}"
    return "bidi", f"U+{ord(bidi.group()):04X}"


def unfit_character(text: str) -> str | None:
    """What the first unfit character of a text is, in English (a bulletin's reader says it
    so); None if all fit."""
    found = unfit(text)
    if found is None:
        return None
    kind, code = found
    what = "a control character" if kind == "control" else "a bidirectional control"
    return f"{what} ({code})"
