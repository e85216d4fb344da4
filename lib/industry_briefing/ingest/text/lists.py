"""Figures that a sentence's structure ties together: A、B和C … 分别 N1、N2和N3 (parts in order,
or the amounts listed before), 其中 (parts of the sentence before), a sentence naming nothing
that goes on about the one before, 占…N%的 X (a share of the subject after it), a count
opening a clause or given a title (24个产品被评为…), a streak and its floor (连续3个月…7%以上),
parts' growth before their indicator said once after them, parallel parts with the indicator
said once, and parts named before their clause."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from industry_briefing.contract import units
from industry_briefing.ingest.text.figure import Figure
from industry_briefing.ingest.text.placing import OTHER_NOUN, Named, clause_start

_AREA = re.compile(r"全[市县州区省盟旗]")
# Words of scope and time before an indicator's name, never a part's (全部工业: all industry,
# the scope of 全部工业增加值, said 全部工业实现增加值).
SCOPE_WORDS = re.compile(
    r"全[市县州区省盟旗]|全部工业|规模以上|规上|规模|其中|累计|今年|[我该本][市县州区]|拉动|预计|同比|上半年"
    r"|前三季度"
)
# fact.place: a figure placed as the indicator named nearest before it (of those given)
Place = Callable[[Figure, list[Named]], None]
WHOSE: tuple[str, ...] = ("indicator", "dimension", "part")  # what a figure is of


def shares_before(found: list[Figure]) -> None:
    """占全市总量85.8%的八个重点产业实现增加值245.4亿元: the share is of the subject after it,
    the one the next figure of the sentence is placed as."""
    for number, figure in enumerate(found):
        sentence = figure.sentence
        base = re.search(r"占([^，,；;。\d]{2,20})$", sentence[: figure.start])
        after = sentence[figure.start + len(figure.printed) :]
        if figure.left != "no_indicator" or figure.unit != "%" or not base:
            continue
        subject = next((f for f in found[number + 1 :] if f.fact), None)
        if not after.startswith("的") or subject is None:
            continue
        whose = {k: subject.fact[k] for k in WHOSE if k in subject.fact}
        figure.left = None
        figure.fact = {
            **whose,
            "measure": "share",
            "value": figure.number,
            "unit": "%",
            "base": base.group(1),
            "note": sentence,
        }


def lists(found: list[Figure], named: list[Named]) -> None:
    """A、B和C … 分别 N1、N2和N3: each figure of the list is a part, in the printed order."""
    for figure in found:
        if not figure.fact or "分别" not in figure.sentence[: figure.start]:
            continue
        sentence = figure.sentence
        at = sentence.rfind("分别", 0, figure.start)
        group = [f for f in found if f.fact and f.unit == figure.unit and f.start > at]
        group = [f for f in group if not re.search("分别|[，,；;]", sentence[at + 2 : f.start])]
        if figure not in group or _paired_with_amounts(found, group, at):
            continue  # a figure past the list's clause is not of it
        parts = _list_parts(sentence[:at], named, len(group))
        if parts is None:
            for f in group:
                f.fact, f.left = {}, "ambiguous"
            continue
        for f, part in zip(group, parts, strict=True):
            f.fact.update(dimension="分组", part=part)


def _paired_with_amounts(found: list[Figure], group: list[Figure], at: int) -> bool:
    """X 14.86亿元、Y 10.27亿元、Z 2.995亿元，分别增长 a%、b%、c%: each rate is of the amount
    in its place, where as many placed amounts in a 、 list stand before 分别."""
    amounts = [f for f in found if f.start < at and f.unit in units.UNIT_FAMILY and f.unit != "%"]
    amounts = amounts[-len(group) :] if group else []
    if len(amounts) != len(group) or not all(a.fact for a in amounts):
        return False
    sentence = group[0].sentence
    gaps = [sentence[a.start : b.start] for a, b in itertools.pairwise(amounts)]
    if not all("、" in gap for gap in gaps):
        return False
    for rate, amount in zip(group, amounts, strict=True):
        whose = {k: amount.fact[k] for k in WHOSE if k in amount.fact}
        rate.fact.pop("dimension", None)
        rate.fact.pop("part", None)
        rate.fact.update(whose)
    return True


def of_which(found: list[Figure], sentence: str, before: set[str | None]) -> None:
    """其中，A … : figures of the sentence before's indicators, without a part of their own,
    are A's (其中，亿元以上投资项目30个，完成投资额45.59亿元: 45.59 is the part's)."""
    match = re.match(r"其中[,，]?([^,，;；\d]{2,20}?)(?=\d|[,，])", sentence)
    if not match:
        return
    part = match.group(1)
    for figure in found:
        fact = figure.fact
        # 其中,国有企业…,从投资拉动情况看,全州固定资产投资…: a figure its clause says is the
        # whole region's (全州) is not the part's
        whole = _AREA.fullmatch(fact.get("scope", ""))
        if fact and fact["indicator"] in before and not fact.get("part") and not whole:
            fact.update(dimension="分组", part=part)


def continued(found: list[Figure], named: list[Named], figures: list[Figure], place: Place) -> None:
    """A sentence naming no indicator and no indicator's word, right after a sentence whose
    figures are all of one indicator, goes on about it (用电量…。增长较快的是A、B，分别增长…;
    县区工业实现产值…。宁陕县增长1.72倍): its figures are that indicator's, by part."""
    sentence = found[0].sentence if found else ""
    if named or not found or OTHER_NOUN.search(sentence) or not figures:
        return
    last = figures[-1].sentence
    codes = {f.fact["indicator"] for f in figures if f.sentence == last and f.fact}
    if len(codes) != 1 or any(f.product for f in figures if f.sentence == last):
        return  # a sentence of products is not all of one indicator
    subject = [Named(codes.pop(), "", 0, 0)]
    for figure in found:
        if figure.left == "no_indicator":
            figure.left = None
            place(figure, subject)
            part = _clause_subject(figure)
            if figure.fact and part:
                figure.fact.update(dimension="分组", part=part)


def _clause_subject(figure: Figure) -> str:
    """The words a clause begins with before its verb (宁陕县增长1.72倍: 宁陕县)."""
    clause = figure.sentence[clause_start(figure.sentence, figure.start) : figure.start]
    words = re.split(r"增长|增速|下降|提高|达到?|为|分别|比|较|同比|完成|实现", clause)[0]
    words = re.sub(r"^.*的是", "", words.strip())  # 增速最快的是息烽县
    words = SCOPE_WORDS.sub("", words)
    return words if len(words) >= 2 and not re.search(r"\d", words) else ""


def _list_parts(before: str, named: list[Named], count: int) -> list[str] | None:
    start = max(before.rfind(c) for c in "，,：:；;") + 1 if "、" in before else 0
    words = before[start:]
    if "、" not in words:  # the list is in the clause before: 增长较快的是A、B，分别…
        clauses = re.split(r"[，,：:；;]", before)
        words = next((c for c in reversed(clauses) if "、" in c), "")
    for n in named:
        words = words.split(n.spelling)[0] if n.spelling in words else words
    words = re.sub(r"^.*?(?:的是|其中[,，:：]?)", "", words)
    words = re.sub(r"^(?:规上|规模以上|规模)工业", "", words)  # the scope, not the part's name
    words = re.sub(r"(?:产值|增加值|增速|增幅|全[市县州区]|占比|同比)+.*$", "", words)
    words = re.sub(r"\d+个[^、]*$", "", words)  # …和保靖县4个县区: the count of the list
    items = [w.strip() for w in words.split("、") if w.strip()]
    if len(items) < count and items:
        last = re.split(r"和|及|以及", items.pop())
        items.extend(w for w in last if w)
    return items if len(items) == count else None


# 24个产品被评为安康市特色品牌产品: a count of things, a verb of a title given, the title
_AWARDED = re.compile(
    r"[^\d，,；;。]{1,6}?(?:被评为|被认定为|被命名为|获评|荣获|获得?)([^\d，,；;。]+)"
)


def awarded(found: list[Figure], named: list[Named], counted: set[str]) -> None:
    """全市共有22个企业24个产品被评为安康市特色品牌产品: a count whose things are given a
    title that names a count-family indicator (`counted`) is that indicator's, the title as
    printed its part."""
    for figure in found:
        if figure.left != "no_indicator" or figure.unit not in ("个", "户", "家", "项"):
            continue
        title = _AWARDED.match(figure.sentence, figure.start + len(figure.printed))
        if title is None:
            continue
        name = next(
            (n for n in named if n.code in counted and title.start(1) <= n.start < title.end(1)),
            None,
        )
        if name is None:
            continue
        figure.left = None
        figure.fact = {
            "indicator": name.code,
            "measure": "value",
            "value": figure.number,
            "unit": figure.unit,
            "dimension": "分组",
            "part": figure.sentence[title.start(1) : name.end],
            "note": figure.sentence,
        }


def counts_before(found: list[Figure]) -> None:
    """73家“双新”企业产值同比增长40.2%: a count opening a clause counts the part the clause's
    next figure is of (重点监测的50户工业企业实现增加值188亿元: 50 of those enterprises; 22个企业
    24个产品被评为…: 22 enterprises, the words up to the next figure)."""
    for number, figure in enumerate(found):
        if figure.left != "no_indicator" or figure.unit not in ("家", "户", "个", "项"):
            continue
        sentence = figure.sentence
        end = figure.start + len(figure.printed)
        clause_end = re.search(r"[，,；;]|$", sentence[end:])
        limit = end + (clause_end.start() if clause_end else 0)
        subject = next((f for f in found[number + 1 :] if f.fact and f.start < limit), None)
        if subject is None:
            continue
        counted = re.match(
            r"[^，,；;\d]{2,20}?(?=产值|增加值|实现|完成|累计|同比|\d|$)", sentence[end:]
        )
        figure.left = None
        figure.fact = {
            **{k: subject.fact[k] for k in WHOSE if k in subject.fact},
            "measure": "count",
            "value": figure.number,
            "unit": figure.unit,
            "base": counted.group().strip('“”"') if counted else "",
            "note": sentence,
        }


def unnamed_parts(found: list[Figure], named: list[Named]) -> None:
    """A share of the whole region printed of no named part (“一体两翼”区域…实现规模工业总产值
    54.01亿元，占全市规模工业的78.56%): the sentence's figures of that indicator are a part's
    whose name is not read, so they are left rather than said as the region's own. A share of
    another indicator's whole (工业投资…占全州全社会固定资产投资的32.26%) is the region's."""
    shared = {
        f.fact["indicator"]
        for f in found
        if f.fact.get("measure") == "share"
        and not f.fact.get("part")
        and _AREA.search(f.fact.get("base", ""))
        and not _of_another(f, named)
    }
    for figure in found:
        if figure.fact.get("indicator") in shared and not figure.fact.get("part"):
            part = _group_before(figure)
            if part:  # 五大工业板块全部增长，实现增加值66.46亿元: the clause before names it
                figure.fact.update(dimension="分组", part=part)
            else:
                figure.fact, figure.left = {}, "ambiguous"


def _of_another(share: Figure, named: list[Named]) -> bool:
    """The share's base names another indicator than the share's own."""
    sentence, base = share.sentence, share.fact.get("base", "")
    at = sentence.rfind(base, 0, share.start)
    inside = [n for n in named if at >= 0 and at <= n.start < at + len(base)]
    return any(n.code != share.fact["indicator"] for n in inside)


def _group_before(figure: Figure) -> str:
    """A group the sentence names before the figure's clause (五大工业板块, 一体两翼区域)."""
    clauses = re.split(r"[，,；;]", figure.sentence[: clause_start(figure.sentence, figure.start)])
    for clause in reversed(clauses):
        words = re.split(r"全部|增长|实现|完成|发展|保持", clause)[0].strip()
        if re.search(r"(?:板块|产业|行业|区域|园区|集中区|企业)$", words):
            return re.sub(r"^.*?[“”\"]|[“”\"]", "", words) if "“" in words else words
    return ""


def elided_part(sentence: str, start: int) -> str:
    """清洁能源稳中有升，实现产值8.33亿元: the clause before names who (its subject before its
    state: 稳中有升, 高位增长, 增速“一路领先”)."""
    before = re.split(r"[，,；;]", sentence[: max(start - 1, 0)])[-1] if start else ""
    match = re.match(
        r"(.{2,12}?)(?:增速|增幅|[\u4e00-\u9fff]{2}(?:增长|攀升|复苏|有升|提升))", before
    )
    return match.group(1) if match and not _AREA.search(match.group(1)) else ""


_STREAK = re.compile(
    r"连续(\d+)个月([^，,；;。]{0,24}?)(?:保持在|均在|都在)(\d+(?:\.\d+)?)%以(上|下)"
)


def streaks(found: list[Figure]) -> None:
    """连续3个月当月…增速保持在7%以上: a count of months (个月) with its floor as the
    reference, of the indicator the sentence's figure before it is of."""
    for match in _STREAK.finditer(found[0].sentence if found else ""):
        months = next((f for f in found if f.start == match.start(1)), None)
        floor = next((f for f in found if f.start == match.start(3)), None)
        subject = next((f for f in reversed(found) if f.fact and f.start < match.start()), None)
        if months is None or floor is None or subject is None:
            continue
        fact = {k: subject.fact[k] for k in (*WHOSE, "scope") if k in subject.fact}
        fact.update(
            measure="count",
            value=months.number,
            unit="个月",
            horizon="当月" if "当月" in match.group(2) else subject.fact.get("horizon", ""),
            reference_value=floor.number,
            direction="above" if match.group(4) == "上" else "below",
            note=months.sentence,
        )
        months.fact, months.left = dict(fact), None
        floor.fact, floor.left = dict(fact), None  # the same fact: written once


_GROWN = re.compile(r"(?P<parts>[^\d，,；;：:]{2,24}?)(?:分别)?(?:同比)?(?P<way>增长|下降)")


def indicator_said_after(found: list[Figure]) -> None:
    """食品和医药产业分别增长14.5%和27%,通用设备制造业…等装备制造业增加值增长35.6%: parts'
    growth in a clause naming no indicator, before the parts' growth of one indicator in the
    same sentence, is of that indicator (said once, after them): its horizon and scope too."""
    placed = [f for f in found if f.fact]
    codes = {f.fact["indicator"] for f in placed}
    if len(codes) != 1 or not all(f.fact.get("part") for f in placed):
        return
    later = placed[0]
    rates = [f for f in found if f.left == "no_indicator" and f.start < later.start]
    clauses = {clause_start(f.sentence, f.start) for f in rates}
    if not rates or len(clauses) != 1 or any(f.unit != "%" for f in rates):
        return
    start = clauses.pop()
    grown = _GROWN.fullmatch(later.sentence[start : rates[0].start])
    parts = _items(grown["parts"], len(rates)) if grown else None
    if grown is None or parts is None or OTHER_NOUN.search(grown["parts"]):
        return
    if later.fact["measure"] != "growth":
        return
    whose: dict[str, str] = {
        k: later.fact[k] for k in ("indicator", "horizon", "scope") if k in later.fact
    }
    for rate, part in zip(rates, parts, strict=True):
        value = f"-{rate.number}" if grown["way"] == "下降" else rate.number
        rate.fact = {**whose, "dimension": "分组", "part": part, "measure": "growth"}
        rate.fact.update(value=value, unit="%", note=rate.sentence)
        rate.left = None


def _items(words: str, count: int) -> list[str] | None:
    """食品和医药产业: 食品产业, 医药产业 (the last item's 产业 is the list's)."""
    items = [w.strip() for w in re.split(r"、|和|及", words) if w.strip()]
    if len(items) != count:
        return None
    suffix = re.search(r"(?:产业|行业)$", items[-1])
    if suffix:
        items = [i if i.endswith("业") else i + suffix.group() for i in items]
    return items


def parallel_parts(found: list[Figure]) -> None:
    """国有企业完成增加值15.85亿元，增长28.76%，股份制企业完成42.09亿元，增长15.43%: a part
    that completes an amount with no indicator named is of the part's before it, in the same
    sentence and unit; the growth right after it is the part's too."""
    for number, figure in enumerate(found):
        if figure.left != "no_indicator" or number == 0:
            continue
        sentence = figure.sentence
        clause = sentence[clause_start(sentence, figure.start) : figure.start]
        previous = found[number - 1]
        whose = re.fullmatch(r"([^\d，,；;]{2,10}?)(?:完成|实现)", clause)
        model = next(
            (f for f in reversed(found[:number]) if f.fact.get("part") and f.unit == figure.unit),
            None,
        )
        if whose and model is not None:
            fact = {k: model.fact[k] for k in ("indicator", "dimension", "measure", "unit")}
            figure.fact = {**fact, "part": whose.group(1), "value": figure.number, "note": sentence}
            figure.left = None
        elif re.fullmatch(r"(?:同比)?(?:增长|下降)", clause) and previous.fact.get("part"):
            sign = "-" if clause.endswith("下降") else ""
            figure.fact = {
                **{k: previous.fact[k] for k in WHOSE if k in previous.fact},
                "measure": "growth",
                "value": sign + figure.number,
                "unit": "%",
                "note": sentence,
            }
            figure.left = None
