"""meta.yml (or the 来源 sheet of a filled-in entry form): region, source and provenance."""

from __future__ import annotations

import reprlib

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from industry_briefing.contract.meta import Meta
from industry_briefing.core.errors import Problem
from industry_briefing.core.text import unfit_character
from industry_briefing.ingest.reading import META_FILE, Reading
from industry_briefing.ingest.workbook import workbook_meta
from industry_briefing.ingest.yaml_input import read_yaml, yaml_expected

# --- meta.yml -------------------------------------------------------------------------------

_META_EXPECTED = {
    "region": "the region's name, e.g. 贵阳市",
    "source": "where the figures were published",
    "tables": "the provenance of each table, e.g. tables: {indicators: {provenance: published}}",
    "provenance": "published, derived or illustrative",
}
_META_KEYS = {
    1: "region, source, source_en, period, tables, issue, read_from",
    2: "number, total, date (under issue)",
    3: "provenance, note, note_en, overrides",
    5: "row, column, provenance, note, note_en",
}


def read_meta(reading: Reading) -> Meta | None:
    if not reading.has(META_FILE):
        raw = workbook_meta(reading)  # a template's 来源 sheet stands in for meta.yml
        if raw is not None:
            return None if _unfit_text(reading, raw) else _validated_meta(reading, raw)
        if META_FILE not in reading.refused:
            reading.error(
                META_FILE,
                "required file is missing",
                "meta.yml with region, source and the provenance of each table "
                "(see data/README.md)",
                "files present: " + (", ".join(reading.present) or "none"),
            )
        return None
    read = read_yaml(reading, META_FILE, "meta.yml as in data/README.md: a few lines")
    if read is None:
        return None
    text, document = read
    if not isinstance(document, dict):
        expected = yaml_expected(text, "keys region, source and tables")
        reading.error(META_FILE, "is empty or not a mapping", expected)
        return None
    return _validated_meta(reading, document)


def _unfit_text(reading: Reading, value: object, field: str = "") -> bool:
    """Whether a text of the 来源 sheet holds a control or bidirectional character (reported
    with its field): the rule of every input's text (core.text), as meta.yml's reader has."""
    if isinstance(value, dict):
        return any([_unfit_text(reading, v, f"{field}.{k}".lstrip(".")) for k, v in value.items()])
    if isinstance(value, list):
        return any([_unfit_text(reading, v, f"{field}[{n}]") for n, v in enumerate(value)])
    unfit = unfit_character(value) if isinstance(value, str) else None
    if unfit is not None:
        expected = "text without control characters: retype it"
        reading.error(META_FILE, f"{field}: {unfit} in the text", expected, str(value))
    return unfit is not None


def _validated_meta(reading: Reading, raw: dict[str, object]) -> Meta | None:
    try:
        meta = Meta.model_validate(raw)
    except ValidationError as error:
        for detail in error.errors():
            problem = _meta_problem(reading, detail)
            reading.error(META_FILE, problem.message, problem.expected, problem.found)
        return None
    if meta.period is not None and meta.period != reading.shown:
        reading.error(META_FILE, "period does not match the folder", reading.shown, meta.period)
    return meta


def _meta_problem(reading: Reading, detail: ErrorDetails) -> Problem:
    loc = detail["loc"]
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    last = str(loc[-1]) if loc else ""
    kind = detail["type"]
    found = "" if kind == "missing" else shown_value(detail.get("input", ""))
    if kind in ("missing", "string_too_short"):
        message, expected = f"{where} is missing", _META_EXPECTED.get(last, "a value")
    elif kind == "literal_error":
        message, expected = f"{where}: unknown provenance", _META_EXPECTED["provenance"]
    elif kind == "extra_forbidden":
        message, expected = f"{where}: unknown key", "one of " + _META_KEYS.get(len(loc), "")
        found = last
    else:
        message, expected = f"{where}: {detail['msg'].removeprefix('Value error, ')}", ""
    return Problem(reading.name(META_FILE), message, expected, found)


# What a message quotes of a value meta.yml gave: a short, bounded representation, never the
# whole of a large structure.
def shown_value(value: object) -> str:
    if isinstance(value, str):
        return value
    shown = reprlib.Repr()
    shown.maxlevel, shown.maxlist, shown.maxdict = 2, 4, 4
    shown.maxstring = shown.maxother = 120
    return shown.repr(value)
