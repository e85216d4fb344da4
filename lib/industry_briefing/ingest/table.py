"""One table: which cell holds which column, which rows are items, every cell parsed."""

from __future__ import annotations

import difflib
from typing import NotRequired, TypedDict

import pandas as pd

from industry_briefing.contract import tables as contract
from industry_briefing.contract.tables import ColumnSpec, TableSpec
from industry_briefing.contract.units import ALL_UNITS, to_canonical
from industry_briefing.core.errors import Words, listing, words
from industry_briefing.ingest import non_data
from industry_briefing.ingest.numbers import parse_number, parse_numbers
from industry_briefing.ingest.reading import (
    InSheet,
    Reading,
    Sheet,
    Table,
    cell_at,
    column_label,
    column_labels,
    column_letter,
    header_row_below,
    row_of,
)


def parse_table(reading: Reading, spec: TableSpec, sheet: Sheet) -> Table | None:
    """The table's cells parsed by column; problems of headers, rows and cells reported."""
    where: InSheet = {"sheet": sheet.sheet}
    if not sheet.rows:
        expected = (
            words("expected.a_row_below_header")
            if spec.required
            else words("expected.a_row_below_header_or_none", file=spec.file_name)
        )
        reading.error(sheet.file_name, words("table.no_rows"), expected, **where)
        return None
    positions = _column_positions(reading, spec, sheet)
    if positions is None:
        return None
    headers = {name: sheet.headers[position].strip() for name, position in positions.items()}
    raw = _without_non_data_rows(
        reading, spec, sheet, _raw_frame(reading, sheet, positions), headers
    )
    # Cells already reported (too long, control characters) are not reported again as empty.
    unparsed = {
        (row, name)
        for name, position in positions.items()
        for row in reading.emptied.get((sheet.file_name, sheet.sheet, position), ())
    }
    frame = _typed(reading, spec, sheet, raw, headers, unparsed)
    return Table(frame, raw, headers, frozenset(unparsed))


def _column_positions(reading: Reading, spec: TableSpec, sheet: Sheet) -> dict[str, int] | None:
    """Which cell of a row holds which contract column; header problems are reported.

    None when row 1 is no header at all (a title, or data): reported once, not per column.
    """
    positions: dict[str, int] = {}
    where: InSheet = {"sheet": sheet.sheet}
    if not any(_header_column(spec, h) for h in sheet.headers):
        below = header_row_below(spec, [sheet.headers] + [c for _, c in sheet.rows])
        such = listing(c.header for c in spec.columns if c.required)
        expected = (
            words("expected.headers_such_as_below", headers=such, below=below)
            if below
            else words("expected.headers_such_as", headers=such)
        )
        reading.error(
            sheet.file_name,
            words("header.not_header"),
            expected,
            ", ".join(h.strip() for h in sheet.headers if h.strip()),
            row=1,
            **where,
        )
        return None
    for position, header in enumerate(sheet.headers):
        column = _header_column(spec, header)
        if column is not None and spec.find_column(header) is None:
            without_unit = non_data.header_without_unit(header)
            assert without_unit is not None  # the header names the column only without it
            unit = without_unit[1]
            reading.error(
                sheet.file_name,
                words("header.unit_in_header", unit=unit),
                words("expected.header_named", header=column.header, name=column.name),
                header.strip(),
                column=header.strip(),
                cell=column_letter(sheet, position),
                **where,
            )
        if column is None:
            cells_of = [cell_at(cells, position).strip() for _, cells in sheet.rows]
            named = header.strip() or words("column.unheaded", number=position + 1)
            cell = column_letter(sheet, position)
            if any(_is_figure(text) for text in cells_of):  # figures never dropped unsaid
                reading.error(
                    sheet.file_name,
                    words("header.figures_lost"),
                    _place_for(spec, header),
                    header,
                    column=named,
                    cell=cell,
                    **where,
                )
            elif header.strip() or any(cells_of):
                reading.warn(
                    sheet.file_name,
                    words("header.unknown_ignored"),
                    words("expected.one_of_columns", columns=column_labels(spec.columns)),
                    header,
                    column=named,
                    cell=cell,
                    **where,
                )
        elif column.name in positions:
            first = sheet.headers[positions[column.name]].strip()
            reading.error(
                sheet.file_name,
                words("header.twice", first=first),
                words("expected.one_column", column=column_label(column)),
                column=header.strip(),
                cell=column_letter(sheet, position),
                **where,
            )
        else:
            positions[column.name] = position
    for column in spec.columns:
        if column.required and column.name not in positions:
            reading.error(
                sheet.file_name,
                words("header.required_missing"),
                words("expected.column_headed", header=column.header, name=column.name),
                words(
                    "found.headers", headers=listing(h.strip() for h in sheet.headers if h.strip())
                ),
                column=words("column.place", header=column.header, name=column.name),
                **where,
            )
    return positions


def _header_column(spec: TableSpec, header: str) -> ColumnSpec | None:
    """The column a header names, also when it carries a unit (累计完成（亿元）: reported)."""
    if not header.strip():
        return None
    column = spec.find_column(header)
    without_unit = non_data.header_without_unit(header)
    if column is None and without_unit is not None:
        column = spec.find_column(without_unit[0])
    return column


def _without_non_data_rows(
    reading: Reading, spec: TableSpec, sheet: Sheet, raw: pd.DataFrame, headers: dict[str, str]
) -> pd.DataFrame:
    """The rows that are items. A totals row (合计), a footnote (注：…) or a units row is
    reported once for what it is and left out, rather than reported cell by cell as empty."""
    dropped = []
    for number, cells in raw.iterrows():
        filled = {str(name): text.strip() for name, text in cells.items() if text.strip()}
        problem = _non_data_row(spec, filled, headers) if filled else None
        if problem:
            row = row_of(number)
            reading.error(
                sheet.file_name,
                problem["what"],
                problem["wants"],
                problem["saw"],
                sheet=sheet.sheet,
                row=row,
                column=problem.get("column"),
            )
            dropped.append(row)
    return raw.drop(index=dropped)


class _NonDataRow(TypedDict):
    """A row that is not an item, as `Reading.error` takes it."""

    what: Words
    wants: Words
    saw: str
    column: NotRequired[str]


def _non_data_row(
    spec: TableSpec, filled: dict[str, str], headers: dict[str, str]
) -> _NonDataRow | None:
    for name in spec.key:
        column = spec.column(name)
        if spec.name == "breakdowns" and name == "part":
            continue  # its 合计 is the group as a whole (五大特色产业), given as printed
        if name in filled and non_data.is_totals_row_key(column, filled[name]):
            return {
                "what": words("row.totals", table=spec.name, title=spec.title),
                "wants": words("expected.one_row_per", header=headers[name]),
                "saw": filled[name],
                "column": headers[name],
            }
    texts = list(filled.values())
    if len(texts) == 1 and non_data.is_note(texts[0]):
        return {
            "what": words("row.note"),
            "wants": words("expected.no_notes"),
            "saw": texts[0],
        }
    if not any(name in filled for name in spec.key) and all(map(non_data.is_unit_word, texts)):
        return {
            "what": words("row.units"),
            "wants": words("expected.no_units_row"),
            "saw": ", ".join(texts),
        }
    return None


def _raw_frame(reading: Reading, sheet: Sheet, positions: dict[str, int]) -> pd.DataFrame:
    width = len(sheet.headers)
    for number, cells in sheet.rows:
        extra = [cell for cell in cells[width:] if cell.strip()]
        if extra:
            reading.error(
                sheet.file_name,
                words("row.extra_cells", cells=width + len(extra), width=width),
                words("expected.one_cell_per_header"),
                ",".join(cells),
                sheet=sheet.sheet,
                row=number,
            )
    return pd.DataFrame(
        {name: [cell_at(cells, p) for _, cells in sheet.rows] for name, p in positions.items()},
        index=pd.Index([number for number, _ in sheet.rows], name="row"),
        dtype="str",
    )


def _typed(
    reading: Reading,
    spec: TableSpec,
    sheet: Sheet,
    raw: pd.DataFrame,
    headers: dict[str, str],
    unparsed: set[tuple[int, str]],
) -> pd.DataFrame:
    """Every contract column parsed from text; non-numbers reported here, amounts to 亿元."""
    typed: dict[str, pd.Series] = {}
    for column in spec.columns:
        if column.name not in raw:
            typed[column.name] = pd.Series(None, index=raw.index, dtype=column.dtype)
        elif column.is_number:
            cells = raw[column.name]
            typed[column.name] = parse_numbers(reading, column, sheet, cells, headers, unparsed)
        else:
            typed[column.name] = parse_texts(column, raw[column.name])
    frame = pd.DataFrame(typed, index=raw.index)
    if spec.keeps_unit:  # any unit of the indicator's family, to its canonical unit
        for column in spec.columns:
            if column.kind == "amount":
                frame[column.name] = [
                    to_canonical(value, unit) if _convertible(value, unit) else value
                    for value, unit in zip(frame[column.name], frame["unit"], strict=True)
                ]
        return frame
    divisors = frame["unit"].map(contract.UNIT_DIVISORS).astype("float64").fillna(1.0)
    for column in spec.columns:
        if column.kind == "amount":
            frame[column.name] = frame[column.name] / divisors
    return frame


def _convertible(value: float, unit: object) -> bool:
    return isinstance(unit, str) and unit in ALL_UNITS and value == value  # NaN: not given


def parse_texts(column: ColumnSpec, cells: pd.Series) -> pd.Series:
    texts = cells.str.strip()
    if column.kind == "code":
        accepted = column.accepted_codes()
        texts = texts.map(lambda text: accepted.get(contract.normalise_token(text), text))
    return texts.where(texts != "").astype("str")


def _is_figure(text: str) -> bool:
    try:
        return parse_number(text, rate=True) is not None
    except ValueError:
        return False


def _place_for(spec: TableSpec, header: str) -> Words:
    """Where a column's figures can go: the nearest column of the table, else the long table
    of facts, which takes any printed figure one fact a row."""
    headers = {c.header: c for c in spec.columns} | {c.name: c for c in spec.columns}
    close = difflib.get_close_matches(header.strip(), list(headers), n=1, cutoff=0.5)
    columns = column_labels(spec.columns)
    if not close:
        return words("expected.place_for", file=spec.file_name, columns=columns)
    nearest = column_label(headers[close[0]])
    return words("expected.place_near", nearest=nearest, file=spec.file_name, columns=columns)
