"""A parsed table against the contract's checks: failures as problems with row and column."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import NotRequired, TypedDict

import pandas as pd
import pandera.pandas as pa

from industry_briefing.contract import catalogue as indicator_catalogue
from industry_briefing.contract import checks
from industry_briefing.contract import tables as contract
from industry_briefing.contract.catalogue import REGION_CATALOGUE_FILE
from industry_briefing.contract.tables import ColumnSpec, TableSpec
from industry_briefing.core import settings
from industry_briefing.core.errors import Problem, Words, listing, words
from industry_briefing.core.rounding import plain_decimal
from industry_briefing.ingest.numbers import number_expected
from industry_briefing.ingest.reading import Reading, Sheet, Table, Where, found_text


def validate_cells(reading: Reading, spec: TableSpec, sheet: Sheet, table: Table) -> None:
    present = set(table.headers)
    for severity, schema in (
        ("error", checks.error_schema(spec, present)),
        ("warning", checks.warning_schema(spec, present)),
    ):
        try:
            schema.validate(table.frame, lazy=True)
        except pa.errors.SchemaErrors as failure:
            problems = _failure_problems(reading, spec, sheet, table, failure.failure_cases)
            reading.problems.extend(_with_severity(p, severity) for p in problems)


def _with_severity(problem: Problem, severity: str) -> Problem:
    return dataclasses.replace(problem, severity=severity)


class _Found(TypedDict):
    """What a problem says, and where in its sheet (see core.errors.Problem)."""

    what: Words
    wants: Words | None
    saw: NotRequired[str | Words]
    row: NotRequired[int | None]
    column: NotRequired[str]


class _Cell(TypedDict):
    """The failing cell of a column check."""

    row: int | None
    column: str
    saw: str


def _failure_problems(
    reading: Reading, spec: TableSpec, sheet: Sheet, table: Table, cases: pd.DataFrame
) -> list[Problem]:
    """One problem per failing cell (per row for row-wide checks), in row order."""
    problems: list[Problem] = []
    seen: set[tuple[object, ...]] = set()
    empty: dict[int, list[str]] = {}  # a form's row -> its required columns left empty
    cases = cases.sort_values("index", kind="stable", na_position="first")
    # Unpacked: a row's `index` field would read as the tuple method to the type checker.
    for check_name, column, index in cases[["check", "column", "index"]].itertuples(index=False):
        check = str(check_name)
        row = None if pd.isna(index) else int(index)
        if (row, column) in table.unparsed:
            continue  # already reported as not a number
        if check == "not_nullable" and reading.form and row is not None:
            empty.setdefault(row, []).append(str(column))  # one problem: the row
            continue
        wide = check.startswith(checks.CHECK_WITHIN_LIMIT) or "uniqueness" in check
        identity = (check, row) if wide else (check, row, column)
        if identity in seen:
            continue
        seen.add(identity)
        problem = _failure_problem(spec, table, check, row, column)
        if problem is not None:
            problems.append(_problem(reading, sheet, problem))
    for row, columns in empty.items():
        problems.append(_problem(reading, sheet, _partly_filled(spec, table, row, columns)))
    return problems


def _partly_filled(spec: TableSpec, table: Table, row: int, columns: list[str]) -> _Found:
    """A row of a form filled in part (its pre-filled rows left as written are not read):
    the row by its name, and every required cell it lacks, in one problem."""
    headers = [table.headers.get(c, spec.column(c).header) for c in columns]
    name = "/".join(found_text(table, row, k) for k in spec.key if found_text(table, row, k))
    empty = listing(headers)
    return {
        "what": words("row.partly_filled_named", name=name, columns=empty)
        if name
        else words("row.partly_filled", columns=empty),
        "wants": words("expected.filled_or_left", columns=empty),
        "row": row,
        "column": headers[0],
    }


def _problem(reading: Reading, sheet: Sheet, found: _Found) -> Problem:
    """A problem of a sheet, said by the reading (which names its cell), not yet reported."""
    before = len(reading.problems)
    where: Where = {"sheet": sheet.sheet, "row": found.get("row"), "column": found.get("column")}
    reading.error(sheet.file_name, found["what"], found["wants"], found.get("saw", ""), **where)
    return reading.problems.pop(before)


def _failure_problem(
    spec: TableSpec, table: Table, check: str, row: int | None, column_name: str
) -> _Found | None:
    if check.startswith(checks.CHECK_WITHIN_LIMIT):
        _, value, limit = check.split(":")
        return _above_limit(spec, table, row, value, limit)
    if "uniqueness" in check:
        assert row is not None  # a duplicate is a row
        return _duplicate(spec, table, row)
    column = spec.column(column_name)
    found = found_text(table, row, column.name)
    where: _Cell = {
        "row": row,
        "column": table.headers.get(column.name, column.label),
        "saw": found,
    }
    if check == "not_nullable":
        return {"what": words("cell.empty"), "wants": _kind_expected(column), **where}
    if check == checks.CHECK_NON_NEGATIVE:
        return {"what": words("cell.negative"), "wants": words("expected.not_negative"), **where}
    if check == checks.CHECK_NOT_ZERO:
        zero = f"expected.above_zero{'' if column.required else '_or_empty'}"
        message = words(f"cell.zero.{column.zero_is_undefined}")
        return {"what": message, "wants": words(zero), **where}
    if check == checks.CHECK_KNOWN_CODE and column.name == "indicator" and spec.by_indicator:
        return {**_unknown_indicator(spec, found), **where}
    if check == checks.CHECK_KNOWN_CODE:
        return {**_unknown_code(column), **where}
    if check == checks.CHECK_RANGE:
        message = words(
            "cell.month_out_of_range" if column.kind == "month" else "cell.rate_out_of_range"
        )
        return {"what": message, "wants": _range_expected(column), **where}
    return {"what": words("cell.failed_check", check=check), "wants": None, **where}


def _kind_expected(column: ColumnSpec) -> Words:
    if column.kind == "code":
        return words("expected.one_of", values=codes_listed(column))
    if column.kind == "month":
        return number_expected("month")
    return words(f"expected.kind.{column.kind}")


def codes_listed(column: ColumnSpec) -> Words:
    """A column's codes as a message lists them: 'industrial_output (规模以上工业总产值), …' in
    English, by their names in Chinese."""
    codes = column.codes or {}
    return words(
        "expected.codes",
        codes=column.expected_codes(),
        names=listing(codes.values()),
    )


def _unknown_code(column: ColumnSpec) -> _Found:
    unknown_unit = words("cell.unknown_unit")
    if column.name == "unit" and set(column.codes or {}) <= set(contract.UNIT_DIVISORS):
        return {
            "what": unknown_unit,
            "wants": words("expected.either", values=listing(contract.UNIT_DIVISORS, "or")),
        }
    if column.name == "unit":
        listed = listing(column.codes or {})
        return {"what": unknown_unit, "wants": words("expected.unit_of_family", units=listed)}
    if column.name == "indicator":
        expected = words("expected.indicator_code", codes=codes_listed(column))
        return {"what": words("cell.unknown_indicator"), "wants": expected}
    return {
        "what": words("cell.not_allowed"),
        "wants": words("expected.one_of", values=codes_listed(column)),
    }


def _unknown_indicator(spec: TableSpec, found: str) -> _Found:
    """An indicator the catalogue does not know: the nearest known one, and how to declare a
    new one (a typo must still be caught, so nothing is guessed)."""
    column = spec.column("indicator")
    names = dict(column.codes or {})
    nearest = indicator_catalogue.nearest_code(column.accepted_codes(), found)
    listed = [
        words("indicator.named", code=code, name=names[code])
        for code in spec.required_rows
        if code in names
    ]
    parts = [
        words("expected.catalogue_such_as", listed=listing(listed))
        if listed
        else words("expected.catalogue")
    ]
    if nearest is not None:
        parts.append(words("expected.nearest_indicator", code=nearest, name=names[nearest]))
    parts.append(words("expected.declare_indicator", file=REGION_CATALOGUE_FILE))
    return {
        "what": words("cell.unknown_indicator"),
        "wants": words("expected.parts", parts=listing(parts, "semicolon")),
    }


def _range_expected(column: ColumnSpec) -> Words:
    low = f"{column.minimum:g}"
    if column.name in contract.MULTIPLE_COLUMNS:
        return words("expected.multiple_at_least", low=low)
    if column.maximum is None:
        return words("expected.rate_at_least", low=low)
    high = f"{column.maximum:g}"
    if column.kind == "month":
        return words("expected.month_range", low=low, high=high)
    return words("expected.rate_range", low=low, high=high)


def _duplicate(spec: TableSpec, table: Table, row: int) -> _Found | None:
    keys = table.frame[list(spec.key)]
    if keys.loc[row].isna().any():
        return None  # an empty key cell is reported as such, not as a duplicate
    same = (keys == keys.loc[row]).all(axis=1)
    first = int(same[same].index[0])
    shown = "/".join(found_text(table, row, k) for k in spec.key)
    label = "+".join(table.headers[k] for k in spec.key)
    return {
        "what": words("row.duplicate", key=label, first=first),
        "wants": words("expected.once", key=label),
        "saw": shown,
        "row": row,
        "column": table.headers[spec.key[0]] if len(spec.key) == 1 else label,
    }


def _above_limit(spec: TableSpec, table: Table, row: int | None, value: str, limit: str) -> _Found:
    value_header, limit_header = table.headers[value], table.headers[limit]
    unit = found_text(table, row, "unit")
    return {
        "what": words("cell.above_limit", value=value_header, limit=limit_header),
        "wants": words("expected.at_most", figure=found_text(table, row, limit), unit=unit),
        "saw": f"{found_text(table, row, value)} {unit}",
        "row": row,
        "column": value_header,
    }


# The figures a growth rate is computed from, where a table has both.
_GROWTH_BASES = (("value", "prior_value"), ("output", "prior_output"))


def check_rates_are_percentages(
    reading: Reading, spec: TableSpec, sheet: Sheet, table: Table
) -> None:
    """A growth typed as a fraction (0.267 for 26.7%): the row's own figures give it away."""
    base = next((b for b in _GROWTH_BASES if set(b) <= set(table.headers)), None)
    if base is None or "growth_pct" not in table.headers:
        return
    frame, tolerance = table.frame, settings.RATE_TOLERANCE_PP
    computed = (frame[base[0]] / frame[base[1]].where(frame[base[1]] > 0) - 1) * 100
    stated = frame["growth_pct"]
    fraction = ((stated - computed).abs() > tolerance) & (
        (stated * 100 - computed).abs() <= tolerance
    )
    value_header, prior_header = table.headers[base[0]], table.headers[base[1]]
    for row in frame.index[fraction.fillna(False).astype(bool)]:
        reading.error(
            sheet.file_name,
            words("cell.fraction"),
            words(
                "expected.percentage",
                rate=plain_decimal(Decimal(repr(float(stated[row]))) * 100),
                value=value_header,
                prior=prior_header,
                computed=f"{computed[row]:.1f}",
            ),
            found_text(table, row, "growth_pct"),
            sheet=sheet.sheet,
            row=int(row),
            column=table.headers["growth_pct"],
        )


def check_required_rows(reading: Reading, spec: TableSpec, sheet: Sheet, table: Table) -> None:
    if not spec.required_rows or spec.key[0] not in table.headers:
        return
    column = spec.column(spec.key[0])
    present = set(table.frame[column.name].dropna())
    for code in spec.required_rows:
        if code not in present:
            names = column.codes or {}
            reading.error(
                sheet.file_name,
                words("row.required_missing", code=code, name=names[code]),
                words(
                    "expected.row_for_each",
                    codes=listing(spec.required_rows),
                    names=listing(names[c] for c in spec.required_rows),
                ),
                sheet=sheet.sheet,
                column=table.headers[column.name],
            )


# --- the plan: checks across its rows ------------------------------------------------------


def annual_targets(indicators: Table | None) -> dict[str, float]:
    """Indicator code -> annual target (亿元) of the indicators table, where it gives one."""
    if indicators is None:
        return {}
    given = indicators.frame.dropna(subset=["indicator", "annual_target"])
    given = given.drop_duplicates("indicator")  # a repeated indicator is an error of its own
    return dict(zip(given["indicator"], given["annual_target"], strict=True))


def check_plan(reading: Reading, sheet: Sheet, table: Table, targets: dict[str, float]) -> None:
    if not {"indicator", "month", "planned"} <= set(table.headers):
        return  # a missing column is reported already; there is nothing to compare
    try:
        checks.plan_schema(targets).validate(table.frame, lazy=True)
    except pa.errors.SchemaErrors as failure:
        failing = failure.failure_cases[["check", "index"]].dropna().drop_duplicates()
        for check, row in failing.itertuples(index=False):
            reading.problems.append(
                _problem(reading, sheet, _plan_problem(table, str(check), int(row), targets))
            )


def _plan_problem(table: Table, check: str, row: int, targets: dict[str, float]) -> _Found:
    # A known code (the plan checks judge no other rows): the cell's str, as it is.
    indicator = str(table.frame.at[row, "indicator"])
    named = words("indicator.named", code=indicator, name=contract.PLAN_INDICATOR_NAMES[indicator])
    month_header, planned_header = table.headers["month"], table.headers["planned"]
    if check == checks.CHECK_PLAN_ALL_MONTHS:
        missing = checks.missing_plan_months(table.frame, indicator)
        present = [m for m in contract.PLAN_MONTHS if m not in missing]
        return {
            "what": words("plan.lacks", indicator=named, months=_months(missing)),
            "wants": words("expected.every_month"),
            "saw": words("found.months", months=_months(present)),
            "column": month_header,
        }
    found = f"{found_text(table, row, 'planned')} {found_text(table, row, 'unit')}"
    if check == checks.CHECK_PLAN_NOT_FALLING:
        before = checks.previous_plan_row(table.frame, row)
        assert before is not None  # a plan falls from the month before
        # As text, as the message below would show them anyway.
        month, month_before = (
            str(table.frame.at[row, "month"]),
            str(table.frame.at[before, "month"]),
        )
        return {
            "what": words("plan.falls", indicator=named, before=month_before, month=month),
            "wants": words(
                "expected.plan_at_least",
                figure=found_text(table, before, "planned"),
                unit=found_text(table, before, "unit"),
                month=month_before,
                row=before,
            ),
            "saw": found,
            "row": row,
            "column": planned_header,
        }
    return {
        "what": words("plan.not_target", indicator=named),
        "wants": words(
            "expected.plan_target",
            target=f"{targets[indicator]:g}",
            tolerance=f"{contract.PLAN_TARGET_TOLERANCE:g}",
            unit=contract.STORED_UNIT,
        ),
        "saw": found,
        "row": row,
        "column": planned_header,
    }


def _months(months: list[int]) -> Words:
    """Months as runs: [1, 2, 3, 6, 9, 10] -> 'months 1-3, 6, 9-10'; [7] -> 'month 7'."""
    runs: list[list[int]] = []
    for month in months:
        if runs and month == runs[-1][-1] + 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    listed = listing(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
    return words("plan.month" if len(months) == 1 else "plan.months", months=listed)
