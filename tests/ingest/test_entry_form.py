"""`briefing template`: the workbook an analyst fills in, and that it reads back as it is."""

import csv
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from industry_briefing import cli
from industry_briefing.contract.catalogue import builtin
from industry_briefing.contract.tables import TABLES, find_table
from industry_briefing.contract.units import ALL_UNITS
from industry_briefing.core import settings
from industry_briefing.core.figures import PeriodFigures
from industry_briefing.core.periods import Period
from industry_briefing.ingest import reader, spreadsheet
from industry_briefing.ingest.entry_form import LAST_ROW, write_template

RAW = settings.RAW_DATA_DIR
TABLE_SHEETS = [spec.title for spec in TABLES.values()]
INJECTED = ['=HYPERLINK("http://example.com","点击")', "+86 园区", "-1园区", "@SUM(1)", "'=A1"]


# check, ingest and template speak the analyst's language: these tests read their English.
ENGLISH = {"check", "ingest", "template"}


def invoke(*args):
    command = [str(a) for a in args] + (
        ["--lang", "en"] if args and str(args[0]) in ENGLISH else []
    )
    return CliRunner().invoke(cli.main, command)


@pytest.fixture(scope="module")
def april(tmp_path_factory) -> Path:
    """The template of 2011-04 written from the bundled data (pre-filled from 2011-03)."""
    path = tmp_path_factory.mktemp("template") / "2011-04.xlsx"
    result = invoke("template", "2011-04", "--out", path)
    assert result.exit_code == 0, result.output
    return path


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def fill(template: Path, source: Path, destination: Path) -> None:
    """The template filled with a bundled period's CSV figures and meta.yml, as an analyst
    would type them (numbers as numbers), saved as `destination`'s figures.xlsx."""
    book = openpyxl.load_workbook(template)
    for spec in TABLES.values():
        sheet = book[spec.title]
        sheet.delete_rows(2, sheet.max_row)
        headers = [cell.value for cell in sheet[1]]
        if not (source / spec.file_name).exists():
            continue
        for number, row in enumerate(csv_rows(source / spec.file_name), start=2):
            for header, text in row.items():
                column = spec.find_column(header)
                value = text
                if column.is_number and text != "":
                    value = int(text) if column.kind == "month" else float(text)
                elif text == "":
                    value = None
                cell = sheet.cell(number, headers.index(column.header) + 1)
                cell.value = spreadsheet.neutralise(value)
    fill_meta(
        book[spreadsheet.META_SHEET], yaml.safe_load((source / "meta.yml").read_text("utf-8"))
    )
    destination.mkdir(parents=True, exist_ok=True)
    book.save(destination / "figures.xlsx")


def fill_meta(sheet, meta: dict) -> None:
    words = {v: k for k, v in spreadsheet.PROVENANCE_WORDS.items()}
    sheet["B1"], sheet["B2"] = meta["region"], spreadsheet.neutralise(meta["source"])
    header = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "表")
    sheet.delete_rows(header + 1, sheet.max_row)
    row = header + 1
    for table, given in meta["tables"].items():
        title = find_table(table).title
        entries = [{"provenance": given["provenance"], "note": given.get("note")}]
        entries += given.get("overrides", [])
        for entry in entries:
            values = (title, entry.get("row"), entry.get("column"), words[entry["provenance"]])
            for column, value in enumerate((*values, entry.get("note")), start=1):
                sheet.cell(row, column, value)
            row += 1


def assert_same_figures(got: PeriodFigures, expected: PeriodFigures) -> None:
    assert (got.period, got.region, got.source) == (
        expected.period,
        expected.region,
        expected.source,
    )
    for name in TABLES:
        pd.testing.assert_frame_equal(got.table(name), expected.table(name), obj=name)
    # The 来源 sheet has no column for meta.yml's English notes (note_en): a filled-in form
    # gives its notes in Chinese only, and the English briefing says so.
    assert got.provenance["note_en"].isna().all()
    pd.testing.assert_frame_equal(
        got.provenance.drop(columns="note_en"),
        expected.provenance.drop(columns="note_en"),
        obj="provenance",
    )
    shown = [(w.message, w.row, w.column) for w in got.warnings]
    assert shown == [(w.message, w.row, w.column) for w in expected.warnings]


# --- what the workbook holds ------------------------------------------------------------------


def test_a_sheet_per_table_with_the_contract_headers_then_instructions_and_provenance(april):
    book = openpyxl.load_workbook(april)
    assert book.sheetnames == ["说明", *TABLE_SHEETS, "来源", "选项"]
    assert book["选项"].sheet_state == "hidden"  # the choices of long drop-down lists
    for spec in TABLES.values():
        headers = [cell.value for cell in book[spec.title][1]]
        assert headers == [column.header for column in spec.columns]
        for header in headers:  # each one names its column to the reader
            assert spec.find_column(header) is not None
    assert book["园区"]["C1"].comment.text.startswith("年度目标（annual_target）：必填。金额")


def validations(sheet) -> dict[str, tuple]:
    return {
        str(dv.sqref): (dv.type, dv.operator, dv.formula1, dv.formula2)
        for dv in sheet.data_validations.dataValidation
    }


def test_drop_down_lists_for_codes_and_number_rules_for_amounts_and_rates(april):
    book = openpyxl.load_workbook(april)
    end = LAST_ROW
    indicators = '"规模以上工业总产值,工业投资,全社会固定资产投资,规模以上工业增加值"'
    catalogue = '"' + ",".join(builtin().names().values()) + '"'
    every_unit = '"' + ",".join(ALL_UNITS) + '"'
    shown = validations(book["指标"])
    assert {cell: shown[f"{cell}2:{cell}{end}"] for cell in "ABCDEF"} == {
        "A": ("list", None, catalogue, None),
        "B": ("decimal", "greaterThanOrEqual", "0", None),
        "C": ("list", None, every_unit, None),
        "D": ("decimal", "greaterThan", "0", None),  # 上年同期 may not be 0
        "E": ("decimal", "greaterThanOrEqual", "-100", None),
        "F": ("decimal", "greaterThan", "0", None),
    }
    assert shown[f"H2:H{end}"] == ("list", None, '"预计数,快报,上报数,初步统计,正式"', None)
    enterprises = validations(book["企业"])
    assert enterprises[f"H2:H{end}"] == ("list", None, '"正常生产,部分生产,停产,未投产"', None)
    assert enterprises[f"I2:I{end}"] == ("decimal", "between", "0", "100")
    projects = validations(book["项目"])
    assert projects[f"H2:H{end}"] == ("list", None, '"新开工,续建,建成投产,预备"', None)
    assert projects[f"I2:I{end}"] == ("list", None, '"是,否"', None)
    plan = validations(book["计划"])
    assert plan[f"A2:A{end}"][2] == indicators[:-1] + ',重点工业园区基础设施建设投资"'
    assert plan[f"B2:B{end}"] == ("whole", "between", "1", "12")
    meta = validations(book["来源"])
    assert meta[f"D6:D{end}"] == ("list", None, '"公布,推算,示意"', None)


def test_last_months_names_and_targets_are_pre_filled_not_its_figures(april):
    book = openpyxl.load_workbook(april)
    march = {
        name: csv_rows(RAW / "2011-03" / TABLES[name].file_name)
        for name in TABLES
        if (RAW / "2011-03" / TABLES[name].file_name).exists()
    }

    def column(sheet, header):
        headers = [cell.value for cell in book[sheet][1]]
        at = headers.index(header)
        return [row[at] for row in book[sheet].iter_rows(min_row=2, values_only=True)]

    assert column("园区", "园区") == [row["园区"] for row in march["parks"]]
    assert column("园区", "年度目标") == [float(row["年度目标"]) for row in march["parks"]]
    assert set(column("园区", "累计完成")) == {None}  # last month's figure is not carried
    assert column("企业", "企业") == [row["企业"] for row in march["enterprises"]]
    assert set(column("企业", "本期产值")) == {None}
    assert column("项目", "项目") == [row["项目"] for row in march["projects"]]
    assert set(column("项目", "累计完成")) == {None}
    assert column("区县", "区县") == [row["区县"] for row in march["districts"]]
    assert column("指标", "指标") == [row["指标"] for row in march["indicators"]]
    assert len(column("计划", "计划累计")) == len(march["plan"])  # the year's plan stays
    meta = book["来源"]
    assert (meta["A1"].value, meta["B1"].value, meta["B3"].value) == ("地区", "贵阳市", "2011-04")
    assert meta["B2"].value is None  # the source is this month's to give
    text = "\n".join(str(c.value) for c in book["说明"]["A"] if c.value)
    assert "已预填 2011-03" in text and "1-4月" in text
    assert "data/raw/2011-04/figures.xlsx" in text and "briefing check 2011-04" in text


# --- a filled template reads as the CSV files do ----------------------------------------------


def test_a_filled_template_reads_like_the_csv_files_and_checks(april, tmp_path):
    # 2011-04's template filled with 2011-03's figures: the same tables, a month earlier.
    template = tmp_path / "2011-03.xlsx"
    assert invoke("template", "2011-03", "--out", template).exit_code == 0
    data_dir = tmp_path / "raw"
    fill(template, RAW / "2011-03", data_dir / "2011-03")

    figures = reader.read_period(data_dir, "2011-03")

    assert_same_figures(figures, reader.read_period(RAW, "2011-03"))
    assert set(figures.files) == {"2011-03/figures.xlsx"}  # no meta.yml: the 来源 sheet
    result = invoke("check", "2011-03", "--data-dir", data_dir)
    assert result.exit_code == 0, result.output
    assert "2011-03: input is valid" in result.output
    # The 说明 and 来源 sheets are not taken for tables, nor warned about.
    assert "说明" not in result.output and "来源" not in result.output


def test_without_an_earlier_period_the_tables_are_empty_and_optional_ones_may_stay_so(tmp_path):
    data_dir = tmp_path / "raw"
    shutil.copytree(RAW / "2011-02", data_dir / "2011-02")
    template = tmp_path / "2011-02.xlsx"
    result = invoke("template", "2011-02", "--out", template, "--data-dir", data_dir)
    assert result.exit_code == 0, result.output
    assert "no period before 2011-02" in result.output
    book = openpyxl.load_workbook(template)
    assert [c.value for c in book["指标"]["A"]][1:] == [
        "规模以上工业总产值",
        "工业投资",
        "全社会固定资产投资",
    ]
    for title in ("园区", "区县", "企业", "项目", "计划"):
        assert book[title].max_row == 1, title
    assert book["来源"]["B1"].value is None

    # 2011-02 has no districts, enterprises, projects or plan: their sheets stay header-only.
    filled = tmp_path / "filled"
    fill(template, RAW / "2011-02", filled / "2011-02")
    assert_same_figures(reader.read_period(filled, "2011-02"), reader.read_period(RAW, "2011-02"))


def test_a_source_left_empty_is_reported_on_the_provenance_sheet(tmp_path):
    template = tmp_path / "t.xlsx"
    assert invoke("template", "2011-03", "--out", template).exit_code == 0
    data_dir = tmp_path / "raw"
    fill(template, RAW / "2011-03", data_dir / "2011-03")
    book = openpyxl.load_workbook(data_dir / "2011-03" / "figures.xlsx")
    book["来源"]["B2"] = None
    book.save(data_dir / "2011-03" / "figures.xlsx")

    with pytest.raises(reader.InputError) as raised:
        reader.read_period(data_dir, "2011-03")

    [problem] = raised.value.problems  # said at its cell, in the sheet's own words
    assert problem.text("en") == (
        "2011-03/figures.xlsx [sheet 来源], row 2: 数据来源 is empty "
        "(expected where the figures were published)"
    )
    assert problem.text("zh") == (
        "2011-03/figures.xlsx，工作表「来源」第2行（B2）：「数据来源」未填写"
        "（应为本期数据的出处，如 贵阳市统计局，2011年1-4月统计月报）"
    )


# --- formula injection ------------------------------------------------------------------------


def test_neutralise_quotes_formula_like_text_only_and_restore_undoes_it():
    for text in [*INJECTED, "\tx", "\rx"]:
        written = spreadsheet.neutralise(text)
        assert written == "'" + text
        assert spreadsheet.restore(written) == text
    assert spreadsheet.neutralise(-0.17) == -0.17  # a number stays a number
    assert spreadsheet.neutralise("白云区") == "白云区"
    assert spreadsheet.restore("'白云区") == "'白云区"  # not a quote we added
    assert spreadsheet.restore("-0.17") == "-0.17"


def test_formula_like_names_are_written_as_quoted_text_and_read_back_as_written(tmp_path):
    data_dir = tmp_path / "raw"
    shutil.copytree(RAW / "2011-02", data_dir / "2011-02")
    parks = csv_rows(data_dir / "2011-02" / "parks.csv")
    for row, name in zip(parks, INJECTED, strict=False):
        row["园区"] = name
    with (data_dir / "2011-02" / "parks.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(parks[0]))
        writer.writeheader()
        writer.writerows(parks)
    assert reader.read_period(data_dir, "2011-02").parks["park"].tolist()[:5] == INJECTED

    template = tmp_path / "2011-03.xlsx"
    written = write_template(template, Period.parse("2011-03"), data_dir)

    assert written.previous == Period.parse("2011-02") and written.prefilled["parks"] == 10
    sheet = openpyxl.load_workbook(template)["园区"]
    for number, name in enumerate(INJECTED, start=2):
        cell = sheet.cell(number, 1)
        assert cell.value == "'" + name and cell.data_type == "s"
        target = sheet.cell(number, 3)
        assert target.data_type == "n" and target.value == float(parks[number - 2]["年度目标"])

    # Filled with 2011-02's figures and read: the parks keep their real names.
    source = tmp_path / "source" / "2011-03"
    shutil.copytree(data_dir / "2011-02", source)
    meta = (source / "meta.yml").read_text("utf-8").replace('"2011-02"', '"2011-03"')
    (source / "meta.yml").write_text(meta, "utf-8")
    fill(template, source, tmp_path / "filled" / "2011-03")
    figures = reader.read_period(tmp_path / "filled", "2011-03")
    assert figures.parks["park"].tolist()[:5] == INJECTED


# --- the command ---------------------------------------------------------------------------


def test_an_existing_file_is_refused_unless_forced(tmp_path):
    out = tmp_path / "t.xlsx"
    out.write_bytes(b"the analyst's own work")

    refused = invoke("template", "2011-04", "--out", out)

    assert refused.exit_code == 2
    assert f"{out} exists; use --force to overwrite it" in refused.output
    assert out.read_bytes() == b"the analyst's own work"
    forced = invoke("template", "2011-04", "--out", out, "--force")
    assert forced.exit_code == 0, forced.output
    assert openpyxl.load_workbook(out).sheetnames[1] == "指标"


@pytest.mark.parametrize("period", ["2011-13", "11-04", "2011-4"])
def test_a_bad_period_exits_2_and_writes_nothing(tmp_path, period):
    result = invoke("template", period, "--out", tmp_path / "t.xlsx")
    assert result.exit_code == 2
    assert f"error: period '{period}'" in result.output
    assert not (tmp_path / "t.xlsx").exists()


def test_the_default_place_is_outside_the_input_and_the_input_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "PROCESSED_DATA_DIR", tmp_path / "processed")
    result = invoke("template", "2011-04")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "processed" / "templates" / "2011-04.xlsx").is_file()
    assert f"template written to {tmp_path / 'processed' / 'templates' / '2011-04.xlsx'}" in (
        result.output
    )

    inside = invoke("template", "2011-04", "--out", RAW / "2011-04" / "figures.xlsx")
    assert inside.exit_code == 2
    assert "which the code never writes" in inside.output
    assert not (RAW / "2011-04" / "figures.xlsx").exists()


# --- 来源标注: the last real month's, never 示意 by default -----------------------------------


def provenance_cells(path: Path) -> dict[str, str | None]:
    """Table title -> the 来源标注 of its row on the 来源 sheet (the table's default)."""
    sheet = openpyxl.load_workbook(path)[spreadsheet.META_SHEET]
    header = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "表")
    return {
        sheet.cell(r, 1).value: sheet.cell(r, 4).value
        for r in range(header + 1, sheet.max_row + 1)
        if sheet.cell(r, 2).value is None and sheet.cell(r, 3).value is None
    }


def instructions_text(path: Path) -> str:
    return "\n".join(str(c.value) for c in openpyxl.load_workbook(path)["说明"]["A"] if c.value)


def test_provenance_comes_from_the_last_month_each_table_was_not_illustrative(april):
    # 2011-03 is illustrative throughout; 2011-02, the real month, published its indicators,
    # parks and one printed fact (3.59倍) and has no other table.
    cells = provenance_cells(april)
    expected = {"指标": "公布", "园区": "公布", "事实": "公布"}
    assert cells == {title: None for title in TABLE_SHEETS} | expected
    text = instructions_text(april)
    assert "沿用各表最近一个不是示意的月份：指标：公布（2011-02）、园区：公布（2011-02）" in text
    comment = openpyxl.load_workbook(april)[spreadsheet.META_SHEET]["D8"].comment.text
    assert comment.startswith("请选择：公布、推算或示意")  # 区县: the analyst chooses


def test_without_a_real_month_the_provenance_is_left_for_the_analyst(tmp_path):
    data_dir = tmp_path / "raw"
    shutil.copytree(RAW / "2011-03", data_dir / "2011-03")  # illustrative only
    template = tmp_path / "2011-04.xlsx"
    result = invoke("template", "2011-04", "--out", template, "--data-dir", data_dir)
    assert result.exit_code == 0, result.output
    assert "已预填 2011-03" in instructions_text(template)  # names and targets still carried
    assert set(provenance_cells(template).values()) == {None}
    assert "来源标注 left empty (no earlier month was other than 示意)" in result.output
    assert "来源标注均未预填" in instructions_text(template)

    # Filled in without choosing: the reader asks for the provenance of each table with rows.
    filled = data_dir / "2011-04"
    fill(template, RAW / "2011-04", filled)
    book = openpyxl.load_workbook(filled / "figures.xlsx")
    sheet = book[spreadsheet.META_SHEET]
    [row] = [
        r
        for r in range(1, sheet.max_row + 1)
        if sheet.cell(r, 1).value == "企业" and sheet.cell(r, 2).value is None
    ]
    sheet.cell(row, 4).value = None
    book.save(filled / "figures.xlsx")
    with pytest.raises(reader.InputError) as raised:
        reader.read_period(data_dir, "2011-04")
    [problem] = raised.value.problems  # its note kept, no word: said at the word's cell
    assert problem.text("en") == (
        f"2011-04/figures.xlsx [sheet 来源], row {row}, column 来源标注: the 来源标注 of 企业 is "
        "empty (expected 公布, 推算 or 示意)"
    )
    assert problem.text("zh") == (
        f"2011-04/figures.xlsx，工作表「来源」第{row}行「来源标注」列（D{row}）："
        "「企业」的来源标注未选择（应为公布、推算或示意）"
    )


def test_a_derived_table_of_a_filled_workbook_is_carried_as_derived(tmp_path):
    # 2011-02 entered through the workbook, its 来源 sheet marking the indicators 推算; then
    # the illustrative 2011-03: the template of 2011-04 takes 2011-02's words.
    data_dir = tmp_path / "raw"
    template = tmp_path / "2011-02.xlsx"
    assert invoke("template", "2011-02", "--out", template).exit_code == 0
    fill(template, RAW / "2011-02", data_dir / "2011-02")
    book = openpyxl.load_workbook(data_dir / "2011-02" / "figures.xlsx")
    sheet = book[spreadsheet.META_SHEET]
    [default] = [
        r
        for r in range(1, sheet.max_row + 1)
        if sheet.cell(r, 1).value == "指标"
        and sheet.cell(r, 2).value is None
        and sheet.cell(r, 3).value is None
    ]
    sheet.cell(default, 4).value = "推算"
    book.save(data_dir / "2011-02" / "figures.xlsx")
    shutil.copytree(RAW / "2011-03", data_dir / "2011-03")

    april_template = tmp_path / "2011-04.xlsx"
    result = invoke("template", "2011-04", "--out", april_template, "--data-dir", data_dir)

    assert result.exit_code == 0, result.output
    assert provenance_cells(april_template) == {title: None for title in TABLE_SHEETS} | {
        "指标": "推算",
        "园区": "公布",
        "事实": "公布",  # the seed's printed 3.59倍, entered through the workbook too
    }
    assert (
        "indicators derived (2011-02), facts published (2011-02), parks published" in result.output
    )
