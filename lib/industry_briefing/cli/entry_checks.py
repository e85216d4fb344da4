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
from industry_briefing.core.errors import Problem, Words, listing, words
from industry_briefing.core.rounding import plain_decimal, round_half_up
from industry_briefing.ingest.places import Places, TablePlace, rows_text
from industry_briefing.ingest.reader import Located


@dataclass(frozen=True)
class _Said:
    """One finding about one cell: '{figure} is {compared}: {why}'."""

    cell: Cell
    figure: str  # the cell's figure in 亿元
    compared: Words  # what it is compared with, and how it differs
    why: Words  # why that looks wrong
    expected: Words | None


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
    compared = listing((s.compared for s in said), "and")
    message = words("slip.warning", figure=first.figure, compared=compared, why=first.why)
    place = places[first.cell.table]
    return place.warning(first.cell.position, first.cell.column, message, first.expected)


def _yi(figure: object) -> str:
    """An amount of a finding, rounded half-up as the briefing rounds it: '12345亿元'."""
    assert isinstance(figure, Amount), figure
    return f"{plain_decimal(round_half_up(figure.value_yi))}亿元"


def _in_unit(place: TablePlace, cell: Cell) -> Words | None:
    unit = place.written(cell.position, "unit")
    return words("slip.in_unit", header=place.header("unit"), unit=unit) if unit else None


def _elsewhere(places: Places, cell: Cell) -> Words:
    """Where a compared figure is: '(2011-05/indicators.csv, row 2)'."""
    place = places[cell.table]
    rows = rows_text([place.row(cell.position)])
    if place.sheet:
        return words("slip.elsewhere_sheet", file=place.file, sheet=place.sheet, rows=rows)
    return words("slip.elsewhere", file=place.file, rows=rows)


def _ratio_off(finding: Finding, places: Places) -> _Said:
    cell, prior = finding.cells
    place, fields = places[cell.table], finding.fields
    limit, value, before = fields["limit"], fields["value"], fields["prior"]
    assert isinstance(limit, Number) and isinstance(value, Amount)
    assert isinstance(before, Amount)
    times = plain_decimal(round_half_up(limit.value, 0))
    above = value.value_yi > before.value_yi
    apart = words("slip.times_or_more" if above else "slip.fraction_of", times=times)
    compared = words(
        "slip.ratio", apart=apart, header=place.header(prior.column), prior=_yi(before)
    )
    return _Said(cell, _yi(value), compared, words("slip.mixed_up"), _in_unit(place, cell))


def _above_whole(finding: Finding, places: Places) -> _Said:
    cell, *whole = finding.cells
    place = places[cell.table]
    total = finding.fields["whole"]
    assert isinstance(total, Phrase), total
    amount = _yi(total.fields["amount"])
    compared = words("slip.above_city", amount=amount)
    if whole and whole[0].table in places:
        name = places[whole[0].table].written(whole[0].position, "indicator")
        where = _elsewhere(places, whole[0])
        compared = words("slip.above_city_named", name=name, amount=amount, where=where)
    figure = _yi(finding.fields["amount"])
    return _Said(cell, figure, compared, words("slip.unit_slip"), _in_unit(place, cell))


def _above_total(finding: Finding, places: Places) -> _Said:
    cell, total = finding.cells
    place = places[cell.table]
    compared = words(
        "slip.above_total", header=place.header(total.column), total=_yi(finding.fields["total"])
    )
    figure = _yi(finding.fields["amount"])
    return _Said(cell, figure, compared, words("slip.unit_slip"), _in_unit(place, cell))


def _sum_over(finding: Finding, places: Places) -> _Said:
    city, *parts = finding.cells
    place, fields = places[city.table], finding.fields
    districts = places.get(parts[0].table) if parts else None
    sums = {
        "difference": _yi(fields["difference"]),
        "count": str(fields["count"]),
        "indicator": place.written(city.position, "indicator"),
        "parts": _yi(fields["parts"]),
    }
    compared = words("slip.sum_over", **sums)
    if districts is not None:
        rows = rows_text([districts.row(p.position) for p in parts])
        compared = words("slip.sum_over_at", file=districts.file, rows=rows, **sums)
    expected = words("slip.districts_at_most", total=_yi(fields["total"]))
    return _Said(city, _yi(fields["total"]), compared, words("slip.parts_over"), expected)


_SAYINGS: dict[str, Callable[[Finding, Places], _Said]] = {
    "ratio_off": _ratio_off,
    "above_whole": _above_whole,
    "completed_above_total": _above_total,
    "plan_above_total": _above_total,
    "sum_over": _sum_over,
}
