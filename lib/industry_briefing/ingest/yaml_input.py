"""The YAML files of the input (meta.yml, profile.yml, indicators.yml) read within bounds.

Each bound holds before the memory or the time is spent: the file's bytes before it is read
whole; its values and nesting as the parser streams its events (a flat mapping of millions of
keys stops at the limit, never composed whole); its values again with each alias (*name)
counted as often as it is used, before anything is expanded (a "billion laughs"); the digits of
a number before it is converted (Python refuses an integer of thousands of digits with a
traceback). A key given twice, and text with control or direction characters, are refused
with the field and line. Python tags stay refused: the safe loader knows none.
"""

from __future__ import annotations

import re

import yaml

from industry_briefing.core import limits
from industry_briefing.core.errors import Words, words
from industry_briefing.core.text import unfit_character
from industry_briefing.ingest.encodings import decoded
from industry_briefing.ingest.reading import Reading, limit_what, unfit_words

_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_DIGIT = re.compile(r"[0-9A-Fa-f]")
_RADIX = re.compile(r"^[-+]?0[xob]")  # 0x, 0o, 0b: a radix, not a digit
# What YAML itself refuses to read (its reader allows no control character but tab and line
# breaks): found before parsing, so that the message names it rather than "not valid YAML".
_UNREADABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_KINDS = {  # problem.yaml.kind.<kind>
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:timestamp": "timestamp",
}
_START = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_VALUE = (yaml.ScalarEvent, yaml.AliasEvent, *_START)
_END = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


class YamlRefused(ValueError):
    """YAML over a limit, or holding what no input may (a key twice, control characters)."""

    def __init__(self, what: Words, wants: Words | None = None, saw: str = "") -> None:
        super().__init__(what.key)
        self.what = what
        self.wants = wants
        self.saw = saw


def read_yaml(reading: Reading, file_name: str, expected: Words) -> tuple[str, object] | None:
    """(the text, its YAML) of a file, read within the limits; None (reported) when it is too
    large, not text, not YAML, or holds what no input may."""
    data = reading.read_bytes(file_name, limits.YAML_BYTES)
    text = None if data is None else decoded(reading, file_name, data)
    if text is None:
        return None
    try:
        return text, bounded_yaml(text)
    except YamlRefused as error:
        reading.error(file_name, error.what, error.wants or expected, error.saw)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        invalid = words("yaml.invalid_at", line=mark.line + 1) if mark else words("yaml.invalid")
        reading.error(file_name, invalid, yaml_expected(text))
    return None


def bounded_yaml(text: str) -> object:
    """YAML read safely (no Python tags) and within the limits (see the module's words)."""
    _refuse_unreadable(text)
    loader = _BoundedLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except RecursionError:
            raise nested_too_deep() from None
        if node is None:
            return None
        _check_expanded_size(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _refuse_unreadable(text: str) -> None:
    found = _UNREADABLE.search(text)
    if found is not None:
        line = text.count("\n", 0, found.start()) + 1
        unfit = unfit_words(found.group())
        raise YamlRefused(
            words("yaml.unfit_line", line=line, unfit=unfit), words("expected.no_control")
        )


class _BoundedLoader(yaml.SafeLoader):
    """The safe loader, counting values and nesting as events stream, checking each scalar
    (numbers' digits, unfit characters) and each mapping (keys given twice) as composed."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.values_limit = limits.YAML_VALUES.value
        self.depth_limit = limits.YAML_DEPTH.value
        self.digits_limit = limits.YAML_DIGITS.value
        self.values = 0
        self.depth = 0
        self.path: list[str] = []  # the keys and positions down to the node being composed

    def get_event(self) -> yaml.Event:
        event = super().get_event()
        if isinstance(event, _VALUE):
            self.values += 1
            if self.values > self.values_limit:
                raise too_many_values("has")
        if isinstance(event, _START):
            self.depth += 1
            if self.depth > self.depth_limit:
                raise nested_too_deep()
        elif isinstance(event, _END):
            self.depth -= 1
        return event

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        label = _label(index)
        if label is not None:
            self.path.append(label)
        try:
            node = super().compose_node(parent, index)  # type: ignore[arg-type]  # int too
            if isinstance(node, yaml.MappingNode):
                _refuse_keys_twice(node, self.field())
        finally:
            if label is not None:
                self.path.pop()
        return node

    def compose_scalar_node(self, anchor: dict[object, yaml.Node]) -> yaml.ScalarNode:
        node = super().compose_scalar_node(anchor)
        line = node.start_mark.line + 1
        if unfit_character(node.value) is not None:
            raise YamlRefused(
                words(
                    "yaml.unfit_field", field=self.field(), unfit=unfit_words(node.value), line=line
                ),
                words("expected.retype_text"),
                node.value,
            )
        if node.tag in _NUMBER_TAGS:
            digits = len(_DIGIT.findall(_RADIX.sub("", node.value)))
            if digits > self.digits_limit:
                raise YamlRefused(
                    words(
                        "limit.digits",
                        field=self.field(),
                        digits=digits,
                        line=line,
                        most=self.digits_limit,
                        what=limit_what(limits.YAML_DIGITS),
                        env=limits.YAML_DIGITS.env,
                    ),
                    words("expected.few_digits"),
                    node.value,
                )
        return node

    def construct_object(self, node: yaml.Node, deep: bool = False) -> object:
        """A value built from its node; one that cannot be (2011-02-30, `!!int abc`) said with
        its line rather than raised as Python's ValueError (a traceback)."""
        try:
            return super().construct_object(node, deep)
        except YamlRefused:
            raise
        except ValueError:
            kind = (
                words(f"yaml.kind.{_KINDS[node.tag]}")
                if node.tag in _KINDS
                else words("yaml.kind.tag", tag=node.tag)
            )
            found = node.value if isinstance(node, yaml.ScalarNode) else ""  # quoted, bounded
            raise YamlRefused(
                words("yaml.unreadable_value", line=node.start_mark.line + 1, kind=kind),
                words("expected.yaml_value"),
                found,
            ) from None

    def field(self) -> str | Words:
        """Where in the document a node is: tables.parks.overrides[0], or the top level."""
        path = "".join(p if p.startswith("[") else "." + p for p in self.path).lstrip(".")
        return path or words("yaml.top_level")


def _label(index: object) -> str | None:
    """How a node's place in its parent reads in a message: a key's name, a position [0]."""
    if isinstance(index, yaml.ScalarNode):
        return str(index.value)
    if isinstance(index, int):
        return f"[{index}]"
    return None  # a key itself, or the document


def _refuse_keys_twice(node: yaml.MappingNode, field: str | Words) -> None:
    """YAML would keep the last of a key given twice, silently; the input says it once."""
    first: dict[tuple[str, str], int] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
            continue
        line, known = key.start_mark.line + 1, (key.tag, key.value)
        if known in first:
            twice = words("yaml.key_twice", key=key.value, first=first[known], line=line)
            if isinstance(field, str):  # not the top level
                twice = words("yaml.in_field", field=field, what=twice)
            raise YamlRefused(twice, words("expected.key_once"), str(key.value))
        first[known] = line


def _check_expanded_size(root: yaml.Node) -> None:
    """Values counted as the document would expand them, each alias as often as it is used."""
    values_limit = limits.YAML_VALUES.value
    expanded: dict[int, int] = {}  # node id -> values it expands to (aliases share nodes)

    def size(node: yaml.Node) -> int:
        if id(node) in expanded:
            return expanded[id(node)]
        expanded[id(node)] = values_limit + 1  # a node met again inside itself: too large
        if isinstance(node, yaml.SequenceNode):
            count = 1 + sum(size(child) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            count = 1 + sum(size(k) + size(v) for k, v in node.value)
        else:
            count = 1
        if count > values_limit:
            raise too_many_values("expands")
        expanded[id(node)] = count
        return count

    size(root)


def too_many_values(verb: str) -> YamlRefused:
    """`verb`: has (as the parser reads) or expands (with each alias counted as used)."""
    limit = limits.YAML_VALUES
    return YamlRefused(
        words(f"limit.values_{verb}", most=limit.value, what=limit_what(limit), env=limit.env)
    )


def nested_too_deep() -> YamlRefused:
    limit = limits.YAML_DEPTH
    return YamlRefused(
        words("limit.nested", most=limit.value, what=limit_what(limit), env=limit.env)
    )


def yaml_expected(text: str, expected: Words | None = None) -> Words:
    """What a YAML file should be, and the line whose full-width colon (：) YAML cannot read."""
    expected = expected or words("expected.yaml")
    colon = re.search(r"^[ \t]*[A-Za-z_]+[ \t]*：", text, re.MULTILINE)
    if colon is None:
        return expected
    line = text.count("\n", 0, colon.start()) + 1
    return words("expected.full_width_colon", expected=expected, line=line)
