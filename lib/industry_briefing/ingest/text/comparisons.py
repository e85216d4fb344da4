"""A figure's comparison as printed: what it is against, in which direction, with the
reference's own rate where the text prints it (比全国6.2%的增速高3个百分点)."""

from __future__ import annotations

import re

from industry_briefing.contract.facts import DIRECTION_ALIASES
from industry_briefing.ingest.text.figure import Figure
from industry_briefing.ingest.text.placing import clause_start

_DIRECTIONS = sorted(DIRECTION_ALIASES, key=len, reverse=True)
_COMPARE = re.compile(r"(?:较|比|与)([^，,。；;]{1,14}?)(?=" + "|".join(_DIRECTIONS) + ")")
_THAN = re.compile(r"(高于|低于|快于|慢于|超过|超出)([^，,。；;\d]{1,14})")


def difference_of(before: str) -> dict[str, str]:
    than = _THAN.search(before)
    if than:
        direction = DIRECTION_ALIASES.get(than.group(1)[:1], "above")
        return {"against": than.group(2).rstrip("的"), "direction": direction}
    compared = _COMPARE.search(before)
    if not compared:
        # 比重达66%、提升8.5个百分点: a change with no comparison printed, its direction only
        moved = re.search("(" + "|".join(_DIRECTIONS) + ")$", before)
        return {"direction": DIRECTION_ALIASES[moved.group(1)]} if moved else {}
    rest = before[compared.end() :]
    word = next((w for w in _DIRECTIONS if rest.startswith(w)), "")
    found = {"against": compared.group(1), "direction": DIRECTION_ALIASES.get(word, "")}
    # 比全国6.2%的增速高3个百分点: the reference's own rate is printed inside the comparison.
    own = re.match(r"(.*?)(-?\d+(?:\.\d+)?)%", compared.group(1))
    if own:
        found.update(against=own.group(1), reference_value=own.group(2))
    return found


def reference_of(figure: Figure) -> str | None:
    """The reference a rate inside a comparison is of (比全国6.2%的增速高: 全国), or None."""
    sentence = figure.sentence
    clause = sentence[clause_start(sentence, figure.start) : figure.start]
    marker = re.search(r"(?:较|(?<!同)比(?!重))([^\d]{1,8})$", clause)
    after = re.match(r"[^，,；;。]*?个百分点", sentence[figure.start + len(figure.printed) :])
    if figure.unit != "%" or not marker or not after:
        return None
    return marker.group(1)
