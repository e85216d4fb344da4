"""A month's model from the warehouse: the month and the releases its briefing reads.

A month missing from the warehouse is read from its data folder and stored first, so that a
notebook opened in JupyterLab runs as it is. Which releases a month reads is one rule
(core.periods.releases_read), shared with the batch's fingerprints and its loading.
"""

from __future__ import annotations

from industry_briefing.analysis.model import MonthModel, build_model
from industry_briefing.core import settings
from industry_briefing.core.figures import PeriodFigures
from industry_briefing.core.periods import Period, releases_read
from industry_briefing.ingest import reader
from industry_briefing.store import warehouse


def load_figures(
    period: str, data_dir: str = "", warehouse_path: str = "", region: str = ""
) -> PeriodFigures:
    """The period's figures from the warehouse; ingested from `data_dir` first if absent there.

    Empty paths mean the project defaults, so a notebook opened in JupyterLab runs as it is.
    An empty region is the data dir's (meta.yml's): regions may share a warehouse.
    """
    data_root = settings.resolve_path(data_dir, settings.RAW_DATA_DIR)
    db = settings.resolve_path(warehouse_path, settings.WAREHOUSE_PATH)
    parsed = Period.parse(period)
    named = region or reader.region_of(data_root, parsed)
    try:
        return warehouse.load_period(db, parsed, named)
    except warehouse.PeriodNotInWarehouse:
        pass
    figures = reader.read_period(data_root, parsed)
    warehouse.write_period(db, figures)
    return figures


def load_model(
    period: str, data_dir: str = "", warehouse_path: str = "", region: str = ""
) -> MonthModel:
    """The month's model, with the releases it reads (this year's so far, last year's)."""
    figures = load_figures(period, data_dir, warehouse_path, region)
    db = settings.resolve_path(warehouse_path, settings.WAREHOUSE_PATH)
    with warehouse.reading(db):
        read = releases_read(figures.period, warehouse.list_periods(db, figures.region))
        releases = warehouse.load_periods(db, list(read), figures.region)
    return build_model(
        figures,
        releases=[r for r in releases if r.period.year == figures.period.year],
        last_year_releases=[r for r in releases if r.period.year < figures.period.year],
    )
