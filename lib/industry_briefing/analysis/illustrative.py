"""Which of a month's figures are illustrative (示意): codes for the marks the briefing prints.

A table is illustrative when its default provenance (meta.yml's `provenance` of the table) is
illustrative; partly illustrative when only some of its columns, rows or cells are. A month,
or a table or chart of the briefing drawn from several input tables (and releases), is
illustrative when every table it reads is, partly when some are or some of their cells are,
and neither when none of what it reads is illustrative. Derived (推算) figures are not
illustrative: they are marked where they are stated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # light: the manifest (and the batch) import this module
    import pandas as pd

    from industry_briefing.core.figures import PeriodFigures

ILLUSTRATIVE = "illustrative"
Kind = Literal["illustrative", "partly"]  # None: nothing illustrative


@dataclass(frozen=True)
class IllustrativePart:
    """An input table that is illustrative in whole (`whole`), or in some columns (`columns`,
    English names) and/or some of its rows or cells (`some_rows`)."""

    table: str
    whole: bool = False
    columns: tuple[str, ...] = ()
    some_rows: bool = False


def kinds_by_table(figures: PeriodFigures) -> dict[str, list[str]]:
    """Per table: its default provenance, then the kinds some of its cells have instead (the
    manifest records this summary; `month_kind` reads it)."""
    rows = figures.provenance
    summary: dict[str, list[str]] = {}
    for table, group in rows.groupby("table", sort=False):
        default = group.loc[_is_default(group), "provenance"]
        word = str(default.iloc[0]) if len(default) else "published"
        summary[str(table)] = [word, *sorted(set(map(str, group["provenance"])) - {word})]
    return summary


def table_kind(kinds: Sequence[str]) -> Kind | None:
    """Of one table, from its [default, other kinds] summary."""
    if kinds and kinds[0] == ILLUSTRATIVE:
        return "illustrative"
    return "partly" if ILLUSTRATIVE in kinds[1:] else None


def combined_kind(kinds: Iterable[Kind | None]) -> Kind | None:
    """Of what reads several tables: illustrative when all are, partly when any is."""
    given = list(kinds)
    if given and all(kind == "illustrative" for kind in given):
        return "illustrative"
    return "partly" if any(given) else None


def month_kind(summary: Mapping[str, Sequence[str]]) -> Kind | None:
    """Of a month, from its tables' summary (`kinds_by_table`, or a manifest's `provenance`)."""
    return combined_kind(table_kind(kinds) for kinds in summary.values())


def reads_kind(releases: Iterable[PeriodFigures], tables: Iterable[str]) -> Kind | None:
    """Of a table or chart drawn from `tables` of `releases` (those that have them)."""
    wanted = tuple(tables)
    kinds: list[Kind | None] = []
    for figures in releases:
        summary = kinds_by_table(figures)
        kinds += [table_kind(summary[table]) for table in wanted if table in summary]
    return combined_kind(kinds)


def illustrative_parts(figures: PeriodFigures) -> tuple[IllustrativePart, ...]:
    """The month's illustrative figures, table by table, in the order of meta.yml."""
    rules = figures.provenance
    parts = []
    for table, group in rules.groupby("table", sort=False):
        default = group[_is_default(group)]
        if len(default) and str(default["provenance"].iloc[0]) == ILLUSTRATIVE:
            parts.append(IllustrativePart(str(table), whole=True))
            continue
        marked = group[~_is_default(group) & (group["provenance"] == ILLUSTRATIVE)]
        whole_columns = marked["row_key"].isna()
        columns = tuple(dict.fromkeys(map(str, marked.loc[whole_columns, "column"])))
        if columns or not marked.empty:
            parts.append(IllustrativePart(str(table), False, columns, bool((~whole_columns).any())))
    return tuple(parts)


def _is_default(rules: pd.DataFrame) -> pd.Series:
    return rules["row_key"].isna() & rules["column"].isna()
