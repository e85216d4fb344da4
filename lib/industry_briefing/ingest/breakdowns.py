"""Breakdowns whose parts are said to be all of it (是否穷尽 = 是): the parts must add up to
the group's 合计, or to the indicator's value where no 合计 is given. Published parts are
rounded, so a small difference is let pass; beyond it the rows are reported (a warning: the
figures are printed as published, and the analyst decides)."""

from __future__ import annotations

from industry_briefing.contract.tables import GROUP_TOTAL, TableSpec
from industry_briefing.contract.units import in_unit
from industry_briefing.core.errors import words
from industry_briefing.ingest.reading import Reading, Sheet, Table

# Rounded parts may miss their total by a little: half a unit of the last digit per part, and
# never less than this share of the total.
RELATIVE_TOLERANCE = 0.001
HALF_CENT = 0.005  # per part: half the last digit of a figure given to 2 decimals


def check_exhaustive_parts(
    reading: Reading, spec: TableSpec, sheet: Sheet, table: Table, indicators: Table | None
) -> None:
    frame = table.frame
    if spec.name != "breakdowns" or not {"exhaustive", "value", "part"} <= set(table.headers):
        return
    totals = {}
    if indicators is not None and "indicator" in indicators.frame:
        given = indicators.frame.dropna(subset=["indicator", "value"])
        totals = dict(zip(given["indicator"], given["value"], strict=True))
    for (code, dimension), rows in frame.groupby(["indicator", "dimension"], sort=False):
        if not (rows["exhaustive"] == "是").any():
            continue
        parts = rows.loc[rows["part"] != GROUP_TOTAL, "value"]
        whole = rows.loc[rows["part"] == GROUP_TOTAL, "value"].dropna()
        total = float(whole.iloc[0]) if not whole.empty else totals.get(code)
        if total is None or parts.isna().any() or parts.empty:
            continue
        added = float(parts.sum())
        tolerance = max(RELATIVE_TOLERANCE * abs(total), HALF_CENT * len(parts))
        if abs(added - total) > tolerance:
            unit = str(rows["unit"].dropna().iloc[0]) if rows["unit"].notna().any() else ""
            first = int(str(rows.index[0]))
            reading.warn(
                sheet.file_name,
                words(
                    "breakdown.parts_off",
                    dimension=str(dimension),
                    added=_shown(added, unit),
                    total=_shown(total, unit),
                ),
                words("expected.parts_add_up"),
                sheet=sheet.sheet,
                row=first,
                column=table.headers["exhaustive"],
            )


def _shown(value: float, unit: str) -> str:
    return f"{in_unit(value, unit):f}{unit}" if unit else f"{value:g}"
