"""The figures of one period, as every stage above the reader sees them.

The reader (ingest) builds them from a period folder, the warehouse (store) writes and loads
them, the analysis reads them. Amounts are in 亿元, rates in %, NaN where not given; each table
is a frame with the contract's stored columns (contract/tables.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from industry_briefing.core.errors import Problem
from industry_briefing.core.periods import Period
from industry_briefing.core.settings import TABLE_NAMES

__all__ = ["PROVENANCE_COLUMNS", "TABLE_NAMES", "PeriodFigures"]

# The provenance frame: one row per table default (row_key and column empty) and per override.
# `note_en`: the note in English (meta.yml's `note_en`), quoted by the English briefing.
PROVENANCE_COLUMNS = ["table", "row_key", "column", "provenance", "note", "note_en"]


@dataclass(frozen=True, eq=False)
class PeriodFigures:
    """A period's validated figures; amounts in 亿元, rates in %, NaN where not given."""

    period: Period
    region: str
    source: str
    indicators: pd.DataFrame
    parks: pd.DataFrame
    districts: pd.DataFrame
    enterprises: pd.DataFrame
    projects: pd.DataFrame
    plan: pd.DataFrame  # indicator, month (1-12), planned: cumulative to the month's end
    targets: pd.DataFrame  # several targets per indicator, by kind and horizon
    breakdowns: pd.DataFrame  # parts of an indicator along a dimension
    products: pd.DataFrame  # output of main products, in their units
    project_groups: pd.DataFrame  # projects counted by group
    outlook: pd.DataFrame  # figures expected for a later horizon
    facts: pd.DataFrame  # every other published figure, one fact a row (contract: facts)
    provenance: pd.DataFrame  # PROVENANCE_COLUMNS (contract.provenance reads a cell's)
    warnings: tuple[Problem, ...] = ()
    files: dict[str, str] = field(default_factory=dict)  # input file -> sha256 hex
    # The data root's region profile (profile.yml) as a mapping; None: today's defaults.
    profile: dict[str, object] | None = None
    # The region's own indicators (indicators.yml at the data root), by code.
    regional_indicators: dict[str, object] = field(default_factory=dict)
    analyst_text: str = ""  # the month's notes.md: the analyst's own paragraphs (Markdown)
    source_en: str = ""  # meta.yml's source_en: the source in English, where it gives one
    # meta.yml's issue (contract.bulletin.Issue as JSON): the month's 期号 and 印发日期
    issue: dict[str, object] = field(default_factory=dict)
    # meta.yml's read_from: the published text a `briefing read` draft was read from ('': the
    # figures were entered, not read from a text).
    read_from: str = ""

    def table(self, name: str) -> pd.DataFrame:
        """One of TABLE_NAMES by name."""
        if name not in TABLE_NAMES:
            raise KeyError(f"no table {name!r}; the tables are {', '.join(TABLE_NAMES)}")
        frame: pd.DataFrame = getattr(self, name)
        return frame
