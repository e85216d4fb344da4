"""The data-quality findings a 简报 prints: those that matter most first, cut to the profile's
`brief.findings`, the rest counted by kind (the full list is a sheet of tables.xlsx).

Numbers and codes only: the briefing says them (其余N条：公布增速与上年同期不符N条，…).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from industry_briefing.analysis.findings import (
    WARNING,
    Amount,
    DistrictIndicator,
    Figure,
    Finding,
    Name,
    Points,
)

__all__ = ["FindingsBrief", "brief_findings", "in_doubt", "ranked"]


@dataclass(frozen=True)
class FindingsBrief:
    """`shown`: the findings printed, in order; `rest`: the others by kind, commonest first
    (kind, count); `total`: every finding, shown or not."""

    shown: tuple[Finding, ...]
    rest: tuple[tuple[str, int], ...] = ()
    total: int = 0

    @property
    def rest_count(self) -> int:
        return sum(count for _, count in self.rest)


def _amount(fields: Mapping[str, Figure], name: str) -> float:
    figure = fields.get(name)
    return abs(figure.value_yi) if isinstance(figure, Amount) else 0.0


def _rate_gap(fields: Mapping[str, Figure]) -> float:
    # The stated growth and the prior disagree about this year's figure by prior × the
    # difference in points: the money a wrong 上年同期 (or a wrong rate) puts in doubt.
    points = fields.get("difference")
    return _amount(fields, "prior") * (points.value if isinstance(points, Points) else 0.0) / 100


def _spread(first: str, second: str) -> Callable[[Mapping[str, Figure]], float]:
    return lambda fields: abs(_amount(fields, first) - _amount(fields, second))


# Per kind, the amount a finding puts in doubt: the gap the check measured where it measured
# one (a sum's shortfall, a fall, a changed target), else the figure in doubt as a whole (a
# unit slip makes the whole figure wrong). Kinds without figures (no prior, no city total)
# put none.
_IN_DOUBT: dict[str, Callable[[Mapping[str, Figure]], float]] = {
    "sum_short": lambda fields: _amount(fields, "difference"),
    "sum_over": lambda fields: _amount(fields, "difference"),
    "rate_off": _rate_gap,
    "ratio_off": _spread("value", "prior"),
    "above_whole": lambda fields: _amount(fields, "amount"),
    "completed_above_total": lambda fields: _amount(fields, "amount"),
    "plan_above_total": lambda fields: _amount(fields, "amount"),
    "fell": lambda fields: _amount(fields, "fall"),
    "target_changed": _spread("target", "previous"),
}


def in_doubt(finding: Finding) -> float:
    """The amount a finding puts in doubt, in the unit of its figures (亿元 but for an
    indicator entered in another unit); 0 for a finding without figures."""
    measure = _IN_DOUBT.get(finding.kind)
    return measure(finding.fields) if measure else 0.0


def _scope(finding: Finding) -> int:
    """0: the city's figures (its indicators, or a check as a whole), 1: a district's, 2: one
    enterprise's, project's or park's."""
    if isinstance(finding.item, Name):
        return 2
    return 1 if isinstance(finding.item, DistrictIndicator) else 0


def ranked(findings: Iterable[Finding]) -> list[Finding]:
    """The warnings, those that matter most first: the city's figures before a district's,
    a district's before one enterprise's or project's (the briefing prints the city's and the
    districts' figures; one enterprise's moves them little), and within each the largest
    amount in doubt first. The checks' order breaks ties (a stable sort)."""
    warnings = [finding for finding in findings if finding.status == WARNING]
    return sorted(warnings, key=lambda finding: (_scope(finding), -in_doubt(finding)))


def brief_findings(findings: Iterable[Finding], limit: int) -> FindingsBrief:
    """The first `limit` warnings by `ranked`, the rest counted by kind. A list one over the
    limit is printed whole, as every list of the 简报 (analysis.shortlist): a row of
    其余1条 would be no shorter than the finding itself."""
    order = ranked(findings)
    if len(order) <= limit + 1:
        return FindingsBrief(tuple(order), (), len(order))
    kinds = Counter(finding.kind for finding in order[limit:])
    return FindingsBrief(tuple(order[:limit]), tuple(kinds.most_common()), len(order))
