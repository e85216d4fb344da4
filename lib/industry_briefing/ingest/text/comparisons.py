"""A figure's comparison as printed: what it is against, in which direction, with the
reference's own rate where the text prints it (比全国6.2%的增速高3个百分点)."""

from __future__ import annotations

import itertools
import re

from industry_briefing.contract.facts import DIRECTION_ALIASES
from industry_briefing.ingest.text.figure import Figure
from industry_briefing.ingest.text.placing import clause_start

_DIRECTIONS = sorted(DIRECTION_ALIASES, key=len, reverse=True)
_COMPARE = re.compile(r"(?:较|比|与)([^，,。；;]{1,14}?)(?=" + "|".join(_DIRECTIONS) + ")")
_RATE_WORD = re.compile(r"增速|增幅|增长|速度")
_THAN = re.compile(r"(高于|低于|快于|慢于|落后|超过|超出)([^，,。；;\d]{1,14})")


def difference_of(before: str) -> dict[str, str]:
    than = _THAN.search(before)
    if than:
        word = than.group(1)  # 落后 below, 高于 (高) above
        direction = DIRECTION_ALIASES.get(word, DIRECTION_ALIASES.get(word[:1], "above"))
        return {"against": than.group(2).rstrip("的（("), "direction": direction}
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
        found.update(against=own.group(1).rstrip("的（("), reference_value=own.group(2))
    return found


def reference_of(figure: Figure) -> str | None:
    """The reference a rate inside a comparison is of (比全国6.2%的增速高: 全国), or None."""
    sentence = figure.sentence
    clause = sentence[clause_start(sentence, figure.start) : figure.start]
    marker = re.search(r"(?:较|(?<!同)比(?!重))([^\d]{1,8})$", clause)
    after = re.match(r"[^，,；;。]*?个百分点", sentence[figure.start + len(figure.printed) :])
    if figure.unit != "%" or not marker or not after:
        return None
    return marker.group(1).rstrip("（(")  # 比全国（6.2%）高: the product's parentheses


# The target's kind by its words (data/README.md, targets.csv 目标类型), the first that fits.
_KINDS = (
    ("省下达", "省下达目标"),
    ("力争", "力争目标"),
    ("确保", "确保目标"),
    ("考核", "考核目标"),
    ("预期", "年度预期目标"),
)


def target_row(figure: Figure, indicator: str, words: str, month: int) -> dict[str, str]:
    """A target's amount as a row of targets.csv: its kind by its words, its horizon as the
    sentence prints it (上半年), else the year (全年)."""
    kind = next((k for cue, k in _KINDS if cue in words), "全年目标")
    own = next((k for cue, k in _KINDS if cue in words.split(figure.printed)[0]), None)
    kind = own or kind  # 确保19户，力争23户: the cue before the figure first
    # the period said in the figure's part of the sentence: a ；-part is a task of its own
    # (确保10月份企业新进规19户，力争23户；…；确保…能耗下降5.3%: the year's, not 10月份's)
    task = re.split(r"[；;]", figure.sentence[: figure.start])[-1]
    periods = re.findall(r"上半年|前三季度|[一二三四]季度|\d{1,2}月(?:份)?|全年", task)
    horizon = periods[-1] if periods else "全年"
    if re.fullmatch(r"1-(\d{1,2})月", horizon) and horizon == f"1-{month}月":
        horizon = "全年"  # the period's own 1-N月 opens the sentence; the target is the year's
    return {
        "indicator": indicator,
        "kind": kind,
        "horizon": horizon,
        "amount": figure.number,
        "unit": figure.unit,
        "note": figure.sentence,
    }


def changes_of(found: list[Figure]) -> None:
    """占…的比重为66%，较上年同期提升8.5个百分点; 完成年度预期目标的43.53%，快于时间进度1.86个
    百分点: a difference whose clause names no measure of its own is the change of the figure
    said right before it (of the same subject), a share's or a completion's as well as a
    growth's."""
    for before, figure in itertools.pairwise(found):
        fact, previous = figure.fact, before.fact
        if fact.get("measure") != "growth" or "difference" not in fact or not previous:
            continue
        clause = figure.sentence[clause_start(figure.sentence, figure.start) : figure.start]
        same = all(fact.get(k) == previous.get(k) for k in ("indicator", "part"))
        if (
            same
            and previous["measure"] in ("share", "completion")
            and not _RATE_WORD.search(clause)
        ):
            fact["measure"] = previous["measure"]
