"""The DuckDB warehouse: every ingested period's figures and the provenance of each cell.

A period is written in one transaction that first deletes its earlier rows, so a re-ingest
replaces it and a failed ingest leaves the earlier rows as they were. Each table carries
`region` and `period`, and `position` keeps the input's row order.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from industry_briefing.contract import TABLES, TableSpec
from industry_briefing.periods import Period
from industry_briefing.reader import PROVENANCE_COLUMNS, PeriodFigures

PERIODS_DDL = """
CREATE TABLE IF NOT EXISTS periods (
    region VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    ingested_at TIMESTAMP NOT NULL,  -- UTC
    files_json VARCHAR NOT NULL      -- {"2011-02/parks.csv": "<sha256>", ...}
)
"""

# `table` and `column` are SQL keywords: stored as table_name and column_name.
PROVENANCE_DDL = """
CREATE TABLE IF NOT EXISTS provenance (
    region VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    table_name VARCHAR NOT NULL,
    row_key VARCHAR,
    column_name VARCHAR,
    provenance VARCHAR NOT NULL,
    note VARCHAR
)
"""
PROVENANCE_STORED = ["table_name", "row_key", "column_name", "provenance", "note"]


class PeriodNotInWarehouse(LookupError):
    """The warehouse file, or the period in it, does not exist: it has not been ingested."""


def write_period(warehouse_path: Path, figures: PeriodFigures) -> None:
    """Store a period's figures, replacing its earlier rows; all or nothing."""
    warehouse_path = Path(warehouse_path)
    warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse_path)) as connection:
        connection.execute("BEGIN TRANSACTION")
        try:
            _create_schema(connection)
            _replace_period(connection, figures)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise


def load_period(
    warehouse_path: Path, period: str | Period, region: str | None = None
) -> PeriodFigures:
    """The figures of a period as written; raises PeriodNotInWarehouse if it is not there."""
    period = period if isinstance(period, Period) else Period.parse(period)
    warehouse_path = Path(warehouse_path)
    if not warehouse_path.is_file():
        raise PeriodNotInWarehouse(
            f"the warehouse {warehouse_path} does not exist; run `briefing ingest {period}` first"
        )
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        region, source, files_json = _period_row(connection, warehouse_path, period, region)
        where = {"region": region, "period": str(period)}
        return PeriodFigures(
            period=period,
            region=region,
            source=source,
            **{name: _load_table(connection, spec, where) for name, spec in TABLES.items()},
            provenance=_load_provenance(connection, where),
            warnings=(),  # warnings are shown at ingest; they are not stored
            files=json.loads(files_json),
        )


def list_periods(warehouse_path: Path) -> list[Period]:
    """The periods in the warehouse (of any region), oldest first; none if there is no file."""
    warehouse_path = Path(warehouse_path)
    if not warehouse_path.is_file():
        return []
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        if not _has_table(connection, "periods"):
            return []
        rows = connection.execute("SELECT DISTINCT period FROM periods").fetchall()
    return sorted(Period.parse(period) for (period,) in rows)


# --- schema and writing ---------------------------------------------------------------------


_SQL_TYPES = {"amount": "DOUBLE", "rate": "DOUBLE", "month": "INTEGER"}


def table_ddl(spec: TableSpec) -> str:
    """The warehouse table of a contract table: its stored columns, NOT NULL where required."""
    columns = [
        "region VARCHAR NOT NULL",
        "period VARCHAR NOT NULL",
        "position INTEGER NOT NULL",
    ]
    for name in spec.stored_columns:
        column = spec.column(name)
        sql_type = _SQL_TYPES.get(column.kind, "VARCHAR")
        columns.append(f"{name} {sql_type}{' NOT NULL' if column.required else ''}")
    return f"CREATE TABLE IF NOT EXISTS {spec.name} (\n    " + ",\n    ".join(columns) + "\n)"


def _create_schema(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute(PERIODS_DDL)
    connection.execute(PROVENANCE_DDL)
    for spec in TABLES.values():
        connection.execute(table_ddl(spec))


def _replace_period(connection: duckdb.DuckDBPyConnection, figures: PeriodFigures) -> None:
    keys = [figures.region, str(figures.period)]
    for table in ["periods", "provenance", *TABLES]:
        connection.execute(f"DELETE FROM {table} WHERE region = ? AND period = ?", keys)
    connection.execute(
        "INSERT INTO periods VALUES (?, ?, ?, ?, ?)",
        [*keys, figures.source, _now_utc(), json.dumps(figures.files, ensure_ascii=False)],
    )
    for name, spec in TABLES.items():
        frame = figures.table(name)[spec.stored_columns]
        _insert(connection, name, figures, frame)
    provenance = figures.provenance[PROVENANCE_COLUMNS].set_axis(PROVENANCE_STORED, axis=1)
    _insert(connection, "provenance", figures, provenance)


def _insert(connection, table: str, figures: PeriodFigures, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    rows = frame.reset_index(drop=True)
    rows.insert(0, "position", range(len(rows)))
    rows.insert(0, "period", str(figures.period))
    rows.insert(0, "region", figures.region)
    columns = ", ".join(rows.columns)
    connection.register("incoming", rows)
    # No try/finally: after a failed insert the transaction is aborted and unregister would
    # raise over the real error; the view dies with the connection anyway.
    connection.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming")
    connection.unregister("incoming")


def _now_utc() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# --- loading --------------------------------------------------------------------------------


def _period_row(connection, warehouse_path: Path, period: Period, region: str | None):
    query = "SELECT region, source, files_json FROM periods WHERE period = ?"
    parameters = [str(period)]
    if region is not None:
        query += " AND region = ?"
        parameters.append(region)
    rows = connection.execute(query, parameters).fetchall() if _has_table(connection) else []
    if not rows:
        of_region = f" of {region}" if region else ""
        raise PeriodNotInWarehouse(
            f"period {period}{of_region} is not in the warehouse {warehouse_path}; "
            f"run `briefing ingest {period}` first"
        )
    if len(rows) > 1:
        regions = ", ".join(sorted(r[0] for r in rows))
        raise LookupError(f"period {period} is in the warehouse for {regions}: name the region")
    return rows[0]


def _has_table(connection, table: str = "periods") -> bool:
    query = "SELECT count(*) FROM information_schema.tables WHERE table_name = ?"
    return connection.execute(query, [table]).fetchone()[0] > 0


def _load_table(connection, spec: TableSpec, where: dict[str, str]) -> pd.DataFrame:
    if not _has_table(connection, spec.name):
        return spec.empty_frame()  # a warehouse written before the contract had this table
    columns = ", ".join(spec.stored_columns)
    frame = connection.execute(
        f"SELECT {columns} FROM {spec.name} WHERE region = ? AND period = ? ORDER BY position",
        [where["region"], where["period"]],
    ).df()
    dtypes = {name: spec.column(name).dtype for name in spec.stored_columns}
    return frame.astype(dtypes).reset_index(drop=True)


def _load_provenance(connection, where: dict[str, str]) -> pd.DataFrame:
    frame = connection.execute(
        f"SELECT {', '.join(PROVENANCE_STORED)} FROM provenance "
        "WHERE region = ? AND period = ? ORDER BY position",
        [where["region"], where["period"]],
    ).df()
    return frame.set_axis(PROVENANCE_COLUMNS, axis=1).astype("str").reset_index(drop=True)
