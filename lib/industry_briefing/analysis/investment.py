"""三、工业投资: major projects against their annual plans, by stage, and those not at capacity."""

from __future__ import annotations

import pandas as pd

from industry_briefing.analysis.model import MonthModel
from industry_briefing.analysis.progress import expected_shares, progress_columns
from industry_briefing.analysis.targets import Status
from industry_briefing.contract.profile import DEFAULT_THRESHOLDS, Thresholds
from industry_briefing.core.periods import Period

STAGES = ("新开工", "续建", "建成投产", "预备")  # the order the briefing names them in


def major_projects(
    projects: pd.DataFrame,
    period: Period,
    shares: pd.Series,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> pd.DataFrame:
    """Projects of 总投资1000万元 or more (the profile's `thresholds`) with completion of their
    annual plan."""
    major = projects.loc[projects["total_investment"] >= thresholds.major_project_yi]
    with_plan = major.loc[major["annual_plan"] > 0]
    return (
        progress_columns(with_plan, "completed", "annual_plan", period, shares, thresholds)
        .sort_values("gap_pp", kind="stable")
        .reset_index(drop=True)
    )


def stage_summary(projects: pd.DataFrame) -> pd.DataFrame:
    """Count and amounts of the projects at each stage of construction."""
    summary = projects.groupby("stage").agg(
        projects=("project", "count"),
        total_investment=("total_investment", "sum"),
        annual_plan=("annual_plan", "sum"),
        completed=("completed", "sum"),
    )
    return summary.reindex([s for s in STAGES if s in summary.index]).reset_index()


def not_at_capacity(projects: pd.DataFrame) -> pd.DataFrame:
    """Completed projects that have not reached design capacity (建成投产但未达产)."""
    return projects.loc[
        (projects["stage"] == "建成投产") & (projects["capacity_reached"] == "否")
    ].reset_index(drop=True)


def lagging(progress: pd.DataFrame) -> pd.DataFrame:
    """Rows far behind their expected progress, most behind first."""
    return (
        progress.loc[progress["status"] == Status.FAR_BEHIND]
        .sort_values("gap_pp", kind="stable")
        .reset_index(drop=True)
    )


def major_projects_of(model: MonthModel) -> pd.DataFrame:
    """The month's major projects against the investment's expected progress (computed once)."""
    frame: pd.DataFrame = model.computed(
        "major_projects",
        lambda: major_projects(
            model.figures.projects,
            model.period,
            expected_shares(model.investment),
            model.profile.thresholds,
        ),
    )
    return frame


def district_targets(model: MonthModel, districts: pd.DataFrame) -> pd.DataFrame:
    """Districts with an investment target, against the investment's expected progress."""
    with_target = districts.loc[districts["annual_target"] > 0]
    shares = expected_shares(model.investment)
    return progress_columns(
        with_target, "value", "annual_target", model.period, shares, model.profile.thresholds
    )


def ratio_pct(part: float, whole: float) -> float | None:
    """part as % of whole, None when the whole is 0 (projects' completion of their plans)."""
    return part / whole * 100 if whole else None
