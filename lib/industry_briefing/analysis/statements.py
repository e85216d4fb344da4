"""Every indicator of the month with every figure it has: what a 简报 states of it.

A statement holds numbers and codes only (the briefing says them): the value in its entered
unit, the growth (the official rate where given; computed only where the catalogue allows),
the 当月 figures, ranks, a comparison with a reference, its share of a larger indicator, its
targets (amounts, growth or only a published completion) with the progress expected by the
month, and what is expected for a later horizon. Each figure carries its provenance mark.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

import pandas as pd

from industry_briefing.analysis.priors import Prior
from industry_briefing.analysis.progress import Progress, progress_of, year_on_year_pct
from industry_briefing.analysis.targets import Status, progress_status
from industry_briefing.contract.catalogue import Catalogue, Indicator
from industry_briefing.contract.profile import Thresholds, profile_from
from industry_briefing.contract.provenance import kinds_of_row
from industry_briefing.contract.units import in_unit
from industry_briefing.core.figures import PeriodFigures
from industry_briefing.core.periods import Period
from industry_briefing.core.rounding import difference

if TYPE_CHECKING:
    from industry_briefing.analysis.facts import Fact

# Targets that state the year's aim (their completion is compared with 时间进度).
ANNUAL_KINDS = ("全年目标", "年度预期目标", "考核目标")
_HORIZONS = {"全年": (12, False), "上半年": (6, False), "一季度": (3, False)}
_HORIZONS |= {"前三季度": (9, False), "下半年": (12, False)}
_RANGE = re.compile(r"^1\s*[-—–~至到]\s*(\d{1,2})\s*月$")
_MONTH = re.compile(r"^(\d{1,2})\s*月份?$")


def horizon_months(horizon: str) -> tuple[int, bool] | None:
    """(the month a horizon ends at, whether it is that month alone): 全年 (12, False),
    上半年 (6, False), 1-9月 (9, False), 10月 (10, True); None for what is not a horizon."""
    text = horizon.strip()
    if text in _HORIZONS:
        return _HORIZONS[text]
    if match := _RANGE.match(text):
        return int(match[1]), False
    if match := _MONTH.match(text):
        return int(match[1]), True
    return None


@dataclass(frozen=True)
class TargetState:
    """One target of an indicator, and how far the month's value has come towards it."""

    kind: str  # 全年目标, 力争目标 … (as entered)
    horizon: str  # 全年, 上半年, 10月 … (as entered)
    end_month: int | None  # the month the horizon ends at
    single_month: bool  # a target for one month alone (10月份新进规19户)
    amount: float | None  # canonical unit of the indicator's family
    unit: str | None
    growth_pct: float | None  # a growth target (能耗下降5.3%: −5.3)
    completion_pct: float | None  # published (given) or value / amount
    completion_given: bool
    expected_pct: float | None  # 时间进度 of the horizon at the month
    gap_pp: float | None
    status: Status | None
    exceeded_by: float | None  # value − amount once the target is exceeded
    months_early: int | None  # reached this many months before the horizon's end
    marks: dict[str, str] = field(default_factory=dict)

    @property
    def shown_amount(self) -> Decimal | None:
        if self.amount is None or self.unit is None:
            return None
        return in_unit(self.amount, self.unit)


@dataclass(frozen=True)
class Outlook:
    horizon: str
    value: float
    unit: str
    growth_pct: float | None
    completion_pct: float | None
    target_kind: str | None
    marks: dict[str, str] = field(default_factory=dict)

    @property
    def shown_value(self) -> Decimal:
        return in_unit(self.value, self.unit)


@dataclass(frozen=True)
class Statement:
    indicator: Indicator
    value: float | None  # canonical unit; None where the bulletin gives only the growth
    unit: str  # the unit entered, in which it is shown
    status: str | None  # 预计数, 快报 …
    note: str | None
    growth_pct: float | None
    growth_is_official: bool
    growth_times: float | None  # 增长1.72倍 as entered
    month_value: float | None
    month_growth_pct: float | None
    value_rank: int | None
    growth_rank: int | None
    rank_scope: str | None
    reference_name: str | None
    reference_growth_pct: float | None
    reference_points: float | None  # growth − reference growth, 个百分点 (given or computed)
    share_of: tuple[Indicator, float] | None  # (the larger indicator, %)
    progress: Progress | None  # against the annual target amount (with plan or last year)
    targets: tuple[TargetState, ...]
    outlook: tuple[Outlook, ...]
    marks: dict[str, str] = field(default_factory=dict)  # column -> derived | illustrative
    # The region's own facts of the indicator from the long table (analysis/facts.py).
    facts: tuple[Fact, ...] = ()
    # The 上年同期 the growth is computed from, taken from last year's release where the
    # month's input gives none (analysis/priors.py); None: the input's own, or no growth.
    prior: Prior | None = None

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def annual_target(self) -> TargetState | None:
        """The target the year is measured against: the first annual one with a completion."""
        return next(
            (
                t
                for t in self.targets
                if t.kind in ANNUAL_KINDS and t.end_month == 12 and t.completion_pct is not None
            ),
            None,
        )


def given(value: object) -> float | None:
    """A number of the input, None where the cell is empty (NaN, pandas' NA)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)  # type: ignore[arg-type]


def text_of(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def marks_of(figures: PeriodFigures, table: str, key: object, columns: list[str]) -> dict[str, str]:
    """The columns of a row whose figure is not published: column -> derived|illustrative."""
    kinds = kinds_of_row(figures, table, key, columns)  # type: ignore[arg-type]
    return {column: kind for column, kind in kinds.items() if kind != "published"}


def statements(
    figures: PeriodFigures,
    catalogue: Catalogue,
    progress: dict[str, Progress],
    priors: dict[str, Prior] | None = None,
) -> tuple[Statement, ...]:
    """Every indicator row of the month, in the input's order.

    `progress` gives the progress already computed for an indicator's annual target amount
    (with the year's plan or last year's profile); others are computed evenly here. `priors`:
    the 上年同期 taken from last year's release for rows that give none (analysis/priors.py).
    """
    rows = figures.indicators
    values = dict(zip(rows["indicator"], rows["value"], strict=True))
    taken = priors or {}
    return tuple(
        _statement(
            figures,
            catalogue,
            row,
            values,
            progress.get(str(row["indicator"])),
            taken.get(str(row["indicator"])),
        )
        for row in rows.to_dict("records")
    )


def _statement(
    figures: PeriodFigures,
    catalogue: Catalogue,
    row: dict,
    values: dict[str, float],
    progress: Progress | None,
    last_year: Prior | None = None,
) -> Statement:
    code = str(row["indicator"])
    indicator = catalogue.indicators[code]
    value = given(row.get("value"))
    official = given(row.get("growth_pct"))
    times = given(row.get("growth_times"))
    if times is not None and official is None:
        official = times * 100  # 增长1.72倍 is +172%
    taken: Prior | None = None  # the prior from last year's release, if the growth uses it
    if indicator.entry.growth == "given":  # 增加值: never computed from two values
        growth, is_official = official, official is not None
    else:
        prior = given(row.get("prior_value")) if value is not None else None
        if prior is None and value is not None and last_year is not None:
            prior, taken = last_year.value, last_year  # the input's own prior wins
        growth, is_official = year_on_year_pct(value or 0.0, prior, official)
        if is_official or growth is None:
            taken = None  # an official rate wins: the prior is not used
    reference_growth = given(row.get("reference_growth_pct"))
    points = given(row.get("reference_points"))
    if points is None and reference_growth is not None and growth is not None:
        points = difference(growth, reference_growth)
    if progress is None and value is not None and given(row.get("annual_target")):
        progress = progress_of(code, value, figures.period, given(row.get("annual_target")))
    columns = [c for c in row if c not in ("indicator", "unit", "note")]
    return Statement(
        indicator=indicator,
        value=value,
        unit=str(row.get("unit") or indicator.entry.family),
        status=text_of(row.get("status")),
        note=text_of(row.get("note")),
        growth_pct=growth,
        growth_is_official=is_official,
        growth_times=times,
        month_value=given(row.get("month_value")),
        month_growth_pct=given(row.get("month_growth_pct")),
        value_rank=given_rank(row.get("value_rank")),
        growth_rank=given_rank(row.get("growth_rank")),
        rank_scope=text_of(row.get("rank_scope")),
        reference_name=text_of(row.get("reference_name")),
        reference_growth_pct=reference_growth,
        reference_points=points,
        share_of=_share_of(indicator, value, catalogue, values),
        progress=progress,
        targets=_targets(figures, code, value, indicator),
        outlook=_outlook(figures, code),
        marks=marks_of(figures, "indicators", code, columns),
        prior=taken,
    )


def blank_statement(indicator: Indicator, unit: str | None) -> Statement:
    """An indicator the month states only through its facts (a 当月 growth, a rank)."""
    return Statement(
        indicator=indicator,
        value=None,
        unit=unit or indicator.entry.family,
        status=None,
        note=None,
        growth_pct=None,
        growth_is_official=False,
        growth_times=None,
        month_value=None,
        month_growth_pct=None,
        value_rank=None,
        growth_rank=None,
        rank_scope=None,
        reference_name=None,
        reference_growth_pct=None,
        reference_points=None,
        share_of=None,
        progress=None,
        targets=(),
        outlook=(),
    )


def given_rank(value: object) -> int | None:
    number = given(value)
    return None if number is None else int(number)


def _share_of(
    indicator: Indicator, value: float | None, catalogue: Catalogue, values: dict[str, float]
) -> tuple[Indicator, float] | None:
    whole = indicator.entry.share_of
    if value is None or whole is None or whole not in values or not values[whole]:
        return None
    if values[whole] != values[whole]:  # NaN: the whole is given by its growth only
        return None
    return catalogue.indicators[whole], value / values[whole] * 100


def _targets(
    figures: PeriodFigures, code: str, value: float | None, indicator: Indicator
) -> tuple[TargetState, ...]:
    rows = figures.targets.loc[figures.targets["indicator"] == code]
    return tuple(
        target_state(figures, row, value if indicator.entry.kind != "ratio" else None)
        for row in rows.to_dict("records")
    )


def target_state(figures: PeriodFigures, row: dict, value: float | None) -> TargetState:
    """A target row against the month's value (None: the indicator has no value this month)."""
    period: Period = figures.period
    horizon = str(row["horizon"])
    end, single = horizon_months(horizon) or (None, False)
    amount = given(row.get("amount"))
    published = given(row.get("completion_pct"))
    completion, is_given = published, published is not None
    comparable = value is not None and end is not None and not single and end >= period.month
    if completion is None and amount and comparable:
        completion = value / amount * 100  # type: ignore[operator]
    expected = period.month / end * 100 if comparable and end else None
    gap = difference(completion, expected) if completion is not None and expected else None
    reached = amount is not None and value is not None and comparable and value >= amount
    key = (row["indicator"], row["kind"], horizon)
    return TargetState(
        kind=str(row["kind"]),
        horizon=horizon,
        end_month=end,
        single_month=single,
        amount=amount,
        unit=text_of(row.get("unit")),
        growth_pct=given(row.get("growth_pct")),
        completion_pct=completion,
        completion_given=is_given,
        expected_pct=expected,
        gap_pp=gap,
        status=progress_status(gap, _thresholds(figures)) if gap is not None else None,
        exceeded_by=value - amount if reached and amount is not None and value else None,
        months_early=(end - period.month) if reached and end and end > period.month else None,
        marks=marks_of(figures, "targets", key, ["amount", "growth_pct", "completion_pct"]),
    )


def _thresholds(figures: PeriodFigures) -> Thresholds:
    """The region's status bands (profile.yml `thresholds`), today's defaults without one."""
    return profile_from(figures.profile).thresholds


def _outlook(figures: PeriodFigures, code: str) -> tuple[Outlook, ...]:
    rows = figures.outlook.loc[figures.outlook["indicator"] == code]
    return tuple(
        Outlook(
            horizon=str(row["horizon"]),
            value=float(row["value"]),
            unit=str(row["unit"]),
            growth_pct=given(row.get("growth_pct")),
            completion_pct=given(row.get("completion_pct")),
            target_kind=text_of(row.get("target_kind")),
            marks=marks_of(
                figures,
                "outlook",
                (code, str(row["horizon"])),
                ["value", "growth_pct", "completion_pct"],
            ),
        )
        for row in rows.to_dict("records")
    )
