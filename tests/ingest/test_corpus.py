"""The bad-input corpus: every case gives its clear message and exit code 2, or reads as a
person would expect; none writes anything, and none ends in a traceback.

The cases are built into tmp_path by tests/ingest/corpus/make_corpus.py (generated rather than
committed: see its docstring); their expectations are in tests/ingest/corpus/cases.yml.
"""

import hashlib
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from industry_briefing import cli
from industry_briefing.contract import tables as contract
from industry_briefing.core import settings
from industry_briefing.core.figures import PeriodFigures
from industry_briefing.ingest import reader

CORPUS = Path(__file__).parent / "corpus"
sys.path.insert(0, str(CORPUS))
import make_corpus  # noqa: E402

EXPECTED = yaml.safe_load((CORPUS / "cases.yml").read_text(encoding="utf-8"))
TABLE_NAMES = list(contract.TABLES)


def test_every_case_has_an_expectation_and_there_are_enough():
    assert list(EXPECTED) == list(make_corpus.CASES)
    assert len(EXPECTED) >= 30
    outcomes = {case["outcome"] for case in EXPECTED.values()}
    assert outcomes == {"error", "reads"}
    assert any(name.startswith("xlsx-") for name in EXPECTED)
    assert any(name.startswith("csv-") for name in EXPECTED)
    for case in EXPECTED.values():  # one line per problem, in either language
        assert len(case.get("errors_zh", [])) == len(case.get("errors", []))
        assert len(case.get("warnings_zh", [])) == len(case.get("warnings", []))


def snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def invoke(*args):
    return CliRunner().invoke(cli.main, [str(a) for a in args])


def lines(output: str, prefix: str) -> list[str]:
    return [line.removeprefix(prefix) for line in output.splitlines() if line.startswith(prefix)]


def assert_no_traceback(result) -> None:
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback: {result.exception!r}") from result.exception
    assert "Traceback" not in result.output


def cell(figures: PeriodFigures, table: str, key: str, column: str):
    spec = contract.TABLES[table]
    frame = figures.table(table)
    keys = [
        contract.KEY_SEPARATOR.join(str(v) for v in row) for row in frame[list(spec.key)].values
    ]
    [position] = [i for i, k in enumerate(keys) if k == contract.row_key(spec, key)]
    return frame.iloc[position][column]


@pytest.fixture
def places(tmp_path, monkeypatch):
    """The default warehouse and reports paths point into tmp_path, so a write would show."""
    warehouse, reports = tmp_path / "default.duckdb", tmp_path / "reports"
    monkeypatch.setattr(settings, "WAREHOUSE_PATH", warehouse)
    monkeypatch.setattr(settings, "REPORTS_DIR", reports)
    return warehouse, reports


@pytest.mark.parametrize("name", list(EXPECTED), ids=list(EXPECTED))
def test_case(name, tmp_path, places):
    expected = EXPECTED[name]
    data_dir, period = make_corpus.build(name, tmp_path / "raw")
    before = snapshot(data_dir)
    default_warehouse, reports = places
    warehouse = tmp_path / "w.duckdb"

    check = invoke("check", period, "--data-dir", data_dir, "--lang", "en")
    ingest = invoke(
        "ingest", period, "--data-dir", data_dir, "--warehouse", warehouse, "--lang", "en"
    )

    for result in (check, ingest):
        assert_no_traceback(result)
        assert lines(result.output, "warning: ") == expected.get("warnings", [])
    if expected["outcome"] == "error":
        for result in (check, ingest):
            assert result.exit_code == 2, result.output
            errors = lines(result.output, "error: ")
            assert errors[:-1] == expected["errors"]
            count = len(expected["errors"])
            noun = "problem" if count == 1 else "problems"
            assert errors[-1] == f"{period}: {count} {noun} in the input; nothing was written"
        assert not warehouse.exists()
    else:
        assert check.exit_code == 0, check.output
        assert f"{period}: input is valid" in check.output
        assert ingest.exit_code == 0, ingest.output
        assert_reads_as_expected(expected, data_dir, period, warehouse)
    assert not default_warehouse.exists() and not reports.exists()
    assert snapshot(data_dir) == before  # the input is never written to
    # a warehouse written has its private folder (.briefing: its lock) beside it
    written = [".briefing", "w.duckdb"] if expected["outcome"] == "reads" else []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["raw", *written])


@pytest.mark.parametrize("name", list(EXPECTED), ids=list(EXPECTED))
def test_case_in_chinese(name, tmp_path, places):
    """The lines a Chinese region's analyst reads: every problem in Chinese, in the sheet's own
    words, a workbook's cell named."""
    expected = EXPECTED[name]
    data_dir, period = make_corpus.build(name, tmp_path / "raw")
    result = invoke("check", period, "--data-dir", data_dir, "--lang", "zh")
    assert_no_traceback(result)
    assert lines(result.output, "警告：") == expected.get("warnings_zh", [])
    if expected["outcome"] == "error":
        assert result.exit_code == 2, result.output
        errors = lines(result.output, "错误：")
        assert errors[:-1] == expected["errors_zh"]
        count = len(expected["errors_zh"])
        assert errors[-1] == f"{period}：输入中有{count}个问题，未写入任何内容"
    else:
        assert result.exit_code == 0, result.output
        assert f"{period}：输入无误（指标" in result.output


def assert_reads_as_expected(expected, data_dir: Path, period: str, warehouse: Path) -> None:
    figures = reader.read_period(data_dir, period)
    for table, key, column, value in expected["figures"]:
        got = cell(figures, table, key, column)
        if isinstance(value, str):
            assert got == value, (table, key, column)
        else:
            assert got == pytest.approx(value, abs=1e-9), (table, key, column)
    if expected["same_as_bundled"]:
        bundled = reader.read_period(settings.RAW_DATA_DIR, period)
        for table in [t for t in TABLE_NAMES if t != "facts"]:  # the cases leave facts out
            pd.testing.assert_frame_equal(getattr(figures, table), getattr(bundled, table))
        provenance = bundled.provenance.loc[bundled.provenance["table"] != "facts"]
        pd.testing.assert_frame_equal(figures.provenance, provenance.reset_index(drop=True))
    # What was read is what was ingested.
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        stored = connection.execute(
            "select indicator, value from indicators where period = ? order by position",
            [period],
        ).fetchall()
    assert stored == list(
        zip(figures.indicators["indicator"], figures.indicators["value"], strict=True)
    )


# --- end to end: the installed command in a process of its own -------------------------------


def run_briefing(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "industry_briefing", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("name", ["csv-text-in-number-cells", "xlsx-merged-data-cells"])
def test_bad_input_exits_2_from_a_real_process(name, tmp_path):
    data_dir, period = make_corpus.build(name, tmp_path / "raw")
    before = snapshot(data_dir)
    warehouse = tmp_path / "w.duckdb"
    result = run_briefing(
        "ingest", period, "--data-dir", data_dir, "--warehouse", warehouse, "--lang", "en"
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert lines(result.stderr, "error: ")[:-1] == EXPECTED[name]["errors"]
    assert "Traceback" not in result.stderr
    assert not warehouse.exists()
    assert snapshot(data_dir) == before


def test_a_readable_case_exits_0_from_a_real_process(tmp_path):
    data_dir, period = make_corpus.build("xlsx-hidden-row", tmp_path / "raw")
    result = run_briefing("check", period, "--data-dir", data_dir, "--lang", "en")
    assert result.returncode == 0
    assert "2011-02: input is valid (3 indicators, 10 parks)." in result.stdout  # corpus: no facts
    assert lines(result.stderr, "warning: ") == EXPECTED["xlsx-hidden-row"]["warnings"]
