"""What makes a period's briefing out of date: its inputs, earlier releases it reads, the
notebook, the library and the parameters; not where the files are."""

import json
import shutil

import pytest

from industry_briefing.core.periods import Period
from industry_briefing.run import fingerprint


def notebook_text(*sources: str, outputs: bool = False) -> str:
    """A notebook of code cells; with outputs and execution counts as JupyterLab saves them."""
    cells = [
        {
            "cell_type": "code",
            "metadata": {},
            "source": source,
            "execution_count": 7 if outputs else None,
            "outputs": [{"output_type": "stream", "name": "stdout", "text": "x"}]
            if outputs
            else [],
        }
        for source in sources
    ]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


NOTEBOOK_TEXT = notebook_text("model = 1")


@pytest.fixture
def data(tmp_path):
    for period in ("2010-12", "2011-02", "2011-03", "2011-04", "2012-02"):
        folder = tmp_path / "raw" / period
        folder.mkdir(parents=True)
        (folder / "parks.csv").write_text(f"园区,累计完成\n甲,{period[-1]}\n", encoding="utf-8")
        (folder / "indicators.csv").write_text(
            f"指标,本期累计\n工业投资,{period[-1]}\n", encoding="utf-8"
        )
    (tmp_path / "raw" / "notes").mkdir()  # not a period: ignored
    notebook = tmp_path / "briefing.ipynb"
    notebook.write_text(NOTEBOOK_TEXT, encoding="utf-8")
    return tmp_path / "raw", notebook


def test_a_month_reads_the_year_so_far_and_last_year_s_indicators(data):
    raw, _ = data
    (raw / "2010-12" / "notes.md").write_text("上年的分析", encoding="utf-8")
    (raw / "2010-12" / "figures.xlsx").write_bytes(b"a workbook may hold the indicators")
    files = fingerprint.input_files(raw, Period.parse("2011-03"))
    assert sorted(files) == [
        "2010-12/figures.xlsx",
        "2010-12/indicators.csv",
        *(f"2011-0{m}/{name}" for m in (2, 3) for name in ("indicators.csv", "parks.csv")),
    ]


def print_of(raw, notebook, period="2011-03", **parameters):
    inputs = fingerprint.input_files(raw, Period.parse(period))
    return fingerprint.fingerprint(inputs, notebook, {"period": period, "lang": "zh", **parameters})


def test_same_inputs_same_fingerprint_wherever_they_are(data, tmp_path):
    raw, notebook = data
    moved = tmp_path / "moved"
    shutil.copytree(raw, moved)
    assert print_of(raw, notebook, data_dir=str(raw)) == print_of(
        moved, notebook, data_dir=str(moved)
    )


def test_an_earlier_release_changes_a_later_month_but_not_an_earlier_one(data):
    raw, notebook = data
    march, april = print_of(raw, notebook), print_of(raw, notebook, "2011-04")
    february = print_of(raw, notebook, "2011-02")
    (raw / "2011-03" / "parks.csv").write_text("园区,累计完成\n甲,3.5\n", encoding="utf-8")
    assert print_of(raw, notebook) != march
    assert print_of(raw, notebook, "2011-04") != april
    assert print_of(raw, notebook, "2011-02") == february
    next_year = fingerprint.input_files(raw, Period.parse("2012-02"))
    assert "2011-03/indicators.csv" in next_year  # last year's profile
    assert "2011-03/parks.csv" not in next_year
    assert "2010-12/indicators.csv" not in next_year


def test_notebook_and_parameters_count(data):
    raw, notebook = data
    before = print_of(raw, notebook)
    assert print_of(raw, notebook, lang="en") != before
    notebook.write_text(notebook_text("model = 2"), encoding="utf-8")
    assert print_of(raw, notebook) != before


def test_outputs_saved_into_a_notebook_do_not_count(data):
    """JupyterLab saves outputs and execution counts into a notebook merely run: the batch
    executes its cells, not those, so nothing re-renders for them."""
    raw, notebook = data
    before = print_of(raw, notebook)
    notebook.write_text(notebook_text("model = 1", outputs=True), encoding="utf-8")
    assert print_of(raw, notebook) == before


def test_a_changed_topic_notebook_changes_the_print(data, tmp_path):
    raw, notebook = data
    topic = tmp_path / "parks.ipynb"
    topic.write_text(NOTEBOOK_TEXT, encoding="utf-8")
    inputs = fingerprint.input_files(raw, Period.parse("2011-03"))
    parameters = {"period": "2011-03"}
    with_topic = fingerprint.fingerprint(inputs, notebook, parameters, (topic,))
    assert with_topic != fingerprint.fingerprint(inputs, notebook, parameters)
    topic.write_text(notebook_text("model = 1", "model"), encoding="utf-8")
    assert fingerprint.fingerprint(inputs, notebook, parameters, (topic,)) != with_topic


def test_the_region_profile_and_indicators_count_for_every_month(data):
    """profile.yml and indicators.yml at the data root shape every month's briefing: a change
    to either re-renders every month."""
    raw, notebook = data
    before = print_of(raw, notebook)
    (raw / "profile.yml").write_text("level: 县\n", encoding="utf-8")
    with_profile = print_of(raw, notebook)
    assert with_profile != before
    assert "profile.yml" in fingerprint.input_files(raw, Period.parse("2010-12"))
    (raw / "indicators.yml").write_text("indicators: {}\n", encoding="utf-8")
    assert print_of(raw, notebook) != with_profile
