"""Single-month values from consecutive cumulative releases (1-N月 minus 1-(N−1)月).

Releases are cumulative from January, so the first release of a year (1-2月, or 1月 where
there is one) is its own increment, and years never mix: 2011-02 is not differenced against
2010-12. When a release is missing, the difference covers several months (4-5月) and says so.
A cumulative figure that falls (a revision, or a slip in the input) is flagged, never dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from industry_briefing.core.periods import Period

_YEAR, _MONTH = "_year", "_month"


def monthly_from_cumulative(
    cumulative: pd.DataFrame, keys: Sequence[str] = (), value: str = "value"
) -> pd.DataFrame:
    """Each release's increment over the previous release of the same year and keys.

    Input: period (YYYY-MM), the cumulative `value` column and the `keys` columns (e.g.
    indicator, park). Output, sorted by keys and period, adds previous_period, months (what
    the increment covers: 1-2月, 3月, 4-5月), increment, falling (increment < 0) and gap (a
    release is missing before this one: the 1-2月 release before a year's first 1-N月, or a
    month between two releases). A row without a value has no increment; the next release is
    differenced against the last one with a value.
    """
    keys = list(keys)
    _require_unique(cumulative, keys)
    ordered = _with_year_and_month(cumulative).sort_values([*keys, _YEAR, _MONTH], kind="stable")
    series = [ordered[k] for k in [*keys, _YEAR]]
    known = ordered[value].notna()
    previous_month = _last_before(ordered[_MONTH].where(known), series)
    previous_value = _last_before(ordered[value].where(known), series)
    first = previous_month.isna()
    increment = ordered[value] - previous_value.where(~first, 0.0)
    return (
        ordered.assign(
            previous_period=pd.Series(
                _previous_periods(ordered[_YEAR], previous_month), index=ordered.index
            ),
            months=[
                _months_label(month, None if pd.isna(before) else int(before))
                for month, before in zip(ordered[_MONTH], previous_month, strict=True)
            ],
            increment=increment,
            falling=increment < 0,
            gap=(ordered[_MONTH] - previous_month.fillna(1)) > 1,
        )
        .drop(columns=[_YEAR, _MONTH])
        .reset_index(drop=True)
    )


def target_changes(
    targets: pd.DataFrame, keys: Sequence[str], target: str = "annual_target"
) -> pd.DataFrame:
    """Releases whose annual target differs from the previous release of the same year.

    Columns: the keys, period, previous_period, previous_target, target. Only targets given
    in both releases are compared (a target left blank is not a change of target).
    """
    keys = list(keys)
    _require_unique(targets, keys)
    given = _with_year_and_month(targets.loc[targets[target].notna()])
    ordered = given.sort_values([*keys, _YEAR, _MONTH], kind="stable")
    grouped = ordered.groupby([*keys, _YEAR], sort=False)
    compared = ordered.assign(
        previous_period=grouped["period"].shift(),
        previous_target=grouped[target].shift(),
    )
    changed = compared["previous_target"].notna() & (
        (compared[target] - compared["previous_target"]).abs() > 1e-9
    )
    columns = [*keys, "period", "previous_period", "previous_target", target]
    return compared.loc[changed, columns].rename(columns={target: "target"}).reset_index(drop=True)


def _months_label(month: int, previous_month: int | None) -> str:
    """What a difference covers: 1-N月 from January, N月 for one month, M-N月 for several."""
    start = 1 if previous_month is None else previous_month + 1
    return f"{month}月" if start == month else f"{start}-{month}月"


def _with_year_and_month(frame: pd.DataFrame) -> pd.DataFrame:
    periods = [Period.parse(p) for p in frame["period"]]
    return frame.assign(
        period=[str(p) for p in periods],
        **{_YEAR: [p.year for p in periods], _MONTH: [p.month for p in periods]},
    )


def _last_before(values: pd.Series, by: list[pd.Series]) -> pd.Series:
    """Per row, the last non-missing value among the earlier rows of its group."""
    return values.groupby(by, sort=False).transform(lambda s: s.shift().ffill())


def _previous_periods(years: pd.Series, months: pd.Series) -> list[str | None]:
    return [
        None if pd.isna(month) else str(Period(int(year), int(month)))
        for year, month in zip(years, months, strict=True)
    ]


def _require_unique(frame: pd.DataFrame, keys: list[str]) -> None:
    duplicated = frame.duplicated([*keys, "period"])
    if duplicated.any():
        shown = frame.loc[duplicated, [*keys, "period"]].drop_duplicates().to_dict("records")
        raise ValueError(f"more than one row per {[*keys, 'period']}: {shown}")
