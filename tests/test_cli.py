"""The `briefing` command as an analyst meets it: exit codes, messages, nothing written on error."""

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import nbformat
import pytest
from click.testing import CliRunner

from industry_briefing import cli
from industry_briefing.cli import briefings
from industry_briefing.core import settings
from industry_briefing.run import worker

# check, ingest and template speak the analyst's language: these tests read their English.
ENGLISH = {"check", "ingest", "template"}


@pytest.fixture
def data_root(tmp_path):
    root = tmp_path / "raw"
    shutil.copytree(settings.RAW_DATA_DIR / "2011-02", root / "2011-02")
    return root


def invoke(*args):
    command = [str(a) for a in args] + (
        ["--lang", "en"] if args and str(args[0]) in ENGLISH else []
    )
    return CliRunner().invoke(cli.main, command)


def test_check_accepts_the_bundled_month():
    result = invoke("check", "2011-02")
    assert result.exit_code == 0
    assert "2011-02: input is valid (3 indicators, 10 parks, 1 facts)" in result.output


def test_bad_input_exits_2_with_every_problem_and_writes_nothing(data_root, tmp_path):
    parks = data_root / "2011-02" / "parks.csv"
    parks.write_text(
        parks.read_text(encoding="utf-8")
        .replace(",3,亿元", ",三亿,亿元")
        .replace(",0.17,", ",-0.17,"),
        encoding="utf-8",
    )
    warehouse = tmp_path / "w.duckdb"
    result = invoke("ingest", "2011-02", "--data-dir", data_root, "--warehouse", warehouse)
    assert result.exit_code == 2
    assert "2011-02/parks.csv, row 3, column 累计完成: not a number" in result.output
    assert "row 4, column 累计完成: amount is negative" in result.output
    assert "2 problems in the input; nothing was written" in result.output
    assert not warehouse.exists()


def test_ingest_twice_replaces_the_period(data_root, tmp_path):
    warehouse = tmp_path / "w.duckdb"
    for _ in range(2):
        assert (
            invoke("ingest", "2011-02", "--data-dir", data_root, "--warehouse", warehouse).exit_code
            == 0
        )
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        assert connection.execute("select count(*) from parks").fetchone() == (10,)


def test_python_dash_m_is_the_same_command():
    result = subprocess.run(
        [sys.executable, "-m", "industry_briefing", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert "check" in result.stdout and "ingest" in result.stdout and "run" in result.stdout


@pytest.mark.slow  # executes a notebook in a real kernel
def test_a_failing_notebook_keeps_the_last_good_report(tmp_path):
    failing = tmp_path / "briefing.ipynb"
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell('period = "2011-02"', metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell("raise ValueError('broken input')"),
        ]
    )
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(notebook, failing)
    reports = tmp_path / "reports"
    (reports / "2011-02").mkdir(parents=True)
    (reports / "2011-02" / "briefing.html").write_text("last good", encoding="utf-8")
    job = worker.Job(
        period="2011-02",
        region="",
        notebook=str(failing),
        reports_dir=str(reports),
        parameters={"period": "2011-02"},
        title="t",
        label="l",
        manifest={},
    )

    outcome = worker.execute(job)

    assert outcome.status == "failed"
    assert outcome.error == "ValueError: broken input"
    assert outcome.failed_cell == 3  # In [3]: after the parameters and the injected ones
    assert (reports / "2011-02" / "briefing.html").read_text(encoding="utf-8") == "last good"
    assert Path(outcome.kept_notebook) == reports / "2011-02" / "briefing.failed.ipynb"
    assert Path(outcome.kept_notebook).exists()
    assert not list(reports.glob("2011-02/.tmp-*")) and not list(reports.glob(".tmp-*"))
    assert '"status": "failed"' in (reports / "2011-02" / "last-run.json").read_text(
        encoding="utf-8"
    )


# --- what the commands print: the help, the batch's lines and closing table ---------------------


def test_the_help_lists_every_command_with_its_whole_first_sentence():
    """On an 80-column terminal too: each command's first sentence is wrapped, never cut
    short with "..." (click's default)."""
    result = CliRunner().invoke(cli.main, ["--help"], terminal_width=80)
    assert result.exit_code == 0, result.output
    commands = result.output[result.output.index("Commands:") :]
    assert "..." not in commands
    listed = " ".join(commands.split())
    for name, command in cli.main.commands.items():
        assert f"{name} {command.get_short_help_str(limit=10_000)}" in listed


@pytest.mark.parametrize(
    ("lang", "one", "many"),
    [
        ("en", "running 1 briefing with 1 worker …", "running 3 briefings with 2 workers …"),
        ("zh", "开始生成1份简报（1个工作进程）…", "开始生成3份简报（2个工作进程）…"),
    ],
)
def test_the_batch_counts_its_briefings_and_workers_in_words_of_its_language(
    capsys, lang, one, many
):
    for count, workers in ((1, 1), (3, 2)):
        with briefings._Progress(lang) as progress:
            progress.starting(count, workers, None)
    said = capsys.readouterr().err
    assert one in said and many in said


def test_the_closing_table_is_aligned_as_a_terminal_shows_chinese(capsys):
    """A Chinese region's name takes two columns a character: the columns after it line up."""
    outcomes = [
        worker.Outcome("2011-02", "贵阳市", "ran", 41.8),
        worker.Outcome("2011-03", "", "skipped"),
        worker.Outcome("2011-04", "黔东南苗族侗族自治州", "failed", 3.2, "ValueError: x", 5),
    ]
    briefings._print_summary(outcomes, 50.0, "en")
    lines = [line for line in capsys.readouterr().out.splitlines() if line]
    header, *rows, counts = lines
    column = briefings.display_width(header[: header.index("status")])
    # by region, then period: the unnamed region's 2011-03 first
    statuses = ("skipped", "ran", "failed")
    starts = [
        briefings.display_width(row[: row.index(f"  {status}") + 2])
        for row, status in zip(rows, statuses, strict=True)
    ]
    assert starts == [column] * 3, lines
    assert rows[2].startswith("黔东南苗族侗族自治州/2011-04") and "cell 5: ValueError: x" in rows[2]
    assert counts == "1 failed, 1 ran, 1 skipped in 50.0 s"
    assert briefings.display_width("贵阳市/2011-02") == 14
