"""Reporting periods: cumulative figures from January to a month (1-N月).

Chinese statistics publish January and February together: 1-2月 is the first release of a
year. A `YYYY-01` period is still allowed (some series publish 1月 alone).

Targets are tracked by quarter (以月保季、以季保年): a period knows its quarter, the quarter's
end month and whether it is one of the first quarter's "开门红" releases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")
QUARTER_LABELS = ("一季度", "二季度", "三季度", "四季度")


class PeriodError(ValueError):
    """A period string that is not `YYYY-MM` with a month from 01 to 12."""


@dataclass(frozen=True, order=True)
class Period:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Period:
        match = _PERIOD.match(str(text).strip())
        if not match:
            raise PeriodError(f"period {text!r} is not of the form YYYY-MM (e.g. 2011-02)")
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise PeriodError(f"period {text!r} has month {month:02d}; months run from 01 to 12")
        return cls(year, month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        """The cumulative label used in briefings: 1月, 1-2月, ..., 1-12月."""
        return "1月" if self.month == 1 else f"1-{self.month}月"

    @property
    def months_elapsed(self) -> int:
        return self.month

    @property
    def time_progress(self) -> Fraction:
        """时间进度 as an exact fraction of the year (months/12), for rates without float drift."""
        return Fraction(self.month, 12)

    @property
    def months_remaining(self) -> int:
        """Months of the year still to come after this release (0 in December)."""
        return 12 - self.month

    @property
    def quarter(self) -> int:
        """1 for January-March, ..., 4 for October-December."""
        return (self.month - 1) // 3 + 1

    @property
    def quarter_label(self) -> str:
        """一季度, 二季度, 三季度 or 四季度."""
        return QUARTER_LABELS[self.quarter - 1]

    @property
    def quarter_end_month(self) -> int:
        """The month whose cumulative release closes the quarter: 3, 6, 9 or 12."""
        return self.quarter * 3

    @property
    def is_first_quarter_opening(self) -> bool:
        """A first-quarter release (1-2月, 1-3月, or a 1月 release where there is one).

        These are the "开门红" checks: whether the year starts well enough to hold the quarter.
        """
        return self.quarter == 1

    @property
    def previous(self) -> Period | None:
        """The period a month earlier in the same year, or None for January.

        Years never mix: cumulative figures restart in January. The previous period may have
        no release (2011-02's previous is 2011-01, which most series do not publish).
        """
        return None if self.month == 1 else Period(self.year, self.month - 1)
