"""The YAML files of the input bounded before they are parsed: bytes first, then values as the
parser streams them, digits of a number, a key given twice; and text of every input file
(YAML, notes.md, CSV cells) without control or bidirectional characters, one rule.

The large cases run `briefing check` in a process of its own, whose peak memory (measured by
the process that waits for it, RUSAGE_CHILDREN) must stay under 500 MB.
"""

import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from industry_briefing import cli
from industry_briefing.core import settings

SEED = settings.RAW_DATA_DIR / "2011-02"
BULLETIN = Path(__file__).parents[1] / "data" / "bulletins" / "ankang-2010-05"
PEAK_MB = 500
FLAT_MB = 45


# check, ingest and template speak the analyst's language: these tests read their English.
ENGLISH = {"check", "ingest", "template"}


def invoke(*args, env=None):
    command = [str(a) for a in args] + (
        ["--lang", "en"] if args and str(args[0]) in ENGLISH else []
    )
    return CliRunner().invoke(cli.main, command, env=env)


def errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error: ")]


@pytest.fixture
def root(tmp_path) -> Path:
    """A data root holding a copy of the seed month (2011-02) to break."""
    shutil.copytree(SEED, tmp_path / "raw" / "2011-02")
    return tmp_path / "raw"


@pytest.fixture(scope="module")
def flat_yaml(tmp_path_factory) -> Path:
    """A legal YAML mapping of 45 MB, one key a line: what took minutes and gigabytes."""
    path = tmp_path_factory.mktemp("flat") / "flat.yml"
    with path.open("w", encoding="utf-8") as out:
        out.write("region: 安康市\n")
        number = 0
        while out.tell() < FLAT_MB * 2**20:
            out.write("".join(f"key{n}: value {n}\n" for n in range(number, number + 100_000)))
            number += 100_000
    return path


def check_in_a_process(root: Path, env: dict | None = None) -> tuple[int, float, float, str]:
    """`briefing check 2011-02` in a child of a small runner: (exit code, seconds, the child's
    peak memory in MB, output)."""
    runner = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:])\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print('PEAK', peak, file=sys.stderr)\n"
        "sys.exit(done.returncode)\n"
    )
    command = [sys.executable, "-m", "industry_briefing", "check", "2011-02", "--lang", "en"]
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", runner, *command, "--data-dir", str(root)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )
    seconds = time.monotonic() - started
    peak = next(line for line in done.stderr.splitlines() if line.startswith("PEAK"))
    assert resource.RUSAGE_CHILDREN  # Linux: ru_maxrss in KB
    return done.returncode, seconds, int(peak.split()[1]) / 1024, done.stdout + done.stderr


# --- size: bytes first, then values as they stream ----------------------------------------------


@pytest.mark.parametrize("name", ["profile.yml", "indicators.yml"])
def test_a_flat_45_mb_yaml_is_refused_by_its_bytes_unread(root, flat_yaml, name):
    shutil.copy(flat_yaml, root / name)
    size = (root / name).stat().st_size
    code, seconds, peak, output = check_in_a_process(root)
    print(f"{name}: {size:,} bytes: exit {code}, {seconds:.1f} s, peak {peak:.0f} MB")
    assert code == 2
    assert errors(output)[0] == (
        f"error: {name}: is {size:,} bytes: more than the 1,048,576 bytes in one YAML file "
        "(a month's input is far smaller; BRIEFING_LIMIT_YAML_BYTES sets the limit) "
        "(expected a few lines, as in data/README.md)"
    )
    assert peak < PEAK_MB, f"peak memory {peak:.0f} MB"
    assert seconds < 60  # it ran past 400 s and 4 GB, parsed whole before its limit


@pytest.mark.parametrize("name", ["profile.yml", "indicators.yml"])
def test_a_flat_45_mb_yaml_let_past_its_bytes_stops_at_the_values_limit(root, flat_yaml, name):
    """With the bytes' limit raised, the parser's events are counted as they stream: the
    mapping is never composed whole."""
    shutil.copy(flat_yaml, root / name)
    env = {"BRIEFING_LIMIT_YAML_BYTES": str(100 * 2**20)}
    code, seconds, peak, output = check_in_a_process(root, env)
    print(f"{name}, bytes let past: exit {code}, {seconds:.1f} s, peak {peak:.0f} MB")
    assert code == 2
    assert errors(output)[0] == (
        f"error: {name}: has more than 10,000 values: the limit of values in one YAML file, "
        "aliases expanded (BRIEFING_LIMIT_YAML_VALUES sets it) "
        "(expected a few lines, as in data/README.md)"
    )
    assert peak < PEAK_MB, f"peak memory {peak:.0f} MB"
    assert seconds < 60


def test_a_yaml_one_byte_over_its_limit_is_refused_and_at_it_read(root):
    meta = root / "2011-02" / "meta.yml"
    size = meta.stat().st_size
    result = invoke("check", "2011-02", "--data-dir", root,
                    env={"BRIEFING_LIMIT_YAML_BYTES": str(size - 1)})  # fmt: skip
    assert result.exit_code == 2
    assert errors(result.output)[0].startswith(
        f"error: 2011-02/meta.yml: is {size:,} bytes: more than the {size - 1:,} bytes in one "
        "YAML file"
    )
    env = {"BRIEFING_LIMIT_YAML_BYTES": str(size)}
    assert invoke("check", "2011-02", "--data-dir", root, env=env).exit_code == 0


# --- numbers, keys ----------------------------------------------------------------------------


def test_a_5000_digit_integer_in_meta_is_one_line_and_exit_2(root):
    meta = root / "2011-02" / "meta.yml"
    lines = meta.read_text(encoding="utf-8").splitlines()
    meta.write_text("\n".join([*lines, "source_year: " + "7" * 5000]) + "\n", encoding="utf-8")
    result = invoke("check", "2011-02", "--data-dir", root)
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert errors(result.output) == [
        f"error: 2011-02/meta.yml: source_year: a number of 5,000 digits (line {len(lines) + 1})"
        ": more than the 30 digits in one number of a YAML file (BRIEFING_LIMIT_YAML_DIGITS "
        f"sets the limit) (expected a figure of a few digits, or text in quotes; found '{'7' * 120}"
        "… (5000 characters)')",
        "error: 2011-02: 1 problem in the input; nothing was written",
    ]
    assert "Traceback" not in result.output


def test_a_long_number_in_the_profile_is_refused_too(root):
    shutil.copy(BULLETIN / "profile.yml", root / "profile.yml")
    with (root / "profile.yml").open("a", encoding="utf-8") as out:
        out.write("headline_count: 0x" + "f" * 5000 + "\n")  # hex converts without a limit
    result = invoke("check", "2011-02", "--data-dir", root)
    assert result.exit_code == 2
    assert errors(result.output)[0].startswith(
        "error: profile.yml: headline_count: a number of 5,000 digits (line 8): more than the "
        "30 digits"
    )


@pytest.mark.parametrize(
    ("value", "kind"), [("2011-02-30", "a date"), ("!!int 三十", "a whole number")]
)
def test_a_value_yaml_cannot_build_is_one_line_not_a_traceback(root, value, kind):
    meta = root / "2011-02" / "meta.yml"
    text = meta.read_text(encoding="utf-8")
    assert 'period: "2011-02"' in text
    meta.write_text(text.replace('period: "2011-02"', f"period: {value}"), encoding="utf-8")
    line = text.splitlines().index('period: "2011-02"') + 1
    result = invoke("check", "2011-02", "--data-dir", root)
    assert result.exit_code == 2
    assert errors(result.output) == [
        f"error: 2011-02/meta.yml: line {line}: cannot be read as {kind} (expected a value as "
        f"in data/README.md, or text in quotes; found '{value.removeprefix('!!int ')}')",
        "error: 2011-02: 1 problem in the input; nothing was written",
    ]


def test_a_key_given_twice_is_named_with_its_lines(root):
    meta = root / "2011-02" / "meta.yml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text + "region: 别的市\n", encoding="utf-8")
    result = invoke("check", "2011-02", "--data-dir", root)
    assert result.exit_code == 2
    first = text.splitlines().index("region: 贵阳市") + 1
    last = len(text.splitlines()) + 1
    assert errors(result.output) == [
        f"error: 2011-02/meta.yml: the key region is given twice, at lines {first} and {last} "
        "(expected each key once: keep the right value and delete the other; found 'region')",
        "error: 2011-02: 1 problem in the input; nothing was written",
    ]


def test_a_nested_key_given_twice_names_its_field(root):
    shutil.copy(BULLETIN / "profile.yml", root / "profile.yml")
    text = (BULLETIN / "indicators.yml").read_text(encoding="utf-8")
    (root / "indicators.yml").write_text(text + "    kind: flow\n", encoding="utf-8")
    result = invoke("check", "2011-02", "--data-dir", root)
    assert result.exit_code == 2
    assert errors(result.output)[0].startswith(
        "error: indicators.yml: indicators.brand_products: the key kind is given twice, at lines "
    )


# --- text: control and bidirectional characters, one rule --------------------------------------

CASES = {
    "meta.yml, escaped RLO": ("2011-02/meta.yml", "region: 贵阳市", 'region: "贵阳\\u202e市"'),
    "meta.yml, escaped ESC": ("2011-02/meta.yml", "region: 贵阳市", 'region: "贵阳\\e市"'),
    "meta.yml, raw BEL": ("2011-02/meta.yml", "region: 贵阳市", "region: 贵阳\a市"),
    "profile.yml, raw RLO": ("profile.yml", "region: 安康市", "region: 安康\u202e市"),
    "indicators.yml, escaped NUL": ("indicators.yml", "name: 品牌产品", 'name: "品牌\\0产品"'),
    "notes.md, NUL": ("2011-02/notes.md", "", "上亿元项目\x00六个"),
    "notes.md, LRI": ("2011-02/notes.md", "", "设备开工率\u206686%"),
    "parks.csv, RLO": ("2011-02/parks.csv", "", ""),
}
FOUND = {
    "meta.yml, escaped RLO": "2011-02/meta.yml: region: a bidirectional control (U+202E) in the "
    "text (line {line})",
    "meta.yml, escaped ESC": "2011-02/meta.yml: region: a control character (U+001B) in the "
    "text (line {line})",
    "meta.yml, raw BEL": "2011-02/meta.yml: line {line}: a control character (U+0007) in the text",
    "profile.yml, raw RLO": "profile.yml: region: a bidirectional control (U+202E) in the text "
    "(line 2)",
    "indicators.yml, escaped NUL": "indicators.yml: indicators.brand_products.name: a control "
    "character (U+0000) in the text (line 4)",
    "notes.md, NUL": "2011-02/notes.md: line 2: a control character (U+0000) in the text",
    "notes.md, LRI": "2011-02/notes.md: line 2: a bidirectional control (U+2066) in the text",
    "parks.csv, RLO": "2011-02/parks.csv, row 2, column 区县: a bidirectional control (U+202E) in "
    "the cell's text",
}


@pytest.mark.parametrize("case", list(CASES))
def test_control_and_bidirectional_characters_are_refused_naming_file_and_field(root, case):
    file_name, old, new = CASES[case]
    path = root / file_name
    if file_name in ("profile.yml", "indicators.yml"):
        shutil.copy(BULLETIN / "profile.yml", root / "profile.yml")
        shutil.copy(BULLETIN / "indicators.yml", root / "indicators.yml")
    if file_name.endswith("notes.md"):
        path.write_text(f"第一段。\n{new}\n", encoding="utf-8")
    elif file_name.endswith("parks.csv"):
        lines = path.read_text(encoding="utf-8").split("\n")
        cells = lines[1].split(",")
        cells[1] = "\u202e" + cells[1]
        lines[1] = ",".join(cells)
        path.write_text("\n".join(lines), encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").split("\n")
    line = next(n for n, text in enumerate(lines, start=1) if new in text) if old else 0
    result = invoke("check", "2011-02", "--data-dir", root)
    assert result.exit_code == 2, result.output
    assert errors(result.output)[0].startswith("error: " + FOUND[case].format(line=line))
    assert "expected text without control characters" in errors(result.output)[0]


def test_notes_over_their_limit_are_refused_with_the_limit_named(root):
    notes = root / "2011-02" / "notes.md"
    notes.write_text("上亿元项目六个。\n\n" * 20, encoding="utf-8")
    size = notes.stat().st_size
    result = invoke("check", "2011-02", "--data-dir", root,
                    env={"BRIEFING_LIMIT_NOTES_BYTES": "100"})  # fmt: skip
    assert result.exit_code == 2
    assert errors(result.output)[0] == (
        f"error: 2011-02/notes.md: is {size:,} bytes: more than the 100 bytes of notes.md "
        "(a month's input is far smaller; BRIEFING_LIMIT_NOTES_BYTES sets the limit) "
        "(expected the analyst's own paragraphs: a few pages at most)"
    )
    assert invoke("check", "2011-02", "--data-dir", root).exit_code == 0


def test_the_provenance_sheet_of_a_workbook_follows_the_same_rule(root):
    """The 来源 sheet of figures.xlsx stands in for meta.yml: its texts are held to the rule."""
    import openpyxl

    month = root / "2011-02"
    book = openpyxl.Workbook()
    book.remove(book.active)
    for csv_file in sorted(month.glob("*.csv")):
        sheet = book.create_sheet(csv_file.stem)
        for line in csv_file.read_text(encoding="utf-8").splitlines():
            sheet.append(line.split(","))
        csv_file.unlink()
    provenance = book.create_sheet("来源")
    provenance.append(["地区", "贵阳\u202e市"])
    provenance.append(["来源", "市工信局"])
    book.save(month / "figures.xlsx")
    (month / "meta.yml").unlink()
    result = invoke("check", "2011-02", "--data-dir", root)
    assert result.exit_code == 2
    assert errors(result.output)[0] == (
        "error: 2011-02/figures.xlsx [sheet 来源], row 1: 地区: a bidirectional control (U+202E) "
        "in the text (expected text without control characters: retype it; found '贵阳\\u202e市')"
    )


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_profile_that_is_no_file_is_said_not_skipped(root, kind):
    profile = root / "profile.yml"
    profile.mkdir() if kind == "folder" else os.mkfifo(profile)
    result = invoke("check", "2011-02", "--data-dir", root)
    assert result.exit_code == 2
    assert errors(result.output)[0] == (
        "error: profile.yml: is not a file; it is not read (expected profile.yml, a text file)"
    )
