"""meta.yml (or the 来源 sheet of a filled-in entry form): region, source and provenance."""

from __future__ import annotations

import re

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from industry_briefing.contract.meta import Meta
from industry_briefing.core.errors import Problem
from industry_briefing.ingest.encodings import decoded
from industry_briefing.ingest.reading import META_FILE, Reading
from industry_briefing.ingest.workbook import workbook_meta

# --- meta.yml -------------------------------------------------------------------------------

_META_EXPECTED = {
    "region": "the region's name, e.g. 贵阳市",
    "source": "where the figures were published",
    "tables": "the provenance of each table, e.g. tables: {indicators: {provenance: published}}",
    "provenance": "published, derived or illustrative",
}
_META_KEYS = {
    1: "region, source, period, tables",
    3: "provenance, note, overrides",
    5: "row, column, provenance, note",
}


def read_meta(reading: Reading) -> Meta | None:
    if not (reading.folder / META_FILE).is_file():
        raw = workbook_meta(reading)  # a template's 来源 sheet stands in for meta.yml
        if raw is not None:
            return _validated_meta(reading, raw)
        present = sorted(p.name for p in reading.folder.iterdir() if p.is_file())
        reading.error(
            META_FILE,
            "required file is missing",
            "meta.yml with region, source and the provenance of each table (see data/README.md)",
            "files present: " + (", ".join(present) or "none"),
        )
        return None
    text = decoded(reading, META_FILE, reading.read_bytes(META_FILE))
    if text is None:
        return None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        reading.error(META_FILE, f"is not valid YAML{where}", _yaml_expected(text))
        return None
    if not isinstance(raw, dict):
        expected = _yaml_expected(text, "keys region, source and tables")
        reading.error(META_FILE, "is empty or not a mapping", expected)
        return None
    return _validated_meta(reading, raw)


def _yaml_expected(text: str, expected: str = "YAML as in data/README.md") -> str:
    """What meta.yml should be, and the line whose full-width colon (：) YAML cannot read."""
    colon = re.search(r"^[ \t]*[A-Za-z_]+[ \t]*：", text, re.MULTILINE)
    if colon is None:
        return expected
    line = text.count("\n", 0, colon.start()) + 1
    return f"{expected}; line {line} has a full-width colon '：' where YAML needs ':'"


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
    found = "" if kind == "missing" else str(detail.get("input", ""))
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
