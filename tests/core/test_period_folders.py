"""One folder per period: only a name exactly YYYY-MM in ASCII digits is a period, and only a
folder inside the data root; a full-width name gets the rename hint, a link leading out of the
root is refused with one line. Each case on a copy of the seed month."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from industry_briefing import cli
from industry_briefing.core import settings
from industry_briefing.core.errors import say
from industry_briefing.core.periods import Period, PeriodError, near_periods, period_folders
from industry_briefing.run import batch, fingerprint, regions
from industry_briefing.run.request import Quiet

SEED = settings.RAW_DATA_DIR / "2011-02"
FULL_WIDTH = "２０１１-０２"
FULL_WIDTH_HINT = "full-width digits, not ASCII ones: rename it 2011-02"


# check, ingest and template speak the analyst's language: these tests read their English.
ENGLISH = {"check", "ingest", "template"}


def invoke(*args):
    command = [str(a) for a in args] + (
        ["--lang", "en"] if args and str(args[0]) in ENGLISH else []
    )
    return CliRunner().invoke(cli.main, command)


def english(named: dict) -> dict[str, str]:
    """Folders almost named as periods, with what is wrong with each in English."""
    return {name: say(wrong, "en") for name, wrong in named.items()}


def errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error: ")]


@pytest.fixture
def root(tmp_path) -> Path:
    root = tmp_path / "raw"
    shutil.copytree(SEED, root / "2011-02")
    return root


def test_a_full_width_name_beside_the_period_is_not_a_second_folder_of_it(root):
    shutil.copytree(SEED, root / FULL_WIDTH)
    assert period_folders(root) == {Period(2011, 2): root / "2011-02"}
    assert english(near_periods(root)) == {FULL_WIDTH: FULL_WIDTH_HINT}
    hashed = fingerprint.input_files(root, Period(2011, 2))
    assert hashed and all(not name.startswith(FULL_WIDTH) for name in hashed)


def test_a_full_width_name_alone_is_no_period_and_is_named_with_the_hint(root):
    (root / "2011-02").rename(root / FULL_WIDTH)
    result = invoke("check", "2011-02", "--data-dir", root)
    assert result.exit_code == 2
    assert f"not periods: '{FULL_WIDTH}' ({FULL_WIDTH_HINT})" in errors(result.output)[0]


def test_a_full_width_period_given_on_the_command_line_is_not_a_period():
    with pytest.raises(PeriodError, match="is not of the form YYYY-MM"):
        Period.parse(FULL_WIDTH)


def test_the_batch_warns_of_the_full_width_folder_and_runs_the_ascii_one(root, tmp_path):
    shutil.copytree(SEED, root / FULL_WIDTH)
    told = []

    class Listener(Quiet):
        def warning(self, message):
            told.append(message)

    request = batch.Request([regions.default_region(root, tmp_path / "w", tmp_path / "r")])
    found = batch.discover(request.regions[0], request, Listener())
    assert found == [Period(2011, 2)]
    assert [say(t, "en") for t in told] == [
        f"{root / FULL_WIDTH} is not a period folder: {FULL_WIDTH_HINT}"
    ]


@pytest.fixture
def linked_out(root, tmp_path) -> Path:
    """The data root's 2011-02 a link to a folder outside the root."""
    elsewhere = tmp_path / "elsewhere" / "2011-02"
    elsewhere.parent.mkdir()
    (root / "2011-02").rename(elsewhere)
    (root / "2011-02").symlink_to(elsewhere, target_is_directory=True)
    return root


def test_a_period_folder_linked_out_of_the_root_is_refused_with_one_line(linked_out):
    root = linked_out
    assert period_folders(root) == {}
    outside = f"a link to a folder outside {root}: it is not read; copy the folder itself there"
    assert english(near_periods(root)) == {"2011-02": outside}
    result = invoke("check", "2011-02", "--data-dir", root)
    assert result.exit_code == 2
    assert errors(result.output) == [
        f"error: 2011-02/: is a link to a folder outside {root}; it is not read "
        f"(expected the folder itself in {root}, not a link)",
        "error: 2011-02: 1 problem in the input; nothing was written",
    ]


def test_the_batch_does_not_run_a_period_linked_out_of_the_root(linked_out, tmp_path):
    request = batch.Request([regions.default_region(linked_out, tmp_path / "w", tmp_path / "r")])
    with pytest.raises(batch.BadRequest, match="no YYYY-MM period folders to run under"):
        batch.discover(request.regions[0], request)


def test_a_period_folder_linked_within_the_root_is_still_read(root):
    (root / "2011-02").rename(root / "archive")
    (root / "2011-02").symlink_to(root / "archive", target_is_directory=True)
    assert period_folders(root) == {Period(2011, 2): root / "2011-02"}
    assert invoke("check", "2011-02", "--data-dir", root).exit_code == 0
