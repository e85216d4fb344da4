"""The contract as data: headers, codes, keys, the pandera schemas and their documentation."""

import re

import pandas as pd
import pandera.pandas as pa
import pytest

from industry_briefing.contract import checks
from industry_briefing.contract import tables as contract
from industry_briefing.contract.meta import Meta, Override, TableMeta
from industry_briefing.contract.profile import RegionProfile
from industry_briefing.contract.tables import TABLES
from industry_briefing.core import settings

ALL_COLUMNS = [(t, c) for t in TABLES.values() for c in t.columns]


def test_the_tables_with_their_chinese_names():
    assert {name: spec.title for name, spec in TABLES.items()} == {
        "indicators": "指标",
        "parks": "园区",
        "districts": "区县",
        "enterprises": "企业",
        "projects": "项目",
        "plan": "计划",
        "targets": "目标",
        "breakdowns": "分组",
        "products": "产品",
        "project_groups": "项目分组",
        "outlook": "预计",
        "facts": "事实",
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
    # An indicator's figure and unit are checked row by row (ingest/units.py): a row may give
    # its growth alone; the amount tables of the seed still require theirs.
    required = {name: [c.name for c in t.columns if c.required] for name, t in TABLES.items()}
    assert required == {
        "indicators": ["indicator"],  # the figure, or its growth alone (checked by row)
        "parks": ["park", "district", "annual_target", "completed", "unit"],
        "districts": ["district", "indicator", "value", "unit"],
        "enterprises": ["enterprise", "output", "unit"],
        "projects": ["project", "completed", "unit"],
        "plan": ["indicator", "month", "planned", "unit"],
        "targets": ["indicator", "kind", "horizon"],
        "breakdowns": ["indicator", "dimension", "part"],
        "products": ["product", "value", "unit"],
        "project_groups": ["project_group"],
        "outlook": ["indicator", "horizon", "value", "unit"],
        "facts": ["indicator", "measure"],
    }
    for table in TABLES.values():
        # A fact's key may leave its dimensions empty: the region, this period, no reference.
        optional_key = {"scope", "dimension", "part", "horizon", "base", "against"}
        key = [k for k in table.key if table.name != "facts" or k not in optional_key]
        assert all(table.column(k).required for k in key)


def test_only_amounts_are_converted_and_rates_are_rates():
    kinds = {c.name: c.kind for _, c in ALL_COLUMNS}
    assert kinds["growth_pct"] == kinds["utilization_pct"] == "rate"
    assert kinds["prior_output"] == kinds["total_investment"] == kinds["planned"] == "amount"
    assert kinds["month"] == "month"
    assert contract.UNIT_DIVISORS == {"亿元": 1, "万元": 10_000}


@pytest.mark.parametrize(
    ("table", "written", "key"),
    [
        ("indicators", "工业投资", "industrial_investment"),
        ("indicators", " industrial_output ", "industrial_output"),
        ("districts", "白云区 / 规模以上工业总产值", "白云区/industrial_output"),
        ("districts", ("白云区", "工业投资"), "白云区/industrial_investment"),
        ("parks", "贵阳麦架-沙文高新技术产业园", "贵阳麦架-沙文高新技术产业园"),
        ("plan", "规模以上工业总产值/3月", "industrial_output/3"),
        ("plan", ("parks_infrastructure", 12), "parks_infrastructure/12"),
        ("plan", "industrial_investment/ 03 ", "industrial_investment/3"),
    ],
)
def test_row_keys_are_stored_with_codes(table, written, key):
    assert contract.row_key(TABLES[table], written) == key


@pytest.mark.parametrize(
    ("name", "table"),
    [("园区", "parks"), (" Parks ", "parks"), ("企业", "enterprises"), ("计划", "plan")],
)
def test_tables_are_found_by_english_or_chinese_sheet_name(name, table):
    assert contract.find_table(name).name == table


def test_empty_frame_has_the_stored_columns_and_dtypes():
    frame = TABLES["enterprises"].empty_frame()
    assert "unit" not in frame.columns
    assert frame["output"].dtype == "float64"
    assert frame["enterprise"].dtype == "str"
    assert TABLES["plan"].empty_frame()["month"].dtype == "Int64"


@pytest.mark.parametrize(
    ("written", "month"), [("3", 3), (" 03 ", 3), ("３", 3), ("3月", 3), ("12 月", 12), ("", None)]
)
def test_months_are_read_as_whole_numbers(written, month):
    assert contract.parse_month(written) == month


@pytest.mark.parametrize("written", ["三月", "3.5", "1-3月", "-1"])
def test_anything_else_is_not_a_month(written):
    with pytest.raises(ValueError, match="not a month"):
        contract.parse_month(written)


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
    schema = checks.error_schema(parks, present)
    assert _failed_checks(schema, _parks()) == set()
    assert _failed_checks(schema, _parks(completed=-1.0)) == {checks.CHECK_NON_NEGATIVE}
    assert _failed_checks(schema, _parks(annual_target=0.0)) == {checks.CHECK_NOT_ZERO}
    assert _failed_checks(schema, _parks(unit="元")) == {checks.CHECK_KNOWN_CODE}
    assert _failed_checks(schema, _parks(park=None)) == {"not_nullable"}


def test_warning_schema_flags_completion_above_target_only_against_a_positive_target():
    parks = TABLES["parks"]
    schema = checks.warning_schema(parks, {c.name for c in parks.columns})
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
    for code, name in contract.PLAN_INDICATOR_NAMES.items():
        assert code in cells and name in cells
    for word in [*contract.PRODUCTION_STATUSES, *contract.PROJECT_STAGES, *contract.PROVENANCES]:
        assert word in readme
    assert "数据约定" in readme and "Data contract" in readme


def test_data_readme_documents_every_key_of_meta_yml_and_profile_yml():
    readme = (settings.DATA_DIR / "README.md").read_text(encoding="utf-8")
    meta = readme[readme.index("## meta.yml") :]
    meta = meta[: meta.index("\n## ")]
    keys = set(re.findall(r"^\s*-?\s*([a-z_]+):", meta, re.M)) | set(
        re.findall(r"`([a-z_]+)`", meta)
    )
    for model in (Meta, TableMeta, Override):
        assert set(model.model_fields) <= keys, (model.__name__, set(model.model_fields) - keys)
    profile_rows = set(re.findall(r"^\| `([a-z_]+)` \|", readme, re.M))
    assert set(RegionProfile.model_fields) <= profile_rows


def _plan(planned: dict[str, list[float]]) -> pd.DataFrame:
    rows = [
        {"indicator": code, "month": month, "planned": value, "unit": "亿元"}
        for code, values in planned.items()
        for month, value in enumerate(values, start=1)
    ]
    frame = pd.DataFrame(rows).astype({"indicator": "str", "month": "Int64", "unit": "str"})
    return frame.set_axis(range(2, len(frame) + 2))  # spreadsheet rows, as the reader has them


RISING = [10.0 * month for month in range(1, 13)]  # reaches 120 in December


def test_plan_schema_accepts_a_rising_plan_that_reaches_the_target():
    plan = _plan({"industrial_output": RISING, "parks_infrastructure": RISING})
    schema = checks.plan_schema({"industrial_output": 120.004})  # within the tolerance
    assert _failed_checks(schema, plan) == set()


def test_plan_schema_flags_missing_months_on_the_indicators_first_row():
    plan = _plan({"industrial_output": RISING}).drop([5, 6])  # months 4 and 5
    assert checks.missing_plan_months(plan, "industrial_output") == [4, 5]
    assert _failed_checks(checks.plan_schema({}), plan) == {checks.CHECK_PLAN_ALL_MONTHS}


def test_plan_schema_flags_a_falling_month_and_knows_the_month_before():
    plan = _plan({"industrial_output": [*RISING[:4], 35.0, *RISING[5:]]})
    assert _failed_checks(checks.plan_schema({}), plan) == {checks.CHECK_PLAN_NOT_FALLING}
    assert checks.previous_plan_row(plan, 6) == 5
    assert checks.previous_plan_row(plan, 2) is None


def test_plan_schema_flags_a_december_other_than_the_annual_target():
    plan = _plan({"industrial_output": RISING})
    failed = _failed_checks(checks.plan_schema({"industrial_output": 120.01}), plan)
    assert failed == {checks.CHECK_PLAN_MEETS_TARGET}
    # a target of another indicator does not concern this plan
    assert _failed_checks(checks.plan_schema({"industrial_investment": 5.0}), plan) == set()


def test_plan_checks_leave_repeated_and_out_of_range_months_to_their_own_errors():
    plan = _plan({"industrial_output": RISING})
    plan.loc[14] = ["industrial_output", 3, 1.0, "亿元"]  # a repeat of month 3, falling
    plan.loc[15] = ["industrial_output", 13, 1.0, "亿元"]
    assert _failed_checks(checks.plan_schema({"industrial_output": 120.0}), plan) == set()
