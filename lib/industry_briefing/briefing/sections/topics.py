"""Fuller tables for the topic notebooks (operation, investment, parks): a month explored
beyond what the briefing shows."""

from __future__ import annotations

import pandas as pd

from industry_briefing.analysis import history, operation, series, targets
from industry_briefing.analysis.model import MonthModel
from industry_briefing.analysis.progress import Progress
from industry_briefing.briefing import phrases
from industry_briefing.briefing.cells import (
    amount_cell,
    formatted,
    growth_cell,
    headers,
    term_cell,
    text_or_blank,
)
from industry_briefing.briefing.labels import (
    DEFAULT_LANG,
    label,
    month_span,
    period_label,
)
from industry_briefing.core.periods import Period


def monthly_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Single-month values of the headline indicators from the year's cumulative releases."""
    values = history.indicator_history(list(model.releases))
    # Single months of cumulative amounts only (flows in money): not of levels, ratios or
    # counts, and not of 全社会固定资产投资 (a denominator here, not a subject).
    flows = {
        code
        for code, indicator in model.catalogue.indicators.items()
        if indicator.entry.kind == "flow" and indicator.entry.family == "money"
    }
    values = values.loc[values["indicator"].isin(flows - {"fixed_asset_investment"})]
    monthly = series.monthly_from_cumulative(values, keys=["indicator"])
    column = headers(lang)
    amount = amount_cell(lang)
    return pd.DataFrame(
        {
            column("indicator"): monthly["indicator"].map(
                lambda code: phrases.name_of(model.catalogue.indicators[code], lang)
            ),
            column("release"): [_release_label(p, lang) for p in monthly["period"]],
            column("cumulative_short"): monthly["value"].map(amount),
            column("increment"): monthly["increment"].map(amount),
            column("increment_months"): _months_covered(monthly, lang),
            column("note"): [
                _series_flag(f, g, lang)
                for f, g in zip(monthly["falling"], monthly["gap"], strict=True)
            ],
        }
    )


def park_monthly_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Each park's single-month investment across the year's releases: a row per park (its
    name a column, as show_table prints no index), a column per span of months (3月, 4-5月)."""
    parks = history.parks_history(list(model.releases))
    monthly = series.monthly_from_cumulative(parks, keys=["park"], value="completed")
    monthly = monthly.assign(months=_months_covered(monthly, lang))
    increments = monthly.pivot_table(index="park", columns="months", values="increment", sort=False)
    shown = increments.map(amount_cell(lang)).rename_axis(columns=None)
    return shown.reset_index(names=headers(lang)("park"))


def decomposition_table(
    model: MonthModel, progress: Progress | None, lang: str = DEFAULT_LANG
) -> pd.DataFrame:
    """目标任务层层分解: the annual target by month and quarter on the basis used."""
    if progress is None or progress.target is None or progress.shares is None:
        return pd.DataFrame()
    column = headers(lang)
    amount = amount_cell(lang)
    return formatted(
        targets.decompose_target(progress.target.annual_target, progress.shares),
        {
            column("month"): ("month", None),
            column("quarter"): ("quarter", None),
            column("monthly_target"): ("monthly_target", amount),
            column("cumulative_target"): ("cumulative_target", amount),
            column("quarter_own_target"): ("quarter_target", amount),
        },
    )


def key_enterprises_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """The key enterprises (annualised output at least the profile's `key_enterprise_yi`:
    年产值5000万元以上 by default), largest first."""
    table = operation.key_enterprises_of(model)
    growth = zip(table["growth_pct"], table["growth_pct"].notna(), strict=True)
    column = headers(lang)
    amount = amount_cell(lang)
    return pd.DataFrame(
        {
            column("enterprise"): table["enterprise"],
            column("district"): table["district"].map(text_or_blank),
            column("industry"): table["industry"].map(text_or_blank),
            column("output"): table["output"].map(amount),
            column("annualised_output"): table["annualised_output"].map(amount),
            column("growth"): [growth_cell(g, official, lang) for g, official in growth],
            column("production_status"): table["status"].map(term_cell("production_status", lang)),
        }
    )


def issue_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """The reasons enterprises give for stopping or part-producing, most frequent first."""
    counts = operation.issue_counts(operation.troubled_enterprises(model.figures.enterprises))
    column = headers(lang)
    return pd.DataFrame({column("issue"): counts.index, column("enterprises"): counts.to_numpy()})


def _series_flag(falling: bool, gap: bool, lang: str) -> str:
    notes = [label("row.falling", lang)] if falling else []
    notes = [*notes, label("row.gap", lang)] if gap else notes
    return label("row.separator", lang).join(notes)


def _release_label(period: str, lang: str) -> str:
    """1-3月 / January–March: the cumulative release of a period (YYYY-MM)."""
    return period_label(Period.parse(period), lang)


def _months_covered(monthly: pd.DataFrame, lang: str) -> list[str]:
    """What each single-month value covers (3月, 4-5月; March, April–May), in the language."""
    return [
        month_span(1 if pd.isna(previous) else Period.parse(previous).month + 1, current, lang)
        for previous, current in zip(
            monthly["previous_period"],
            monthly["period"].map(lambda p: Period.parse(p).month),
            strict=True,
        )
    ]
