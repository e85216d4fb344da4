"""Every period, year and region of the warehouse as long frames, for the explore notebook.

One row per release and item (an indicator, a park, a district's indicator, an enterprise, a
project): its cumulative value, the single-month value derived from consecutive releases
(series.monthly_from_cumulative: 1-2月 is the first release of a year, never split), the
same period last year (the release's own 上年同期 where it gives one, else last year's release
of the same month), the growth (progress.year_on_year_columns: official where published, else
computed and marked) and the provenance of the value (published, derived, illustrative).
Numbers and codes only; the briefing layer says them.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from industry_briefing.analysis import loading, series
from industry_briefing.analysis.model import MonthModel
from industry_briefing.analysis.progress import year_on_year_columns
from industry_briefing.contract.catalogue import Catalogue, catalogue_of
from industry_briefing.contract.provenance import provenance_of
from industry_briefing.core import settings
from industry_briefing.core.figures import TABLE_NAMES, PeriodFigures
from industry_briefing.core.periods import Period
from industry_briefing.store import browse, warehouse


@dataclass(frozen=True)
class SeriesSpec:
    """Where an item's cumulative value, last year's figure and official growth are."""

    table: str
    keys: tuple[str, ...]  # what names one item within a release
    value: str  # the cumulative value (1-N月)
    prior: str | None = None  # the release's own 上年同期, where the table has one
    official: str | None = None  # the published growth rate, where the table has one
    target: str | None = None  # the annual target (or plan) the value completes


# An indicator keeps the unit it was entered in: a change of unit starts another series.
SERIES = {
    "indicator": SeriesSpec(
        "indicators", ("indicator", "unit"), "value", "prior_value", "growth_pct", "annual_target"
    ),
    "park": SeriesSpec("parks", ("park",), "completed", target="annual_target"),
    "district": SeriesSpec(
        "districts",
        ("district", "indicator"),
        "value",
        "prior_value",
        "growth_pct",
        "annual_target",
    ),
    "enterprise": SeriesSpec(
        "enterprises", ("enterprise",), "output", "prior_output", "growth_pct"
    ),
    "project": SeriesSpec("projects", ("project",), "completed", target="annual_plan"),
}
# The columns every long frame ends with, after the item's keys and its other columns.
MEASURES = [
    "value",
    "single_month",
    "single_month_from",  # the first month it covers (1 for 1-2月, 4 for 4-5月); to `month`
    "single_month_gap",  # a release is missing before it: it covers several months
    "single_month_falling",  # the cumulative value fell: a revision or a slip, to check
    "last_year_value",
    "last_year_given",  # True: the release's own 上年同期; False: last year's release
    "growth_pct",
    "growth_official",  # True: published; False: computed from last_year_value
    "completion_pct",  # value as % of the annual target (or plan), where there is one
    "provenance",  # published, derived or illustrative: of the value
]
HEAD = ["region", "period", "year", "month"]


@dataclass(frozen=True)
class Explorer:
    """The warehouse's releases (of one region, or of all) after the data dir was stocked."""

    warehouse: Path
    releases: tuple[PeriodFigures, ...]  # oldest first, regions in turn
    stocked: loading.Stocked

    @property
    def regions(self) -> list[str]:
        return sorted({r.region for r in self.releases})

    @property
    def periods(self) -> list[Period]:
        return sorted({r.period for r in self.releases})

    @property
    def region(self) -> str:
        """The region explored: the one asked for, else the first of the warehouse's."""
        return self.regions[0] if self.regions else ""

    def latest(self, region: str = "") -> PeriodFigures:
        """The newest release (of `region`, or of the first region)."""
        region = region or self.regions[0]
        return max((r for r in self.releases if r.region == region), key=lambda r: r.period)

    def catalogue(self) -> Catalogue:
        """The catalogue with the regions' own indicators (those of each newest release)."""
        found = catalogue_of(None)
        for region in self.regions:
            found = found.with_region(
                catalogue_of(self.latest(region).regional_indicators).regional
            )
        return found


def open_explorer(
    data_dir: str = "",
    warehouse_path: str = "",
    region: str = "",
    on_each: loading.Progress | None = None,
) -> Explorer:
    """Every period of the data dir stocked in the warehouse, then every release of `region`
    (empty: of every region) loaded through one read-only connection."""
    stocked = loading.stock_warehouse(data_dir, warehouse_path, on_each)
    db = settings.resolve_path(warehouse_path, settings.WAREHOUSE_PATH)
    stored = browse.stored_periods(db)
    if region and region not in stored:
        known = ", ".join(stored) or "none"
        raise LookupError(f"region {region!r} is not in the warehouse {db} (regions: {known})")
    if not stored:
        root = settings.resolve_path(data_dir, settings.RAW_DATA_DIR)
        raise LookupError(f"the warehouse {db} holds no period, and {root} none that reads")
    wanted = {region: stored[region]} if region else stored
    with warehouse.reading(db):
        loaded = [
            release
            for name, periods in wanted.items()
            for release in warehouse.load_periods(db, list(periods), name)
        ]
    return Explorer(db, tuple(loaded), stocked)


def across_periods(
    releases: Sequence[PeriodFigures], kind: str, flows: set[str] | None = None
) -> pd.DataFrame:
    """The long frame of one kind of item (SERIES) across the releases: HEAD, the item's
    keys, the table's other columns, then MEASURES. `flows`: for indicators, the codes whose
    single-month value means something (cumulative flows; a level or a ratio has none); None:
    every one."""
    spec = SERIES[kind]
    stacked = _stacked(releases, spec)
    monthly = _single_months(stacked, spec, flows)
    growth = year_on_year_columns(
        _with_last_year(monthly, spec), prior="last_year_value", official="_official"
    )
    done = growth.assign(
        growth_pct=growth["yoy_pct"],
        growth_official=growth["yoy_is_official"],
        provenance=growth["_provenance"],
        completion_pct=_completion(growth, spec),
    )
    own = {*HEAD, *spec.keys, "value", "_prior", "_official", "_provenance"}
    others = [c for c in stacked.columns if c not in own]
    ordered = done[[*HEAD, *spec.keys, *others, *MEASURES]]
    return ordered.sort_values(["region", *spec.keys, "period"], kind="stable").reset_index(
        drop=True
    )


def _single_months(stacked: pd.DataFrame, spec: SeriesSpec, flows: set[str] | None) -> pd.DataFrame:
    """The single-month columns, from consecutive releases of the same region, item and year."""
    monthly = series.monthly_from_cumulative(stacked, keys=["region", *spec.keys])
    first = monthly["previous_period"].map(
        lambda previous: 1 if previous is None or pd.isna(previous) else int(previous[5:]) + 1
    )
    monthly = monthly.assign(
        single_month=monthly["increment"],
        single_month_from=first.where(monthly["increment"].notna()).astype("Int64"),
        single_month_gap=monthly["gap"],
        single_month_falling=monthly["falling"],
    )
    if flows is not None and "indicator" in spec.keys:
        level = ~monthly["indicator"].isin(flows)
        monthly.loc[level, "single_month"] = float("nan")
        monthly.loc[level, "single_month_from"] = pd.NA
        monthly.loc[level, ["single_month_gap", "single_month_falling"]] = False
    return monthly


def _stacked(releases: Sequence[PeriodFigures], spec: SeriesSpec) -> pd.DataFrame:
    """Each release's table under one another, the value, prior and official columns renamed
    to value, _prior and _official (empty where the table has none); amounts' unit column
    dropped where it is not a key (they are all held in 亿元)."""
    frames: list[pd.DataFrame] = []
    for release in releases:
        table = release.table(spec.table)
        if table.empty and frames:
            continue  # an empty first one is kept: no release with rows gives no rows, not an error
        keys = table[list(spec.keys)].itertuples(index=False, name=None)
        kinds = [
            provenance_of(release, spec.table, key if len(key) > 1 else key[0], spec.value)
            for key in keys
        ]
        frames.append(
            table.assign(
                region=release.region,
                period=str(release.period),
                year=release.period.year,
                month=release.period.month,
                _provenance=kinds,
            )
        )
    if not frames:
        raise LookupError("the warehouse holds no release")
    stacked = pd.concat([f for f in frames if not f.empty] or frames[:1], ignore_index=True)
    # An item's key left empty (an indicator without a unit) still names one series.
    stacked[list(spec.keys)] = stacked[list(spec.keys)].fillna("")
    renamed = stacked.rename(columns={spec.value: "value"})
    renamed["_prior"] = stacked[spec.prior] if spec.prior else float("nan")
    renamed["_official"] = stacked[spec.official] if spec.official else float("nan")
    dropped = [c for c in (spec.prior, spec.official) if c]
    dropped += [] if "unit" in spec.keys else ["unit"]
    return renamed.drop(columns=[c for c in dropped if c in renamed.columns])


def _completion(frame: pd.DataFrame, spec: SeriesSpec) -> pd.Series:
    """value as % of the target: none without one, or against a target of 0."""
    if spec.target is None:
        return pd.Series(float("nan"), index=frame.index)
    target = frame[spec.target]
    return frame["value"] / target.where(target > 0) * 100


def _with_last_year(monthly: pd.DataFrame, spec: SeriesSpec) -> pd.DataFrame:
    """last_year_value: the release's own 上年同期, else the value of last year's release of the
    same month and item (none where neither is there: missing, never 0)."""
    keys = ["region", *spec.keys, "month"]
    earlier = monthly[[*keys, "year", "value"]].assign(year=lambda df: df["year"] + 1)
    earlier = earlier.rename(columns={"value": "_last_release"})
    merged = monthly.merge(earlier, on=[*keys, "year"], how="left", validate="many_to_one")
    given = merged["_prior"].notna()
    return merged.assign(
        last_year_value=merged["_prior"].where(given, merged["_last_release"]),
        last_year_given=given,
    ).drop(columns=["_last_release"])


def flow_codes(catalogue: Catalogue) -> set[str]:
    """The indicators that are cumulative flows: a single-month value is their difference."""
    return {code for code, i in catalogue.indicators.items() if i.entry.kind == "flow"}


def indicator_code(explorer: Explorer, name: str) -> str:
    """The code of an indicator named by its code, Chinese name or an alias."""
    found = explorer.catalogue().find(name)
    if found is None:
        near = explorer.catalogue().nearest(name)
        hint = f" (did you mean {near.code}, {near.name}?)" if near else ""
        raise LookupError(f"no indicator {name!r} in the catalogue{hint}")
    return found.code


def named(frame: pd.DataFrame, column: str, name: str) -> pd.DataFrame:
    """The rows of one item (a park, a district, an enterprise …) by its name as the input
    writes it; every row when `name` is empty."""
    if not name:
        return frame
    rows = frame.loc[frame[column] == name]
    if rows.empty:
        names = sorted(set(frame[column]))
        close = difflib.get_close_matches(name, names, n=3, cutoff=0.3)
        shown = close or names[:5]
        raise LookupError(f"no {column} {name!r} in the warehouse; e.g. {', '.join(shown)}")
    return rows


def latest_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of each region's newest release."""
    newest = frame.groupby("region")["period"].transform("max")
    return frame.loc[frame["period"] == newest].reset_index(drop=True)


def by_year(frame: pd.DataFrame) -> pd.DataFrame:
    """One item's cumulative value by year and month, for a chart of this year against last:
    each release's value, and a year without releases filled from the releases' 上年同期
    (source "last_year"), never from a guess. Columns: year, month, value, source."""
    released = frame[["year", "month", "value"]].assign(source="release")
    prior = frame.loc[frame["last_year_value"].notna(), ["year", "month", "last_year_value"]]
    reported = prior.assign(year=prior["year"] - 1, source="last_year").rename(
        columns={"last_year_value": "value"}
    )
    both = pd.concat([released.dropna(subset=["value"]), reported], ignore_index=True)
    kept = both.drop_duplicates(["year", "month"], keep="first")  # a release wins
    return kept.sort_values(["year", "month"]).reset_index(drop=True)


def model_frames(model: MonthModel) -> dict[str, pd.DataFrame]:
    """The month model's numeric frames by the name code reaches them with: the parks'
    progress and every table of the month's figures that has rows."""
    frames = {"model.parks": model.parks}
    for name in TABLE_NAMES:
        frame = model.figures.table(name)
        if not frame.empty:
            frames[f"model.figures.{name}"] = frame
    return frames


def query(explorer: Explorer, sql: str, parameters: Sequence[object] = ()) -> pd.DataFrame:
    """An analyst's SQL over the warehouse, on a read-only connection."""
    return browse.read_query(explorer.warehouse, sql, parameters)
