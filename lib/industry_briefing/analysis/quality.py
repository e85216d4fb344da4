"""数据质量检查: consistency checks behind the briefing's data-quality appendix.

Each check returns findings: what was checked (`check`), of which item, its status (a warning
per suspicious figure and, where nothing was found, one "ok" finding saying what was
compared), the kind of finding and its figures. The input is never corrected here; an
official growth rate in particular is always the one quoted (可比口径), a difference is only
reported. Findings are numbers and codes: the briefing says them (briefing/sections/
appendix.py, with the words of templates/labels/<lang>.yml, group `quality`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pandas as pd

from industry_briefing.analysis import revisions
from industry_briefing.analysis.findings import (
    OK,
    PARTS_SUM,
    PRIOR,
    RATES,
    UNITS,
    WARNING,
    Amount,
    Cell,
    DistrictIndicator,
    Figure,
    Finding,
    Group,
    Indicator,
    Item,
    Name,
    Number,
    Phrase,
    Points,
    Rate,
    Release,
)
from industry_briefing.core import settings
from industry_briefing.core.figures import PeriodFigures
from industry_briefing.core.periods import Period
from industry_briefing.core.rounding import round_half_up

if TYPE_CHECKING:
    from industry_briefing.analysis.model import MonthModel


def run_checks(
    figures: PeriodFigures,
    history: pd.DataFrame | None = None,
    priors: Mapping[str, Period] | None = None,
) -> list[Finding]:
    """Every check on a period's figures.

    `history`: earlier releases' indicators and/or parks (see `history_frame`), for the
    checks across releases; the period's own figures are added to it. `priors`: indicators
    whose 上年同期 the model takes from last year's release, and that release (priors.py).
    """
    findings = [
        *parts_sum_to_totals(figures.indicators, figures.districts),
        *stated_vs_computed_rates(figures),
        *unit_slips(figures),
        *missing_priors(figures, priors or {}),
    ]
    if history is not None:
        releases = revisions.with_current_release(revisions.history_frame(history), figures)
        findings += [
            *revisions.falling_cumulative(releases),
            *revisions.changed_targets(releases),
        ]
    return findings


def checks_of(model: MonthModel) -> list[Finding]:
    """The checks of a month's model against the year's earlier releases (computed once)."""

    def run() -> list[Finding]:
        taken = {s.code: s.prior.period for s in model.statements if s.prior is not None}
        return run_checks(model.figures, history_of(model.releases[:-1]), taken)

    findings: list[Finding] = model.computed("quality_checks", run)
    return findings


def history_of(earlier: Sequence[PeriodFigures]) -> pd.DataFrame | None:
    """The year's earlier releases as `run_checks` takes them (None: there are none)."""
    frames = [r.indicators.assign(period=str(r.period)) for r in earlier]
    frames += [r.parks.assign(period=str(r.period)) for r in earlier]
    return revisions.history_frame(*frames) if frames else None


# --- (1) parts sum to totals ------------------------------------------------------------------


def parts_sum_to_totals(indicators: pd.DataFrame, districts: pd.DataFrame) -> list[Finding]:
    """Per indicator the districts report: their sum against the city's figure."""
    city = indicators.set_index("indicator")["value"]
    findings = []
    for code, parts in _positions(districts).groupby("indicator", sort=False):
        item = Indicator(str(code))
        total = city.get(code)
        if total is None or pd.isna(total):
            findings.append(Finding(PARTS_SUM, item, WARNING, "no_city_total", {"name": item}))
            continue
        city_cell = _city_cell(indicators, code)
        assert city_cell is not None  # the city's figure is there
        cells = (
            city_cell,
            *(Cell("districts", int(position), "value") for position in parts["position"]),
        )
        findings.append(_sum_finding(item, float(parts["value"].sum()), float(total), cells))
    return findings


def _sum_finding(item: Item, parts: float, total: float, cells: tuple[Cell, ...]) -> Finding:
    """`cells`: the city's figure, then the districts'."""
    difference = parts - total
    count = len(cells) - 1
    said: dict[str, Figure] = {"count": count, "parts": Amount(parts), "total": Amount(total)}
    if abs(difference) <= settings.SUM_TOLERANCE_YI + 1e-9:
        return Finding(PARTS_SUM, item, OK, "sum_ok", said, cells)
    kind = "sum_short" if difference < 0 else "sum_over"
    said["difference"] = Amount(abs(difference))
    return Finding(PARTS_SUM, item, WARNING, kind, said, cells)


# The kinds of finding that point at a slip of entry (`entry_slips`).
ENTRY_SLIPS = (
    "sum_over",
    "ratio_off",
    "above_whole",
    "completed_above_total",
    "plan_above_total",
)


def entry_slips(figures: PeriodFigures) -> list[Finding]:
    """The warnings that point at a slip of data entry, which `briefing check` reports before
    ingest: 万元 typed as 亿元 (the unit checks), and districts adding up to more than the
    city. A shortfall is left to the appendix: a district may not have reported yet."""
    found = [*parts_sum_to_totals(figures.indicators, figures.districts), *unit_slips(figures)]
    return [f for f in found if f.status == WARNING and f.kind in ENTRY_SLIPS]


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
    output = _whole(figures.indicators, "industrial_output", "whole_output")
    fixed_assets = _whole(figures.indicators, "fixed_asset_investment", "whole_fixed_assets")
    enterprises, projects = _itemised(figures.enterprises), _itemised(figures.projects)
    indicators, districts = _itemised(figures.indicators), _itemised(figures.districts)
    return [
        *_ratio_findings(indicators, ("indicators", "value", "prior_value"), "indicators"),
        *_ratio_findings(districts, ("districts", "value", "prior_value"), "districts"),
        *_ratio_findings(
            enterprises, ("enterprises", "output", "prior_output"), "enterprise_output"
        ),
        *_above_whole(enterprises, ("enterprises", "output"), "enterprise_output", output),
        *_above_whole(projects, ("projects", "completed"), "project_completed", fixed_assets),
        *_above_whole(
            _itemised(figures.parks), ("parks", "completed"), "park_completed", fixed_assets
        ),
        *_above_total_investment(projects),
    ]


# A whole of the city's indicators: the labels' key of its phrase, its figure, its cell.
Whole = tuple[str, float | None, Cell | None]


def _whole(indicators: pd.DataFrame, code: str, phrase: str) -> Whole:
    value = indicators.set_index("indicator")["value"].get(code)
    return phrase, value, _city_cell(indicators, code)


def _city_cell(indicators: pd.DataFrame, code: object) -> Cell | None:
    """The cell of an indicator's figure in the city's table."""
    codes = indicators["indicator"].tolist()
    return Cell("indicators", codes.index(code), "value") if code in codes else None


def _ratio_findings(frame: pd.DataFrame, columns: tuple[str, str, str], what: str) -> list[Finding]:
    """A value 1000 times its prior (or a thousandth of it): 万元 and 亿元 mixed up.

    `columns`: the table, its column of values and its column of priors."""
    table, value, prior = columns
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
            (Cell(table, position, value), Cell(table, position, prior)),
        )
        for item, row_value, row_prior, position in _rows(odd, "item", value, prior, "position")
    ]
    if not findings:
        findings.append(
            Finding(UNITS, Group(what), OK, "ratio_ok", {"count": len(both), "limit": limit})
        )
    return findings


def _above_whole(
    frame: pd.DataFrame, part: tuple[str, str], what: str, whole: Whole
) -> list[Finding]:
    """A part (one enterprise, project or park) larger than the city's whole.

    `part`: the table and column of the parts' figures."""
    table, column = part
    whole_key, whole_value, whole_cell = whole
    parts = frame.loc[frame[column].notna()]
    if parts.empty or whole_value is None or pd.isna(whole_value):
        return []
    said_whole = Phrase(whole_key, {"amount": Amount(float(whole_value))})
    above = parts.loc[parts[column] > whole_value]
    compared = (whole_cell,) if whole_cell is not None else ()
    findings = [
        Finding(
            UNITS,
            item,
            WARNING,
            "above_whole",
            {"what": Group(what), "amount": Amount(float(amount)), "whole": said_whole},
            (Cell(table, position, column), *compared),
        )
        for item, amount, position in _rows(above, "item", column, "position")
    ]
    if not findings:
        said: dict[str, Figure] = {"what": Group(what), "count": len(parts), "whole": said_whole}
        findings.append(Finding(UNITS, Group(what), OK, "within_whole", said))
    return findings


def _above_total_investment(projects: pd.DataFrame) -> list[Finding]:
    """A project's completed investment or annual plan above its total investment."""
    findings = []
    with_total = projects.loc[projects["total_investment"].notna()]
    columns = ("item", "total_investment", "completed", "annual_plan", "position")
    for item, total, completed, plan, position in _rows(with_total, *columns):
        total_cell = Cell("projects", position, "total_investment")
        if float(completed) > float(total):
            said: dict[str, Figure] = {"amount": Amount(float(completed)), "total": Amount(total)}
            cells = (Cell("projects", position, "completed"), total_cell)
            findings.append(Finding(UNITS, item, WARNING, "completed_above_total", said, cells))
        if pd.notna(plan) and float(plan) > float(total):
            said = {"amount": Amount(float(plan)), "total": Amount(float(total))}
            cells = (Cell("projects", position, "annual_plan"), total_cell)
            findings.append(Finding(UNITS, item, WARNING, "plan_above_total", said, cells))
    if not findings and not with_total.empty:
        said = {"count": len(with_total)}
        findings.append(Finding(UNITS, Group("total_investment"), OK, "within_total", said))
    return findings


# --- (4) missing prior values -----------------------------------------------------------------


def missing_priors(
    figures: PeriodFigures, priors: Mapping[str, Period] | None = None
) -> list[Finding]:
    """Rows with neither a prior-year figure nor a growth rate: no year-on-year rate possible,
    unless the model takes the indicator's 上年同期 from last year's release (`priors`)."""
    taken = priors or {}
    return [
        *_prior_findings(_itemised(figures.indicators), "prior_value", "indicators", taken),
        *_prior_findings(_itemised(figures.districts), "prior_value", "districts"),
        *_prior_findings(_itemised(figures.enterprises), "prior_output", "enterprises"),
    ]


def _prior_findings(
    frame: pd.DataFrame, prior: str, what: str, taken: Mapping[str, Period] | None = None
) -> list[Finding]:
    if frame.empty:
        return []
    missing = frame[prior].isna() & frame["growth_pct"].isna()
    findings = [_no_prior(item, taken or {}) for item in frame.loc[missing, "item"]]
    if not findings:
        counted = Phrase(f"counted.{what}", {"count": len(frame)})
        findings.append(Finding(PRIOR, Group(what), OK, "priors_ok", {"counted": counted}))
    return findings


def _no_prior(item: Item, taken: Mapping[str, Period]) -> Finding:
    """Still to confirm where the growth rests on last year's release (named)."""
    release = taken.get(item.code) if isinstance(item, Indicator) else None
    if release is None:
        return Finding(PRIOR, item, WARNING, "no_prior")
    return Finding(PRIOR, item, WARNING, "prior_last_year", {"release": Release(release)})


# --- helpers ----------------------------------------------------------------------------------


def _positions(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with a `position` column: each row's place in the table (for `Cell`)."""
    return frame.assign(position=range(len(frame)))


def _itemised(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with an `item` column (what each row is about) and a `position` column."""
    frame = _positions(frame)
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
