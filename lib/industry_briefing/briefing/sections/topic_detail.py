"""The topic notebooks' detail, deeper than the briefing: single-month values release by
release, each district's and each park's releases, and the full lists (every enterprise,
project and park with every figure). Numeric tables (frames.NumericTable): the frames keep
their numbers, the page shows them by the project's formatting."""

from __future__ import annotations

import pandas as pd

from industry_briefing.analysis import explore
from industry_briefing.analysis.model import MonthModel
from industry_briefing.briefing import explore_tables, phrases, quantities
from industry_briefing.briefing.frames import Kind, NumericTable
from industry_briefing.briefing.labels import DEFAULT_LANG, label


def monthly_frame(model: MonthModel, section: str) -> pd.DataFrame:
    """The year's releases of the section's indicators (工业投资, 工业用电量, 园区面积 …), in
    their canonical units, with the single-month values of the cumulative flows: what each
    month added (a level or a ratio has none)."""
    codes = {
        code
        for code, indicator in model.catalogue.indicators.items()
        if indicator.entry.section == section
    }
    flows = explore.flow_codes(model.catalogue)
    frame = explore.across_periods(model.releases, "indicator", flows)
    return frame.loc[frame["indicator"].isin(codes)].reset_index(drop=True)


def monthly_table(model: MonthModel, section: str, lang: str = DEFAULT_LANG) -> NumericTable:
    """Each of the section's indicators release by release, in the unit it was entered in:
    cumulative (or level), single-month and what it covers, a mark where a release is missing
    or the cumulative fell."""
    frame = quantities.in_row_units(monthly_frame(model, section), ["value", "single_month"], lang)
    named = frame.assign(
        indicator=frame["indicator"].map(
            lambda code: phrases.name_of(model.catalogue.indicators[code], lang)
        )
    )
    # Figures in each row's own unit (亿千瓦时 beside 亿元), shown with the digits entered.
    columns: dict[str, tuple[str, Kind]] = {
        "indicator": ("indicator", "text"),
        "unit": ("unit", "text"),
        "period": ("period", "text"),
        "value": ("value_plain", "given"),
        "single_month": ("single_month_plain", "given"),
        "covered": ("covered", "text"),
        "single_month_gap": ("single_month_gap", "flag"),
        "single_month_falling": ("single_month_falling", "flag"),
    }
    return explore_tables.table(named, columns, lang, unit="")


def monthly_chart_frame(model: MonthModel, section: str, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """The section's single-month amounts by release, named in the language, for a chart
    of one axis in 亿元: name, period, value."""
    frame = monthly_frame(model, section).dropna(subset=["single_month"])
    money = frame["indicator"].map(lambda c: model.catalogue.indicators[c].entry.family == "money")
    frame = frame.loc[money]
    names = frame["indicator"].map(
        lambda code: phrases.name_of(model.catalogue.indicators[code], lang)
    )
    return pd.DataFrame(
        {"name": names, "period": frame["period"], "value": frame["single_month"]}
    ).reset_index(drop=True)


def district_frame(model: MonthModel, indicator: str) -> pd.DataFrame:
    """Each district's releases of one indicator this year (cumulative, single-month,
    growth, completion of its target)."""
    if all(release.districts.empty for release in model.releases):
        return pd.DataFrame(columns=["district", "period", "value"])
    frame = explore.across_periods(model.releases, "district")
    return frame.loc[frame["indicator"] == indicator].reset_index(drop=True)


def district_table(model: MonthModel, indicator: str, lang: str = DEFAULT_LANG) -> NumericTable:
    return explore_tables.item_table(
        district_frame(model, indicator), explore_tables.DISTRICT_COLUMNS, lang
    )


def enterprises_table(model: MonthModel, lang: str = DEFAULT_LANG) -> NumericTable:
    """Every key enterprise of the month, with what it added since the previous release."""
    if model.figures.enterprises.empty:
        return NumericTable(pd.DataFrame(), {})
    latest = _of_month(explore.across_periods(model.releases, "enterprise"), model)
    columns = {k: v for k, v in explore_tables.ENTERPRISE_COLUMNS.items() if k != "period"}
    return explore_tables.item_table(latest.sort_values("value", ascending=False), columns, lang)


def projects_table(model: MonthModel, lang: str = DEFAULT_LANG) -> NumericTable:
    """Every key project of the month, with its completion of the annual plan."""
    if model.figures.projects.empty:
        return NumericTable(pd.DataFrame(), {})
    latest = _of_month(explore.across_periods(model.releases, "project"), model)
    columns = {k: v for k, v in explore_tables.PROJECT_COLUMNS.items() if k != "period"}
    ordered = latest.sort_values("completion_pct", kind="stable")
    return explore_tables.item_table(ordered, columns, lang)


PARK_PROGRESS: dict[str, Kind] = {
    "park": "text",
    "district": "text",
    "annual_target": "amount",
    "completed": "amount",
    "completion_pct": "number",
    "expected_pct": "number",
    "gap_pp": "points",
    "gap_amount_yi": "amount",
    "needed_monthly_yi": "amount",
    "status": "status",
    "rank": "count",
}
# The headers of the parks' progress whose key is not the column's name.
PARK_HEADERS = {"completed": "completed", "status": "status_code"}


def parks_table(model: MonthModel, lang: str = DEFAULT_LANG) -> NumericTable:
    """Every park with every figure of its progress, best first; the parks together (合计)
    apart, beneath, so that sorting the parks never moves it."""
    parks = model.parks.sort_values("rank", kind="stable")
    columns = {name: (PARK_HEADERS.get(name, name), kind) for name, kind in PARK_PROGRESS.items()}
    table = explore_tables.table(parks, columns, lang, unit=label("chart.amount_unit", lang))
    total = model.parks_total
    if total is None:
        return table
    together = pd.DataFrame(
        {
            "park": [label("row.total", lang)],
            "annual_target": [total.annual_target],
            "completed": [total.value],
            "completion_pct": [total.completion_pct],
            "expected_pct": [total.expected_pct],
            "gap_pp": [total.points_vs_expected],
        }
    ).reindex(columns=list(PARK_PROGRESS))
    total_table = explore_tables.table(
        together, columns, lang, unit=label("chart.amount_unit", lang)
    )
    return NumericTable(table.frame, table.formats, total_table.frame)


def park_frame(model: MonthModel) -> pd.DataFrame:
    """Each park's releases this year: cumulative, single-month, completion of its target."""
    return explore.across_periods(model.releases, "park")


def park_detail_table(model: MonthModel, lang: str = DEFAULT_LANG) -> NumericTable:
    return explore_tables.item_table(park_frame(model), explore_tables.PARK_COLUMNS, lang)


def _of_month(frame: pd.DataFrame, model: MonthModel) -> pd.DataFrame:
    return frame.loc[frame["period"] == str(model.period)].reset_index(drop=True)
