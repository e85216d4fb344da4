"""The long table of published facts (facts.csv): its vocabulary and its columns.

A fact is one printed figure with its dimensions (what, of whom, which horizon, which measure,
against what) and attributes (status, provenance, note), as SDMX models an observation: a new
kind of figure is new values of these columns, never a new column (analysis/facts.py reads
them; data/README.md documents them).
"""

from __future__ import annotations

from industry_briefing.contract import units
from industry_briefing.contract.specs import (
    ColumnSpec,
    TableSpec,
    choice_column,
    code_column,
    text_column,
)

PROVENANCE_NAMES = {"published": "公布", "derived": "推算", "illustrative": "示意"}

# What a fact measures (the contract's code -> the word an analyst types).
MEASURES = {
    "value": "总量",
    "growth": "增速",
    "growth_times": "增长倍数",
    "ratio_times": "倍数",
    "share": "占比",
    "contribution": "贡献率",
    "pull": "拉动",
    "completion": "完成率",
    "count": "个数",
    "value_rank": "总量位次",
    "growth_rank": "增速位次",
    "completion_rank": "进度位次",
}
# The direction of a printed difference: above (高于, 提高, 前移 …), below, level.
DIRECTIONS = {"above": "高于", "below": "低于", "level": "持平"}
_ABOVE_WORDS = [
    "提高",
    "提升",
    "上升",
    "增加",
    "扩大",
    "超过",
    "超",
    "以上",
    "前移",
    "快于",
    "高出",
    "高",
]
_BELOW_WORDS = ["下降", "回落", "减少", "收窄", "以下", "后移", "落后", "慢于", "低", "欠"]
DIRECTION_ALIASES = {
    **dict.fromkeys(_ABOVE_WORDS, "above"),
    **dict.fromkeys(_BELOW_WORDS, "below"),
    "相同": "level",
}
DIFFERENCE_UNITS = ("个百分点", "位", *units.ALL_UNITS)


def facts_table(indicator: ColumnSpec, status: ColumnSpec, note: ColumnSpec) -> TableSpec:
    """The facts table, with the contract's indicator, status and note columns."""
    return TableSpec(
        "facts",
        "事实",
        "Every published figure the other tables cannot hold, one fact a row: what (the "
        "indicator, its scope words), of whom (a part along a dimension, or the region), "
        "for which horizon, which measure, against what, with the printed difference.",
        (
            indicator,
            text_column("scope", "口径"),
            text_column("dimension", "维度"),
            text_column("part", "组成部分"),
            text_column("horizon", "期限"),
            code_column("measure", "度量", MEASURES, required=True),
            ColumnSpec("value", "数值", "figure"),
            code_column("unit", "单位", {unit: unit for unit in (*units.ALL_UNITS, "个月")}),
            text_column("base", "基数"),
            text_column("against", "比较对象"),
            ColumnSpec("reference_value", "比较对象数值", "figure"),
            ColumnSpec("direction", "方向", "code", codes=DIRECTIONS, aliases=DIRECTION_ALIASES),
            ColumnSpec("difference", "差值", "figure"),
            choice_column("difference_unit", "差值单位", DIFFERENCE_UNITS),
            text_column("rank_scope", "排位范围"),
            text_column("tied_with", "并列"),
            status,
            code_column("provenance", "来源标注", PROVENANCE_NAMES),
            note,
        ),
        key=(
            "indicator",
            "scope",
            "dimension",
            "part",
            "horizon",
            "measure",
            "base",
            "against",
        ),
        by_indicator=True,
    )
