"""Figures as the briefing prints them, in the conventions of Chinese official statistics.

- Amounts in 亿元 and computed rates are rounded half-up (四舍五入) from unrounded values, to
  2 decimals, trailing zeros dropped (core.rounding); never shown as '-0'.
- A rate given in the input (an official 可比口径 growth rate) is shown as given.
- Growth of 100% or more is also said as a multiple of last year (为去年同期的3.59倍); a
  multiple is never written as 增长3.59倍 (that would mean 4.59 times). The wording follows
  the rate as it is shown: a computed 99.996% is shown as 100% and said as 2倍, a computed
  0.004% is shown as 0% and said as 持平 (never 增长0%).
- Differences of two rates are in 个百分点, never in %.

The wording of the phrases is per language in templates/labels/<lang>.yml (`lang`, "zh" by
default): English says "3.59 times the level of a year earlier, up 259%" and "behind the
time-elapsed benchmark by 1.52 percentage points". Amounts are held in 亿元; a language may
show them in another power of ten of yuan (English: billion yuan), by moving the decimal point
of the figure as rounded in 亿元 and showing it with the precision the Chinese figure shows
(`moved`): 2 decimals (1279.41亿元 is 127.94 billion yuan), the digits of a small amount all
kept (7.54亿元 is 0.754 billion yuan, 0.17亿元 0.017).
"""

from __future__ import annotations

import math
from decimal import Decimal

import pandas as pd

from industry_briefing.briefing.labels import DEFAULT_LANG, label, lookup
from industry_briefing.core.rounding import (
    decimal_of,
    half_up,
    plain_decimal,
    points_difference,
    round_half_up,
)
from industry_briefing.core.settings import DECIMALS, DISPLAY_CHARS


def shown_text(text: str, limit: int | None = None) -> str:
    """Text from the input as a page shows it: whole up to DISPLAY_CHARS characters, else its
    beginning and an ellipsis (a name of thousands of characters would take the PDF's layout
    minutes, and tell a reader nothing more)."""
    limit = DISPLAY_CHARS if limit is None else limit
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_number(value: float, decimals: int = DECIMALS) -> str:
    """192.10 -> '192.1', 29.0 -> '29', 15.14984 -> '15.15' (half-up, trailing zeros dropped)."""
    _require_finite(value)
    return plain_decimal(round_half_up(value, decimals))


def format_given(value: float) -> str:
    """A figure from the input, shown exactly as it was given (27.6 -> '27.6', 259.0 -> '259')."""
    _require_finite(value)
    return plain_decimal(Decimal(repr(float(value))))


def amount_number(value_yi: float, lang: str = DEFAULT_LANG) -> str:
    """An amount in the language's unit, without the unit: '192.1' (亿元), '19.21' (billion).

    Rounded half-up in 亿元 to 2 decimals first, as the Chinese briefing shows it, then the
    decimal point moved (`moved`): the English figure is the Chinese one in another unit, at
    the precision it shows (1279.41亿元 -> '127.94', 0.17亿元 -> '0.017').
    """
    _require_finite(value_yi)
    return moved(round_half_up(value_yi), amount_shift(lang))


# A figure below one unit of the language's keeps this many significant digits (0.754, 0.017):
# every digit the Chinese figure shows of it, where 2 decimals would lose them.
SMALL_FIGURE_DIGITS = 3


def moved(number: Decimal, places: int) -> str:
    """A figure as shown in one unit (192.1亿元), shown in another `places` powers of ten away
    (billion yuan: -1), with the precision the figure had: to 2 decimals (DECIMALS, rounded
    half-up from the figure as shown: 1279.41 -> '127.94', never '127.941'), and a small
    figure to 3 significant digits (7.54 -> '0.754', 0.17 -> '0.017'). Not moved (the
    Chinese figure, or a count): as it is."""
    shifted = number.scaleb(places)
    if places == 0 or not shifted:
        return plain_decimal(shifted)
    decimals = max(DECIMALS, SMALL_FIGURE_DIGITS - 1 - shifted.adjusted())
    return plain_decimal(half_up(shifted, decimals))


def signed_amount(value_yi: float, lang: str = DEFAULT_LANG) -> str:
    """A signed difference of amounts, for tables: '-1.5', '+0.3', '0' (the language's unit)."""
    text = amount_number(value_yi, lang)
    return text if text.startswith("-") or text == "0" else f"+{text}"


def amount_shift(lang: str = DEFAULT_LANG) -> int:
    """Decimal places from 亿元 to the language's unit of amounts (0 for 亿元, -1 for billion)."""
    return int(lookup("amount.decimal_shift", lang))


def in_amount_unit(value_yi: float, lang: str = DEFAULT_LANG) -> float:
    """An amount as a number in the language's unit (for chart axes, which label the unit)."""
    return value_yi * 10.0 ** amount_shift(lang)


def amounts_in_unit(frame: pd.DataFrame, columns: list[str], lang: str) -> pd.DataFrame:
    """Amount columns (亿元) as numbers in the language's unit, for chart axes."""
    return frame.assign(**{c: frame[c].map(lambda v: in_amount_unit(v, lang)) for c in columns})


def format_amount(value_yi: float, lang: str = DEFAULT_LANG) -> str:
    """An amount with its unit: '192.1亿元', or '19.21 billion yuan' in English."""
    return label("amount.phrase", lang, number=amount_number(value_yi, lang))


def threshold_amount(value_yi: float, lang: str = DEFAULT_LANG) -> str:
    """A bound of the region's policy (profile.yml `thresholds:`) as its words say it, exactly
    as set (a bound is not rounded): below one of the language's unit in a smaller one
    ('1000万元'; '10 million yuan'), else as any amount ('2亿元'; '1 billion yuan')."""
    _require_finite(value_yi)
    exact = decimal_of(value_yi)
    if exact.scaleb(amount_shift(lang)) >= 1:
        return label("amount.phrase", lang, number=plain_decimal(exact.scaleb(amount_shift(lang))))
    small = int(lookup("amount.threshold_small_shift", lang))
    return label("amount.threshold_small", lang, number=plain_decimal(exact.scaleb(small)))


def format_pct(value: float, *, given: bool = False) -> str:
    """A rate in %: computed rates rounded half-up, given ones as given."""
    return f"{format_given(value) if given else format_number(value)}%"


def _multiple(growth_pct: float) -> Decimal:
    """1 + growth/100 in decimal: 100.5% is 2.005 times (a float sum makes it 2.00499...)."""
    return 1 + decimal_of(growth_pct) / 100


def growth_phrase(
    growth_pct: float,
    *,
    given: bool,
    lang: str = DEFAULT_LANG,
    printed_multiple: Decimal | None = None,
) -> str:
    """同比增长27.6% / 为去年同期的3.59倍，同比增长259% / 同比下降5.2% / 与去年同期持平.

    English: 'up 27.6% year on year', '3.59 times the level of a year earlier, up 259%' …
    """
    _require_finite(growth_pct)
    rate = format_pct(abs(growth_pct), given=given)
    # The words follow the rate as shown: 99.996% is shown as 100%, 0.004% as 0%.
    shown = Decimal(repr(float(growth_pct))) if given else round_half_up(growth_pct)
    if shown >= 100:
        # The multiple as printed; else computed from the rate, and marked so (推算).
        if printed_multiple is not None:
            multiple, mark = format(printed_multiple, "f"), ""
        else:
            multiple = plain_decimal(half_up(_multiple(growth_pct)))
            mark = label("provenance.mark", lang, kind=label("provenance.derived", lang))
        return label("growth.multiple", lang, multiple=multiple, mark=mark, rate=rate)
    if shown > 0:
        return label("growth.up", lang, rate=rate)
    if shown < 0:
        return label("growth.down", lang, rate=rate)
    return label("growth.flat", lang)


def versus_progress(
    completion_pct: float,
    expected_pct: float,
    reference: str | None = None,
    lang: str = DEFAULT_LANG,
) -> str:
    """快于/落后时间进度 N 个百分点 (or 计划进度 …), from unrounded rates.

    `reference` names the progress compared with, in the language (default: 时间进度, or
    'the time-elapsed benchmark' in English: 'behind the time-elapsed benchmark by 1.52
    percentage points').
    """
    reference = label("reference.even", lang) if reference is None else reference
    points = points_difference(completion_pct, expected_pct)
    if points == 0:
        return label("versus.level", lang, reference=reference)
    amount = label(
        "points.one" if abs(points) == 1 else "points.many", lang, points=plain_decimal(abs(points))
    )
    key = "versus.ahead" if points > 0 else "versus.behind"
    return label(key, lang, reference=reference, points=amount)


def format_points(value: float) -> str:
    """A signed difference of rates, for tables: '-1.52', '+0.3', '0'."""
    text = format_number(value)
    return text if text.startswith("-") or text == "0" else f"+{text}"


def _require_finite(value: float) -> None:
    if value is None or not math.isfinite(float(value)):
        raise ValueError(f"cannot format a missing or infinite number: {value!r}")
