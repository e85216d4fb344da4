"""The report notebooks as approved for sharing: what counts as an edit (a cell's type, tags and
source, never outputs), how an edit is named, and `briefing lab`'s working copies."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from industry_briefing.core import settings
from industry_briefing.core.errors import say
from industry_briefing.run import approval, lab


@pytest.fixture
def notebooks(tmp_path):
    """Copies of the report notebooks, approved as they are, in tmp_path/notebooks."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    copies = [Path(shutil.copy(path, folder)) for path in settings.REPORT_NOTEBOOKS]
    approval.approve(copies, folder / "approved.json")
    return copies, folder / "approved.json"


def refusal(notebooks, record, lang: str = "en") -> str:
    with pytest.raises(approval.NotApproved) as refused:
        approval.refuse_edited(notebooks, record)
    return refused.value.text(lang)


@pytest.mark.parametrize(
    ("lang", "changed", "added", "ways"),
    [
        (
            "en",
            'cell 2 (code, parameters) changed: period: str = "2012-01"',
            "cells {first}-{last} (code) added: model.parks …",
            "To explore, use `briefing lab`",
        ),
        (
            "zh",
            '第2个单元格（code, parameters）已修改：period: str = "2012-01"',
            "第{first}-{last}个单元格（code）已添加：model.parks …",
            "要探索数据，请用 briefing lab",
        ),
    ],
)
def test_the_analysts_edit_is_refused_naming_the_changed_and_added_cells(
    notebooks, autosave, lang, changed, added, ways
):
    copies, record = notebooks
    briefing = copies[0]
    cells = len(approval.cells_of(briefing))
    autosave(briefing)
    message = refusal(copies, record, lang)
    line = next(line for line in message.splitlines() if "briefing.ipynb" in line)
    assert changed in line
    assert added.format(first=cells + 1, last=cells + 6) in line
    assert "operation.ipynb" not in message  # unchanged notebooks are not named
    assert "--allow-edited-notebooks" in message and "briefing notebooks approve" in message
    assert ways in message


def test_outputs_counts_and_metadata_are_not_edits(notebooks, autosave):
    copies, record = notebooks
    before = [approval.notebook_sha256(path) for path in copies]
    for path in copies:
        autosave(path, edit=False)
    assert approval.edited(copies, record) == {}
    approval.refuse_edited(copies, record)  # no refusal
    assert [approval.notebook_sha256(path) for path in copies] == before


def test_the_batch_executes_a_clean_copy(notebooks, autosave):
    copies, _ = notebooks
    autosave(copies[0], edit=False)
    clean = approval.clean_copy(copies[0])
    code = [cell for cell in clean["cells"] if cell["cell_type"] == "code"]
    assert all(cell["outputs"] == [] and cell["execution_count"] is None for cell in code)
    assert "AUTOSAVED" not in json.dumps(clean)
    assert code[0]["metadata"] == {"tags": ["parameters"]}
    assert all("collapsed" not in cell["metadata"] for cell in code)
    original = json.loads(settings.BRIEFING_NOTEBOOK.read_text(encoding="utf-8"))
    assert [c["source"] for c in clean["cells"]] == [
        "".join(c["source"]) for c in original["cells"]
    ]


def test_a_removed_or_retagged_cell_is_named_by_its_number_in_the_record(notebooks):
    copies, record = notebooks
    parks = copies[-1]
    document = json.loads(parks.read_text(encoding="utf-8"))
    title = 'notebook.show_title(notebook.topic_title(model, "parks", lang), model, lang)'
    sources = ["".join(cell["source"]) for cell in document["cells"]]
    index = next(i for i, source in enumerate(sources) if source.startswith(title + "\n"))
    document["cells"].pop(index)  # the title's cell, a line too long to name whole
    document["cells"][0]["metadata"]["tags"] = []  # its remove_cell tag dropped: now shown
    parks.write_text(json.dumps(document), encoding="utf-8")
    message = refusal(copies, record)
    assert f"cell {index + 1} (code) removed: {title[:60]} …" in message  # long lines shortened
    assert "cell 1 (markdown) changed: # 园区建设" in message


def test_a_notebook_missing_from_the_record_or_unreadable_is_refused(notebooks, tmp_path):
    copies, record = notebooks
    approval.approve(copies[:1], record)
    assert "notebooks/operation.ipynb: not in" in refusal(copies, record).replace(
        str(tmp_path) + os.sep, ""
    )
    copies[0].write_text('{"cells": ', encoding="utf-8")  # half-written by an editor
    assert "briefing.ipynb cannot be read as a notebook" in refusal(copies, record)


def test_allowed_edits_are_warned_of(notebooks, autosave):
    copies, record = notebooks
    autosave(copies[0])
    warned = []
    approval.guard(copies, True, warned.append, record)
    assert len(warned) == 1 and "cell 2 (code, parameters) changed" in say(warned[0], "en")
    with pytest.raises(approval.NotApproved):
        approval.guard(copies, False, warned.append, record)
    approval.approve(copies, record)  # the edit made the shared version
    approval.guard(copies, False, warned.append, record)
    assert len(warned) == 1


def test_lab_copies_the_notebooks_and_keeps_the_analysts_own(tmp_path):
    sources = tmp_path / "notebooks"
    sources.mkdir()
    for path in settings.REPORT_NOTEBOOKS:
        shutil.copy(path, sources)
    work = sources / "work"
    work.mkdir()
    (work / "briefing.ipynb").write_text("my exploration", encoding="utf-8")
    copies = lab.prepare(sorted(sources.glob("*.ipynb")), work)
    assert [p.name for p in copies.kept] == ["briefing.ipynb"]
    assert sorted(p.name for p in copies.copied) == [
        "investment.ipynb",
        "operation.ipynb",
        "parks.ipynb",
    ]
    assert (work / "briefing.ipynb").read_text(encoding="utf-8") == "my exploration"
    copy, source = (json.loads((f / "parks.ipynb").read_text("utf-8")) for f in (work, sources))
    assert copy["cells"] == source["cells"]  # the notebook as it is, but for …
    # … what JupyterLab writes into it once the kernel is up: a fresh copy opens unmodified
    # (tests/notebooks/test_lab_browser.py opens one)
    assert copy["metadata"]["language_info"] == lab.kernel_language_info()
    assert copy["metadata"]["language_info"]["version"] == sys.version.split()[0]
    assert copy["metadata"]["kernelspec"] == source["metadata"]["kernelspec"]


@pytest.mark.slow  # starts a kernel
def test_a_copy_says_its_kernel_as_the_kernel_says_itself(tmp_path):
    """The kernel the lab starts (the spec python3 of this environment) answers kernel_info
    with the language_info the copies hold."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3")
    try:
        reply = client.kernel_info(reply=True, timeout=60)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert reply["content"]["language_info"] == lab.kernel_language_info()
    copied = lab.prepare([settings.BRIEFING_NOTEBOOK], tmp_path).copied
    metadata = json.loads(copied[0].read_text(encoding="utf-8"))["metadata"]
    assert metadata["language_info"] == reply["content"]["language_info"]


@pytest.mark.parametrize("as_root", [True, False])
def test_the_lab_serves_the_project_root_and_runs_for_root(tmp_path, as_root):
    work = tmp_path / "notebooks" / "work"
    command = lab.lab_command(work, 8899, browser=False, root=tmp_path, as_root=as_root)
    assert f"--ServerApp.root_dir={tmp_path}" in command  # reports/… open from it
    assert "--LabApp.default_url=/lab/tree/notebooks/work" in command  # the copies first
    assert ("--allow-root" in command) is as_root  # else JupyterLab refuses root


def test_briefing_lab_dry_run_prepares_the_working_copies_and_says_so(tmp_path):
    """In a copy of the project (BRIEFING_ROOT): the report notebooks and the exploration
    notebook are copied into notebooks/work, an analyst's copy is kept, nothing is started."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for path in settings.REPORT_NOTEBOOKS:
        shutil.copy(path, notebooks)
    (notebooks / "explore.ipynb").write_text('{"cells": []}', encoding="utf-8")
    (notebooks / "work").mkdir()
    (notebooks / "work" / "parks.ipynb").write_text("mine", encoding="utf-8")
    env = {**os.environ, "BRIEFING_ROOT": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "industry_briefing", "lab", "--dry-run", "--no-browser",
         "--port", "8899", "--lang", "en"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    for name in ("briefing", "operation", "investment", "explore"):
        assert f"copied notebooks/work/{name}.ipynb" in done.stderr
    assert "kept notebooks/work/parks.ipynb" in done.stderr
    assert (notebooks / "work" / "parks.ipynb").read_text(encoding="utf-8") == "mine"
    assert f"--ServerApp.root_dir={tmp_path} " in done.stderr
    assert "--LabApp.default_url=/lab/tree/notebooks/work " in done.stderr
    assert ("--allow-root" in done.stderr) is (os.geteuid() == 0)
    assert "--port=8899 --no-browser" in done.stderr


def test_a_lab_copy_the_disk_does_not_take_is_not_left_cut(tmp_path, fill_disk, monkeypatch):
    """A cut copy would be kept as the analyst's own next time: the disk fills mid-copy, the
    error is said, and nothing is left in the folder; with room, the copy is made."""
    work = tmp_path / "work"
    fill_disk(1000)
    with pytest.raises(OSError):
        lab.prepare([settings.BRIEFING_NOTEBOOK], work)
    assert list(work.iterdir()) == []
    monkeypatch.undo()
    assert lab.prepare([settings.BRIEFING_NOTEBOOK], work).copied == [work / "briefing.ipynb"]
