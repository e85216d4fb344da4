"""Reading a period folder: the bundled month, other encodings and formats, and bad input."""

import hashlib
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from industry_briefing.contract.provenance import note_of, provenance_of
from industry_briefing.contract.tables import TABLES
from industry_briefing.core import periods, settings
from industry_briefing.core.errors import InputError, Problem
from industry_briefing.core.figures import PeriodFigures
from industry_briefing.core.periods import Period, PeriodError
from industry_briefing.ingest import reader

TABLE_NAMES = ["indicators", "parks", "districts", "enterprises", "projects", "plan"]


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def problems_of(data_dir: Path, period: str = "2011-02") -> list[Problem]:
    with pytest.raises(InputError) as caught:
        reader.read_period(data_dir, period)
    return caught.value.problems


def messages_of(data_dir: Path, period: str = "2011-02") -> list[str]:
    return [str(p) for p in problems_of(data_dir, period)]


def assert_same_figures(actual: PeriodFigures, expected: PeriodFigures) -> None:
    for name in [*TABLE_NAMES, "provenance"]:
        pd.testing.assert_frame_equal(getattr(actual, name), getattr(expected, name))
    assert (actual.period, actual.region, actual.source) == (
        expected.period,
        expected.region,
        expected.source,
    )


def write_workbook(period_dir: Path, sheet_names: dict[str, str]) -> None:
    """figures.xlsx from the period's CSVs (numbers as numbers, as Excel keeps them); the
    seed's printed facts go with them, in a sheet named in the same language."""
    if (period_dir / "facts.csv").is_file() and "facts" not in sheet_names:
        chinese = any(name != table for table, name in sheet_names.items())
        sheet_names = {**sheet_names, "facts": "事实" if chinese else "facts"}
    with pd.ExcelWriter(period_dir / "figures.xlsx", engine="openpyxl") as workbook:
        for table, sheet in sheet_names.items():
            pd.read_csv(period_dir / f"{table}.csv").to_excel(
                workbook, sheet_name=sheet, index=False
            )
    for table in sheet_names:
        (period_dir / f"{table}.csv").unlink()


@pytest.fixture(scope="module")
def seed() -> PeriodFigures:
    return reader.read_period(settings.RAW_DATA_DIR, "2011-02")


# --- the bundled month --------------------------------------------------------------------


def test_bundled_period_reads_without_problems(seed):
    assert seed.period == Period(2011, 2)
    assert seed.region == "贵阳市"
    assert seed.source.startswith("贵阳市工业和信息化委员会")
    assert seed.warnings == ()


def test_bundled_indicators_are_what_the_csv_says(seed):
    indicators = seed.indicators.set_index("indicator")
    assert list(indicators.index) == [
        "industrial_output",
        "industrial_investment",
        "fixed_asset_investment",
    ]
    assert indicators.loc["industrial_output", "value"] == 192.1
    assert indicators.loc["industrial_output", "growth_pct"] == 27.6
    assert indicators.loc["industrial_output", "annual_target"] == 1268
    assert indicators.loc["industrial_output", "note"] == "预计数"
    assert indicators.loc["industrial_investment", "growth_pct"] == 259
    assert indicators.loc["fixed_asset_investment", "value"] == 125.98
    assert pd.isna(indicators.loc["fixed_asset_investment", "annual_target"])
    assert indicators["prior_value"].isna().all()
    assert (
        list(seed.indicators.columns)
        == [
            "indicator",
            "value",
            "unit",  # kept: an indicator may be in any unit of its family
            "prior_value",
            "growth_pct",
            "annual_target",
            "note",
            *TABLES["indicators"].stored_columns[7:],  # what the seed does not give: empty
        ]
    )
    assert set(seed.indicators["unit"]) == {"亿元"}
    assert seed.indicators.iloc[:, 7:].isna().all().all()


def test_bundled_parks_are_what_the_csv_says(seed):
    parks = seed.parks
    assert list(parks.columns) == ["park", "district", "annual_target", "completed", "note"]
    assert len(parks) == 10
    assert parks["completed"].sum() == pytest.approx(7.54, abs=1e-9)
    assert parks["annual_target"].sum() == pytest.approx(198.5, abs=1e-9)
    first = parks.iloc[0]
    assert (first["park"], first["district"], first["completed"]) == (
        "贵阳麦架-沙文高新技术产业园",
        "白云区",
        2.25,
    )
    assert list(parks.index) == list(range(10))  # index-free: input order, no row numbers


def test_bundled_provenance_is_resolved_per_cell(seed):
    park = "龙洞堡食品工业园"
    assert provenance_of(seed, "indicators", "industrial_output", "annual_target") == "derived"
    assert provenance_of(seed, "indicators", "规模以上工业总产值", "年度目标") == "derived"
    assert provenance_of(seed, "indicators", "industrial_output", "value") == "published"
    assert provenance_of(seed, "indicators", "fixed_asset_investment", "value") == "derived"
    assert provenance_of(seed, "parks", park, "annual_target") == "illustrative"
    assert provenance_of(seed, "parks", park, "district") == "illustrative"
    assert provenance_of(seed, "parks", park, "completed") == "published"
    assert "15.15%" in note_of(seed, "indicators", "industrial_output", "annual_target")
    assert note_of(seed, "parks", park, "completed") is None


def test_absent_optional_tables_are_empty_with_the_contract_columns(seed):
    assert seed.districts.empty and seed.enterprises.empty and seed.projects.empty
    assert list(seed.projects.columns) == [
        "project",
        "district",
        "park",
        "total_investment",
        "annual_plan",
        "completed",
        "stage",
        "capacity_reached",
        "issue",
    ]
    assert seed.projects["completed"].dtype == "float64"
    assert seed.plan.empty
    assert list(seed.plan.columns) == ["indicator", "month", "planned"]
    assert seed.plan["month"].dtype == "Int64"


def test_files_are_listed_with_their_sha256(seed):
    # The month's files, and the region's profile at the data root that every month reads.
    assert set(seed.files) == {
        "2011-02/meta.yml",
        "2011-02/indicators.csv",
        "2011-02/parks.csv",
        "2011-02/facts.csv",
        "profile.yml",
    }
    parks = (settings.RAW_DATA_DIR / "2011-02" / "parks.csv").read_bytes()
    assert seed.files["2011-02/parks.csv"] == hashlib.sha256(parks).hexdigest()
    profile = (settings.RAW_DATA_DIR / "profile.yml").read_bytes()
    assert seed.files["profile.yml"] == hashlib.sha256(profile).hexdigest()


def test_no_periods_in_a_missing_data_dir(tmp_path):
    assert periods.available_periods(tmp_path / "absent") == []


def test_available_periods_are_the_period_folders_in_order(data_dir):
    for name in ["2011-03", "2010-12", "2011-13", "notes"]:
        (data_dir / name).mkdir()
    (data_dir / "2012-01").write_text("a file, not a folder")
    assert periods.available_periods(data_dir) == [
        Period(2010, 12),
        Period(2011, 2),
        Period(2011, 3),
    ]


# --- other formats, encodings and spellings -------------------------------------------------


@pytest.mark.parametrize(
    "sheet_names",
    [{"indicators": "indicators", "parks": "parks"}, {"indicators": "指标", "parks": "园区"}],
    ids=["english-sheets", "chinese-sheets"],
)
def test_workbook_reads_like_the_csv_files(seed, data_dir, period_dir, sheet_names):
    write_workbook(period_dir, sheet_names)
    figures = reader.read_period(data_dir, "2011-02")
    assert_same_figures(figures, seed)
    assert set(figures.files) == {"2011-02/meta.yml", "2011-02/figures.xlsx"}


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig"])
def test_reencoded_csv_reads_identically(seed, data_dir, period_dir, encoding):
    for name in ["indicators.csv", "parks.csv", "meta.yml"]:
        path = period_dir / name
        path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    assert_same_figures(reader.read_period(data_dir, "2011-02"), seed)


def test_thousands_separators_and_wan_yuan_are_converted_to_yi_yuan(data_dir, period_dir):
    replace_in(
        period_dir / "indicators.csv", "全社会固定资产投资,125.98,", '全社会固定资产投资,"1,234.5",'
    )
    replace_in(period_dir / "parks.csv", "花溪区,8,0.55,亿元", "花溪区,80000,12345,万元")
    figures = reader.read_period(data_dir, "2011-02")
    indicators = figures.indicators.set_index("indicator")
    assert indicators.loc["fixed_asset_investment", "value"] == 1234.5
    park = figures.parks.set_index("park").loc["贵阳金石石材工业园区"]
    assert park["completed"] == pytest.approx(1.2345, abs=1e-12)
    assert park["annual_target"] == 8
    assert "unit" not in figures.parks.columns


def test_headers_tolerate_whitespace_width_case_and_percent_suffix(seed, data_dir, period_dir):
    replace_in(
        period_dir / "indicators.csv",
        "指标,本期累计,单位,上年同期,同比增长(%),年度目标,备注",
        " 指标 ,VALUE,unit,上年同期 ,同比增长,Annual_Target,备注",
    )
    assert_same_figures(reader.read_period(data_dir, "2011-02"), seed)
    replace_in(period_dir / "indicators.csv", ",同比增长,", ",同比增长（％）,")
    assert_same_figures(reader.read_period(data_dir, "2011-02"), seed)


def test_optional_tables_are_read_and_converted(data_dir, full_period_dir):
    figures = reader.read_period(data_dir, "2011-02")
    districts = figures.districts.set_index(["district", "indicator"])
    assert districts.loc[("白云区", "industrial_investment"), "value"] == 5.2  # 52000 万元
    assert districts.loc[("小河区", "industrial_output"), "growth_pct"] == 17.3
    enterprises = figures.enterprises.set_index("enterprise")
    assert enterprises.loc["某铝业有限公司", "output"] == pytest.approx(1.2345)  # "12,345" 万元
    assert enterprises.loc["某铝业有限公司", "prior_output"] == 1.0
    assert enterprises.loc["某磷化工有限公司", "growth_pct"] == -8.6  # a rate may be negative
    assert enterprises.loc["某磷化工有限公司", "status"] == "部分生产"
    projects = figures.projects.set_index("project")
    assert projects.loc["某食品加工项目", "total_investment"] == 0.8
    assert projects.loc["某食品加工项目", "completed"] == 0.05
    assert provenance_of(figures, "projects", "某装备制造项目", "total_investment") == "derived"
    assert provenance_of(figures, "districts", ("白云区", "工业投资"), "value") == "illustrative"
    assert figures.warnings == ()


def test_a_row_override_beats_a_column_override_and_a_cell_beats_both(data_dir, period_dir):
    meta = period_dir / "meta.yml"
    meta.write_text(
        meta.read_text(encoding="utf-8")
        + "      - row: 龙洞堡食品工业园\n        provenance: derived\n"
        + "      - row: 修文医药产业园区\n        column: 年度目标\n"
        + "        provenance: published\n",
        encoding="utf-8",
    )
    figures = reader.read_period(data_dir, "2011-02")
    assert provenance_of(figures, "parks", "龙洞堡食品工业园", "annual_target") == "derived"
    assert provenance_of(figures, "parks", "修文医药产业园区", "annual_target") == "published"
    assert provenance_of(figures, "parks", "修文医药产业园区", "district") == "illustrative"


# --- bad input: one test per case, asserting the message --------------------------------------


def test_missing_required_file(data_dir, period_dir):
    (period_dir / "parks.csv").unlink()
    assert messages_of(data_dir) == [
        "2011-02/parks.csv: required file is missing (expected parks.csv (or a sheet parks / 园区 "
        "in figures.xlsx); found 'files present: facts.csv, indicators.csv, meta.yml')"
    ]


def test_missing_meta_yml(data_dir, period_dir):
    (period_dir / "meta.yml").unlink()
    [problem] = problems_of(data_dir)
    assert problem.file == "2011-02/meta.yml"
    assert "required file is missing" in str(problem)
    assert "region, source and the provenance of each table" in problem.expected


def test_missing_sheet(data_dir, period_dir):
    write_workbook(period_dir, {"indicators": "指标"})
    (period_dir / "parks.csv").unlink()
    [problem] = problems_of(data_dir)
    assert str(problem) == (
        "2011-02/figures.xlsx: required sheet parks (园区) is missing "
        "(expected a sheet named parks or 园区; found 'sheets present: 指标, 事实')"
    )


def test_workbook_problems_name_the_sheet_and_the_spreadsheet_row(data_dir, period_dir):
    write_workbook(period_dir, {"indicators": "指标", "parks": "园区"})
    book = openpyxl.load_workbook(period_dir / "figures.xlsx")
    book["园区"]["D4"] = "三亿"
    book.save(period_dir / "figures.xlsx")
    [problem] = problems_of(data_dir)
    assert (problem.file, problem.sheet, problem.row, problem.column) == (
        "2011-02/figures.xlsx",
        "园区",
        4,
        "累计完成",
    )
    assert str(problem).startswith("2011-02/figures.xlsx [sheet 园区], row 4, column 累计完成: ")


def test_workbook_cells_read_as_shown_percent_format_included(seed, data_dir, period_dir):
    write_workbook(period_dir, {"indicators": "指标", "parks": "园区"})
    book = openpyxl.load_workbook(period_dir / "figures.xlsx")
    growth = book["指标"]["E2"]
    growth.value, growth.number_format = 0.276, "0.0%"  # Excel shows 27.6%
    book.save(period_dir / "figures.xlsx")
    figures = reader.read_period(data_dir, "2011-02")
    assert figures.indicators.loc[0, "growth_pct"] == 27.6
    assert_same_figures(figures, seed)


def test_missing_required_column(data_dir, period_dir):
    path = period_dir / "parks.csv"
    rows = [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()]
    path.write_text("\n".join(",".join(r[:3] + r[4:]) for r in rows) + "\n", encoding="utf-8")
    assert messages_of(data_dir) == [
        "2011-02/parks.csv, column 累计完成 / completed: required column is missing "
        "(expected a column headed 累计完成 or completed; "
        "found 'headers: 园区, 区县, 年度目标, 单位, 备注')"
    ]


def test_non_numeric_amount(data_dir, period_dir):
    replace_in(period_dir / "parks.csv", "小河区,60,3,亿元", "小河区,60,三亿,亿元")
    assert messages_of(data_dir) == [
        "2011-02/parks.csv, row 3, column 累计完成: not a number (expected an amount in the "
        "row's unit, such as 192.1 or 1,234.5; found '三亿')"
    ]


def test_negative_amount(data_dir, period_dir):
    replace_in(period_dir / "parks.csv", "开阳县,15,0.17", "开阳县,15,-0.17")
    assert messages_of(data_dir) == [
        "2011-02/parks.csv, row 4, column 累计完成: amount is negative "
        "(expected an amount of 0 or more; found '-0.17')"
    ]


def test_negative_growth_is_a_valid_rate(data_dir, period_dir):
    replace_in(period_dir / "indicators.csv", ",27.6,", ",-27.6,")
    figures = reader.read_period(data_dir, "2011-02")
    assert figures.indicators.loc[0, "growth_pct"] == -27.6


def test_growth_below_minus_100_is_impossible(data_dir, period_dir):
    replace_in(period_dir / "indicators.csv", ",27.6,", ",-127.6,")
    [problem] = problems_of(data_dir)
    assert (problem.row, problem.column, problem.found) == (2, "同比增长(%)", "-127.6")
    assert "rate out of range" in problem.message


def test_unknown_unit(data_dir, period_dir):
    replace_in(period_dir / "parks.csv", "清镇市,18,0.15,亿元", "清镇市,18,0.15,元")
    assert messages_of(data_dir) == [
        "2011-02/parks.csv, row 7, column 单位: unknown unit (expected 亿元 or 万元; found '元')"
    ]


def test_unknown_indicator_code(data_dir, period_dir):
    replace_in(period_dir / "indicators.csv", "全社会固定资产投资,", "固定资产投资,")
    problems = problems_of(data_dir)
    assert [(p.row, p.column, p.message, p.found) for p in problems] == [
        (None, "指标", "required row fixed_asset_investment (全社会固定资产投资) is missing", ""),
        (4, "指标", "unknown indicator", "固定资产投资"),
        # meta.yml's override of that row now names no row either
        (None, None, "tables.indicators.overrides[2].row: no such row", "全社会固定资产投资"),
    ]
    assert "industrial_output (规模以上工业总产值)" in problems[1].expected


def test_missing_required_indicator_row(data_dir, period_dir):
    replace_in(period_dir / "indicators.csv", "工业投资,29,亿元,,259,547,\n", "")
    assert messages_of(data_dir) == [
        "2011-02/indicators.csv, column 指标: required row industrial_investment (工业投资) is "
        "missing (expected a row for each of industrial_output, industrial_investment, "
        "fixed_asset_investment)",
        "2011-02/meta.yml: tables.indicators.overrides[1].row: no such row (expected the "
        "indicator of a row of indicators, e.g. industrial_output; found '工业投资')",
    ]


def test_duplicate_park(data_dir, period_dir):
    replace_in(period_dir / "parks.csv", "乌当医药食品工业园区,", "白云铝及铝加工基地,")
    assert messages_of(data_dir) == [
        "2011-02/parks.csv, row 10, column 园区: duplicate 园区: already on row 6 "
        "(expected each 园区 once; found '白云铝及铝加工基地')"
    ]


@pytest.mark.parametrize(
    ("file", "old", "new", "row", "column", "found"),
    [
        (
            "districts.csv",
            "小河区,规模以上",
            "白云区,规模以上",
            4,
            "区县+指标",
            "白云区/规模以上工业总产值",
        ),
        (
            "enterprises.csv",
            "某磷化工有限公司,",
            "某铝业有限公司,",
            3,
            "enterprise",
            "某铝业有限公司",
        ),
        ("projects.csv", "某食品加工项目,", "某装备制造项目,", 3, "项目", "某装备制造项目"),
    ],
)
def test_duplicate_rows_of_the_optional_tables(
    data_dir, full_period_dir, file, old, new, row, column, found
):
    replace_in(full_period_dir / file, old, new)
    [problem] = problems_of(data_dir)
    assert (problem.file, problem.row, problem.column, problem.found) == (
        f"2011-02/{file}",
        row,
        column,
        found,
    )
    assert problem.message == f"duplicate {column}: already on row 2"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        ("园区,区县,年度目标,累计完成,单位\n".encode(), "has a header but no data rows"),
    ],
    ids=["zero-bytes", "header-only"],
)
def test_empty_file(data_dir, period_dir, content, message):
    (period_dir / "parks.csv").write_bytes(content)
    [problem] = problems_of(data_dir)
    assert (problem.file, problem.message) == ("2011-02/parks.csv", message)


def test_header_only_optional_file_says_to_leave_it_out(data_dir, full_period_dir):
    (full_period_dir / "projects.csv").write_text("项目,累计完成,单位\n", encoding="utf-8")
    [problem] = problems_of(data_dir)
    assert "leave out projects.csv if there is nothing" in str(problem)


@pytest.mark.parametrize("period", ["2011-13", "11-02", "2011-2", "2011-00", "201102"])
def test_malformed_period(data_dir, period):
    with pytest.raises(PeriodError, match=period):
        reader.read_period(data_dir, period)


def test_period_folder_that_does_not_exist(data_dir):
    [problem] = problems_of(data_dir, "2011-03")
    assert problem.file == "2011-03/"
    assert "period folder does not exist" in problem.message
    assert problem.found == "periods present: 2011-02"


def test_zero_prior_value(data_dir, period_dir):
    replace_in(period_dir / "indicators.csv", "工业投资,29,亿元,,", "工业投资,29,亿元,0,")
    assert messages_of(data_dir) == [
        "2011-02/indicators.csv, row 3, column 上年同期: value is 0: a growth rate against 0 is "
        "undefined (expected a value above 0, or an empty cell; found '0')"
    ]


def test_zero_prior_output(data_dir, full_period_dir):
    replace_in(full_period_dir / "enterprises.csv", "万元,10000,", "万元,0.00,")
    [problem] = problems_of(data_dir)
    assert (problem.file, problem.row, problem.column, problem.found) == (
        "2011-02/enterprises.csv",
        2,
        "prior_output",
        "0.00",
    )
    assert "a growth rate against 0 is undefined" in problem.message


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("region: 贵阳市\n", "", "2011-02/meta.yml: region is missing (expected the region's name"),
        ("region: 贵阳市\n", "region: ''\n", "2011-02/meta.yml: region is missing"),
        ("source: >-", "origin: >-", "2011-02/meta.yml: source is missing"),
    ],
)
def test_meta_without_region_or_source(data_dir, period_dir, old, new, expected):
    replace_in(period_dir / "meta.yml", old, new)
    assert any(m.startswith(expected) for m in messages_of(data_dir))


def test_meta_with_an_unknown_provenance_word(data_dir, period_dir):
    replace_in(period_dir / "meta.yml", "provenance: illustrative", "provenance: estimated")
    assert messages_of(data_dir) == [
        "2011-02/meta.yml: tables.parks.overrides[0].provenance: unknown provenance "
        "(expected published, derived or illustrative; found 'estimated')"
    ]


@pytest.mark.parametrize(
    ("old", "new", "message", "found"),
    [
        (
            "row: 工业投资\n",
            "row: 工业产值\n",
            "tables.indicators.overrides[1].row: no such row",
            "工业产值",
        ),
        (
            "column: district",
            "column: county",
            "tables.parks.overrides[1].column: unknown column",
            "county",
        ),
        ("  parks:\n", "  park:\n", "tables.park: unknown table", "park"),
    ],
)
def test_meta_overrides_must_name_cells_of_the_input(
    data_dir, period_dir, old, new, message, found
):
    replace_in(period_dir / "meta.yml", old, new)
    problems = problems_of(data_dir)
    assert (problems[0].message, problems[0].found) == (message, found)


def test_meta_english_notes_are_read_beside_the_chinese_ones(data_dir, period_dir):
    figures = reader.read_period(data_dir, "2011-02")
    assert figures.source_en.startswith("Guiyang Commission of Industry")
    derived = figures.provenance.loc[figures.provenance["row_key"] == "industrial_output"]
    assert derived["note_en"].tolist() == [
        "19.21 billion yuan is 15.15% of the annual target, which is therefore about "
        "126.8 billion yuan"
    ]


def test_meta_english_note_needs_the_note_it_translates(data_dir, period_dir):
    replace_in(period_dir / "meta.yml", "  parks:\n    provenance: published\n", (
        "  parks:\n    provenance: published\n    note_en: an English note alone\n"
    ))  # fmt: skip
    assert messages_of(data_dir) == [
        "2011-02/meta.yml: tables.parks.note_en: the English of a note: give the note too "
        "(found 'an English note alone')"
    ]


def test_meta_period_must_match_the_folder(data_dir, period_dir):
    replace_in(period_dir / "meta.yml", 'period: "2011-02"', 'period: "2011-03"')
    [problem] = problems_of(data_dir)
    assert (problem.message, problem.expected, problem.found) == (
        "period does not match the folder",
        "2011-02",
        "2011-03",
    )


def test_every_table_needs_a_provenance_in_meta(data_dir, full_period_dir):
    replace_in(full_period_dir / "meta.yml", "  districts:\n    provenance: illustrative\n", "")
    assert messages_of(data_dir) == [
        "2011-02/meta.yml: tables.districts is missing (expected the provenance of the districts "
        "table: published, derived or illustrative)"
    ]


def test_three_problems_in_one_file_are_all_reported(data_dir, period_dir):
    parks = period_dir / "parks.csv"
    replace_in(parks, "小河区,60,3,亿元", "小河区,60,三亿,亿元")
    replace_in(parks, "开阳县,15,0.17", "开阳县,15,-0.17")
    replace_in(parks, "清镇市,18,0.15,亿元", "清镇市,18,0.15,元")
    problems = problems_of(data_dir)
    assert [(p.row, p.message) for p in problems] == [
        (3, "not a number"),
        (4, "amount is negative"),
        (7, "unknown unit"),
    ]


def test_problems_of_several_files_are_reported_together(data_dir, period_dir):
    replace_in(period_dir / "meta.yml", "region: 贵阳市\n", "")
    replace_in(period_dir / "indicators.csv", ",亿元,,27.6,", ",美元,,27.6,")
    replace_in(period_dir / "parks.csv", "开阳县,15,0.17", "开阳县,15,-0.17")
    files = [p.file for p in problems_of(data_dir)]
    assert files == ["2011-02/meta.yml", "2011-02/indicators.csv", "2011-02/parks.csv"]


def test_row_numbers_count_blank_lines_as_a_spreadsheet_does(data_dir, period_dir):
    replace_in(period_dir / "parks.csv", "\n开阳", "\n\n开阳")
    replace_in(period_dir / "parks.csv", "开阳县,15,0.17", "开阳县,15,-0.17")
    [problem] = problems_of(data_dir)
    assert problem.row == 5


def test_unquoted_thousands_separator_shifts_cells_and_is_reported(data_dir, period_dir):
    replace_in(period_dir / "indicators.csv", ",27.6,1268,预计数", ",27.6,1,268,预计数")
    problems = problems_of(data_dir)
    assert problems[0].row == 2
    assert problems[0].message == "row has 8 cells but the header has 7"
    assert "quote numbers with thousands separators" in problems[0].expected


def test_csv_files_and_a_workbook_together_are_ambiguous(data_dir, period_dir):
    write_workbook(period_dir, {"indicators": "indicators"})
    [problem] = problems_of(data_dir)
    assert problem.file == "2011-02/figures.xlsx"
    assert problem.message == "the tables are given twice: as CSV files and as this workbook"


def test_undecodable_csv(data_dir, period_dir):
    (period_dir / "parks.csv").write_bytes("园区".encode("utf-16"))
    [problem] = problems_of(data_dir)
    assert (problem.file, problem.message) == ("2011-02/parks.csv", "cannot be decoded")


def test_enum_and_percentage_columns_are_checked(data_dir, full_period_dir):
    replace_in(full_period_dir / "enterprises.csv", "正常生产,85,", "开工,120,")
    problems = problems_of(data_dir)
    assert [(p.column, p.message, p.found) for p in problems] == [
        ("status", "not an allowed value", "开工"),
        ("utilization_pct", "rate out of range", "120"),
    ]
    assert problems[0].expected == "one of 正常生产, 部分生产, 停产, 未投产"


# --- warnings -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "column"),
    [
        ("parks.csv", "白云区,10,0.1,", "白云区,10,10.5,", "累计完成"),
        ("indicators.csv", "工业投资,29,亿元,,259,547,", "工业投资,600,亿元,,259,547,", "本期累计"),
        ("projects.csv", "20,5,0.8,亿元", "20,5,5.5,亿元", "累计完成"),
    ],
)
def test_completion_above_the_annual_target_is_a_warning(
    data_dir, full_period_dir, file, old, new, column
):
    replace_in(full_period_dir / file, old, new)
    figures = reader.read_period(data_dir, "2011-02")
    [warning] = figures.warnings
    assert (warning.file, warning.column, warning.severity) == (
        f"2011-02/{file}",
        column,
        "warning",
    )
    assert "is above" in warning.message


def test_unknown_column_is_a_warning_and_ignored(seed, data_dir, period_dir):
    replace_in(period_dir / "parks.csv", ",备注\n", ",备注,负责人\n")
    figures = reader.read_period(data_dir, "2011-02")
    [warning] = figures.warnings
    assert (warning.column, warning.message) == ("负责人", "column is not in the contract; ignored")
    pd.testing.assert_frame_equal(figures.parks, seed.parks)


def test_warnings_travel_with_the_errors(data_dir, period_dir):
    replace_in(period_dir / "parks.csv", "白云区,10,0.1,", "白云区,10,10.5,")
    replace_in(period_dir / "parks.csv", "开阳县,15,0.17", "开阳县,15,-0.17")
    with pytest.raises(InputError) as caught:
        reader.read_period(data_dir, "2011-02")
    assert [p.row for p in caught.value.problems] == [4]
    assert [p.row for p in caught.value.warnings] == [6]


# --- the plan: targets decomposed by month ----------------------------------------------------
# tests/data/optional/plan.csv: 规模以上工业总产值 on rows 2-13 (亿元), industrial_investment on
# rows 14-25 (亿元), parks_infrastructure on rows 26-37 (万元); month 12 at the seed's targets.


def test_plan_is_read_with_codes_whole_months_and_amounts_in_yi_yuan(data_dir, plan_dir):
    figures = reader.read_period(data_dir, "2011-02")
    plan = figures.plan.set_index(["indicator", "month"])["planned"]
    assert len(plan) == 36
    assert plan[("industrial_output", 2)] == 192  # written 规模以上工业总产值
    assert plan[("industrial_investment", 12)] == 547
    assert plan[("parks_infrastructure", 12)] == pytest.approx(198.5)  # 1985000 万元
    assert figures.plan["month"].dtype == "Int64"
    assert list(figures.plan["month"][:3]) == [1, 2, 3]
    assert figures.warnings == ()
    assert provenance_of(figures, "plan", ("工业投资", 6), "planned") == "illustrative"


def test_plan_in_a_workbook_sheet_named_jihua_reads_like_the_csv(data_dir, plan_dir):
    from_csv = reader.read_period(data_dir, "2011-02")
    write_workbook(plan_dir, {"indicators": "指标", "parks": "园区", "plan": "计划"})
    from_workbook = reader.read_period(data_dir, "2011-02")
    assert_same_figures(from_workbook, from_csv)
    assert set(from_workbook.files) == {"2011-02/meta.yml", "2011-02/figures.xlsx"}


def test_plan_months_may_be_written_with_yue_and_overridden_by_key(data_dir, plan_dir):
    replace_in(plan_dir / "plan.csv", "工业总产值,3,300,", "工业总产值,3月,300,")
    replace_in(
        plan_dir / "meta.yml",
        "  plan:\n    provenance: illustrative\n",
        "  plan:\n    provenance: illustrative\n    overrides:\n"
        "      - row: 规模以上工业总产值/3月\n        provenance: derived\n",
    )
    figures = reader.read_period(data_dir, "2011-02")
    assert figures.plan.loc[2, ["indicator", "month", "planned"]].tolist() == [
        "industrial_output",
        3,
        300,
    ]
    assert provenance_of(figures, "plan", ("industrial_output", 3), "planned") == "derived"
    assert provenance_of(figures, "plan", ("industrial_output", 4), "planned") == "illustrative"


def test_plan_december_within_half_a_hundredth_of_the_target_is_the_target(data_dir, plan_dir):
    replace_in(plan_dir / "plan.csv", "工业总产值,12,1268,亿元", "工业总产值,12,1268.004,亿元")
    replace_in(plan_dir / "plan.csv", "investment,12,547,亿元", "investment,12,5470000,万元")
    assert reader.read_period(data_dir, "2011-02").warnings == ()


def test_plan_may_cover_some_indicators_only(data_dir, plan_dir):
    path = plan_dir / "plan.csv"
    kept = [line for line in path.read_text(encoding="utf-8").splitlines() if "invest" not in line]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    plan = reader.read_period(data_dir, "2011-02").plan
    assert set(plan["indicator"]) == {"industrial_output", "parks_infrastructure"}


def test_plan_without_some_months_names_them(data_dir, plan_dir):
    replace_in(plan_dir / "plan.csv", "industrial_investment,7,225,亿元\n", "")
    replace_in(plan_dir / "plan.csv", "industrial_investment,8,270,亿元\n", "")
    replace_in(plan_dir / "plan.csv", "industrial_investment,12,547,亿元\n", "")
    assert messages_of(data_dir) == [
        "2011-02/plan.csv, column 月份: the plan of industrial_investment (工业投资) lacks "
        "months 7-8, 12 (expected a row for every month 1-12 of each indicator planned; "
        "found 'months 1-6, 9-11')"
    ]


def test_plan_falling_from_one_month_to_the_next(data_dir, plan_dir):
    replace_in(plan_dir / "plan.csv", "工业总产值,5,520,亿元", "工业总产值,5,400,亿元")
    assert messages_of(data_dir) == [
        "2011-02/plan.csv, row 6, column 计划累计: the plan of industrial_output (规模以上工业"
        "总产值) falls from month 4 to month 5: a cumulative plan cannot fall (expected at "
        "least 410 亿元 (month 4, row 5); found '400 亿元')"
    ]


def test_plan_falling_is_judged_in_month_order_across_units(data_dir, plan_dir):
    # Rows upside down (December first), month 9 in 亿元 below month 8's 800000 万元 (80 亿元).
    path = plan_dir / "plan.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n", encoding="utf-8")
    replace_in(path, "parks_infrastructure,9,1000000,万元", "parks_infrastructure,9,79,亿元")
    [problem] = problems_of(data_dir)
    assert (problem.row, problem.found) == (5, "79 亿元")
    assert problem.expected == "at least 800000 万元 (month 8, row 6)"


def test_plan_december_other_than_the_annual_target(data_dir, plan_dir):
    replace_in(plan_dir / "plan.csv", "工业总产值,12,1268,亿元", "工业总产值,12,1260,亿元")
    assert messages_of(data_dir) == [
        "2011-02/plan.csv, row 13, column 计划累计: the plan of industrial_output (规模以上"
        "工业总产值) for month 12 is not its annual target in the indicators table: the plan "
        "must reach the target by December (expected 1268 亿元 (± 0.005 亿元); found '1260 亿元')"
    ]


def test_plan_december_follows_the_indicators_target_in_wan_yuan(data_dir, plan_dir):
    replace_in(
        plan_dir / "indicators.csv",
        "工业投资,29,亿元,,259,547,",
        "工业投资,290000,万元,,259,5480000,",
    )
    [problem] = problems_of(data_dir)
    assert (problem.row, problem.expected, problem.found) == (
        25,
        "548 亿元 (± 0.005 亿元)",
        "547 亿元",
    )


@pytest.mark.parametrize(
    ("old", "new", "row", "column", "message", "found"),
    [
        ("investment,3,60,", "investment,13,60,", 16, "月份", "month out of range", "13"),
        ("investment,1,12,", "investment,0,12,", 14, "月份", "month out of range", "0"),
        ("investment,3,60,", "investment,三,60,", 16, "月份", "not a month", "三"),
        ("investment,3,60,", "investment,-60,60,", 16, "月份", "not a month", "-60"),
        ("investment,3,60,", "investment,3,-60,", 16, "计划累计", "amount is negative", "-60"),
        ("investment,3,60,", "investment,3,,", 16, "计划累计", "required cell is empty", ""),
        ("industrial_investment,3", "工业增加值,3", 16, "指标", "unknown indicator", "工业增加值"),
    ],
)
def test_plan_cells_are_checked_like_other_tables(
    data_dir, plan_dir, old, new, row, column, message, found
):
    replace_in(plan_dir / "plan.csv", old, new)
    problems = [(p.row, p.column, p.message, p.found) for p in problems_of(data_dir)]
    assert (row, column, message, found) in problems  # beside a month now missing, if any


def test_a_month_out_of_range_is_not_judged_by_the_plan_checks_but_leaves_a_gap(data_dir, plan_dir):
    replace_in(plan_dir / "plan.csv", "investment,3,60,", "investment,13,60,")
    [missing, out_of_range] = problems_of(data_dir)
    assert (missing.row, missing.message) == (
        None,
        "the plan of industrial_investment (工业投资) lacks month 3",
    )
    assert out_of_range.expected == "a month from 1 to 12"


def test_duplicate_plan_month(data_dir, plan_dir):
    replace_in(plan_dir / "plan.csv", "industrial_investment,4,95,", "工业投资,3,95,")
    problems = problems_of(data_dir)
    assert [(p.row, p.column, p.message, p.found) for p in problems] == [
        (
            None,
            "月份",
            "the plan of industrial_investment (工业投资) lacks month 4",
            "months 1-3, 5-12",
        ),
        (17, "指标+月份", "duplicate 指标+月份: already on row 16", "工业投资/3"),
    ]


def test_a_found_spreadsheet_float_is_quoted_as_typed_not_with_its_binary_noise():
    from industry_briefing.ingest.reading import Table, found_text

    raw = pd.DataFrame({"value": [16100.000000000002, "  7.5 "]}, index=[2, 3])
    table = Table(raw, raw, {"value": "本期累计"}, frozenset())
    assert found_text(table, 2, "value") == "16100"
    assert found_text(table, 3, "value") == "7.5"
    assert found_text(table, None, "value") == ""
