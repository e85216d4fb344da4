"""The districts (区、市、县) ranked by an indicator: the table of sections 二 and 三."""

from __future__ import annotations

import pandas as pd

from industry_briefing.analysis import operation
from industry_briefing.analysis.model import MonthModel
from industry_briefing.briefing.cells import amount_cell, growth_cell, headers, number_or_dash
from industry_briefing.briefing.formatting import amounts_in_unit
from industry_briefing.briefing.labels import DEFAULT_LANG


def table(model: MonthModel, indicator: str, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """The district ranking of one indicator as the briefing's table."""
    ranking = operation.districts_of(model, indicator)
    growth = zip(ranking["yoy_pct"], ranking["yoy_is_official"], strict=True)
    column = headers(lang)
    return pd.DataFrame(
        {
            column("rank"): ranking["rank"],
            column("district"): ranking["district"],
            column("cumulative"): ranking["value"].map(amount_cell(lang)),
            column("growth"): [growth_cell(g, official, lang) for g, official in growth],
            column("share_of_city"): ranking["share_pct"].map(number_or_dash),
        }
    )


def chart_frame(model: MonthModel, indicator: str, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """District and value, in the language's unit of amounts, for a ranking chart."""
    ranking = operation.districts_of(model, indicator)
    return amounts_in_unit(ranking[["district", "value"]], ["value"], lang)
