"""Which figures are published, derived or illustrative: the rule that decides a cell's mark.

meta.yml gives each table a default provenance and may override it for a row, a column or a
cell. The most specific rule wins: cell, then row, then column, then the table's default.
"""

from __future__ import annotations

import pandas as pd

from industry_briefing.contract.tables import TABLES, row_key
from industry_briefing.core.figures import PeriodFigures

RowKey = str | tuple | list


def provenance_rule(provenance: pd.DataFrame, table: str, key: RowKey, column: str) -> pd.Series:
    """The rule deciding a cell's provenance: cell override, else row, else column, else table.

    `key` is the row's key as a code, a Chinese name or a tuple (白云区/工业投资); `column` an
    English or Chinese header.
    """
    spec = TABLES[table]
    wanted = row_key(spec, key)
    found = spec.find_column(column)
    column_name = found.name if found else column
    rules = provenance[provenance["table"] == table]
    matching = rules[
        (rules["row_key"].isna() | (rules["row_key"] == wanted))
        & (rules["column"].isna() | (rules["column"] == column_name))
    ]
    if matching.empty:
        raise KeyError(f"no provenance for table {table!r}: is it in the period's input?")
    specificity = matching["row_key"].notna() * 2 + matching["column"].notna()
    # By position: the first most specific rule, as idxmax would give its label.
    return matching.iloc[specificity.argmax()]


def provenance_of(figures: PeriodFigures, table: str, key: RowKey, column: str) -> str:
    """published, derived or illustrative: of one cell of the period's figures."""
    return str(provenance_rule(figures.provenance, table, key, column)["provenance"])


def note_of(figures: PeriodFigures, table: str, key: RowKey, column: str) -> str | None:
    """The note explaining a cell's provenance, if meta.yml gives one."""
    note = provenance_rule(figures.provenance, table, key, column)["note"]
    return None if pd.isna(note) else str(note)


_RULES: dict[int, tuple[PeriodFigures, dict[str, list[tuple[str | None, str | None, str]]]]] = {}


def _rules_by_table(figures: PeriodFigures) -> dict[str, list[tuple[str | None, str | None, str]]]:
    """The provenance rules of a period by table, as plain tuples, read once per figures."""
    held = _RULES.get(id(figures))
    if held is not None and held[0] is figures:
        return held[1]
    by_table: dict[str, list[tuple[str | None, str | None, str]]] = {}
    for table, key, column, kind in figures.provenance[
        ["table", "row_key", "column", "provenance"]
    ].itertuples(index=False):
        by_table.setdefault(str(table), []).append(
            (
                None if pd.isna(key) else str(key),
                None if pd.isna(column) else str(column),
                str(kind),
            )
        )
    if len(_RULES) > 64:
        _RULES.clear()
    _RULES[id(figures)] = (figures, by_table)
    return by_table


def kinds_of_row(
    figures: PeriodFigures, table: str, key: RowKey, columns: list[str]
) -> dict[str, str]:
    """published, derived or illustrative for each of a row's columns (English names), by the
    same rule as `provenance_of` (cell, then row, then column, then the table's default),
    without a lookup in the frame per cell."""
    rules = _rules_by_table(figures).get(table)
    if not rules:
        raise KeyError(f"no provenance for table {table!r}: is it in the period's input?")
    wanted = row_key(TABLES[table], key)
    kinds = {}
    for column in columns:
        best, rank = "", -1
        for rule_key, rule_column, kind in rules:
            if rule_key not in (None, wanted) or rule_column not in (None, column):
                continue
            specificity = (rule_key is not None) * 2 + (rule_column is not None)
            if specificity > rank:
                best, rank = kind, specificity
        kinds[column] = best
    return kinds
