"""Units by family, with exact conversions: a figure is stored in its family's canonical unit
and shown in the unit it was entered in, as the bulletin shows it.

A family is what a unit measures (money, electricity, area, mass, volume, a count, a rate).
Conversions are exact fractions (1亩 = 10000/15 平方米), applied once at ingest; a figure is
shown again in its entered unit from the stored value, at the digits it was entered with
(`in_unit`), so 153.72亿度 is printed 153.72亿度 and never 153.72000000000003.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from industry_briefing.core.rounding import decimal_of


@dataclass(frozen=True)
class Family:
    code: str  # money, energy, area, mass, volume, count, percent
    name: str  # its Chinese name, for messages
    canonical: str  # the unit stored
    units: dict[str, Fraction]  # unit -> how many canonical units one of it is


FAMILIES: dict[str, Family] = {
    family.code: family
    for family in (
        Family(
            "money",
            "金额",
            "亿元",
            {"亿元": Fraction(1), "万元": Fraction(1, 10_000), "元": Fraction(1, 10**8)},
        ),
        Family(
            "energy",
            "电量",
            "万千瓦时",
            {
                "千瓦时": Fraction(1, 10_000),
                "度": Fraction(1, 10_000),
                "万千瓦时": Fraction(1),
                "万度": Fraction(1),
                "亿千瓦时": Fraction(10_000),
                "亿度": Fraction(10_000),
            },
        ),
        Family(
            "area",
            "面积",
            "平方千米",
            {
                "平方米": Fraction(1, 10**6),
                "亩": Fraction(1, 1_500),  # 1亩 = 10000/15 平方米
                "公顷": Fraction(1, 100),
                "平方千米": Fraction(1),
                "平方公里": Fraction(1),
            },
        ),
        Family(
            "mass",
            "重量",
            "吨",
            {
                "千克": Fraction(1, 1_000),
                "公斤": Fraction(1, 1_000),
                "吨": Fraction(1),
                "万吨": Fraction(10_000),
            },
        ),
        Family(
            "volume",
            "体积",
            "千升",
            {"升": Fraction(1, 1_000), "千升": Fraction(1), "万千升": Fraction(10_000)},
        ),
        # Counts keep their measure word: 71个 projects, 50户 enterprises, 8家, 3项.
        Family(
            "count",
            "个数",
            "个",
            {
                "个": Fraction(1),
                "户": Fraction(1),
                "家": Fraction(1),
                "项": Fraction(1),
                "件": Fraction(1),
                "座": Fraction(1),
                "台": Fraction(1),
            },
        ),
        Family("percent", "比率", "%", {"%": Fraction(1)}),
    )
}

UNIT_FAMILY: dict[str, str] = {
    unit: family.code for family in FAMILIES.values() for unit in family.units
}
ALL_UNITS: tuple[str, ...] = tuple(UNIT_FAMILY)

# The significant digits a stored figure is shown again at: more than any figure is entered
# with, fewer than the 15 a double holds, so a conversion's binary noise never shows.
_SHOWN_DIGITS = 12


def family_of(unit: str) -> Family | None:
    code = UNIT_FAMILY.get(unit)
    return FAMILIES[code] if code else None


def factor(unit: str) -> Fraction:
    """How many canonical units of its family one `unit` is (亿度 -> 10000 万千瓦时)."""
    family = family_of(unit)
    if family is None:
        raise KeyError(f"unknown unit {unit!r}")
    return family.units[unit]


def to_canonical(value: float, unit: str) -> float:
    """A figure entered in `unit`, in its family's canonical unit."""
    return float(Fraction(decimal_of(value)) * factor(unit))


def in_unit(stored: float, unit: str) -> Decimal:
    """A stored (canonical) figure as a decimal in `unit`: exactly the digits entered."""
    exact = Fraction(decimal_of(stored)) / factor(unit)
    number = Decimal(exact.numerator) / Decimal(exact.denominator)
    digits = number.adjusted() + 1  # digits before the point
    return number.quantize(Decimal(1).scaleb(min(0, digits - _SHOWN_DIGITS))).normalize()
