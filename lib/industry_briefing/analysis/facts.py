"""Published facts: every printed figure as one observation (SDMX's model, made small).

A fact says what (an indicator, with its scope words as printed), of whom (the region, or a
part along a named dimension), for which horizon (the period's own 1-N月 unless another is
printed), which measure (an amount, a growth, a share, a rank …), against what (上年同期, 全省,
an earlier release, a target, the schedule) with the reference's own figure and the printed
difference, and how to read it (status, provenance, note). The month's long table
(facts.csv) holds them directly; `facts_of` reads the convenient tables into the same model,
so that judgments and checks weigh every printed figure alike. Numbers and codes only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

import pandas as pd

from industry_briefing.contract.provenance import provenance_of
from industry_briefing.contract.tables import GROUP_TOTAL
from industry_briefing.core.figures import PeriodFigures

AgainstKind = Literal["earlier", "schedule", "target", "reference"]

# What a comparison is against, read from its printed words (the order matters: 年初预期目标
# is a target although 年初 names a time).
_TARGET = re.compile(r"目标|任务|计划")
_SCHEDULE = re.compile(r"进度")
_EARLIER = re.compile(
    r"上月|上年|去年|同期|年初|[0-9一二三四五六七八九十]+\s*[-—–~至到]?\s*[0-9一二三四五六七八九十]*月"
    r"|季度|上半年|前\d+个月|上期|上旬"
)
THIS_PERIOD = ""  # the horizon of a fact of the folder's own cumulative 1-N月


@dataclass(frozen=True)
class Fact:
    indicator: str  # a catalogue code
    measure: str  # contract.tables.MEASURES: value, growth, share, value_rank …
    value: Decimal | None  # as printed, digits and all (None: only a comparison is printed)
    unit: str | None
    scope: str | None = None  # 规模以上, 500万元口径 … as printed
    dimension: str | None = None  # 盟市, 行业 … (None: the region itself)
    part: str | None = None  # a part of `dimension`; None with a dimension: the group
    horizon: str = THIS_PERIOD  # 当月, 1-6月, 上半年 … as printed; '' the period's own
    base: str | None = None  # the whole of a share, the target of a completion
    against: str | None = None  # 全省, 1至7月, 区级奋斗目标, 时间进度 …
    reference_value: Decimal | None = None  # the reference's own figure, where printed
    direction: str | None = None  # above, below, level
    difference: Decimal | None = None  # its size, as printed (never negative)
    difference_unit: str | None = None  # 个百分点, 位, 亿元 …
    rank_scope: str | None = None
    tied_with: str | None = None  # 江苏、甘肃、青海
    status: str | None = None  # 预计数, 上报数 …
    provenance: str = "published"
    note: str | None = None

    @property
    def of_region(self) -> bool:
        return self.dimension is None and self.part is None

    @property
    def of_period(self) -> bool:
        return self.horizon == THIS_PERIOD

    @property
    def against_kind(self) -> AgainstKind | None:
        return against_kind(self.against)

    @property
    def compared(self) -> bool:
        return self.direction is not None or self.reference_value is not None

    @property
    def signed_difference(self) -> Decimal | None:
        if self.difference is None:
            return None
        return -self.difference if self.direction == "below" else self.difference


def against_kind(against: str | None) -> AgainstKind | None:
    """How a comparison reads: with an earlier release, the schedule, a target or another
    region (or average)."""
    if not against:
        return None
    if _TARGET.search(against):
        return "target"
    if _SCHEDULE.search(against):
        return "schedule"
    if _EARLIER.search(against):
        return "earlier"
    return "reference"


def long_facts(figures: PeriodFigures) -> tuple[Fact, ...]:
    """The month's facts.csv as facts, in the input's order."""
    return tuple(_fact(figures, row) for row in figures.facts.to_dict("records"))


def text_of(value: object) -> str | None:
    """A text cell, None where empty (NaN)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


def printed(value: object) -> Decimal | None:
    """A figure column of the long table (its text as printed) as an exact decimal."""
    text = text_of(value)
    return None if text is None else Decimal(text)


def _fact(figures: PeriodFigures, row: dict) -> Fact:
    difference = printed(row.get("difference"))
    direction = text_of(row.get("direction"))
    if direction is None and difference is not None:
        direction = "above" if difference > 0 else "below" if difference < 0 else "level"
    part = text_of(row.get("part"))
    return Fact(
        indicator=str(row["indicator"]),
        measure=str(row["measure"]),
        value=printed(row.get("value")),
        unit=text_of(row.get("unit")),
        scope=text_of(row.get("scope")),
        dimension=text_of(row.get("dimension")),
        part=None if part == GROUP_TOTAL else part,
        horizon=text_of(row.get("horizon")) or THIS_PERIOD,
        base=text_of(row.get("base")),
        against=text_of(row.get("against")),
        reference_value=printed(row.get("reference_value")),
        direction=direction,
        difference=None if difference is None else abs(difference),
        difference_unit=text_of(row.get("difference_unit")),
        rank_scope=text_of(row.get("rank_scope")),
        tied_with=text_of(row.get("tied_with")),
        status=text_of(row.get("status")),
        provenance=text_of(row.get("provenance")) or _table_provenance(figures),
        note=text_of(row.get("note")),
    )


def _table_provenance(figures: PeriodFigures) -> str:
    return provenance_of(figures, "facts", "", "value")


@dataclass(frozen=True)
class FactGroup:
    """The facts of one indicator along one dimension for one horizon: the group's own (a
    count of its parts, a floor all of them pass) and each part's, in the input's order."""

    indicator: str
    dimension: str
    horizon: str
    whole: tuple[Fact, ...]
    parts: tuple[tuple[str, tuple[Fact, ...]], ...]

    @property
    def measures(self) -> tuple[str, ...]:
        """The measures every part has one of, in order, where all parts have the same set
        with a value and no comparison (a 分别-list), else ()."""
        shapes = {tuple(f.measure for f in facts) for _, facts in self.parts}
        plain = all(f.value is not None and not f.compared for _, fs in self.parts for f in fs)
        if len(shapes) != 1 or not plain or len(self.parts) < 2:
            return ()
        (shape,) = shapes
        return shape if len(set(shape)) == len(shape) else ()


def fact_groups(facts: tuple[Fact, ...]) -> tuple[FactGroup, ...]:
    """The facts of parts grouped by indicator, dimension and horizon, in the input's order."""
    keys: list[tuple[str, str, str]] = []
    for f in facts:
        if f.dimension is not None and (key := (f.indicator, f.dimension, f.horizon)) not in keys:
            keys.append(key)
    return tuple(_group(facts, *key) for key in keys)


def _group(facts: tuple[Fact, ...], indicator: str, dimension: str, horizon: str) -> FactGroup:
    mine = [
        f for f in facts if (f.indicator, f.dimension, f.horizon) == (indicator, dimension, horizon)
    ]
    names: list[str] = []
    for f in mine:
        if f.part is not None and f.part not in names:
            names.append(f.part)
    return FactGroup(
        indicator=indicator,
        dimension=dimension,
        horizon=horizon,
        whole=tuple(f for f in mine if f.part is None),
        parts=tuple((name, tuple(f for f in mine if f.part == name)) for name in names),
    )


def region_facts(facts: tuple[Fact, ...], code: str) -> tuple[Fact, ...]:
    """The region's own facts of an indicator (no part), its period's first."""
    mine = [f for f in facts if f.indicator == code and f.of_region]
    return tuple(sorted(mine, key=lambda f: not f.of_period))


def frame_of(facts: tuple[Fact, ...]) -> pd.DataFrame:
    """Facts as a long frame (a column per attribute), for tables and checks."""
    return pd.DataFrame([f.__dict__ for f in facts])
