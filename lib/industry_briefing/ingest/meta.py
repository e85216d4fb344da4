"""meta.yml (or the 来源 sheet of a filled-in entry form): region, source and provenance."""

from __future__ import annotations

import re
import reprlib

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from industry_briefing.contract.meta import Meta
from industry_briefing.core import limits
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
    1: "region, source, source_en, period, tables",
    3: "provenance, note, note_en, overrides",
    5: "row, column, provenance, note, note_en",
}


def read_meta(reading: Reading) -> Meta | None:
    if not reading.has(META_FILE):
        raw = workbook_meta(reading)  # a template's 来源 sheet stands in for meta.yml
        if raw is not None:
            return _validated_meta(reading, raw)
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
        expected = _yaml_expected(text, "keys region, source and tables")
        reading.error(META_FILE, "is empty or not a mapping", expected)
        return None
    return _validated_meta(reading, document)


def read_yaml(reading: Reading, file_name: str, expected: str) -> tuple[str, object] | None:
    """(the text, its YAML) of a file, read within the limits; None (reported) when it is too
    large, not text, or not YAML."""
    data = reading.read_bytes(file_name)
    text = None if data is None else decoded(reading, file_name, data)
    if text is None:
        return None
    try:
        return text, bounded_yaml(text)
    except YamlTooLarge as error:
        reading.error(file_name, str(error), expected)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        reading.error(file_name, f"is not valid YAML{where}", _yaml_expected(text))
    return None


class YamlTooLarge(ValueError):
    """YAML whose values, aliases expanded, or whose nesting exceed the limits."""


def bounded_yaml(text: str) -> object:
    """YAML read safely (no Python tags) and within the limits: values are counted as the
    document would expand them, each alias (*name) as often as it is used, before anything is
    expanded; nesting is counted as it is read."""
    loader = yaml.SafeLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except RecursionError:
            raise _nested_too_deep() from None
        if node is None:
            return None
        _check_size(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _check_size(root: yaml.Node) -> None:
    values_limit, depth_limit = limits.YAML_VALUES.value, limits.YAML_DEPTH.value
    expanded: dict[int, int] = {}  # node id -> values it expands to (aliases share nodes)

    def size(node: yaml.Node, depth: int) -> int:
        if depth > depth_limit:
            raise _nested_too_deep()
        if id(node) in expanded:
            return expanded[id(node)]
        expanded[id(node)] = values_limit + 1  # a node met again inside itself: too large
        if isinstance(node, yaml.SequenceNode):
            count = 1 + sum(size(child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            count = 1 + sum(size(k, depth + 1) + size(v, depth + 1) for k, v in node.value)
        else:
            count = 1
        if count > values_limit:
            raise YamlTooLarge(
                f"expands to more than {values_limit:,} values: the limit of "
                f"{limits.YAML_VALUES.what} ({limits.YAML_VALUES.env} sets it); "
                "aliases (*name) that repeat each other multiply"
            )
        expanded[id(node)] = count
        return count

    size(root, 1)


def _nested_too_deep() -> YamlTooLarge:
    limit = limits.YAML_DEPTH
    return YamlTooLarge(
        f"is nested more than {limit.value} levels deep: the limit of {limit.what} "
        f"({limit.env} sets it)"
    )


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
