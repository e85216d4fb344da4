"""The briefing's words outside its sentences, one file per language.

Headings, table headers, captions and chart titles, status and stage names, the phrases of
the formatting rules (同比增长 …, 落后时间进度 …, the amount's unit): every word the library
prints outside the narrative templates is in templates/labels/<lang>.yml, so the English
briefing is the Chinese one with another file, never a branch in the code. Names from the
input (parks, districts, enterprises, projects, the region) are never translated.

Keys are dotted paths into the file (``column.indicator``); a label may hold ``{fields}``
filled from keyword arguments. A missing key fails loudly: a label never prints blank. The
files are parsed in core/wording.py, which the problems of the input are said from too.
"""

from __future__ import annotations

from typing import Any

from industry_briefing.core.periods import Period
from industry_briefing.core.settings import DEFAULT_LANG
from industry_briefing.core.settings import check_lang as check_lang  # the briefing's modules ask
from industry_briefing.core.wording import labels_of  # the files are read once, in core


def lookup(key: str, lang: str = DEFAULT_LANG) -> Any:
    """The value at a dotted key: a string, a list or a group (mapping)."""
    node: Any = labels_of(lang)
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise KeyError(f"no label {key!r} in {lang}.yml")
        node = node[part]
    return node


def label(key: str, lang: str = DEFAULT_LANG, **fields: object) -> str:
    """The label at `key`, its {fields} filled in: label('heading.overview', 'en')."""
    text = lookup(key, lang)
    if not isinstance(text, str):
        raise KeyError(f"label {key!r} in {lang}.yml is a group, not a text")
    return text.format(**fields) if fields else text


def group(key: str, lang: str = DEFAULT_LANG) -> dict[str, str]:
    """A group of labels as a dict (e.g. the production statuses)."""
    node = lookup(key, lang)
    if not isinstance(node, dict):
        raise KeyError(f"label {key!r} in {lang}.yml is not a group")
    return dict(node)


def term(group_key: str, value: str, lang: str = DEFAULT_LANG) -> str:
    """A value of a closed list of the contract in the language (停产 -> 'stopped')."""
    return label(f"{group_key}.{value}", lang)


def indicator_name(code: str, lang: str = DEFAULT_LANG) -> str:
    """The indicator's name as tables and charts show it (codes as in contract.py)."""
    return term("indicator", code, lang)


def reference_name(basis: str, lang: str = DEFAULT_LANG) -> str:
    """What completion is compared with, as the sentences say it (时间进度, the plan …)."""
    return term("reference", str(basis), lang)


def month_span(start: int, end: int, lang: str = DEFAULT_LANG, short: bool = False) -> str:
    """Months start..end: 1-2月 / January–February, 3月 / March (short: Jan–Feb on axes)."""
    names = lookup("month_short" if short else "month", lang)
    key = "period.single" if start == end else "period.span"
    return label(
        key, lang, start=start, end=end, start_name=names[start - 1], end_name=names[end - 1]
    )


def period_label(period: Period, lang: str = DEFAULT_LANG, short: bool = False) -> str:
    """The cumulative period of a release: 1-2月 / January–February, 1月 / January."""
    return month_span(1, period.month, lang, short)


def quarter_label(quarter: int, lang: str = DEFAULT_LANG) -> str:
    """一季度 / Q1."""
    return lookup("quarter", lang)[quarter - 1]
