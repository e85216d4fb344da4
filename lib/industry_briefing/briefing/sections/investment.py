"""三、工业投资: investment, its districts, and the major projects against their plans."""

from __future__ import annotations

import pandas as pd

from industry_briefing.analysis import investment, operation
from industry_briefing.analysis.investment import major_projects_of, ratio_pct
from industry_briefing.analysis.model import MonthModel
from industry_briefing.analysis.shortlist import largest_first_if_cut
from industry_briefing.analysis.targets import BEHIND_STATUSES
from industry_briefing.briefing import narrative
from industry_briefing.briefing.cells import (
    amount_cell,
    formatted,
    headers,
    number_or_dash,
    points_or_dash,
    term_cell,
    text_or_blank,
)
from industry_briefing.briefing.formatting import threshold_amount
from industry_briefing.briefing.labels import DEFAULT_LANG, label, period_label, term
from industry_briefing.briefing.sections import composed
from industry_briefing.briefing.shortlists import Columns, brief_of, shortlist_table


def text(model: MonthModel, lang: str = DEFAULT_LANG) -> str:
    """The section's paragraphs (Markdown): the seed's, or composed from the indicators of
    the section that a region of another shape gives."""
    return composed.after_seed(model, "investment", lang, _seed_text)


def _seed_text(model: MonthModel, lang: str) -> str:
    """The seed's paragraphs of the section."""
    projects = major_projects_of(model)
    districts = operation.districts_of(model, "industrial_investment")
    behind = investment.district_targets(model, districts)
    lagging = investment.lagging(projects)
    return narrative.render(
        "investment.md.j2",
        lang,
        label=period_label(model.period, lang),
        investment=model.investment,
        share_pct=model.investment_share_pct,
        districts=narrative.records(districts),
        districts_behind=narrative.records(behind.loc[behind["status"].isin(BEHIND_STATUSES)]),
        project_count=len(projects),
        major_minimum=threshold_amount(model.profile.thresholds.major_project_yi, lang),
        projects_completed=projects["completed"].sum(),
        projects_completion_pct=ratio_pct(
            projects["completed"].sum(), projects["annual_plan"].sum()
        ),
        stages=narrative.records(investment.stage_summary(projects)),
        # The text names the first of Table 8's rows (their figures are the table's).
        lagging=narrative.records(brief_of(model, lagging).shown),
        lagging_count=len(lagging),
        not_at_capacity=narrative.records(investment.not_at_capacity(projects)),
    )


def major_projects_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    return formatted(major_projects_of(model), _project_columns(lang))


def lagging_projects_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """The projects far behind, most behind first, cut to the profile's `brief.listed` with
    one row of the rest and their amounts."""
    lagging = investment.lagging(major_projects_of(model))
    short = brief_of(model, lagging, ["total_investment", "annual_plan", "completed"])
    return shortlist_table(short, _project_columns(lang), "projects", lang)


def stage_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Major projects by stage and in total, with completion of their annual plans. Empty
    when no major project is reported (not a table of zeros)."""
    projects = major_projects_of(model)
    reported = not projects.empty
    table = investment.stage_summary(projects)
    stages = [term("stage", stage, lang) for stage in table["stage"]]
    # The total is every major project, as the text says it: the stage is optional, and a
    # project without one is in no stage row.
    sums = projects[["total_investment", "annual_plan", "completed"]].sum()
    total = pd.DataFrame([{"stage": label("row.total", lang), "projects": len(projects), **sums}])
    table = pd.concat([table.assign(stage=stages), total], ignore_index=True)
    column = headers(lang)
    amount = amount_cell(lang)
    result = pd.DataFrame(
        {
            column("stage"): table["stage"],
            column("projects"): table["projects"].astype(int),
            column("total_investment"): table["total_investment"].map(amount),
            column("annual_plan"): table["annual_plan"].map(amount),
            column("completed"): table["completed"].map(amount),
            column("plan_completion"): [
                number_or_dash(ratio_pct(done, plan))
                for done, plan in zip(table["completed"], table["annual_plan"], strict=True)
            ],
        }
    )
    return result if reported else result.iloc[:0]


def not_at_capacity_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """The completed projects not at capacity, in the input's order; a list longer than the
    profile's `brief.listed` shows the largest (by total investment) and one row of the rest."""
    column = headers(lang)
    projects = investment.not_at_capacity(major_projects_of(model))
    listed = model.profile.brief.listed
    largest = largest_first_if_cut(projects, listed, "total_investment")
    short = brief_of(model, largest, ["total_investment"])
    columns = {
        column("project"): ("project", None),
        column("district"): ("district", None),
        column("total_investment"): ("total_investment", amount_cell(lang)),
        column("issue"): ("issue", text_or_blank),
    }
    return shortlist_table(short, columns, "projects", lang)


def _project_columns(lang: str) -> Columns:
    column = headers(lang)
    amount = amount_cell(lang)
    return {
        column("project"): ("project", None),
        column("district"): ("district", None),
        column("stage"): ("stage", term_cell("stage", lang)),
        column("total_investment"): ("total_investment", amount),
        column("annual_plan"): ("annual_plan", amount),
        column("completed"): ("completed", amount),
        column("plan_completion"): ("completion_pct", number_or_dash),
        column("gap_points"): ("gap_pp", points_or_dash),
        column("issue"): ("issue", text_or_blank),
    }
