"""The 来源标注 an entry form starts from: per table, the analyst's last real month.

Real figures marked 示意 go out as illustrative, and a pre-filled 示意 is easy to leave as it
is; so a table's provenance is carried over only from the latest earlier month in which that
table had rows and was not illustrative (公布 or 推算, as meta.yml or the 来源 sheet said it),
and is left empty, for the analyst to choose, when there is no such month.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from industry_briefing.contract import tables as contract
from industry_briefing.contract.meta import Meta
from industry_briefing.core.errors import InputError
from industry_briefing.core.figures import PeriodFigures
from industry_briefing.core.periods import Period, available_periods
from industry_briefing.ingest import reader
from industry_briefing.ingest.meta import read_meta
from industry_briefing.ingest.reading import Reading

ILLUSTRATIVE = "illustrative"


@dataclass(frozen=True)
class Carried:
    """A table's provenance as the last month that was not illustrative gave it."""

    provenance: str  # published or derived
    period: Period


def last_real_provenance(data_dir: Path, period: Period) -> dict[str, Carried]:
    """Table -> its provenance in the latest month before `period` where it had rows and was
    not illustrative; tables without such a month are not in it. Months whose input has
    errors are passed over, as for the names and targets."""
    carried: dict[str, Carried] = {}
    for earlier in reversed(available_periods(data_dir)):
        if earlier >= period or not _may_be_real(data_dir, earlier, carried):
            continue
        try:
            figures = reader.read_period(data_dir, earlier)
        except InputError:
            continue
        for table, provenance in table_provenance(figures).items():
            if table not in carried and provenance != ILLUSTRATIVE:
                carried[table] = Carried(provenance, earlier)
    return carried


def table_provenance(figures: PeriodFigures) -> dict[str, str]:
    """Table -> a period's provenance of the table as a whole (not its overrides), for the
    tables it has rows in."""
    rules = figures.provenance
    defaults = rules[rules["row_key"].isna() & rules["column"].isna()]
    return dict(zip(defaults["table"], defaults["provenance"], strict=True))


def _may_be_real(data_dir: Path, period: Period, carried: dict[str, Carried]) -> bool:
    """Whether a month's meta.yml (or 来源 sheet) gives a table not yet carried a provenance
    other than illustrative: only such a month is worth reading whole."""
    meta: Meta | None = read_meta(Reading(Path(data_dir) / str(period), str(period)))
    if meta is None:
        return False
    for written, table in meta.tables.items():
        spec = contract.find_table(written)
        if spec is not None and spec.name not in carried and table.provenance != ILLUSTRATIVE:
            return True
    return False
