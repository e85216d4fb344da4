"""附：数据说明与质量检查: the data's sources and provenance, and what the checks found.

The checks (analysis/quality.py) give findings as codes and figures; this module says them in
the language, with the words of templates/labels/<lang>.yml (group `quality`). Names from the
input (districts, enterprises, projects, parks) stay as written; indicators are named as the
region's catalogue names them (codes never reach the page).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from industry_briefing.analysis import findings_brief, quality
from industry_briefing.analysis.findings import (
    WARNING,
    Amount,
    DistrictIndicator,
    Figure,
    Finding,
    Group,
    Indicator,
    Item,
    Name,
    Number,
    Phrase,
    Points,
    Rate,
    Release,
)
from industry_briefing.analysis.model import MonthModel
from industry_briefing.briefing import phrases, quantities
from industry_briefing.briefing.cells import (
    headers,
    number_or_dash,
    provenance_notes,
    source_note,
)
from industry_briefing.briefing.formatting import format_amount, format_number, format_pct
from industry_briefing.briefing.labels import DEFAULT_LANG, indicator_name, label, period_label
from industry_briefing.contract.catalogue import Catalogue, builtin
from industry_briefing.contract.units import UNIT_FAMILY

FINDING_COLUMNS = ["check", "item", "status", "detail"]


def data_notes(model: MonthModel, lang: str = DEFAULT_LANG) -> list[str]:
    """Source, provenance of every figure not published, and the basis of expected progress.

    The source and the notes are the input's (meta.yml), as written.
    """
    bases = [
        label(
            "notes.basis_item",
            lang,
            name=indicator_name(p.code, lang),
            basis=label(f"basis.{p.target.basis}", lang),
            reference=label(f"benchmark.{p.basis}", lang),
            expected=number_or_dash(p.expected_pct),
        )
        for p in model.headline_indicators
        if p.target
    ]
    if not model.seed_shaped:
        bases += _composed_bases(model, lang)
    notes = [
        source_note(model.figures, lang),
        *provenance_notes(model.figures, lang),
    ]
    if bases:  # a month without targets has no progress to compare with
        notes.append(
            label("notes.basis", lang, items=label("notes.basis_separator", lang).join(bases))
        )
    return notes


def _composed_bases(model: MonthModel, lang: str) -> list[str]:
    """The targets of a composed month other than the seed's, each against 时间进度 of its
    horizon (a plan decomposes only the seed's indicators)."""
    seed = {p.code for p in model.headline_indicators}
    return [
        label(
            "notes.basis_item",
            lang,
            name=phrases.name_of(s.indicator, lang),
            basis=label("basis.even", lang),
            reference=label("benchmark.even", lang),
            expected=number_or_dash(t.expected_pct),
        )
        for s in model.statements
        if s.code not in seed
        for t in s.targets
        if t.expected_pct is not None
    ]


def quality_summary_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Each check: how many items it looked at and how many need a look (请核实)."""
    summary = quality.summary(quality.checks_of(model))
    column = headers(lang)
    return pd.DataFrame(
        {
            column("check"): [check_name(check, lang) for check, _, _ in summary],
            column("checked"): [checked for _, checked, _ in summary],
            column("warnings"): [warnings for _, _, warnings in summary],
        }
    )


def quality_findings_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """What the checks found to confirm, with the figures: those that matter most first, as
    many as the profile's `brief.findings`, then one row counting the rest by kind and saying
    where all of them are (a sheet of tables.xlsx; no topic page lists them)."""
    found = quality.checks_of(model)
    brief = findings_brief.brief_findings(found, model.profile.brief.findings)
    units = entered_units(model.figures.indicators)
    table = findings_frame(brief.shown, lang, model.catalogue, units)
    if not brief.rest:
        return table
    rest = pd.DataFrame([_rest_row(brief, table.columns, lang)])
    return pd.concat([table, rest], ignore_index=True)


def findings_frame(
    findings: Iterable[Finding],
    lang: str = DEFAULT_LANG,
    catalogue: Catalogue | None = None,
    units: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The warnings among `findings`, in their order, headed as the appendix heads them:
    check, item, detail."""
    found = phrased(findings, lang, catalogue, units)
    found = found.loc[found["status"] == WARNING]
    column = headers(lang)
    return pd.DataFrame(
        {
            column("check"): found["check"].tolist(),
            column("item"): found["item"].tolist(),
            column("detail"): found["detail"].tolist(),
        }
    )


def _rest_row(
    brief: findings_brief.FindingsBrief, columns: Iterable[str], lang: str
) -> dict[str, str]:
    """其余N条 | | 公布增速与上年同期不符N条，…；全部N条见本期数据表（tables.xlsx）的“…”表."""
    separator = label("quality.rest_separator", lang)
    kinds = separator.join(
        label("quality.rest_kind", lang, kind=kind_name(kind, lang), count=count)
        for kind, count in brief.rest
    )
    sheet = label("workbook.findings_sheet", lang)
    detail = label("quality.rest", lang, kinds=kinds, total=brief.total, sheet=sheet)
    check, item, said = columns
    rest = label("row.rest_findings", lang, count=brief.rest_count)
    return {check: rest, item: "", said: detail}


def kind_name(kind: str, lang: str = DEFAULT_LANG) -> str:
    """公布增速与上年同期不符 / "growth disagreeing with the prior year" …"""
    return label(f"quality.kind.{kind}", lang)


# --- the findings in words ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Saying:
    """What a finding is said with: the language, the month's catalogue (its names) and the
    unit its indicator was entered in (its amounts said in it), None for money."""

    lang: str
    names: Catalogue
    unit: str | None = None


def phrased(
    findings: Iterable[Finding],
    lang: str = DEFAULT_LANG,
    catalogue: Catalogue | None = None,
    units: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The findings as the appendix says them: check, item, status, detail (in the language).
    `catalogue`: the month's (a region's own indicators), None: the package's; `units`: the
    unit each indicator was entered in this month (code -> unit)."""
    names = catalogue or builtin()
    rows = [
        {
            "check": check_name(finding.check, lang),
            "item": item_name(finding.item, lang, names),
            "status": finding.status,
            "detail": _words(
                f"detail.{finding.kind}",
                finding.fields,
                _Saying(lang, names, _unit_of(finding.item, units or {})),
            ),
        }
        for finding in findings
    ]
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


def entered_units(indicators: pd.DataFrame) -> dict[str, str]:
    """Each indicator of the month -> the unit it was entered in (money's left out: amounts of
    money are said in the language's unit of amounts, as everywhere)."""
    pairs = zip(indicators["indicator"], indicators["unit"], strict=True)
    return {
        str(code): unit
        for code, unit in pairs
        if isinstance(unit, str) and UNIT_FAMILY.get(unit) not in (None, "money")
    }


def _unit_of(item: Item, units: Mapping[str, str]) -> str | None:
    """The unit of a finding's amounts: its indicator's (a district's figures are money)."""
    return units.get(item.code) if isinstance(item, Indicator) else None


def check_name(check: str, lang: str = DEFAULT_LANG) -> str:
    """区县合计与全市总量 / "Districts' sum against the city total" …"""
    return label(f"quality.check.{check}", lang)


def item_name(item: Item, lang: str = DEFAULT_LANG, catalogue: Catalogue | None = None) -> str:
    """What a finding is about, named as the appendix names it."""
    names = catalogue or builtin()
    match item:
        case Indicator(code):
            return _indicator(code, lang, names)
        case DistrictIndicator(district, code):
            return f"{district}/{_indicator(code, lang, names)}"
        case Group(key):
            return label(f"quality.item.{key}", lang)
        case Name(text):
            return text
    raise TypeError(f"not an item of a finding: {item!r}")


def _words(key: str, fields: Mapping[str, Figure], saying: _Saying) -> str:
    said = {name: _said(value, saying) for name, value in fields.items()}
    return label(f"quality.{key}", saying.lang, **said)


def _said(figure: Figure, saying: _Saying) -> str | int:
    lang = saying.lang
    match figure:
        case Amount(value) if saying.unit is not None:
            return quantities.quantity(value, saying.unit, lang)  # 101.2亿千瓦时, as entered
        case Amount(value):
            return format_amount(value, lang)
        case Rate(pct, given):
            return format_pct(pct, given=given)
        case Points(value):
            key = "points.one" if value == 1 else "points.many"
            return label(key, lang, points=format_number(value))
        case Number(value):
            return format_number(value)
        case Release(period):
            label_ = period_label(period, lang)
            return label("quality.period", lang, year=period.year, label=label_)
        case Phrase(key, fields):
            return _words(key, fields, saying)
        case Group() | Indicator():
            return item_name(figure, lang, saying.names)
        case int():
            return figure
    raise TypeError(f"not a figure of a finding: {figure!r}")


def _indicator(code: str, lang: str, names: Catalogue) -> str:
    """The indicator's name: the catalogue's (or the region's), the labels' for the plan's
    parks together; an unknown code as it is."""
    indicator = names.indicators.get(code)
    if indicator is not None:
        return phrases.name_of(indicator, lang)
    try:
        return indicator_name(code, lang)
    except KeyError:
        return code
