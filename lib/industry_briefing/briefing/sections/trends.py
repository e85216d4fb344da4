"""The year so far, for the charts of sections 二 and 三: cumulative values against the
target path, and year-on-year growth across the releases."""

from __future__ import annotations

import pandas as pd

from industry_briefing.analysis import history, targets
from industry_briefing.analysis.model import MonthModel
from industry_briefing.analysis.progress import Progress
from industry_briefing.briefing import phrases
from industry_briefing.briefing.formatting import amounts_in_unit
from industry_briefing.briefing.labels import DEFAULT_LANG, label


def target_path(
    model: MonthModel, progress: Progress | None, lang: str = DEFAULT_LANG
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The year's cumulative values so far and the target decomposed by month, for a chart.

    Amounts are in the language's unit (亿元; billion yuan in English), as the axis says.
    Without the indicator this month: nothing to draw.
    """
    if progress is None:
        return pd.DataFrame(columns=["month", "value"]), pd.DataFrame(
            columns=["month", "cumulative_target"]
        )
    values = history.indicator_history(list(model.releases))
    actual = values.loc[values["indicator"] == progress.code, ["month", "value"]]
    actual = amounts_in_unit(actual, ["value"], lang)
    if progress.target is None or progress.shares is None:
        if not model.seed_shaped and len(actual) < 2:
            actual = actual.iloc[:0]  # one point and no target: no path to draw
        return actual, pd.DataFrame(columns=["month", "cumulative_target"])
    path = targets.decompose_target(progress.target.annual_target, progress.shares)
    return actual, amounts_in_unit(
        path[["month", "cumulative_target"]], ["cumulative_target"], lang
    )


def growth_history(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Year-on-year growth of output and investment across the year's releases (a region of
    another shape: of its headline indicators, where two releases or more give a rate)."""
    values = history.indicator_history(list(model.releases))
    if model.seed_shaped:
        codes = ["industrial_output", "industrial_investment"]
    else:
        codes = [s.code for s in model.headline() if s.indicator.entry.kind == "flow"]
    wanted = values.loc[values["indicator"].isin(codes)]
    named = wanted.assign(
        name=wanted["indicator"].map(
            lambda code: phrases.name_of(model.catalogue.indicators[code], lang)
        )
    )[["month", "name", "growth_pct"]]
    if not model.seed_shaped:
        named = pd.concat([named, _month_alone(model, codes, lang)], ignore_index=True)
        if named.dropna()["month"].nunique() < 2:
            return named.iloc[:0]  # one release: a trend needs two points
    return named


def _month_alone(model: MonthModel, codes: list[str], lang: str) -> pd.DataFrame:
    """当月 growth of the same indicators, where the releases give it (a line each)."""
    rows = []
    for release in model.releases:
        frame = release.indicators
        for code, growth in zip(frame["indicator"], frame["month_growth_pct"], strict=True):
            if code in codes and pd.notna(growth):
                name = phrases.name_of(model.catalogue.indicators[code], lang)
                rows.append(
                    {
                        "month": release.period.month,
                        "name": label("chart.month_alone", lang, name=name),
                        "growth_pct": float(growth),
                    }
                )
    return pd.DataFrame(rows, columns=["month", "name", "growth_pct"])
