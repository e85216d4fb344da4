"""数据质量检查: consistency checks behind the briefing's data-quality appendix.

Each check returns rows of one frame (check, item, status, detail) so the appendix lists what
was checked and what was found: a warning per suspicious figure and, where nothing was found,
one "ok" row saying what was compared. The input is never corrected here; an official growth
rate in particular is always the one quoted (可比口径), a difference is only reported.

Names of checks, items and the wording of details are in templates/labels/<lang>.yml (group
`quality`); every function takes `lang` ("zh" by default, or "en"), amounts are said in the
language's unit. Names from the input (districts, enterprises, projects, parks) stay as written.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from industry_briefing.analysis import series
from industry_briefing.briefing import labels
from industry_briefing.briefing.formatting import (
    format_amount,
    format_number,
    format_pct,
    round_half_up,
)
from industry_briefing.briefing.labels import DEFAULT_LANG
from industry_briefing.core import settings
from industry_briefing.core.periods import Period

COLUMNS = ["check", "item", "status", "detail"]
OK, WARNING = "ok", "warning"

# The checks by key; their names in Chinese (the default) as constants, `check_name` for others.
PARTS_SUM, RATES, UNITS, PRIOR, FALLING, TARGET_CHANGES = (
    "parts_sum",
    "rates",
    "units",
    "prior",
    "falling",
    "target_changes",
)


def check_name(check: str, lang: str = DEFAULT_LANG) -> str:
    """区县合计与全市总量 / "Districts' sum against the city total" …"""
    return labels.label(f"quality.check.{check}", lang)


CHECK_PARTS_SUM = check_name(PARTS_SUM)  # 区县合计与全市总量
CHECK_RATES = check_name(RATES)  # 公布增速与计算增速
CHECK_UNITS = check_name(UNITS)  # 金额单位（万元/亿元）
CHECK_PRIOR = check_name(PRIOR)  # 上年同期数
CHECK_FALLING = check_name(FALLING)  # 累计数回落
CHECK_TARGET_CHANGES = check_name(TARGET_CHANGES)  # 年度目标变动

HISTORY_COLUMNS = ["table", "item", "period", "value", "annual_target"]


def run_checks(
    figures, history: pd.DataFrame | None = None, lang: str = DEFAULT_LANG
) -> pd.DataFrame:
    """Every check on a period's figures (reader.PeriodFigures).

    `history`: earlier releases' indicators and/or parks (see `history_frame`), for the
    checks across releases; the period's own figures are added to it.
    """
    checks = [
        parts_sum_to_totals(figures.indicators, figures.districts, lang),
        stated_vs_computed_rates(figures, lang),
        unit_slips(figures, lang),
        missing_priors(figures, lang),
    ]
    if history is not None:
        releases = with_current_release(history_frame(history), figures)
        checks += [falling_cumulative(releases, lang), changed_targets(releases, lang)]
    return _concat(checks)


# --- (1) parts sum to totals ------------------------------------------------------------------


def parts_sum_to_totals(
    indicators: pd.DataFrame, districts: pd.DataFrame, lang: str = DEFAULT_LANG
) -> pd.DataFrame:
    """Per indicator the districts report: their sum against the city's figure."""
    city = indicators.set_index("indicator")["value"]
    say = _Sayer(PARTS_SUM, lang)
    rows = []
    for code, parts in districts.groupby("indicator", sort=False):
        name = _indicator_name(code, lang)
        total = city.get(code)
        if total is None or pd.isna(total):
            rows.append(say(name, WARNING, "no_city_total", name=name))
            continue
        rows.append(_sum_row(say, name, len(parts), float(parts["value"].sum()), float(total)))
    return _frame(rows)


def _sum_row(say, name: str, count: int, parts: float, total: float) -> dict:
    difference = parts - total
    said = {"count": count, "parts": say.amount(parts), "total": say.amount(total)}
    if abs(difference) <= settings.SUM_TOLERANCE_YI + 1e-9:
        return say(name, OK, "sum_ok", **said)
    if difference < 0:
        return say(name, WARNING, "sum_short", **said, difference=say.amount(-difference))
    return say(name, WARNING, "sum_over", **said, difference=say.amount(difference))


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


def stated_vs_computed_rates(figures, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Official growth rates against value/prior − 1 where both a rate and a prior are given."""
    say = _Sayer(RATES, lang)
    return _concat(
        [
            _rate_rows(say, _named(figures.indicators, lang), "value", "prior_value"),
            _rate_rows(say, _named(figures.districts, lang), "value", "prior_value"),
            _rate_rows(say, _named(figures.enterprises, lang), "output", "prior_output"),
        ]
    )


def _rate_rows(say, frame: pd.DataFrame, value: str, prior: str) -> pd.DataFrame:
    both = frame.loc[frame["growth_pct"].notna() & frame[prior].notna()]
    rows = []
    for row in both.itertuples(index=False):
        computed = (getattr(row, value) / getattr(row, prior) - 1) * 100
        difference = _shown(row.growth_pct - computed)
        said = {
            "stated": format_pct(row.growth_pct, given=True),
            "prior": say.amount(getattr(row, prior)),
            "computed": format_pct(computed),
            "difference": say.points(abs(difference)),
        }
        if abs(difference) <= settings.RATE_TOLERANCE_PP:
            rows.append(say(row.item, OK, "rate", **said))
        else:
            tolerance = say.points(settings.RATE_TOLERANCE_PP)
            rows.append(say(row.item, WARNING, "rate_off", **said, tolerance=tolerance))
    return _frame(rows)


# --- (3) 万元 entered as 亿元 ----------------------------------------------------------------


def unit_slips(figures, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Amounts that look like a unit slip: far off their prior, or larger than their whole.

    The wholes a single enterprise, project or park (1-N月, like them) cannot exceed: the
    city's industrial output, and its fixed-asset investment.
    """
    totals = figures.indicators.set_index("indicator")["value"]
    output = ("whole_output", totals.get("industrial_output"))
    fixed_assets = ("whole_fixed_assets", totals.get("fixed_asset_investment"))
    say = _Sayer(UNITS, lang)
    enterprises, projects = _named(figures.enterprises, lang), _named(figures.projects, lang)
    return _concat(
        [
            _ratio_rows(
                say, _named(figures.indicators, lang), "value", "prior_value", "indicators"
            ),
            _ratio_rows(say, _named(figures.districts, lang), "value", "prior_value", "districts"),
            _ratio_rows(say, enterprises, "output", "prior_output", "enterprise_output"),
            _above_whole(say, enterprises, "output", "enterprise_output", output),
            _above_whole(say, projects, "completed", "project_completed", fixed_assets),
            _above_whole(
                say, _named(figures.parks, lang), "completed", "park_completed", fixed_assets
            ),
            _above_total_investment(say, projects),
        ]
    )


def _ratio_rows(say, frame: pd.DataFrame, value: str, prior: str, what: str) -> pd.DataFrame:
    """A value 1000 times its prior (or a thousandth of it): 万元 and 亿元 mixed up."""
    both = frame.loc[frame[value].notna() & frame[prior].notna() & (frame[prior] > 0)]
    if both.empty:
        return _frame([])
    ratio = both[value] / both[prior]
    limit = format_number(settings.UNIT_SLIP_RATIO)
    odd = both.loc[(ratio >= settings.UNIT_SLIP_RATIO) | (ratio <= 1 / settings.UNIT_SLIP_RATIO)]
    rows = [
        say(
            row.item,
            WARNING,
            "ratio_off",
            value=say.amount(row_value),
            prior=say.amount(row_prior),
            limit=limit,
        )
        for row, row_value, row_prior in zip(
            odd.itertuples(index=False), odd[value], odd[prior], strict=True
        )
    ]
    if not rows:
        rows.append(say(say.item(what), OK, "ratio_ok", count=len(both), limit=limit))
    return _frame(rows)


def _above_whole(say, frame: pd.DataFrame, column: str, what: str, whole: tuple):
    """A part (one enterprise, project or park) larger than the city's whole."""
    whole_key, whole_value = whole
    parts = frame.loc[frame[column].notna()]
    if parts.empty or whole_value is None or pd.isna(whole_value):
        return _frame([])
    said_whole = say.text(whole_key, amount=say.amount(whole_value))
    rows = [
        say(
            row.item,
            WARNING,
            "above_whole",
            what=say.item(what),
            amount=say.amount(getattr(row, column)),
            whole=said_whole,
        )
        for row in parts.loc[parts[column] > whole_value].itertuples(index=False)
    ]
    if not rows:
        item = say.item(what)
        rows.append(say(item, OK, "within_whole", what=item, count=len(parts), whole=said_whole))
    return _frame(rows)


def _above_total_investment(say, projects: pd.DataFrame) -> pd.DataFrame:
    """A project's completed investment or annual plan above its total investment."""
    rows = []
    with_total = projects.loc[projects["total_investment"].notna()]
    for row in with_total.itertuples(index=False):
        total = say.amount(row.total_investment)
        if row.completed > row.total_investment:
            amount = say.amount(row.completed)
            rows.append(say(row.item, WARNING, "completed_above_total", amount=amount, total=total))
        if pd.notna(row.annual_plan) and row.annual_plan > row.total_investment:
            amount = say.amount(row.annual_plan)
            rows.append(say(row.item, WARNING, "plan_above_total", amount=amount, total=total))
    if not rows and not with_total.empty:
        item = say.item("total_investment")
        rows.append(say(item, OK, "within_total", count=len(with_total)))
    return _frame(rows)


# --- (4) missing prior values -----------------------------------------------------------------


def missing_priors(figures, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Rows with neither a prior-year figure nor a growth rate: no year-on-year rate possible."""
    say = _Sayer(PRIOR, lang)
    return _concat(
        [
            _prior_rows(say, _named(figures.indicators, lang), "prior_value", "indicators"),
            _prior_rows(say, _named(figures.districts, lang), "prior_value", "districts"),
            _prior_rows(say, _named(figures.enterprises, lang), "prior_output", "enterprises"),
        ]
    )


def _prior_rows(say, frame: pd.DataFrame, prior: str, what: str) -> pd.DataFrame:
    if frame.empty:
        return _frame([])
    missing = frame[prior].isna() & frame["growth_pct"].isna()
    rows = [say(item, WARNING, "no_prior") for item in frame.loc[missing, "item"]]
    if not rows:
        counted = say.text(f"counted.{what}", count=len(frame))
        rows.append(say(say.item(what), OK, "priors_ok", counted=counted))
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


def falling_cumulative(releases: pd.DataFrame, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Cumulative figures lower than the previous release of the same year (flagged, kept)."""
    if not _several_releases(releases):
        return _frame([])
    say = _Sayer(FALLING, lang)
    increments = series.monthly_from_cumulative(releases, keys=["table", "item"])
    rows = [
        say(
            _item_name(row.table, row.item, lang),
            WARNING,
            "fell",
            period=_label(row.period, lang),
            value=say.amount(row.value),
            previous_period=_label(row.previous_period, lang),
            previous=say.amount(row.value - row.increment),
            fall=say.amount(-row.increment),
        )
        for row in increments.loc[increments["falling"]].itertuples(index=False)
    ]
    if not rows:
        differenced = increments["previous_period"].notna().sum()
        rows.append(say(say.item("all"), OK, "none_fell", count=differenced))
    return _frame(rows)


def changed_targets(releases: pd.DataFrame, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """Annual targets that differ from the previous release of the same year."""
    if not _several_releases(releases):
        return _frame([])
    say = _Sayer(TARGET_CHANGES, lang)
    changes = series.target_changes(releases, keys=["table", "item"])
    rows = [
        say(
            _item_name(row.table, row.item, lang),
            WARNING,
            "target_changed",
            previous=say.amount(row.previous_target),
            previous_period=_label(row.previous_period, lang),
            target=say.amount(row.target),
            period=_label(row.period, lang),
        )
        for row in changes.itertuples(index=False)
    ]
    if not rows:
        rows.append(say(say.item("all"), OK, "targets_unchanged"))
    return _frame(rows)


def _several_releases(releases: pd.DataFrame) -> bool:
    """Whether some year has two releases or more: only then is there anything to compare."""
    years = releases["period"].astype(str).drop_duplicates().str[:4]
    return bool(years.duplicated().any())


# --- helpers ----------------------------------------------------------------------------------


def _named(frame: pd.DataFrame, lang: str = DEFAULT_LANG) -> pd.DataFrame:
    """The frame with an `item` column naming each row as the appendix shows it."""

    def indicator(code):
        return _indicator_name(code, lang)

    if "district" in frame.columns and "indicator" in frame.columns:
        names = frame["indicator"].map(indicator)
        return frame.assign(item=frame["district"].astype(str) + "/" + names.astype(str))
    for key in ("indicator", "enterprise", "project", "park"):
        if key in frame.columns:
            names = frame[key].map(indicator) if key == "indicator" else frame[key]
            return frame.assign(item=names.astype(str))
    raise ValueError(f"no key column to name rows by among {list(frame.columns)}")


def _indicator_name(code: str, lang: str = DEFAULT_LANG) -> str:
    """The indicator's name (an unknown code as it is)."""
    try:
        return labels.indicator_name(code, lang)
    except KeyError:
        return code


def _item_name(table: str, item: str, lang: str = DEFAULT_LANG) -> str:
    return _indicator_name(item, lang) if table == "indicators" else str(item)


def _label(period: str, lang: str = DEFAULT_LANG) -> str:
    """2011年1-3月 / January–March 2011: releases compared may come from different years."""
    parsed = Period.parse(period)
    label = labels.period_label(parsed, lang)
    return labels.label("quality.period", lang, year=parsed.year, label=label)


def _shown(value: float) -> float:
    """A difference as it is printed, so "相差1个百分点" is never reported as above 1."""
    return float(round_half_up(value))


def _row(check: str, item: str, status: str, detail: str) -> dict:
    return {"check": check, "item": item, "status": status, "detail": detail}


class _Sayer:
    """The rows of one check in one language: names and wording from the labels file."""

    def __init__(self, check: str, lang: str):
        self.check, self.lang = check, lang
        self.name = check_name(check, lang)

    def __call__(self, item: str, status: str, detail: str, **fields) -> dict:
        return _row(self.name, item, status, self.text(f"detail.{detail}", **fields))

    def text(self, key: str, **fields) -> str:
        return labels.label(f"quality.{key}", self.lang, **fields)

    def item(self, key: str) -> str:
        """A name the check gives to what it looked at as a whole (指标, 全部 …)."""
        return self.text(f"item.{key}")

    def amount(self, value_yi: float) -> str:
        return format_amount(value_yi, self.lang)

    def points(self, value: float) -> str:
        key = "points.one" if value == 1 else "points.many"
        return labels.label(key, self.lang, points=format_number(value))


def _frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else _frame([])
