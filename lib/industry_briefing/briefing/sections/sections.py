"""二 to 五 and the appendix of the briefing: each section's sentences and tables.

Every section reads one `MonthModel`; sentences come from the templates in
templates/narrative/<lang>/, tables from the same frames, formatted by the same rules, their
headers and words from templates/labels/<lang>.yml. Every function takes `lang` ("zh", the
default, or "en"); names from the input (districts, parks, enterprises, projects, industries,
the problems reported) stay as written.
"""

from __future__ import annotations

import math

import pandas as pd

from industry_briefing.analysis import history, investment, operation, quality, series, targets
from industry_briefing.analysis.model import MonthModel, furthest_behind
from industry_briefing.analysis.progress import progress_columns
from industry_briefing.briefing import formatting, narrative
from industry_briefing.briefing.cells import (
    amount_or_dash,
    formatted,
    growth_cell,
    headers,
    number_or_dash,
    points_or_dash,
    provenance_label,
    provenance_notes,
    rate_cell,
    signed_amount_or_dash,
    text_or_blank,
)
from industry_briefing.briefing.formatting import growth_phrase
from industry_briefing.briefing.labels import (
    DEFAULT_LANG,
    indicator_name,
    label,
    month_span,
    period_label,
    term,
)
from industry_briefing.briefing.sections import overview as headline
from industry_briefing.core import settings
from industry_briefing.core.periods import Period

BEHIND = ("behind", "far_behind")


# --- 二、工业经济运行 ---------------------------------------------------------------------------


def operation_text(model: MonthModel, lang: str = DEFAULT_LANG) -> str:
    enterprises = model.figures.enterprises
    districts = _records(district_ranking(model, "industrial_output"))
    troubled = operation.troubled_enterprises(enterprises)
    with_growth = [d for d in districts if d["yoy_pct"] is not None]
    return narrative.render(
        "operation.md.j2",
        lang,
        label=period_label(model.period, lang),
        output=model.output,
        districts=districts,
        fastest=_growth_of(max(with_growth, key=lambda d: d["yoy_pct"], default=None), lang),
        slowest=_growth_of(min(with_growth, key=lambda d: d["yoy_pct"], default=None), lang),
        industries=_records(operation.output_by_industry(enterprises)),
        enterprise_count=len(enterprises),
        statuses=_records(operation.status_summary(enterprises)),
        troubled_count=len(troubled),
        troubled_output=troubled["output"].sum(),
        reasons=list(operation.issue_counts(troubled).index[:3]),
        key_count=len(operation.key_enterprises(enterprises, model.period.months_elapsed)),
    )


def district_ranking(model: MonthModel, indicator: str) -> pd.DataFrame:
    """Districts ranked by one indicator (numbers), with rate and share of the city."""
    city = model.output if indicator == "industrial_output" else model.investment
    return operation.district_ranking(model.figures.districts, indicator, city.value)


def district_table(model: MonthModel, indicator: str, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """The district ranking as the briefing's table."""
    ranking = district_ranking(model, indicator)
    growth = zip(ranking["yoy_pct"], ranking["yoy_is_official"], strict=True)
    column = headers(lang)
    return pd.DataFrame(
        {
            column("rank"): ranking["rank"],
            column("district"): ranking["district"],
            column("cumulative"): ranking["value"].map(_amount(lang)),
            column("growth"): [growth_cell(g, official, lang) for g, official in growth],
            column("share_of_city"): ranking["share_pct"].map(number_or_dash),
        }
    )


def district_chart_frame(
    model: MonthModel, indicator: str, lang: str = DEFAULT_LANG
) -> pd.DataFrame:
    """District and value, in the language's unit of amounts, for a ranking chart."""
    ranking = district_ranking(model, indicator)
    return _in_amount_unit(ranking[["district", "value"]], ["value"], lang)


def target_path(
    model: MonthModel, progress, lang: str = DEFAULT_LANG
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The year's cumulative values so far and the target decomposed by month, for a chart.

    Amounts are in the language's unit (亿元; billion yuan in English), as the axis says.
    """
    values = history.indicator_history(list(model.releases))
    actual = values.loc[values["indicator"] == progress.code, ["month", "value"]]
    actual = _in_amount_unit(actual, ["value"], lang)
    if progress.target is None:
        return actual, pd.DataFrame(columns=["month", "cumulative_target"])
    path = targets.decompose_target(progress.annual_target, progress.shares)
    return actual, _in_amount_unit(
        path[["month", "cumulative_target"]], ["cumulative_target"], lang
    )


def growth_history(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Year-on-year growth of output and investment across the year's releases."""
    values = history.indicator_history(list(model.releases))
    wanted = values.loc[values["indicator"].isin(["industrial_output", "industrial_investment"])]
    return wanted.assign(name=wanted["indicator"].map(lambda code: indicator_name(code, lang)))[
        ["month", "name", "growth_pct"]
    ]


def industry_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    column = headers(lang)
    return formatted(
        operation.output_by_industry(model.figures.enterprises),
        {
            column("industry"): ("industry", None),
            column("enterprises"): ("enterprises", None),
            column("output"): ("output", _amount(lang)),
            column("industry_growth"): ("growth_pct", number_or_dash),
            column("share_of_key_output"): ("share_pct", number_or_dash),
        },
    )


def status_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Enterprises by production status, with the troubled ones (停产、部分生产、未投产) summed.
    Empty when no enterprise reports a status (not a table of zeros)."""
    table = operation.status_summary(model.figures.enterprises)
    reported = not table.empty
    troubled = table.loc[table["status"].isin(operation.TROUBLED_STATUSES)]
    statuses = [term("production_status", status, lang) for status in table["status"]]
    total = {
        "status": label("row.troubled_total", lang),
        "enterprises": troubled["enterprises"].sum(),
    }
    table = pd.concat(
        [
            table.assign(status=statuses),
            pd.DataFrame([total | {"output": troubled["output"].sum()}]),
        ]
    )
    column = headers(lang)
    result = pd.DataFrame(
        {
            column("production_status"): table["status"],
            column("enterprises"): table["enterprises"],
            column("output"): table["output"].map(_amount(lang)),
            column("mean_utilization"): table["mean_utilization_pct"].map(number_or_dash),
        }
    )
    return result if reported else result.iloc[:0]


def troubled_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    column = headers(lang)
    return formatted(
        operation.troubled_enterprises(model.figures.enterprises),
        {
            column("enterprise"): ("enterprise", None),
            column("district"): ("district", None),
            column("industry"): ("industry", None),
            column("production_status"): ("status", _term("production_status", lang)),
            column("output"): ("output", _amount(lang)),
            column("utilization"): ("utilization_pct", lambda v: rate_cell(v, official=True)),
            column("issue"): ("issue", text_or_blank),
        },
    )


# --- 三、工业投资 -------------------------------------------------------------------------------


def major_projects(model: MonthModel) -> pd.DataFrame:
    return model.computed(
        "major_projects",
        lambda: investment.major_projects(
            model.figures.projects, model.period, _shares(model.investment)
        ),
    )


def investment_text(model: MonthModel, lang: str = DEFAULT_LANG) -> str:
    projects = major_projects(model)
    districts = district_ranking(model, "industrial_investment")
    behind = _district_targets(model, districts)
    return narrative.render(
        "investment.md.j2",
        lang,
        label=period_label(model.period, lang),
        investment=model.investment,
        share_pct=model.investment_share_pct,
        districts=_records(districts),
        districts_behind=_records(behind.loc[behind["status"].isin(BEHIND)]),
        project_count=len(projects),
        projects_completed=projects["completed"].sum(),
        projects_completion_pct=_ratio_pct(
            projects["completed"].sum(), projects["annual_plan"].sum()
        ),
        stages=_records(investment.stage_summary(projects)),
        lagging=_records(investment.lagging(projects)),
        not_at_capacity=_records(investment.not_at_capacity(projects)),
    )


def major_projects_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    return _projects_table(major_projects(model), lang)


def lagging_projects_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    return _projects_table(investment.lagging(major_projects(model)), lang)


def stage_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Major projects by stage and in total, with completion of their annual plans. Empty
    when no major project is reported (not a table of zeros)."""
    projects = major_projects(model)
    reported = not projects.empty
    table = investment.stage_summary(projects)
    stages = [term("stage", stage, lang) for stage in table["stage"]]
    # The total is every major project, as the text says it: the stage is optional, and a
    # project without one is in no stage row.
    sums = projects[["total_investment", "annual_plan", "completed"]].sum()
    total = pd.DataFrame([{"stage": label("row.total", lang), "projects": len(projects), **sums}])
    table = pd.concat([table.assign(stage=stages), total], ignore_index=True)
    column = headers(lang)
    amount = _amount(lang)
    result = pd.DataFrame(
        {
            column("stage"): table["stage"],
            column("projects"): table["projects"].astype(int),
            column("total_investment"): table["total_investment"].map(amount),
            column("annual_plan"): table["annual_plan"].map(amount),
            column("completed"): table["completed"].map(amount),
            column("plan_completion"): [
                number_or_dash(_ratio_pct(done, plan))
                for done, plan in zip(table["completed"], table["annual_plan"], strict=True)
            ],
        }
    )
    return result if reported else result.iloc[:0]


def not_at_capacity_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    column = headers(lang)
    return formatted(
        investment.not_at_capacity(major_projects(model)),
        {
            column("project"): ("project", None),
            column("district"): ("district", None),
            column("total_investment"): ("total_investment", _amount(lang)),
            column("issue"): ("issue", text_or_blank),
        },
    )


def _projects_table(projects: pd.DataFrame, lang: str) -> pd.DataFrame:
    column = headers(lang)
    amount = _amount(lang)
    return formatted(
        projects,
        {
            column("project"): ("project", None),
            column("district"): ("district", None),
            column("stage"): ("stage", _term("stage", lang)),
            column("total_investment"): ("total_investment", amount),
            column("annual_plan"): ("annual_plan", amount),
            column("completed"): ("completed", amount),
            column("plan_completion"): ("completion_pct", number_or_dash),
            column("gap_points"): ("gap_pp", points_or_dash),
            column("issue"): ("issue", text_or_blank),
        },
    )


def _district_targets(model: MonthModel, districts: pd.DataFrame) -> pd.DataFrame:
    with_target = districts.loc[districts["annual_target"] > 0]
    return with_target.pipe(
        progress_columns, "value", "annual_target", model.period, _shares(model.investment)
    )


# --- 四、园区建设 -------------------------------------------------------------------------------


def parks_text(model: MonthModel, lang: str = DEFAULT_LANG) -> str:
    parks = model.parks
    return narrative.render(
        "parks.md.j2",
        lang,
        label=period_label(model.period, lang),
        parks_count=len(parks),
        total=model.parks_total,
        reference=model.parks_total.reference(lang),
        ahead=_records(parks.loc[parks["status"] == "ahead"]),
        behind=_records(furthest_behind(parks, settings.PARKS_NAMED_BEHIND)),
    )


def parks_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Per park and in total: completion against the annual target and expected progress."""
    figures, parks, total = model.figures, model.parks, model.parks_total
    target_label = provenance_label(figures, "parks", parks["park"], "annual_target", lang)
    district_label = provenance_label(figures, "parks", parks["park"], "district", lang)
    column = headers(lang)
    amount = _amount(lang)
    return pd.DataFrame(
        {
            column("park"): [*parks["park"], label("row.total", lang)],
            column("district") + district_label: [*parks["district"], ""],
            column("park_completed"): [amount(v) for v in [*parks["completed"], total.value]],
            column("annual_target") + target_label: [
                amount(v) for v in [*parks["annual_target"], total.annual_target]
            ],
            column("completion"): [
                number_or_dash(v) for v in [*parks["completion_pct"], total.completion_pct]
            ],
            column("gap_points"): [
                points_or_dash(v) for v in [*parks["gap_pp"], total.points_vs_expected]
            ],
            column("gap_amount"): [
                signed_amount_or_dash(v, lang)
                for v in [
                    *parks["gap_amount_yi"],
                    total.target.gap_amount_yi if total.target else None,
                ]
            ],
            column("needed_monthly"): [
                amount(v)
                for v in [
                    *parks["needed_monthly_yi"],
                    total.target.needed_monthly_yi if total.target else None,
                ]
            ],
            column("rank"): [*parks["rank"].astype(str), ""],
        }
    )


def park_gaps_frame(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Park and its amount above (below) the required progress, in the language's unit."""
    gaps = model.parks[["park", "gap_amount_yi"]].rename(columns={"gap_amount_yi": "gap_amount"})
    return _in_amount_unit(gaps, ["gap_amount"], lang)


# --- 五、需要关注的问题 ---------------------------------------------------------------


def concerns_text(model: MonthModel, lang: str = DEFAULT_LANG) -> str:
    parks = model.parks
    enterprises = model.figures.enterprises
    return narrative.render(
        "concerns.md.j2",
        lang,
        label=period_label(model.period, lang),
        reference=model.parks_total.reference(lang),
        indicators_behind=[
            p for p in model.headline_indicators if p.target and p.target.status in BEHIND
        ],
        parks_behind=_records(parks.loc[parks["status"] == "far_behind"].sort_values("gap_pp")),
        projects_lagging=_records(investment.lagging(major_projects(model))),
        listed=settings.CONCERNS_LISTED,
        enterprises_troubled=_records(operation.troubled_enterprises(enterprises)),
        not_at_capacity=_records(investment.not_at_capacity(major_projects(model))),
    )


# --- 附：数据说明与质量检查 ---------------------------------------------------------------


def data_notes(model: MonthModel, lang: str = DEFAULT_LANG) -> list[str]:
    """Source, provenance of every figure not published, and the basis of expected progress.

    The source and the notes are the input's (meta.yml), as written.
    """
    bases = [
        label(
            "notes.basis_item",
            lang,
            name=p.display_name(lang),
            basis=p.target.basis.describe(lang),
            reference=label(f"benchmark.{p.basis.value}", lang),
            expected=number_or_dash(p.expected_pct),
        )
        for p in model.headline_indicators
        if p.target
    ]
    return [
        label("notes.source", lang, source=model.figures.source),
        *provenance_notes(model.figures, lang),
        label("notes.basis", lang, items=label("notes.basis_separator", lang).join(bases)),
    ]


def quality_checks(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """The consistency checks of the month, against the year's earlier releases."""
    return model.computed(("quality_checks", lang), lambda: _run_quality_checks(model, lang))


def _run_quality_checks(model: MonthModel, lang: str) -> pd.DataFrame:
    earlier = model.releases[:-1]
    frames = [r.indicators.assign(period=str(r.period)) for r in earlier]
    frames += [r.parks.assign(period=str(r.period)) for r in earlier]
    history = quality.history_frame(*frames) if frames else None
    return quality.run_checks(model.figures, history, lang)


def quality_summary_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Each check: how many items it looked at and how many need a look (请核实)."""
    checks = quality_checks(model, lang)
    summary = checks.groupby("check", sort=False)["status"].agg(
        checked="size", warnings=lambda s: int((s == "warning").sum())
    )
    column = headers(lang)
    return pd.DataFrame(
        {
            column("check"): summary.index,
            column("checked"): summary["checked"].to_numpy(),
            column("warnings"): summary["warnings"].to_numpy(),
        }
    )


def quality_findings_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """What the checks found to confirm, with the figures."""
    checks = quality_checks(model, lang)
    found = checks.loc[checks["status"] == "warning"]
    column = headers(lang)
    return pd.DataFrame(
        {
            column("check"): found["check"],
            column("item"): found["item"],
            column("detail"): found["detail"],
        }
    )


# --- helpers ------------------------------------------------------------------------------------


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows for templates, NaN as None so that `is not none` means given."""
    return [
        {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
        for row in frame.to_dict("records")
    ]


def _growth_of(row: dict | None, lang: str) -> dict | None:
    if row is None:
        return None
    growth = growth_phrase(row["yoy_pct"], given=bool(row["yoy_is_official"]), lang=lang)
    return {**row, "growth": growth}


def _amount(lang: str):
    """The cell formatter of amounts in the language's unit."""
    return lambda value: amount_or_dash(value, lang)


def _term(group: str, lang: str):
    """The cell formatter of a closed list's values (statuses, stages) in the language."""
    return lambda value: text_or_blank(value) and term(group, value, lang)


def _in_amount_unit(frame: pd.DataFrame, columns: list[str], lang: str) -> pd.DataFrame:
    """Amount columns (亿元) as numbers in the language's unit, for chart axes."""
    return frame.assign(
        **{c: frame[c].map(lambda v: formatting.in_amount_unit(v, lang)) for c in columns}
    )


def _ratio_pct(part: float, whole: float) -> float | None:
    return part / whole * 100 if whole else None


def _shares(progress) -> pd.Series:
    return (
        progress.shares
        if progress.shares is not None
        else targets.expected_cumulative_shares("even")
    )


# --- topic notebooks: fuller tables for exploring a month -------------------------------------


def monthly_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Single-month values of the headline indicators from the year's cumulative releases."""
    values = history.indicator_history(list(model.releases))
    monthly = series.monthly_from_cumulative(values, keys=["indicator"])
    monthly = monthly.loc[monthly["indicator"] != "fixed_asset_investment"]
    column = headers(lang)
    amount = _amount(lang)
    return pd.DataFrame(
        {
            column("indicator"): monthly["indicator"].map(lambda code: indicator_name(code, lang)),
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
    """Each park's single-month investment across the year's releases."""
    parks = history.parks_history(list(model.releases))
    monthly = series.monthly_from_cumulative(parks, keys=["park"], value="completed")
    monthly = monthly.assign(months=_months_covered(monthly, lang))
    return monthly.pivot_table(index="park", columns="months", values="increment", sort=False).map(
        _amount(lang)
    )


def decomposition_table(model: MonthModel, progress, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """目标任务层层分解: the annual target by month and quarter on the basis used."""
    if progress.target is None:
        return pd.DataFrame()
    column = headers(lang)
    amount = _amount(lang)
    return formatted(
        targets.decompose_target(progress.annual_target, progress.shares),
        {
            column("month"): ("month", None),
            column("quarter"): ("quarter", None),
            column("monthly_target"): ("monthly_target", amount),
            column("cumulative_target"): ("cumulative_target", amount),
            column("quarter_own_target"): ("quarter_target", amount),
        },
    )


def key_enterprises_table(model: MonthModel, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Enterprises of 年产值5000万元以上 (annualised), largest first."""
    table = operation.key_enterprises(model.figures.enterprises, model.period.months_elapsed)
    growth = zip(table["growth_pct"], table["growth_pct"].notna(), strict=True)
    column = headers(lang)
    amount = _amount(lang)
    return pd.DataFrame(
        {
            column("enterprise"): table["enterprise"],
            column("district"): table["district"],
            column("industry"): table["industry"],
            column("output"): table["output"].map(amount),
            column("annualised_output"): table["annualised_output"].map(amount),
            column("growth"): [growth_cell(g, official, lang) for g, official in growth],
            column("production_status"): table["status"].map(_term("production_status", lang)),
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


# --- the briefing as a whole -----------------------------------------------------------------


def briefing_texts(model: MonthModel, lang: str = DEFAULT_LANG) -> dict[str, str]:
    """The sentences of sections 一 to 五, by section."""
    return {
        "overview": headline.headline_text(model, lang),
        "operation": operation_text(model, lang),
        "investment": investment_text(model, lang),
        "parks": parks_text(model, lang),
        "concerns": concerns_text(model, lang),
    }


def briefing_tables(model: MonthModel, lang: str = DEFAULT_LANG) -> list[pd.DataFrame]:
    """Every table of the briefing, in the order it shows them."""
    return [
        headline.key_figures_table(model, lang),
        headline.quarter_table(model, lang),
        district_table(model, "industrial_output", lang),
        industry_table(model, lang),
        status_table(model, lang),
        troubled_table(model, lang),
        district_table(model, "industrial_investment", lang),
        stage_table(model, lang),
        lagging_projects_table(model, lang),
        not_at_capacity_table(model, lang),
        parks_table(model, lang),
        quality_summary_table(model, lang),
        quality_findings_table(model, lang),
    ]
