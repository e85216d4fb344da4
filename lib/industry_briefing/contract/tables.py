"""The input data contract, as data: tables, columns, indicator codes, units and enums.

Everything that decides whether an input file is acceptable lives here, so the reader, the
warehouse and `data/README.md` (a test checks it) describe the same contract. The pandera
schemas are built from these specs; the reader turns their failures into messages.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from dataclasses import replace as dataclass_replace
from typing import Literal, get_args

import pandas as pd

from industry_briefing.contract import catalogue as indicator_catalogue
from industry_briefing.contract import units

# amount: a figure in the row's unit, stored in its family's canonical unit; number: a count
# or figure kept as written (its unit in another column); rank: 第4位, 第四位, 4.
Kind = Literal["text", "amount", "rate", "code", "month", "number", "rank"]

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
FIGURE_STATUSES = ("预计数", "快报", "初步统计", "正式")
# Kinds of target a bulletin names; 半年 and other horizons go in the horizon column.
TARGET_KINDS = ("全年目标", "年度预期目标", "考核目标", "省下达目标", "力争目标", "确保目标")
# Horizons of a target or an outlook: 全年, 上半年, 一季度, 前三季度, 1-N月, N月 (one month).
HORIZON_EXAMPLES = "全年, 上半年, 一季度, 前三季度, 1-9月 or 10月"
INVESTMENT_KINDS = ("完成投资", "总投资", "累计完成投资")
# A breakdown's part that is the group's own total (五大特色产业 as a whole).
GROUP_TOTAL = "合计"
PROJECT_STAGES = ("新开工", "续建", "建成投产", "预备")
YES_NO = ("是", "否")

# The key of a row with several key columns (districts) joins them: 白云区/industrial_output.
KEY_SEPARATOR = "/"


def normalise_token(text: str) -> str:
    """NFKC (full-width （）％ and digits become ASCII), trimmed, case-folded."""
    return unicodedata.normalize("NFKC", str(text)).strip().casefold()


@dataclass(frozen=True)
class ColumnSpec:
    name: str  # English name: the stored column and an accepted header
    header: str  # Chinese header, equally accepted
    kind: Kind
    required: bool = False  # required columns must be present and filled in every row
    codes: Mapping[str, str] | None = None  # code kind: stored value -> its Chinese name
    aliases: Mapping[str, str] | None = None  # other accepted spellings (folded) -> code
    minimum: float | None = None  # rates only; amounts are never negative
    maximum: float | None = None
    zero_is_undefined: str = ""  # why 0 is rejected, e.g. a growth rate against 0

    @property
    def label(self) -> str:
        """How the column is named in messages when the input does not name it."""
        return f"{self.header} / {self.name}"

    @property
    def is_number(self) -> bool:
        return self.kind in ("amount", "rate", "month", "number", "rank")

    @property
    def dtype(self) -> str:
        # Months and ranks are whole numbers; nullable Int64 so that an unreadable cell can
        # stay empty.
        whole = {"month": "Int64", "rank": "Int64"}
        return {"amount": "float64", "rate": "float64", "number": "float64", **whole}.get(
            self.kind, "str"
        )

    def accepted_codes(self) -> dict[str, str]:
        """Accepted spelling (normalised) -> stored code: the code itself or its Chinese name."""
        accepted = dict(self.aliases or {})
        for code, name in (self.codes or {}).items():
            accepted[normalise_token(code)] = code
            accepted[normalise_token(name)] = code
        return accepted

    def expected_codes(self) -> str:
        codes = self.codes or {}
        return ", ".join(
            code if code == name else f"{code} ({name})" for code, name in codes.items()
        )


@dataclass(frozen=True)
class TableSpec:
    name: str  # English name: the CSV file stem and a sheet name
    title: str  # Chinese name, also accepted as a sheet name
    description: str
    columns: tuple[ColumnSpec, ...]
    key: tuple[str, ...]
    required: bool = False
    required_rows: tuple[str, ...] = ()  # codes that must appear in the first key column
    # (value, limit) pairs where value above limit is unusual but possible: a warning.
    limits: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    # The table names catalogue indicators in any unit of their family, and keeps the unit.
    by_indicator: bool = False

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def stored_columns(self) -> list[str]:
        """The columns of the table's DataFrame: every column but a unit of money amounts
        (all in 亿元); tables of any unit keep the unit each row was entered in."""
        return [c.name for c in self.columns if c.name != "unit" or self.keeps_unit]

    @property
    def keeps_unit(self) -> bool:
        return self.by_indicator or self.name == "products"

    def column(self, name: str) -> ColumnSpec:
        return next(c for c in self.columns if c.name == name)

    def find_column(self, header: str) -> ColumnSpec | None:
        """The column a header names, in English or Chinese (see `header_key`)."""
        wanted = header_key(header)
        return next((c for c in self.columns if wanted in _header_keys(c)), None)

    def empty_frame(self) -> pd.DataFrame:
        return typed_frame(self, {})


def _amount(
    name: str, header: str, required: bool = False, zero_is_undefined: str = ""
) -> ColumnSpec:
    return ColumnSpec(name, header, "amount", required, zero_is_undefined=zero_is_undefined)


def _text(name: str, header: str, required: bool = False) -> ColumnSpec:
    return ColumnSpec(name, header, "text", required)


def _code(name: str, header: str, codes: Mapping[str, str], required: bool = False) -> ColumnSpec:
    return ColumnSpec(name, header, "code", required, codes=codes)


def _choice(
    name: str, header: str, values: tuple[str, ...], required: bool = False
) -> ColumnSpec:
    return _code(name, header, {value: value for value in values}, required)


def _number(name: str, header: str) -> ColumnSpec:
    return ColumnSpec(name, header, "number")


def _rate(name: str, header: str, minimum: float | None = None) -> ColumnSpec:
    return ColumnSpec(name, header, "rate", minimum=minimum)


UNIT = _code("unit", "单位", {unit: unit for unit in UNIT_DIVISORS}, required=True)
UNIT_OPTIONAL = _code("unit", "单位", {unit: unit for unit in UNIT_DIVISORS})
ANY_UNIT = _code("unit", "单位", {unit: unit for unit in units.ALL_UNITS})
GROWTH = ColumnSpec("growth_pct", "同比增长(%)", "rate", minimum=-100)
# 增长1.72倍: growth as a multiple of last year's figure added (+172%), as some bulletins say it.
GROWTH_TIMES = ColumnSpec("growth_times", "增长倍数", "rate", minimum=0)
STATUS = _choice("status", "数据状态", FIGURE_STATUSES)
NOTE = _text("note", "备注")
ISSUE = _text("issue", "存在问题")
NO_GROWTH_AGAINST_ZERO = "a growth rate against 0 is undefined"
NO_COMPLETION_AGAINST_ZERO = "a completion rate against a target of 0 is undefined"


def _prior(name: str, header: str) -> ColumnSpec:
    return _amount(name, header, zero_is_undefined=NO_GROWTH_AGAINST_ZERO)


def _target(required: bool = False) -> ColumnSpec:
    return _amount(
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


def _catalogue_indicator() -> ColumnSpec:
    return catalogue_column()


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "indicators",
            "指标",
            "The region's indicators, cumulative from January (or levels at the month's end).",
            (
                _catalogue_indicator(),
                _amount("value", "本期累计", required=True),
                dataclass_replace(ANY_UNIT, required=True),
                _prior("prior_value", "上年同期"),
                GROWTH,
                _target(),
                NOTE,
                STATUS,
                _amount("month_value", "当月"),
                _rate("month_growth_pct", "当月同比增长(%)", minimum=-100),
                GROWTH_TIMES,
                ColumnSpec("value_rank", "总量排位", "rank", minimum=1),
                ColumnSpec("growth_rank", "增速排位", "rank", minimum=1),
                _text("rank_scope", "排位范围"),
                _text("reference_name", "比较对象"),
                _rate("reference_growth_pct", "比较对象增速(%)", minimum=-100),
                _rate("reference_points", "高于比较对象(个百分点)"),
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
                _text("park", "园区", required=True),
                _text("district", "区县", required=True),
                _target(required=True),
                _amount("completed", "累计完成", required=True),
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
                _text("district", "区县", required=True),
                _code("indicator", "指标", INDICATOR_NAMES, required=True),
                _amount("value", "本期累计", required=True),
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
                _text("enterprise", "企业", required=True),
                _text("district", "区县"),
                _text("industry", "行业"),
                _amount("output", "本期产值", required=True),
                UNIT,
                _prior("prior_output", "上年同期产值"),
                GROWTH,
                _choice("status", "生产状态", PRODUCTION_STATUSES),
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
                _text("project", "项目", required=True),
                _text("district", "区县"),
                _text("park", "园区"),
                _amount("total_investment", "总投资"),
                _amount("annual_plan", "年度计划"),
                _amount("completed", "累计完成", required=True),
                UNIT,
                _choice("stage", "建设阶段", PROJECT_STAGES),
                _choice("capacity_reached", "是否达产", YES_NO),
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
                _code("indicator", "指标", PLAN_INDICATOR_NAMES, required=True),
                ColumnSpec("month", "月份", "month", required=True, minimum=1, maximum=12),
                _amount("planned", "计划累计", required=True),
                UNIT,
            ),
            key=("indicator", "month"),
        ),
        TableSpec(
            "targets",
            "目标",
            "Targets of the indicators: amounts, growth or only the completion published.",
            (
                _catalogue_indicator(),
                _choice("kind", "目标类型", TARGET_KINDS, required=True),
                _text("horizon", "期限", required=True),
                _amount("amount", "目标值", zero_is_undefined=NO_COMPLETION_AGAINST_ZERO),
                ANY_UNIT,
                _rate("growth_pct", "目标增速(%)", minimum=-100),
                _rate("completion_pct", "完成目标(%)", minimum=0),
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
                _catalogue_indicator(),
                _text("dimension", "维度", required=True),
                _text("part", "组成部分", required=True),
                _amount("value", "本期累计"),
                ANY_UNIT,
                GROWTH,
                GROWTH_TIMES,
                _rate("share_pct", "占比(%)", minimum=0),
                _text("share_base", "占比基数"),
                _rate("contribution_pct", "贡献率(%)"),
                _rate("pull_points", "拉动(个百分点)"),
                ColumnSpec("rank", "排位", "rank", minimum=1),
                _number("count", "个数"),
                _choice("count_unit", "个数单位", tuple(units.FAMILIES["count"].units)),
                _rate("completion_pct", "完成目标(%)", minimum=0),
                _choice("exhaustive", "是否穷尽", YES_NO),
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
                _text("product", "产品", required=True),
                _amount("value", "本期累计", required=True),
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
                _text("project_group", "项目类别", required=True),
                _number("count", "个数"),
                _choice("count_unit", "个数单位", tuple(units.FAMILIES["count"].units)),
                _amount("investment", "投资额"),
                UNIT_OPTIONAL,
                _choice("investment_kind", "投资口径", INVESTMENT_KINDS),
                GROWTH,
                _number("count_target", "目标个数"),
                _choice("count_target_kind", "目标类型", TARGET_KINDS),
                NOTE,
            ),
            key=("project_group",),
        ),
        TableSpec(
            "outlook",
            "预计",
            "Figures expected for a later horizon (预计上半年…).",
            (
                _catalogue_indicator(),
                _text("horizon", "期限", required=True),
                _amount("value", "预计值", required=True),
                dataclass_replace(ANY_UNIT, required=True),
                GROWTH,
                _rate("completion_pct", "完成目标(%)", minimum=0),
                _choice("target_kind", "目标类型", TARGET_KINDS),
                NOTE,
            ),
            key=("indicator", "horizon"),
            by_indicator=True,
        ),
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

_PERCENT_SUFFIX = re.compile(r"\s*\(\s*%\s*\)$")


def header_key(header: str) -> str:
    """What headers are compared by: `同比增长（%） ` and `同比增长` are the same column."""
    return _PERCENT_SUFFIX.sub("", normalise_token(header)).strip()


def _header_keys(column: ColumnSpec) -> set[str]:
    return {header_key(column.name), header_key(column.header)}


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


def typed_frame(spec: TableSpec, columns: Mapping[str, object]) -> pd.DataFrame:
    """A frame with the table's stored columns in contract order and dtypes (str or float64)."""
    return pd.DataFrame(
        {
            name: pd.Series(columns.get(name, []), dtype=spec.column(name).dtype)
            for name in spec.stored_columns
        }
    )
