"""数据质量检查: consistency checks behind the briefing's data-quality appendix.

Each check returns findings: what was checked (`check`), of which item, its status (a warning
per suspicious figure and, where nothing was found, one "ok" finding saying what was
compared), the kind of finding and its figures. The input is never corrected here; an
official growth rate in particular is always the one quoted (可比口径), a difference is only
reported. Findings are numbers and codes: the briefing says them (briefing/sections/
appendix.py, with the words of templates/labels/<lang>.yml, group `quality`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from industry_briefing.analysis import series
from industry_briefing.core import settings
from industry_briefing.core.figures import PeriodFigures
from industry_briefing.core.periods import Period
from industry_briefing.core.rounding import round_half_up

if TYPE_CHECKING:
    from industry_briefing.analysis.model import MonthModel

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
HISTORY_COLUMNS = ["table", "item", "period", "value", "annual_target"]


# --- what a finding is about, and the figures it gives -----------------------------------------


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
class Finding:
    check: str  # PARTS_SUM, RATES, UNITS, PRIOR, FALLING or TARGET_CHANGES
    item: Item
    status: Status
    kind: str  # what was found: the labels' `quality.detail` key (sum_ok, rate_off …)
    fields: Mapping[str, Figure] = field(default_factory=dict)


def run_checks(figures: PeriodFigures, history: pd.DataFrame | None = None) -> list[Finding]:
    """Every check on a period's figures.

    `history`: earlier releases' indicators and/or parks (see `history_frame`), for the
    checks across releases; the period's own figures are added to it.
    """
    findings = [
        *parts_sum_to_totals(figures.indicators, figures.districts),
        *stated_vs_computed_rates(figures),
        *unit_slips(figures),
        *missing_priors(figures),
    ]
    if history is not None:
        releases = with_current_release(history_frame(history), figures)
        findings += [*falling_cumulative(releases), *changed_targets(releases)]
    return findings


def checks_of(model: MonthModel) -> list[Finding]:
    """The checks of a month's model against the year's earlier releases (computed once)."""

    def run() -> list[Finding]:
        earlier = model.releases[:-1]
        frames = [r.indicators.assign(period=str(r.period)) for r in earlier]
        frames += [r.parks.assign(period=str(r.period)) for r in earlier]
        return run_checks(model.figures, history_frame(*frames) if frames else None)

    findings: list[Finding] = model.computed("quality_checks", run)
    return findings


# --- (1) parts sum to totals ------------------------------------------------------------------


def parts_sum_to_totals(indicators: pd.DataFrame, districts: pd.DataFrame) -> list[Finding]:
    """Per indicator the districts report: their sum against the city's figure."""
    city = indicators.set_index("indicator")["value"]
    findings = []
    for code, parts in districts.groupby("indicator", sort=False):
        item = Indicator(str(code))
        total = city.get(code)
        if total is None or pd.isna(total):
            findings.append(Finding(PARTS_SUM, item, WARNING, "no_city_total", {"name": item}))
            continue
        findings.append(_sum_finding(item, len(parts), float(parts["value"].sum()), float(total)))
    return findings


def _sum_finding(item: Item, count: int, parts: float, total: float) -> Finding:
    difference = parts - total
    said: dict[str, Figure] = {"count": count, "parts": Amount(parts), "total": Amount(total)}
    if abs(difference) <= settings.SUM_TOLERANCE_YI + 1e-9:
        return Finding(PARTS_SUM, item, OK, "sum_ok", said)
    if difference < 0:
        return Finding(
            PARTS_SUM, item, WARNING, "sum_short", said | {"difference": Amount(-difference)}
        )
    return Finding(PARTS_SUM, item, WARNING, "sum_over", said | {"difference": Amount(difference)})


# --- (2) stated rates against computed ones ---------------------------------------------------


def multiple_matches_growth(multiple: float, growth_pct: float) -> bool:
    """Whether a stated multiple (为去年同期的N倍) agrees with a stated growth rate.

    multiple = 1 + growth/100 (3.59倍 is growth of 259%, not 359%), within the rounding of
    the two figures as written: 3.59 is 3.585..3.595 and 259 is 258.5..259.5 (±0.005 times).
    """
    slack = _half_unit(multiple) + _half_unit(growth_pct) / 100
    return abs(multiple - (1 + growth_pct / 100)) <= slack + 1e-9


def _half_unit(value: float) -> float:
    """Half a unit in the last decimal the figure was written with (27.6 -> 0.05)."""
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return 0.5 * 10.0 ** min(int(exponent), 0)


def stated_vs_computed_rates(figures: PeriodFigures) -> list[Finding]:
    """Official growth rates against value/prior − 1 where both a rate and a prior are given."""
    return [
        *_rate_findings(_itemised(figures.indicators), "value", "prior_value"),
        *_rate_findings(_itemised(figures.districts), "value", "prior_value"),
        *_rate_findings(_itemised(figures.enterprises), "output", "prior_output"),
    ]


def _rate_findings(frame: pd.DataFrame, value: str, prior: str) -> list[Finding]:
    both = frame.loc[frame["growth_pct"].notna() & frame[prior].notna()]
    findings = []
    for item, stated, current, before in _rows(both, "item", "growth_pct", value, prior):
        computed = (float(current) / float(before) - 1) * 100
        difference = _shown(float(stated) - computed)
        said: dict[str, Figure] = {
            "stated": Rate(float(stated), given=True),
            "prior": Amount(float(before)),
            "computed": Rate(computed),
            "difference": Points(abs(difference)),
        }
        if abs(difference) <= settings.RATE_TOLERANCE_PP:
            findings.append(Finding(RATES, item, OK, "rate", said))
        else:
            said["tolerance"] = Points(settings.RATE_TOLERANCE_PP)
            findings.append(Finding(RATES, item, WARNING, "rate_off", said))
    return findings


# --- (3) 万元 entered as 亿元 ----------------------------------------------------------------


def unit_slips(figures: PeriodFigures) -> list[Finding]:
    """Amounts that look like a unit slip: far off their prior, or larger than their whole.

    The wholes a single enterprise, project or park (1-N月, like them) cannot exceed: the
    city's industrial output, and its fixed-asset investment.
    """
    totals = figures.indicators.set_index("indicator")["value"]
    output = ("whole_output", totals.get("industrial_output"))
    fixed_assets = ("whole_fixed_assets", totals.get("fixed_asset_investment"))
    enterprises, projects = _itemised(figures.enterprises), _itemised(figures.projects)
    return [
        *_ratio_findings(_itemised(figures.indicators), "value", "prior_value", "indicators"),
        *_ratio_findings(_itemised(figures.districts), "value", "prior_value", "districts"),
        *_ratio_findings(enterprises, "output", "prior_output", "enterprise_output"),
        *_above_whole(enterprises, "output", "enterprise_output", output),
        *_above_whole(projects, "completed", "project_completed", fixed_assets),
        *_above_whole(_itemised(figures.parks), "completed", "park_completed", fixed_assets),
        *_above_total_investment(projects),
    ]


def _ratio_findings(frame: pd.DataFrame, value: str, prior: str, what: str) -> list[Finding]:
    """A value 1000 times its prior (or a thousandth of it): 万元 and 亿元 mixed up."""
    both = frame.loc[frame[value].notna() & frame[prior].notna() & (frame[prior] > 0)]
    if both.empty:
        return []
    ratio = both[value] / both[prior]
    limit = Number(settings.UNIT_SLIP_RATIO)
    odd = both.loc[(ratio >= settings.UNIT_SLIP_RATIO) | (ratio <= 1 / settings.UNIT_SLIP_RATIO)]
    findings = [
        Finding(
            UNITS,
            item,
            WARNING,
            "ratio_off",
            {"value": Amount(float(row_value)), "prior": Amount(float(row_prior)), "limit": limit},
        )
        for item, row_value, row_prior in _rows(odd, "item", value, prior)
    ]
    if not findings:
        findings.append(
            Finding(UNITS, Group(what), OK, "ratio_ok", {"count": len(both), "limit": limit})
        )
    return findings


def _above_whole(
    frame: pd.DataFrame, column: str, what: str, whole: tuple[str, float | None]
) -> list[Finding]:
    """A part (one enterprise, project or park) larger than the city's whole."""
    whole_key, whole_value = whole
    parts = frame.loc[frame[column].notna()]
    if parts.empty or whole_value is None or pd.isna(whole_value):
        return []
    said_whole = Phrase(whole_key, {"amount": Amount(float(whole_value))})
    above = parts.loc[parts[column] > whole_value]
    findings = [
        Finding(
            UNITS,
            item,
            WARNING,
            "above_whole",
            {"what": Group(what), "amount": Amount(float(amount)), "whole": said_whole},
        )
        for item, amount in _rows(above, "item", column)
    ]
    if not findings:
        said: dict[str, Figure] = {"what": Group(what), "count": len(parts), "whole": said_whole}
        findings.append(Finding(UNITS, Group(what), OK, "within_whole", said))
    return findings


def _above_total_investment(projects: pd.DataFrame) -> list[Finding]:
    """A project's completed investment or annual plan above its total investment."""
    findings = []
    with_total = projects.loc[projects["total_investment"].notna()]
    columns = ("item", "total_investment", "completed", "annual_plan")
    for item, total, completed, plan in _rows(with_total, *columns):
        if float(completed) > float(total):
            said: dict[str, Figure] = {"amount": Amount(float(completed)), "total": Amount(total)}
            findings.append(Finding(UNITS, item, WARNING, "completed_above_total", said))
        if pd.notna(plan) and float(plan) > float(total):
            said = {"amount": Amount(float(plan)), "total": Amount(float(total))}
            findings.append(Finding(UNITS, item, WARNING, "plan_above_total", said))
    if not findings and not with_total.empty:
        said = {"count": len(with_total)}
        findings.append(Finding(UNITS, Group("total_investment"), OK, "within_total", said))
    return findings


# --- (4) missing prior values -----------------------------------------------------------------


def missing_priors(figures: PeriodFigures) -> list[Finding]:
    """Rows with neither a prior-year figure nor a growth rate: no year-on-year rate possible."""
    return [
        *_prior_findings(_itemised(figures.indicators), "prior_value", "indicators"),
        *_prior_findings(_itemised(figures.districts), "prior_value", "districts"),
        *_prior_findings(_itemised(figures.enterprises), "prior_output", "enterprises"),
    ]


def _prior_findings(frame: pd.DataFrame, prior: str, what: str) -> list[Finding]:
    if frame.empty:
        return []
    missing = frame[prior].isna() & frame["growth_pct"].isna()
    findings = [Finding(PRIOR, item, WARNING, "no_prior") for item in frame.loc[missing, "item"]]
    if not findings:
        counted = Phrase(f"counted.{what}", {"count": len(frame)})
        findings.append(Finding(PRIOR, Group(what), OK, "priors_ok", {"counted": counted}))
    return findings


# --- (5) across releases ----------------------------------------------------------------------


def history_frame(*frames: pd.DataFrame) -> pd.DataFrame:
    """Earlier releases in one long frame: table, item, period, value, annual_target.

    Accepts frames with period and either indicator + value (indicators, as in
    history.indicator_history) or park + completed (parks, as in history.parks_history), or
    frames already in this form.
    """
    return pd.concat([_history_rows(frame) for frame in frames], ignore_index=True)


def _history_rows(frame: pd.DataFrame) -> pd.DataFrame:
    if "item" in frame.columns:
        long = frame
    elif "indicator" in frame.columns:
        long = frame.assign(table="indicators", item=frame["indicator"])
    elif "park" in frame.columns:
        long = frame.assign(table="parks", item=frame["park"], value=frame["completed"])
    else:
        raise ValueError("history needs an indicator, park or item column beside period")
    if "annual_target" not in long.columns:
        long = long.assign(annual_target=float("nan"))
    return long[HISTORY_COLUMNS]


def with_current_release(history: pd.DataFrame, figures: PeriodFigures) -> pd.DataFrame:
    """History plus the period's own indicators and parks (they replace rows of that period)."""
    period = str(figures.period)
    current = history_frame(
        figures.indicators.assign(period=period), figures.parks.assign(period=period)
    )
    earlier = history.loc[history["period"].astype(str) != period]
    return pd.concat([earlier, current], ignore_index=True)


def falling_cumulative(releases: pd.DataFrame) -> list[Finding]:
    """Cumulative figures lower than the previous release of the same year (flagged, kept)."""
    if not _several_releases(releases):
        return []
    increments = series.monthly_from_cumulative(releases, keys=["table", "item"])
    fell = increments.loc[increments["falling"]]
    columns = ("table", "item", "period", "value", "previous_period", "increment")
    findings = [
        Finding(
            FALLING,
            _history_item(str(table), str(item)),
            WARNING,
            "fell",
            {
                "period": Release(Period.parse(str(period))),
                "value": Amount(float(value)),
                "previous_period": Release(Period.parse(str(previous_period))),
                "previous": Amount(float(value) - float(increment)),
                "fall": Amount(-float(increment)),
            },
        )
        for table, item, period, value, previous_period, increment in _rows(fell, *columns)
    ]
    if not findings:
        differenced = int(increments["previous_period"].notna().sum())
        findings.append(Finding(FALLING, Group("all"), OK, "none_fell", {"count": differenced}))
    return findings


def changed_targets(releases: pd.DataFrame) -> list[Finding]:
    """Annual targets that differ from the previous release of the same year."""
    if not _several_releases(releases):
        return []
    changes = series.target_changes(releases, keys=["table", "item"])
    columns = ("table", "item", "previous_target", "previous_period", "target", "period")
    findings = [
        Finding(
            TARGET_CHANGES,
            _history_item(str(table), str(item)),
            WARNING,
            "target_changed",
            {
                "previous": Amount(float(previous)),
                "previous_period": Release(Period.parse(str(previous_period))),
                "target": Amount(float(target)),
                "period": Release(Period.parse(str(period))),
            },
        )
        for table, item, previous, previous_period, target, period in _rows(changes, *columns)
    ]
    if not findings:
        findings.append(Finding(TARGET_CHANGES, Group("all"), OK, "targets_unchanged"))
    return findings


def _several_releases(releases: pd.DataFrame) -> bool:
    """Whether some year has two releases or more: only then is there anything to compare."""
    years = releases["period"].astype(str).drop_duplicates().str[:4]
    return bool(years.duplicated().any())


# --- helpers ----------------------------------------------------------------------------------


def _itemised(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with an `item` column: what each row is about."""
    items: list[Item]
    if "district" in frame.columns and "indicator" in frame.columns:
        pairs = zip(frame["district"].astype(str), frame["indicator"], strict=True)
        items = [DistrictIndicator(d, str(code)) for d, code in pairs]
    elif "indicator" in frame.columns:
        items = [Indicator(str(code)) for code in frame["indicator"]]
    else:
        key = next((k for k in ("enterprise", "project", "park") if k in frame.columns), None)
        if key is None:
            raise ValueError(f"no key column to name rows by among {list(frame.columns)}")
        items = [Name(str(name)) for name in frame[key]]
    return frame.assign(item=pd.Series(items, index=frame.index, dtype="object"))


def _rows(frame: pd.DataFrame, *columns: str) -> Iterator[tuple[Any, ...]]:
    """The values of `columns`, row by row (each a Python value: item, float or str)."""
    return zip(*(frame[column].tolist() for column in columns), strict=True)


def _history_item(table: str, item: str) -> Item:
    return Indicator(str(item)) if table == "indicators" else Name(str(item))


def _shown(value: float) -> float:
    """A difference as it is printed, so "相差1个百分点" is never reported as above 1."""
    return float(round_half_up(value))


def summary(findings: Iterable[Finding]) -> list[tuple[str, int, int]]:
    """Per check, in the order checked: (check, items looked at, warnings)."""
    counts: dict[str, list[int]] = {}
    for finding in findings:
        checked = counts.setdefault(finding.check, [0, 0])
        checked[0] += 1
        checked[1] += finding.status == WARNING
    return [(check, checked, warned) for check, (checked, warned) in counts.items()]
