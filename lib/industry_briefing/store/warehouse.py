"""The DuckDB warehouse: every ingested period's figures and the provenance of each cell.

A period is written in one transaction that first deletes its earlier rows, so a re-ingest
replaces it and a failed ingest leaves the earlier rows as they were. Each table carries
`region` and `period`, and `position` keeps the input's row order.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, NamedTuple

import duckdb
import pandas as pd

from industry_briefing.contract.tables import TABLES, TableSpec
from industry_briefing.core.figures import PROVENANCE_COLUMNS, PeriodFigures
from industry_briefing.core.periods import Period
from industry_briefing.store import access

PERIODS_DDL = """
CREATE TABLE IF NOT EXISTS periods (
    region VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    ingested_at TIMESTAMP NOT NULL,  -- UTC
    files_json VARCHAR NOT NULL      -- {"2011-02/parks.csv": "<sha256>", ...}
)
"""
# Columns the periods table gained after its first release: added to older warehouses.
PERIODS_ADDED = {
    "profile_json": "VARCHAR",  # the data root's profile.yml, or NULL: today's defaults
    "regional_json": "VARCHAR",  # the region's own indicators (indicators.yml)
    "analyst_text": "VARCHAR",  # the month's notes.md
    "source_en": "VARCHAR",  # meta.yml's source_en
    "read_by": "VARCHAR",  # the library that read the files in (the batch's), or NULL
    "issue_json": "VARCHAR",  # meta.yml's issue: the month's 期号 and 印发日期
    "read_from": "VARCHAR",  # meta.yml's read_from: the published text a draft was read from
}

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
    note VARCHAR,
    note_en VARCHAR
)
"""
PROVENANCE_STORED = ["table_name", "row_key", "column_name", "provenance", "note", "note_en"]
# Columns the provenance table gained after its first release: added to older warehouses.
PROVENANCE_ADDED = {"note_en": "VARCHAR"}


class PeriodNotInWarehouse(LookupError):
    """The warehouse file, or the period in it, does not exist: it has not been ingested."""


class RegionAmbiguous(LookupError):
    """The period is in the warehouse for several regions, and no region was named."""


def write_period(warehouse_path: Path, figures: PeriodFigures, read_by: str = "") -> None:
    """Store a period's figures, replacing its earlier rows; all or nothing. `read_by` names
    the library that read them (the batch loads a month again when it differs)."""
    warehouse_path = Path(warehouse_path)
    warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    with access.connected(warehouse_path, write=True) as connection:
        connection.execute("BEGIN TRANSACTION")
        try:
            _create_schema(connection)
            _replace_period(connection, figures, read_by)
            connection.execute("COMMIT")
        except BaseException:
            access.roll_back(connection)
            raise  # a disk that refused the write: access.WarehouseUnwritable, with its cause
    access.mark_whole(warehouse_path)  # written whole by this process: no need to read it all


def load_period(
    warehouse_path: Path, period: str | Period, region: str | None = None
) -> PeriodFigures:
    """The figures of a period as written; raises PeriodNotInWarehouse if it is not there."""
    return load_periods(warehouse_path, [period], region)[0]


def load_periods(
    warehouse_path: Path, periods: list[str | Period], region: str | None = None
) -> list[PeriodFigures]:
    """The figures of several periods, in the order asked, through one connection and one
    query per table (a year's releases: 12 connections and 90 queries were most of a
    notebook's run). Raises PeriodNotInWarehouse if one is not there."""
    parsed = [p if isinstance(p, Period) else Period.parse(p) for p in periods]
    if not parsed:
        return []
    warehouse_path = Path(warehouse_path)
    if not warehouse_path.is_file():
        first = parsed[0]
        raise PeriodNotInWarehouse(
            f"the warehouse {warehouse_path} does not exist; run `briefing ingest {first}` first"
        )
    with _reading(warehouse_path) as connection:
        present = _tables(connection)
        rows = [_period_row(connection, warehouse_path, p, region, present) for p in parsed]
        keys = [(row.region, str(p)) for p, row in zip(parsed, rows, strict=True)]
        tables = {
            name: _load_table(connection, spec, keys, present) for name, spec in TABLES.items()
        }
        provenance = _load_provenance(connection, keys)
    return [
        PeriodFigures(
            period=period,
            region=key[0],
            source=row.source,
            **{name: tables[name][key] for name in TABLES},
            provenance=provenance[key],
            warnings=(),  # warnings are shown at ingest; they are not stored
            files=json.loads(row.files_json),
            profile=json.loads(row.profile_json) if row.profile_json else None,
            regional_indicators=json.loads(row.regional_json) if row.regional_json else {},
            analyst_text=row.analyst_text or "",
            source_en=row.source_en or "",
            issue=json.loads(row.issue_json) if row.issue_json else {},
            read_from=row.read_from or "",
        )
        for period, key, row in zip(parsed, keys, rows, strict=True)
    ]


def list_periods(warehouse_path: Path, region: str | None = None) -> list[Period]:
    """The periods in the warehouse (of `region`, or of any), oldest first; none if there is
    no file."""
    warehouse_path = Path(warehouse_path)
    if not warehouse_path.is_file():
        return []
    query, parameters = "SELECT DISTINCT period FROM periods", []
    if region is not None:
        query, parameters = query + " WHERE region = ?", [region]
    with _reading(warehouse_path) as connection:
        if "periods" not in _tables(connection):
            return []
        rows = connection.execute(query, parameters).fetchall()
    return sorted(Period.parse(period) for (period,) in rows)


# --- schema and writing ---------------------------------------------------------------------


_SQL_TYPES = {
    "amount": "DOUBLE",
    "rate": "DOUBLE",
    "number": "DOUBLE",
    "month": "INTEGER",
    "rank": "INTEGER",
}


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
    """The tables, created where missing; a warehouse written before the contract gained a
    column gets it (empty for the periods stored then: they could not have given it), and a
    column required once and optional now (an indicator's value) loses NOT NULL. One look at
    the catalog first, so that an up-to-date warehouse costs no statement per column."""
    columns = {
        (table, column): nullable == "YES"
        for table, column, nullable in connection.execute(
            "SELECT table_name, column_name, is_nullable FROM information_schema.columns"
        ).fetchall()
    }
    tables = {table for table, _ in columns}
    for ddl, table in ((PERIODS_DDL, "periods"), (PROVENANCE_DDL, "provenance")):
        if table not in tables:
            connection.execute(ddl)
    for table, added in (("periods", PERIODS_ADDED), ("provenance", PROVENANCE_ADDED)):
        for name, sql_type in added.items():
            if (table, name) not in columns:
                connection.execute(
                    f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {name} {sql_type}"
                )
    for spec in TABLES.values():
        if spec.name not in tables:
            connection.execute(table_ddl(spec))
            continue
        for name in spec.stored_columns:
            if (spec.name, name) not in columns:
                sql_type = _SQL_TYPES.get(spec.column(name).kind, "VARCHAR")
                connection.execute(f"ALTER TABLE {spec.name} ADD COLUMN {name} {sql_type}")
            elif not spec.column(name).required and not columns[(spec.name, name)]:
                connection.execute(f"ALTER TABLE {spec.name} ALTER COLUMN {name} DROP NOT NULL")


def _replace_period(
    connection: duckdb.DuckDBPyConnection, figures: PeriodFigures, read_by: str
) -> None:
    keys = [figures.region, str(figures.period)]
    for table in ["periods", "provenance", *TABLES]:
        connection.execute(f"DELETE FROM {table} WHERE region = ? AND period = ?", keys)
    connection.execute(
        "INSERT INTO periods (region, period, source, ingested_at, files_json, profile_json, "
        "regional_json, analyst_text, source_en, read_by, issue_json, read_from) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            *keys,
            figures.source,
            _now_utc(),
            json.dumps(figures.files, ensure_ascii=False),
            None if figures.profile is None else json.dumps(figures.profile, ensure_ascii=False),
            json.dumps(figures.regional_indicators, ensure_ascii=False),
            figures.analyst_text,
            figures.source_en,
            read_by or None,
            json.dumps(figures.issue, ensure_ascii=False),
            figures.read_from or None,
        ],
    )
    for name, spec in TABLES.items():
        frame = figures.table(name)[spec.stored_columns]
        _insert(connection, name, figures, frame)
    provenance = figures.provenance[PROVENANCE_COLUMNS].set_axis(PROVENANCE_STORED, axis=1)
    _insert(connection, "provenance", figures, provenance)


def _insert(
    connection: duckdb.DuckDBPyConnection, table: str, figures: PeriodFigures, frame: pd.DataFrame
) -> None:
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


@contextmanager
def reading(warehouse_path: Path) -> Iterator[None]:
    """Within the block, the loads of this warehouse share one read-only connection (a
    connection costs about 50 ms; a notebook's model loads the warehouse several times), and
    no other process writes it."""
    key = Path(warehouse_path).resolve()
    if key in _kept or not key.is_file():  # a missing warehouse: each load says so
        yield
        return
    with access.connected(key) as connection:
        _kept[key] = connection
        try:
            yield
        finally:
            del _kept[key]


_kept: dict[Path, duckdb.DuckDBPyConnection] = {}


def _reading(warehouse_path: Path) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
    kept = _kept.get(Path(warehouse_path).resolve())
    if kept is not None:
        return nullcontext(kept)
    return access.connected(Path(warehouse_path))


class PeriodRow(NamedTuple):
    """A period's row of the periods table."""

    region: str
    source: str
    files_json: str
    profile_json: str | None
    regional_json: str | None
    analyst_text: str | None
    source_en: str | None
    read_by: str | None
    issue_json: str | None
    read_from: str | None


# The (region, period) a table's rows are loaded by.
PeriodKey = tuple[str, str]


def _period_row(
    connection: duckdb.DuckDBPyConnection,
    warehouse_path: Path,
    period: Period,
    region: str | None,
    present: set[str],
) -> PeriodRow:
    columns = _columns(connection, "periods") if "periods" in present else set()
    added = [name if name in columns else f"NULL AS {name}" for name in PERIODS_ADDED]
    query = f"SELECT region, source, files_json, {', '.join(added)} FROM periods WHERE period = ?"
    parameters = [str(period)]
    if region is not None:
        query += " AND region = ?"
        parameters.append(region)
    rows = connection.execute(query, parameters).fetchall() if "periods" in present else []
    if not rows:
        of_region = f" of {region}" if region else ""
        raise PeriodNotInWarehouse(
            f"period {period}{of_region} is not in the warehouse {warehouse_path}; "
            f"run `briefing ingest {period}` first"
        )
    if len(rows) > 1:
        regions = ", ".join(sorted(str(r[0]) for r in rows))
        raise RegionAmbiguous(
            f"period {period} is in the warehouse for {regions}: name the region (the "
            "notebooks' `region` parameter)"
        )
    return PeriodRow(*rows[0])


def _columns(connection: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = connection.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]
    ).fetchall()
    return {name for (name,) in rows}


def _tables(connection: duckdb.DuckDBPyConnection) -> set[str]:
    return {name for (name,) in connection.execute("SHOW TABLES").fetchall()}


def _rows_of(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    columns: list[str],
    keys: list[PeriodKey],
    dtypes: Literal["str"] | dict[str, str],  # "str": every column text
    names: list[str] | None = None,  # the frame's columns, where `columns` are expressions
) -> dict[PeriodKey, pd.DataFrame]:
    """The rows of `table` for the (region, period) keys, in stored order, typed, split by
    key (each frame indexed from 0)."""
    pairs = " OR ".join(["(region = ? AND period = ?)"] * len(keys))
    frame = connection.execute(
        f"SELECT region, period, {', '.join(columns)} FROM {table} WHERE {pairs} "
        "ORDER BY region, period, position",
        [value for key in keys for value in key],
    ).df()
    names = names or columns
    typed = frame[names].astype(dtypes)
    groups = dict(iter(typed.groupby([frame["region"], frame["period"]], sort=False)))
    return {key: groups.get(key, typed.iloc[:0]).reset_index(drop=True) for key in keys}


def _load_table(
    connection: duckdb.DuckDBPyConnection, spec: TableSpec, keys: list[PeriodKey], present: set[str]
) -> dict[PeriodKey, pd.DataFrame]:
    if spec.name not in present:  # a warehouse written before the contract had this table
        return {key: spec.empty_frame() for key in keys}
    dtypes = {name: spec.column(name).dtype for name in spec.stored_columns}
    stored = _columns(connection, spec.name)
    # Columns a warehouse written before the contract had them lacks: empty.
    selected = [n if n in stored else f"NULL AS {n}" for n in spec.stored_columns]
    return _rows_of(connection, spec.name, selected, keys, dtypes, spec.stored_columns)


def _load_provenance(
    connection: duckdb.DuckDBPyConnection, keys: list[PeriodKey]
) -> dict[PeriodKey, pd.DataFrame]:
    # A warehouse written before a column was added reads it as empty.
    stored = _columns(connection, "provenance")
    selected = [n if n in stored else f"NULL AS {n}" for n in PROVENANCE_STORED]
    frames = _rows_of(connection, "provenance", selected, keys, "str", PROVENANCE_STORED)
    return {key: frame.set_axis(PROVENANCE_COLUMNS, axis=1) for key, frame in frames.items()}
