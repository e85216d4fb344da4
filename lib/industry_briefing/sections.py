"""二 to 五 and the appendix of the briefing: each section's sentences and tables.

Every section reads one `MonthModel`; sentences come from the templates in
templates/narrative/<lang>/, tables from the same frames, formatted by the same rules.
"""

from __future__ import annotations

import math

import pandas as pd

from industry_briefing import (
    history,
    investment,
    narrative,
    operation,
    quality,
    series,
    settings,
    targets,
)
from industry_briefing.contract import INDICATOR_NAMES
from industry_briefing.formatting import growth_phrase
from industry_briefing.model import MonthModel, furthest_behind
from industry_briefing.progress import progress_columns
from industry_briefing.tables import (
    formatted,
    growth_cell,
    number_or_dash,
    points_or_dash,
    provenance_label,
    provenance_notes,
    rate_cell,
    text_or_blank,
)

BEHIND = ("behind", "far_behind")


# --- 二、工业经济运行 ---------------------------------------------------------------------------


def operation_text(model: MonthModel, lang: str = "zh") -> str:
    enterprises = model.figures.enterprises
    districts = _records(district_ranking(model, "industrial_output"))
    troubled = operation.troubled_enterprises(enterprises)
    with_growth = [d for d in districts if d["yoy_pct"] is not None]
    return narrative.render(
        "operation.md.j2",
        lang,
        label=model.label,
        output=model.output,
        districts=districts,
        fastest=_growth_of(max(with_growth, key=lambda d: d["yoy_pct"], default=None)),
        slowest=_growth_of(min(with_growth, key=lambda d: d["yoy_pct"], default=None)),
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


def district_table(model: MonthModel, indicator: str) -> pd.DataFrame:
    """The district ranking as the briefing's table."""
    ranking = district_ranking(model, indicator)
    growth = zip(ranking["yoy_pct"], ranking["yoy_is_official"], strict=True)
    return pd.DataFrame(
        {
            "位次": ranking["rank"],
            "区县": ranking["district"],
            "本期累计（亿元）": ranking["value"].map(number_or_dash),
            "同比": [growth_cell(g, official) for g, official in growth],
            "占全市（%）": ranking["share_pct"].map(number_or_dash),
        }
    )


def target_path(model: MonthModel, progress) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The year's cumulative values so far and the target decomposed by month, for a chart."""
    values = history.indicator_history(list(model.releases))
    actual = values.loc[values["indicator"] == progress.code, ["month", "value"]]
    if progress.target is None:
        return actual, pd.DataFrame(columns=["month", "cumulative_target"])
    path = targets.decompose_target(progress.annual_target, progress.shares)
    return actual, path[["month", "cumulative_target"]]


def growth_history(model: MonthModel) -> pd.DataFrame:
    """Year-on-year growth of output and investment across the year's releases."""
    values = history.indicator_history(list(model.releases))
    wanted = values.loc[values["indicator"].isin(["industrial_output", "industrial_investment"])]
    return wanted.assign(name=wanted["indicator"].map(INDICATOR_NAMES))[
        ["month", "name", "growth_pct"]
    ]


def industry_table(model: MonthModel) -> pd.DataFrame:
    return formatted(
        operation.output_by_industry(model.figures.enterprises),
        {
            "行业": ("industry", None),
            "企业（户）": ("enterprises", None),
            "本期产值（亿元）": ("output", number_or_dash),
            "同比增长（%，按企业合计计算）": ("growth_pct", number_or_dash),
            "占重点企业产值（%）": ("share_pct", number_or_dash),
        },
    )


def status_table(model: MonthModel) -> pd.DataFrame:
    """Enterprises by production status, with the troubled ones (停产、部分生产、未投产) summed."""
    table = operation.status_summary(model.figures.enterprises)
    troubled = table.loc[table["status"].isin(operation.TROUBLED_STATUSES)]
    total = {"status": "停产、部分生产和未投产合计", "enterprises": troubled["enterprises"].sum()}
    table = pd.concat([table, pd.DataFrame([total | {"output": troubled["output"].sum()}])])
    return pd.DataFrame(
        {
            "生产状态": table["status"],
            "企业（户）": table["enterprises"],
            "本期产值（亿元）": table["output"].map(number_or_dash),
            "平均设备开工率（%）": table["mean_utilization_pct"].map(number_or_dash),
        }
    )


def troubled_table(model: MonthModel) -> pd.DataFrame:
    return formatted(
        operation.troubled_enterprises(model.figures.enterprises),
        {
            "企业": ("enterprise", None),
            "区县": ("district", None),
            "行业": ("industry", None),
            "生产状态": ("status", None),
            "本期产值（亿元）": ("output", number_or_dash),
            "设备开工率（%）": ("utilization_pct", lambda v: rate_cell(v, official=True)),
            "存在问题": ("issue", text_or_blank),
        },
    )


# --- 三、工业投资 -------------------------------------------------------------------------------


def major_projects(model: MonthModel) -> pd.DataFrame:
    return investment.major_projects(
        model.figures.projects, model.period, _shares(model.investment)
    )


def investment_text(model: MonthModel, lang: str = "zh") -> str:
    projects = major_projects(model)
    districts = district_ranking(model, "industrial_investment")
    behind = _district_targets(model, districts)
    return narrative.render(
        "investment.md.j2",
        lang,
        label=model.label,
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


def major_projects_table(model: MonthModel) -> pd.DataFrame:
    return _projects_table(major_projects(model))


def lagging_projects_table(model: MonthModel) -> pd.DataFrame:
    return _projects_table(investment.lagging(major_projects(model)))


def stage_table(model: MonthModel) -> pd.DataFrame:
    """Major projects by stage and in total, with completion of their annual plans."""
    table = investment.stage_summary(major_projects(model))
    total = table.drop(columns="stage").sum().to_frame().T.assign(stage="合计")
    table = pd.concat([table, total], ignore_index=True)
    return pd.DataFrame(
        {
            "建设阶段": table["stage"],
            "项目（个）": table["projects"].astype(int),
            "总投资（亿元）": table["total_investment"].map(number_or_dash),
            "年度计划（亿元）": table["annual_plan"].map(number_or_dash),
            "本期完成（亿元）": table["completed"].map(number_or_dash),
            "完成年度计划（%）": [
                number_or_dash(_ratio_pct(done, plan))
                for done, plan in zip(table["completed"], table["annual_plan"], strict=True)
            ],
        }
    )


def not_at_capacity_table(model: MonthModel) -> pd.DataFrame:
    return formatted(
        investment.not_at_capacity(major_projects(model)),
        {
            "项目": ("project", None),
            "区县": ("district", None),
            "总投资（亿元）": ("total_investment", number_or_dash),
            "存在问题": ("issue", text_or_blank),
        },
    )


def _projects_table(projects: pd.DataFrame) -> pd.DataFrame:
    return formatted(
        projects,
        {
            "项目": ("project", None),
            "区县": ("district", None),
            "建设阶段": ("stage", None),
            "总投资（亿元）": ("total_investment", number_or_dash),
            "年度计划（亿元）": ("annual_plan", number_or_dash),
            "本期完成（亿元）": ("completed", number_or_dash),
            "完成年度计划（%）": ("completion_pct", number_or_dash),
            "比进度要求（个百分点）": ("gap_pp", points_or_dash),
            "存在问题": ("issue", text_or_blank),
        },
    )


def _district_targets(model: MonthModel, districts: pd.DataFrame) -> pd.DataFrame:
    with_target = districts.loc[districts["annual_target"] > 0]
    return with_target.pipe(
        progress_columns, "value", "annual_target", model.period, _shares(model.investment)
    )


# --- 四、园区建设 -------------------------------------------------------------------------------


def parks_text(model: MonthModel, lang: str = "zh") -> str:
    parks = model.parks
    return narrative.render(
        "parks.md.j2",
        lang,
        label=model.label,
        parks_count=len(parks),
        total=model.parks_total,
        reference=model.parks_total.reference_name,
        ahead=_records(parks.loc[parks["status"] == "ahead"]),
        behind=_records(furthest_behind(parks, settings.PARKS_NAMED_BEHIND)),
    )


def parks_table(model: MonthModel) -> pd.DataFrame:
    """Per park and in total: completion against the annual target and expected progress."""
    figures, parks, total = model.figures, model.parks, model.parks_total
    target_label = provenance_label(figures, "parks", parks["park"], "annual_target")
    district_label = provenance_label(figures, "parks", parks["park"], "district")
    return pd.DataFrame(
        {
            "园区": [*parks["park"], "合计"],
            f"区县{district_label}": [*parks["district"], ""],
            "累计完成（亿元）": [number_or_dash(v) for v in [*parks["completed"], total.value]],
            f"年度目标（亿元）{target_label}": [
                number_or_dash(v) for v in [*parks["annual_target"], total.annual_target]
            ],
            "完成年度目标（%）": [
                number_or_dash(v) for v in [*parks["completion_pct"], total.completion_pct]
            ],
            "比进度要求（个百分点）": [
                points_or_dash(v) for v in [*parks["gap_pp"], total.points_vs_expected]
            ],
            "比进度要求（亿元）": [
                points_or_dash(v)
                for v in [
                    *parks["gap_amount_yi"],
                    total.target.gap_amount_yi if total.target else None,
                ]
            ],
            "剩余月份月均需完成（亿元）": [
                number_or_dash(v)
                for v in [
                    *parks["needed_monthly_yi"],
                    total.target.needed_monthly_yi if total.target else None,
                ]
            ],
            "位次": [*parks["rank"].astype(str), ""],
        }
    )


# --- 五、需要关注的问题 ---------------------------------------------------------------


def concerns_text(model: MonthModel, lang: str = "zh") -> str:
    parks = model.parks
    enterprises = model.figures.enterprises
    return narrative.render(
        "concerns.md.j2",
        lang,
        label=model.label,
        reference=model.parks_total.reference_name,
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


def data_notes(model: MonthModel) -> list[str]:
    """Source, provenance of every figure not published, and the basis of expected progress."""
    bases = [
        f"{p.name}：{p.target.basis_description}（{p.reference_name}{number_or_dash(p.expected_pct)}%）"
        for p in model.headline_indicators
        if p.target
    ]
    return [
        f"数据来源：{model.figures.source}",
        *provenance_notes(model.figures),
        "进度要求的依据：" + "；".join(bases) + "。",
    ]


def quality_checks(model: MonthModel) -> pd.DataFrame:
    """The consistency checks of the month, against the year's earlier releases."""
    earlier = model.releases[:-1]
    frames = [r.indicators.assign(period=str(r.period)) for r in earlier]
    frames += [r.parks.assign(period=str(r.period)) for r in earlier]
    return quality.run_checks(model.figures, quality.history_frame(*frames) if frames else None)


def quality_summary_table(model: MonthModel) -> pd.DataFrame:
    """Each check: how many items it looked at and how many need a look (请核实)."""
    checks = quality_checks(model)
    summary = checks.groupby("check", sort=False)["status"].agg(
        checked="size", warnings=lambda s: int((s == "warning").sum())
    )
    return pd.DataFrame(
        {
            "检查项目": summary.index,
            "检查对象（个）": summary["checked"].to_numpy(),
            "请核实（个）": summary["warnings"].to_numpy(),
        }
    )


def quality_findings_table(model: MonthModel) -> pd.DataFrame:
    """What the checks found to confirm, with the figures."""
    checks = quality_checks(model)
    found = checks.loc[checks["status"] == "warning"]
    return pd.DataFrame(
        {"检查项目": found["check"], "对象": found["item"], "说明": found["detail"]}
    )


# --- helpers ------------------------------------------------------------------------------------


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows for templates, NaN as None so that `is not none` means given."""
    return [
        {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
        for row in frame.to_dict("records")
    ]


def _growth_of(row: dict | None) -> dict | None:
    if row is None:
        return None
    return {**row, "growth": growth_phrase(row["yoy_pct"], given=bool(row["yoy_is_official"]))}


def _ratio_pct(part: float, whole: float) -> float | None:
    return part / whole * 100 if whole else None


def _shares(progress) -> pd.Series:
    return (
        progress.shares
        if progress.shares is not None
        else targets.expected_cumulative_shares("even")
    )


# --- topic notebooks: fuller tables for exploring a month -------------------------------------


def monthly_table(model: MonthModel) -> pd.DataFrame:
    """Single-month values of the headline indicators from the year's cumulative releases."""
    values = history.indicator_history(list(model.releases))
    monthly = series.monthly_from_cumulative(values, keys=["indicator"])
    monthly = monthly.loc[monthly["indicator"] != "fixed_asset_investment"]
    return pd.DataFrame(
        {
            "指标": monthly["indicator"].map(INDICATOR_NAMES),
            "期别": monthly["label"],
            "累计（亿元）": monthly["value"].map(number_or_dash),
            "当期（亿元）": monthly["increment"].map(number_or_dash),
            "当期覆盖月份": monthly["months"],
            "说明": [
                _series_flag(f, g) for f, g in zip(monthly["falling"], monthly["gap"], strict=True)
            ],
        }
    )


def park_monthly_table(model: MonthModel) -> pd.DataFrame:
    """Each park's single-month investment across the year's releases."""
    parks = history.parks_history(list(model.releases))
    monthly = series.monthly_from_cumulative(parks, keys=["park"], value="completed")
    return monthly.pivot_table(index="park", columns="months", values="increment", sort=False).map(
        number_or_dash
    )


def decomposition_table(model: MonthModel, progress) -> pd.DataFrame:
    """目标任务层层分解: the annual target by month and quarter on the basis used."""
    if progress.target is None:
        return pd.DataFrame()
    return formatted(
        targets.decompose_target(progress.annual_target, progress.shares),
        {
            "月份": ("month", None),
            "季度": ("quarter", None),
            "当月目标（亿元）": ("monthly_target", number_or_dash),
            "累计目标（亿元）": ("cumulative_target", number_or_dash),
            "季度目标（亿元）": ("quarter_target", number_or_dash),
        },
    )


def key_enterprises_table(model: MonthModel) -> pd.DataFrame:
    """Enterprises of 年产值5000万元以上 (annualised), largest first."""
    table = operation.key_enterprises(model.figures.enterprises, model.period.months_elapsed)
    growth = zip(table["growth_pct"], table["growth_pct"].notna(), strict=True)
    return pd.DataFrame(
        {
            "企业": table["enterprise"],
            "区县": table["district"],
            "行业": table["industry"],
            "本期产值（亿元）": table["output"].map(number_or_dash),
            "按累计年化产值（亿元）": table["annualised_output"].map(number_or_dash),
            "同比": [growth_cell(g, official) for g, official in growth],
            "生产状态": table["status"],
        }
    )


def issue_table(model: MonthModel) -> pd.DataFrame:
    """The reasons enterprises give for stopping or part-producing, most frequent first."""
    counts = operation.issue_counts(operation.troubled_enterprises(model.figures.enterprises))
    return pd.DataFrame({"存在问题": counts.index, "企业（户）": counts.to_numpy()})


def _series_flag(falling: bool, gap: bool) -> str:
    notes = ["累计数回落，请核实"] if falling else []
    return "；".join([*notes, "上一期数据缺失，当期为多月合计"] if gap else notes)
