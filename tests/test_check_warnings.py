"""`briefing check` warns of figures that look like a slip of entry (万元 typed in 亿元 rows,
parts adding up to more than their whole) at their file, row and column; warnings do not stop
ingest, and `--strict` makes them fail."""

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from industry_briefing import cli
from industry_briefing.core import settings

RAW = settings.RAW_DATA_DIR


# check, ingest and template speak the analyst's language: these tests read their English.
ENGLISH = {"check", "ingest", "template"}


def invoke(*args):
    command = [str(a) for a in args] + (
        ["--lang", "en"] if args and str(args[0]) in ENGLISH else []
    )
    return CliRunner().invoke(cli.main, command)


def copied(data_dir: Path, period: str) -> Path:
    """A bundled month copied beside the seed in the test's data dir."""
    shutil.copytree(RAW / period, data_dir / period)
    return data_dir / period


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, records: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)


def typed_in_wan(path: Path, column: str, row: int) -> tuple[dict[str, str], str]:
    """The figure of a spreadsheet row (header = row 1) typed as if in 万元 (×10,000) in its
    亿元 row; the row as it was, and the figure as now typed."""
    records = rows(path)
    record = dict(records[row - 2])
    assert record["单位"] == "亿元"
    typed = str(Decimal(record[column]) * 10000)
    records[row - 2] = {**record, column: typed}
    write_rows(path, records)
    return record, typed


def city(month: Path, name: str) -> tuple[int, str]:
    """(spreadsheet row, figure) of an indicator in the city's table."""
    found = [(n, r) for n, r in enumerate(rows(month / "indicators.csv"), start=2)]
    return next((n, r["本期累计"]) for n, r in found if r["指标"] == name)


def yi(text: str) -> str:
    """A figure as the check prints it: half-up to 2 decimals, trailing zeros dropped."""
    return f"{Decimal(text).quantize(Decimal('0.01')).normalize():f}亿元"


def test_a_clean_month_has_no_warnings(data_dir):
    copied(data_dir, "2011-04")
    result = invoke("check", "2011-04", "--data-dir", data_dir, "--strict")
    assert result.exit_code == 0
    assert result.output == (
        "2011-04: input is valid (3 indicators, 10 parks, 20 districts, 40 enterprises, "
        "32 projects, 36 plan rows).\n"
    )


def test_an_enterprise_in_wan_typed_as_yi_is_named_with_what_it_exceeds(data_dir):
    month = copied(data_dir, "2011-04")
    record, typed = typed_in_wan(month / "enterprises.csv", "本期产值", 5)
    whole_row, whole = city(month, "规模以上工业总产值")

    result = invoke("check", "2011-04", "--data-dir", data_dir)

    assert result.exit_code == 0  # a warning does not stop ingest
    assert result.stderr == (
        f"warning: 2011-04/enterprises.csv, row 5, column 本期产值: {yi(typed)} is 1000 times "
        f"or more the 上年同期产值 of the same row, {yi(record['上年同期产值'])}, and more than "
        f"its whole, the city's 规模以上工业总产值 of {yi(whole)} (2011-04/indicators.csv, "
        f"row {whole_row}): 万元 and 亿元 mixed up? (expected the figure in the row's 单位, "
        f"亿元; found '{typed}')\n"
    )
    assert result.stdout.splitlines()[-1] == (
        "2011-04: 1 warning above: check those figures (warnings do not stop ingest; "
        "--strict makes them fail)."
    )


def test_a_district_in_wan_is_named_and_the_city_it_exceeds_too(data_dir):
    month = copied(data_dir, "2011-04")
    record, typed = typed_in_wan(month / "districts.csv", "本期累计", 3)
    city_row, total = city(month, record["指标"])
    parts = [r["本期累计"] for r in rows(month / "districts.csv") if r["指标"] == record["指标"]]
    added = sum(Decimal(p) for p in parts)

    result = invoke("check", "2011-04", "--data-dir", data_dir)

    assert result.exit_code == 0
    lines = result.stderr.splitlines()  # besides these, 本期累计 above 年度目标 (reading's own)
    assert (
        f"warning: 2011-04/districts.csv, row 3, column 本期累计: {yi(typed)} is 1000 times or "
        f"more the 上年同期 of the same row, {yi(record['上年同期'])}: 万元 and 亿元 mixed up?"
    ) in lines[-2]
    assert lines[-1].startswith(
        f"warning: 2011-04/indicators.csv, row {city_row}, column 本期累计: {yi(total)} is "
        f"{yi(str(added - Decimal(total)))} less than what the {len(parts)} districts' "
        f"{record['指标']} add up to, {yi(str(added))} (2011-04/districts.csv, rows 3, 5, "
    )
    assert "parts cannot add up to more than their whole" in lines[-1]
    assert f"2011-04: {len(lines)} warnings above: check those figures" in result.stdout


def test_the_planted_case_districts_over_the_city_is_a_warning(data_dir):
    copied(data_dir, "2011-05")
    result = invoke("check", "2011-05", "--data-dir", data_dir)
    assert result.exit_code == 0
    [warning] = result.stderr.splitlines()
    assert warning.startswith(
        "warning: 2011-05/indicators.csv, row 2, column 本期累计: 493.54亿元 is 0.5亿元 less "
        "than what the 10 districts' 规模以上工业总产值 add up to, 494.04亿元 "
        "(2011-05/districts.csv, rows 2, 4, 6, 8, 10, 12, 14, 16, 18, 20)"
    )
    assert warning.endswith("(expected districts adding up to at most 493.54亿元; found '493.54')")


@pytest.mark.parametrize("column", ["累计完成", "年度计划"])
def test_a_project_figure_above_its_total_investment_is_a_warning(data_dir, column):
    month = copied(data_dir, "2011-04")
    record, typed = typed_in_wan(month / "projects.csv", column, 4)
    result = invoke("check", "2011-04", "--data-dir", data_dir)
    assert (
        f"2011-04/projects.csv, row 4, column {column}: {yi(typed)} is more than the project's "
        f"总投资 of the same row, {yi(record['总投资'])}"
    ) in result.stderr


def test_strict_makes_warnings_fail_and_ingest_goes_on_without_it(data_dir, tmp_path):
    copied(data_dir, "2011-05")
    strict = invoke("check", "2011-05", "--data-dir", data_dir, "--strict")
    assert strict.exit_code == 2
    assert strict.stderr.splitlines()[-1] == (
        "error: 2011-05: 1 warning in the input, which --strict makes fail"
    )
    warehouse = tmp_path / "w.duckdb"
    ingested = invoke("ingest", "2011-05", "--data-dir", data_dir, "--warehouse", warehouse)
    assert ingested.exit_code == 0
    assert "less than what the 10 districts' 规模以上工业总产值 add up to" in ingested.stderr
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        assert connection.execute("select count(*) from districts").fetchone() == (20,)
