"""The DuckDB warehouse: round trip, replacement on re-ingest, all-or-nothing writes."""

import dataclasses
import json

import duckdb
import pandas as pd
import pytest

from industry_briefing.contract.provenance import provenance_of
from industry_briefing.core import settings
from industry_briefing.core.figures import PeriodFigures
from industry_briefing.core.periods import Period
from industry_briefing.ingest import reader
from industry_briefing.store import warehouse

TABLE_NAMES = ["indicators", "parks", "districts", "enterprises", "projects", "plan", "provenance"]


@pytest.fixture
def figures(data_dir, full_period_dir) -> PeriodFigures:
    """The bundled period with every optional table, so every warehouse table gets rows."""
    return reader.read_period(data_dir, "2011-02")


@pytest.fixture
def db(tmp_path):
    return tmp_path / "nested" / "warehouse.duckdb"  # the parent does not exist yet


def assert_same(loaded: PeriodFigures, written: PeriodFigures) -> None:
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(getattr(loaded, name), getattr(written, name))
    assert (loaded.period, loaded.region, loaded.source, loaded.files) == (
        written.period,
        written.region,
        written.source,
        written.files,
    )


def count_rows(db, table: str) -> int:
    with duckdb.connect(str(db), read_only=True) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_loads_exactly_what_was_written(db, figures):
    warehouse.write_period(db, figures)
    loaded = warehouse.load_period(db, "2011-02")
    assert_same(loaded, figures)
    assert all(len(getattr(loaded, name)) for name in TABLE_NAMES)
    assert provenance_of(loaded, "parks", "龙洞堡食品工业园", "annual_target") == "illustrative"
    assert provenance_of(loaded, "indicators", "industrial_output", "annual_target") == "derived"


def test_plan_months_are_integers_and_amounts_yi_yuan_in_sql(db, figures):
    warehouse.write_period(db, figures)
    with duckdb.connect(str(db), read_only=True) as connection:
        types = dict(
            connection.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = 'plan'"
            ).fetchall()
        )
        december = connection.execute(
            "SELECT planned FROM plan WHERE indicator = 'parks_infrastructure' AND month = 12"
        ).fetchone()[0]
    assert (types["month"], types["planned"], types["indicator"]) == (
        "INTEGER",
        "DOUBLE",
        "VARCHAR",
    )
    assert december == pytest.approx(198.5)  # written as 1985000 万元


def test_a_warehouse_written_before_the_plan_table_loads_an_empty_plan(db, figures):
    warehouse.write_period(db, figures)
    with duckdb.connect(str(db)) as connection:
        connection.execute("DROP TABLE plan")
    loaded = warehouse.load_period(db, "2011-02")
    assert loaded.plan.empty
    assert list(loaded.plan.columns) == ["indicator", "month", "planned"]
    warehouse.write_period(db, figures)  # the next ingest creates it
    assert_same(warehouse.load_period(db, "2011-02"), figures)


def test_provenance_is_queryable_in_sql(db, figures):
    warehouse.write_period(db, figures)
    with duckdb.connect(str(db), read_only=True) as connection:
        rows = connection.execute(
            "SELECT table_name, column_name, provenance FROM provenance "
            "WHERE row_key IS NULL AND column_name IS NOT NULL ORDER BY position"
        ).fetchall()
        files = json.loads(connection.execute("SELECT files_json FROM periods").fetchone()[0])
    assert rows == [
        ("parks", "annual_target", "illustrative"),
        ("parks", "district", "illustrative"),
    ]
    assert files == figures.files


def test_reingest_replaces_the_period_rows(db, figures):
    warehouse.write_period(db, figures)
    warehouse.write_period(db, figures)
    assert count_rows(db, "parks") == 10
    assert count_rows(db, "periods") == 1
    fewer_parks = dataclasses.replace(figures, parks=figures.parks.iloc[:9])
    warehouse.write_period(db, fewer_parks)
    assert count_rows(db, "parks") == 9
    assert_same(warehouse.load_period(db, "2011-02"), fewer_parks)


def test_other_periods_are_left_alone(db, figures):
    warehouse.write_period(db, dataclasses.replace(figures, period=Period(2011, 3)))
    warehouse.write_period(db, figures)
    warehouse.write_period(db, figures)
    assert warehouse.list_periods(db) == [Period(2011, 2), Period(2011, 3)]
    assert count_rows(db, "parks") == 20


def test_a_failing_insert_leaves_the_earlier_rows_intact(db, figures):
    warehouse.write_period(db, figures)
    unnamed_project = figures.projects.copy()
    unnamed_project.loc[1, "project"] = None  # NOT NULL: fails after the deletes and inserts
    broken = dataclasses.replace(figures, parks=figures.parks.iloc[:3], projects=unnamed_project)
    with pytest.raises(duckdb.ConstraintException):
        warehouse.write_period(db, broken)
    assert_same(warehouse.load_period(db, "2011-02"), figures)
    assert count_rows(db, "periods") == 1


def test_load_from_a_missing_warehouse_says_to_ingest(db):
    with pytest.raises(warehouse.PeriodNotInWarehouse, match=r"run `briefing ingest 2011-02`"):
        warehouse.load_period(db, "2011-02")
    assert not db.exists()  # loading never creates a warehouse


def test_load_of_a_period_not_ingested_says_to_ingest(db, figures):
    warehouse.write_period(db, figures)
    with pytest.raises(LookupError, match=r"period 2011-04 is not in the warehouse .*2011-04"):
        warehouse.load_period(db, "2011-04")


def test_list_periods_of_a_missing_warehouse_is_empty(db):
    assert warehouse.list_periods(db) == []


def test_regions_are_kept_apart(db, figures):
    warehouse.write_period(db, figures)
    warehouse.write_period(db, dataclasses.replace(figures, region="遵义市"))
    with pytest.raises(LookupError, match="name the region"):
        warehouse.load_period(db, "2011-02")
    assert warehouse.load_period(db, "2011-02", region="遵义市").region == "遵义市"
    assert_same(warehouse.load_period(db, "2011-02", region="贵阳市"), figures)
    with pytest.raises(warehouse.PeriodNotInWarehouse, match="of 六盘水市"):
        warehouse.load_period(db, "2011-02", region="六盘水市")


def test_load_periods_gives_each_period_as_load_period_does_in_the_order_asked(db):
    bundled = settings.RAW_DATA_DIR
    written = [reader.read_period(bundled, p) for p in ("2011-02", "2011-03", "2011-04")]
    for figures in written:
        warehouse.write_period(db, figures)
    loaded = warehouse.load_periods(db, ["2011-04", "2011-02", "2011-03"])
    assert [f.period for f in loaded] == [Period(2011, 4), Period(2011, 2), Period(2011, 3)]
    for figures, original in zip(loaded, [written[2], written[0], written[1]], strict=True):
        assert_same(figures, original)
        pd.testing.assert_frame_equal(figures.provenance, original.provenance)
    assert warehouse.load_periods(db, []) == []
    with pytest.raises(warehouse.PeriodNotInWarehouse, match="period 2011-05 is not in"):
        warehouse.load_periods(db, ["2011-02", "2011-05"])


def test_loads_inside_reading_share_one_connection(db, figures, monkeypatch):
    warehouse.write_period(db, figures)
    opened = []
    connect = duckdb.connect
    monkeypatch.setattr(duckdb, "connect", lambda *a, **k: opened.append(a) or connect(*a, **k))
    with warehouse.reading(db):
        assert warehouse.list_periods(db) == [Period(2011, 2)]
        assert_same(warehouse.load_period(db, "2011-02"), figures)
    assert len(opened) == 1
    warehouse.list_periods(db)  # outside the block: a connection of its own again
    assert len(opened) == 2
