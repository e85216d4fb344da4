"""Reporting periods: cumulative figures from January to a month (1-N月).

Chinese statistics publish January and February together: 1-2月 is the first release of a
year. A `YYYY-01` period is still allowed (some series publish 1月 alone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


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
