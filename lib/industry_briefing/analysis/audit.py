"""The printed arithmetic a text lets one check, over its facts: shares against part and whole,
growth against 倍, differences in 个百分点 against the two rates, the region's rate implied by
several gaps, completion against the schedule, parts against their printed total.

A finding is a mismatch beyond the printed rounding: every input may be anything that rounds
to what is printed, and the result is rounded half-up at the decimals of the figure checked;
a printed figure inside that range agrees. Codes and numbers only: the CLI says them."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from industry_briefing.analysis.facts import Fact
from industry_briefing.core.rounding import half_up

_REGION_WORDS = re.compile(r"^(?:全[市县州区省盟旗]|本地区|全地区)")
_OWN_BASIS = re.compile(r"按[^，,。；;]{0,10}口径")
_AREA_WORD = re.compile(r"全[市县州区省盟旗]")
_SCHEDULE = re.compile(r"进度")


@dataclass(frozen=True)
class Finding:
    code: str  # share_off, times_off, gap_off, implied_differ, completion_off, schedule_off,
    # parts_exceed
    printed: Decimal  # the figure as printed
    computed: Decimal  # what the other printed figures give, at the printed decimals
    facts: tuple[int, ...]  # the facts it is computed from (their places in the input)


def audit(facts: tuple[Fact, ...], month: int, area: str | None = None) -> tuple[Finding, ...]:
    """Every mismatch the facts' printed figures show, in the order of the facts; `area` the
    word naming the whole region (全市), so that a share of another whole (占全县工业总产值, in
    a city's text: the part's own county) is not checked against the region's amount."""
    found = [
        *_shares(facts, area),
        *_times(facts),
        *_gaps(facts),
        *_implied(facts),
        *_schedule(facts, month),
        *_completions(facts),
        *_parts(facts),
    ]
    return tuple(sorted(found, key=lambda f: f.facts))


def fact_of(row: Mapping[str, str]) -> Fact:
    """A fact from a row of contract codes (the reader's candidate facts)."""

    def number(column: str) -> Decimal | None:
        return Decimal(row[column]) if row.get(column) else None

    return Fact(
        indicator=row["indicator"],
        measure=row["measure"],
        value=number("value"),
        unit=row.get("unit") or None,
        scope=row.get("scope") or None,
        dimension=row.get("dimension") or None,
        part=row.get("part") or None,
        horizon=row.get("horizon", ""),
        base=row.get("base") or None,
        against=row.get("against") or None,
        reference_value=number("reference_value"),
        direction=row.get("direction") or None,
        difference=number("difference"),
        difference_unit=row.get("difference_unit") or None,
        note=row.get("note") or None,
    )


def _half(value: Decimal) -> Fraction:
    """Half a unit of the last printed decimal: what rounding may have taken off."""
    return Fraction(1, 2) * Fraction(10) ** value.as_tuple().exponent  # type: ignore[operator]  # exponent is an int for finite decimals


def _agrees(printed: Decimal, low: Fraction, high: Fraction) -> bool:
    exponent = -int(printed.as_tuple().exponent)
    lowest = half_up(Decimal(low.numerator) / Decimal(low.denominator), exponent)
    highest = half_up(Decimal(high.numerator) / Decimal(high.denominator), exponent)
    return lowest <= printed <= highest


def _at(printed: Decimal, value: Fraction) -> Decimal:
    return half_up(
        Decimal(value.numerator) / Decimal(value.denominator), -int(printed.as_tuple().exponent)
    )


def _same(a: Fact, b: Fact) -> bool:
    return (a.indicator, a.dimension, a.part, a.horizon) == (
        b.indicator,
        b.dimension,
        b.part,
        b.horizon,
    )


def _value_of(facts: tuple[Fact, ...], like: Fact, region: bool) -> int | None:
    for index, fact in enumerate(facts):
        if fact.measure != "value" or fact.value is None or fact.against:
            continue
        whose = fact.of_region if region else _same(fact, like)
        if whose and fact.indicator == like.indicator and fact.horizon == like.horizon:
            return index
    return None


def _shares(facts: tuple[Fact, ...], area: str | None) -> Iterator[Finding]:
    """占…N%: the part's amount over the region's, where both are printed."""
    for index, share in enumerate(facts):
        if share.measure != "share" or share.value is None or share.of_region:
            continue
        whole_area = _AREA_WORD.search(share.base or "")
        if whole_area and whole_area.group() != area:
            continue
        if _OWN_BASIS.search(share.note or ""):
            continue  # 按属地统计口径计算: the whole on another basis than the printed one
        part, whole = _value_of(facts, share, False), _value_of(facts, share, True)
        if part is None or whole is None:
            continue
        p, w = facts[part].value, facts[whole].value
        assert p is not None and w is not None
        if facts[part].unit != facts[whole].unit or w == 0:
            continue
        low = (Fraction(p) - _half(p)) / (Fraction(w) + _half(w)) * 100
        high = (Fraction(p) + _half(p)) / (Fraction(w) - _half(w)) * 100
        if not _agrees(share.value, low, high):
            computed = _at(share.value, Fraction(p) / Fraction(w) * 100)
            yield Finding("share_off", share.value, computed, (part, whole, index))


def _times(facts: tuple[Fact, ...]) -> Iterator[Finding]:
    """增长N倍 beside 增长M%: N × 100 = M."""
    for index, times in enumerate(facts):
        if times.measure != "growth_times" or times.value is None:
            continue
        for other, rate in enumerate(facts):
            if rate.measure == "growth" and rate.value is not None and _same(rate, times):
                if rate.against or rate.difference is not None:
                    continue
                low = (Fraction(times.value) - _half(times.value)) * 100
                high = (Fraction(times.value) + _half(times.value)) * 100
                if not _agrees(rate.value, low, high):
                    computed = _at(rate.value, Fraction(times.value) * 100)
                    yield Finding("times_off", rate.value, computed, (index, other))


def _gaps(facts: tuple[Fact, ...]) -> Iterator[Finding]:
    """比全国6.2%高3个百分点: the own rate minus the reference's, where both are printed."""
    for index, gap in enumerate(facts):
        if gap.difference is None or gap.reference_value is None or gap.measure != "growth":
            continue
        own = gap.value if gap.value is not None else _own_rate(facts, gap)
        if own is None:
            continue
        gap_value = Fraction(own) - Fraction(gap.reference_value)
        slack = _half(own) + _half(gap.reference_value)
        signed = gap.signed_difference
        assert signed is not None
        if not _agrees(signed, gap_value - slack, gap_value + slack):
            yield Finding("gap_off", signed, _at(signed, gap_value), (index,))


def _own_rate(facts: tuple[Fact, ...], like: Fact) -> Decimal | None:
    for fact in facts:
        printed = fact.measure == "growth" and fact.value is not None and _same(fact, like)
        if printed and fact.difference is None and not fact.against:
            return fact.value
    return None


def _implied(facts: tuple[Fact, ...]) -> Iterator[Finding]:
    """Parts' rates and their gaps to the region's (高于全县产值增速0.8个百分点): each implies the
    region's rate; they must agree with each other and with the region's rate where printed."""
    groups: dict[tuple[str, str], list[tuple[int, Fraction, Fraction]]] = {}
    for index, gap in enumerate(facts):
        if gap.difference is None or gap.of_region or not gap.against:
            continue
        if not _REGION_WORDS.match(gap.against) or gap.measure != "growth":
            continue
        own = gap.value if gap.value is not None else _own_rate(facts, gap)
        signed = gap.signed_difference
        if own is None or signed is None:
            continue
        rate = Fraction(own) - Fraction(signed)
        groups.setdefault((gap.indicator, gap.horizon), []).append(
            (index, rate, _half(own) + _half(signed))
        )
    for (indicator, horizon), implied in groups.items():
        yield from _disagreeing(facts, indicator, horizon, implied)


def _disagreeing(
    facts: tuple[Fact, ...],
    indicator: str,
    horizon: str,
    implied: list[tuple[int, Fraction, Fraction]],
) -> Iterator[Finding]:
    printed = next(
        (
            (i, f.value)
            for i, f in enumerate(facts)
            if f.indicator == indicator
            and f.horizon == horizon
            and f.of_region
            and f.measure == "growth"
            and f.value is not None
            and f.difference is None
        ),
        None,
    )
    first_index, first, first_slack = implied[0]
    said: set[tuple[Decimal, Decimal]] = set()  # one finding per pair of figures that differ
    for index, value, slack in implied[(0 if printed else 1) :]:
        if printed is not None:
            at, rate = printed
            assert rate is not None
            if not _agrees(rate, value - slack, value + slack):
                yield Finding("implied_differ", rate, _at(rate, value), (at, index))
        elif abs(value - first) >= slack + first_slack:
            # Half-up rounding leaves each implied rate an interval open at one end: two that
            # only touch cannot hold the same rate.
            places = Decimal(1).scaleb(-_places(slack))
            pair = (_at(places, first), _at(places, value))
            if pair not in said:
                said.add(pair)
                yield Finding("implied_differ", *pair, (first_index, index))


def _places(slack: Fraction) -> int:
    """The decimals of the coarsest input behind a slack of half units (0.1: 1)."""
    places = 0
    while slack * 10**places < Fraction(1, 2):
        places += 1
    return places


def _completions(facts: tuple[Fact, ...]) -> Iterator[Finding]:
    """完成全年目标120亿元的71.7%: the amount done over the printed target."""
    for index, done in enumerate(facts):
        target = done.reference_value
        if done.measure != "completion" or done.value is None or not target:
            continue
        amount = next(
            (i for i, f in enumerate(facts) if f.measure == "value" and f.value and _same(f, done)),
            None,
        )
        if amount is None:
            continue
        value = facts[amount].value
        assert value is not None
        low = (Fraction(value) - _half(value)) / (Fraction(target) + _half(target)) * 100
        high = (Fraction(value) + _half(value)) / (Fraction(target) - _half(target)) * 100
        if not _agrees(done.value, low, high):
            computed = _at(done.value, Fraction(value) / Fraction(target) * 100)
            yield Finding("completion_off", done.value, computed, (amount, index))


def _schedule(facts: tuple[Fact, ...], month: int) -> Iterator[Finding]:
    """完成全年目标的N%，快于时间进度D个百分点: N minus month/12."""
    progress = Fraction(month, 12) * 100
    for index, fact in enumerate(facts):
        if fact.measure != "completion" or fact.difference is None or fact.value is None:
            continue
        if not fact.against or not _SCHEDULE.search(fact.against):
            continue
        signed = fact.signed_difference
        assert signed is not None
        gap = Fraction(fact.value) - progress
        if not _agrees(signed, gap - _half(fact.value), gap + _half(fact.value)):
            yield Finding("schedule_off", signed, _at(signed, gap), (index,))


def _parts(facts: tuple[Fact, ...]) -> Iterator[Finding]:
    """Parts of one dimension whose amounts add up to more than the group's printed total."""
    totals = {
        (f.indicator, f.dimension, f.horizon, f.unit): i
        for i, f in enumerate(facts)
        if f.dimension and f.part in (None, "合计") and f.measure == "value" and f.value is not None
    }
    for key, total_index in totals.items():
        parts = [
            i
            for i, f in enumerate(facts)
            if (f.indicator, f.dimension, f.horizon, f.unit) == key
            and f.part not in (None, "合计")
            and f.measure == "value"
            and f.value is not None
        ]
        values = [facts[i].value for i in parts]
        total = facts[total_index].value
        assert total is not None
        low = sum((Fraction(v) - _half(v) for v in values if v is not None), Fraction(0))
        if parts and low > Fraction(total) + _half(total):
            computed = sum((v for v in values if v is not None), Decimal(0))
            yield Finding("parts_exceed", total, computed, (*parts, total_index))
