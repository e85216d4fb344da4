"""A long list cut to what a 简报 prints: its first rows in the list's order, and the rest
as one count with the sums of its amounts, so that a table's totals still include every row.

Numbers only: the briefing says them (其余N户，合计X亿元)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

__all__ = ["Shortlist", "largest_first_if_cut", "shortlist", "top_and_bottom"]


@dataclass(frozen=True)
class Shortlist:
    """`shown`: the rows printed before the rest; `rest`: how many are not printed;
    `rest_sums`: the sums of the amount columns over those (empty when every row is shown);
    `tail`: the rows printed after the rest (a ranking's bottom)."""

    shown: pd.DataFrame
    rest: int = 0
    rest_sums: dict[str, float] = field(default_factory=dict)
    tail: pd.DataFrame | None = None

    @property
    def whole(self) -> bool:
        return self.rest == 0


def shortlist(frame: pd.DataFrame, limit: int, amounts: Sequence[str] = ()) -> Shortlist:
    """The first `limit` rows of `frame` (already in the order that matters: most behind or
    largest first) and the rest summed over `amounts`. A list one row over the limit is
    printed whole: a row of 其余1户 would be no shorter than the row itself."""
    if len(frame) <= limit + 1:
        return Shortlist(frame.reset_index(drop=True))
    rest = frame.iloc[limit:]
    sums = {column: float(rest[column].sum()) for column in amounts}
    return Shortlist(frame.iloc[:limit].reset_index(drop=True), len(rest), sums)


def top_and_bottom(
    ranking: pd.DataFrame, top: int, bottom: int, amounts: Sequence[str] = ()
) -> Shortlist:
    """A ranking (largest first) cut to its `top` and `bottom` rows, the middle counted and
    summed between them; printed whole when the middle would be one row or none."""
    short = shortlist(ranking.iloc[: len(ranking) - bottom], top, amounts)
    if short.whole:
        return Shortlist(ranking.reset_index(drop=True))
    tail = ranking.iloc[len(ranking) - bottom :].reset_index(drop=True)
    return Shortlist(short.shown, short.rest, short.rest_sums, tail)


def largest_first_if_cut(frame: pd.DataFrame, limit: int, by: str) -> pd.DataFrame:
    """A list without an order that matters (the input's order) kept as it is when it is
    printed whole, and the largest `by` first when it is cut: the rows printed are the
    largest."""
    if len(frame) <= limit + 1:
        return frame
    return frame.sort_values(by, ascending=False, kind="stable").reset_index(drop=True)
