"""Input folders in tmp_path, copied from the bundled period, so tests can break them freely."""

import shutil
from pathlib import Path

import pytest

from industry_briefing import reader, settings, warehouse
from industry_briefing.model import build_model

SEED = settings.RAW_DATA_DIR / "2011-02"
OPTIONAL_TABLES = Path(__file__).parent / "data" / "optional"  # invented rows, see its README

OPTIONAL_META = """\
  districts:
    provenance: illustrative
  enterprises:
    provenance: illustrative
  projects:
    provenance: illustrative
    overrides:
      - row: 某装备制造项目
        column: total_investment
        provenance: derived
        note: 测试用
  plan:
    provenance: illustrative
"""


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data dir holding a copy of the bundled 2011-02 folder."""
    root = tmp_path / "raw"
    shutil.copytree(SEED, root / "2011-02")
    return root


@pytest.fixture
def period_dir(data_dir: Path) -> Path:
    return data_dir / "2011-02"


@pytest.fixture
def full_period_dir(period_dir: Path) -> Path:
    """The bundled period plus the optional tables (districts, enterprises, projects, plan)."""
    for csv in OPTIONAL_TABLES.glob("*.csv"):
        shutil.copy(csv, period_dir / csv.name)
    meta = period_dir / "meta.yml"
    meta.write_text(meta.read_text(encoding="utf-8") + OPTIONAL_META, encoding="utf-8")
    return period_dir


@pytest.fixture
def plan_dir(period_dir: Path) -> Path:
    """The bundled period plus the test plan (and its provenance), no other optional table."""
    shutil.copy(OPTIONAL_TABLES / "plan.csv", period_dir / "plan.csv")
    meta = period_dir / "meta.yml"
    meta.write_text(
        meta.read_text(encoding="utf-8") + "  plan:\n    provenance: illustrative\n",
        encoding="utf-8",
    )
    return period_dir


@pytest.fixture(scope="session")
def models(tmp_path_factory):
    """Each bundled month's model with the year's earlier releases, as a batch builds it
    (built once for the session: several test modules check every month)."""
    db = tmp_path_factory.mktemp("warehouse") / "w.duckdb"
    releases, built = [], {}
    for period in reader.available_periods(settings.RAW_DATA_DIR):
        figures = reader.read_period(settings.RAW_DATA_DIR, period)
        warehouse.write_period(db, figures)
        releases.append(warehouse.load_period(db, period))
        built[str(period)] = build_model(figures, releases=tuple(releases))
    return built
