"""数据质量检查: consistency checks behind the briefing's data-quality appendix.

Each check returns rows of one frame (check, item, status, detail) so the appendix lists what
was checked and what was found: a warning per suspicious figure and, where nothing was found,
one "ok" row saying what was compared. The input is never corrected here; an official growth
rate in particular is always the one quoted (可比口径), a difference is only reported.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from industry_briefing import series, settings
from industry_briefing.contract import INDICATOR_NAMES
from industry_briefing.formatting import format_amount, format_number, format_pct, round_half_up
from industry_briefing.periods import Period

COLUMNS = ["check", "item", "status", "detail"]
OK, WARNING = "ok", "warning"

CHECK_PARTS_SUM = "区县合计与全市总量"
CHECK_RATES = "公布增速与计算增速"
CHECK_UNITS = "金额单位（万元/亿元）"
CHECK_PRIOR = "上年同期数"
CHECK_FALLING = "累计数回落"
CHECK_TARGET_CHANGES = "年度目标变动"

HISTORY_COLUMNS = ["table", "item", "period", "value", "annual_target"]


def run_checks(figures, history: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every check on a period's figures (reader.PeriodFigures).

    `history`: earlier releases' indicators and/or parks (see `history_frame`), for the
    checks across releases; the period's own figures are added to it.
    """
    checks = [
        parts_sum_to_totals(figures.indicators, figures.districts),
        stated_vs_computed_rates(figures),
        unit_slips(figures),
        missing_priors(figures),
    ]
    if history is not None:
        releases = with_current_release(history_frame(history), figures)
        checks += [falling_cumulative(releases), changed_targets(releases)]
    return _concat(checks)


# --- (1) parts sum to totals ------------------------------------------------------------------


def parts_sum_to_totals(indicators: pd.DataFrame, districts: pd.DataFrame) -> pd.DataFrame:
    """Per indicator the districts report: their sum against the city's figure."""
    city = indicators.set_index("indicator")["value"]
    rows = []
    for code, parts in districts.groupby("indicator", sort=False):
        name = _indicator_name(code)
        total = city.get(code)
        if total is None or pd.isna(total):
            detail = f"区县数据含{name}，全市指标表没有此指标，无法核对合计"
            rows.append(_row(CHECK_PARTS_SUM, name, WARNING, detail))
            continue
        rows.append(_sum_row(name, len(parts), float(parts["value"].sum()), float(total)))
    return _frame(rows)


def _sum_row(name: str, count: int, parts: float, total: float) -> dict:
    difference = parts - total
    said = f"{count}个区县合计{format_amount(parts)}，全市{format_amount(total)}"
    if abs(difference) <= settings.SUM_TOLERANCE_YI + 1e-9:
        return _row(CHECK_PARTS_SUM, name, OK, f"{said}，一致")
    if difference < 0:
        detail = f"{said}，区县合计少{format_amount(-difference)}（可能有区县未报）"
    else:
        detail = f"{said}，区县合计多{format_amount(difference)}，分项之和不应超过总量"
    return _row(CHECK_PARTS_SUM, name, WARNING, detail)


# --- (2) stated rates against computed ones ---------------------------------------------------


def multiple_matches_growth(multiple: float, growth_pct: float) -> bool:
    """Whether a stated multiple (为去年同期的N倍) agrees with a stated growth rate.

    multiple = 1 + growth/100 (3.59倍 is growth of 259%, not 359%), within the rounding of
    the two figures as written: 3.59 is 3.585..3.595 and 259 is 258.5..259.5 (±0.005 times).
    """
    slack = _half_unit(multiple) + _half_unit(growth_pct) / 100
    return abs(multiple - (1 + growth_pct / 100)) <= slack + 1e-9


def _half_unit(value: float) -> float:
    """Half a unit in the last decimal the figure was written with (27.6 -> 0.05)."""
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return 0.5 * 10.0 ** min(int(exponent), 0)


def stated_vs_computed_rates(figures) -> pd.DataFrame:
    """Official growth rates against value/prior − 1 where both a rate and a prior are given."""
    return _concat(
        [
            _rate_rows(_named(figures.indicators), "value", "prior_value"),
            _rate_rows(_named(figures.districts), "value", "prior_value"),
            _rate_rows(_named(figures.enterprises), "output", "prior_output"),
        ]
    )


def _rate_rows(frame: pd.DataFrame, value: str, prior: str) -> pd.DataFrame:
    both = frame.loc[frame["growth_pct"].notna() & frame[prior].notna()]
    rows = []
    for row in both.itertuples(index=False):
        computed = (getattr(row, value) / getattr(row, prior) - 1) * 100
        difference = _shown(row.growth_pct - computed)
        detail = (
            f"公布增速{format_pct(row.growth_pct, given=True)}，按上年同期"
            f"{format_amount(getattr(row, prior))}计算为{format_pct(computed)}，"
            f"相差{format_number(abs(difference))}个百分点"
        )
        if abs(difference) <= settings.RATE_TOLERANCE_PP:
            rows.append(_row(CHECK_RATES, row.item, OK, detail))
        else:
            detail += (
                f"，超过{format_number(settings.RATE_TOLERANCE_PP)}个百分点；"
                "简报采用公布的可比口径增速，请核实上年同期数"
            )
            rows.append(_row(CHECK_RATES, row.item, WARNING, detail))
    return _frame(rows)


# --- (3) 万元 entered as 亿元 ----------------------------------------------------------------


# The city's wholes a single enterprise, project or park (1-N月, like them) cannot exceed.
OUTPUT = "全市规模以上工业总产值"
FAI = "全市固定资产投资"


def unit_slips(figures) -> pd.DataFrame:
    """Amounts that look like a unit slip: far off their prior, or larger than their whole."""
    totals = figures.indicators.set_index("indicator")["value"]
    output = totals.get("industrial_output")
    fixed_assets = totals.get("fixed_asset_investment")
    return _concat(
        [
            _ratio_rows(_named(figures.indicators), "value", "prior_value", "指标"),
            _ratio_rows(_named(figures.districts), "value", "prior_value", "区县指标"),
            _ratio_rows(_named(figures.enterprises), "output", "prior_output", "企业产值"),
            _above_whole(_named(figures.enterprises), "output", "企业产值", output, OUTPUT),
            _above_whole(_named(figures.projects), "completed", "项目完成投资", fixed_assets, FAI),
            _above_whole(_named(figures.parks), "completed", "园区完成投资", fixed_assets, FAI),
            _above_total_investment(_named(figures.projects)),
        ]
    )


def _ratio_rows(frame: pd.DataFrame, value: str, prior: str, what: str) -> pd.DataFrame:
    """A value 1000 times its prior (or a thousandth of it): 万元 and 亿元 mixed up."""
    both = frame.loc[frame[value].notna() & frame[prior].notna() & (frame[prior] > 0)]
    if both.empty:
        return _frame([])
    ratio = both[value] / both[prior]
    limit = settings.UNIT_SLIP_RATIO
    odd = both.loc[(ratio >= limit) | (ratio <= 1 / limit)]
    rows = [
        _row(
            CHECK_UNITS,
            row.item,
            WARNING,
            f"本期{format_amount(row_value)}，上年同期{format_amount(row_prior)}，"
            f"相差{format_number(limit)}倍以上，疑为万元与亿元混填",
        )
        for row, row_value, row_prior in zip(
            odd.itertuples(index=False), odd[value], odd[prior], strict=True
        )
    ]
    if not rows:
        detail = f"{len(both)}行本期数与上年同期数之比均在千分之一至{format_number(limit)}倍之间"
        rows.append(_row(CHECK_UNITS, what, OK, detail))
    return _frame(rows)


def _above_whole(frame: pd.DataFrame, column: str, what: str, whole, whole_name: str):
    """A part (one enterprise, project or park) larger than the city's whole."""
    parts = frame.loc[frame[column].notna()]
    if parts.empty or whole is None or pd.isna(whole):
        return _frame([])
    said_whole = f"{whole_name}{format_amount(whole)}"
    rows = [
        _row(
            CHECK_UNITS,
            row.item,
            WARNING,
            f"{what}{format_amount(getattr(row, column))}，超过{said_whole}，疑为万元按亿元填报",
        )
        for row in parts.loc[parts[column] > whole].itertuples(index=False)
    ]
    if not rows:
        detail = f"{what}（{len(parts)}项）均不超过{said_whole}"
        rows.append(_row(CHECK_UNITS, what, OK, detail))
    return _frame(rows)


def _above_total_investment(projects: pd.DataFrame) -> pd.DataFrame:
    """A project's completed investment or annual plan above its total investment."""
    rows = []
    with_total = projects.loc[projects["total_investment"].notna()]
    for row in with_total.itertuples(index=False):
        total = f"总投资{format_amount(row.total_investment)}"
        if row.completed > row.total_investment:
            detail = f"累计完成{format_amount(row.completed)}，超过{total}，疑为单位填错"
            rows.append(_row(CHECK_UNITS, row.item, WARNING, detail))
        if pd.notna(row.annual_plan) and row.annual_plan > row.total_investment:
            detail = f"年度计划{format_amount(row.annual_plan)}，超过{total}，疑为单位填错"
            rows.append(_row(CHECK_UNITS, row.item, WARNING, detail))
    if not rows and not with_total.empty:
        detail = f"{len(with_total)}个项目的累计完成和年度计划均不超过总投资"
        rows.append(_row(CHECK_UNITS, "项目总投资", OK, detail))
    return _frame(rows)


# --- (4) missing prior values -----------------------------------------------------------------


def missing_priors(figures) -> pd.DataFrame:
    """Rows with neither a prior-year figure nor a growth rate: no year-on-year rate possible."""
    return _concat(
        [
            _prior_rows(_named(figures.indicators), "prior_value", "指标", "项指标"),
            _prior_rows(_named(figures.districts), "prior_value", "区县指标", "行区县指标"),
            _prior_rows(_named(figures.enterprises), "prior_output", "企业", "家企业"),
        ]
    )


def _prior_rows(frame: pd.DataFrame, prior: str, what: str, counted: str) -> pd.DataFrame:
    if frame.empty:
        return _frame([])
    missing = frame[prior].isna() & frame["growth_pct"].isna()
    rows = [
        _row(CHECK_PRIOR, item, WARNING, "未给出上年同期数和同比增长率，无法给出同比增速")
        for item in frame.loc[missing, "item"]
    ]
    if not rows:
        detail = f"{len(frame)}{counted}均有上年同期数或同比增长率"
        rows.append(_row(CHECK_PRIOR, what, OK, detail))
    return _frame(rows)


# --- (5) across releases ----------------------------------------------------------------------


def history_frame(*frames: pd.DataFrame) -> pd.DataFrame:
    """Earlier releases in one long frame: table, item, period, value, annual_target.

    Accepts frames with period and either indicator + value (indicators, as in
    history.indicator_history) or park + completed (parks, as in history.parks_history), or
    frames already in this form.
    """
    return pd.concat([_history_rows(frame) for frame in frames], ignore_index=True)


def _history_rows(frame: pd.DataFrame) -> pd.DataFrame:
    if "item" in frame.columns:
        long = frame
    elif "indicator" in frame.columns:
        long = frame.assign(table="indicators", item=frame["indicator"])
    elif "park" in frame.columns:
        long = frame.assign(table="parks", item=frame["park"], value=frame["completed"])
    else:
        raise ValueError("history needs an indicator, park or item column beside period")
    if "annual_target" not in long.columns:
        long = long.assign(annual_target=float("nan"))
    return long[HISTORY_COLUMNS]


def with_current_release(history: pd.DataFrame, figures) -> pd.DataFrame:
    """History plus the period's own indicators and parks (they replace rows of that period)."""
    period = str(figures.period)
    current = history_frame(
        figures.indicators.assign(period=period), figures.parks.assign(period=period)
    )
    earlier = history.loc[history["period"].astype(str) != period]
    return pd.concat([earlier, current], ignore_index=True)


def falling_cumulative(releases: pd.DataFrame) -> pd.DataFrame:
    """Cumulative figures lower than the previous release of the same year (flagged, kept)."""
    if not _several_releases(releases):
        return _frame([])
    increments = series.monthly_from_cumulative(releases, keys=["table", "item"])
    rows = [
        _row(
            CHECK_FALLING,
            _item_name(row.table, row.item),
            WARNING,
            f"{_label(row.period)}累计{format_amount(row.value)}，"
            f"低于{_label(row.previous_period)}的{format_amount(row.value - row.increment)}，"
            f"回落{format_amount(-row.increment)}；请核实是否修订",
        )
        for row in increments.loc[increments["falling"]].itertuples(index=False)
    ]
    if not rows:
        differenced = increments["previous_period"].notna().sum()
        detail = f"{differenced}个相邻期间的累计数均未回落"
        rows.append(_row(CHECK_FALLING, "全部", OK, detail))
    return _frame(rows)


def changed_targets(releases: pd.DataFrame) -> pd.DataFrame:
    """Annual targets that differ from the previous release of the same year."""
    if not _several_releases(releases):
        return _frame([])
    changes = series.target_changes(releases, keys=["table", "item"])
    rows = [
        _row(
            CHECK_TARGET_CHANGES,
            _item_name(row.table, row.item),
            WARNING,
            f"年度目标由{format_amount(row.previous_target)}（{_label(row.previous_period)}）"
            f"变为{format_amount(row.target)}（{_label(row.period)}）",
        )
        for row in changes.itertuples(index=False)
    ]
    if not rows:
        rows.append(_row(CHECK_TARGET_CHANGES, "全部", OK, "各期年度目标未变"))
    return _frame(rows)


def _several_releases(releases: pd.DataFrame) -> bool:
    """Whether some year has two releases or more: only then is there anything to compare."""
    years = releases["period"].astype(str).drop_duplicates().str[:4]
    return bool(years.duplicated().any())


# --- helpers ----------------------------------------------------------------------------------


def _named(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with an `item` column naming each row as the appendix shows it."""
    if "district" in frame.columns and "indicator" in frame.columns:
        names = frame["indicator"].map(_indicator_name)
        return frame.assign(item=frame["district"].astype(str) + "/" + names.astype(str))
    for key in ("indicator", "enterprise", "project", "park"):
        if key in frame.columns:
            names = frame[key].map(_indicator_name) if key == "indicator" else frame[key]
            return frame.assign(item=names.astype(str))
    raise ValueError(f"no key column to name rows by among {list(frame.columns)}")


def _indicator_name(code: str) -> str:
    return INDICATOR_NAMES.get(code, code)


def _item_name(table: str, item: str) -> str:
    return _indicator_name(item) if table == "indicators" else str(item)


def _label(period: str) -> str:
    """2011年1-3月: releases compared may come from different years."""
    parsed = Period.parse(period)
    return f"{parsed.year}年{parsed.label}"


def _shown(value: float) -> float:
    """A difference as it is printed, so "相差1个百分点" is never reported as above 1."""
    return float(round_half_up(value))


def _row(check: str, item: str, status: str, detail: str) -> dict:
    return {"check": check, "item": item, "status": status, "detail": detail}


def _frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else _frame([])
