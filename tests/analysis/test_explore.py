"""The explore notebook's numbers: every release of the warehouse as long frames, single-month
values, last year and growth, figures checked against the bundled data's own files."""

import csv
import dataclasses
import math
import shutil

import pytest

from industry_briefing.analysis import explore, loading
from industry_briefing.core import settings
from industry_briefing.core.periods import Period
from industry_briefing.store import browse

RAW = settings.RAW_DATA_DIR


def rows_of(period: str, table: str) -> list[dict[str, str]]:
    with (RAW / period / f"{table}.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def cumulative(period: str, park: str) -> float:
    (row,) = [r for r in rows_of(period, "parks") if r["园区"] == park]
    return float(row["累计完成"])


def row_of(frame, **where):
    selected = frame
    for column, value in where.items():
        selected = selected.loc[selected[column] == value]
    assert len(selected) == 1, where
    return selected.iloc[0]


@pytest.fixture(scope="module")
def year(models):
    """The bundled year's releases, 2011-02 to 2011-12."""
    return models["2011-12"].releases


@pytest.fixture(scope="module")
def parks(year):
    return explore.across_periods(year, "park")


@pytest.mark.parametrize("park", [r["园区"] for r in rows_of("2011-05", "parks")])
def test_a_parks_single_month_is_its_cumulative_less_the_previous_release(parks, park):
    row = row_of(parks, park=park, period="2011-05")
    expected = cumulative("2011-05", park) - cumulative("2011-04", park)
    assert row["value"] == pytest.approx(cumulative("2011-05", park))
    assert row["single_month"] == pytest.approx(expected)
    assert (row["single_month_from"], row["month"]) == (5, 5)
    assert not row["single_month_gap"]


def test_the_first_release_of_the_year_is_not_split(parks):
    park = rows_of("2011-02", "parks")[0]["园区"]
    row = row_of(parks, park=park, period="2011-02")
    assert row["single_month"] == pytest.approx(cumulative("2011-02", park))
    assert (row["single_month_from"], row["month"]) == (1, 2)  # 1-2月, never January alone


def test_a_park_completes_its_annual_target(parks):
    (given,) = [r for r in rows_of("2011-05", "parks") if r["园区"] == "修文医药产业园区"]
    row = row_of(parks, park="修文医药产业园区", period="2011-05")
    expected = float(given["累计完成"]) / float(given["年度目标"]) * 100
    assert row["completion_pct"] == pytest.approx(expected)


def test_an_indicator_has_the_published_growth_and_last_years_figure(year):
    frame = explore.across_periods(year, "indicator")
    (given,) = [r for r in rows_of("2011-05", "indicators") if r["指标"] == "规模以上工业总产值"]
    row = row_of(frame, indicator="industrial_output", period="2011-05")
    assert row["value"] == pytest.approx(float(given["本期累计"]))
    assert row["last_year_value"] == pytest.approx(float(given["上年同期"]))
    assert row["last_year_given"]
    assert row["growth_pct"] == pytest.approx(float(given["同比增长(%)"]))
    assert row["growth_official"]


def test_without_last_year_the_same_period_is_missing_not_zero(parks):
    """The parks' table has no 上年同期 and the warehouse no 2010: nothing to compare with."""
    assert parks["last_year_value"].isna().all()
    assert parks["growth_pct"].isna().all()
    assert not parks["growth_official"].any()


def test_last_years_release_gives_the_same_period_and_a_computed_growth(year):
    """A 2010-05 release in the warehouse: 2011-05's parks are compared with it, and the
    growth is computed (not official), as the briefing computes one (value/prior − 1)."""
    may = next(r for r in year if r.period == Period(2011, 5))
    halved = may.parks.assign(completed=may.parks["completed"] / 2)
    last_may = dataclasses.replace(may, period=Period(2010, 5), parks=halved)
    frame = explore.across_periods([last_may, *year], "park")
    park = "修文医药产业园区"
    row = row_of(frame, park=park, period="2011-05")
    assert row["last_year_value"] == pytest.approx(cumulative("2011-05", park) / 2)
    assert not row["last_year_given"]
    assert row["growth_pct"] == pytest.approx(100.0)
    assert not row["growth_official"]
    april = row_of(frame, park=park, period="2011-04")  # 2010 has no April release
    assert math.isnan(april["last_year_value"]) and math.isnan(april["growth_pct"])
    first = row_of(frame, park=park, period="2010-05")  # years never mix
    assert first["single_month"] == pytest.approx(cumulative("2011-05", park) / 2)
    assert first["single_month_from"] == 1


def test_a_level_has_no_single_month(year):
    frame = explore.across_periods(year, "indicator", flows={"industrial_investment"})
    output = frame.loc[frame["indicator"] == "industrial_output"]
    assert output["single_month"].isna().all()
    investment = frame.loc[frame["indicator"] == "industrial_investment"]
    assert investment["single_month"].notna().all()


def test_the_by_year_chart_fills_last_year_from_the_reported_figures(year):
    frame = explore.across_periods(year, "indicator")
    output = frame.loc[frame["indicator"] == "industrial_output"]
    years = explore.by_year(output)
    (given,) = [r for r in rows_of("2011-05", "indicators") if r["指标"] == "规模以上工业总产值"]
    last_may = row_of(years, year=2010, month=5)
    assert last_may["value"] == pytest.approx(float(given["上年同期"]))
    assert last_may["source"] == "last_year"
    assert row_of(years, year=2011, month=5)["source"] == "release"


def test_a_name_not_in_the_warehouse_is_said_with_names_that_are(parks):
    with pytest.raises(LookupError, match="修文医药产业园区"):
        explore.named(parks, "park", "修文医药园区")
    assert len(explore.named(parks, "park", "")) == len(parks)


def test_the_latest_rows_are_the_newest_release(parks):
    assert set(explore.latest_rows(parks)["period"]) == {"2011-12"}


def test_the_models_frames_are_named_as_code_reaches_them(models):
    frames = explore.model_frames(models["2011-05"])
    assert frames["model.parks"] is models["2011-05"].parks
    assert len(frames["model.figures.enterprises"]) == len(rows_of("2011-05", "enterprises"))


@pytest.fixture
def two_months(tmp_path):
    root = tmp_path / "raw"
    for period in ("2011-02", "2011-03"):
        shutil.copytree(RAW / period, root / period)
    shutil.copy(RAW / "profile.yml", root / "profile.yml")
    return root


def test_the_warehouse_is_stocked_once_then_only_read(two_months, tmp_path):
    db = tmp_path / "w.duckdb"
    told = []
    stocked = loading.stock_warehouse(str(two_months), str(db), lambda *a: told.append(a))
    assert stocked.ingested == (Period(2011, 2), Period(2011, 3))
    assert [(done, total) for done, total, _ in told] == [(0, 2), (1, 2)]
    written = db.stat().st_mtime_ns
    again = loading.stock_warehouse(str(two_months), str(db))
    assert again.ingested == () and again.unreadable == {}
    assert db.stat().st_mtime_ns == written  # complete: nothing written
    explorer = explore.open_explorer(str(two_months), str(db))
    assert explorer.periods == [Period(2011, 2), Period(2011, 3)]
    assert explorer.regions == ["贵阳市"]


def test_a_month_that_cannot_be_read_is_said_in_one_line(two_months, tmp_path):
    (two_months / "2011-03" / "parks.csv").write_text("园区\n", encoding="utf-8")
    stocked = loading.stock_warehouse(str(two_months), str(tmp_path / "w.duckdb"))
    assert stocked.ingested == (Period(2011, 2),)
    (problem,) = stocked.unreadable.values()
    assert "parks.csv" in problem and "\n" not in problem


def test_an_unknown_region_is_said_with_the_warehouses(two_months, tmp_path):
    with pytest.raises(LookupError, match="贵阳市"):
        explore.open_explorer(str(two_months), str(tmp_path / "w.duckdb"), "遵义市")


def test_a_query_reads_and_never_writes(two_months, tmp_path):
    db = tmp_path / "w.duckdb"
    explorer = explore.open_explorer(str(two_months), str(db))
    sql = "SELECT period, count(*) AS parks FROM parks WHERE region = ? GROUP BY period"
    counted = explore.query(explorer, sql + " ORDER BY period", ["贵阳市"])
    assert counted["parks"].tolist() == [len(rows_of("2011-02", "parks"))] * 2
    with pytest.raises(browse.QueryError, match=r"^the query failed: .*read-only"):
        explore.query(explorer, "DELETE FROM parks")
    with pytest.raises(browse.QueryError):
        explore.query(explorer, "SELEC 1")
    assert len(explore.query(explorer, "SELECT * FROM parks")) == counted["parks"].sum()


def test_a_kind_no_release_has_gives_no_rows_not_an_error(year):
    """A region that reports no parks (most real bulletins): its topic pages still render."""
    without_parks = [
        dataclasses.replace(release, parks=release.parks.iloc[0:0]) for release in year
    ]
    frame = explore.across_periods(without_parks, "park")
    assert frame.empty
    assert {"park", "period", "value"} <= set(frame.columns)
