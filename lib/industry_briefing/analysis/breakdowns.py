"""Breakdowns: the parts of an indicator along a named dimension (行业, 板块, 经济类型, 区县 …),
and the group as a whole where its 合计 is given. Numbers and codes only, as published."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from industry_briefing.analysis.statements import given, given_rank, marks_of, text_of
from industry_briefing.contract.catalogue import Catalogue, Indicator
from industry_briefing.contract.tables import GROUP_TOTAL
from industry_briefing.contract.units import in_unit
from industry_briefing.core.figures import PeriodFigures


@dataclass(frozen=True)
class Part:
    name: str
    value: float | None
    unit: str | None
    growth_pct: float | None
    growth_times: float | None
    share_pct: float | None  # as published
    share_base: str | None
    contribution_pct: float | None
    pull_points: float | None
    rank: int | None
    count: float | None
    count_unit: str | None
    completion_pct: float | None
    status: str | None
    marks: dict[str, str] = field(default_factory=dict)

    @property
    def shown_value(self) -> Decimal | None:
        if self.value is None or self.unit is None:
            return None
        return in_unit(self.value, self.unit)


@dataclass(frozen=True)
class BreakdownGroup:
    """The parts of an indicator along one dimension; `whole` is its 合计 row, if given."""

    indicator: Indicator
    dimension: str
    whole: Part | None
    parts: tuple[Part, ...]
    exhaustive: bool

    @property
    def section(self) -> str:
        return self.indicator.entry.section


_PART_FIGURES = [
    "value",
    "growth_pct",
    "growth_times",
    "share_pct",
    "contribution_pct",
    "pull_points",
    "rank",
    "count",
    "completion_pct",
]


def breakdowns(figures: PeriodFigures, catalogue: Catalogue) -> tuple[BreakdownGroup, ...]:
    """The breakdowns table as groups, in the order their first rows come."""
    frame = figures.breakdowns
    groups = []
    for (code, dimension), rows in frame.groupby(["indicator", "dimension"], sort=False):
        parts = [_part(figures, str(code), str(dimension), r) for r in rows.to_dict("records")]
        whole = next((p for p in parts if p.name == GROUP_TOTAL), None)
        items = tuple(p for p in parts if p.name != GROUP_TOTAL)
        if any(p.rank is not None for p in items):
            items = tuple(sorted(items, key=lambda p: p.rank or math.inf))
        groups.append(
            BreakdownGroup(
                indicator=catalogue.indicators[str(code)],
                dimension=str(dimension),
                whole=whole,
                parts=items,
                exhaustive=bool((rows["exhaustive"] == "是").any()),
            )
        )
    return tuple(groups)


def _part(figures: PeriodFigures, code: str, dimension: str, row: dict) -> Part:
    times = given(row.get("growth_times"))
    return Part(
        name=str(row["part"]),
        value=given(row.get("value")),
        unit=text_of(row.get("unit")),
        growth_pct=given(row.get("growth_pct")),
        growth_times=times,
        share_pct=given(row.get("share_pct")),
        share_base=text_of(row.get("share_base")),
        contribution_pct=given(row.get("contribution_pct")),
        pull_points=given(row.get("pull_points")),
        rank=given_rank(row.get("rank")),
        count=given(row.get("count")),
        count_unit=text_of(row.get("count_unit")),
        completion_pct=given(row.get("completion_pct")),
        status=text_of(row.get("status")),
        marks=marks_of(figures, "breakdowns", (code, dimension, str(row["part"])), _PART_FIGURES),
    )
