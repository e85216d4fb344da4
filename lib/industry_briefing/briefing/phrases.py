"""The phrases of a statement's figures, in a language: a quantity in its unit, a growth, a
rank, a comparison, a share, a target's completion, a provenance mark.

The composed briefing's templates put them in order; the words are the labels' (composed.*,
unit.*, target_kind.* …) and the numbers are the statements' (analysis/statements.py), shown
as they were entered (given figures keep their digits) or rounded half-up (computed ones).
"""

from __future__ import annotations

from decimal import Decimal

from industry_briefing.analysis.breakdowns import Part
from industry_briefing.analysis.priors import Prior
from industry_briefing.analysis.progress import Progress
from industry_briefing.analysis.statements import Outlook, Statement, TargetState
from industry_briefing.briefing import formatting
from industry_briefing.briefing.labels import label, lookup

# A figure with its unit: one path for every page (re-exported: the sections call phrases.*).
from industry_briefing.briefing.quantities import number_in as number_in
from industry_briefing.briefing.quantities import quantity as quantity
from industry_briefing.briefing.quantities import shown as shown
from industry_briefing.briefing.quantities import unit_name as unit_name
from industry_briefing.contract.catalogue import Indicator
from industry_briefing.core.rounding import plain_decimal, round_half_up

_CHINESE = "零一二三四五六七八九"


def chinese_number(number: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 21 -> 二十一 (ranks go no higher than 99)."""
    if number < 10:
        return _CHINESE[number]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else _CHINESE[tens]) + "十" + ("" if ones == 0 else _CHINESE[ones])


def says(indicator: Indicator, lang: str) -> str:
    return indicator.says(lang)


def name_of(indicator: Indicator, lang: str) -> str:
    """The indicator's name in tables: the labels' for the seed's indicators (as ever), the
    catalogue's (or the region's) for the others."""
    names = lookup("indicator", lang)
    if indicator.code in names:
        return str(names[indicator.code])
    if lang == "zh":
        return indicator.name
    return indicator.entry.en[:1].upper() + indicator.entry.en[1:]


def growth(
    growth_pct: float | None,
    times: float | None,
    official: bool,
    lang: str,
    printed_multiple: Decimal | None = None,
) -> str:
    """同比增长27.6%, 增长1.72倍 (as the bulletin gave it), or '' without a rate."""
    if times is not None:
        if lang == "zh":
            return label("composed.growth_times", lang, times=formatting.format_given(times))
        return label("composed.growth_times", lang, times=formatting.format_given(times + 1))
    if growth_pct is None:
        return ""
    return formatting.growth_phrase(
        growth_pct, given=official, lang=lang, printed_multiple=printed_multiple
    )


def statement_growth(statement: Statement, lang: str) -> str:
    """The statement's growth as every page says it, marked where it is computed from a
    上年同期 taken from last year's release."""
    said = growth(
        None if statement.growth_times is not None else statement.growth_pct,
        statement.growth_times,
        statement.growth_is_official,
        lang,
        printed_multiple(statement),
    )
    return said + prior_mark(statement.prior, lang) if said else ""


def progress_growth(progress: Progress, lang: str) -> str:
    """A seed indicator's growth (同比增长23.9%), marked as a statement's is; '' without one."""
    if progress.growth_pct is None:
        return ""
    said = formatting.growth_phrase(
        progress.growth_pct,
        given=progress.growth_is_official,
        lang=lang,
        printed_multiple=progress.printed_multiple,
    )
    return said + prior_mark(progress.prior, lang)


def prior_mark(prior: Prior | None, lang: str) -> str:
    """After a growth computed from a 上年同期 the month does not give, where that figure is
    from: （上年同期数读自上年公布的简报原文）, or its release's mark; '' for the input's own.
    The one place this mark is made: sentences and tables say a growth through it."""
    return "" if prior is None else label(f"prior_mark.{prior.kind}", lang)


def printed_multiple(statement: Statement) -> Decimal | None:
    """为去年同期的N倍 as the bulletin prints it (a ratio_times fact of the period)."""
    return next(
        (
            f.value
            for f in statement.facts
            if f.measure == "ratio_times" and f.of_period and f.value is not None
        ),
        None,
    )


def part_growth(part: Part, lang: str) -> str:
    return growth(part.growth_pct, part.growth_times, True, lang)


def rank(number: int, scope: str | None, which: str, numerals: str, lang: str) -> str:
    """总量居全省第五位 / 增速居全省第1位 (numerals as the region writes them)."""
    shown_rank = chinese_number(number) if numerals == "chinese" and lang == "zh" else str(number)
    return label(f"composed.rank_{which}", lang, rank=shown_rank, scope=scope or "")


def reference(statement: Statement, lang: str) -> str:
    """增速比全国（6.2%）高3个百分点 / 比全省平均高8个百分点."""
    points = statement.reference_points
    if points is None or statement.reference_name is None:
        return ""
    given = ""
    if statement.reference_growth_pct is not None:
        rate = formatting.format_pct(statement.reference_growth_pct, given=True)
        given = label("composed.reference_given", lang, rate=rate)
    shown_points = formatting.format_given(abs(points)) if _given_points(statement) else None
    if shown_points is None:
        shown_points = plain_decimal(round_half_up(abs(points)))
    amount = label("points.many", lang, points=shown_points)
    key = "above" if points > 0 else "below" if points < 0 else "level"
    # A ratio (产销率 98.9%) is a level compared with a level, never a growth.
    kind = "level" if statement.indicator.entry.kind == "ratio" else "reference"
    return label(
        f"composed.{kind}_{key}", lang, name=statement.reference_name, given=given, points=amount
    )


def _given_points(statement: Statement) -> bool:
    return statement.reference_growth_pct is None  # only the difference was published


def share(share_pct: float, whole: str, lang: str, given: bool = False) -> str:
    return label(
        "composed.share", lang, whole=whole, share=formatting.format_pct(share_pct, given=given)
    )


def target_kind(kind: str, lang: str) -> str:
    return label(f"target_kind.{kind}", lang)


def horizon(target_horizon: str, end_month: int | None, single: bool, lang: str) -> str:
    """全年, 上半年, 10月份 … in the language."""
    names = lookup("horizon", lang)
    if target_horizon in names and target_horizon not in ("range", "month"):
        return str(names[target_horizon])
    if end_month is None:
        return target_horizon  # as entered
    month_name = lookup("month", lang)[end_month - 1]
    key = "horizon.month" if single else "horizon.range"
    return label(key, lang, month=end_month, month_name=month_name)


def target_amount(target: TargetState, lang: str) -> str:
    number = target.shown_amount
    if number is None or target.unit is None:
        return ""
    return shown(number, target.unit, lang)


def target_growth(growth_pct: float, lang: str) -> str:
    rate = formatting.format_pct(abs(growth_pct), given=True)
    return label(
        "growth_word.target_down" if growth_pct < 0 else "growth_word.target_up", lang, rate=rate
    )


def completion(target: TargetState, lang: str) -> str:
    """完成考核目标170亿元的82% / 完成年度预期目标的43.53%."""
    assert target.completion_pct is not None
    return label(
        "composed.target_completion",
        lang,
        kind=target_kind(target.kind, lang),
        amount=target_amount(target, lang) + mark(target.marks, "amount", lang),
        completion=formatting.format_pct(target.completion_pct, given=target.completion_given),
    )


def versus(target: TargetState, lang: str) -> str:
    """快于/落后时间进度N个百分点 (the horizon's 时间进度)."""
    if target.completion_pct is None or target.expected_pct is None:
        return ""
    return formatting.versus_progress(target.completion_pct, target.expected_pct, None, lang)


def mark(marks: dict[str, str], column: str, lang: str) -> str:
    """（推算）/（示意） after a figure that is not published."""
    kind = marks.get(column)
    if kind is None:
        return ""
    return label("provenance.mark", lang, kind=label(f"provenance.{kind}", lang))


def status(value: str | None, lang: str) -> str:
    if value is None:
        return ""
    return label("composed.status", lang, status=label(f"figure_status.{value}", lang))


def outlook_value(outlook: Outlook, lang: str) -> str:
    return shown(outlook.shown_value, outlook.unit, lang)


def part_value(part: Part, lang: str) -> str:
    number = part.shown_value
    if number is None or part.unit is None:
        return ""
    return shown(number, part.unit, lang)


def count(number: float | None, unit: str | None, lang: str) -> str:
    if number is None:
        return ""
    text = formatting.format_given(number)
    return label(
        "composed.part_count", lang, count=text, unit=label(f"unit.{unit}", lang) if unit else ""
    )
