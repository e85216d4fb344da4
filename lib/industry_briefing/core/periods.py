"""Reporting periods: cumulative figures from January to a month (1-N月).

Chinese statistics publish January and February together: 1-2月 is the first release of a
year. A `YYYY-01` period is still allowed (some series publish 1月 alone).

Targets are tracked by quarter (以月保季、以季保年): a period knows its quarter, the quarter's
end month and whether it is one of the first quarter's "开门红" releases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from industry_briefing.core.errors import Refusal, Words, shortened, words
from industry_briefing.core.settings import TABLE_NAMES

# ASCII digits only: `\d` would take a full-width ２０１１-０２ for 2011-02, a second folder of
# the same period (the batch read one and fingerprinted the other).
# Matched whole (fullmatch): `$` would also take "2011-02\n".
_PERIOD = re.compile(r"([0-9]{4})-([0-9]{2})")


class PeriodError(Refusal, ValueError):
    """A period string that is not `YYYY-MM` with a month from 01 to 12: what was typed and
    the form expected, in words (`problem.period`)."""


@dataclass(frozen=True, order=True)
class Period:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Period:
        match = _PERIOD.fullmatch(str(text).strip())
        if not match:
            raise PeriodError(words("period.not_form", text=shortened(str(text), 40)))
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise PeriodError(
                words("period.not_a_month", text=shortened(str(text), 40), month=match[2])
            )
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


def period_folders(root: Path) -> dict[Period, Path]:
    """The period folders directly under `root` (a data root or a reports folder), oldest first.

    A period folder is named `YYYY-MM` in ASCII digits with a month from 01 to 12, and is
    inside `root`: `2011-13`, `２０１１-０２`, a link to a folder elsewhere, files and other
    folders are not periods. The one rule for which folders hold periods.
    """
    if not root.is_dir():
        return {}
    found = []
    for path in root.iterdir():
        if path.is_dir() and _PERIOD.fullmatch(path.name) and not leaves(root, path):
            try:
                found.append((Period.parse(path.name), path))
            except PeriodError:
                continue  # e.g. 2011-13: not a period, so not offered
    return dict(sorted(found))


# A folder name that is almost a period: spaces around it, another separator, a one-digit
# month, 年/月 (2011年2月), or a month out of range.
_NEAR_PERIOD = re.compile(r"^\s*(\d{4})\s*([-_./年 ]?)\s*(\d{1,2})\s*(月?)\s*$")


def near_periods(root: Path) -> dict[str, Words]:
    """Folders under `root` named almost like a period, each with what is wrong with its name
    (in words: '2011-2': 'the month needs two digits: rename it 2011-02'), and period folders
    that are links leading outside `root`; none of them is a period."""
    if not root.is_dir():
        return {}
    found = {}
    for path in sorted(root.iterdir()):
        match = _NEAR_PERIOD.fullmatch(path.name)
        month_ok = match is not None and 1 <= int(match[3]) <= 12
        if not path.is_dir() or not match:
            continue
        if not (_PERIOD.fullmatch(path.name) and month_ok):
            found[path.name] = _what_is_wrong(path.name, match)
        elif leaves(root, path):
            found[path.name] = outside(root)
    return found


def leaves(root: Path, path: Path) -> bool:
    """Whether `path` (a link, or a folder under a link) resolves outside `root`."""
    return not path.resolve().is_relative_to(root.resolve())


def outside(root: Path) -> Words:
    return words("period.near.outside", root=str(root))


def _what_is_wrong(name: str, match: re.Match[str]) -> Words:
    year, separator, month, suffix = match.groups()
    if not 1 <= int(month) <= 12:
        return words("period.near.not_a_month", month=int(month))
    if name != name.strip():
        reason = words("period.near.spaces")
    elif separator != "-" or suffix:
        reason = words("period.near.written", name=name)
    elif not name.isascii():
        reason = words("period.near.full_width")
    else:
        reason = words("period.near.one_digit")
    return words("period.near.rename", reason=reason, name=f"{int(year):04d}-{int(month):02d}")


def available_periods(root: Path) -> list[Period]:
    """The periods with a folder under `root`, oldest first (see `period_folders`)."""
    return list(period_folders(root))


# What a briefing reads of a release it reads (`tables_read`): all of it, or some tables.
WHOLE: frozenset[str] = frozenset(TABLE_NAMES)
# Of last year's releases, a month reads the indicators alone: their cumulative profile is the
# basis that decomposes an annual target where no plan is given (analysis/model.py), and the
# decomposition shows the whole year's path, so every release of last year counts; the
# release of its own month gives the 上年同期 the month does not (analysis/priors.py).
LAST_YEAR: frozenset[str] = frozenset({"indicators"})


def tables_read(
    period: Period, release: Period, last_year: frozenset[str] = LAST_YEAR
) -> frozenset[str]:
    """The tables of `release` that the briefing of `period` reads (none: it is not read).

    The one rule of what a month depends on: the model loader gives the analysis these and
    nothing else, the batch's fingerprints hash their files, and its loading loads them.
    The year's releases up to and including its own are read whole (trends, single-month
    values, the checks across releases); of last year's, `last_year`: the indicators, or
    nothing for a month whose every target has a plan and every growth it computes has its
    上年同期 (analysis.model.reads_last_year).
    """
    if release.year == period.year and release.month <= period.month:
        return WHOLE
    return last_year if release.year == period.year - 1 else frozenset()


def reads(period: Period, release: Period, last_year: frozenset[str] = LAST_YEAR) -> bool:
    """Whether the briefing of `period` reads anything of `release` (see `tables_read`)."""
    return bool(tables_read(period, release, last_year))


def releases_read(period: Period, available: Iterable[Period]) -> list[Period]:
    """The releases among `available` that the briefing of `period` reads, oldest first."""
    return sorted(release for release in set(available) if reads(period, release))
