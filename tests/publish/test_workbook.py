"""The month's tables as a spreadsheet (reports/PERIOD/tables.xlsx): one sheet per table,
numbers as numbers, formula-looking text neutralised, the provenance of each row kept."""

from pathlib import Path

import openpyxl
import pytest

from industry_briefing.analysis import quality
from industry_briefing.analysis.findings import WARNING
from industry_briefing.briefing.sections import appendix
from industry_briefing.contract.tables import TABLES
from industry_briefing.core import settings
from industry_briefing.core.figures import PeriodFigures
from industry_briefing.core.periods import Period
from industry_briefing.ingest import reader
from industry_briefing.publish import workbook

INJECTED = '=HYPERLINK("http://example.com","点击")'
PLUS = "+5G智能制造示范项目"  # a name starting with +: Excel would read it as a formula


@pytest.fixture
def figures(full_period_dir: Path) -> PeriodFigures:
    """2011-02 with the optional tables, its first park renamed to a formula."""
    read = reader.read_period(full_period_dir.parent, Period.parse("2011-02"))
    read.parks.loc[0, "park"] = INJECTED
    return read


def sheets_of(path: Path) -> dict[str, list[list[object]]]:
    book = openpyxl.load_workbook(path)
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book}


def test_one_sheet_per_table_with_rows_named_and_headed_in_chinese(figures, tmp_path):
    path = workbook.write_tables(figures, tmp_path, "zh")
    assert path == tmp_path / "tables.xlsx" and not list(tmp_path.glob(".*"))  # no tmp left
    sheets = sheets_of(path)
    filled = [name for name, spec in TABLES.items() if not figures.table(name).empty]
    # then every finding to confirm (the month has some: see test_every_finding_…)
    assert list(sheets) == [*(TABLES[name].title for name in filled), "数据质量核实"]
    parks = sheets[TABLES["parks"].title]
    assert parks[0][:4] == ["园区", "区县", "年度目标（亿元）", "累计完成（亿元）"]
    assert len(parks) == len(figures.parks) + 1  # the header, then every park


def test_numbers_are_numbers_with_a_display_format_and_the_header_frozen(figures, tmp_path):
    book = openpyxl.load_workbook(workbook.write_tables(figures, tmp_path, "zh"))
    sheet = book[TABLES["parks"].title]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    completed = sheet.cell(row=3, column=4)
    assert completed.data_type == "n" and completed.number_format == "0.00"
    assert completed.value == pytest.approx(float(figures.parks.loc[1, "completed"]))
    assert sheet.column_dimensions["A"].width > 10  # as wide as a park's Chinese name


def test_formula_looking_text_is_text_as_written_without_an_apostrophe(figures, tmp_path):
    """Text, never a formula; shown as written (no apostrophe of its own: Excel's mark of text
    typed after one, quotePrefix, keeps it text when edited)."""
    figures.parks.loc[1, "park"] = PLUS
    figures.parks.loc[2, "park"] = "-1号地块"
    sheet = openpyxl.load_workbook(workbook.write_tables(figures, tmp_path, "zh"))["园区"]
    for cell, text in zip(sheet["A"][1:4], (INJECTED, PLUS, "-1号地块"), strict=True):
        assert cell.data_type == "s" and cell.value == text, cell.value
        assert cell.quotePrefix
    assert not sheet["A5"].quotePrefix  # other text as it is
    findings = openpyxl.load_workbook(tmp_path / "tables.xlsx")["数据质量核实"]
    assert not any(str(c.value).startswith("'") for row in findings.iter_rows() for c in row)


def test_the_mark_is_the_cells_that_hold_a_figure_and_no_column_is_empty(figures, tmp_path):
    sheets = sheets_of(workbook.write_tables(figures, tmp_path, "zh"))
    for name, rows in sheets.items():
        header, *body = rows
        empty = [h for i, h in enumerate(header) if all(r[i] in (None, "") for r in body)]
        assert empty == [], f"{name}: empty columns {empty}"
    indicators = {row[0]: row for row in sheets[TABLES["indicators"].title][1:]}
    header = sheets[TABLES["indicators"].title][0]
    assert "当月" not in header and "增速排位" not in header  # nobody gave them this month
    # the published output's target derived: the mark names that cell only
    assert indicators["规模以上工业总产值"][-1] == "推算：年度目标"
    # a demo month: its targets derived (a rule of the whole column), the rest illustrative; a
    # row without a target is illustrative throughout, its empty target marked nothing
    august = reader.read_period(settings.RAW_DATA_DIR, Period.parse("2011-08"))
    marks = {
        row[0]: row[-1]
        for row in sheets_of(workbook.write_tables(august, tmp_path, "zh"))["指标"][1:]
    }
    assert marks["规模以上工业总产值"] == "推算：年度目标；其余示意"
    assert marks["全社会固定资产投资"] == "示意"


def test_rows_keep_their_provenance_marks_each_cell_its_own(figures, tmp_path):
    sheets = sheets_of(workbook.write_tables(figures, tmp_path, "zh"))
    projects = sheets[TABLES["projects"].title]
    assert projects[0][-1] == "数据性质"
    marks = {row[0]: row[-1] for row in projects[1:]}
    # its total investment derived, the rest of the row illustrative
    assert marks["某装备制造项目"] == "推算：总投资（亿元）；其余示意"
    assert set(marks.values()) == {"示意", "推算：总投资（亿元）；其余示意"}  # 示意: every cell
    # published parks, but their targets and districts illustrative (the source gives none):
    # the mark names those columns, never the published 累计完成 beside them
    parks = sheets[TABLES["parks"].title]
    assert parks[0][1:4] == ["区县", "年度目标（亿元）", "累计完成（亿元）"]
    assert {row[-1] for row in parks[1:]} == {"示意：区县、年度目标（亿元）"}
    indicators = {row[0]: row[-1] for row in sheets[TABLES["indicators"].title][1:]}
    assert indicators["规模以上工业总产值"] == "推算：年度目标"  # its figure published
    assert indicators["全社会固定资产投资"] == "推算"  # the whole row derived


def test_english_marks_name_the_columns_as_the_sheet_heads_them(figures, tmp_path):
    parks = sheets_of(workbook.write_tables(figures, tmp_path, "en"))["parks"]
    assert parks[0][-1] == "Provenance"
    assert {row[-1] for row in parks[1:]} == {
        "illustrative: district, annual_target (100 million yuan)"
    }


def test_english_sheets_use_the_contracts_english_names(figures, tmp_path):
    sheets = sheets_of(workbook.write_tables(figures, tmp_path, "en"))
    assert "parks" in sheets and "projects" in sheets
    header = sheets["projects"][0]
    assert header[:4] == [
        "project",
        "district",
        "park",
        "total_investment (100 million yuan)",
    ]
    assert header[-1] == "Provenance"
    assert {row[-1] for row in sheets["projects"][1:]} == {
        "illustrative",
        "derived: total_investment (100 million yuan); the rest illustrative",
    }


def test_sheet_names_are_unique_and_short_enough_for_excel():
    taken: set[str] = set()
    long = workbook._sheet_name("indicators", "en", taken)
    assert workbook._sheet_name("indicators", "en", taken) == "indicators (2)"
    assert len(workbook._sheet_name("project_groups", "en", {"project_groups"})) <= 31
    assert long == "indicators"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_finding_to_confirm_is_on_its_own_sheet_in_the_brief_s_order(figures, tmp_path, lang):
    warnings = [f for f in quality.run_checks(figures) if f.status == WARNING]
    assert warnings, "2011-02 has findings to confirm"
    sheets = sheets_of(workbook.write_tables(figures, tmp_path, lang))
    found = sheets["数据质量核实" if lang == "zh" else "Data quality findings"]
    assert len(found) == 1 + len(warnings)  # the header, then every finding
    assert found[0] == [
        appendix.headers(lang)(key) for key in ("check", "item", "finding_kind", "detail")
    ]
    shown = appendix.findings_frame(warnings, lang)  # the appendix's words, order aside
    assert sorted(row[3] for row in found[1:]) == sorted(shown.iloc[:, 2])
    kinds = {appendix.kind_name(f.kind, lang) for f in warnings}
    assert {row[2] for row in found[1:]} == kinds


def test_a_month_without_findings_has_no_sheet_of_them(figures, tmp_path, monkeypatch):
    monkeypatch.setattr(quality, "run_checks", lambda *_: [])
    assert "数据质量核实" not in sheets_of(workbook.write_tables(figures, tmp_path, "zh"))


@pytest.mark.slow
def test_the_batch_s_sheet_holds_the_checks_across_the_year_s_releases(bundled_reports, models):
    """2011-07 cuts a park's annual target (a check across releases): its spreadsheet lists
    that finding, as 附表2 does, with every other one of the month."""
    warnings = [f for f in quality.checks_of(models["2011-07"]) if f.status == WARNING]
    across = [f for f in warnings if f.check == quality.revisions.TARGET_CHANGES]
    assert across, "2011-07 has a changed target"
    found = sheets_of(bundled_reports / "2011-07" / "tables.xlsx")["数据质量核实"]
    assert len(found) == 1 + len(warnings)
    assert appendix.check_name(quality.revisions.TARGET_CHANGES, "zh") in {r[0] for r in found}
