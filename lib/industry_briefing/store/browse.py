"""Reading the warehouse across periods and regions: what it holds, and an analyst's SQL.

Both read through `access.connected` (a shared lock, a read-only connection), so a query can
never change the warehouse, and a batch writing it is waited for rather than refused.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from industry_briefing.core.periods import Period
from industry_briefing.store import access


def stored_periods(warehouse_path: Path) -> dict[str, list[Period]]:
    """Every region in the warehouse with its periods, oldest first; none without a file."""
    warehouse_path = Path(warehouse_path)
    if not warehouse_path.is_file():
        return {}
    with access.connected(warehouse_path) as connection:
        tables = {name for (name,) in connection.execute("SHOW TABLES").fetchall()}
        if "periods" not in tables:
            return {}
        rows = connection.execute("SELECT DISTINCT region, period FROM periods").fetchall()
    found: dict[str, list[Period]] = {}
    for region, period in rows:
        found.setdefault(str(region), []).append(Period.parse(period))
    return {region: sorted(periods) for region, periods in sorted(found.items())}


@dataclass(frozen=True)
class StoredInputs:
    """What a stored period was read from: its region, its input files' sha256 (as the
    reader recorded them) and the library that read them ("" when not recorded)."""

    region: str
    files: dict[str, str]
    read_by: str


def stored_inputs(warehouse_path: Path) -> dict[Period, list[StoredInputs]]:
    """Every stored period with what it was read from (a period of several regions has one
    entry each); none without a file. One query: the batch asks it once to load again only
    the months whose files changed."""
    warehouse_path = Path(warehouse_path)
    if not warehouse_path.is_file():
        return {}
    with access.connected(warehouse_path) as connection:
        columns = {
            name
            for (name,) in connection.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'periods'"
            ).fetchall()
        }
        if not columns:
            return {}
        read_by = "read_by" if "read_by" in columns else "NULL"
        rows = connection.execute(
            f"SELECT region, period, files_json, {read_by} FROM periods"
        ).fetchall()
    found: dict[Period, list[StoredInputs]] = {}
    for region, period, files, reader in rows:
        stored = StoredInputs(str(region), json.loads(files), reader or "")
        found.setdefault(Period.parse(period), []).append(stored)
    return found


class QueryError(ValueError):
    """An analyst's SQL that DuckDB refused (a typo, a write to the read-only warehouse)."""


def read_query(warehouse_path: Path, sql: str, parameters: Sequence[object] = ()) -> pd.DataFrame:
    """The result of one SQL query over the warehouse, opened read-only (a statement that
    would write is refused by DuckDB)."""
    warehouse_path = Path(warehouse_path)
    if not warehouse_path.is_file():
        raise FileNotFoundError(f"the warehouse {warehouse_path} does not exist")
    with access.connected(warehouse_path) as connection:
        try:
            return connection.execute(sql, list(parameters)).df()
        except duckdb.Error as error:
            # The query's own error, said in one line; a file that cannot be read is left to
            # `access.connected`, which says it is damaged.
            if access.unreadable(error):
                raise
            raise QueryError(f"the query failed: {access.first_line(error)}") from None
