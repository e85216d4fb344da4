"""The numbers of one document's tables and charts: 表1, 表2 …, 图1 …, 附表1 … in the order
they are shown, without gaps.

A caption's label holds a `{number}` field; the text before it names its sequence (表, 图, 附表,
Table …), and each sequence counts on its own. Asking for a caption only peeks at the next
free number of its sequence: the number is used up when the table or chart is shown, so one
left out this month (an empty frame) leaves no gap. A caption shown keeps its number for the
document, keyed by its label and fields, so that re-running a cell in JupyterLab shows it
again under the same number. One document per kernel: `notebook.show_title` (the first cell
of every report notebook) starts it afresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from industry_briefing.briefing.labels import DEFAULT_LANG, label, lookup

FIELD = "{number}"

# A caption's identity in its document: its label's key, the language and its fields.
Identity = tuple[str, str, tuple[tuple[str, str], ...]]


@dataclass(frozen=True)
class Ticket:
    """The number a caption's text was given, not yet used up until it is shown."""

    identity: Identity
    sequence: str
    number: int


@dataclass
class Document:
    used: dict[Identity, int] = field(default_factory=dict)  # captions shown: their number
    last: dict[str, int] = field(default_factory=dict)  # sequence -> its last number used
    peeked: dict[str, Ticket] = field(default_factory=dict)  # caption text -> its ticket


_document = Document()  # the kernel's document


def reset() -> None:
    """A new document: every sequence starts again from 1."""
    for numbers in (_document.used, _document.last, _document.peeked):
        numbers.clear()


def caption(key: str, lang: str = DEFAULT_LANG, suffix: str = "", **fields: object) -> str:
    """The label `key` with its fields, numbered (a label without `{number}`: as it is), and
    `suffix` (a mark) after it. The number is only peeked at: `use` the text when shown."""
    template = lookup(key, lang)
    if not isinstance(template, str) or FIELD not in template:
        return label(key, lang, **fields) + suffix
    identity = _identity(key, lang, fields)
    sequence = template.split(FIELD, 1)[0]
    number = _document.used.get(identity, _document.last.get(sequence, 0) + 1)
    text = label(key, lang, number=number, **fields) + suffix
    _document.peeked[text] = Ticket(identity, sequence, number)
    return text


def use(text: str) -> None:
    """The caption `text` is shown: its number is used up (a text not numbered here: nothing)."""
    ticket = _document.peeked.get(text)
    if ticket is None or ticket.identity in _document.used:
        return
    _document.used[ticket.identity] = ticket.number
    _document.last[ticket.sequence] = max(_document.last.get(ticket.sequence, 0), ticket.number)


def reference(key: str, lang: str = DEFAULT_LANG, **fields: object) -> str:
    """How the text names the table or chart captioned by `key` (表5, Table 5): '' when it
    is not shown in this document."""
    number = _document.used.get(_identity(key, lang, fields))
    if number is None:
        return ""
    return lookup(key, lang).split(FIELD, 1)[0] + str(number)


def _identity(key: str, lang: str, fields: dict[str, object]) -> Identity:
    return key, lang, tuple(sorted((name, str(value)) for name, value in fields.items()))
