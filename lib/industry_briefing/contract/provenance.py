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
