"""A warehouse people share and lose: damaged, it is said in one line and rebuilt from the input
(the damaged file kept aside); two batches on it at once both finish; two regions in it keep
apart. Real processes of the `briefing` command, as analysts run them."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from industry_briefing.core import settings
from industry_briefing.core.periods import Period
from industry_briefing.store import access, warehouse
from industry_briefing.store.access import WarehouseDamaged

pytestmark = pytest.mark.slow

MONTHS = ("2011-02", "2011-03")
# The briefing alone: the topic pages and the Word file add nothing these tests look at.
BRIEFING_ONLY = ("--no-topics", "--no-docx")
TIMEOUT_S = 600


# check, ingest and template speak the analyst's language: these tests read their English; run
# and batch speak the locale's (their --lang is the briefings'), which the tests make English.
ENGLISH = {"check", "ingest", "template"}
ENGLISH_LOCALE = {**os.environ, "LC_ALL": "", "LC_MESSAGES": "en_US.UTF-8"}


def briefing(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-m",
        "industry_briefing",
        *map(str, args),
        *(["--lang", "en"] if args and str(args[0]) in ENGLISH else []),
    ]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=TIMEOUT_S, cwd=cwd, env=ENGLISH_LOCALE
    )


def start(*args: object, cwd: Path) -> subprocess.Popen[str]:
    command = [
        sys.executable,
        "-m",
        "industry_briefing",
        *map(str, args),
        *(["--lang", "en"] if args and str(args[0]) in ENGLISH else []),
    ]
    return subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=cwd,
        env=ENGLISH_LOCALE,
    )


def data_root(tmp: Path, name: str = "raw", region: str | None = None) -> Path:
    root = tmp / name
    for month in MONTHS:
        shutil.copytree(settings.RAW_DATA_DIR / month, root / month)
        if region is not None:
            meta = root / month / "meta.yml"
            meta.write_text(meta.read_text(encoding="utf-8").replace("贵阳市", region))
    return root


def errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error: ")]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    """Two months rendered once, their warehouse whole (copied by each test)."""
    tmp = tmp_path_factory.mktemp("shared")
    root = data_root(tmp)
    done = briefing("batch", "--data-dir", root, "--warehouse", tmp / "w.duckdb",
                    "--reports-dir", tmp / "reports", *BRIEFING_ONLY, cwd=tmp)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return tmp


def copy_of(rendered: Path, tmp: Path) -> Path:
    for name in ("raw", "reports"):
        shutil.copytree(rendered / name, tmp / name, symlinks=True)
    shutil.copy(rendered / "w.duckdb", tmp / "w.duckdb")
    return tmp


def damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "empty":
        path.write_bytes(b"")
    elif how == "overwritten":
        path.write_bytes(os.urandom(len(data)))
    else:  # cut short: its header and first blocks stay readable
        path.write_bytes(data[: len(data) // 8])


def damaged_line(db: Path) -> str:
    return f"error: the warehouse {db} is damaged ("


@pytest.mark.parametrize("how", ["empty", "overwritten", "cut short"])
def test_a_damaged_warehouse_is_said_in_one_line_by_every_command(rendered, tmp_path, how):
    tmp = copy_of(rendered, tmp_path)
    db = tmp / "w.duckdb"
    damage(db, how)
    common = ("--data-dir", tmp / "raw", "--warehouse", db)
    for args in (
        ("batch", *common, "--reports-dir", tmp / "reports", *BRIEFING_ONLY),
        ("ingest", "2011-03", *common),
        ("run", "2011-03", *common, "--reports-dir", tmp / "reports"),
    ):
        done = briefing(*args, cwd=tmp)
        lines = errors(done.stdout + done.stderr)
        assert done.returncode == 2, done.stdout + done.stderr
        assert len(lines) == 1 and lines[0].startswith(damaged_line(db)), lines
        assert lines[0].endswith(
            "rebuild it from the input with `briefing rebuild` or `briefing batch --force` "
            "(the damaged file is kept beside it)"
        )
        assert "Traceback" not in done.stderr
    # nothing written but the warehouse's private folder (its lock: store/access.py)
    assert sorted(p.name for p in tmp.iterdir()) == [".briefing", "raw", "reports", "w.duckdb"]


def test_batch_force_rebuilds_a_damaged_warehouse_keeping_the_damaged_file(rendered, tmp_path):
    tmp = copy_of(rendered, tmp_path)
    db = tmp / "w.duckdb"
    damage(db, "overwritten")
    damaged = db.read_bytes()
    done = briefing("batch", "--force", "--data-dir", tmp / "raw", "--warehouse", db,
                    "--reports-dir", tmp / "reports", *BRIEFING_ONLY, cwd=tmp)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "the damaged warehouse is kept as " in done.stderr
    (kept,) = tmp.glob("w.duckdb.damaged-*")
    assert kept.read_bytes() == damaged
    access.verify(db)
    assert warehouse.list_periods(db) == [Period.parse(month) for month in MONTHS]
    assert "2 ran" in done.stdout


def test_rebuild_builds_the_warehouse_anew_from_the_input(rendered, tmp_path):
    tmp = copy_of(rendered, tmp_path)
    db = tmp / "w.duckdb"
    damage(db, "cut short")
    with pytest.raises(WarehouseDamaged):
        access.verify(db)
    done = briefing("rebuild", "--data-dir", tmp / "raw", "--warehouse", db, cwd=tmp)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines() == [
        "2011-02: loaded",
        "2011-03: loaded",
        f"warehouse {db} rebuilt from {tmp / 'raw'}: 2 periods; the file it replaces is kept "
        f"as {next(tmp.glob('w.duckdb.damaged-*'))}.",
    ]
    access.verify(db)
    assert len(warehouse.load_periods(db, list(MONTHS))) == 2


def test_two_batches_on_one_warehouse_both_finish(rendered, tmp_path):
    tmp = copy_of(rendered, tmp_path)
    db = tmp / "w.duckdb"
    batches = [
        start(
            "batch",
            "--force",
            "--data-dir",
            tmp / "raw",
            "--warehouse",
            db,
            "--reports-dir",
            tmp / name,
            *BRIEFING_ONLY,
            "--jobs",
            "1",
            cwd=tmp,
        )
        for name in ("reports-a", "reports-b")
    ]
    outputs = [process.communicate(timeout=TIMEOUT_S)[0] for process in batches]
    for process, output in zip(batches, outputs, strict=True):
        assert process.returncode == 0, output
        assert "2 ran" in output and "Traceback" not in output
    for name in ("reports-a", "reports-b"):
        assert all((tmp / name / month / "briefing.pdf").is_file() for month in MONTHS)


def test_regions_sharing_a_warehouse_keep_apart(tmp_path):
    db = tmp_path / "shared.duckdb"
    regions = {
        "贵阳市": data_root(tmp_path, "guiyang"),
        "遵义市": data_root(tmp_path, "zunyi", "遵义市"),
    }
    for region, root in [*regions.items(), ("贵阳市", regions["贵阳市"])]:  # then again
        reports = tmp_path / f"reports-{root.name}"
        done = briefing("batch", "--force", "--data-dir", root, "--warehouse", db,
                        "--reports-dir", reports, *BRIEFING_ONLY, cwd=tmp_path)  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        page = (reports / "2011-03" / "briefing.html").read_text(encoding="utf-8")
        assert f"<title>{region}工业经济运行简报（2011年1-3月）</title>" in page
    assert warehouse.list_periods(db, "遵义市") == [Period.parse(month) for month in MONTHS]
    assert warehouse.list_periods(db, "贵阳市") == [Period.parse(month) for month in MONTHS]
