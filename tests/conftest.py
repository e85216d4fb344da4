"""Input folders in tmp_path, copied from the bundled period, so tests can break them freely."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from industry_briefing.analysis.model import build_model
from industry_briefing.core import settings
from industry_briefing.ingest import reader
from industry_briefing.store import warehouse

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


# --- the bundled year rendered once per session (the browser, PDF and render tests read it) ----

BATCH_TIMEOUT_S = 900
ARTIFACTS_ENV = "BRIEFING_TEST_ARTIFACTS"
_artifacts_used: list[Path] = []


@pytest.fixture(scope="session")
def bundled_reports(tmp_path_factory) -> Path:
    """`briefing batch` over the bundled data/raw into a tmp reports dir (and tmp warehouse),
    as `make briefing` renders the year: every period's HTML, PDF, notebook and the index."""
    tmp = tmp_path_factory.mktemp("bundled")
    command = [
        sys.executable, "-m", "industry_briefing", "batch",
        "--data-dir", str(settings.RAW_DATA_DIR),
        "--warehouse", str(tmp / "w.duckdb"),
        "--reports-dir", str(tmp / "reports"),
    ]  # fmt: skip
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=BATCH_TIMEOUT_S, cwd=tmp
        )
    except subprocess.TimeoutExpired as timeout:
        pytest.fail(
            f"`briefing batch` of the bundled year took over {BATCH_TIMEOUT_S} s:\n"
            f"{timeout.stdout}\n{timeout.stderr}"
        )
    assert done.returncode == 0, f"`briefing batch` failed:\n{done.stdout}\n{done.stderr}"
    return tmp / "reports"


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests leave files for a person to look at (screenshots): `test-artifacts/` at the
    project root (gitignored), or $BRIEFING_TEST_ARTIFACTS. Printed at the end of the run."""
    where = os.environ.get(ARTIFACTS_ENV)
    path = Path(where).resolve() if where else settings.PROJECT_ROOT / "test-artifacts"
    path.mkdir(parents=True, exist_ok=True)
    _artifacts_used.append(path)
    return path


def pytest_terminal_summary(terminalreporter):
    for path in _artifacts_used:
        terminalreporter.write_line(f"test artefacts (screenshots) in {path}")
