"""The entry form as an analyst fills it: pre-filled rows left as the form wrote them are not
reported (an optional table nobody filled in is no table), a row filled in part is one problem
naming it, and what the form pre-fills is what it and `briefing template` say it pre-fills."""

import os
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from industry_briefing import cli
from industry_briefing.ingest import reader

SOURCE = "贵阳市统计局，2012年1-2月统计月报"
# What the analyst types: the month's figures of the indicators and of each park.
INDICATORS = {"规模以上工业总产值": 210.4, "工业投资": 35.2, "全社会固定资产投资": 140.8}
PARK_TARGET, PARK_COMPLETED = 12.0, 0.8


def invoke(*args):
    return CliRunner().invoke(cli.main, [str(a) for a in args])


@pytest.fixture(scope="module")
def new_year(tmp_path_factory) -> tuple[Path, str]:
    """The form of 2012-02, pre-filled from the bundled 2011-12 (last year's: names only),
    and what `briefing template` said of it."""
    form = tmp_path_factory.mktemp("form") / "2012-02.xlsx"
    result = invoke("template", "2012-02", "--out", form, "--lang", "en")
    assert result.exit_code == 0, result.output
    return form, result.output


def rows_of(sheet) -> list[int]:
    """The rows below the header that hold something (pre-filled or typed)."""
    return [r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value is not None]


def column_of(sheet, header: str) -> int:
    return [cell.value for cell in sheet[1]].index(header) + 1


def fill_as_an_analyst(
    form: Path, data_dir: Path, period: str = "2012-02", chosen: tuple[str, ...] = ()
) -> openpyxl.Workbook:
    """指标, 园区 and 来源 filled in, as an analyst who reports nothing else types them (the
    来源标注 of 指标, 园区 and the tables `chosen`); the other sheets left as the form wrote
    them. Saved as data_dir/PERIOD/figures.xlsx."""
    book = openpyxl.load_workbook(form)
    indicators = book["指标"]
    for row in rows_of(indicators):
        name = indicators.cell(row, 1).value
        indicators.cell(row, column_of(indicators, "本期累计")).value = INDICATORS[name]
    parks = book["园区"]
    for row in rows_of(parks):
        parks.cell(row, column_of(parks, "年度目标")).value = PARK_TARGET
        parks.cell(row, column_of(parks, "累计完成")).value = PARK_COMPLETED
    meta = book["来源"]
    meta["B2"] = SOURCE
    for row in range(1, meta.max_row + 1):
        if meta.cell(row, 1).value in ("指标", "园区", *chosen):
            meta.cell(row, 4).value = "公布"
    save(book, data_dir, period)
    return book


def save(book: openpyxl.Workbook, data_dir: Path, period: str = "2012-02") -> None:
    (data_dir / period).mkdir(parents=True, exist_ok=True)
    book.save(data_dir / period / "figures.xlsx")


def check(data_dir: Path, lang: str = "en"):
    return invoke("check", "2012-02", "--data-dir", data_dir, "--lang", lang)


def test_the_form_comes_with_last_years_names_of_optional_tables(new_year):
    """The case of the issue: 20 districts', 40 enterprises' and 32 projects' names."""
    form, _ = new_year
    book = openpyxl.load_workbook(form)
    assert [len(rows_of(book[title])) for title in ("区县", "企业", "项目")] == [20, 40, 32]
    assert rows_of(book["计划"]) == []  # a new year: no plan carried


def test_an_analyst_filling_only_indicators_parks_and_provenance_gets_a_clean_check(
    new_year, tmp_path
):
    form, _ = new_year
    fill_as_an_analyst(form, tmp_path)
    for lang, valid in (
        ("en", "2012-02: input is valid (3 indicators, 10 parks).\n"),
        ("zh", "2012-02：输入无误（指标3行、园区10行）。\n"),
    ):
        result = check(tmp_path, lang)
        assert result.exit_code == 0, result.output
        assert result.output == valid  # no error, no warning: 92 untouched rows not reported


def test_a_row_filled_in_part_is_one_problem_naming_the_row(new_year, tmp_path):
    form, _ = new_year
    book = fill_as_an_analyst(form, tmp_path)
    districts = book["区县"]
    districts.cell(2, column_of(districts, "同比增长(%)")).value = 12.5  # its figure forgotten
    meta = book["来源"]
    [row] = [r for r in range(1, meta.max_row + 1) if meta.cell(r, 1).value == "区县"]
    meta.cell(row, 4).value = "公布"
    save(book, tmp_path)
    name = f"{districts.cell(2, 1).value}/{districts.cell(2, 2).value}"  # 南明区/规模以上工业总产值

    english, chinese = check(tmp_path, "en"), check(tmp_path, "zh")

    assert english.exit_code == chinese.exit_code == 2
    assert english.output.splitlines() == [
        f"error: 2012-02/figures.xlsx [sheet 区县], row 2, column 本期累计: the row of {name} "
        "is filled in part: 本期累计 left empty (expected 本期累计 filled in too; a row not "
        "reported is left as the form pre-filled it, or deleted)",
        "error: 2012-02: 1 problem in the input; nothing was written",
    ]
    assert chinese.output.splitlines() == [
        f"错误：2012-02/figures.xlsx，工作表「区县」第2行「本期累计」列（C2）：「{name}」这一行"
        "只填了一部分：本期累计未填（应为把本期累计也填上；不报送的行保持预填的样子即可，或整行删除）",
        "错误：2012-02：输入中有1个问题，未写入任何内容",
    ]


def test_parks_left_as_pre_filled_are_said_once_not_per_row(new_year, tmp_path):
    form, _ = new_year
    book = fill_as_an_analyst(form, tmp_path)
    parks = book["园区"]
    for row in rows_of(parks):
        for header in ("年度目标", "累计完成"):
            parks.cell(row, column_of(parks, header)).value = None
    save(book, tmp_path)

    result = check(tmp_path, "zh")

    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "错误：2012-02/figures.xlsx，工作表「园区」：预填的行一行也没有填（应为至少一行填上累计完成）",
        "错误：2012-02：输入中有1个问题，未写入任何内容",
    ]


def test_a_required_indicator_left_as_pre_filled_is_still_asked_for(new_year, tmp_path):
    form, _ = new_year
    book = fill_as_an_analyst(form, tmp_path)
    indicators = book["指标"]
    indicators.cell(3, column_of(indicators, "本期累计")).value = None  # 工业投资
    save(book, tmp_path)

    result = check(tmp_path)

    assert result.exit_code == 2
    assert result.output.splitlines()[0] == (
        "error: 2012-02/figures.xlsx [sheet 指标], row 3, column 本期累计: required cell is "
        "empty (expected the figure: this row is required every month)"
    )


def test_what_is_pre_filled_is_what_the_command_and_the_form_say(new_year, tmp_path):
    form, said = new_year
    assert "names pre-filled from 2011-12, last year's: 3 indicators, 10 parks" in said
    assert "this year's targets and plan are left for you to fill in" in said
    assert "targets pre-filled" not in said
    book = openpyxl.load_workbook(form)
    parks = book["园区"]
    assert {parks.cell(r, column_of(parks, "年度目标")).value for r in rows_of(parks)} == {None}
    text = "\n".join(str(c.value) for c in book["说明"]["A"] if c.value)
    assert "各表已预填上年 2011-12（1-12月）的名称、区县和单位（灰底）" in text
    assert "本年的年度目标、计划表和目标表未预填" in text
    assert "只有灰底预填内容的行不算报送，也不会报错" in text

    same_year = invoke("template", "2011-04", "--out", tmp_path / "april.xlsx", "--lang", "zh")
    assert same_year.exit_code == 0, same_year.output
    assert "已按 2011-03 预填名称和年度目标：指标3行、园区10行" in same_year.output
    april = openpyxl.load_workbook(tmp_path / "april.xlsx")
    text = "\n".join(str(c.value) for c in april["说明"]["A"] if c.value)
    assert "各表已预填 2011-03（1-3月）的名称、区县、单位和年度目标" in text
    assert april["园区"].cell(2, 3).value is not None  # this year's target carried


def test_the_form_is_written_readable_as_any_file(tmp_path):
    previous = os.umask(0o022)
    try:
        result = invoke("template", "2011-04", "--out", tmp_path / "t.xlsx")
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "t.xlsx").stat().st_mode & 0o777 == 0o644


def test_the_growth_multiple_is_described_as_a_multiple(new_year):
    form, _ = new_year
    indicators = openpyxl.load_workbook(form)["指标"]
    cell = indicators.cell(1, column_of(indicators, "增长倍数"))
    assert "倍数：“增长N倍”的N，如增长2.59倍填 2.59" in cell.comment.text
    assert "不是百分数" in cell.comment.text and "比率（%）" not in cell.comment.text
    [rule] = [
        v for v in indicators.data_validations.dataValidation if cell.column_letter in str(v.sqref)
    ]
    assert "倍数" in rule.prompt and "百分数" not in rule.prompt


def test_the_plan_carried_within_the_year_stands_as_the_form_wrote_it(tmp_path):
    """The year's plan is carried whole: left as written, it is the month's plan; the
    districts, enterprises and projects left as written are not reported."""
    form = tmp_path / "2011-04.xlsx"
    assert invoke("template", "2011-04", "--out", form).exit_code == 0
    fill_as_an_analyst(form, tmp_path / "raw", "2011-04", chosen=("计划",))

    figures = reader.read_period(tmp_path / "raw", "2011-04")

    assert len(figures.plan) == 36
    assert (len(figures.districts), len(figures.enterprises), len(figures.projects)) == (0, 0, 0)


def test_a_table_filled_without_its_provenance_is_named_at_its_cell(new_year, tmp_path):
    """Said as the 来源 sheet says it (区县, 来源标注, 公布/推算/示意), at the cell to choose."""
    form, _ = new_year
    book = fill_as_an_analyst(form, tmp_path)
    districts = book["区县"]
    districts.cell(2, column_of(districts, "本期累计")).value = 20.5
    save(book, tmp_path)
    meta = book["来源"]
    [row] = [r for r in range(1, meta.max_row + 1) if meta.cell(r, 1).value == "区县"]

    english, chinese = check(tmp_path, "en"), check(tmp_path, "zh")

    assert english.output.splitlines()[0] == (
        f"error: 2012-02/figures.xlsx [sheet 来源], row {row}, column 来源标注: the 来源标注 of "
        "区县 is empty (expected 公布, 推算 or 示意)"
    )
    assert chinese.output.splitlines()[0] == (
        f"错误：2012-02/figures.xlsx，工作表「来源」第{row}行「来源标注」列（D{row}）："
        "「区县」的来源标注未选择（应为公布、推算或示意）"
    )
    assert len(chinese.output.splitlines()) == 2  # that problem, and the count


def test_a_required_indicator_deleted_is_named_by_its_chinese_name(new_year, tmp_path):
    form, _ = new_year
    book = fill_as_an_analyst(form, tmp_path)
    book["指标"].delete_rows(3)  # 工业投资
    save(book, tmp_path)

    english, chinese = check(tmp_path, "en"), check(tmp_path, "zh")

    assert english.output.splitlines()[0] == (
        "error: 2012-02/figures.xlsx [sheet 指标], column 指标: required row "
        "industrial_investment (工业投资) is missing (expected a row for each of "
        "industrial_output, industrial_investment, fixed_asset_investment)"
    )
    assert chinese.output.splitlines()[0] == (
        "错误：2012-02/figures.xlsx，工作表「指标」「指标」列（A列）：缺少必需的行「工业投资」"
        "（应为每项必需指标各一行：规模以上工业总产值、工业投资、全社会固定资产投资）"
    )
