"""Number formatting in the conventions of Chinese official statistics.

- Amounts in 亿元 and computed rates are rounded half-up (四舍五入) from unrounded values, to
  2 decimals, trailing zeros dropped. Python's round() is half-even and floats hide halves
  (2.675 is 2.67499...), so rounding goes through the shortest decimal repr of the float.
- A rate given in the input (an official 可比口径 growth rate) is shown as given.
- Growth of 100% or more is also said as a multiple of last year (为去年同期的3.59倍); a
  multiple is never written as 增长3.59倍 (that would mean 4.59 times).
- Differences of two rates are in 个百分点, never in %.

The wording of the phrases is per language in templates/labels/<lang>.yml (`lang`, "zh" by
default): English says "3.59 times the level of a year earlier, up 259%" and "behind the
time-elapsed benchmark by 1.52 percentage points". Amounts are held in 亿元; a language may
show them in another power of ten of yuan (English: billion yuan), by moving the decimal point
of the figure as rounded in 亿元, so every language shows the same digits.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from industry_briefing.labels import DEFAULT_LANG, label, lookup
from industry_briefing.settings import DECIMALS


def round_half_up(value: float, decimals: int = DECIMALS) -> Decimal:
    """Round half away from zero, on the decimal value the float was written as."""
    quantum = Decimal(1).scaleb(-decimals)
    return Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)


def plain_decimal(number: Decimal) -> str:
    """Decimal to text without exponent or trailing zeros; never '-0'."""
    text = format(number.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


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

    Rounded half-up in 亿元 to 2 decimals first, then the decimal point moved: the English
    figure is the Chinese one in another unit, never rounded again (0.17亿元 -> '0.017').
    """
    _require_finite(value_yi)
    return plain_decimal(round_half_up(value_yi).scaleb(amount_shift(lang)))


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


def format_amount(value_yi: float, lang: str = DEFAULT_LANG) -> str:
    """An amount with its unit: '192.1亿元', or '19.21 billion yuan' in English."""
    return label("amount.phrase", lang, number=amount_number(value_yi, lang))


def format_pct(value: float, *, given: bool = False) -> str:
    """A rate in %: computed rates rounded half-up, given ones as given."""
    return f"{format_given(value) if given else format_number(value)}%"


def multiple_from_growth(growth_pct: float) -> float:
    """Growth of 259% means 3.59 times last year's figure."""
    return 1 + growth_pct / 100


def growth_phrase(growth_pct: float, *, given: bool, lang: str = DEFAULT_LANG) -> str:
    """同比增长27.6% / 为去年同期的3.59倍，同比增长259% / 同比下降5.2% / 与去年同期持平.

    English: 'up 27.6% year on year', '3.59 times the level of a year earlier, up 259%' …
    """
    rate = format_pct(abs(growth_pct), given=given)
    if growth_pct >= 100:
        multiple = format_number(multiple_from_growth(growth_pct))
        return label("growth.multiple", lang, multiple=multiple, rate=rate)
    if growth_pct > 0:
        return label("growth.up", lang, rate=rate)
    if growth_pct < 0:
        return label("growth.down", lang, rate=rate)
    return label("growth.flat", lang)


def points_difference(rate: float, reference: float) -> Decimal:
    """rate − reference in 个百分点, rounded half-up from the unrounded rates."""
    return round_half_up(rate - reference)


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
