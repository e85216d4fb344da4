"""Why a period failed, in words: the exceptions a part of a period meets, each said with a
sentence of ours, the library's own message kept as it says it (run/failures.py)."""

import subprocess
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

import pytest
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from papermill.exceptions import PapermillExecutionError

from industry_briefing.core.errors import listing, say, words
from industry_briefing.run import failures
from industry_briefing.run.lock import BatchLocked
from industry_briefing.store.access import WarehouseDamaged


@pytest.mark.parametrize(
    ("error", "key", "message"),
    [
        (PapermillExecutionError(4, 5, "", "KeyError", "'park'", []), "error", "KeyError: 'park'"),
        (DeadKernelError("Kernel died"), "kernel_died", "DeadKernelError: Kernel died"),
        (RuntimeError("Kernel died before replying to kernel_info"), "kernel_died", None),
        (CellTimeoutError("A cell timed out"), "timeout", "CellTimeoutError: A cell timed out"),
        (FutureTimeout(), "timeout", "TimeoutError: "),
        (subprocess.TimeoutExpired("kernel", 10), "timeout", None),
        (RuntimeError("Kernel didn't respond in 60 seconds"), "timeout", None),
        (OSError("cannot load library 'libpango-1.0-0'"), "error", None),
    ],
)
def test_a_librarys_exception_is_said_after_a_sentence_of_ours(error, key, message):
    said = failures.of_part(error)
    assert said.key == f"run.failure.{key}"
    assert said.fields["error"] == failures.error_text(error)
    if message is not None:
        assert failures.error_text(error) == message
    assert say(said, "zh").endswith(f"（{failures.error_text(error)}）")


def test_our_own_refusal_is_said_in_its_words():
    damaged = WarehouseDamaged(Path("/w.duckdb"), "IO Error: cut short")
    said = failures.of_part(damaged)
    assert say(said, "en") == str(damaged)
    assert say(said, "zh").startswith("出错：数据仓库 /w.duckdb 已损坏（IO Error: cut short）")


def test_a_refusal_crosses_processes_with_its_words():
    import pickle

    holder = words("files.holder.pid", pids=listing([42]))
    locked = BatchLocked(words("files.batch_locked", holder=holder, reports="/reports"))
    again = pickle.loads(pickle.dumps(locked))
    assert (type(again), again.what, str(again)) == (BatchLocked, locked.what, str(locked))
    assert again.text("zh").startswith("另一个批处理（进程号42）正在写入 /reports")


def test_a_month_that_failed_on_input_is_named_with_its_region(tmp_path):
    """Its line says 贵阳市/2011-03 as a month that ran does (the profile's region: no meta.yml
    was read), or the region's folder name when the batch was given --region."""
    import shutil

    from industry_briefing.core import settings
    from industry_briefing.core.periods import Period
    from industry_briefing.run.input_failures import input_failure
    from industry_briefing.run.regions import Region

    root = tmp_path / "raw"
    root.mkdir()
    shutil.copy(settings.RAW_DATA_DIR / "profile.yml", root / "profile.yml")
    default = Region(root, tmp_path / "w.duckdb", tmp_path / "reports")
    named = Region(root, tmp_path / "w.duckdb", tmp_path / "reports" / "gy", name="gy")
    for region, shown in ((default, "贵阳市"), (named, "gy")):
        outcome = input_failure(region, Period.parse("2011-03"), ["bad"])
        assert (outcome.region, outcome.status, outcome.bad_input) == (shown, "failed", True)
    (root / "profile.yml").unlink()
    assert input_failure(default, Period.parse("2011-03"), ["bad"]).region == ""
