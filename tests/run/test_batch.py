"""`briefing batch` end to end on two bundled months: run, skip, re-run what changed, isolate a
broken period, refuse a second batch, and run on a Dask cluster."""

import fcntl
import json
import re
import shutil

import openpyxl
import pytest
from click.testing import CliRunner

from industry_briefing import cli
from industry_briefing.core import settings
from industry_briefing.run import lock

pytestmark = pytest.mark.slow

MONTHS = ("2011-02", "2011-03")
# Where a test asks only which months run (the first batch renders every page of its months)
BRIEFING_ONLY = ("--no-topics", "--no-docx")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """Two months of input, and their reports from a first batch."""
    root = tmp_path_factory.mktemp("batch")
    for month in MONTHS:
        shutil.copytree(settings.RAW_DATA_DIR / month, root / "raw" / month)
    first = invoke(root)
    assert first.exit_code == 0, first.output
    return root, first


def invoke(root, *extra):
    args = [
        "batch",
        "--data-dir", root / "raw",
        "--warehouse", root / "w.duckdb",
        "--reports-dir", root / "reports",
        "--jobs", "2",
        *extra,
    ]  # fmt: skip
    # the batch speaks the locale's language, else the region's (Chinese): these read its English
    english = {"LC_ALL": "", "LC_MESSAGES": "en_US.UTF-8"}
    return CliRunner(env=english).invoke(cli.main, [str(a) for a in args])


def report(root, month, name="briefing.html"):
    return root / "reports" / month / name


def test_first_batch_renders_every_month_with_its_manifest_and_an_index(workspace):
    root, first = workspace
    assert "2 ran, 0 skipped in" in first.output
    for month in MONTHS:
        for name in ("briefing.html", "briefing.pdf", "briefing.ipynb", "manifest.json"):
            assert report(root, month, name).exists()
        for topic in settings.TOPICS:  # each topic notebook, executed and shared beside it
            page = report(root, month, f"{topic}.html").read_text(encoding="utf-8")
            assert "<title>贵阳市1-" in page and 'src="http' not in page
            assert report(root, month, f"{topic}.ipynb").exists()
            assert not report(root, month, f"{topic}.pdf").exists()  # only the briefing prints
    manifest = json.loads(report(root, "2011-03", "manifest.json").read_text(encoding="utf-8"))
    assert manifest["period"] == "2011-03"
    assert set(manifest["inputs"]) >= {"2011-02/parks.csv", "2011-03/parks.csv"}
    assert manifest["packages"]["pandas"] == "3.1.1"
    assert manifest["provenance"]["parks"] == ["illustrative"]
    assert manifest["provenance"]["indicators"] == ["illustrative", "derived"]
    assert {"execution", "export", "tables"} <= set(manifest["timings"])
    # the files the run left beside the briefing, its tables as a spreadsheet among them
    assert {"briefing.html", "briefing.pdf", "tables.xlsx", "manifest.json"} <= set(
        manifest["outputs"]
    )
    assert all(report(root, "2011-03", name).exists() for name in manifest["outputs"])
    sheet = openpyxl.load_workbook(report(root, "2011-03", "tables.xlsx"))["园区"]
    assert sheet["D2"].data_type == "n" and sheet["A1"].value == "园区"
    assert manifest["headline"]["indicators"][0]["name"] == "规模以上工业总产值"
    index = (root / "reports" / "index.html").read_text(encoding="utf-8")
    assert index.index("1-3月") < index.index("1-2月")  # newest first
    assert "192.1亿元" in index and "2011-02/briefing.html" in index
    assert 'href="2011-03/investment.html">工业投资</a>' in index
    assert 'href="2011-03/tables.xlsx">Excel</a>' in index


def test_footer_says_how_the_briefing_was_made(workspace):
    root, _ = workspace
    page = report(root, "2011-02").read_text(encoding="utf-8")
    assert "生成信息" in page
    assert "2011-02/parks.csv（sha256" in page


def test_second_batch_with_nothing_changed_skips_everything(workspace):
    root, _ = workspace
    before = report(root, "2011-03").stat().st_mtime_ns
    again = invoke(root)
    assert again.exit_code == 0
    assert "0 ran, 2 skipped" in again.output
    for month in MONTHS:  # the region named as the runs' lines name it
        assert f"贵阳市/{month}: unchanged since its last run, skipped" in again.output
        assert re.search(rf"^贵阳市/{month} +skipped$", again.output, re.M), again.output
    assert report(root, "2011-03").stat().st_mtime_ns == before


def test_a_changed_input_re_runs_its_month_and_the_months_that_read_it(workspace, tmp_path):
    root, _ = workspace
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    notes = copy / "raw" / "2011-02" / "parks.csv"
    notes.write_text(
        notes.read_text(encoding="utf-8").replace("亿元,\n", "亿元,更正\n", 1), encoding="utf-8"
    )
    result = invoke(copy)
    assert result.exit_code == 0, result.output
    assert "2 ran, 0 skipped" in result.output  # 2011-03 reads 2011-02 (its trend)
    assert "2 skipped" in invoke(copy).output
    assert "2 ran" in invoke(copy, "--force", *BRIEFING_ONLY).output


def copy_with_a_broken_month(workspace, tmp_path, month: str):
    """A copy of the workspace, its reports as the first batch left them, with `month`'s
    parks.csv given an unknown unit (元)."""
    root, _ = workspace
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    parks = copy / "raw" / month / "parks.csv"
    parks.write_text(parks.read_text(encoding="utf-8").replace("亿元", "元", 1), encoding="utf-8")
    return copy


def test_a_broken_month_fails_alone_and_keeps_its_last_good_briefing(workspace, tmp_path):
    copy = copy_with_a_broken_month(workspace, tmp_path, "2011-03")
    good = report(copy, "2011-03").read_bytes()
    result = invoke(copy)
    assert result.exit_code == 1
    assert "2011-03" in result.output and "failed" in result.output
    assert "unknown unit" in result.output
    assert report(copy, "2011-03").read_bytes() == good
    last = json.loads(report(copy, "2011-03", "last-run.json").read_text(encoding="utf-8"))
    assert last["status"] == "failed"
    index = (copy / "reports" / "index.html").read_text(encoding="utf-8")
    assert "最近一次生成失败" in index


def test_a_month_reading_a_broken_earlier_month_fails_too_not_on_stale_data(workspace, tmp_path):
    copy = copy_with_a_broken_month(workspace, tmp_path, "2011-02")
    good = report(copy, "2011-03").read_bytes()
    result = invoke(copy)
    assert result.exit_code == 1
    assert "2 failed, 0 ran" in result.output
    assert "2011-02, which this month's trends" in result.output
    assert report(copy, "2011-03").read_bytes() == good
    last = json.loads(report(copy, "2011-03", "last-run.json").read_text(encoding="utf-8"))
    assert last["status"] == "failed" and "fix it first" in last["error"]


def test_a_second_batch_on_the_same_reports_is_refused(workspace):
    root, _ = workspace
    with lock.lock_path(root / "reports").open("a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = invoke(root)
    assert result.exit_code == 2
    assert "another batch" in result.output and "is writing to" in result.output


def test_batch_runs_on_a_dask_cluster(workspace, tmp_path):
    distributed = pytest.importorskip("distributed")
    root, _ = workspace
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        result = invoke(copy, "--force", "--scheduler", cluster.scheduler_address, *BRIEFING_ONLY)
    assert result.exit_code == 0, result.output
    assert f"on {cluster.scheduler_address}" in result.output
    assert "2 ran" in result.output


def test_several_regions_each_with_its_own_data_root(tmp_path):
    for region in ("guiyang", "zunyi"):
        shutil.copytree(settings.RAW_DATA_DIR / "2011-02", tmp_path / region / "2011-02")
    args = [
        "batch",
        "--region", tmp_path / "guiyang",
        "--region", tmp_path / "zunyi",
        "--warehouse", tmp_path / "data" / "w.duckdb",
        "--reports-dir", tmp_path / "reports",
        *BRIEFING_ONLY,
    ]  # fmt: skip
    result = CliRunner().invoke(cli.main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    assert "guiyang/2011-02" in result.output and "zunyi/2011-02" in result.output
    for region in ("guiyang", "zunyi"):
        assert (tmp_path / "reports" / region / "2011-02" / "briefing.pdf").exists()
        assert (tmp_path / "data" / f"{region}.duckdb").exists()
    index = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    assert "guiyang/2011-02/briefing.html" in index and "zunyi/2011-02/briefing.html" in index
