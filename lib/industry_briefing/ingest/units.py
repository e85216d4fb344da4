"""Units against what a row measures: an indicator's unit must be of its family (万吨 is not a
unit of 工业投资), a product's a physical one, and an amount needs its unit."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from industry_briefing.contract.tables import TableSpec
from industry_briefing.contract.units import FAMILIES, UNIT_FAMILY
from industry_briefing.ingest.reading import Reading, Sheet, Table, found_text

if TYPE_CHECKING:
    from industry_briefing.ingest.region import Region

# What a product's output may be measured in.
PRODUCT_FAMILIES = ("mass", "energy", "volume", "area", "count")


def check_units(
    reading: Reading, spec: TableSpec, sheet: Sheet, table: Table, region: Region | None
) -> None:
    if not spec.keeps_unit and spec.name != "project_groups":
        return
    if "unit" not in table.headers:
        _amounts_need_a_unit(reading, spec, sheet, table, set(table.frame.index))
        return
    frame = table.frame
    without_unit = set(frame.index[frame["unit"].isna()])
    _amounts_need_a_unit(reading, spec, sheet, table, without_unit)
    for row, unit in frame["unit"].dropna().items():
        family = UNIT_FAMILY.get(str(unit))
        if family is None:
            continue  # an unknown unit is reported by the cell checks
        expected = _expected_family(spec, frame, row, region)
        if expected is None or family in expected[0]:
            continue
        allowed = "; ".join(
            f"{FAMILIES[f].name}: {', '.join(FAMILIES[f].units)}" for f in expected[0]
        )
        reading.error(
            sheet.file_name,
            f"unit {unit} is not a unit of {expected[1]} ({FAMILIES[family].name})",
            f"a unit of {allowed}",
            found_text(table, int(str(row)), "unit"),
            sheet=sheet.sheet,
            row=int(str(row)),
            column=table.headers["unit"],
        )


def _expected_family(
    spec: TableSpec, frame: pd.DataFrame, row: object, region: Region | None
) -> tuple[tuple[str, ...], str] | None:
    """(families allowed, what the row measures), or None where nothing is known."""
    if spec.name == "products":
        return PRODUCT_FAMILIES, str(frame.at[row, "product"])
    if spec.name == "project_groups":
        return ("money",), "an investment"
    code = frame.at[row, "indicator"]
    if region is None or not isinstance(code, str):
        return None
    indicator = region.catalogue.indicators.get(str(code))
    if indicator is None:
        return None  # an unknown indicator is reported by the cell checks
    if spec.name == "targets" and indicator.entry.kind == "ratio":
        return ("percent",), indicator.name
    if spec.name == "facts":
        return _fact_families(str(frame.at[row, "measure"]), indicator.entry.family)
    return (indicator.entry.family,), indicator.name


def _fact_families(measure: str, family: str) -> tuple[tuple[str, ...], str] | None:
    if measure == "value":
        return (family,), f"a {measure} of the indicator"
    if measure == "count":
        return ("count",), "a count"
    if measure.endswith("rank"):
        return None
    return ("percent",), f"a {measure}"


def _amounts_need_a_unit(
    reading: Reading, spec: TableSpec, sheet: Sheet, table: Table, rows: set[object]
) -> None:
    amounts = [c.name for c in spec.columns if c.kind == "amount" and c.name in table.headers]
    if spec.column("unit").required or not amounts:
        return  # a required unit left empty is reported by the cell checks
    for row in sorted(rows, key=lambda r: int(str(r))):
        filled = table.frame.loc[[row], amounts].notna().iloc[0]
        given = [name for name in amounts if filled[name]]
        if given:
            reading.error(
                sheet.file_name,
                f"{table.headers[given[0]]} is given without its unit",
                "the unit in the 单位 column, such as 亿元",
                sheet=sheet.sheet,
                row=int(str(row)),
                column=table.headers.get("unit", "单位"),
            )


# What a fact states: a figure, or a comparison (a difference, the reference's figure, a
# direction); a row with none of them would be stored and never said.
_FACT_FIGURES = ("value", "difference", "reference_value", "direction")


def check_facts(reading: Reading, spec: TableSpec, sheet: Sheet, table: Table) -> None:
    """A fact that states nothing is named: the briefing would not say it."""
    if spec.name != "facts":
        return
    given = [c for c in _FACT_FIGURES if c in table.frame]
    empty = (
        table.frame[given].isna().all(axis=1) if given else table.frame.index == table.frame.index
    )
    for row in table.frame.index[empty]:
        reading.warn(
            sheet.file_name,
            "the fact has no figure and no comparison: the briefing has nothing to state",
            "a 数值 (value), or a 比较对象 with its 差值 or 方向",
            sheet=sheet.sheet,
            row=int(str(row)),
        )


def check_values(reading: Reading, spec: TableSpec, sheet: Sheet, table: Table) -> None:
    """An indicator row gives its figure, or (where a bulletin gives only a rate) its growth
    alone; the rows every month must have (the profile's, or the seed's three) give the figure."""
    check_facts(reading, spec, sheet, table)
    if spec.name != "indicators" or "indicator" not in table.headers:
        return
    frame = table.frame
    value = frame["value"] if "value" in frame else pd.Series(float("nan"), index=frame.index)
    rates = [c for c in ("growth_pct", "growth_times") if c in frame]
    has_growth = frame[rates].notna().any(axis=1)  # all False where no rate column is given
    header = table.headers.get("value", "本期累计")
    for row in frame.index[value.isna()]:
        code = frame.at[row, "indicator"]
        if not isinstance(code, str):
            continue  # an empty or unknown indicator is reported by the cell checks
        if code in spec.required_rows or not has_growth[row]:
            expected = (
                "the figure: this row is required every month"
                if code in spec.required_rows
                else "the figure, or only its growth where the bulletin gives only a rate"
            )
            reading.error(
                sheet.file_name,
                "required cell is empty",
                expected,
                sheet=sheet.sheet,
                row=int(str(row)),
                column=header,
            )
