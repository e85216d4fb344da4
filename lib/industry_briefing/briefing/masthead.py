"""The 简报's masthead and foot (版记), in the briefing's language: from the profile's
`bulletin:` and the month's `issue:` (contract/bulletin.py).

The title cell shows the masthead as HTML and hands the same facts, as words, to the exporters
(settings.MASTHEAD_MIMETYPE): the PDF lays out the masthead and the foot from them, the Word
file writes them into its template.
"""

from __future__ import annotations

import html
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from industry_briefing.briefing import labels
from industry_briefing.contract.bulletin import Bulletin, Issue
from industry_briefing.contract.profile import profile_from
from industry_briefing.core.figures import PeriodFigures
from industry_briefing.core.periods import Period


@dataclass(frozen=True)
class FootLine:
    label: str  # 报
    text: str  # 市委、市人大、市政府、市政协领导


@dataclass(frozen=True)
class Masthead:
    """What the masthead and the foot say: words, ready to lay out."""

    name: str  # 工业经济运行简报
    number: str = ""  # 第1期
    unit: str = ""  # 编印单位, or ""
    date: str = ""  # 印发日期, or "" (the analyst fills it in)
    date_blank: str = ""  # what stands where no date is given
    mark: str = ""  # 内部资料　注意保存, or ""
    foot: list[FootLine] = field(default_factory=list)
    copies: str = ""  # 共印40份, or ""
    illustrative: str = ""  # the mark of a made-up masthead and foot, or ""
    source: str = ""  # one line of where the figures come from
    faces: dict[str, list[str]] = field(default_factory=dict)  # the bureau's faces by role
    word_template: str = ""  # the bureau's Word template (absolute path), or ""

    def as_json(self) -> dict[str, object]:
        return asdict(self)


def masthead(
    figures: PeriodFigures, lang: str = labels.DEFAULT_LANG, data_dir: Path | None = None
) -> Masthead:
    """The masthead of the month's 简报; `data_dir` (the input root) places the profile's Word
    template."""
    bulletin = profile_from(figures.profile).bulletin
    issue = Issue.model_validate(figures.issue)
    english = lang == "en"
    found = bulletin.word_template_in(Path(data_dir)) if data_dir is not None else None
    template = str(found) if found else ""
    return Masthead(
        name=bulletin.name_en if english else bulletin.name,
        number=issue_number(figures.period, issue, lang),
        unit=(bulletin.unit_en if english else bulletin.unit) or "",
        date=_date(issue, lang),
        date_blank=labels.label("masthead.date_blank", lang),
        mark=(bulletin.mark_en if english else bulletin.mark) or "",
        foot=_foot(bulletin, lang),
        copies=labels.label("masthead.copies", lang, copies=bulletin.copies)
        if bulletin.copies
        else "",
        illustrative=labels.label("masthead.illustrative", lang) if bulletin.illustrative else "",
        source=_source(figures, lang),
        faces=bulletin.faces.model_dump(),
        word_template=template,
    )


def issue_number(period: Period, issue: Issue, lang: str) -> str:
    """第N期: the month's own number, else the year's releases counted (1-2月 is the first,
    so 1-N月 is the (N-1)th); 总第N期 where the month gives it."""
    number = issue.number or max(period.month - 1, 1)
    text = labels.label("masthead.number", lang, number=number)
    if issue.total:
        text += labels.label("masthead.total", lang, total=issue.total)
    return text


def _date(issue: Issue, lang: str) -> str:
    if issue.date is None:
        return ""
    day = issue.date
    month_name = labels.lookup("month", lang)[day.month - 1] if lang == "en" else ""
    return labels.label(
        "masthead.date", lang, year=day.year, month=day.month, day=day.day, month_name=month_name
    )


def _foot(bulletin: Bulletin, lang: str) -> list[FootLine]:
    recipients = labels.group("masthead.recipients", lang)
    lines = []
    for entry in bulletin.distribution:
        names = entry.names_en if lang == "en" and entry.names_en else entry.names
        to = labels.label("masthead.recipient", lang, to=recipients[entry.to])
        lines.append(FootLine(to, names))
    return lines


def _source(figures: PeriodFigures, lang: str) -> str:
    source = figures.source_en if lang == "en" and figures.source_en else figures.source
    return labels.label("masthead.source", lang, source=" ".join(source.split()))


def masthead_html(head: Masthead) -> str:
    """The masthead as the page opens with it (HTML and PDF): the mark, the name in red, the
    number, the unit and the date over the red rule. Every text is escaped (input)."""
    text = html.escape
    mark = f'<p class="briefing-masthead-mark">{text(head.mark)}</p>' if head.mark else ""
    date = head.date or head.date_blank
    illustrative = (
        f'<p class="briefing-masthead-illustrative">{text(head.illustrative)}</p>'
        if head.illustrative
        else ""
    )
    return (
        f'<header class="briefing-masthead">{mark}'
        f'<p class="briefing-masthead-name">{text(head.name)}</p>'
        f'<p class="briefing-masthead-number">{text(head.number)}</p>'
        f'<p class="briefing-masthead-line"><span class="briefing-masthead-unit">'
        f"{text(head.unit)}</span>"
        f'<span class="briefing-masthead-date">{text(date)}</span></p>'
        f"{illustrative}</header>"
    )


def foot_html(head: Masthead) -> str:
    """The foot (版记) that closes the 简报: where the figures come from, then between rules
    who receives it and how many copies were printed. Every text is escaped (input)."""
    text = html.escape
    lines = "".join(
        f'<p class="briefing-foot-line"><span class="briefing-foot-to">{text(line.label)}'
        f"</span>{text(line.text)}</p>"
        for line in head.foot
    )
    copies = f'<p class="briefing-foot-copies">{text(head.copies)}</p>' if head.copies else ""
    source = f'<p class="briefing-foot-source">{text(head.source)}</p>' if head.source else ""
    rules = f'<div class="briefing-foot-rules">{lines}{copies}</div>' if lines or copies else ""
    return f'<aside class="briefing-foot">{source}{rules}</aside>' if source or rules else ""


def from_json(data: dict[str, object]) -> Masthead:
    """A masthead handed over by a notebook (its `as_json`); unknown keys are left out, so that
    a notebook executed by another version still exports."""
    known: dict[str, Any] = {
        name: value for name, value in data.items() if name in Masthead.__dataclass_fields__
    }
    foot = [FootLine(**line) for line in known.pop("foot", None) or []]
    return Masthead(**known, foot=foot)
