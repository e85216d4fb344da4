"""Tables of the long table's groups of parts (县市区, 行业 …): a row per part, the region's own
row first where it has the same measures, a column per measure, figures as printed (a
growth in a 同比增长（%） column keeps its sign, -25.3, as a bulletin's table prints it)."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from industry_briefing.analysis.facts import Fact, FactGroup
from industry_briefing.analysis.model import MonthModel
from industry_briefing.briefing import fact_phrases, marks
from industry_briefing.briefing.cells import DASH
from industry_briefing.briefing.labels import label

# A group is tabled from this many parts on (fewer read well in the sentence alone).
TABLED_FROM = 3


def tabled_groups(model: MonthModel, section: str) -> list[FactGroup]:
    indicators = model.catalogue.indicators
    return [
        g
        for g in model.fact_groups
        if indicators[g.indicator].entry.section == section and len(g.parts) >= TABLED_FROM
    ]


def table(model: MonthModel, group: FactGroup, lang: str) -> pd.DataFrame:
    measures = _measures(group)
    rows = []
    whole = _whole_row(model, group, measures)
    if whole is not None:
        rows.append((model.profile.area_word(lang), whole))
    rows.extend(group.parts)
    numerals = model.profile.rank_numerals
    return pd.DataFrame(
        {
            group.dimension: [name for name, _ in rows],
            **{
                label(f"fact_column.{kind}", lang): [
                    _cell(facts, kind, lang, numerals) for _, facts in rows
                ]
                for kind in measures
            },
        }
    )


def caption(model: MonthModel, group: FactGroup, lang: str) -> str:
    """The group's table's caption, numbered and marked (marks.caption)."""
    indicator = model.catalogue.indicators[group.indicator]
    name = indicator.name if lang == "zh" else indicator.entry.en
    lead = fact_phrases.horizon_lead(group.horizon, lang) if group.horizon else ""
    fields = {"lead": lead, "indicator": name, "dimension": group.dimension}
    return marks.caption(model, "caption.fact_group", lang, **fields)


def _measures(group: FactGroup) -> list[str]:
    found: list[str] = []
    for _, facts in group.parts:
        for f in facts:
            if f.value is not None and f.measure not in found:
                found.append(f.measure)
    return found


def _whole_row(model: MonthModel, group: FactGroup, measures: list[str]) -> tuple[Fact, ...] | None:
    """The region's own facts of the group's measures and horizon (its 全市 row)."""
    statement = model.statement(group.indicator)
    if statement is None:
        return None
    own = [
        f
        for f in statement.facts
        if f.horizon == group.horizon
        and f.measure in measures
        and f.value is not None
        and not f.measure.endswith("rank")  # the region's rank is among others, not its parts
    ]
    official = statement.growth_pct if statement.growth_is_official else None
    stated = any(f.measure == "growth" for f in own)
    if not group.horizon and "growth" in measures and official is not None and not stated:
        own.append(
            Fact(group.indicator, "growth", Decimal(repr(official)).normalize(), "%")
        )  # its table's
    return tuple(own) or None


def _cell(facts: tuple[Fact, ...], kind: str, lang: str, numerals: str) -> str:
    """Ranks as 第1位, amounts and counts with their unit, rates as bare signed figures (the
    column's header says %)."""
    fact = next((f for f in facts if f.measure == kind and f.value is not None), None)
    if fact is None or fact.value is None:
        return DASH
    if kind.endswith("rank"):
        return fact_phrases.rank_number(fact, lang, numerals)
    if kind in ("value", "count"):
        return fact_phrases.figure(fact, lang)
    return fact_phrases.printed(fact.value)
