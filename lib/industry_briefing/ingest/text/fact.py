"""A figure placed as a fact of the indicator its sentence names for it (placing.py finds
the name): its measure by its unit and words (增长 N%, 占 N%, 为目标的 N%, 第N位, N倍), its
value (下降: negative), the part and scope before the name, what it is compared with, its
horizon, the marks printed after it (（预计数） its status, （推算） a provenance); or a
target's row (确保/力争/目标, an amount or a rate aimed at), or left with why (an excess over
a target, what remains to be done, no measure)."""

from __future__ import annotations

import re

from industry_briefing.contract import units
from industry_briefing.contract.catalogue import Catalogue
from industry_briefing.contract.facts import PROVENANCE_NAMES
from industry_briefing.contract.tables import FIGURE_STATUSES
from industry_briefing.ingest.text.comparisons import difference_of, reference_of, target_row
from industry_briefing.ingest.text.figure import Figure
from industry_briefing.ingest.text.lists import SCOPE_WORDS, WHOSE, elided_part
from industry_briefing.ingest.text.normalise import months_of
from industry_briefing.ingest.text.placing import (
    COUNT_UNITS,
    Named,
    clause_start,
    masked,
    subject_of,
)

# The period's month and the words naming the region itself; the indicators named so far.
Where = tuple[int, tuple[str, ...], set[str]]
PERIOD = re.compile(r"\d{1,2}-\d{1,2}月|\d{1,2}月(?:份)?(?:当月)?|上半年|前三季度|一季度|当月")
# 工业投资完成92.05亿: a magnitude alone, where no word follows (万人 is not money), is the
# amount's unit when the indicator is money's (亿元): said by the indicator's family.
_MONEY_MAGNITUDES = {"亿": "亿元", "万": "万元"}
_AREA = re.compile(r"全[市县州区省盟旗]")
_DOWN = re.compile(r"下降|减少|降低|回落|负增长|减")
_UP = re.compile(r"增长|增速|增幅|提高|上升|提升|增加")
_AIMED = re.compile(r"争取|力争|确保|将达到|预期|计划|目标|任务|开门红")
_NEEDED = re.compile(r"(?:需|少)完成$|差$")  # what remains to be done: 月均需完成, 差
_TARGET = re.compile(r"(?:全年|年度|年|年初)?[^，,。；;占为的]{0,8}?(?:预期)?(?:目标|任务|计划)")
_THRESHOLD_SCOPE = re.compile(r"\d+万元?以上(?:口径)?")
_PROVENANCE_WORDS = {word: code for code, word in PROVENANCE_NAMES.items() if code != "published"}


def place(
    figure: Figure,
    named: list[Named],
    catalogue: Catalogue,
    where: Where,
) -> None:
    """The figure placed as a fact of the indicator named for it in its sentence (placing's
    subject_of), or left: no indicator is named for it."""
    at = (figure.start, figure.printed, figure.unit)
    subject = subject_of(figure.sentence, at, named, catalogue, where[2])
    if subject is None:
        figure.left = "no_indicator"
        return
    place_as(figure, subject, catalogue, where)


def place_as(
    figure: Figure,
    subject: Named,
    catalogue: Catalogue,
    where: Where,
) -> None:
    """The figure placed as a fact of `subject`'s indicator (or a target, or left)."""
    month, region, _ = where
    figure.left = None
    family = catalogue.indicators[subject.code].entry.family
    if family == "money" and figure.unit in _MONEY_MAGNITUDES:
        figure.unit = _MONEY_MAGNITUDES[figure.unit]  # 92.05亿 of 工业投资: 亿元
    reference = reference_of(figure)
    measure = "growth" if reference else _measure(figure, family)
    if family == "percent" and measure == "growth":  # 增长面达96.2%: the rate itself
        words = figure.sentence[subject.end : figure.start]
        measure = measure if _UP.search(words) or _DOWN.search(words) else "value"
    clause = figure.sentence[clause_start(figure.sentence, figure.start) : figure.start]
    rest = re.split(r"[，,；;]", figure.sentence[figure.start :])[0]
    after = figure.sentence[figure.start + len(figure.printed) :]
    excess = measure == "value" and re.search(r"超[^，,]*(?:目标|任务|计划)|[多少]了?$", clause)
    if measure == "value" and _NEEDED.search(clause):
        figure.left = "needed"  # 后10个月月均需完成107.59亿元: not a result
        return
    aimed = _AIMED.search(clause) or after.startswith("目标")
    # 确保万元工业增加值能耗下降5.3%: the rate aimed at, a target's growth, not a result
    rate = measure == "growth" and figure.unit == "%" and not reference
    if not excess and aimed and (measure == "value" or rate):
        # 全年目标120亿元, 省下达320亿元目标, 争取达到138亿元: a target, not a result
        figure.left = "target"
        figure.target = target_row(figure, subject.code, clause + figure.printed + after[:4], month)
        if rate:
            growth = _value(figure, "growth")["value"]
            figure.target.update(amount="", unit="", growth_pct=growth)
        return
    if (
        measure is None
        or excess
        or (measure == "count" and re.search(r"超过|以上|以下|接近", rest))
    ):
        # 超省下达目标21亿元: an excess, not the amount; 6个县增速接近或超过80%: a count of
        # parts past a threshold, which no measure holds
        figure.left = "ambiguous"
        return
    fact = {"indicator": subject.code, "measure": measure, "note": figure.sentence}
    if reference:
        fact.update(dimension="参照地区", part=reference)
    fact.update(_value(figure, measure))
    if not reference:
        fact.update(_whose(figure, subject, region))
    fact.update(_comparison(figure, measure))
    horizon = _horizon(figure.sentence[: figure.start], month)
    if horizon:
        fact["horizon"] = horizon
    if "预计" in figure.sentence[: figure.start]:  # 预计完成…: an estimate, not a count
        fact["status"] = "预计数"
    fact.update(marks_after(after))
    figure.fact = {k: v for k, v in fact.items() if v}


def _measure(figure: Figure, family: str) -> str | None:
    before = figure.sentence[clause_start(figure.sentence, figure.start) : figure.start]
    unit = figure.unit
    if unit == "位":
        return _rank_measure(before, figure.sentence[: figure.start])
    if unit == "倍":
        return "growth_times" if re.search("增长|提高|增加", before[-4:]) else "ratio_times"
    if unit == "个百分点":
        return "pull" if "拉动" in before else ("share" if "比重" in before else "growth")
    if unit in COUNT_UNITS:
        return "value" if family == "count" else "count"
    if unit == "%":
        # 增速均超过20%，分别达到34.4%: the list's measure is said in the clause before
        if "分别" in before and not _UP.search(before):
            before = figure.sentence[: figure.start]
        return _percent_measure(before, family)
    if unit in units.ALL_UNITS:
        return "value" if units.UNIT_FAMILY.get(unit) == family else None
    return None


def _rank_measure(clause: str, sentence: str) -> str:
    """增速排全省第6位, 总量居全省第5位; a clause saying neither (排名全省第17位) ranks what
    the sentence spoke of last."""
    words = re.findall(r"增速|增幅|增长|总量|规模", clause) or re.findall(
        r"增速|增幅|增长|总量|规模", sentence
    )
    return "value_rank" if not words or words[-1] in ("总量", "规模") else "growth_rank"


def _percent_measure(before: str, family: str) -> str | None:
    if "贡献率" in before:
        return "contribution"
    if re.search("目标|任务|计划", before) and not _UP.search(before):
        return "completion"
    if "占" in before or "比重" in before:
        return "share"
    if _UP.search(before) or _DOWN.search(before):
        return "growth"
    return "value" if family == "percent" else None


def _value(figure: Figure, measure: str) -> dict[str, str]:
    before = figure.sentence[clause_start(figure.sentence, figure.start) : figure.start]
    number = figure.number
    down = _DOWN.search(before)
    if measure == "growth" and figure.unit == "%" and down and not _UP.search(before[down.end() :]):
        number = number if number.startswith("-") else f"-{number}"
    if figure.unit == "个百分点" and measure != "pull":
        return {"difference": number.lstrip("-"), "difference_unit": "个百分点", "unit": "%"}
    unit = "" if figure.unit in ("位", "倍", "个百分点") else figure.unit  # pull: points
    return {"value": number, "unit": unit}


def _whose(figure: Figure, subject: Named, region: tuple[str, ...]) -> dict[str, str]:
    """A part when words other than scope and period words stand before the indicator's
    name in its clause (电子信息产业实现产值 … : the part 电子信息产业)."""
    sentence = figure.sentence
    start = clause_start(sentence, subject.start)
    words = PERIOD.sub("", SCOPE_WORDS.sub("", sentence[start : subject.start]))
    for name in sorted(region, key=len, reverse=True):
        words = words.replace(name, "")
    # 500万以上工业企业: a scope (the contract's 500万元口径), kept as printed, not a part
    threshold = _THRESHOLD_SCOPE.search(words)
    words = _THRESHOLD_SCOPE.sub("", words)
    counted = re.fullmatch(r"(.+?)（[\d.]+[个户家项]）", words.strip())
    if counted:  # 8个重点产业（8个）: the group said with its count, named whole
        words = counted.group(1)
    else:
        words = re.sub(r"^.*等|[\d.]+[个户家项]|实现|完成|达到?|的|[“”\"]", "", words).strip()
        # …等规模以上企业和18户500万以上企业: words ending in 和 are the item before, not a part
        words = re.sub(r"^.*(?:和|及|与|、)$", "", words)
    scope = threshold or _AREA.search(sentence[start : subject.start])
    found = {"scope": scope.group() if scope else ""}
    if threshold and words in ("工业企业", "企业", "工业"):
        words = ""  # 500万以上工业企业: the scope's own firms, no part
    if len(words) < 2 and re.match(r"共?(?:实现|完成)", sentence[start : subject.start]):
        words = elided_part(sentence, start)
    if len(words) >= 2 and (counted or not re.search(r"\d", words)) and words != "工业":
        found.update(dimension="分组", part=words)
    return found


def _comparison(figure: Figure, measure: str) -> dict[str, str]:
    before = figure.sentence[clause_start(figure.sentence, figure.start) : figure.start]
    if measure == "share":
        base = re.search(
            r"(?:占(?!比)|为)([^，,。；;%\d]{2,24}?)(?:的?比重|的|总量)?(?:达到?|为)?$", before
        )
        return {"base": base.group(1) if base else ""}
    if measure == "completion":
        target = _TARGET.search(before)
        # 完成全年目标120亿元的71.7%: the target's own amount, for the audit
        amount = re.search(r"(\d+(?:\.\d+)?)(亿元|万元)的?$", before)
        # 完成年度预期目标的43.53%: the target is 年度预期目标
        found = {"base": re.sub(r"^(?:完成|实现)", "", target.group()) if target else ""}
        if amount:
            found.update(reference_value=amount.group(1), base=found["base"] or "目标")
        return found
    if figure.unit == "位":
        scope = re.search(r"全[省国市州]", before)
        return {"rank_scope": scope.group() if scope else ""}
    if figure.unit != "个百分点" or measure == "pull":
        return {}
    return difference_of(before)


def _horizon(before: str, month: int) -> str:
    """The last period expression before the figure in its sentence, unless it is the period's
    own 1-N月 (the default horizon)."""
    # a period inside a comparison (比1至7月增速高) is what it is compared with, not its own
    found = [m.group() for m in PERIOD.finditer(masked(before))]
    if not found:
        return ""

    last = found[-1]
    return "" if months_of(last) == (1, month) else last


def marks_after(after: str) -> dict[str, str]:
    """The marks right after a figure: its status (17.38亿元（预计数）) and a provenance other
    than published (2.09倍（推算）: computed, not printed by the source)."""
    found: dict[str, str] = {}
    while mark := re.match(r"（([^（）]{2,4})）", after):
        word = mark.group(1)
        if word in FIGURE_STATUSES:
            found["status"] = word
        elif word in _PROVENANCE_WORDS:
            found["provenance"] = _PROVENANCE_WORDS[word]
        after = after[mark.end() :]
    return found


def statuses(found: list[Figure]) -> None:
    """17.38亿元（预计数），同比增长49.74%: a status said once after the first figure is the
    status of the figures of the same subject after it in the sentence (the row's status)."""
    for number, figure in enumerate(found):
        status = figure.fact.get("status")
        if not status:
            continue
        whose = [figure.fact.get(k) for k in WHOSE]
        for other in found[number + 1 :]:
            if other.fact and [other.fact.get(k) for k in WHOSE] == whose:
                other.fact.setdefault("status", status)
