"""The month as the briefing sees it: every figure its sections quote, computed once.

Sections, tables, charts and sentences all read from one `MonthModel`, so a figure in the
text is the figure in its table. The model holds numbers and codes only; the briefing layer
says them in a language.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from industry_briefing.analysis import history, priors, targets
from industry_briefing.analysis.breakdowns import BreakdownGroup, breakdowns
from industry_briefing.analysis.facts import (
    Fact,
    FactGroup,
    fact_groups,
    long_facts,
    region_facts,
)
from industry_briefing.analysis.parks import park_progress
from industry_briefing.analysis.progress import (
    PARKS_TOTAL,
    Progress,
    indicator_progress,
    parks_total_progress,
    share_pct,
)
from industry_briefing.analysis.statements import (
    Statement,
    TargetState,
    blank_statement,
    statements,
    target_state,
)
from industry_briefing.contract.catalogue import Catalogue, catalogue_of
from industry_briefing.contract.profile import RegionProfile, profile_from
from industry_briefing.core.figures import PeriodFigures
from industry_briefing.core.periods import Period


@dataclass(frozen=True)
class MonthModel:
    figures: PeriodFigures  # the month's own figures
    releases: tuple[PeriodFigures, ...]  # the year's releases up to and including the month
    # The seed's three indicators and the parks together; None where the month has not got
    # them (a region of another shape).
    output: Progress | None
    investment: Progress | None
    fixed_assets: Progress | None
    parks_total: Progress | None
    parks: pd.DataFrame  # per park: completion, expected progress, gaps, status, rank
    profile: RegionProfile  # the data root's profile.yml, or today's defaults
    catalogue: Catalogue  # the indicator catalogue with the region's own indicators
    statements: tuple[Statement, ...]  # every indicator of the month, with every figure
    breakdowns: tuple[BreakdownGroup, ...]
    # Targets of indicators the month gives no figure of (10月份新进规企业确保19户).
    other_targets: tuple[tuple[str, TargetState], ...]
    facts: tuple[Fact, ...] = ()  # the long table's (facts.csv)
    fact_groups: tuple[FactGroup, ...] = ()  # its facts of parts, by indicator and dimension
    _computed: dict[Hashable, Any] = field(default_factory=dict, init=False, repr=False)

    def computed(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """`compute()` once per model: a notebook's tables and sentences ask for the same
        derived frames (major projects, quality checks) several times. Callers must treat
        the result as read-only."""
        if key not in self._computed:
            self._computed[key] = compute()
        return self._computed[key]

    @property
    def period(self) -> Period:
        return self.figures.period

    @property
    def label(self) -> str:
        return self.period.label

    @property
    def investment_share_pct(self) -> float | None:
        """Industrial investment as % of fixed-asset investment (占全市固定资产投资的比重)."""
        if self.investment is None or self.fixed_assets is None or not self.fixed_assets.value:
            return None
        return share_pct(self.investment.value, self.fixed_assets.value)

    @property
    def headline_indicators(self) -> tuple[Progress, ...]:
        """The seed's headline: 总产值, 工业投资 and the parks, those the month has."""
        given = (self.output, self.investment, self.parks_total)
        return tuple(p for p in given if p is not None)

    @property
    def seed_shaped(self) -> bool:
        """A month laid out as the seed (today's defaults, or a profile's `layout: seed`) that
        has the seed's figures: its sections are the seed's, and what else it gives follows
        them. Without 总产值, 工业投资 or parks, a month is composed from what it has."""
        present = None not in (self.output, self.investment, self.parks_total)
        return self.profile.layout == "seed" and present

    def statement(self, code: str) -> Statement | None:
        return next((s for s in self.statements if s.code == code), None)

    def headline(self) -> tuple[Statement, ...]:
        """The statements 一、总体情况 leads with: the profile's order, else the catalogue's
        headline places, among the indicators the month has."""
        if self.profile.headline:
            codes = [self._code(name) for name in self.profile.headline]
        else:
            ranked = [s for s in self.statements if s.indicator.entry.headline is not None]
            codes = [s.code for s in sorted(ranked, key=lambda s: s.indicator.entry.headline or 0)]
        found = (self.statement(code) for code in codes)
        return tuple(s for s in found if s is not None)

    def _code(self, name: str) -> str:
        found = self.catalogue.find(name)
        return found.code if found else name


def build_model(
    figures: PeriodFigures,
    releases: Sequence[PeriodFigures] = (),
    last_year_releases: Sequence[PeriodFigures] = (),
) -> MonthModel:
    """The model of `figures`' month; earlier releases of the year and of last year refine it.

    `releases` may include the month itself (it is replaced by `figures`).
    """
    period = figures.period
    earlier = tuple(r for r in releases if r.period < period)
    last_year = history.indicator_history(list(last_year_releases))
    profile = profile_from(figures.profile)
    thresholds = profile.thresholds  # the region's status bands
    parks_total = (
        None
        if figures.parks.empty
        else parks_total_progress(
            figures.parks, period, _plan_of(figures.plan, PARKS_TOTAL), thresholds
        )
    )
    present = set(figures.indicators["indicator"])
    # The seed's progress needs the figure: a row giving only its growth has none.
    valued = set(figures.indicators.dropna(subset=["value"])["indicator"])
    catalogue = catalogue_of(figures.regional_indicators)
    # 上年同期 the month lacks, from last year's release of the same month (priors.py).
    taken = priors.last_year_priors(figures, last_year_releases, catalogue)

    def measured(code: str) -> Progress | None:
        if code not in valued:
            return None
        return indicator_progress(
            figures.indicators,
            code,
            period,
            plan_cumulative=_plan_of(figures.plan, code),
            last_year_cumulative=_last_year_of(last_year, code, period),
            thresholds=thresholds,
            prior=taken.get(code),
        )

    facts = long_facts(figures)

    def indicator(code: str) -> Progress | None:
        found = measured(code)
        multiple = next(
            (
                f.value
                for f in facts
                if f.indicator == code
                and f.measure == "ratio_times"
                and f.of_region
                and f.of_period
            ),
            None,
        )
        return (
            found
            if found is None or multiple is None
            else replace(found, printed_multiple=multiple)
        )

    progress = {code: p for code in present if (p := indicator(code)) and p.target}
    if profile.parks_in_investment:  # the parks' investment is part of 工业投资: its share
        parks = catalogue.indicators["park_infrastructure_investment"]
        part = parks.entry.model_copy(update={"share_of": "industrial_investment"})
        catalogue = catalogue.with_region({parks.code: part})
    shares = parks_total.shares if parks_total is not None else None
    return MonthModel(
        figures=figures,
        releases=(*earlier, figures),
        output=indicator("industrial_output"),
        investment=indicator("industrial_investment"),
        fixed_assets=indicator("fixed_asset_investment"),
        parks_total=parks_total,
        parks=park_progress(figures.parks, period, shares, thresholds),
        profile=profile,
        catalogue=catalogue,
        statements=_with_facts(statements(figures, catalogue, progress, taken), facts, catalogue),
        breakdowns=breakdowns(figures, catalogue),
        other_targets=tuple(
            (str(row["indicator"]), target_state(figures, row, None))
            for row in figures.targets.to_dict("records")
            if row["indicator"] not in present
        ),
        facts=facts,
        fact_groups=fact_groups(facts),
    )


def _with_facts(
    given: tuple[Statement, ...], facts: tuple[Fact, ...], catalogue: Catalogue
) -> tuple[Statement, ...]:
    """Each statement with the region's own facts of its indicator; an indicator stated only
    by facts gets a statement of its own (after the indicators table's, in the facts' order)."""
    stated = [_printed_wins(replace(s, facts=region_facts(facts, s.code))) for s in given]
    known = {s.code for s in given}
    for fact in facts:
        if fact.of_region and fact.indicator not in known:
            known.add(fact.indicator)
            blank = blank_statement(catalogue.indicators[fact.indicator], fact.unit)
            stated.append(replace(blank, facts=region_facts(facts, fact.indicator)))
    return tuple(stated)


def reads_last_year(figures: PeriodFigures) -> bool:
    """Whether the month's model reads last year's releases (their indicators): for an
    indicator with a figure and an annual target but no plan, decomposed by last year's
    profile, or for one whose growth would be computed from a 上年同期 the month does not
    give, taken from last year's release of the same month (`build_model`, priors.py)."""
    rows = figures.indicators.dropna(subset=["value"])
    targeted = rows.loc[pd.to_numeric(rows["annual_target"], errors="coerce") > 0, "indicator"]
    if not set(targeted) <= set(figures.plan["indicator"]):
        return True
    return bool(priors.wanted(figures, catalogue_of(figures.regional_indicators)))


def _plan_of(plan: pd.DataFrame, code: str) -> pd.Series | None:
    rows = plan.loc[plan["indicator"] == code]
    return None if rows.empty else rows.set_index("month")["planned"]


def _last_year_of(last_year: pd.DataFrame, code: str, period: Period) -> pd.Series | None:
    """Last year's cumulative profile, where it is a benchmark for the month: complete, and
    published for the month itself. A January without last year's January would be compared
    with half of 1-2月, a figure nobody published: it is compared with 时间进度 instead."""
    rows = last_year.loc[last_year["indicator"] == code]
    if rows.empty:
        return None
    profile = rows.set_index("month")["value"]
    if period.month not in profile.index:
        return None
    return profile if targets.is_complete_profile(profile) else None


def _printed_wins(statement: Statement) -> Statement:
    """A figure the analysis would compute is left out where a fact prints the same thing: a
    share, a completion (with its straight-line gap), a growth."""
    printed = {f.measure for f in statement.facts if f.of_period and f.value is not None}
    changes: dict[str, Any] = {}
    if "share" in printed and statement.share_of is not None:
        changes["share_of"] = None
    if "completion" in printed:
        changes["progress"] = None
        changes["targets"] = tuple(_without_computed_completion(t) for t in statement.targets)
    if "growth" in printed and not statement.growth_is_official:
        changes["growth_pct"] = None
        changes["prior"] = None  # no growth computed: no prior used
    return replace(statement, **changes) if changes else statement


def _without_computed_completion(target: TargetState) -> TargetState:
    if target.completion_given:
        return target
    return replace(target, completion_pct=None, expected_pct=None, gap_pp=None, status=None)
