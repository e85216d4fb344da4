"""The input data contract, as data: tables, columns, indicator codes, units and enums.

Everything that decides whether an input file is acceptable lives here, so the reader, the
warehouse and `data/README.md` (a test checks it) describe the same contract. The pandera
schemas are built from these specs; the reader turns their failures into messages.
"""

from __future__ import annotations

from dataclasses import replace as dataclass_replace
from typing import Literal, get_args

from industry_briefing.contract import catalogue as indicator_catalogue
from industry_briefing.contract import units
from industry_briefing.contract.facts import facts_table
from industry_briefing.contract.specs import (
    ColumnSpec,
    Kind,
    TableSpec,
    amount_column,
    choice_column,
    code_column,
    header_key,
    normalise_token,
    number_column,
    rate_column,
    text_column,
    typed_frame,
)

__all__ = ["ColumnSpec", "Kind", "TableSpec", "header_key", "normalise_token", "typed_frame"]

ProvenanceWord = Literal["published", "derived", "illustrative"]
PROVENANCES: tuple[str, ...] = get_args(ProvenanceWord)

# Amounts of the parks, districts, enterprises, projects and plan tables are money, stored in
# 亿元 (a 万元 figure is divided by 10000). The tables that name an indicator take any unit of
# its family (contract/units.py) and keep the unit it was entered in.
UNIT_DIVISORS = {"亿元": 1, "万元": 10_000}
STORED_UNIT = "亿元"

INDICATOR_NAMES = {
    "industrial_output": "规模以上工业总产值",
    "industrial_investment": "工业投资",
    "fixed_asset_investment": "全社会固定资产投资",
    "industrial_value_added": "规模以上工业增加值",
}
REQUIRED_INDICATORS = ("industrial_output", "industrial_investment", "fixed_asset_investment")

# A plan may also decompose the parks' target: the ten parks together, which have no row in
# the indicators table (their target is the sum of the parks' targets).
PARKS_TOTAL = "parks_infrastructure"
PLAN_INDICATOR_NAMES = {**INDICATOR_NAMES, PARKS_TOTAL: "重点工业园区基础设施建设投资"}
PLAN_MONTHS = tuple(range(1, 13))
# A plan's December must equal the annual target; published targets have at most two
# decimals of 亿元, so anything within half a hundredth is the same figure.
PLAN_TARGET_TOLERANCE = 0.005

PRODUCTION_STATUSES = ("正常生产", "部分生产", "停产", "未投产")
# What a figure is: 预计数 (estimate), 快报 (flash), 初步统计 (preliminary), 正式 (final).
FIGURE_STATUSES = ("预计数", "快报", "上报数", "初步统计", "正式")
# Kinds of target a bulletin names; 半年 and other horizons go in the horizon column.
TARGET_KINDS = ("全年目标", "年度预期目标", "考核目标", "省下达目标", "力争目标", "确保目标")
INVESTMENT_KINDS = ("完成投资", "总投资", "累计完成投资")
# A breakdown's part that is the group's own total (五大特色产业 as a whole).
GROUP_TOTAL = "合计"
PROJECT_STAGES = ("新开工", "续建", "建成投产", "预备")
YES_NO = ("是", "否")

# The key of a row with several key columns (districts) joins them: 白云区/industrial_output.
KEY_SEPARATOR = "/"


UNIT = code_column("unit", "单位", {unit: unit for unit in UNIT_DIVISORS}, required=True)
UNIT_OPTIONAL = code_column("unit", "单位", {unit: unit for unit in UNIT_DIVISORS})
ANY_UNIT = code_column("unit", "单位", {unit: unit for unit in units.ALL_UNITS})
GROWTH = ColumnSpec("growth_pct", "同比增长(%)", "rate", minimum=-100)
# 增长1.72倍: growth as a multiple of last year's figure added (+172%), as some bulletins say it.
GROWTH_TIMES = ColumnSpec("growth_times", "增长倍数", "rate", minimum=0)
# Columns of the kind rate that hold a multiple (增长2.59倍: 2.59), not a percentage.
MULTIPLE_COLUMNS = (GROWTH_TIMES.name,)
STATUS = choice_column("status", "数据状态", FIGURE_STATUSES)
NOTE = text_column("note", "备注")
ISSUE = text_column("issue", "存在问题")
# Why a column refuses 0, by code (its words: the labels' `problem.cell.zero.<code>`).
NO_GROWTH_AGAINST_ZERO = "growth"  # a growth rate against 0 is undefined
NO_COMPLETION_AGAINST_ZERO = "completion"  # so is a completion rate against a target of 0


def _prior(name: str, header: str) -> ColumnSpec:
    return amount_column(name, header, zero_is_undefined=NO_GROWTH_AGAINST_ZERO)


def _target(required: bool = False) -> ColumnSpec:
    return amount_column(
        "annual_target", "年度目标", required, zero_is_undefined=NO_COMPLETION_AGAINST_ZERO
    )


def catalogue_column(catalogue: indicator_catalogue.Catalogue | None = None) -> ColumnSpec:
    """The indicator column of the tables that name catalogue indicators (a region's
    catalogue adds its own): codes, Chinese names and aliases are accepted."""
    known = catalogue or indicator_catalogue.builtin()
    aliases = {
        normalise_token(spelling): indicator.code
        for indicator in known.indicators.values()
        for spelling in indicator.entry.aliases
    }
    return ColumnSpec("indicator", "指标", "code", True, codes=known.names(), aliases=aliases)


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "indicators",
            "指标",
            "The region's indicators, cumulative from January (or levels at the month's end); "
            "where a bulletin gives only a rate, the growth alone.",
            (
                catalogue_column(),
                amount_column("value", "本期累计"),
                ANY_UNIT,
                _prior("prior_value", "上年同期"),
                GROWTH,
                _target(),
                NOTE,
                STATUS,
                amount_column("month_value", "当月"),
                rate_column("month_growth_pct", "当月同比增长(%)", minimum=-100),
                GROWTH_TIMES,
                ColumnSpec("value_rank", "总量排位", "rank", minimum=1),
                ColumnSpec("growth_rank", "增速排位", "rank", minimum=1),
                text_column("rank_scope", "排位范围"),
                text_column("reference_name", "比较对象"),
                rate_column("reference_growth_pct", "比较对象增速(%)", minimum=-100),
                rate_column("reference_points", "高于比较对象(个百分点)"),
            ),
            key=("indicator",),
            required=True,
            required_rows=REQUIRED_INDICATORS,
            limits=(("value", "annual_target"),),
            by_indicator=True,
        ),
        TableSpec(
            "parks",
            "园区",
            "Infrastructure investment of the key industrial parks; their sum is the parks' total.",
            (
                text_column("park", "园区", required=True),
                text_column("district", "区县", required=True),
                _target(required=True),
                amount_column("completed", "累计完成", required=True),
                UNIT,
                NOTE,
            ),
            key=("park",),
            required=True,
            limits=(("completed", "annual_target"),),
        ),
        TableSpec(
            "districts",
            "区县",
            "Indicators per district (区、市、县).",
            (
                text_column("district", "区县", required=True),
                code_column("indicator", "指标", INDICATOR_NAMES, required=True),
                amount_column("value", "本期累计", required=True),
                UNIT,
                _prior("prior_value", "上年同期"),
                GROWTH,
                _target(),
            ),
            key=("district", "indicator"),
            limits=(("value", "annual_target"),),
        ),
        TableSpec(
            "enterprises",
            "企业",
            "Key enterprises: output, production status, problems.",
            (
                text_column("enterprise", "企业", required=True),
                text_column("district", "区县"),
                text_column("industry", "行业"),
                amount_column("output", "本期产值", required=True),
                UNIT,
                _prior("prior_output", "上年同期产值"),
                GROWTH,
                choice_column("status", "生产状态", PRODUCTION_STATUSES),
                ColumnSpec("utilization_pct", "设备开工率(%)", "rate", minimum=0, maximum=100),
                ISSUE,
            ),
            key=("enterprise",),
        ),
        TableSpec(
            "projects",
            "项目",
            "Key industrial projects: investment, stage, problems.",
            (
                text_column("project", "项目", required=True),
                text_column("district", "区县"),
                text_column("park", "园区"),
                amount_column("total_investment", "总投资"),
                amount_column("annual_plan", "年度计划"),
                amount_column("completed", "累计完成", required=True),
                UNIT,
                choice_column("stage", "建设阶段", PROJECT_STAGES),
                choice_column("capacity_reached", "是否达产", YES_NO),
                ISSUE,
            ),
            key=("project",),
            limits=(("completed", "annual_plan"),),
        ),
        TableSpec(
            "plan",
            "计划",
            "Annual targets decomposed by month: the amount planned from January to each month.",
            (
                code_column("indicator", "指标", PLAN_INDICATOR_NAMES, required=True),
                ColumnSpec("month", "月份", "month", required=True, minimum=1, maximum=12),
                amount_column("planned", "计划累计", required=True),
                UNIT,
            ),
            key=("indicator", "month"),
        ),
        TableSpec(
            "targets",
            "目标",
            "Targets of the indicators: amounts, growth or only the completion published.",
            (
                catalogue_column(),
                choice_column("kind", "目标类型", TARGET_KINDS, required=True),
                text_column("horizon", "期限", required=True),
                amount_column("amount", "目标值", zero_is_undefined=NO_COMPLETION_AGAINST_ZERO),
                ANY_UNIT,
                rate_column("growth_pct", "目标增速(%)", minimum=-100),
                rate_column("completion_pct", "完成目标(%)", minimum=0),
                NOTE,
            ),
            key=("indicator", "kind", "horizon"),
            by_indicator=True,
        ),
        TableSpec(
            "breakdowns",
            "分组",
            "Parts of an indicator along a dimension (行业, 板块, 经济类型, 区县…); the part "
            f"{GROUP_TOTAL} is the group as a whole.",
            (
                catalogue_column(),
                text_column("dimension", "维度", required=True),
                text_column("part", "组成部分", required=True),
                amount_column("value", "本期累计"),
                ANY_UNIT,
                GROWTH,
                GROWTH_TIMES,
                rate_column("share_pct", "占比(%)", minimum=0),
                text_column("share_base", "占比基数"),
                rate_column("contribution_pct", "贡献率(%)"),
                rate_column("pull_points", "拉动(个百分点)"),
                ColumnSpec("rank", "排位", "rank", minimum=1),
                number_column("count", "个数"),
                choice_column("count_unit", "个数单位", tuple(units.FAMILIES["count"].units)),
                rate_column("completion_pct", "完成目标(%)", minimum=0),
                choice_column("exhaustive", "是否穷尽", YES_NO),
                STATUS,
                NOTE,
            ),
            key=("indicator", "dimension", "part"),
            by_indicator=True,
        ),
        TableSpec(
            "products",
            "产品",
            "Output of the main industrial products.",
            (
                text_column("product", "产品", required=True),
                amount_column("value", "本期累计", required=True),
                dataclass_replace(ANY_UNIT, required=True),
                _prior("prior_value", "上年同期"),
                GROWTH,
                GROWTH_TIMES,
                NOTE,
            ),
            key=("product",),
        ),
        TableSpec(
            "project_groups",
            "项目分组",
            "Projects counted by group (新开工, 续建, 技改, 建成投产, 亿元以上…), with investment.",
            (
                text_column("project_group", "项目类别", required=True),
                number_column("count", "个数"),
                choice_column("count_unit", "个数单位", tuple(units.FAMILIES["count"].units)),
                amount_column("investment", "投资额"),
                UNIT_OPTIONAL,
                choice_column("investment_kind", "投资口径", INVESTMENT_KINDS),
                GROWTH,
                number_column("count_target", "目标个数"),
                choice_column("count_target_kind", "目标类型", TARGET_KINDS),
                NOTE,
            ),
            key=("project_group",),
        ),
        TableSpec(
            "outlook",
            "预计",
            "Figures expected for a later horizon (预计上半年…).",
            (
                catalogue_column(),
                text_column("horizon", "期限", required=True),
                amount_column("value", "预计值", required=True),
                dataclass_replace(ANY_UNIT, required=True),
                GROWTH,
                rate_column("completion_pct", "完成目标(%)", minimum=0),
                choice_column("target_kind", "目标类型", TARGET_KINDS),
                NOTE,
            ),
            key=("indicator", "horizon"),
            by_indicator=True,
        ),
        facts_table(catalogue_column(), STATUS, NOTE),
    )
}


def tables_for(
    catalogue: indicator_catalogue.Catalogue,
    required_rows: tuple[str, ...] = REQUIRED_INDICATORS,
    parks_required: bool = True,
) -> dict[str, TableSpec]:
    """The tables as a data root's profile and catalogue make them: its own indicators
    accepted, its required rows and tables (without a profile: today's, as in TABLES)."""
    column = catalogue_column(catalogue)
    shaped = {}
    for name, spec in TABLES.items():
        if spec.by_indicator:
            columns = tuple(column if c.name == "indicator" else c for c in spec.columns)
            spec = dataclass_replace(spec, columns=columns)
        if name == "indicators":
            spec = dataclass_replace(spec, required_rows=required_rows)
        if name == "parks":
            spec = dataclass_replace(spec, required=parks_required)
        shaped[name] = spec
    return shaped


def find_table(name: str) -> TableSpec | None:
    """The table a file stem or sheet name names, in English or Chinese."""
    wanted = normalise_token(name)
    return next(
        (t for t in TABLES.values() if wanted in (t.name, normalise_token(t.title))),
        None,
    )


# --- header and cell normalisation -------------------------------------------------------


def row_key(spec: TableSpec, values: str | tuple | list) -> str:
    """The key of a row as stored in provenance: codes for code columns, parts joined by '/'.

    Accepts the key as written in meta.yml (`白云区/规模以上工业总产值`) or as a tuple.
    """
    parts = values.split(KEY_SEPARATOR) if isinstance(values, str) else list(values)
    if len(parts) != len(spec.key):
        return KEY_SEPARATOR.join(str(p).strip() for p in parts)
    normalised = []
    for column_name, part in zip(spec.key, parts, strict=True):
        column = spec.column(column_name)
        text = str(part).strip()
        if column.kind == "code":
            text = column.accepted_codes().get(normalise_token(text), text)
        elif column.kind == "month":
            text = _month_key(text)
        normalised.append(text)
    return KEY_SEPARATOR.join(normalised)


def parse_month(text: str) -> int | None:
    """A month as written in a cell: '3', '03', '３' and '3月' are March; None for a blank.

    Raises ValueError for anything else; whether it is within 1-12 is checked by the schema.
    """
    cleaned = normalise_token(text).removesuffix("月").strip()
    if not cleaned:
        return None
    if not cleaned.isdigit():
        raise ValueError(f"not a month: {text!r}")
    return int(cleaned)


def _month_key(text: str) -> str:
    """A month in a row key as it is stored: meta.yml's `industrial_output/3月` names month 3."""
    try:
        month = parse_month(text)
    except ValueError:
        return text
    return text if month is None else str(month)
