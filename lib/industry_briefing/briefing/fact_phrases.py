"""The words of a published fact (analysis/facts.py), in a language: its measure with its
figure as printed, and its comparison with the printed difference in the comparison's own
words (较1至7月提高, 高于全省, 落后时间进度, 前移 …). A group of parts is said in one sentence:
the whole and its subsets together, 分别-lists for parallel parts.

The words are the labels' (`fact.*`); figures are printed digit for digit as entered.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from industry_briefing.analysis.facts import Fact, FactGroup
from industry_briefing.briefing import phrases
from industry_briefing.briefing.labels import label, lookup
from industry_briefing.contract.catalogue import Catalogue, Indicator

_RATE_MEASURES = ("growth", "share", "contribution", "completion")
_RANKS = ("value_rank", "growth_rank", "completion_rank")


def printed(number: Decimal) -> str:
    """A figure as entered: 6.0 stays 6.0, -25.3 stays -25.3."""
    return format(number, "f")


def figure(f: Fact, lang: str) -> str:
    """The fact's value with its unit: 17461.9万千瓦时, 96.2%, 174家."""
    assert f.value is not None
    if f.unit in (None, "%") and f.measure in (*_RATE_MEASURES, "value"):
        return f"{printed(f.value)}%" if f.unit == "%" or f.measure != "value" else printed(f.value)
    if f.unit is None:
        return printed(f.value)
    if f.unit in lookup("unit", lang) and lang != "zh":
        return phrases.shown(f.value, f.unit, lang)
    return label("fact.quantity", lang, value=printed(f.value), unit=f.unit)


def measure(f: Fact, indicator: Indicator, lang: str, numerals: str) -> str:
    """The measure with its figure (the part before any comparison); '' without a figure."""
    if f.value is None:
        return ""
    if f.measure in _RANKS:
        return rank(f, indicator, lang, numerals)
    if f.measure == "growth":
        key = "fact.growth_down" if f.value < 0 else "fact.growth_up"
        return label(key, lang, rate=f"{printed(abs(f.value))}%")
    words = {"base": f.base or "", "value": figure(f, lang)}
    if f.measure == "value" and f.part is not None:
        return label("fact.part_value", lang, says=indicator.part_says(lang), value=words["value"])
    if (
        f.measure in ("share", "contribution", "pull", "completion", "ratio_times", "count")
        and f.base
    ):
        return label(f"fact.{f.measure}_of", lang, **words)
    return label(f"fact.{f.measure}", lang, **words)


def rank(f: Fact, indicator: Indicator, lang: str, numerals: str) -> str:
    """居全省第5位 for a ratio or a count, 总量居… for an amount, 增速居…; ties said."""
    assert f.value is not None
    number = int(f.value)
    shown = phrases.chinese_number(number) if numerals == "chinese" and lang == "zh" else number
    which = f.measure
    if which == "value_rank" and indicator.entry.kind == "ratio":
        which = "level_rank"  # 产销率居全国第5位 is no 总量
    key = f"fact.{which}_tied" if f.tied_with else f"fact.{which}"
    return label(key, lang, rank=shown, scope=f.rank_scope or "", tied=f.tied_with or "")


def rank_number(f: Fact, lang: str, numerals: str) -> str:
    """第1位 in a table's cell (with its tie)."""
    assert f.value is not None
    number = int(f.value)
    shown = phrases.chinese_number(number) if numerals == "chinese" and lang == "zh" else number
    return label("fact.rank_cell", lang, rank=shown)


def comparison(f: Fact, lang: str) -> str:
    """较1至7月提高0.2个百分点, 高于全省6.0个百分点, 落后时间进度11.2个百分点 …; '' where the
    fact compares nothing."""
    if not f.compared:
        return ""
    kind = f.against_kind
    direction = f.direction or "level"
    given = (
        label("fact.reference_given", lang, value=_reference(f, lang))
        if f.reference_value is not None and f.difference is not None
        else ""
    )
    if kind is None and f.measure == "value" and f.value is None:
        return _about(f, direction, lang)  # 上亿元, 超100亿元, 不足1亿元
    if kind is None:
        return label(f"fact.threshold_{direction}", lang, value=_reference(f, lang))
    if f.difference is None and direction == "level" and f.reference_value is not None:
        return label("fact.reference_only", lang, against=f.against, value=_reference(f, lang))
    words = {
        "against": f.against or "",
        "difference": _difference(f, lang),
        "given": given,
        "up": label(f"fact.up.{_change_word(f)}", lang),
        "down": label(f"fact.down.{_change_word(f)}", lang),
    }
    return label(f"fact.{kind}_{direction}", lang, **words)


def _about(f: Fact, direction: str, lang: str) -> str:
    """An amount printed only as a bound: 上亿元 (at least one 亿元), 超100亿元, 不足1亿元."""
    assert f.reference_value is not None
    unit = f.unit or ""
    if direction == "above" and f.reference_value == 1 and unit[:1] in ("万", "亿", "千", "百"):
        return label("fact.order_of", lang, unit=unit)
    key = "fact.more_than" if direction == "above" else "fact.less_than"
    return label(key, lang, value=_reference(f, lang))


def _change_word(f: Fact) -> str:
    if f.measure in _RANKS:
        return "rank"
    if f.measure == "share":
        return "share"
    return "amount" if f.measure in ("value", "count") else "rate"


def _difference(f: Fact, lang: str) -> str:
    if f.difference is None:
        return ""
    unit = f.difference_unit or ("位" if f.measure in _RANKS else "个百分点")
    if unit == "个百分点":
        return label("points.many", lang, points=printed(f.difference))
    if unit == "位":
        return label("fact.places", lang, places=printed(f.difference))
    return phrases.shown(f.difference, unit, lang)


def _reference(f: Fact, lang: str) -> str:
    assert f.reference_value is not None
    if f.unit is None or f.unit == "%" or f.measure in _RATE_MEASURES or f.measure == "count":
        return f"{printed(f.reference_value)}%"  # a rate: the reference of a growth or share
    return phrases.shown(f.reference_value, f.unit, lang)


def clause(f: Fact, indicator: Indicator, lang: str, numerals: str) -> str:
    """One fact said: its measure, its status and provenance mark, its comparison."""
    if f.measure == "count" and f.unit == "个月" and f.value is not None:
        streak = label("fact.streak", lang, months=printed(f.value))
        return streak + comparison(f, lang)
    said = measure(f, indicator, lang, numerals)
    said += phrases.status(f.status, lang) + _mark(f, lang)
    compared = comparison(f, lang)
    if said and compared:
        return said + label("composed.separator", lang) + compared
    return said or compared


def _mark(f: Fact, lang: str) -> str:
    return (
        phrases.mark({"value": f.provenance}, "value", lang) if f.provenance != "published" else ""
    )


def clauses(facts: Sequence[Fact], indicator: Indicator, lang: str, numerals: str) -> str:
    """Several facts of one subject, joined as one sentence's clauses."""
    said = [c for f in facts if (c := clause(f, indicator, lang, numerals))]
    return label("composed.separator", lang).join(said)


def horizon_lead(horizon: str, lang: str) -> str:
    """当月 and other horizons as a sentence's lead: 8月当月, 1-6月 …, as printed."""
    return label("fact.horizon", lang, horizon=horizon)


def names(items: Sequence[str], lang: str) -> str:
    """A、B和C (the last joined by 和)."""
    if len(items) <= 1:
        return "".join(items)
    separator = label("composed.list_separator", lang)
    if any("和" in item for item in items):  # 电气机械和器材制造业、电子设备制造业
        return separator.join(items)
    return label("fact.names", lang, first=separator.join(items[:-1]), last=items[-1])


def group_sentence(
    group: FactGroup, catalogue: Catalogue, lang: str, numerals: str, region_count: Fact | None
) -> str:
    """A group of parts in one sentence: its whole (a count, a floor), then its parts, as a
    分别-list where they are parallel, else part by part."""
    indicator = catalogue.indicators[group.indicator]
    lead = horizon_lead(group.horizon, lang) if group.horizon else ""
    counts = [f for f in group.whole if f.measure == "count" and f.value is not None]
    floors = [f for f in group.whole if f.compared and f.against is None]
    others = [f for f in group.whole if f not in counts and f not in floors]
    part_names = [name for name, _ in group.parts]
    head = _group_head(group, indicator, lang, counts, region_count)
    if group.measures and floors:
        subject = names(part_names, lang) + (figure(counts[0], lang) if counts else "")
        subject += group.dimension if counts else ""
        floor = label(
            f"fact.floor_{floors[0].direction or 'above'}", lang, value=_reference(floors[0], lang)
        )
        listed = _respectively(group, indicator, lang, numerals, verb="fact.respectively_reach")
        body = label(
            "fact.group_floor",
            lang,
            subject=subject,
            name=_name(indicator, lang),
            floor=floor,
            listed=listed,
        )
    elif group.measures:
        lead_words = (
            head
            if counts or region_count
            else label("composed.group_lead", lang, dimension=group.dimension)
        )
        body = lead_words + label(
            "fact.parallel",
            lang,
            names=names(part_names, lang),
            name=_name(indicator, lang),
            said=_respectively(group, indicator, lang, numerals),
        )
    else:
        said = [
            label("fact.part", lang, name=name, said=clauses(facts, indicator, lang, numerals))
            for name, facts in group.parts
        ]
        body = head + label("composed.item_separator", lang).join(said)
    extra = clauses(others, indicator, lang, numerals)
    if extra:
        body += label("composed.separator", lang) + extra
    return lead + body + label("composed.end", lang)


def _group_head(
    group: FactGroup,
    indicator: Indicator,
    lang: str,
    counts: list[Fact],
    region_count: Fact | None,
) -> str:
    """Whole and subset in one breath: 全县26个行业大类中，…; or the group named with its
    count: 增加值占比较大的行业（5个）中，…; or 分行业看，…"""
    if region_count is not None and region_count.value is not None:
        return label(
            "fact.subset_of",
            lang,
            scope=region_count.scope or "",
            count=figure(region_count, lang),
            name=_name(indicator, lang),
        )
    if counts:
        return label(
            "fact.group_counted", lang, dimension=group.dimension, count=figure(counts[0], lang)
        )
    return label(
        "fact.group_parts_lead", lang, dimension=group.dimension, name=_name(indicator, lang)
    )


def _respectively(
    group: FactGroup,
    indicator: Indicator,
    lang: str,
    numerals: str,
    verb: str = "",
) -> str:
    """占比分别为24.6%、11.1%…，分别增长4.9%、17.3%…"""
    said = []
    for position, kind in enumerate(group.measures):
        facts = [next(f for f in fs if f.measure == kind) for _, fs in group.parts]
        values = names([_bare(f, lang) for f in facts], lang)
        key = verb if verb and position == 0 else _respective_key(kind, facts)
        said.append(label(key, lang, values=values, base=facts[0].base or ""))
    return label("composed.separator", lang).join(said)


def _respective_key(kind: str, facts: list[Fact]) -> str:
    if kind == "growth":
        falling = any(f.value is not None and f.value < 0 for f in facts)
        return "fact.respectively_growth_signed" if falling else "fact.respectively_growth"
    return f"fact.respectively_{kind}"


def _bare(f: Fact, lang: str) -> str:
    """A figure in a 分别-list: its number and unit."""
    return figure(f, lang) if f.measure not in _RANKS else printed(f.value or Decimal(0))


def _name(indicator: Indicator, lang: str) -> str:
    return indicator.name if lang == "zh" else indicator.entry.en
