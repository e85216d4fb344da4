"""Units against what a row measures: an indicator's unit must be of its family (万吨 is not a
unit of 工业投资), a product's a physical one, and an amount needs its unit."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from industry_briefing.contract.tables import TableSpec
from industry_briefing.contract.units import FAMILIES, UNIT_FAMILY
from industry_briefing.core.errors import Words, listing, words
from industry_briefing.ingest.reading import Reading, Sheet, Table, found_text, row_of

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
        allowed = listing(
            (
                words(
                    "unit.family_units", family=FAMILIES[f].name, units=listing(FAMILIES[f].units)
                )
                for f in expected[0]
            ),
            "semicolon",
        )
        reading.error(
            sheet.file_name,
            words(
                "unit.not_of_family", unit=str(unit), what=expected[1], family=FAMILIES[family].name
            ),
            words("expected.unit_of", allowed=allowed),
            found_text(table, int(str(row)), "unit"),
            sheet=sheet.sheet,
            row=int(str(row)),
            column=table.headers["unit"],
        )


def _expected_family(
    spec: TableSpec, frame: pd.DataFrame, row: object, region: Region | None
) -> tuple[tuple[str, ...], str | Words] | None:
    """(families allowed, what the row measures), or None where nothing is known."""
    if spec.name == "products":
        return PRODUCT_FAMILIES, str(frame.at[row, "product"])
    if spec.name == "project_groups":
        return ("money",), words("unit.investment")
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


def _fact_families(measure: str, family: str) -> tuple[tuple[str, ...], Words] | None:
    if measure == "value":
        return (family,), words("unit.indicator_measure", measure=measure)
    if measure == "count":
        return ("count",), words("unit.count")
    if measure.endswith("rank"):
        return None
    return ("percent",), words("unit.measure", measure=measure)


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
                words("unit.missing", header=table.headers[given[0]]),
                words("expected.unit_column"),
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
            words("fact.nothing"),
            words("expected.fact_figure"),
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
        if not isinstance(code, str) or (row_of(row), "value") in table.unparsed:
            continue  # an empty, unknown or unreadable cell is reported as such, once
        if code in spec.required_rows or not has_growth[row]:
            expected = words(
                "expected.figure_required"
                if code in spec.required_rows
                else "expected.figure_or_growth"
            )
            reading.error(
                sheet.file_name,
                words("cell.empty"),
                expected,
                sheet=sheet.sheet,
                row=int(str(row)),
                column=header,
            )
