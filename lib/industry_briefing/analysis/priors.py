"""上年同期 from last year's release of the same period, where the month's input gives none.

An indicator whose growth the month would compute (a figure, no 上年同期, no official rate,
and a catalogue rule `growth: computed`) takes as its 上年同期 the same indicator's value in
the release of the same month a year earlier (2010-08 for 2011-08), when the data root holds
it: that release's own 1-N月 figure, in the canonical unit of the family as the month's is.
The prior keeps where it came from: that release's provenance of the figure and whether the
release was read from a published text (`briefing read`: meta.yml's read_from), so that the
briefing marks a growth computed from it. Nothing else asks for one: an official rate wins,
and 增加值 (`growth: given`) is never computed from two values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from industry_briefing.contract.catalogue import Catalogue
from industry_briefing.contract.provenance import provenance_of
from industry_briefing.core.figures import PeriodFigures
from industry_briefing.core.periods import Period

# Where a prior comes from, as the briefing marks it: read from last year's published text,
# taken from last year's entered release, or (either way) derived or illustrative there.
PriorKind = Literal["text", "release", "derived", "illustrative"]


@dataclass(frozen=True)
class Prior:
    """A 上年同期 the month's input does not give, taken from last year's release."""

    value: float  # the canonical unit of the indicator's family, as the month's value
    unit: str  # the unit last year's release entered it in
    period: Period  # that release (2010-08)
    provenance: str  # that release's provenance of the figure: published, derived, illustrative
    read_from: str  # the published text that release was read from ('': entered by hand)

    @property
    def kind(self) -> PriorKind:
        """The mark's code: a figure not published there says so first (a 示意 figure read
        from a text is still 示意); else whether it was read from a text or entered."""
        if self.provenance in ("derived", "illustrative"):
            return "derived" if self.provenance == "derived" else "illustrative"
        return "text" if self.read_from else "release"


def wanted(figures: PeriodFigures, catalogue: Catalogue) -> list[str]:
    """The indicators whose growth would be computed from a 上年同期 the month lacks: a value,
    no prior, no official rate (nor 增长N倍), and growth the catalogue lets be computed."""
    rows = figures.indicators
    lacking = (
        rows["value"].notna()
        & rows["prior_value"].isna()
        & rows["growth_pct"].isna()
        & rows["growth_times"].isna()
    )
    return [
        str(code)
        for code in rows.loc[lacking, "indicator"]
        if str(code) in catalogue.indicators
        and catalogue.indicators[str(code)].entry.growth == "computed"
    ]


def last_year_priors(
    figures: PeriodFigures,
    last_year_releases: Sequence[PeriodFigures],
    catalogue: Catalogue,
) -> dict[str, Prior]:
    """Per wanted indicator (`wanted`), its prior from the release of the same month a year
    earlier, where that release gives the indicator a figure; none otherwise (a growth is
    never computed from another month's figure, nor from a guess)."""
    period = figures.period
    same = Period(period.year - 1, period.month)
    release = next((r for r in last_year_releases if r.period == same), None)
    if release is None:
        return {}
    found = {}
    for code in wanted(figures, catalogue):
        row = _row_of(release.indicators, code)
        if row is None:
            continue
        found[code] = Prior(
            value=float(row["value"]),
            unit=str(row["unit"]),
            period=same,
            provenance=provenance_of(release, "indicators", code, "value"),
            read_from=release.read_from,
        )
    return found


def _row_of(indicators: pd.DataFrame, code: str) -> pd.Series | None:
    """The release's row of the indicator with a value above 0 (a prior of 0 gives no rate;
    a row giving only its growth has no figure to take)."""
    rows = indicators.loc[(indicators["indicator"] == code) & (indicators["value"] > 0)]
    return None if rows.empty else rows.iloc[0]
