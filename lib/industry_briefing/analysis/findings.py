"""What the data-quality checks find, as data: the item a finding is about, its status, its
kind and its figures (amounts, rates, points, releases), which the briefing says in words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from industry_briefing.core.periods import Period

# The checks, by code (their names are in the labels, `quality.check`).
PARTS_SUM, RATES, UNITS, PRIOR, FALLING, TARGET_CHANGES = (
    "parts_sum",
    "rates",
    "units",
    "prior",
    "falling",
    "target_changes",
)

Status = Literal["ok", "warning"]
OK: Literal["ok"] = "ok"
WARNING: Literal["warning"] = "warning"


@dataclass(frozen=True)
class Indicator:
    """An indicator of the contract, by code (named in the language)."""

    code: str


@dataclass(frozen=True)
class Name:
    """An item named in the input (a district, enterprise, project or park), as written."""

    text: str


@dataclass(frozen=True)
class DistrictIndicator:
    """One indicator of one district (白云区/工业投资)."""

    district: str
    code: str


@dataclass(frozen=True)
class Group:
    """What a check looked at as a whole (指标, 企业产值, 全部 …), by the labels' key."""

    key: str


Item = Indicator | Name | DistrictIndicator | Group


@dataclass(frozen=True)
class Amount:
    value_yi: float


@dataclass(frozen=True)
class Rate:
    pct: float
    given: bool = False  # a rate from the input, shown as given


@dataclass(frozen=True)
class Points:
    """A difference of rates in 个百分点, as it is printed (rounded half-up)."""

    value: float


@dataclass(frozen=True)
class Number:
    value: float


@dataclass(frozen=True)
class Release:
    """A cumulative release (2011年1-3月)."""

    period: Period


@dataclass(frozen=True)
class Phrase:
    """A phrase of the labels' `quality` group with figures of its own (全市固定资产投资N亿元)."""

    key: str
    fields: Mapping[str, Figure] = field(default_factory=dict)


Figure = Amount | Rate | Points | Number | Release | Phrase | Group | Indicator | int


@dataclass(frozen=True)
class Cell:
    """A figure of the period's tables: table, row (its position in the frame), column."""

    table: str
    position: int
    column: str


@dataclass(frozen=True)
class Finding:
    check: str  # PARTS_SUM, RATES, UNITS, PRIOR, FALLING or TARGET_CHANGES
    item: Item
    status: Status
    kind: str  # what was found: the labels' `quality.detail` key (sum_ok, rate_off …)
    fields: Mapping[str, Figure] = field(default_factory=dict)
    # The figures compared, where the input has them: the one in doubt first, then what it
    # was compared with (so that `briefing check` can name the file, row and column).
    cells: tuple[Cell, ...] = ()
