"""Write the bundled demo year: data/raw/2011-03 … 2011-12, continuing the seed month.

ILLUSTRATIVE data, not published figures. The seed (2011-02, 1-2月) is the one real briefing;
this script continues it month by month so that the workbook has a year to show: cumulative
figures with a plausible seasonal shape (slow first quarter, investment back-loaded into the
last months), the seed's annual targets and ten parks, districts, key enterprises, key
projects and the monthly plan. Every table is marked `provenance: illustrative`.

Deterministic: one random generator with a fixed seed, every number rounded and formatted
here, so two runs write byte-identical files. It never writes the seed month, and refuses to
overwrite a month folder unless --force is given.

Kept clean on purpose, except two deliberate cases for the analysis to find (both noted in
the month's meta.yml):
- 2011-05: the districts' 规模以上工业总产值 add up to 0.5 亿元 more than the city's figure;
- 2011-07: the annual target of 息烽县磷煤精细化工工业园 is cut from 12 to 9 亿元 (a mid-year
  adjustment), and stays so to December.

Usage: .venv/bin/python scripts/generate_demo_year.py [--out DIR] [--force]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from industry_briefing.contract import tables as contract
from industry_briefing.core import settings
from industry_briefing.core.figures import PeriodFigures
from industry_briefing.ingest import reader

RANDOM_SEED = 20110309  # the day of the seed's meeting
YEAR = 2011
SEED_MONTH = 2  # 1-2月, published: read, never written
MONTHS = tuple(range(SEED_MONTH + 1, 13))  # the months written: 1-3月 … 1-12月
REGION = "贵阳市"
TARGETS_NOTE = "沿用2011-02：由1-2月公布的完成比例推算（约1268亿元、547亿元）"
TARGETS_NOTE_EN = (
    "as in 2011-02: computed from the shares of the targets completed in January–February "
    "(about 126.8 and 54.7 billion yuan)"
)

# The words a reader of the briefing sees (its notes and its last line of where the figures come
# from): what the data is, never how it was made here (no script's name). The tables are all
# illustrative (their provenance says it, and the notes' label 示意); a table's note says what
# more there is to say of it, and a table with nothing more has none.
SOURCE = (
    f"示意数据，非公布数据：按固定随机种子（{RANDOM_SEED}）生成，延续 2011-02 的公布数（贵阳市"
    "工业和信息化委员会，全市工业投资和运行分析会议新闻稿，2011年3月9日），年度目标与十个重点工业园区"
    "沿用 2011-02。"
)
# The English of the notes (meta.yml's note_en and source_en), for the English briefing.
SOURCE_EN = (
    f"illustrative data, not published figures: generated from a fixed random seed "
    f"({RANDOM_SEED}), continuing the published figures of 2011-02 (Guiyang Commission of "
    "Industry and Information Technology, press release of the city's meeting on industrial "
    "investment and operation, 9 March 2011); the annual targets and the ten key industrial "
    "parks are those of 2011-02."
)

# Year-end completion of the annual targets (1-12月 as a share of the target): output just
# over its target, investment short of it, the parks well short.
OUTPUT_AT_YEAR_END = 1.009
INVESTMENT_AT_YEAR_END = 0.952

# Relative size of each month's increment, March to December. Output: slow March, a summer
# dip (heat, power shortages in a dry year), strong fourth quarter. Investment: back-loaded,
# December by far the strongest (projects book their year's work before the accounts close).
OUTPUT_SHAPE = (0.94, 0.98, 1.02, 1.05, 0.98, 0.97, 1.03, 1.05, 1.06, 1.10)
INVESTMENT_SHAPE = (0.55, 0.75, 0.90, 1.05, 0.95, 1.00, 1.10, 1.20, 1.35, 2.10)
# A month's production relative to an average month, January to December (Spring Festival
# in January and February); enterprises produce by it, last year's figures too.
PRODUCTION_SEASON = (0.80, 0.78, 0.95, 1.00, 1.02, 1.04, 0.98, 0.97, 1.03, 1.05, 1.07, 1.12)

# The plan: the share of the annual target to be done by the end of each month (1 … 12).
PLAN_SHARES = {
    "industrial_output": (
        0.07, 0.15, 0.235, 0.32, 0.405, 0.49, 0.575, 0.66, 0.745, 0.83, 0.915, 1.0,
    ),
    "industrial_investment": (
        0.02, 0.05, 0.10, 0.16, 0.23, 0.31, 0.39, 0.47, 0.56, 0.66, 0.78, 1.0,
    ),
    contract.PARKS_TOTAL: (
        0.015, 0.035, 0.07, 0.12, 0.18, 0.25, 0.33, 0.41, 0.50, 0.61, 0.75, 1.0,
    ),
}  # fmt: skip

# Each park's year-end completion of its (original) annual target: three lag clearly,
# two end above their targets (a warning in December only), the rest short of them.
PARK_YEAR_END = {
    "贵阳麦架-沙文高新技术产业园": 0.96,
    "贵阳市小河-孟关装备制造业生态工业园区": 0.99,
    "开阳磷煤化工生态工业基地": 0.52,
    "息烽县磷煤精细化工工业园": 0.70,
    "白云铝及铝加工基地": 0.58,
    "清镇铝煤生态工业园区": 0.55,
    "龙洞堡食品工业园": 1.04,
    "修文医药产业园区": 1.06,
    "乌当医药食品工业园区": 0.88,
    "贵阳金石石材工业园区": 0.92,
}
ADJUSTED_PARK = "息烽县磷煤精细化工工业园"
ADJUSTED_FROM_MONTH = 7
ADJUSTED_TARGET = 9.0  # 亿元, from 12

# One month gives the investment's growth rate without last year's figure (as releases do).
BLANK_PRIOR_MONTH = 4

DISCREPANCY_MONTH = 5
DISCREPANCY_DISTRICT = "白云区"
DISCREPANCY = (DISCREPANCY_MONTH, DISCREPANCY_DISTRICT, "industrial_output")
DISCREPANCY_CENTS = 50  # 0.5 亿元 too much in the district's 规模以上工业总产值

# Guiyang's ten districts of 2011 (六区一市三县): their shares of the city's annual targets
# for output and industrial investment (illustrative: aluminium in 白云 and 清镇, equipment
# in 小河, phosphorus in 开阳 and 息烽), and their pace against those shares (above 1: ahead),
# so that some districts end the year ahead of their targets and some behind.
DISTRICT_CODES = ("industrial_output", "industrial_investment")
DISTRICTS = {
    "南明区": ((0.09, 0.07), (1.02, 0.98)),
    "云岩区": ((0.07, 0.04), (0.97, 1.05)),
    "花溪区": ((0.09, 0.10), (0.95, 0.88)),
    "乌当区": ((0.10, 0.09), (1.00, 1.02)),
    "白云区": ((0.17, 0.14), (1.03, 0.97)),
    "小河区": ((0.15, 0.16), (1.04, 1.08)),
    "清镇市": ((0.13, 0.12), (0.99, 0.90)),
    "开阳县": ((0.08, 0.10), (0.97, 0.85)),
    "息烽县": ((0.07, 0.09), (1.00, 0.95)),
    "修文县": ((0.05, 0.09), (1.02, 1.10)),
}

NORMAL, PART, STOPPED, NOT_STARTED = contract.PRODUCTION_STATUSES
ALUMINIUM, PHOSPHORUS, EQUIPMENT = "铝及铝加工", "磷及磷化工", "装备制造"
MEDICINE, FOOD, ELECTRONICS, OTHER = "医药", "烟酒食品", "电子信息", "其他"


@dataclass(frozen=True)
class Enterprise:
    name: str
    district: str
    industry: str
    annual: float  # 亿元 a year at full production
    growth: float  # % against 2010 at full production
    # month -> (status, issue, utilisation %) from that month on; 正常生产 before the first
    statuses: dict[int, tuple[str, str, float | None]] = field(default_factory=dict)
    new: bool = False  # a new plant: no output last year, so no prior output or growth

    @property
    def unit(self) -> str:
        return "万元" if self.annual < 1 else "亿元"  # small enterprises report in 万元


def _status(name, issue, utilisation=None):
    return (name, issue, utilisation)


ENTERPRISES = (
    Enterprise("贵阳云峰铝业有限公司", "白云区", ALUMINIUM, 55.0, 18.0,
               {8: _status(PART, "电力供应紧张", 66), 11: _status(NORMAL, "")}),
    Enterprise("贵阳泰宏铝材有限公司", "白云区", ALUMINIUM, 8.2, 21.0),
    Enterprise("贵阳清源铝合金有限公司", "清镇市", ALUMINIUM, 12.5, 26.0),
    Enterprise("贵阳精展铝箔有限公司", "白云区", ALUMINIUM, 3.1, 15.0),
    Enterprise("贵阳恒通铝型材有限公司", "清镇市", ALUMINIUM, 0.42, 9.0,
               {5: _status(STOPPED, "流动资金紧张", 0)}),
    Enterprise("贵阳北麓炭素有限公司", "清镇市", ALUMINIUM, 4.3, 22.0,
               {9: _status(PART, "电力供应紧张", 58), 11: _status(NORMAL, "")}),
    Enterprise("贵阳开源磷化工有限公司", "开阳县", PHOSPHORUS, 31.0, 24.0),
    Enterprise("贵阳息川磷业有限公司", "息烽县", PHOSPHORUS, 18.4, 19.0),
    Enterprise("贵阳禾丰磷肥有限公司", "开阳县", PHOSPHORUS, 6.2, 14.0,
               {3: _status(PART, "原材料供应不足", 60), 6: _status(NORMAL, "")}),
    Enterprise("贵阳磷峰精细化工有限公司", "息烽县", PHOSPHORUS, 2.6, 17.0,
               {8: _status(PART, "电力供应紧张", 52), 9: _status(STOPPED, "电力供应紧张", 0),
                11: _status(PART, "电力供应紧张", 55), 12: _status(NORMAL, "")}),
    Enterprise("贵阳洋水黄磷有限公司", "开阳县", PHOSPHORUS, 0.85, 12.0,
               {3: _status(STOPPED, "设备检修", 0), 7: _status(NORMAL, "")}),
    Enterprise("贵阳永固化工有限公司", "修文县", PHOSPHORUS, 0.36, 5.0,
               {2: _status(STOPPED, "市场需求下降", 0)}),
    Enterprise("贵阳孟关重工有限公司", "小河区", EQUIPMENT, 20.5, 31.0),
    Enterprise("贵阳黔兴机床有限公司", "小河区", EQUIPMENT, 6.1, 27.0),
    Enterprise("贵阳华岳工程机械有限公司", "小河区", EQUIPMENT, 9.3, 35.0),
    Enterprise("贵阳精锐液压件有限公司", "乌当区", EQUIPMENT, 1.6, 6.0,
               {1: _status(PART, "流动资金紧张", 57)}),
    Enterprise("贵阳新黔汽车零部件有限公司", "小河区", EQUIPMENT, 4.2, 16.0,
               {7: _status(PART, "市场需求下降", 55)}),
    Enterprise("贵阳远航电机有限公司", "花溪区", EQUIPMENT, 2.1, 13.0,
               {6: _status(PART, "市场需求下降", 62), 9: _status(NORMAL, "")}),
    Enterprise("贵阳恒力轴承有限公司", "白云区", EQUIPMENT, 0.46, 11.0),
    Enterprise("贵阳百草源制药有限公司", "乌当区", MEDICINE, 9.4, 23.0),
    Enterprise("贵阳扎佐药业有限公司", "修文县", MEDICINE, 5.2, 28.0),
    Enterprise("贵阳新康医药科技有限公司", "乌当区", MEDICINE, 3.0, 0.0,
               {1: _status(NOT_STARTED, "设备安装调试中"), 7: _status(NORMAL, "")}, new=True),
    Enterprise("贵阳修仁中药饮片有限公司", "修文县", MEDICINE, 1.2, 19.0),
    Enterprise("贵阳青岩制药有限公司", "花溪区", MEDICINE, 2.4, 21.0),
    Enterprise("贵阳山珍苗药有限公司", "花溪区", MEDICINE, 0.31, 25.0),
    Enterprise("贵阳黔香烟用材料有限公司", "南明区", FOOD, 7.1, 12.0),
    Enterprise("贵阳龙洞堡食品有限公司", "南明区", FOOD, 4.0, 20.0),
    Enterprise("贵阳筑城酒业有限公司", "云岩区", FOOD, 3.2, 24.0),
    Enterprise("贵阳麻辣坊食品有限公司", "南明区", FOOD, 2.0, 29.0),
    Enterprise("贵阳清泉饮品有限公司", "花溪区", FOOD, 1.3, 15.0,
               {12: _status(PART, "市场需求下降", 60)}),
    Enterprise("贵阳高原牧歌乳业有限公司", "乌当区", FOOD, 0.38, 18.0,
               {3: _status(PART, "用工不足", 64), 6: _status(NORMAL, "")}),
    Enterprise("贵阳沙文电子科技有限公司", "白云区", ELECTRONICS, 3.3, 38.0),
    Enterprise("贵阳新天光电有限公司", "乌当区", ELECTRONICS, 2.6, 33.0),
    Enterprise("贵阳黔芯电子元件有限公司", "小河区", ELECTRONICS, 1.8, 0.0,
               {1: _status(NOT_STARTED, "流动资金紧张")}, new=True),
    Enterprise("贵阳云岩通信设备有限公司", "云岩区", ELECTRONICS, 0.64, 16.0),
    Enterprise("贵阳花溪水泥有限公司", "花溪区", OTHER, 5.1, 17.0,
               {6: _status(PART, "设备检修", 48), 8: _status(NORMAL, "")}),
    Enterprise("贵阳金石石材有限公司", "花溪区", OTHER, 1.1, 22.0),
    Enterprise("贵阳红枫能源有限公司", "清镇市", OTHER, 15.2, 14.0),
    Enterprise("贵阳息烽煤业有限公司", "息烽县", OTHER, 6.3, 10.0),
    Enterprise("贵阳新型墙材有限公司", "修文县", OTHER, 0.27, 8.0),
)  # fmt: skip


@dataclass(frozen=True)
class Project:
    name: str
    district: str
    park: str  # one of the ten parks, or "" for a project outside them
    total: float  # 亿元, total investment
    plan: float  # 亿元, this year's plan
    done: float  # share of this year's plan done by December
    stages: dict[int, str]  # month -> stage from that month on
    capacity: dict[int, str] = field(default_factory=dict)  # month -> 是/否, once 建成投产
    issues: dict[int, str] = field(default_factory=dict)  # month -> why it lags, from then on

    @property
    def unit(self) -> str:
        return "万元" if self.total < 1 else "亿元"

    def stage(self, month: int) -> str:
        return _from_month(self.stages, month)


MAIJIA, XIAOHE = "贵阳麦架-沙文高新技术产业园", "贵阳市小河-孟关装备制造业生态工业园区"
KAIYANG, XIFENG = "开阳磷煤化工生态工业基地", "息烽县磷煤精细化工工业园"
BAIYUN, QINGZHEN = "白云铝及铝加工基地", "清镇铝煤生态工业园区"
LONGDONGBAO, XIUWEN = "龙洞堡食品工业园", "修文医药产业园区"
WUDANG, JINSHI = "乌当医药食品工业园区", "贵阳金石石材工业园区"
NEW, ONGOING, RUNNING, PREPARING = "新开工", "续建", "建成投产", "预备"

PROJECTS = (
    Project("云峰铝业年产15万吨高精铝板带箔项目", "白云区", BAIYUN, 24.0, 6.0, 0.97,
            {1: ONGOING, 11: RUNNING}, {11: "否"}),
    Project("铝合金汽车轮毂生产线项目", "白云区", BAIYUN, 6.5, 2.5, 0.90, {1: NEW}),
    Project("泰宏铝材年产8万吨铝型材项目", "白云区", BAIYUN, 3.5, 0.3, 0.90,
            {1: RUNNING}, {1: "否"}, {1: "市场需求下降，未达产"}),
    Project("铝电解槽节能改造项目", "白云区", "", 2.5, 1.5, 0.95, {1: ONGOING, 8: RUNNING},
            {8: "否", 11: "是"}),
    Project("北麓炭素年产30万吨预焙阳极项目", "清镇市", QINGZHEN, 12.0, 4.0, 0.46,
            {1: ONGOING}, issues={1: "融资困难"}),
    Project("煤焦化综合利用一期项目", "清镇市", QINGZHEN, 18.0, 5.0, 0.38, {1: NEW},
            issues={1: "用地手续未办结"}),
    Project("红枫能源余热发电项目", "清镇市", "", 1.6, 0.8, 1.0, {1: ONGOING, 5: RUNNING},
            {5: "是"}),
    Project("开源磷化工年产50万吨磷酸一铵项目", "开阳县", KAIYANG, 15.0, 5.0, 0.41,
            {1: ONGOING}, issues={1: "融资困难"}),
    Project("黄磷尾气综合利用项目", "开阳县", KAIYANG, 3.2, 1.5, 0.93, {1: ONGOING, 8: RUNNING},
            {8: "否"}),
    Project("禾丰磷肥磷石膏综合利用项目", "开阳县", KAIYANG, 2.0, 0.2, 1.0, {1: RUNNING},
            {1: "否", 9: "是"}),
    Project("年产5万吨饲料级磷酸氢钙项目", "息烽县", XIFENG, 4.5, 2.0, 0.88, {1: NEW}),
    Project("湿法磷酸净化项目", "息烽县", XIFENG, 9.0, 3.0, 0.35, {1: PREPARING, 6: NEW},
            issues={1: "环评审批中", 6: "开工晚，进度滞后"}),
    Project("息烽煤业矿井技改扩能项目", "息烽县", "", 3.5, 1.5, 0.86, {1: ONGOING}),
    Project("孟关重工重型工程机械生产基地项目", "小河区", XIAOHE, 20.0, 6.0, 0.94, {1: ONGOING}),
    Project("黔兴机床数控机床产业化项目", "小河区", XIAOHE, 8.0, 3.0, 0.96,
            {1: ONGOING, 9: RUNNING}, {9: "否"}),
    Project("汽车零部件产业园一期项目", "小河区", XIAOHE, 10.0, 3.5, 0.52, {1: NEW},
            issues={1: "征地拆迁进度慢"}),
    Project("高新区电子信息产业园标准厂房项目", "白云区", MAIJIA, 6.0, 3.0, 0.95, {1: ONGOING}),
    Project("新型电子元器件生产线项目", "白云区", MAIJIA, 5.0, 2.0, 0.98,
            {1: ONGOING, 6: RUNNING}, {6: "否", 10: "是"}),
    Project("光电显示模组项目", "白云区", MAIJIA, 7.5, 2.5, 0.44, {1: NEW},
            issues={1: "用地手续未办结"}),
    Project("扎佐药业中药现代化生产基地项目", "修文县", XIUWEN, 4.0, 1.8, 0.92, {1: ONGOING}),
    Project("固体制剂扩产项目", "修文县", XIUWEN, 1.8, 0.9, 0.90, {1: NEW}),
    Project("百草源制药GMP改造项目", "乌当区", WUDANG, 2.2, 1.2, 1.05,
            {1: ONGOING, 7: RUNNING}, {7: "是"}),
    Project("饮料生产线项目", "乌当区", WUDANG, 0.8, 0.5, 0.94, {1: NEW}),
    Project("特色辣椒制品加工项目", "南明区", LONGDONGBAO, 1.5, 0.8, 0.97,
            {1: ONGOING, 9: RUNNING}, {9: "否"}),
    Project("冷链物流及肉制品加工项目", "南明区", LONGDONGBAO, 3.0, 1.2, 0.90, {1: NEW}),
    Project("卷烟配套材料技改项目", "南明区", "", 2.8, 1.2, 0.91, {1: ONGOING}),
    Project("石材深加工项目", "花溪区", JINSHI, 1.2, 0.6, 0.95, {1: ONGOING}),
    Project("新型干法水泥生产线技改项目", "花溪区", "", 5.0, 2.0, 0.89, {1: ONGOING}),
    Project("筑城酒业白酒酿造技改项目", "云岩区", "", 0.6, 0.3, 0.93, {1: ONGOING}),
    Project("印刷包装技改项目", "云岩区", "", 0.095, 0.08, 0.90, {1: ONGOING}),
    Project("小型农机生产项目", "修文县", "", 0.08, 0.06, 0.85, {1: NEW}),
    Project("新型墙体材料项目", "修文县", "", 0.35, 0.3, 0.40, {1: PREPARING, 8: NEW},
            issues={1: "用地手续未办结", 8: "开工晚，进度滞后"}),
)  # fmt: skip


def _from_month(schedule: dict[int, object], month: int, default=None):
    """The value of a schedule (month -> value from that month on) in `month`."""
    started = [m for m in schedule if m <= month]
    return schedule[max(started)] if started else default


# --- numbers --------------------------------------------------------------------------------


def cumulative_path(start: float, end: float, shape, rng, noise: float = 0.12) -> list[float]:
    """Cumulative values for March … December, rising from `start` (1-2月) to `end` (1-12月).

    Each month adds a share of the remaining amount in proportion to `shape` (a zero adds
    nothing), jittered; the increments are never negative, so the path never falls.
    """
    weights = np.asarray(shape, dtype=float) * rng.lognormal(0.0, noise, len(shape))
    steps = (end - start) * weights / weights.sum()
    return [float(value) for value in start + np.cumsum(steps)]


def cents(value: float) -> int:
    """An amount in hundredths of 亿元 (万元 × 100): sums of rounded figures stay exact."""
    return round(value * 100)


def figure(value: float | None, decimals: int = 2) -> str:
    """A number as an analyst would type it: rounded, without trailing zeros; '' for none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def from_cents(amount: int) -> str:
    return figure(amount / 100)


def prior_for(value: float, growth_pct: float) -> float:
    """Last year's figure implied by this year's and the growth rate, to the hundredth."""
    return round(value / (1 + growth_pct / 100), 2)


def month_shares(season) -> list[float]:
    """Cumulative share of a year's production done by the end of each month (1 … 12)."""
    total = sum(season)
    return [sum(season[:month]) / total for month in range(1, 13)]


# --- the city: indicators, parks, plan ----------------------------------------------------


@dataclass
class CityYear:
    """The city's cumulative figures for each month written, keyed by month."""

    output: dict[int, float]  # 亿元, rounded to the hundredth
    output_growth: dict[int, float]
    investment: dict[int, float]
    investment_growth: dict[int, float]
    parks: dict[int, dict[str, float]]  # month -> park -> completed
    fixed_assets: dict[int, float]


def city_year(seed: PeriodFigures, rng) -> CityYear:
    indicators = seed.indicators.set_index("indicator")
    targets = indicators["annual_target"]
    output = cumulative_path(
        indicators.at["industrial_output", "value"],
        targets["industrial_output"] * OUTPUT_AT_YEAR_END,
        OUTPUT_SHAPE,
        rng,
    )
    investment = cumulative_path(
        indicators.at["industrial_investment", "value"],
        targets["industrial_investment"] * INVESTMENT_AT_YEAR_END,
        INVESTMENT_SHAPE,
        rng,
    )
    investment = dict(zip(MONTHS, (round(v, 2) for v in investment), strict=True))
    return CityYear(
        output=dict(zip(MONTHS, (round(v, 2) for v in output), strict=True)),
        output_growth=_output_growth(indicators.at["industrial_output", "growth_pct"], rng),
        investment=investment,
        investment_growth=_investment_growth(
            indicators.at["industrial_investment", "growth_pct"], rng
        ),
        parks=_parks_year(seed.parks, rng),
        fixed_assets=_fixed_assets(indicators, investment, rng),
    )


def _output_growth(seed_growth: float, rng) -> dict[int, float]:
    """Output growth drifting from the seed's 27.6% down to about 22% as the year goes on."""
    growth = {}
    for month in MONTHS:
        trend = seed_growth - (seed_growth - 22.3) * (month - SEED_MONTH) / (12 - SEED_MONTH)
        growth[month] = round(trend + rng.normal(0, 0.35), 1)
    return growth


def _investment_growth(seed_growth: float, rng) -> dict[int, float]:
    """Investment growth falling from the seed's 259% towards ~70% as last year's base grows."""
    growth = {}
    for month in MONTHS:
        trend = 70 + (seed_growth - 70) * math.exp(-0.45 * (month - SEED_MONTH))
        growth[month] = round(trend + rng.normal(0, 1.5), 1)
    return growth


def _fixed_assets(indicators, investment: dict[int, float], rng) -> dict[int, float]:
    """全社会固定资产投资, with industrial investment a slowly wandering 20-26% of it."""
    value = indicators["value"]
    share = value["industrial_investment"] / value["fixed_asset_investment"]  # 23.02% in 1-2月
    fixed_assets = {}
    for month in MONTHS:
        share = min(0.255, max(0.205, share + rng.normal(0.001, 0.004)))
        fixed_assets[month] = round(investment[month] / share, 2)
    return fixed_assets


def _parks_year(parks, rng) -> dict[int, dict[str, float]]:
    paths = {}
    for park in parks.itertuples(index=False):
        end = park.annual_target * PARK_YEAR_END[park.park]
        path = cumulative_path(park.completed, end, INVESTMENT_SHAPE, rng, noise=0.25)
        paths[park.park] = [round(v, 2) for v in path]
    return {
        month: {name: path[i] for name, path in paths.items()} for i, month in enumerate(MONTHS)
    }


def park_target(park: str, seed_target: float, month: int) -> float:
    if park == ADJUSTED_PARK and month >= ADJUSTED_FROM_MONTH:
        return ADJUSTED_TARGET
    return seed_target


def indicator_rows(seed, year: CityYear, month: int) -> list[dict]:
    targets = seed.indicators.set_index("indicator")["annual_target"]
    output, investment = year.output[month], year.investment[month]
    output_growth, investment_growth = year.output_growth[month], year.investment_growth[month]
    investment_prior = prior_for(investment, investment_growth)
    if month == BLANK_PRIOR_MONTH:
        investment_prior = None
    return [
        {
            "indicator": contract.INDICATOR_NAMES["industrial_output"],
            "value": figure(output),
            "prior_value": figure(prior_for(output, output_growth)),
            "growth_pct": figure(output_growth, 1),
            "annual_target": figure(targets["industrial_output"]),
        },
        {
            "indicator": contract.INDICATOR_NAMES["industrial_investment"],
            "value": figure(investment),
            "prior_value": figure(investment_prior),
            "growth_pct": figure(investment_growth, 1),
            "annual_target": figure(targets["industrial_investment"]),
        },
        {
            "indicator": contract.INDICATOR_NAMES["fixed_asset_investment"],
            "value": figure(year.fixed_assets[month]),
        },
    ]


def park_rows(seed, year: CityYear, month: int) -> list[dict]:
    return [
        {
            "park": park.park,
            "district": park.district,
            "annual_target": figure(park_target(park.park, park.annual_target, month)),
            "completed": figure(year.parks[month][park.park]),
        }
        for park in seed.parks.itertuples(index=False)
    ]


def plan_rows(seed) -> list[dict]:
    """The same plan every month: the annual targets spread by PLAN_SHARES, December exact."""
    targets = seed.indicators.set_index("indicator")["annual_target"].to_dict()
    targets[contract.PARKS_TOTAL] = seed.parks["annual_target"].sum()
    rows = []
    for code, shares in PLAN_SHARES.items():
        for month, share in enumerate(shares, start=1):
            planned = targets[code] if month == 12 else round(targets[code] * share, 2)
            rows.append(
                {
                    "indicator": contract.PLAN_INDICATOR_NAMES[code],
                    "month": str(month),
                    "planned": figure(planned),
                }
            )
    return rows


# --- districts ------------------------------------------------------------------------------


def districts_year(seed, year: CityYear, rng) -> dict[int, list[dict]]:
    """month -> rows: two indicators per district, adding up to the city's figures exactly
    (to the hundredth) but for the deliberate discrepancy of DISCREPANCY_MONTH."""
    indicators = seed.indicators.set_index("indicator")
    city = {"industrial_output": year.output, "industrial_investment": year.investment}
    growth = {
        "industrial_output": year.output_growth,
        "industrial_investment": year.investment_growth,
    }
    targets, values = {}, {}
    for which, code in enumerate(DISTRICT_CODES):
        shares = {district: share[which] for district, (share, _) in DISTRICTS.items()}
        paces = {district: pace[which] for district, (_, pace) in DISTRICTS.items()}
        targets[code] = _split(cents(indicators.at[code, "annual_target"]), shares)
        start = indicators.at[code, "value"]
        values[code] = _district_paths(start, city[code], shares, paces, rng)
    spread = {district: rng.normal(0, 4, 2) for district in DISTRICTS}  # a district's own rate
    months = {}
    for month in MONTHS:
        rows = []
        for district in DISTRICTS:
            for which, code in enumerate(DISTRICT_CODES):
                value = values[code][month][district]
                if (month, district, code) == DISCREPANCY:
                    value += DISCREPANCY_CENTS
                rate = growth[code][month] + spread[district][which] + rng.normal(0, 1.0)
                rows.append(_district_row(district, code, value, rate, targets[code][district]))
        months[month] = rows
    return months


def _district_paths(start: float, path: dict[int, float], shares, paces, rng) -> dict:
    """month -> district -> cumulative cents. 1-2月 is split by the shares; each later month's
    increment by the shares times the paces, jittered: every district's path rises."""
    running = _split(cents(start), shares)
    previous = cents(start)
    paths = {}
    for month in MONTHS:
        weights = {d: shares[d] * paces[d] * rng.lognormal(0, 0.08) for d in shares}
        step = _split(cents(path[month]) - previous, weights)
        running = {d: running[d] + step[d] for d in shares}
        previous = cents(path[month])
        paths[month] = dict(running)
    return paths


def _district_row(district: str, code: str, value: int, rate: float, target: int) -> dict:
    rate = round(rate, 1)
    return {
        "district": district,
        "indicator": contract.INDICATOR_NAMES[code],
        "value": from_cents(value),
        "prior_value": figure(prior_for(value / 100, rate)),
        "growth_pct": figure(rate, 1),
        "annual_target": from_cents(target),
    }


def _split(total: int, shares: dict[str, float]) -> dict[str, int]:
    """`total` cents in proportion to `shares`, rounding put on the largest share: exact sum."""
    whole = sum(shares.values())
    parts = {key: round(total * share / whole) for key, share in shares.items()}
    largest = max(shares, key=shares.get)
    parts[largest] += total - sum(parts.values())
    return parts


# --- enterprises ----------------------------------------------------------------------------


def enterprises_year(rng) -> dict[int, list[dict]]:
    season = np.asarray(PRODUCTION_SEASON) / np.mean(PRODUCTION_SEASON)
    last_year = month_shares(PRODUCTION_SEASON)
    months = {month: [] for month in MONTHS}
    for enterprise in ENTERPRISES:
        usual = rng.uniform(84, 96)  # the enterprise's utilisation when running normally
        produced = 0.0
        for month in range(1, 13):
            status, issue, utilisation = _from_month(enterprise.statuses, month, (NORMAL, "", None))
            if status == NORMAL:
                utilisation = min(99.0, usual + rng.normal(0, 2))
            rate = _production_rate(status, utilisation, usual)
            produced += enterprise.annual / 12 * season[month - 1] * rate * rng.lognormal(0, 0.04)
            if month in months:
                prior = None
                if not enterprise.new:
                    prior = enterprise.annual / (1 + enterprise.growth / 100) * last_year[month - 1]
                months[month].append(
                    _enterprise_row(enterprise, produced, prior, status, utilisation, issue)
                )
    return months


def _production_rate(status: str, utilisation: float | None, usual: float) -> float:
    """Output relative to full production: by utilisation while part-producing, else on/off."""
    if status == PART:
        return utilisation / usual
    return 1.0 if status == NORMAL else 0.0


def _enterprise_row(enterprise: Enterprise, output, prior, status, utilisation, issue) -> dict:
    divisor = contract.UNIT_DIVISORS[enterprise.unit]
    decimals = 0 if enterprise.unit == "万元" else 2

    def amount(value: float | None) -> str:
        return "" if value is None else figure(value * divisor, decimals)

    written_output, written_prior = amount(output), amount(prior)
    growth = None
    if prior is not None:
        # the rate of the figures as written, so that the row is consistent in itself
        growth = (float(written_output) / float(written_prior) - 1) * 100
    return {
        "enterprise": enterprise.name,
        "district": enterprise.district,
        "industry": enterprise.industry,
        "output": written_output,
        "unit": enterprise.unit,
        "prior_output": written_prior,
        "growth_pct": figure(growth, 1),
        "status": status,
        "utilization_pct": figure(utilisation, 0),
        "issue": issue,
    }


# --- projects -------------------------------------------------------------------------------


def projects_year(rng) -> dict[int, list[dict]]:
    months = {month: [] for month in MONTHS}
    for project in PROJECTS:
        started = project.stage(SEED_MONTH) != PREPARING
        start = project.plan * rng.uniform(0.02, 0.06) if started else 0.0
        shape = [
            weight if project.stage(month) != PREPARING else 0.0
            for month, weight in zip(MONTHS, INVESTMENT_SHAPE, strict=True)
        ]
        path = cumulative_path(start, project.plan * project.done, shape, rng, noise=0.2)
        for month, completed in zip(MONTHS, path, strict=True):
            months[month].append(_project_row(project, month, completed))
    return months


def _project_row(project: Project, month: int, completed: float) -> dict:
    divisor = contract.UNIT_DIVISORS[project.unit]
    decimals = 0 if project.unit == "万元" else 2

    def amount(value: float) -> str:
        return figure(value * divisor, decimals)

    stage = project.stage(month)
    return {
        "project": project.name,
        "district": project.district,
        "park": project.park,
        "total_investment": amount(project.total),
        "annual_plan": amount(project.plan),
        "completed": amount(completed),
        "unit": project.unit,
        "stage": stage,
        "capacity_reached": _from_month(project.capacity, month, "") if stage == RUNNING else "",
        "issue": _from_month(project.issues, month, ""),
    }


# --- writing --------------------------------------------------------------------------------


def csv_text(table: str, rows: list[dict], unit: str = "亿元") -> str:
    """A table as CSV with the contract's Chinese headers in contract order; LF line ends."""
    spec = contract.TABLES[table]
    columns = [c for c in spec.columns if c.name in DEMO_COLUMNS[table]]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([column.header for column in columns])
    for row in rows:
        cells = {"unit": unit, **row}
        writer.writerow([cells.get(column.name, "") for column in columns])
    return buffer.getvalue()


# The columns the demo year fills: the contract's first six tables as the seed has them (the
# tables and columns added for other bulletins' shapes stay out of the Guiyang demo).
DEMO_TABLES = ("indicators", "parks", "districts", "enterprises", "projects", "plan")
DEMO_COLUMNS = {
    table: [c.name for c in contract.TABLES[table].columns][: 7 if table == "indicators" else None]
    for table in DEMO_TABLES
}


def meta_text(month: int) -> str:
    period = f"{YEAR}-{month:02d}"
    notes: dict[str, list[str]] = {table: [] for table in DEMO_TABLES}
    _add_note(notes["plan"], "按季节性示意分解，12月等于年度目标", (
        "a seasonal illustrative decomposition; December equals the annual target"
    ))  # fmt: skip
    events = []
    if month >= ADJUSTED_FROM_MONTH:
        adjusted = (
            f"{YEAR}年{ADJUSTED_FROM_MONTH}月起 {ADJUSTED_PARK} 年度目标由12亿元调减为"
            f"{figure(ADJUSTED_TARGET)}亿元（年中调整，有意设置的目标变更事件，供分析识别）"
        )
        adjusted_en = (
            f"from month {ADJUSTED_FROM_MONTH} of {YEAR}, the annual target of {ADJUSTED_PARK} "
            f"is cut from 1.2 to {figure(ADJUSTED_TARGET / 10)} billion yuan (a deliberate "
            "mid-year change of target, for the analysis to find)"
        )
        _add_note(notes["parks"], adjusted, adjusted_en)
        events.append(adjusted)
    if month == DISCREPANCY_MONTH:
        discrepancy = (
            f"有意设置的校验用例：{DISCREPANCY_DISTRICT} 规模以上工业总产值多填"
            f"{figure(DISCREPANCY_CENTS / 100)}亿元，各区县之和与全市数不符"
        )
        discrepancy_en = (
            f"a deliberate case for the checks: {DISCREPANCY_DISTRICT}'s industrial output is "
            f"{figure(DISCREPANCY_CENTS / 1000, 3)} billion yuan too high, so the districts do "
            "not sum to the city's figure"
        )
        _add_note(notes["districts"], discrepancy, discrepancy_en)
        events.append(discrepancy)
    lines = [
        f"# {YEAR}年1-{month}月 {REGION} — ILLUSTRATIVE demo data, not published figures.",
        "# Written by scripts/generate_demo_year.py (fixed random seed); do not edit by hand:",
        "# change the script and run it again with --force.",
        *(f"# 注：{event}" for event in events),
        f"region: {REGION}",
        f'period: "{period}"',
        f"source: {_quoted(SOURCE)}",
        f"source_en: {_quoted(SOURCE_EN)}",
        "tables:",
    ]
    for table, note in notes.items():
        lines += [f"  {table}:", "    provenance: illustrative"]
        if note:
            lines += [f"    note: {_quoted(note[0])}", f"    note_en: {_quoted(note[1])}"]
        if table == "indicators":
            lines += [
                "    overrides:",
                "      - column: annual_target",
                "        provenance: derived",
                f"        note: {_quoted(TARGETS_NOTE)}",
                f"        note_en: {_quoted(TARGETS_NOTE_EN)}",
            ]
    return "\n".join(lines) + "\n"


def _add_note(note: list[str], more: str, more_en: str) -> None:
    """A table's note (Chinese, English), or a further remark appended to each."""
    if not note:
        note += [more, more_en]
        return
    note[0] += "；" + more
    note[1] += "; " + more_en


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def month_files(seed, rng) -> dict[int, dict[str, str]]:
    """Every file of every month written: month -> file name -> text."""
    year = city_year(seed, rng)
    districts = districts_year(seed, year, rng)
    enterprises = enterprises_year(rng)
    projects = projects_year(rng)
    plan = csv_text("plan", plan_rows(seed))
    files = {}
    for month in MONTHS:
        files[month] = {
            "meta.yml": meta_text(month),
            "indicators.csv": csv_text("indicators", indicator_rows(seed, year, month)),
            "parks.csv": csv_text("parks", park_rows(seed, year, month)),
            "districts.csv": csv_text("districts", districts[month]),
            "enterprises.csv": csv_text("enterprises", enterprises[month]),
            "projects.csv": csv_text("projects", projects[month]),
            "plan.csv": plan,
        }
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=settings.RAW_DATA_DIR, help="where the YYYY-MM folders go"
    )
    parser.add_argument(
        "--force", action="store_true", help="replace month folders that already exist"
    )
    args = parser.parse_args(argv)
    folders = {month: args.out / f"{YEAR}-{month:02d}" for month in MONTHS}
    existing = [str(folder) for folder in folders.values() if folder.exists()]
    if existing and not args.force:
        print(
            "error: these folders exist; give --force to replace them:\n  " + "\n  ".join(existing),
            file=sys.stderr,
        )
        return 2
    seed = reader.read_period(settings.RAW_DATA_DIR, f"{YEAR}-{SEED_MONTH:02d}")
    files = month_files(seed, np.random.default_rng(RANDOM_SEED))
    for month, folder in folders.items():
        assert month != SEED_MONTH  # the published month is never written
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        for name, text in files[month].items():
            (folder / name).write_text(text, encoding="utf-8", newline="")
        print(f"wrote {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
