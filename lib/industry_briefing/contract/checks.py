"""The contract's checks of a table's cells and rows, as pandera schemas.

Checks are named so that the reader can say what a failure means (ingest/validation.py turns
the failures into problems with the file, row and column).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import pandera.pandas as pa

from industry_briefing.contract.tables import (
    PLAN_INDICATOR_NAMES,
    PLAN_MONTHS,
    PLAN_TARGET_TOLERANCE,
    ColumnSpec,
    TableSpec,
)

# --- pandera schemas ------------------------------------------------------------------------
# Checks are named so the reader can say what a failure means; see reader._CHECK_MESSAGES.

CHECK_NON_NEGATIVE = "non_negative"
CHECK_NOT_ZERO = "not_zero"
CHECK_KNOWN_CODE = "known_code"
CHECK_RANGE = "within_range"
CHECK_WITHIN_LIMIT = "within_limit"


def _column_checks(column: ColumnSpec) -> list[pa.Check]:
    checks = []
    if column.kind in ("amount", "number"):
        checks.append(pa.Check(lambda s: s >= 0, name=CHECK_NON_NEGATIVE))
    if column.zero_is_undefined:
        checks.append(pa.Check(lambda s: s != 0, name=CHECK_NOT_ZERO))
    if column.kind == "code":
        allowed = list(column.codes or {})
        checks.append(pa.Check(lambda s: s.isin(allowed), name=CHECK_KNOWN_CODE))
    if column.minimum is not None or column.maximum is not None:
        low = -float("inf") if column.minimum is None else column.minimum
        high = float("inf") if column.maximum is None else column.maximum
        checks.append(pa.Check(lambda s: s.between(low, high), name=CHECK_RANGE))
    return checks


def error_schema(spec: TableSpec, present: set[str]) -> pa.DataFrameSchema:
    """The table's checks whose failures are errors. Columns not in `present` are skipped."""
    columns = {
        c.name: pa.Column(c.dtype, _column_checks(c), nullable=not c.required)
        for c in spec.columns
        if c.name in present
    }
    key = [k for k in spec.key if k in present]
    return pa.DataFrameSchema(
        columns,
        unique=key if len(key) == len(spec.key) else None,
        report_duplicates="exclude_first",
        name=spec.name,
    )


def warning_schema(spec: TableSpec, present: set[str]) -> pa.DataFrameSchema:
    """Checks whose failures are reported but do not stop an ingest (completion > target)."""
    # A limit of 0 is an error of its own (see CHECK_NOT_ZERO), not also a warning.
    checks = [
        pa.Check(
            lambda df, value=value, limit=limit: ~((df[value] > df[limit]) & (df[limit] > 0)),
            name=f"{CHECK_WITHIN_LIMIT}:{value}:{limit}",
        )
        for value, limit in spec.limits
        if {value, limit} <= present
    ]
    return pa.DataFrameSchema(checks=checks, name=spec.name)


# --- the plan: checks across its rows ---------------------------------------------------------
# A plan is judged per indicator over the year, so beside the cell checks above it has checks
# that compare rows with each other and with the indicators' annual targets.

CHECK_PLAN_ALL_MONTHS = "plan_all_months"
CHECK_PLAN_NOT_FALLING = "plan_not_falling"
CHECK_PLAN_MEETS_TARGET = "plan_meets_target"


def plan_schema(targets: Mapping[str, float]) -> pa.DataFrameSchema:
    """Every month of each indicator planned, never falling, December at the annual target.

    `targets` maps indicator codes to the annual targets of the indicators table (亿元).
    A failing row is one to show the analyst; a missing month has no row, so the first row of
    its indicator carries it.
    """
    return pa.DataFrameSchema(
        checks=[
            pa.Check(_has_all_months, name=CHECK_PLAN_ALL_MONTHS),
            pa.Check(_not_falling, name=CHECK_PLAN_NOT_FALLING),
            pa.Check(lambda plan: _meets_target(plan, targets), name=CHECK_PLAN_MEETS_TARGET),
        ],
        name="plan",
    )


def judged_plan_rows(plan: pd.DataFrame) -> pd.DataFrame:
    """The rows the plan checks can judge, by indicator and month.

    Rows with an unknown indicator, a month outside 1-12 or a repeated key are errors of
    their own; judging them again would only repeat those errors in other words.
    """
    known = plan["indicator"].isin(list(PLAN_INDICATOR_NAMES)) & plan["month"].isin(PLAN_MONTHS)
    rows = plan[known.fillna(False).astype(bool)]
    rows = rows[~rows.duplicated(["indicator", "month"])]
    return rows.sort_values(["indicator", "month"], kind="stable")


def missing_plan_months(plan: pd.DataFrame, indicator: str) -> list[int]:
    rows = judged_plan_rows(plan)
    present = set(rows.loc[rows["indicator"] == indicator, "month"])
    return [month for month in PLAN_MONTHS if month not in present]


def previous_plan_row(plan: pd.DataFrame, row: int) -> int | None:
    """The row of the month before `row`'s in the same indicator (the nearest one given)."""
    rows = judged_plan_rows(plan)
    same = rows.index[rows["indicator"] == rows.at[row, "indicator"]].tolist()
    position = same.index(row)
    return same[position - 1] if position else None


def _has_all_months(plan: pd.DataFrame) -> pd.Series:
    passed = pd.Series(True, index=plan.index)
    rows = judged_plan_rows(plan)
    for indicator in rows["indicator"].unique():
        if missing_plan_months(plan, indicator):
            passed[rows.index[rows["indicator"] == indicator].min()] = False
    return passed


def _not_falling(plan: pd.DataFrame) -> pd.Series:
    rows = judged_plan_rows(plan)
    before = rows.groupby("indicator", sort=False)["planned"].shift()
    falling = rows["planned"] < before  # False where either is missing (NaN)
    return ~falling.reindex(plan.index, fill_value=False)


def _meets_target(plan: pd.DataFrame, targets: Mapping[str, float]) -> pd.Series:
    rows = judged_plan_rows(plan)
    december = rows[(rows["month"] == 12) & rows["indicator"].isin(list(targets))]
    target = december["indicator"].map(targets).astype("float64")
    off = (december["planned"] - target).abs() > PLAN_TARGET_TOLERANCE
    return ~off.reindex(plan.index, fill_value=False)
