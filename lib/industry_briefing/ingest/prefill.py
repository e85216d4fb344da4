"""What the entry form pre-fills, for the writer (entry_form.py) and the reader (workbook.py).

The form carries from the month before what does not change within a year: the names that
identify a row, its district and unit, and the annual targets and plan; never a figure of the
month. A pre-filled row the analyst leaves as the form wrote it is not reported: an optional
table of 20 districts nobody filled in is no table, not 20 errors. Only the plan and the
targets, which the form carries whole within a year, stand as written. A row of a required
indicator is never dropped: it is reported as missing its figure.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from openpyxl.cell import Cell, MergedCell
from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from industry_briefing.contract import tables as contract
from industry_briefing.contract.tables import ColumnSpec, TableSpec
from industry_briefing.core.errors import listing, words
from industry_briefing.ingest.reading import WORKBOOK_FILE, Reading, Sheet, cell_at

# The columns carried from the previous period: what identifies a row, and the targets.
STATIC_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "indicators": ("indicator", "unit", "annual_target"),
    "parks": ("park", "district", "annual_target", "unit"),
    "districts": ("district", "indicator", "unit", "annual_target"),
    "enterprises": ("enterprise", "district", "industry", "unit"),
    "projects": ("project", "district", "park", "total_investment", "annual_plan", "unit"),
    "plan": ("indicator", "month", "planned", "unit"),
    "targets": ("indicator", "kind", "horizon", "amount", "unit", "growth_pct"),
    "breakdowns": ("indicator", "dimension", "part", "unit", "count_unit"),
    "products": ("product", "unit"),
    "project_groups": (
        "project_group",
        "count_unit",
        "unit",
        "investment_kind",
        "count_target",
        "count_target_kind",
    ),
    "outlook": ("indicator", "horizon", "unit", "target_kind"),
    # A month's published facts are its own phrases: next month's bulletin prints others.
    "facts": (),
}
# Annual: carried over within a year only (a new year has new targets and a new plan).
ANNUAL_COLUMNS = ("annual_target", "annual_plan", "planned", "amount", "count_target")
# Tables whose pre-filled rows are the month's rows as they stand: the year's plan and targets.
CARRIED_WHOLE = ("plan", "targets")

# The grey of a pre-filled cell: how the analyst, and the reader, tell it from a typed one.
PREFILLED_COLOUR = "F2F2F2"
PREFILLED_FILL = PatternFill("solid", fgColor=PREFILLED_COLOUR)


def is_prefilled(cell: Cell | MergedCell) -> bool:
    """Whether a cell carries the form's pre-filled grey (kept by Excel and WPS on saving)."""
    fill = cell.fill
    colour = getattr(fill.fgColor, "rgb", None) if fill is not None else None
    solid = fill is not None and fill.fill_type == "solid"
    return solid and isinstance(colour, str) and colour[-6:].upper() == PREFILLED_COLOUR


def stands_as_written(table: str) -> bool:
    """Whether a pre-filled row of `table` is reported as the form wrote it."""
    return table in CARRIED_WHOLE


def reported_rows(
    reading: Reading, spec: TableSpec, sheet: Sheet, worksheet: Worksheet
) -> Sheet | None:
    """A form's sheet without the pre-filled rows left as the form wrote them; None (a table
    not given) when an optional table keeps none. A required table that keeps none is
    reported: its pre-filled rows wait for their figures."""
    if not sheet.rows:
        return sheet if spec.required else None  # a required table without rows is said so
    if stands_as_written(spec.name):
        return sheet
    columns = [spec.find_column(header) for header in sheet.headers]
    kept = [
        (number, cells)
        for number, cells in sheet.rows
        if _touched(spec, worksheet, number, cells, columns) or _required_row(spec, cells, columns)
    ]
    if kept:
        return dataclasses.replace(sheet, rows=kept)
    if spec.required:
        wanted = [
            c.header for c in spec.columns if c.required and c.name not in STATIC_COLUMNS[spec.name]
        ]
        reading.error(
            WORKBOOK_FILE,
            words("table.none_filled", title=spec.title),
            words("expected.a_row_filled", columns=listing(wanted)),
            sheet=sheet.sheet,
        )
    return None


def _touched(
    spec: TableSpec,
    worksheet: Worksheet,
    number: int,
    cells: list[str],
    columns: list[ColumnSpec | None],
) -> bool:
    """Whether a row holds anything but the form's pre-filled cells: a cell typed in, or
    a value where the form pre-fills nothing."""
    static = STATIC_COLUMNS[spec.name]
    for position, text in enumerate(cells):
        if not text.strip():
            continue
        column = columns[position] if position < len(columns) else None
        if column is None or column.name not in static:
            return True
        if not is_prefilled(worksheet.cell(number, position + 1)):
            return True
    return False


def _required_row(spec: TableSpec, cells: list[str], columns: list[ColumnSpec | None]) -> bool:
    """A row of an indicator every month must give: never left out, however it is filled."""
    if not spec.required_rows:
        return False
    key = spec.column(spec.key[0])
    position = next(
        (n for n, c in enumerate(columns) if c is not None and c.name == key.name), None
    )
    if position is None:
        return False
    code = key.accepted_codes().get(contract.normalise_token(cell_at(cells, position)))
    return code in spec.required_rows
