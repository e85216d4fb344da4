"""Exact rounding in the conventions of Chinese official statistics (四舍五入).

Amounts in 亿元 and computed rates are rounded half-up from unrounded values, to 2 decimals;
negative values are rounded as their magnitude is, half away from zero (-2.675 -> -2.68), and
never shown as '-0'. Python's round() is half-even and floats hide halves (2.675 is
2.67499...; 0.41/200*100 computes to 0.20499999999999996 where the figures give 0.205), so
rounding goes through the decimal the float stands for: its value at 15 significant digits
(`decimal_of`), as a spreadsheet shows it.

Differences of two rates (个百分点) are taken between the decimals the two rates stand for, so
an exact half (25.005% against 25%) is not lost to binary noise. Analysis and formatting both
use these: a status computed from a gap and the gap printed beside it always agree.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from industry_briefing.core.settings import DECIMALS

# A double holds 15 significant decimal digits faithfully; the digits after them are the
# binary noise of the arithmetic that computed it.
SIGNIFICANT_DIGITS = 15


def decimal_of(value: float) -> Decimal:
    """The decimal a float stands for: its value at 15 significant digits.

    0.41 / 200 * 100 computes to 0.20499999999999996, 2.34 / 0.64 to 3.6562499999999996: the
    figures give 0.205 and 3.65625, and so does this. A float written as a decimal (2.675,
    27.6) is that decimal. -0.0 is Decimal('-0'), shown as '0' (`plain_decimal`).
    """
    return Decimal(format(float(value), f".{SIGNIFICANT_DIGITS}g"))


def round_half_up(value: float, decimals: int = DECIMALS) -> Decimal:
    """Round half away from zero (四舍五入), on the decimal the float stands for."""
    return half_up(decimal_of(value), decimals)


def half_up(number: Decimal, decimals: int = DECIMALS) -> Decimal:
    """A decimal rounded half away from zero to `decimals` places."""
    return number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def plain_decimal(number: Decimal) -> str:
    """Decimal to text without exponent or trailing zeros; never '-0'."""
    text = format(number.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def difference(rate: float, reference: float) -> float:
    """rate − reference (个百分点), unrounded, between the decimals the two rates stand for.

    287.4813亿元 (2874813万元) of a 1050.16亿元 target is 27.375% (27.374999999999993 as
    computed); against a 时间进度 of 25% that is 2.375, so 2.38个百分点, where the float
    subtraction gives 2.374999999999993 (the operands' noise is no longer below the 15th
    digit of the difference) and 2.37. Gaps kept in the model (targets, progress) are
    computed here, so that a table formatting a gap and a sentence comparing the two rates
    always show the same figure.
    """
    return float(decimal_of(rate) - decimal_of(reference))


def points_difference(rate: float, reference: float) -> Decimal:
    """rate − reference in 个百分点, rounded half-up from the unrounded rates."""
    return round_half_up(difference(rate, reference))
