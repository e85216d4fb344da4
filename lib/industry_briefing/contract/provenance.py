"""Which figures are published, derived or illustrative: the rule that decides a cell's mark.

meta.yml gives each table a default provenance and may override it for a row, a column or a
cell. The most specific rule wins: cell, then row, then column, then the table's default.
"""

from __future__ import annotations

import pandas as pd

from industry_briefing.contract.tables import TABLES, row_key
from industry_briefing.core.figures import PeriodFigures

RowKey = str | tuple | list


_Rule = tuple[str | None, str | None, str, str | None]  # row key, column, provenance, note
_RULES: dict[int, tuple[PeriodFigures, dict[str, list[_Rule]]]] = {}


def _rules_by_table(figures: PeriodFigures) -> dict[str, list[_Rule]]:
    """The provenance rules of a period by table, as plain tuples, read once per figures (a
    briefing asks for the mark of every cell it states)."""
    held = _RULES.get(id(figures))
    if held is not None and held[0] is figures:
        return held[1]
    by_table: dict[str, list[_Rule]] = {}
    columns = ["table", "row_key", "column", "provenance", "note"]
    for table, key, column, kind, note in figures.provenance[columns].itertuples(index=False):
        by_table.setdefault(str(table), []).append(
            (_text(key), _text(column), str(kind), _text(note))
        )
    if len(_RULES) > 64:
        _RULES.clear()
    _RULES[id(figures)] = (figures, by_table)
    return by_table


def _text(value: object) -> str | None:
    # pandas-stubs' isna has no overload for an `object` (pandas takes any scalar)
    return None if pd.isna(value) else str(value)  # type: ignore[call-overload]


def provenance_rule(figures: PeriodFigures, table: str, key: RowKey, column: str) -> _Rule:
    """The rule deciding a cell's provenance: cell override, else row, else column, else table
    (the first of the most specific rules).

    `key` is the row's key as a code, a Chinese name or a tuple (白云区/工业投资); `column` an
    English or Chinese header.
    """
    spec = TABLES[table]
    found = spec.find_column(column)
    return _chosen(_rules_of(figures, table), row_key(spec, key), found.name if found else column)


def _rules_of(figures: PeriodFigures, table: str) -> list[_Rule]:
    rules = _rules_by_table(figures).get(table)
    if not rules:
        raise KeyError(f"no provenance for table {table!r}: is it in the period's input?")
    return rules


def _chosen(rules: list[_Rule], wanted: str, column: str) -> _Rule:
    """The first of the most specific rules that match the row and the (English) column."""
    chosen, rank = rules[0], -1
    for rule in rules:
        rule_key, rule_column = rule[0], rule[1]
        if rule_key not in (None, wanted) or rule_column not in (None, column):
            continue
        specificity = (rule_key is not None) * 2 + (rule_column is not None)
        if specificity > rank:
            chosen, rank = rule, specificity
    if rank < 0:
        raise KeyError(f"no provenance rule matches {wanted!r}, {column!r}")
    return chosen


def provenance_of(figures: PeriodFigures, table: str, key: RowKey, column: str) -> str:
    """published, derived or illustrative: of one cell of the period's figures."""
    return provenance_rule(figures, table, key, column)[2]


def note_of(figures: PeriodFigures, table: str, key: RowKey, column: str) -> str | None:
    """The note explaining a cell's provenance, if meta.yml gives one."""
    return provenance_rule(figures, table, key, column)[3]


def kinds_of_row(
    figures: PeriodFigures, table: str, key: RowKey, columns: list[str]
) -> dict[str, str]:
    """published, derived or illustrative for each of a row's columns (English names): the
    row's rules looked up once."""
    rules, wanted = _rules_of(figures, table), row_key(TABLES[table], key)
    return {column: _chosen(rules, wanted, column)[2] for column in columns}
