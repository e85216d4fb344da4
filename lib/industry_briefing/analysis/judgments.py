"""Judgments from facts: what 五、需要关注的问题 may say, and whether the month may be said to
be on schedule. A judgment is made only from facts that support it: no target of any kind, no
schedule judgment; a printed gap wins over the product's straight-line schedule.

Numbers and codes only: each concern names its kind and carries the facts it rests on.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from industry_briefing.analysis.breakdowns import BreakdownGroup
from industry_briefing.analysis.facts import Fact, FactGroup
from industry_briefing.analysis.model import MonthModel
from industry_briefing.analysis.statements import Statement
from industry_briefing.analysis.targets import BEHIND_STATUSES

ConcernKind = Literal["printed_gap", "falling", "below_reference", "slower", "parts"]
Schedule = Literal["on_schedule", "behind", "no_targets", "not_comparable"]


@dataclass(frozen=True)
class Concern:
    kind: ConcernKind
    indicator: str  # a catalogue code
    facts: tuple[Fact, ...]  # what it rests on (for `parts`: one per part, named)
    dimension: str | None = None  # `parts`: the dimension of the parts


def printed_gaps(statement: Statement) -> tuple[Fact, ...]:
    """The statement's printed gaps to a target or the schedule, for its own period."""
    return tuple(
        f
        for f in statement.facts
        if f.of_period and f.against_kind in ("target", "schedule") and f.direction is not None
    )


def statement_facts(statement: Statement) -> tuple[Fact, ...]:
    """The figures of the indicators table read as facts (growth, comparison with a
    reference), beside the statement's own long-table facts."""
    own: list[Fact] = []
    code = statement.code
    if statement.growth_pct is not None and statement.growth_is_official:
        own.append(Fact(code, "growth", _decimal(statement.growth_pct), "%"))
    points = statement.reference_points
    if points is not None and statement.reference_name:
        direction = "above" if points > 0 else "below" if points < 0 else "level"
        own.append(
            Fact(
                code,
                "growth",
                None,
                "%",
                against=statement.reference_name,
                direction=direction,
                difference=abs(_decimal(points)),
            )
        )
    return (*own, *statement.facts)


def _decimal(number: float) -> Decimal:
    """A figure of the convenient tables (a float: its printed digits are not kept), as the
    tables show it: 25.0 is 25."""
    return Decimal(repr(float(number))).normalize()


def concerns(model: MonthModel) -> tuple[Concern, ...]:
    """Every concern the facts show, printed gaps first, then falls, comparisons below the
    reference, growth slower than at an earlier release, and parts falling or below."""
    found: list[Concern] = []
    for kind in ("printed_gap", "falling", "below_reference", "slower"):
        for statement in model.statements:
            facts = _of_kind(kind, _weighed(model, statement))
            if facts:
                found.append(Concern(kind, statement.code, facts))
    found.extend(_parts_breakdowns(model.breakdowns))
    found.extend(_parts_facts(model.fact_groups))
    return tuple(found)


# A month laid out as the seed weighs its tables' indicators (Table 1 shows their growth); the
# others' figures it states only in passing.
_SEED_WEIGHED = ("industrial_output", "industrial_investment")


def _weighed(model: MonthModel, statement: Statement) -> tuple[Fact, ...]:
    if model.seed_shaped and statement.code not in _SEED_WEIGHED:
        return statement.facts
    return statement_facts(statement)


def _of_kind(kind: str, facts: tuple[Fact, ...]) -> tuple[Fact, ...]:
    period = [f for f in facts if f.of_region and f.of_period]
    if kind == "printed_gap":
        return tuple(
            f for f in period if f.against_kind in ("target", "schedule") and f.direction == "below"
        )
    if kind == "falling":
        falls = [f for f in period if f.measure == "growth" and _falls(f)]
        return tuple(falls[:1])
    growth = [f for f in period if f.measure == "growth" and f.direction == "below"]
    if kind == "below_reference":
        return tuple(f for f in growth if f.against_kind == "reference")
    return tuple(f for f in growth if f.against_kind == "earlier")


def _falls(f: Fact) -> bool:
    return f.value is not None and f.value < 0 and f.against is None


def _parts_breakdowns(groups: tuple[BreakdownGroup, ...]) -> list[Concern]:
    found = []
    for group in groups:
        falling = tuple(
            Fact(group.indicator.code, "growth", _decimal(p.growth_pct), "%", part=p.name)
            for p in group.parts
            if p.growth_pct is not None and p.growth_pct < 0
        )
        if falling:
            found.append(Concern("parts", group.indicator.code, falling, group.dimension))
    return found


def _parts_facts(groups: tuple[FactGroup, ...]) -> list[Concern]:
    found = []
    for group in groups:
        if group.horizon:
            continue  # a part's 当月 dip is not the period's concern
        weak = tuple(f for _, facts in group.parts for f in facts if _weak_part(f))
        if weak:
            found.append(Concern("parts", group.indicator, weak, group.dimension))
    return found


def _weak_part(f: Fact) -> bool:
    if f.measure == "growth" and _falls(f):
        return True
    return f.against_kind in ("target", "schedule", "reference") and f.direction == "below"


def schedule(model: MonthModel) -> Schedule:
    """Whether the month may be said to be on schedule: only from targets it has. A printed
    gap below a target or the schedule, or a computed status behind, is `behind`; targets
    that cannot be weighed against the month (another horizon, no completion) are
    `not_comparable`; no target of any kind, `no_targets`."""
    judged: list[bool] = []  # True: on schedule
    for statement in model.statements:
        gaps = printed_gaps(statement)
        if gaps:
            judged.extend(f.direction != "below" for f in gaps)
            continue
        if statement.progress and statement.progress.target:
            judged.append(statement.progress.target.status not in BEHIND_STATUSES)
        judged.extend(t.status not in BEHIND_STATUSES for t in statement.targets if t.status)
    parks = model.parks_total
    if parks is not None and parks.target is not None:
        judged.append(parks.target.status not in BEHIND_STATUSES)
    if judged:
        return "on_schedule" if all(judged) else "behind"
    return "not_comparable" if _has_targets(model) else "no_targets"


def _has_targets(model: MonthModel) -> bool:
    completion = any(f.measure == "completion" for f in model.facts)
    targets = any(s.targets or s.progress for s in model.statements)
    return completion or targets or bool(model.other_targets)


def printed_of(statement: Statement, measure: str) -> tuple[Fact, ...]:
    """The statement's printed facts of a measure for its own period (a share, a completion)."""
    return tuple(
        f
        for f in statement.facts
        if f.of_region and f.of_period and f.measure == measure and f.value is not None
    )


def computed_beside_printed(model: MonthModel) -> list[tuple[str, str]]:
    """(indicator, what) for every figure the briefing would compute and state although a
    printed one says the same: it must never happen (printed wins; the composed templates
    leave the computed one out)."""
    found = []
    for statement in model.statements:
        if statement.share_of is not None and printed_of(statement, "share"):
            found.append((statement.code, "share"))
        computed_completion = statement.progress is not None or any(
            t.completion_pct is not None and not t.completion_given for t in statement.targets
        )
        if computed_completion and printed_of(statement, "completion"):
            found.append((statement.code, "completion"))
        computed_growth = statement.growth_pct is not None and not statement.growth_is_official
        if computed_growth and printed_of(statement, "growth"):
            found.append((statement.code, "growth"))
    return found
