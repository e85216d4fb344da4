"""The provenance rules of meta.yml, checked against the tables read."""

from __future__ import annotations

import pandas as pd

from industry_briefing.contract import tables as contract
from industry_briefing.contract.meta import Meta, Override, TableMeta
from industry_briefing.contract.tables import TableSpec
from industry_briefing.core.errors import Words, listing, words
from industry_briefing.core.figures import PROVENANCE_COLUMNS
from industry_briefing.ingest.meta import in_sheet, meta_error, provenance_words
from industry_briefing.ingest.reading import Reading, Table, table_names

# --- provenance -----------------------------------------------------------------------------

# A row of the provenance frame: PROVENANCE_COLUMNS -> value, None where it does not apply.
Rule = dict[str, str | None]


def provenance_rules(reading: Reading, meta: Meta, tables: dict[str, Table | None]) -> pd.DataFrame:
    """The table defaults and overrides of meta.yml, checked against the tables read."""
    rules: list[Rule] = []
    described: set[str] = set()
    for written, table_meta in meta.tables.items():
        spec = contract.find_table(written)
        if spec is None:
            what = _said(reading, "unknown_table", table=written)
            meta_error(reading, ("tables", written, "table"), what, table_names(), written)
            continue
        described.add(spec.name)
        if tables.get(spec.name) is None:
            continue  # absent, or unreadable and reported where it was read
        rules.append(_rule(spec.name, None, None, table_meta))
        for number, override in enumerate(table_meta.overrides):
            rule = _override_rule(reading, spec, tables[spec.name], written, number, override)
            if rule and any(_same_cells(rule, other) for other in rules):
                path: tuple[str | int, ...] = ("tables", written, "overrides", number)
                what = _said(reading, "second_override", table=written, number=number)
                meta_error(reading, path, what)
            elif rule:
                rules.append(rule)
    for name, table in tables.items():
        if table is not None and name not in described:
            missing = ("tables", name, "provenance")
            if in_sheet(reading):
                title = contract.TABLES[name].title
                what = words("meta.sheet.no_provenance", table=title)
                meta_error(reading, missing, what, provenance_words())
            else:
                meta_error(
                    reading,
                    missing,
                    words("meta.no_table", table=name),
                    words("expected.table_provenance", table=name),
                )
    return pd.DataFrame(rules, columns=PROVENANCE_COLUMNS, dtype="str")


def _said(reading: Reading, kind: str, table: str, number: int = 0) -> Words:
    """A problem of meta.yml named by its keys (tables.parks.overrides[0].row), or of the
    来源 sheet named by its table (园区), at its row."""
    if in_sheet(reading):
        return words(f"meta.sheet.{kind}", table=table)
    return words(f"meta.{kind}", table=table, number=number)


def _rule(table: str, row_key: str | None, column: str | None, noted: Override | TableMeta) -> Rule:
    values = (table, row_key, column, noted.provenance, noted.note, noted.note_en)
    return dict(zip(PROVENANCE_COLUMNS, values, strict=True))


def _same_cells(rule: Rule, other: Rule) -> bool:
    return all(rule[k] == other[k] for k in ("table", "row_key", "column"))


def _override_rule(
    reading: Reading,
    spec: TableSpec,
    table: Table | None,
    written: str,
    number: int,
    override: Override,
) -> Rule | None:
    path = ("tables", written, "overrides", number)
    column = None
    if override.column is not None:
        found = spec.find_column(override.column)
        if found is None or found.name == "unit":
            stored = [spec.column(name) for name in spec.stored_columns]
            expected = words(
                "expected.stored_columns",
                names=listing(spec.stored_columns),
                headers=listing(c.header for c in stored),
            )
            what = _said(reading, "unknown_column", table=written, number=number)
            meta_error(reading, (*path, "column"), what, expected, override.column)
            return None
        column = found.name
    key = None
    if override.row is not None:
        key = contract.row_key(spec, override.row)
        if table is not None and set(spec.key) <= set(table.headers):
            keys = _row_keys(spec, table.frame)
            if key not in keys:
                expected = words(
                    "expected.row_of_table",
                    key="/".join(spec.key),
                    headers="/".join(spec.column(k).header for k in spec.key),
                    table=spec.name,
                    title=spec.title,
                    example=keys[0],
                )
                what = _said(reading, "no_such_row", table=written, number=number)
                meta_error(reading, (*path, "row"), what, expected, override.row)
                return None
    return _rule(spec.name, key, column, override)


def _row_keys(spec: TableSpec, frame: pd.DataFrame) -> list[str]:
    return [
        contract.KEY_SEPARATOR.join(str(v) for v in values)
        for values in frame[list(spec.key)].itertuples(index=False)
    ]
