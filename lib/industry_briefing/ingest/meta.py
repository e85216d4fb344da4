"""meta.yml (or the 来源 sheet of a filled-in entry form): region, source and provenance.

A problem with the 来源 sheet is said in the sheet's own words, at its row and cell (数据来源,
B2; the 来源标注 of 区县, D12), not in meta.yml's keys: the analyst filling the form never saw
meta.yml."""

from __future__ import annotations

import reprlib
from collections.abc import Sequence

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from industry_briefing.contract.meta import Meta
from industry_briefing.core.errors import Invalid, Words, listing, words
from industry_briefing.core.text import unfit_character
from industry_briefing.ingest.reading import META_FILE, Reading, Where, files_present, unfit_words
from industry_briefing.ingest.spreadsheet import META_TABLE_HEADER, PROVENANCE_WORDS
from industry_briefing.ingest.workbook import workbook_meta
from industry_briefing.ingest.yaml_input import read_yaml, yaml_expected

# --- meta.yml -------------------------------------------------------------------------------

_META_EXPECTED = ("region", "source", "tables", "provenance")  # problem.expected.meta.<key>
_META_KEYS = {
    1: "region, source, source_en, period, tables, issue, read_from",
    2: "number, total, date (under issue)",
    3: "provenance, note, note_en, overrides",
    5: "row, column, provenance, note, note_en",
}
Path = Sequence[str | int]  # where in meta.yml: ('tables', 'parks', 'overrides', 0, 'row')


def read_meta(reading: Reading) -> Meta | None:
    if not reading.has(META_FILE):
        raw = workbook_meta(reading)  # a template's 来源 sheet stands in for meta.yml
        if raw is not None:
            return None if _unfit_text(reading, raw) else _validated_meta(reading, raw)
        if META_FILE not in reading.refused:
            reading.error(
                META_FILE,
                words("file.required_missing"),
                words("expected.meta_file"),
                files_present(reading),
            )
        return None
    read = read_yaml(reading, META_FILE, words("expected.meta_yaml"))
    if read is None:
        return None
    text, document = read
    if not isinstance(document, dict):
        expected = yaml_expected(text, words("expected.meta_keys"))
        reading.error(META_FILE, words("meta.not_mapping"), expected)
        return None
    return _validated_meta(reading, document)


def meta_error(
    reading: Reading, path: Path, what: Words, wants: Words | None = None, saw: str = ""
) -> None:
    """A problem of meta.yml at `path`, or of the cell of the 来源 sheet that holds it."""
    reading.error(META_FILE, what, wants, saw, **sheet_place(reading, path))


def sheet_place(reading: Reading, path: Path) -> Where:
    """The row, column and cell of the 来源 sheet holding `path`; nothing for meta.yml."""
    places = reading.meta_places
    if places is None:
        return {}
    row, header = places.place(path)
    if row is None:
        return {}
    # The upper rows are labelled in column A, their values in B; the tables' part is headed.
    letter = "B" if header is None else "ABCDE"[META_TABLE_HEADER.index(header)]
    return {"row": row, "column": header, "cell": f"{letter}{row}"}


def in_sheet(reading: Reading) -> bool:
    return reading.meta_places is not None


def _unfit_text(reading: Reading, value: object, path: tuple[str | int, ...] = ()) -> bool:
    """Whether a text of the 来源 sheet holds a control or bidirectional character (reported
    with its field): the rule of every input's text (core.text), as meta.yml's reader has."""
    if isinstance(value, dict):
        return any([_unfit_text(reading, v, (*path, k)) for k, v in value.items()])
    if isinstance(value, list):
        return any([_unfit_text(reading, v, (*path, n)) for n, v in enumerate(value)])
    if not isinstance(value, str) or unfit_character(value) is None:
        return False
    what = words("meta.unfit", field=_field_named(reading, path), unfit=unfit_words(value))
    meta_error(reading, path, what, words("expected.retype_text"), value)
    return True


def _validated_meta(reading: Reading, raw: dict[str, object]) -> Meta | None:
    try:
        meta = Meta.model_validate(raw)
    except ValidationError as error:
        for detail in error.errors():
            _meta_problem(reading, detail)
        return None
    if meta.period is not None and meta.period != reading.shown:
        what = words("meta.period_mismatch")
        meta_error(
            reading, ("period",), what, words("expected.period", period=reading.shown), meta.period
        )
    return meta


def _field_named(reading: Reading, path: Path) -> str:
    """A field as the analyst wrote it: the 来源 sheet's label (地区), or meta.yml's keys."""
    if reading.meta_places is not None and len(path) == 1:
        return reading.meta_places.label_of(str(path[0]))
    return _field(path)


def _field(path: Path) -> str:
    """A path as meta.yml's keys read: tables.parks.overrides[0].row."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _meta_problem(reading: Reading, detail: ErrorDetails) -> None:
    loc = detail["loc"]
    last = str(loc[-1]) if loc else ""
    kind = detail["type"]
    found = "" if kind == "missing" else shown_value(detail.get("input", ""))
    if in_sheet(reading) and kind in ("missing", "string_too_short", "literal_error"):
        _sheet_problem(reading, loc, kind, found)
        return
    where = _field(loc)
    if kind in ("missing", "string_too_short"):
        expected = words(f"expected.meta.{last}" if last in _META_EXPECTED else "expected.a_value")
        meta_error(reading, loc, words("meta.missing", field=where), expected, found)
    elif kind == "literal_error":
        what = words("meta.unknown_provenance", field=where)
        meta_error(reading, loc, what, words("expected.meta.provenance"), found)
    elif kind == "extra_forbidden":
        keys = _META_KEYS.get(len(loc), "")
        meta_error(
            reading,
            loc,
            words("meta.unknown_key", field=where),
            words("expected.one_of", values=keys),
            last,
        )
    else:
        meta_error(reading, loc, invalid(where, detail), None, found)


def invalid(where: str, detail: ErrorDetails) -> Words:
    """A value a validator refused: in our words where they are ours (`Invalid`), else with
    pydantic's own message, quoted after ours."""
    raised = detail.get("ctx", {}).get("error")
    if isinstance(raised, Invalid):
        return words("meta.invalid_said", field=where, said=raised.what)
    return words("meta.invalid", field=where, detail=detail["msg"].removeprefix("Value error, "))


def _sheet_problem(reading: Reading, loc: Path, kind: str, found: str) -> None:
    """A value of the 来源 sheet left empty or not one of its words, said as the sheet says it:
    数据来源 is empty; the 来源标注 of 区县 is not 公布, 推算 or 示意."""
    assert reading.meta_places is not None
    if loc[0] != "tables":
        label = reading.meta_places.label_of(str(loc[0]))
        row, _ = reading.meta_places.place(loc)
        what = words("meta.sheet.empty" if row else "meta.sheet.no_label", label=label)
        expected = words(
            f"expected.meta.{loc[0]}" if loc[0] in _META_EXPECTED else "expected.a_value"
        )
        meta_error(reading, loc, what, expected, found)
        return
    table = str(loc[1]) if len(loc) > 1 else ""
    key = "meta.sheet.no_provenance" if kind != "literal_error" else "meta.sheet.unknown_provenance"
    meta_error(reading, loc, words(key, table=table), provenance_words(), found)


def provenance_words() -> Words:
    """The 来源 sheet's words for a provenance: 公布, 推算 or 示意."""
    *first, last = PROVENANCE_WORDS
    return words("expected.provenance_word", words=listing(first), last=last)


# What a message quotes of a value meta.yml gave: a short, bounded representation, never the
# whole of a large structure.
def shown_value(value: object) -> str:
    if isinstance(value, str):
        return value
    shown = reprlib.Repr()
    shown.maxlevel, shown.maxlist, shown.maxdict = 2, 4, 4
    shown.maxstring = shown.maxother = 120
    return shown.repr(value)
