"""The data-quality findings that point at a slip of entry, said as `briefing check` says a
problem: file, row, column, the figure, what it was compared with and why it looks wrong.

The rules are the analysis's (`quality.entry_slips`: 万元 typed as 亿元, parts adding up to
more than their whole); this module only says where, in the check's words (the appendix says
the same findings in the briefing's). Imported by the commands that read input, when they run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from industry_briefing.analysis import quality
from industry_briefing.analysis.findings import Amount, Cell, Finding, Number, Phrase
from industry_briefing.core.errors import Problem
from industry_briefing.core.rounding import plain_decimal, round_half_up
from industry_briefing.ingest.places import Places, TablePlace, rows_text
from industry_briefing.ingest.reader import Located

UNIT_SLIP = "a figure in 万元 typed as 亿元?"


@dataclass(frozen=True)
class _Said:
    """One finding about one cell: '{figure} is {compared}: {why}'."""

    cell: Cell
    figure: str  # the cell's figure in 亿元
    compared: str  # what it is compared with, and how it differs
    why: str  # why that looks wrong
    expected: str


def slip_warnings(located: Located) -> list[Problem]:
    """A warning per cell in doubt (what each finding about it compared), in row order."""
    by_cell: dict[Cell, list[_Said]] = {}
    for finding in quality.entry_slips(located.figures):
        say = _SAYINGS.get(finding.kind)
        if say is not None and finding.cells and finding.cells[0].table in located.places:
            said = say(finding, located.places)
            by_cell.setdefault(said.cell, []).append(said)
    warnings = [_warning(located.places, said) for said in by_cell.values()]
    return sorted(warnings, key=lambda p: (p.file, p.row or 0))


def _warning(places: Places, said: list[_Said]) -> Problem:
    """One cell's findings in one message: the figure, each comparison, the first reason."""
    first = said[0]
    compared = ", and ".join(s.compared for s in said)
    message = f"{first.figure} is {compared}: {first.why}"
    place = places[first.cell.table]
    return place.warning(first.cell.position, first.cell.column, message, first.expected)


def _yi(figure: object) -> str:
    """An amount of a finding, rounded half-up as the briefing rounds it: '12345亿元'."""
    assert isinstance(figure, Amount), figure
    return f"{plain_decimal(round_half_up(figure.value_yi))}亿元"


def _in_unit(place: TablePlace, cell: Cell) -> str:
    unit = place.written(cell.position, "unit")
    return f"the figure in the row's {place.header('unit')}, {unit}" if unit else ""


def _elsewhere(places: Places, cell: Cell) -> str:
    """Where a compared figure is: '(2011-05/indicators.csv, row 2)'."""
    place = places[cell.table]
    sheet = f" [sheet {place.sheet}]" if place.sheet else ""
    return f"({place.file}{sheet}, {rows_text([place.row(cell.position)])})"


def _ratio_off(finding: Finding, places: Places) -> _Said:
    cell, prior = finding.cells
    place, fields = places[cell.table], finding.fields
    limit, value, before = fields["limit"], fields["value"], fields["prior"]
    assert isinstance(limit, Number) and isinstance(value, Amount)
    assert isinstance(before, Amount)
    times = plain_decimal(round_half_up(limit.value, 0))
    apart = f"{times} times or more" if value.value_yi > before.value_yi else f"a {times}th of"
    compared = f"{apart} the {place.header(prior.column)} of the same row, {_yi(before)}"
    why = "万元 and 亿元 mixed up?"
    return _Said(cell, _yi(value), compared, why, _in_unit(place, cell))


def _above_whole(finding: Finding, places: Places) -> _Said:
    cell, *whole = finding.cells
    place = places[cell.table]
    total = finding.fields["whole"]
    assert isinstance(total, Phrase), total
    compared = f"more than its whole, the city's figure of {_yi(total.fields['amount'])}"
    if whole and whole[0].table in places:
        name = places[whole[0].table].written(whole[0].position, "indicator")
        compared = f"more than its whole, the city's {name} of {_yi(total.fields['amount'])}"
        compared += f" {_elsewhere(places, whole[0])}"
    figure = _yi(finding.fields["amount"])
    return _Said(cell, figure, compared, UNIT_SLIP, _in_unit(place, cell))


def _above_total(finding: Finding, places: Places) -> _Said:
    cell, total = finding.cells
    place = places[cell.table]
    compared = (
        f"more than the project's {place.header(total.column)} of the same row, "
        f"{_yi(finding.fields['total'])}"
    )
    figure = _yi(finding.fields["amount"])
    return _Said(cell, figure, compared, UNIT_SLIP, _in_unit(place, cell))


def _sum_over(finding: Finding, places: Places) -> _Said:
    city, *parts = finding.cells
    place, fields = places[city.table], finding.fields
    districts = places.get(parts[0].table) if parts else None
    where = ""
    if districts is not None:
        where = f" ({districts.file}, {rows_text([districts.row(p.position) for p in parts])})"
    compared = (
        f"{_yi(fields['difference'])} less than what the {fields['count']} districts' "
        f"{place.written(city.position, 'indicator')} add up to, {_yi(fields['parts'])}{where}"
    )
    why = (
        "parts cannot add up to more than their whole; is a district's figure mistyped "
        "(万元 as 亿元?)"
    )
    expected = f"districts adding up to at most {_yi(fields['total'])}"
    return _Said(city, _yi(fields["total"]), compared, why, expected)


_SAYINGS: dict[str, Callable[[Finding, Places], _Said]] = {
    "ratio_off": _ratio_off,
    "above_whole": _above_whole,
    "completed_above_total": _above_total,
    "plan_above_total": _above_total,
    "sum_over": _sum_over,
}
