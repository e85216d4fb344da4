"""The contract as data: headers, codes, keys, the pandera schemas and their documentation."""

import re

import pandas as pd
import pandera.pandas as pa
import pytest

from industry_briefing import contract, settings
from industry_briefing.contract import TABLES

ALL_COLUMNS = [(t, c) for t in TABLES.values() for c in t.columns]


def test_the_five_tables_with_their_chinese_names():
    assert {name: spec.title for name, spec in TABLES.items()} == {
        "indicators": "指标",
        "parks": "园区",
        "districts": "区县",
        "enterprises": "企业",
        "projects": "项目",
    }
    assert [name for name, spec in TABLES.items() if spec.required] == ["indicators", "parks"]


def test_indicator_codes_and_required_rows():
    assert contract.INDICATOR_NAMES == {
        "industrial_output": "规模以上工业总产值",
        "industrial_investment": "工业投资",
        "fixed_asset_investment": "全社会固定资产投资",
        "industrial_value_added": "规模以上工业增加值",
    }
    assert TABLES["indicators"].required_rows == (
        "industrial_output",
        "industrial_investment",
        "fixed_asset_investment",
    )


@pytest.mark.parametrize(
    "written",
    ["同比增长(%)", "同比增长（%）", " 同比增长（％） ", "同比增长", "growth_pct", " Growth_Pct "],
)
def test_headers_are_matched_tolerantly(written):
    assert TABLES["indicators"].find_column(written).name == "growth_pct"


def test_unrelated_headers_match_nothing():
    assert TABLES["indicators"].find_column("增长") is None
    assert TABLES["parks"].find_column("value") is None


@pytest.mark.parametrize(("table", "column"), ALL_COLUMNS, ids=lambda x: getattr(x, "name", x))
def test_every_column_is_found_by_its_english_and_chinese_header(table, column):
    assert table.find_column(column.name) is column
    assert table.find_column(column.header) is column


def test_names_values_and_units_are_required_the_rest_optional():
    required = {name: [c.name for c in t.columns if c.required] for name, t in TABLES.items()}
    assert required == {
        "indicators": ["indicator", "value", "unit"],
        "parks": ["park", "district", "annual_target", "completed", "unit"],
        "districts": ["district", "indicator", "value", "unit"],
        "enterprises": ["enterprise", "output", "unit"],
        "projects": ["project", "completed", "unit"],
    }
    for table in TABLES.values():
        assert all(table.column(k).required for k in table.key)


def test_only_amounts_are_converted_and_rates_are_rates():
    kinds = {c.name: c.kind for _, c in ALL_COLUMNS}
    assert kinds["growth_pct"] == kinds["utilization_pct"] == "rate"
    assert kinds["prior_output"] == kinds["total_investment"] == "amount"
    assert contract.UNIT_DIVISORS == {"亿元": 1, "万元": 10_000}


@pytest.mark.parametrize(
    ("table", "written", "key"),
    [
        ("indicators", "工业投资", "industrial_investment"),
        ("indicators", " industrial_output ", "industrial_output"),
        ("districts", "白云区 / 规模以上工业总产值", "白云区/industrial_output"),
        ("districts", ("白云区", "工业投资"), "白云区/industrial_investment"),
        ("parks", "贵阳麦架-沙文高新技术产业园", "贵阳麦架-沙文高新技术产业园"),
    ],
)
def test_row_keys_are_stored_with_codes(table, written, key):
    assert contract.row_key(TABLES[table], written) == key


@pytest.mark.parametrize(
    ("name", "table"), [("园区", "parks"), (" Parks ", "parks"), ("企业", "enterprises")]
)
def test_tables_are_found_by_english_or_chinese_sheet_name(name, table):
    assert contract.find_table(name).name == table


def test_empty_frame_has_the_stored_columns_and_dtypes():
    frame = TABLES["enterprises"].empty_frame()
    assert "unit" not in frame.columns
    assert frame["output"].dtype == "float64"
    assert frame["enterprise"].dtype == "str"


def _parks(**changes) -> pd.DataFrame:
    row = {"park": "A", "district": "B", "annual_target": 10.0, "completed": 2.0, "unit": "亿元"}
    row |= {"note": None} | changes
    return pd.DataFrame([row]).astype(
        {"park": "str", "district": "str", "unit": "str", "note": "str"}
    )


def _failed_checks(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> set[str]:
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as failure:
        return set(failure.failure_cases["check"])
    return set()


def test_error_schema_accepts_a_good_row_and_names_its_failures():
    parks = TABLES["parks"]
    present = {c.name for c in parks.columns}
    schema = contract.error_schema(parks, present)
    assert _failed_checks(schema, _parks()) == set()
    assert _failed_checks(schema, _parks(completed=-1.0)) == {contract.CHECK_NON_NEGATIVE}
    assert _failed_checks(schema, _parks(annual_target=0.0)) == {contract.CHECK_NOT_ZERO}
    assert _failed_checks(schema, _parks(unit="元")) == {contract.CHECK_KNOWN_CODE}
    assert _failed_checks(schema, _parks(park=None)) == {"not_nullable"}


def test_warning_schema_flags_completion_above_target_only_against_a_positive_target():
    parks = TABLES["parks"]
    schema = contract.warning_schema(parks, {c.name for c in parks.columns})
    assert _failed_checks(schema, _parks(completed=10.0)) == set()
    assert _failed_checks(schema, _parks(completed=10.5)) == {
        "within_limit:completed:annual_target"
    }
    assert _failed_checks(schema, _parks(annual_target=0.0, completed=1.0)) == set()


def test_data_readme_documents_every_table_column_code_and_enum_in_both_languages():
    readme = (settings.DATA_DIR / "README.md").read_text(encoding="utf-8")
    cells = set(re.findall(r"`([^`\n]+)`", readme)) | set(re.split(r"\s*\|\s*", readme))
    for table in TABLES.values():
        assert f"{table.name}.csv" in cells and table.title in cells, table.name
        for column in table.columns:
            assert column.name in cells and column.header in cells, (table.name, column.name)
    for code, name in contract.INDICATOR_NAMES.items():
        assert code in cells and name in cells
    for word in [*contract.PRODUCTION_STATUSES, *contract.PROJECT_STAGES, *contract.PROVENANCES]:
        assert word in readme
    assert "数据约定" in readme and "Data contract" in readme
