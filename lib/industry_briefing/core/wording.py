"""The labels files (templates/labels/<lang>.yml), parsed once: the briefing's words
(briefing/labels.py) and those a problem of the input is said in (their `problem` group,
core/errors.py), which every layer may find, below the briefing.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from industry_briefing.core.settings import DEFAULT_LANG, TEMPLATES_DIR, check_lang

LABELS_DIR = TEMPLATES_DIR / "labels"


@cache
def labels_of(lang: str = DEFAULT_LANG) -> dict[str, Any]:
    """The whole label file of a language (parsed once)."""
    path = LABELS_DIR / f"{check_lang(lang)}.yml"
    # The package's own file: parsed with libyaml's loader when present (ten times faster;
    # every kernel parses it once).
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loaded: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    return loaded


def template(key: str, lang: str) -> str:
    """The text at `problem.<key>` of a language's labels; a missing one fails loudly."""
    node: Any = labels_of(lang)["problem"]
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise KeyError(f"no label 'problem.{key}' in {lang}.yml")
        node = node[part]
    if not isinstance(node, str):
        raise KeyError(f"label 'problem.{key}' in {lang}.yml is a group, not a text")
    return node
