"""A month a user adds to the data root (2012-01, as the README's Data entry says) is read as
any month, and the scripts that copy the bundled year (the benchmark's province, the large
month) accept it and leave it out."""

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import duckdb
import openpyxl
import pytest
from click.testing import CliRunner

from industry_briefing import cli
from industry_briefing.core import settings
from industry_briefing.core.periods import Period, available_periods

SCRIPTS = settings.PROJECT_ROOT / "scripts"
BUNDLED = [f"2011-{month:02d}" for month in range(2, 13)]


def load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# check, ingest and template speak the analyst's language: these tests read their English.
ENGLISH = {"check", "ingest", "template"}


@pytest.fixture
def root_with_added_months(tmp_path: Path) -> Path:
    """A copy of the bundled data root plus 2012-01 (2011-12 renamed, its meta.yml's period
    changed) and 2012-02 as a filled-in workbook leaves it: a figures.xlsx, no meta.yml."""
    root = tmp_path / "raw"
    shutil.copytree(settings.RAW_DATA_DIR, root)
    shutil.copytree(root / "2011-12", root / "2012-01")
    meta = root / "2012-01" / "meta.yml"
    text = meta.read_text(encoding="utf-8")
    assert 'period: "2011-12"' in text
    meta.write_text(text.replace('period: "2011-12"', 'period: "2012-01"'), encoding="utf-8")
    (root / "2012-02").mkdir()
    workbook = openpyxl.Workbook()
    workbook.active.title = "指标"
    workbook.save(root / "2012-02" / "figures.xlsx")
    return root


def invoke(*args: object):
    command = [str(a) for a in args] + (
        ["--lang", "en"] if args and str(args[0]) in ENGLISH else []
    )
    return CliRunner().invoke(cli.main, command)


def test_an_added_month_is_checked_and_ingested(root_with_added_months: Path, tmp_path: Path):
    root, warehouse = root_with_added_months, tmp_path / "w.duckdb"
    checked = invoke("check", "2012-01", "--data-dir", root)
    assert checked.exit_code == 0, checked.output
    assert "2012-01: input is valid" in checked.output
    ingested = invoke("ingest", "2012-01", "--data-dir", root, "--warehouse", warehouse)
    assert ingested.exit_code == 0, ingested.output
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        stored = connection.execute("select period from periods").fetchall()
    assert stored == [("2012-01",)]


def test_the_province_is_the_bundled_year_whatever_the_user_added(
    root_with_added_months: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(settings, "RAW_DATA_DIR", root_with_added_months)
    [region] = load_script("generate_province").generate(tmp_path / "province", 1)
    assert [str(p) for p in available_periods(region)] == BUNDLED
    assert not (region / "2012-01").exists() and not (region / "2012-02").exists()


@pytest.mark.parametrize("period", ["2011-05", "2011-12"])
def test_the_large_month_is_of_the_bundled_year_whatever_the_user_added(
    period: str, root_with_added_months: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(settings, "RAW_DATA_DIR", root_with_added_months)
    script = load_script("generate_large_month")
    out = tmp_path / "large"
    folder = script.generate(out, Period.parse(period), 20, 10, 1)
    assert folder == out / period
    assert [str(p) for p in available_periods(out)] == [m for m in BUNDLED if m <= period]
    with pytest.raises(ValueError, match="2012-01 is not a bundled month"):
        script.generate(tmp_path / "other", Period.parse("2012-01"), 20, 10, 1)
