"""Projects counted by group (全市实施500万元以上工业项目229个,总投资95.01亿元,同比增长29.01%;
入驻项目累计固定资产投资额40.4亿元): rows of project_groups.csv, the group as printed.

A group is the words of a clause ending in 项目 right before a count of them (…项目229个), or
before a projects' investment (…项目累计…投资额); the clauses after a count that say the
group's investment (总投资, 完成投资, 累计完成投资) and its growth are the group's too. Only
figures the indicators' grammar left are read: a clause naming an indicator of the catalogue
(新开工项目, 亿元以上项目, 工业投资 …) is that indicator's.
"""

from __future__ import annotations

import re

from industry_briefing.ingest.text.figure import Figure
from industry_briefing.ingest.text.placing import Named, clause_start

# Words before a group's name that are not it: the region, the year, the verb (实施, 共有).
_NOT_THE_NAME = re.compile(r"^(?:全[省市州县区盟旗]|今年|本年|年内|全年)?(?:共有|共|实施|有)?")
# a group's name: words, and a threshold of investment in them (500万元以上工业项目)
_NAME = r"(?:[^\d，,；;。：:]|\d+(?:\.\d+)?(?:亿元|万元|亿|万)以上){2,30}?项目"
_GROUP = re.compile(_NAME)
# 入驻项目累计固定资产投资额: the group, then its investment and how it is counted
_INVESTED = re.compile(f"(?P<group>{_NAME})" + r"(?P<kind>累计|总)?[^\d，,；;]{0,8}?投资额?")
# The clauses after a count: 总投资95.01亿元, 完成投资额45亿元, 同比增长29.01%
_AFTER = re.compile(r"(?P<kind>累计完成|完成|总)投资额?|(?:同比)?(?P<way>增长|下降)")
_KINDS = {"累计完成": "累计完成投资", "累计": "累计完成投资", "完成": "完成投资", "总": "总投资"}


def project_groups(found: list[Figure], named: list[Named], region: tuple[str, ...]) -> None:
    """Each group's count, investment and growth, as `Figure.group`; `region` the words that
    name the region itself."""
    group = ""
    for figure in found:
        if figure.left != "no_indicator":
            group = "" if figure.fact or figure.target or figure.product else group
            continue
        words = _own_clause(figure, named, region)
        if words is None:  # a clause naming an indicator: no group's
            group = ""
            continue
        if figure.unit in ("个", "项") and _GROUP.fullmatch(words):
            group = words
            figure.group = _row(figure, group, "count", figure.number)
        elif figure.unit in ("亿元", "万元") and (invested := _INVESTED.fullmatch(words)):
            group = invested["group"]
            kind = _KINDS.get(invested["kind"] or "", "完成投资")
            figure.group = _row(figure, group, "investment", figure.number, kind)
        elif group:
            _after_the_count(figure, group, words)
        if figure.group:
            figure.left = None


def _own_clause(figure: Figure, named: list[Named], region: tuple[str, ...]) -> str | None:
    """The words of the figure's clause before it, without the region's own words; None where
    the clause names an indicator."""
    start = clause_start(figure.sentence, figure.start)
    if any(start <= n.start < figure.start for n in named if n.code):
        return None
    words = figure.sentence[start : figure.start]
    for own in sorted(region, key=len, reverse=True):
        words = words.replace(own, "")
    return _NOT_THE_NAME.sub("", words.strip())


def _after_the_count(figure: Figure, group: str, words: str) -> None:
    """总投资95.01亿元 or 同比增长29.01% in a clause after the group's count: the group's."""
    said = _AFTER.fullmatch(words)
    if said is None:
        return
    if said["kind"] and figure.unit in ("亿元", "万元"):
        figure.group = _row(figure, group, "investment", figure.number, _KINDS[said["kind"]])
    elif said["way"] and figure.unit == "%":
        down = said["way"] == "下降" and not figure.number.startswith("-")
        figure.group = _row(figure, group, "growth", f"-{figure.number}" if down else figure.number)


def _row(figure: Figure, group: str, measure: str, value: str, kind: str = "") -> dict[str, str]:
    unit = {"count": figure.unit, "investment": figure.unit, "growth": "%"}[measure]
    row = {"group": group, "measure": measure, "value": value, "unit": unit, "kind": kind}
    return {**row, "note": figure.sentence}
