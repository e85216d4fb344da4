"""A stored figure in the unit it was entered in: the one path by which the briefing's
sentences, its tables, the topic pages, the index and the spreadsheet show a quantity.

Figures are stored in their family's canonical unit (contract/units.py: 101.2亿千瓦时 is held
as 1012000万千瓦时) and each row keeps the unit it was entered in. As text, a figure is shown
with that unit (`quantity`: 101.2亿千瓦时, 10.12 billion kWh); in a table that sorts, as a
number in that unit beside a column naming it (`number_in`, `in_row_units`), never as the
canonical number.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import pandas as pd

from industry_briefing.briefing.formatting import moved
from industry_briefing.briefing.labels import label, lookup
from industry_briefing.contract.units import UNIT_FAMILY, in_unit


def shift(unit: str, lang: str) -> int:
    """Decimal places from the entered unit to the language's (亿千瓦时 -> billion kWh: -1)."""
    return int(lookup("unit_shift", lang).get(unit, 0))


def shown(number: Decimal, unit: str, lang: str) -> str:
    """A figure in the unit it was entered in: 52555.94万千瓦时, 525.56 million kWh (moved into
    the language's unit at the precision the entered figure shows: formatting.moved)."""
    text = moved(number, shift(unit, lang))
    name = label(f"unit.{unit}", lang)
    if not name:
        return text  # a count in English: the number alone
    if name == "%":
        return f"{text}%"
    return label("quantity.phrase", lang, number=text, unit=name).strip()


def quantity(value: float | None, unit: str, lang: str) -> str:
    """A stored (canonical) figure shown in `unit`; '' where there is none."""
    if value is None:
        return ""
    return shown(in_unit(value, unit), unit, lang)


def number_in(value: float, unit: str, lang: str) -> float:
    """A stored figure as a number in `unit` as the language shows it (tables, chart axes):
    the digits entered, never a conversion's binary noise."""
    return float(in_unit(value, unit).scaleb(shift(unit, lang)))


def unit_name(unit: str, lang: str) -> str:
    """A unit as the language names it (a count in English has no name; a unit the labels do
    not know, as entered)."""
    return str(lookup("unit", lang).get(unit, unit))


def in_row_units(
    frame: pd.DataFrame, columns: Iterable[str], lang: str, unit: str = "unit"
) -> pd.DataFrame:
    """A frame of mixed units with each row's figures (`columns`) as numbers in the unit the
    row was entered in, and its unit column named in the language: it still sorts as numbers.
    A row without a known unit keeps its figures."""
    units = frame[unit]
    converted = {
        column: [
            _in_own_unit(float(value), row_unit, lang)
            for value, row_unit in zip(frame[column], units, strict=True)
        ]
        for column in columns
        if column in frame.columns
    }
    named = [unit_name(u, lang) if isinstance(u, str) else u for u in units]
    numbers = {c: pd.Series(v, index=frame.index, dtype="float64") for c, v in converted.items()}
    return frame.assign(**numbers, **{unit: named})


def _in_own_unit(value: float, unit: object, lang: str) -> float:
    """Missing (NaN), or a row without a known unit: as it is."""
    if value != value or not isinstance(unit, str) or unit not in UNIT_FAMILY:
        return value
    return number_in(value, unit, lang)
