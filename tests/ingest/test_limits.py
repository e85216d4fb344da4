"""Input that attacks or overwhelms: refused clearly, before the memory is spent, nothing leaked.

Each case is generated small: a YAML bomb of a few levels, a zip part with a high ratio, a
file one byte over a limit set low for the test (the limits' environment variables). Each
gives its exact message and exit code 2, and writes nothing. The bombs are also checked in a
real process, whose peak memory must stay under 500 MB.
"""

import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from industry_briefing import cli
from industry_briefing.core import settings
from industry_briefing.core.errors import say
from industry_briefing.core.periods import near_periods
from industry_briefing.run.request import Quiet

SEED = settings.RAW_DATA_DIR / "2011-02"
MONTH_3 = settings.RAW_DATA_DIR / "2011-03"
PEAK_MB = 500

YAML_BOMB_LEVELS = 9  # 9 to the 9th: 387 million values once expanded
YAML_TOO_LARGE = (
    "expands to more than 10,000 values: the limit of values in one YAML file, aliases expanded "
    "(BRIEFING_LIMIT_YAML_VALUES sets it); aliases (*name) that repeat each other multiply "
    "(expected meta.yml as in data/README.md: a few lines)"
)


# check, ingest and template speak the analyst's language: these tests read their English.
ENGLISH = {"check", "ingest", "template"}


def yaml_bomb(key: str = "region") -> str:
    """A billion laughs: each level an anchor that repeats the level below nine times."""
    lines = [f'{key}: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, YAML_BOMB_LEVELS):
        repeated = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"x{level}: &l{level} [{repeated}]")
    return "\n".join(lines) + "\n"


def invoke(*args, env=None):
    command = [str(a) for a in args] + (
        ["--lang", "en"] if args and str(args[0]) in ENGLISH else []
    )
    return CliRunner().invoke(cli.main, command, env=env)


def errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error: ")]


def files_of(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.is_symlink()}  # fmt: skip


@pytest.fixture
def month(tmp_path) -> Path:
    """A copy of the seed month (2011-02) to break."""
    root = tmp_path / "raw"
    shutil.copytree(SEED, root / "2011-02")
    return root / "2011-02"


def check(folder: Path, env=None):
    """`briefing check` of the month, and the folder's files before and after (unchanged)."""
    before = files_of(folder.parent)
    result = invoke("check", folder.name, "--data-dir", folder.parent, env=env)
    assert files_of(folder.parent) == before, "check wrote into the input"
    return result


def peak_rss_mb(folder: Path, env: dict | None = None) -> tuple[int, float, str]:
    """`briefing check` in a process of its own: (exit code, peak memory in MB, output).

    The peak is read by a small runner that waits for the check (RUSAGE_CHILDREN): Linux
    carries a process's high-water mark across fork and exec, so a check started straight
    from this test process would report the test process's own size."""
    runner = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:])\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print('PEAK', peak, file=sys.stderr)\n"
        "sys.exit(done.returncode)\n"
    )
    command = [sys.executable, "-m", "industry_briefing", "check", folder.name, "--lang", "en"]
    done = subprocess.run(
        [sys.executable, "-c", runner, *command, "--data-dir", str(folder.parent)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )
    peak = next(line for line in done.stderr.splitlines() if line.startswith("PEAK"))
    return done.returncode, int(peak.split()[1]) / 1024, done.stdout + done.stderr


# --- meta.yml -----------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["region", "unknown_key"])
def test_a_yaml_bomb_is_refused_before_it_expands(month, key):
    (month / "meta.yml").write_text(yaml_bomb(key), encoding="utf-8")
    result = check(month)
    assert result.exit_code == 2
    assert errors(result.output) == [
        f"error: 2011-02/meta.yml: {YAML_TOO_LARGE}",
        "error: 2011-02: 1 problem in the input; nothing was written",
    ]


@pytest.mark.parametrize("key", ["region", "unknown_key"])
def test_a_yaml_bomb_takes_little_memory_in_a_real_process(month, key):
    (month / "meta.yml").write_text(yaml_bomb(key), encoding="utf-8")
    code, peak, output = peak_rss_mb(month)
    assert code == 2 and YAML_TOO_LARGE in output
    assert peak < PEAK_MB, f"peak memory {peak:.0f} MB"


def test_yaml_nested_too_deep_is_refused(month):
    (month / "meta.yml").write_text("region: " + "[" * 100 + "]" * 100 + "\n", encoding="utf-8")
    result = check(month)
    assert result.exit_code == 2
    assert errors(result.output)[0] == (
        "error: 2011-02/meta.yml: is nested more than 32 levels deep: the limit of levels of "
        "nesting in one YAML file (BRIEFING_LIMIT_YAML_DEPTH sets it) "
        "(expected meta.yml as in data/README.md: a few lines)"
    )


def test_python_tags_in_meta_stay_refused(month):
    (month / "meta.yml").write_text("region: !!python/object/apply:os.getcwd []\n")
    result = check(month)
    assert result.exit_code == 2
    assert "2011-02/meta.yml: is not valid YAML at line 1" in result.output


def test_a_region_name_of_thousands_of_characters_is_refused(month):
    meta = month / "meta.yml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace("region: 贵阳市", "region: " + "贵" * 5000), encoding="utf-8")
    result = check(month)
    assert result.exit_code == 2
    (line, _) = errors(result.output)
    assert line.startswith("error: 2011-02/meta.yml: region: String should have at most 100")
    assert f"found '{'贵' * 120}… (5000 characters)'" in line


# --- files and cells ----------------------------------------------------------------------------


def test_a_file_one_byte_over_the_limit_is_refused_unread(month):
    size = (month / "meta.yml").stat().st_size  # the largest file of the month
    assert size == max(path.stat().st_size for path in month.iterdir())
    result = check(month, env={"BRIEFING_LIMIT_FILE_BYTES": str(size - 1)})
    assert result.exit_code == 2
    assert errors(result.output)[0] == (
        f"error: 2011-02/meta.yml: is {size:,} bytes: more than the {size - 1:,} bytes in one "
        "input file (a month's input is far smaller; BRIEFING_LIMIT_FILE_BYTES sets the limit) "
        "(expected the month's figures only, in files of at most the limit)"
    )
    assert check(month, env={"BRIEFING_LIMIT_FILE_BYTES": str(size)}).exit_code == 0


def test_a_table_one_row_over_the_limit_is_refused(month):
    result = check(month, env={"BRIEFING_LIMIT_ROWS": "9"})  # ten parks
    assert result.exit_code == 2
    assert errors(result.output)[0] == (
        "error: 2011-02/parks.csv: has more than 9 rows: the limit of data rows in one table "
        "(BRIEFING_LIMIT_ROWS sets it) (expected one month's rows: a city reports a few "
        "thousand at most)"
    )
    assert check(month, env={"BRIEFING_LIMIT_ROWS": "10"}).exit_code == 0


def test_a_city_of_2000_enterprises_passes_the_default_limits(tmp_path):
    root = tmp_path / "raw"
    shutil.copytree(MONTH_3, root / "2011-03")
    enterprises = root / "2011-03" / "enterprises.csv"
    header, first, *_ = enterprises.read_text(encoding="utf-8").splitlines()
    name = first.split(",")[0]
    rows = [first.replace(name, f"{name}{number}", 1) for number in range(2000)]
    enterprises.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    result = invoke("check", "2011-03", "--data-dir", root)
    assert result.exit_code == 0, result.output
    assert "2000 enterprises" in result.output


def test_a_long_cell_is_refused_and_quoted_by_its_beginning_only(month):
    parks = month / "parks.csv"
    text = parks.read_text(encoding="utf-8")
    parks.write_text(text.replace(",2.25,", "," + "9" * 10_000 + ","), encoding="utf-8")
    result = check(month)
    assert result.exit_code == 2
    (line, _) = errors(result.output)
    assert line == (
        "error: 2011-02/parks.csv, row 2, column 累计完成: the cell has 10,000 characters: more "
        "than the 5,000 characters in one cell (BRIEFING_LIMIT_CELL_CHARS sets the limit) "
        "(expected a name, a figure or a short note: put long text in meta.yml's note; "
        f"found '{'9' * 120}… (10000 characters)')"
    )


@pytest.mark.parametrize("position", ["first line", "after 400 bytes"])
def test_a_nul_byte_is_a_control_character_with_its_row_and_column(month, position):
    parks = month / "parks.csv"
    lines = parks.read_text(encoding="utf-8").split("\n")
    row = 1 if position == "first line" else 9
    cells = lines[row - 1].split(",")
    district = cells[1]
    cells[1] = district[:1] + "\x00" + district[1:]
    lines[row - 1] = ",".join(cells)
    parks.write_text("\n".join(lines), encoding="utf-8")
    result = check(month)
    assert result.exit_code == 2
    column = ", column 区县" if row > 1 else ""
    assert errors(result.output)[0] == (
        f"error: 2011-02/parks.csv, row {row}{column}: a control character (U+0000) in the "
        "cell's text (expected text without control characters: retype the cell; "
        f"found '{district[:1]}\\\\x00{district[1:]}')"
    )
    assert "UTF-16" not in result.output


def test_utf16_without_a_byte_order_mark_is_named(month):
    parks = month / "parks.csv"
    parks.write_bytes("park,district\n1,2\n".encode("utf-16-le"))
    result = check(month)
    assert "2011-02/parks.csv: cannot be decoded" in result.output
    assert "found 'UTF-16 text" in result.output


# --- the period folder is a boundary -----------------------------------------------------------


def test_a_table_linked_to_a_file_outside_is_refused_unread(month):
    (month / "parks.csv").unlink()
    (month / "parks.csv").symlink_to("/etc/passwd")
    result = check(month)
    assert result.exit_code == 2
    assert errors(result.output) == [
        "error: 2011-02/parks.csv: is a link to something outside the period folder; it is "
        "not read (expected the file itself in the folder 2011-02/, not a link)",
        "error: 2011-02: 1 problem in the input; nothing was written",
    ]
    assert "root:" not in result.output


def test_an_extra_link_is_refused_and_not_hashed(month):
    from industry_briefing.core.periods import Period
    from industry_briefing.run import fingerprint

    (month / "notes.txt").symlink_to("/etc/passwd")
    result = check(month)
    assert result.exit_code == 2
    assert "2011-02/notes.txt: is a link to something outside the period folder" in result.output
    hashed = fingerprint.input_files(month.parent, Period(2011, 2))
    assert hashed["2011-02/notes.txt"] == "link outside the period folder, not read"


# --- figures.xlsx ---------------------------------------------------------------------------------


def workbook_of(month: Path) -> Path:
    """The month's CSV files as the sheets of figures.xlsx (meta.yml beside it)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for csv_file in sorted(month.glob("*.csv")):
        sheet = book.create_sheet(csv_file.stem)
        for line in csv_file.read_text(encoding="utf-8").splitlines():
            sheet.append(line.split(","))
        csv_file.unlink()
    book.save(month / "figures.xlsx")
    return month / "figures.xlsx"


def test_a_workbook_that_unpacks_a_thousand_times_its_size_is_refused(month):
    path = workbook_of(month)
    packed = io.BytesIO()
    with zipfile.ZipFile(path) as book, zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as out:
        for part in book.infolist():
            body = book.read(part.filename)
            if part.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(
                    b"</worksheet>", b"<!--" + b"A" * (4 << 20) + b"--></worksheet>"
                )
            out.writestr(part, body)
    path.write_bytes(packed.getvalue())
    code, peak, output = peak_rss_mb(month)
    assert code == 2
    assert "error: 2011-02/figures.xlsx: its part xl/worksheets/sheet1.xml unpacks from " in output
    assert "times: more than the 200 times a part of figures.xlsx grows" in output
    assert peak < PEAK_MB, f"peak memory {peak:.0f} MB"


def test_a_workbook_over_the_unpacked_size_is_refused(month):
    workbook_of(month)
    result = check(month, env={"BRIEFING_LIMIT_XLSX_BYTES": "1000"})
    assert result.exit_code == 2
    assert errors(result.output)[0].startswith("error: 2011-02/figures.xlsx: unpacks to ")
    assert "more than the 1,000 bytes of figures.xlsx unpacked" in result.output


def test_a_sheet_over_the_row_limit_is_refused_before_it_is_loaded(month):
    workbook_of(month)
    result = check(month, env={"BRIEFING_LIMIT_ROWS": "9"})
    assert result.exit_code == 2
    assert errors(result.output)[0] == (
        "error: 2011-02/figures.xlsx [sheet parks]: has more than 9 rows: the limit of data "
        "rows in one table (BRIEFING_LIMIT_ROWS sets it) (expected one month's rows: a city "
        "reports a few thousand at most)"
    )


def test_a_limit_set_to_no_number_is_bad_usage(month):
    result = check(month, env={"BRIEFING_LIMIT_ROWS": "many"})
    assert result.exit_code == 2
    assert errors(result.output) == [
        "error: BRIEFING_LIMIT_ROWS must be a whole number above 0, got 'many'"
    ]


# --- folder names ---------------------------------------------------------------------------------


def test_folders_almost_named_as_periods_are_named_with_what_is_wrong(tmp_path):
    for name in ["2011-12 ", "2011-2", "2011_12", "2011-13", "2011年3月", "notes"]:
        (tmp_path / name).mkdir()
    assert {name: say(wrong, "en") for name, wrong in near_periods(tmp_path).items()} == {
        "2011-12 ": "spaces around the name: rename it 2011-12",
        "2011-13": "13 is not a month (01 to 12)",
        "2011-2": "the month needs two digits: rename it 2011-02",
        "2011_12": "the year and month are written '2011_12', not YYYY-MM: rename it 2011-12",
        "2011年3月": "the year and month are written '2011年3月', not YYYY-MM: rename it 2011-03",
    }


def test_check_names_the_folder_that_is_almost_the_period(tmp_path):
    shutil.copytree(SEED, tmp_path / "2011-02 ")
    result = invoke("check", "2011-02", "--data-dir", tmp_path)
    assert result.exit_code == 2
    assert "no period folders; not periods: '2011-02 ' (spaces around the name: " in result.output


def test_the_batch_counts_only_real_periods_and_names_the_others(tmp_path, monkeypatch):
    from industry_briefing.run import batch, regions

    root = tmp_path / "raw"
    shutil.copytree(SEED, root / "2011-02")
    shutil.copytree(SEED, root / "2011-02 ")
    (root / "2011-3").mkdir()
    told, found = [], []

    class Listener(Quiet):
        def warning(self, message):
            told.append(message)

    request = batch.Request([regions.default_region(root, tmp_path / "w", tmp_path / "r")])
    found = batch.discover(request.regions[0], request, Listener())
    assert [str(p) for p in found] == ["2011-02"]
    assert [say(t, "en") for t in told] == [
        f"{root / '2011-02 '} is not a period folder: spaces around the name: rename it 2011-02",
        f"{root / '2011-3'} is not a period folder: the month needs two digits: rename it 2011-03",
    ]


def test_the_process_keeps_its_own_memory_small_for_a_normal_month():
    """The yardstick for the bombs' 500 MB: the seed month in a real process."""
    code, peak, _ = peak_rss_mb(SEED)
    assert code == 0 and peak < PEAK_MB
