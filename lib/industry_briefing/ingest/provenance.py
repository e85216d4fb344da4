"""The provenance rules of meta.yml, checked against the tables read."""

from __future__ import annotations

import pandas as pd

from industry_briefing.contract import tables as contract
from industry_briefing.contract.meta import Meta, Override, TableMeta
from industry_briefing.contract.tables import TableSpec
from industry_briefing.core.figures import PROVENANCE_COLUMNS
from industry_briefing.ingest.reading import META_FILE, Reading, Table, table_names

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
            reading.error(META_FILE, f"tables.{written}: unknown table", table_names(), written)
            continue
        described.add(spec.name)
        if tables.get(spec.name) is None:
            continue  # absent, or unreadable and reported where it was read
        rules.append(_rule(spec.name, None, None, table_meta))
        for number, override in enumerate(table_meta.overrides):
            rule = _override_rule(reading, spec, tables[spec.name], written, number, override)
            if rule and any(_same_cells(rule, other) for other in rules):
                where = f"tables.{written}.overrides[{number}]"
                reading.error(META_FILE, f"{where}: a second override of the same cells")
            elif rule:
                rules.append(rule)
    for name, table in tables.items():
        if table is not None and name not in described:
            reading.error(
                META_FILE,
                f"tables.{name} is missing",
                f"the provenance of the {name} table: published, derived or illustrative",
            )
    return pd.DataFrame(rules, columns=PROVENANCE_COLUMNS, dtype="str")


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
    where = f"tables.{written}.overrides[{number}]"
    column = None
    if override.column is not None:
        found = spec.find_column(override.column)
        if found is None or found.name == "unit":
            expected = "one of " + ", ".join(spec.stored_columns)
            reading.error(META_FILE, f"{where}.column: unknown column", expected, override.column)
            return None
        column = found.name
    key = None
    if override.row is not None:
        key = contract.row_key(spec, override.row)
        if table is not None and set(spec.key) <= set(table.headers):
            keys = _row_keys(spec, table.frame)
            if key not in keys:
                expected = f"the {'/'.join(spec.key)} of a row of {spec.name}, e.g. {keys[0]}"
                reading.error(META_FILE, f"{where}.row: no such row", expected, override.row)
                return None
    return _rule(spec.name, key, column, override)


def _row_keys(spec: TableSpec, frame: pd.DataFrame) -> list[str]:
    return [
        contract.KEY_SEPARATOR.join(str(v) for v in values)
        for values in frame[list(spec.key)].itertuples(index=False)
    ]
