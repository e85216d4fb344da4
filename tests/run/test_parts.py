"""A period's notebooks as parts run side by side: the month's model built once and shared,
the parts' files moved into place only when all are done, a failed part failing its period
(run/worker.py, run/executors.py). No kernel here: the parts' outcomes are given."""

import json
import multiprocessing
import os
import time
from pathlib import Path

import pytest

from industry_briefing.analysis import loading
from industry_briefing.briefing import charts
from industry_briefing.run import executors, parameters, worker
from industry_briefing.run.worker import Job, PartOutcome

TOPICS = (("notebooks/operation.ipynb", "运行"), ("notebooks/parks.ipynb", "园区"))


def job(reports: Path, period: str = "2011-05") -> Job:
    return Job(
        period=period,
        region="贵阳市",
        notebook="notebooks/briefing.ipynb",
        reports_dir=str(reports),
        parameters={"period": period},
        title="简报",
        label="2011年1-5月",
        manifest={"period": period, "fingerprint": "f" * 64},
        topics=TOPICS,
    )


def test_the_notebooks_of_a_period_build_its_model_once(tmp_path, monkeypatch):
    built = []

    def build(*args):
        built.append(args)
        return {"model of": args}

    monkeypatch.setattr(loading, "_built_model", build)
    shared = str(tmp_path)
    first = loading.load_model("2011-05", "", "w.duckdb", shared_dir=shared)
    again = loading.load_model("2011-05", "", "w.duckdb", shared_dir=shared)
    other = loading.load_model("2011-06", "", "w.duckdb", shared_dir=shared)

    assert first == again == {"model of": ("2011-05", "", "w.duckdb", "")}
    assert other == {"model of": ("2011-06", "", "w.duckdb", "")}
    assert len(built) == 2  # once per month, not once per notebook
    kept = sorted(path.name for path in tmp_path.iterdir())
    assert len(kept) == 4 and all(name.startswith(".model-") for name in kept)  # scratch only
    assert sorted(Path(name).suffix for name in kept) == [".lock", ".lock", ".pickle", ".pickle"]


def test_parts_that_start_together_build_the_model_once(tmp_path, monkeypatch):
    """Two notebooks of a period asking for its model at the same moment, in processes of
    their own as kernels are: one builds it while the other waits on the lock, then reads it."""
    builds = tmp_path / "builds"

    def build(*args):
        with builds.open("a", encoding="utf-8") as record:
            record.write(f"{os.getpid()}\n")
        time.sleep(0.5)  # the other asks meanwhile
        return {"model of": args}

    monkeypatch.setattr(loading, "_built_model", build)  # forked: the children have it too
    shared = tmp_path / "staging"
    shared.mkdir()
    context = multiprocessing.get_context("fork")
    together, results = context.Barrier(2), context.Queue()

    def part() -> None:
        together.wait(timeout=30)
        results.put(loading.load_model("2011-05", "", "w.duckdb", shared_dir=str(shared)))

    processes = [context.Process(target=part) for _ in range(2)]
    for process in processes:
        process.start()
    models = [results.get(timeout=60) for _ in processes]
    for process in processes:
        process.join(timeout=60)

    assert [process.exitcode for process in processes] == [0, 0]
    assert models == [{"model of": ("2011-05", "", "w.duckdb", "")}] * 2
    assert len(builds.read_text(encoding="utf-8").splitlines()) == 1  # built once


def test_outside_a_batch_every_notebook_builds_its_own(tmp_path, monkeypatch):
    """A notebook opened in JupyterLab (its parameters' defaults: no shared folder)."""
    built = []
    monkeypatch.setattr(loading, "_built_model", lambda *args: built.append(args) or args)
    monkeypatch.chdir(tmp_path)
    loading.load_model("2011-05")
    loading.load_model("2011-05")
    assert len(built) == 2
    assert not list(tmp_path.iterdir())


def test_each_part_is_given_its_periods_shared_folder_and_deferred_charts(tmp_path):
    """What a notebook needs of the batch reaches it as declared parameters, not through its
    kernel's environment; the manifest records the job's parameters only."""
    periods = executors._Periods()
    parts = list(periods.parts(iter([job(tmp_path)])))
    for part in parts:
        given = worker.part_parameters(part)
        assert given == {"period": "2011-05", "shared_model_dir": part.staging,
                         "defer_chart_svg": True}  # fmt: skip
        declared = parameters.declared(part.notebook)
        assert set(given) <= set(declared)
        assert parameters.validate(given, part.notebook) == given
    assert "shared_model_dir" not in parts[0].job.parameters
    periods.abandon()


def test_no_module_reads_the_batch_s_settings_from_the_environment():
    """The kernel's environment is no side channel: the shared model's folder and the deferred
    charts are parameters (run.parameters.BATCH_OWN), and the modules that use them read no
    environment at all."""
    library = Path(loading.__file__).parents[1]
    for path in library.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for word in ("_MODEL_ENV", "_SVG_ENV", "BRIEFING_SHARED", "BRIEFING_DEFER", "share_model"):
            assert word not in text, f"{path.relative_to(library)}: {word}"
    for module in (loading, charts):
        text = Path(module.__file__).read_text(encoding="utf-8")
        assert "environ" not in text and "getenv" not in text, module.__name__


def test_parts_come_briefing_first_and_the_last_warms_no_next_kernel(tmp_path):
    periods = executors._Periods()
    failed_on_input = worker.Outcome("2011-04", "贵阳市", "failed", error="bad input")

    stream = list(periods.parts(iter([job(tmp_path, "2011-05"), failed_on_input,
                                      job(tmp_path, "2011-06")])))  # fmt: skip

    # A failure is passed through at once; a job's parts, once the next job comes.
    assert stream[0] == failed_on_input
    parts = [item for item in stream if isinstance(item, worker.Part)]

    assert [(p.job.period, Path(p.notebook).stem) for p in parts] == [
        ("2011-05", "briefing"), ("2011-05", "operation"), ("2011-05", "parks"),
        ("2011-06", "briefing"), ("2011-06", "operation"), ("2011-06", "parks"),
    ]  # fmt: skip
    assert [p.warm_next for p in parts] == [True, True, True, True, True, False]
    assert len({p.staging for p in parts[:3]}) == 1 and parts[0].staging != parts[3].staging
    periods.abandon()
    assert not list(tmp_path.glob(".tmp-*"))


def finished_parts(staging: Path) -> list[PartOutcome]:
    """What the three parts of a period leave in its staging folder, and their outcomes."""
    for name in ("briefing.html", "briefing.pdf", "operation.html", "parks.html"):
        (staging / name).write_text(name, encoding="utf-8")
    (staging / ".model-0123.pickle").write_bytes(b"scratch")
    return [
        PartOutcome(
            "notebooks/briefing.ipynb",
            timings={"execution": 1.0, "kernel_wait": 0.5},
            headline={"output": 1.0},
            began=100.0,
            ended=104.0,
        ),
        PartOutcome(
            "notebooks/operation.ipynb",
            timings={"topics": 2.0, "kernel_wait": 0.25},
            began=100.5,
            ended=102.0,
        ),
        PartOutcome("notebooks/parks.ipynb", timings={"topics": 1.5}, began=102.0, ended=105.5),
    ]


def test_a_period_is_moved_into_place_once_all_its_parts_are_done(tmp_path):
    periods = executors._Periods()
    parts = list(periods.parts(iter([job(tmp_path)])))
    outcomes = finished_parts(Path(parts[0].staging))

    assert periods.done(parts[2], outcomes[2]) is None  # parts finish in any order
    assert periods.done(parts[0], outcomes[0]) is None
    assert not (tmp_path / "2011-05").exists()
    outcome = periods.done(parts[1], outcomes[1])

    assert outcome is not None and outcome.status == "ran"
    assert outcome.seconds == pytest.approx(5.5)  # first part's start to last part's end
    folder = tmp_path / "2011-05"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["headline"] == {"output": 1.0}  # the briefing's, whatever the order
    assert manifest["timings"] == {"execution": 1.0, "kernel_wait": 0.75, "topics": 3.5}
    assert manifest["outputs"] == sorted(
        ["briefing.html", "briefing.pdf", "operation.html", "parks.html", "manifest.json"]
    )
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [*manifest["outputs"], "last-run.json"]
    )  # no scratch (the shared model) moved into place
    assert not list(tmp_path.glob(".tmp-*"))


def test_a_failed_topic_fails_its_period_and_the_last_good_report_stays(tmp_path):
    folder = tmp_path / "2011-05"
    folder.mkdir()
    (folder / "briefing.html").write_text("last good", encoding="utf-8")
    the_job = job(tmp_path)
    staging = worker.stage(the_job)
    outcomes = finished_parts(staging)
    executed = staging / "parks.ipynb"
    executed.write_text("{}", encoding="utf-8")
    outcomes[2] = PartOutcome("notebooks/parks.ipynb", "KeyError: 'park'", 7, str(executed))

    outcome = worker.finish(the_job, staging, outcomes)

    assert (outcome.status, outcome.error, outcome.failed_cell) == ("failed", "KeyError: 'park'", 7)
    assert Path(outcome.kept_notebook) == folder / "parks.failed.ipynb"
    assert (folder / "briefing.html").read_text(encoding="utf-8") == "last good"
    assert not (folder / "operation.html").exists() and not (folder / "manifest.json").exists()
    last_run = json.loads((folder / "last-run.json").read_text(encoding="utf-8"))
    assert (last_run["status"], last_run["error"]) == ("failed", "KeyError: 'park'")
    assert not staging.exists()
