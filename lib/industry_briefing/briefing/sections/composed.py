"""The briefing composed from what the month holds: a region with a profile (profile.yml) is
stated indicator by indicator from the catalogue, with every figure each one has.

一 states the profile's headline indicators; 二 to 四 the other indicators of their section,
the breakdowns, the main products and the project groups. Tables and charts read the same
statements, so a figure of a sentence is the figure of its table. A month of the seed's shape
(no profile) keeps the seed's sections (overview.py, operation.py …).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import pandas as pd

from industry_briefing.analysis.breakdowns import BreakdownGroup
from industry_briefing.analysis.facts import Fact, FactGroup
from industry_briefing.analysis.model import MonthModel
from industry_briefing.analysis.statements import Statement, TargetState
from industry_briefing.briefing import fact_phrases, narrative, phrases
from industry_briefing.briefing.cells import DASH, points_or_dash
from industry_briefing.briefing.formatting import format_given, format_pct
from industry_briefing.briefing.labels import DEFAULT_LANG, label, period_label
from industry_briefing.contract.units import FAMILIES
from industry_briefing.core.rounding import difference


def _context(model: MonthModel, lang: str) -> dict[str, object]:
    profile = model.profile
    return {
        "label": period_label(model.period, lang),
        "region": profile.region_name(model.figures.region, lang) or model.figures.region,
        "area": profile.area_word(lang),
        "target_name": profile.target_name if lang == "zh" else "the annual target",
        "numerals": profile.rank_numerals,
        "period": model.period,
    }


def headline_text(model: MonthModel, lang: str = DEFAULT_LANG) -> str:
    """一、总体情况: a paragraph per headline indicator, the targets of indicators without a
    figure this month, and the parks together (Markdown)."""
    grouped: dict[str, list[TargetState]] = {}
    for code, target in model.other_targets:
        grouped.setdefault(code, []).append(target)
    others = [(_name(model, code, lang), targets) for code, targets in grouped.items()]
    parks_name = model.profile.parks_name if lang == "zh" else model.profile.parks_name_en
    return narrative.render(
        "composed_headline.md.j2",
        lang,
        **_context(model, lang),
        headline=model.headline(),
        other_targets=others,
        parks=model.parks_total,
        parks_count=len(model.parks),
        parks_name=parks_name,
        parks_share=_parks_share(model),
    )


def _parks_share(model: MonthModel) -> float | None:
    """The parks' investment as % of 工业投资, where the profile says it is part of it."""
    parks, investment = model.parks_total, model.investment
    if not model.profile.parks_in_investment or parks is None or not investment:
        return None
    return parks.value / investment.value * 100 if investment.value else None


def section_text(model: MonthModel, section: str, lang: str = DEFAULT_LANG) -> str:
    """二、三 or 四: the section's indicators outside the headline, its breakdowns, and (二)
    the main products or (三) the project groups (Markdown)."""
    return narrative.render(
        "composed_section.md.j2",
        lang,
        **_context(model, lang),
        statements=section_statements(model, section),
        groups=[g for g in model.breakdowns if g.section == section],
        fact_groups=fact_group_sentences(model, section, lang),
        products=narrative.records(model.figures.products) if section == "operation" else [],
        project_groups=(
            narrative.records(model.figures.project_groups) if section == "investment" else []
        ),
    )


def after_seed(
    model: MonthModel, section: str, lang: str, seed_text: Callable[[MonthModel, str], str]
) -> str:
    """A section's text: composed; or, for a month laid out as the seed, the seed's
    paragraphs followed by the section's other indicators."""
    extra = section_text(model, section, lang)
    if not model.seed_shaped:
        return extra
    return "\n\n".join(t for t in (seed_text(model, lang), extra) if t)


def fact_group_sentences(model: MonthModel, section: str, lang: str) -> list[str]:
    """The long table's groups of parts of the section's indicators, a sentence each."""
    numerals = model.profile.rank_numerals
    return [
        narrative.composed_text(
            fact_phrases.group_sentence(g, model.catalogue, lang, numerals, _whole_count(model, g))
        )
        for g in _fact_groups(model, section)
    ]


def _fact_groups(model: MonthModel, section: str) -> list[FactGroup]:
    indicators = model.catalogue.indicators
    return [g for g in model.fact_groups if indicators[g.indicator].entry.section == section]


def _whole_count(model: MonthModel, group: FactGroup) -> Fact | None:
    """The region's count of an indicator whose parts are counted too (全县26个行业大类中有25个…):
    said with its parts in one sentence, not alone."""
    counted = all(f.measure == "count" for _, facts in group.parts for f in facts)
    if not counted or not group.parts or group.horizon:
        return None
    statement = model.statement(group.indicator)
    if statement is None:
        return None
    return next((f for f in statement.facts if f.of_period and f.measure == "count"), None)


def has_content(model: MonthModel, section: str) -> bool:
    """Whether a section has anything to say this month (else its heading is left out)."""
    if section_statements(model, section) or any(g.section == section for g in model.breakdowns):
        return True
    if _fact_groups(model, section):
        return True
    if section == "operation":
        return not (model.figures.products.empty and model.figures.enterprises.empty)
    if section == "investment":
        return not (model.figures.project_groups.empty and model.figures.projects.empty)
    return model.parks_total is not None


# What the seed's own sections state already (a month laid out as the seed).
SEED_INDICATORS = {"industrial_output", "industrial_investment", "fixed_asset_investment"}


def section_statements(model: MonthModel, section: str) -> list[Statement]:
    """The section's statements outside the headline, less the counts its groups of parts
    say with them; a statement left with nothing to say is left out."""
    headline = {s.code for s in model.headline()}
    if model.seed_shaped:
        headline |= SEED_INDICATORS
    wholes = [c for g in model.fact_groups if (c := _whole_count(model, g)) is not None]
    chosen = []
    for s in model.statements:
        if s.indicator.entry.section != section or s.code in headline:
            continue
        s = replace(s, facts=tuple(f for f in s.facts if all(f is not w for w in wholes)))
        if narrative.says_anything(s):
            chosen.append(s)
    return chosen


def _name(model: MonthModel, code: str, lang: str) -> str:
    indicator = model.catalogue.indicators.get(code)
    if indicator is None:
        return code
    return indicator.name if lang == "zh" else indicator.entry.en


# --- tables ---------------------------------------------------------------------------------


def statements_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """表1 for a region of any shape: every indicator with the figures its sentence states."""
    column = _headers(lang)
    computed = phrases.mark({"figure": "derived"}, "figure", lang)  # as in the sentence
    rows = []
    for s in model.statements:
        target = s.annual_target
        completion = s.progress.completion_pct if s.progress else None
        expected = s.progress.expected_pct if s.progress else None
        given = False
        if completion is None and target is not None:
            completion, expected, given = (
                target.completion_pct,
                target.expected_pct,
                target.completion_given,
            )
        rows.append(
            {
                column("indicator"): phrases.name_of(s.indicator, lang),
                column("value"): (
                    phrases.quantity(s.value, s.unit, lang)
                    + phrases.status(s.status, lang)
                    + phrases.mark(s.marks, "value", lang)
                    if s.value is not None
                    else _fact_cell(s, ("value", "count"), lang)
                ),
                column("growth"): _growth_cell(s, lang),
                column("month_value"): (
                    phrases.quantity(s.month_value, s.unit, lang)
                    if s.month_value is not None
                    else DASH
                ),
                column("rank"): _ranks(model, s, lang),
                column("completion"): (
                    format_pct(completion, given=given) + ("" if given else computed)
                    if completion is not None
                    else DASH
                ),
                column("expected"): format_pct(expected) if expected is not None else DASH,
                column("gap"): (
                    points_or_dash(difference(completion, expected)) + computed
                    if completion is not None and expected is not None
                    else DASH
                ),
                column("note"): s.note or "",
            }
        )
    frame = pd.DataFrame(rows)
    # No target of any kind: no schedule columns (a page without a target judges no schedule).
    schedule = [column(key) for key in ("completion", "expected", "gap")]
    empty = [c for c in schedule if c in frame and (frame[c] == DASH).all()]
    return frame.drop(columns=empty if len(empty) == len(schedule) else [])


def _growth_cell(s: Statement, lang: str) -> str:
    """同比 as the sentence says it (倍 from 100% on), with its mark; else a printed fact's."""
    text = phrases.statement_growth(s, lang)
    return (
        text + phrases.mark(s.marks, "growth_pct", lang)
        if text
        else _fact_cell(s, ("growth",), lang)
    )


def _fact_cell(s: Statement, measures: tuple[str, ...], lang: str) -> str:
    """A figure the long table prints of the period (an indicator stated by facts alone)."""
    fact = next(
        (f for f in s.facts if f.of_period and f.measure in measures and f.value is not None),
        None,
    )
    if fact is None:
        return DASH
    if fact.measure == "growth":
        return fact_phrases.measure(fact, s.indicator, lang, "arabic")
    return fact_phrases.figure(fact, lang)


def _ranks(model: MonthModel, s: Statement, lang: str) -> str:
    numerals = model.profile.rank_numerals
    found = [
        phrases.rank(n, s.rank_scope, which, numerals, lang)
        for n, which in ((s.value_rank, "value"), (s.growth_rank, "growth"))
        if n
    ]
    ranked = (f for f in s.facts if f.of_period and f.measure.endswith("rank") and f.value)
    found += [fact_phrases.rank(f, s.indicator, lang, numerals) for f in ranked]
    return label("composed.list_separator", lang).join(found) or DASH


def section_table(model: MonthModel, section: str, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """A month laid out as the seed: the section's other indicators (its table 1 has the
    seed's three only). A composed month has them all in table 1: nothing here."""
    if not model.seed_shaped:
        return pd.DataFrame()
    codes = {s.code for s in section_statements(model, section)}
    table = statements_table(model, lang)
    if table.empty:
        return table
    return table.loc[[s.code in codes for s in model.statements]].reset_index(drop=True)


def breakdown_table(group: BreakdownGroup, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """A breakdown's parts (its 合计 first, where given) with every figure given."""
    column = _headers(lang)
    parts = ([group.whole] if group.whole else []) + list(group.parts)
    return pd.DataFrame(
        {
            group.dimension: [p.name for p in parts],
            column("value"): [phrases.part_value(p, lang) or DASH for p in parts],
            column("growth"): [phrases.part_growth(p, lang) or DASH for p in parts],
            column("share"): [
                format_pct(p.share_pct, given=True) if p.share_pct is not None else DASH
                for p in parts
            ],
            column("count"): [
                format_given(p.count) + label(f"unit.{p.count_unit or '个'}", lang)
                if p.count is not None
                else DASH
                for p in parts
            ],
        }
    ).pipe(_without_empty_columns)


def breakdown_chart_frame(group: BreakdownGroup, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """The parts with a value, in the family's canonical unit as the language shows it (the
    axis: `breakdown_chart_unit`), for a ranking bar."""
    canonical = FAMILIES[group.indicator.entry.family].canonical
    rows = [
        {"part": p.name, "value": phrases.number_in(p.value, canonical, lang)}
        for p in group.parts
        if p.value is not None
    ]
    return pd.DataFrame(rows, columns=["part", "value"])


def breakdown_chart_unit(group: BreakdownGroup, lang: str = DEFAULT_LANG) -> str:
    return phrases.unit_name(FAMILIES[group.indicator.entry.family].canonical, lang)


def products_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    column = _headers(lang)
    rows = narrative.records(model.figures.products)
    return pd.DataFrame(
        {
            column("product"): [r["product"] for r in rows],
            column("value"): [phrases.quantity(r["value"], r["unit"], lang) for r in rows],
            column("growth"): [
                phrases.growth(r["growth_pct"], r["growth_times"], True, lang) or DASH for r in rows
            ],
        }
    )


def project_groups_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    column = _headers(lang)
    rows = narrative.records(model.figures.project_groups)
    return pd.DataFrame(
        {
            column("project_group"): [r["project_group"] for r in rows],
            column("count"): [
                format_given(r["count"]) if r["count"] is not None else DASH for r in rows
            ],
            column("investment"): [
                phrases.quantity(r["investment"], "亿元", lang)
                if r["investment"] is not None
                else DASH
                for r in rows
            ],
            column("investment_kind"): [
                label(f"investment_kind.{r['investment_kind']}", lang)
                if r["investment_kind"]
                else DASH
                for r in rows
            ],
            column("growth"): [
                format_pct(r["growth_pct"], given=True) if r["growth_pct"] is not None else DASH
                for r in rows
            ],
        }
    )


def _headers(lang: str) -> Callable[[str], str]:
    return lambda key: label(f"composed_column.{key}", lang)


def _without_empty_columns(frame: pd.DataFrame) -> pd.DataFrame:
    keep = [c for c in frame.columns if not (frame[c] == DASH).all()]
    return frame[keep]


def progress_frame(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """The indicators with an annual target, completion against 时间进度, for chart 1."""
    rows = []
    for s in model.statements:
        if s.progress and s.progress.target:
            rows.append((s, s.progress.completion_pct, s.progress.expected_pct))
        elif (t := s.annual_target) is not None and t.expected_pct is not None:
            rows.append((s, t.completion_pct, t.expected_pct))
    return pd.DataFrame(
        {
            "name": [phrases.name_of(s.indicator, lang) for s, _, _ in rows],
            "completion_pct": [c for _, c, _ in rows],
            "expected_pct": [e for _, _, e in rows],
        }
    )


# --- the analyst's own paragraphs -------------------------------------------------------------


def analyst_text(model: MonthModel) -> str:
    """notes.md as text: each paragraph escaped as names are (no markup of the input's)."""
    paragraphs = [p for p in re.split(r"\n\s*\n", model.figures.analyst_text) if p.strip()]
    # Whole: the analyst's words are never cut (notes.md is bounded in size when it is read).
    return "\n\n".join(str(narrative.markdown_text(p, whole=True)) for p in paragraphs)
