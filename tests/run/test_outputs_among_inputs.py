"""No output path may be an input: the warehouse and the reports folder (where the batch makes
its staging folders) are refused inside a data root or on an input file, with one line and
exit 2, before anything is read, moved aside or written. Each case on a copy of the data."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from industry_briefing import cli
from industry_briefing.core import settings

SEED = settings.RAW_DATA_DIR / "2011-02"


# check, ingest and template speak the analyst's language: these tests read their English; run
# and batch speak the locale's (their --lang is the briefings'), which the tests make English.
ENGLISH = {"check", "ingest", "template"}
ENGLISH_LOCALE = {"LC_ALL": "", "LC_MESSAGES": "en_US.UTF-8"}


def invoke(*args):
    command = [str(a) for a in args] + (
        ["--lang", "en"] if args and str(args[0]) in ENGLISH else []
    )
    return CliRunner(env=ENGLISH_LOCALE).invoke(cli.main, command)


def errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error: ")]


def tree(root: Path) -> dict[str, bytes | None]:
    """Every path under root (folders as None) with its bytes: what must not change."""
    return {
        str(p.relative_to(root)): None if p.is_dir() else p.read_bytes()
        for p in sorted(root.rglob("*"))
    }


@pytest.fixture
def root(tmp_path) -> Path:
    shutil.copytree(SEED, tmp_path / "raw" / "2011-02")
    return tmp_path / "raw"


def refused(root: Path, *args) -> list[str]:
    """The command's error lines, having checked it exits 2 and leaves the data as it was."""
    before = tree(root)
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert tree(root) == before, "an output was written among the inputs"
    return errors(result.output)


def message(what: str, path: Path, where: str, root: Path, option: str) -> str:
    return (
        f"error: {what} {path} {where} {root}: outputs are never written among the inputs; "
        f"give {option} a path outside it (nothing was written)"
    )


def test_rebuild_into_an_input_file_is_refused_and_the_file_stays(root):
    meta = root / "2011-02" / "meta.yml"
    lines = refused(root, "rebuild", "--data-dir", root, "--warehouse", meta)
    where = "is an input file of the data root"
    assert lines == [message("the warehouse", meta, where, root, "--warehouse")]
    assert not list(root.rglob("meta.yml.*")), "meta.yml was moved aside"


@pytest.mark.parametrize("target", ["2011-02/parks.csv", "w.duckdb", "2011-02/w.duckdb"])
def test_ingest_into_the_data_root_is_refused(root, target):
    path = root / target
    lines = refused(root, "ingest", "2011-02", "--data-dir", root, "--warehouse", path)
    where = "is an input file of the data root" if path.exists() else "is inside the data root"
    assert lines == [message("the warehouse", path, where, root, "--warehouse")]


def test_a_warehouse_linked_to_an_input_file_is_refused(root, tmp_path):
    link = tmp_path / "w.duckdb"
    link.symlink_to(root / "2011-02" / "meta.yml")
    lines = refused(root, "ingest", "2011-02", "--data-dir", root, "--warehouse", link)
    where = "is an input file of the data root"
    assert lines == [message("the warehouse", link, where, root, "--warehouse")]


def test_ingest_outside_the_data_root_still_writes(root, tmp_path):
    result = invoke("ingest", "2011-02", "--data-dir", root, "--warehouse", tmp_path / "w.duckdb")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "w.duckdb").is_file()


@pytest.mark.parametrize(
    ("reports", "where"), [("", "is the data root"), ("2011-02", "is inside the data root")]
)
def test_a_batch_reporting_into_the_data_root_is_refused(root, tmp_path, reports, where):
    path = root / reports if reports else root
    lines = refused(root, "batch", "--data-dir", root, "--warehouse", tmp_path / "w.duckdb",
                    "--reports-dir", path, "--no-topics")  # fmt: skip
    assert lines == [message("the reports folder", path, where, root, "--reports-dir")]


def test_a_forced_batch_into_an_input_file_is_refused(root, tmp_path):
    parks = root / "2011-02" / "parks.csv"
    lines = refused(root, "batch", "--force", "--data-dir", root, "--warehouse", parks,
                    "--reports-dir", tmp_path / "reports", "--no-topics")  # fmt: skip
    where = "is an input file of the data root"
    assert lines == [message("the warehouse", parks, where, root, "--warehouse")]
    assert not (tmp_path / "reports").exists()


def test_a_region_whose_reports_folder_is_its_own_data_root_is_refused(root):
    """--region names reports <reports-dir>/<folder name>: the data root itself here."""
    lines = refused(root, "batch", "--region", root, "--reports-dir", root.parent,
                    "--warehouse", root.parent / "w.duckdb", "--no-topics")  # fmt: skip
    assert lines == [message("the reports folder", root, "is the data root", root, "--reports-dir")]


def test_run_refuses_as_the_batch_does(root, tmp_path):
    lines = refused(root, "run", "2011-02", "--data-dir", root, "--reports-dir", root,
                    "--warehouse", tmp_path / "w.duckdb")  # fmt: skip
    assert lines == [message("the reports folder", root, "is the data root", root, "--reports-dir")]
