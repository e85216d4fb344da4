"""二、工业经济运行: output by district and industry, enterprises by production status.

Frames in, frames out; rates are unrounded % (rounded only when formatted).
"""

from __future__ import annotations

import re

import pandas as pd

from industry_briefing.analysis.model import MonthModel
from industry_briefing.analysis.progress import year_on_year_columns
from industry_briefing.contract.profile import DEFAULT_THRESHOLDS

TROUBLED_STATUSES = ("停产", "部分生产", "未投产")  # the order the briefing names them in
ISSUE_SEPARATORS = re.compile(r"[、，,；;/]+")


def district_ranking(districts: pd.DataFrame, indicator: str, city_total: float) -> pd.DataFrame:
    """Districts' values of one indicator, ranked, with year-on-year rate and share of the city."""
    rows = districts.loc[districts["indicator"] == indicator]
    return (
        rows.pipe(year_on_year_columns)
        # A city total of 0 (districts reported, the city not): no share, never inf.
        .assign(share_pct=lambda df: df["value"] / city_total * 100 if city_total else float("nan"))
        .sort_values("value", ascending=False, kind="stable")
        .assign(rank=lambda df: range(1, len(df) + 1))
        .reset_index(drop=True)
    )


def districts_of(model: MonthModel, indicator: str) -> pd.DataFrame:
    """The month's districts ranked by one indicator (industrial output or investment)."""
    city = model.output if indicator == "industrial_output" else model.investment
    return district_ranking(model.figures.districts, indicator, city.value if city else 0.0)


def output_by_industry(enterprises: pd.DataFrame) -> pd.DataFrame:
    """Key enterprises' output summed by industry, with growth of the sums and share.

    The growth here is computed from the enterprises' totals (not an official rate).
    """
    grouped = enterprises.groupby("industry", sort=False).agg(
        enterprises=("enterprise", "count"),
        output=("output", "sum"),
        prior_output=("prior_output", lambda s: s.sum(min_count=len(s))),
    )
    return (
        grouped.assign(
            growth_pct=lambda df: (df["output"] / df["prior_output"] - 1) * 100,
            share_pct=lambda df: df["output"] / df["output"].sum() * 100,
        )
        .sort_values("output", ascending=False, kind="stable")
        .reset_index()
    )


def status_summary(enterprises: pd.DataFrame) -> pd.DataFrame:
    """Count, output and mean equipment utilisation of the enterprises in each status."""
    order = ["正常生产", *TROUBLED_STATUSES]
    summary = enterprises.groupby("status").agg(
        enterprises=("enterprise", "count"),
        output=("output", "sum"),
        mean_utilization_pct=("utilization_pct", "mean"),
    )
    return summary.reindex([s for s in order if s in summary.index]).reset_index()


def troubled_enterprises(enterprises: pd.DataFrame) -> pd.DataFrame:
    """Stopped, part-producing and not-yet-producing enterprises, with the reasons given."""
    rank = {status: i for i, status in enumerate(TROUBLED_STATUSES)}
    return (
        enterprises.loc[enterprises["status"].isin(TROUBLED_STATUSES)]
        .assign(status_rank=lambda df: df["status"].map(rank))
        .sort_values(["status_rank", "output"], ascending=[True, False], kind="stable")
        .drop(columns="status_rank")
        .reset_index(drop=True)
    )


def issue_counts(enterprises: pd.DataFrame) -> pd.Series:
    """How often each reason (流动资金紧张, 设备检修 …) is named, most frequent first."""
    reasons = (
        enterprises["issue"].dropna().map(lambda text: ISSUE_SEPARATORS.split(str(text).strip()))
    )
    flat = [reason.strip() for listed in reasons for reason in listed if reason.strip()]
    return pd.Series(flat, dtype="str").value_counts()


def annualised_output(enterprises: pd.DataFrame, months_elapsed: int) -> pd.Series:
    """Cumulative output scaled to a year: the yardstick for 年产值5000万元以上 mid-year."""
    return enterprises["output"] * 12 / months_elapsed


def key_enterprises(
    enterprises: pd.DataFrame,
    months_elapsed: int,
    min_output_yi: float = DEFAULT_THRESHOLDS.key_enterprise_yi,
) -> pd.DataFrame:
    """Enterprises whose output, annualised, reaches 5000万元 (`min_output_yi`), largest first."""
    annual = annualised_output(enterprises, months_elapsed)
    return (
        enterprises.assign(annualised_output=annual)
        .loc[lambda df: df["annualised_output"] >= min_output_yi]
        .sort_values("output", ascending=False, kind="stable")
        .reset_index(drop=True)
    )


def key_enterprises_of(model: MonthModel) -> pd.DataFrame:
    """The month's key enterprises by its region's threshold (profile.yml `thresholds`)."""
    threshold = model.profile.thresholds.key_enterprise_yi
    return key_enterprises(model.figures.enterprises, model.period.months_elapsed, threshold)
