"""Parts said one by one, as the product's briefing says a group (and bulletins sometimes):
segments of a sentence (；) each opening with its part's name (分企业群看，规模以上工业总产值中，
A…；B… / 其中，A…；B…), a count or an amount in parentheses after a name (县区（10个）,
小河区（28.78亿元）), ranks listed after the parts (增速分别居第1、2和3位), the count and
floor of listed parts (4个县区…均超过20%) and a count closing a clause of words (工业投资项目
249个; 亿元以上投资项目30个, the part the next figure is of)."""

from __future__ import annotations

import re
from collections.abc import Callable

from industry_briefing.ingest.text.figure import Figure
from industry_briefing.ingest.text.lists import SCOPE_WORDS, WHOSE
from industry_briefing.ingest.text.placing import COUNT_UNITS, OTHER_NOUN, Named, clause_start

PlaceAs = Callable[[Figure, Named], None]  # fact.place_as: a figure placed as the one given
# The product's groups: 分企业群看，规模以上工业总产值中，… / 增加值占比较大的行业（5个）中，…
_GROUP_HEAD = re.compile(
    r"^(?:分(?P<dimension>[^，,；;看]{1,12})看[，,])?(?P<head>[^，,；;]{2,40}?)中[，,]"
)
_LIST_HEAD = re.compile(
    r"其中[，,]|分(?P<dimension>[^，,；;看]{1,12})看[，,]|[^，,；;：:]{2,20}是[：:]"
)
# A segment's part: its words before its first figure, verb or parenthesis.
_PART_START = re.compile(
    r"(?P<part>(?:\d+万元?以上|[^，,；;\d（(%]){2,60}?)"
    r"(?=（|\d|完成|实现|同比|增长|下降|拉动|占|为|[，,]|$)"
)


def segments(
    found: list[Figure], named: list[Named], figures: list[Figure], place: PlaceAs
) -> None:
    """分企业群看，规模以上工业总产值中，“双新”企业73家，…；战略性新兴产业企业26家，… and
    其中，清洁能源8.33亿元，…；新型材料34.5亿元，…: each segment (；) opens with its part's
    name, and its figures are that part's, of the indicator the head names (after 其中, of
    the sentence before, where it names one only). A 分别-list is read by `lists`."""
    sentence = found[0].sentence if found else ""
    head = _GROUP_HEAD.match(sentence)
    # 其中，A…；B…  进度滞后的园区主要是：A…；B…  分区县看，A…；B…: the parts of the sentence
    # before's indicator, or of the one the lead names
    several = bool(re.search(r"[；;]", sentence))
    listed = _LIST_HEAD.match(sentence) if several else None
    if head:
        code = next((n.code for n in reversed(named) if n.end <= head.end()), None)
        start, dimension = head.end(), head["dimension"] or "分组"
    elif listed or (several and not named and not re.search(r"[：:]", sentence)):
        # (A为…；B为… right after their heading sentence)
        codes = {f.fact["indicator"] for f in _sentence_before(figures) if f.fact}
        codes = {n.code for n in named} or codes
        code = codes.pop() if len(codes) == 1 else None
        if not named and OTHER_NOUN.search(sentence):
            code = None  # another indicator's word (项目, 企业): not the sentence before's
        start = listed.end() if listed else 0
        dimension = (listed["dimension"] if listed else None) or "分组"
    else:
        return
    for piece in re.finditer(r"[^；;]+", sentence[start:]):
        part = _PART_START.match(re.sub(r"^[^，,]*?的是", "", piece.group()))
        if code is None or part is None or "分别" in piece.group():
            continue
        begin, end = start + piece.start(), start + piece.end()
        for figure in (f for f in found if begin <= f.start < end):
            _of_part(figure, Named(code, "", begin, begin), (dimension, part["part"]), place)


def _sentence_before(figures: list[Figure]) -> list[Figure]:
    """The figures of the sentence before, or of the one before it where it only says a
    target and what remains to do (完成二季度目标（累计621.32亿元），…月均需完成…)."""
    sentences = list(dict.fromkeys(f.sentence for f in reversed(figures[-40:])))
    for sentence in sentences[:2]:
        mine = [f for f in figures[-40:] if f.sentence == sentence]
        if any(f.fact for f in mine) or not any(f.left in ("target", "needed") for f in mine):
            return mine
    return []


def _of_part(figure: Figure, subject: Named, whose: tuple[str, str], place: PlaceAs) -> None:
    """A figure of a segment placed as its part's (a reference's rate stays the reference's)."""
    if figure.left not in (None, "no_indicator", "ambiguous") or figure.target:
        return
    if not figure.fact or figure.fact["indicator"] != subject.code:
        place(figure, subject)
    if figure.fact and figure.fact.get("dimension") != "参照地区":
        figure.fact.update(dimension=whose[0], part=whose[1].strip())


def paren_counts(found: list[Figure]) -> None:
    """县区（10个）规模以上工业总产值53.82亿元; 增加值占比较大的行业（5个）中，…: a count in
    parentheses after a name is the count of that group, of the indicator the sentence's
    next figure is of; 居前的是小河区（28.78亿元）、白云区（22.83亿元）: an amount in
    parentheses after a name is that part's."""
    for number, figure in enumerate(found):
        sentence, end = figure.sentence, figure.start + len(figure.printed)
        if not sentence[: figure.start].endswith("（") or not sentence.startswith("）", end):
            continue
        words = re.split(r"[，,；;：:、]|的是", sentence[: figure.start - 1])[-1]
        words = SCOPE_WORDS.sub("", words).strip('“”" ')
        subject = next((f for f in found[number + 1 :] if f.fact), None)
        if figure.unit not in COUNT_UNITS:
            if figure.fact.get("measure") == "value" and len(words) >= 2:
                figure.fact.update(dimension=figure.fact.get("dimension", "分组"), part=words)
            continue
        if subject is None or len(words) < 2:
            continue
        figure.left = None
        figure.fact = {
            "indicator": subject.fact["indicator"],
            "measure": "count",
            "value": figure.number,
            "unit": figure.unit,
            "dimension": "分组",
            "part": words,
            "note": sentence,
        }


_RANK_LIST = re.compile(r"(增速|总量|完成进度)?分别居第(\d+(?:、\d+)*(?:和\d+)?)位")
_RANK_MEASURES = {"增速": "growth_rank", "总量": "value_rank", "完成进度": "completion_rank"}


def rank_lists(found: list[Figure]) -> None:
    """…同比增速分别为51.1%、49.2%和21.6%，增速分别居第1、2和3位: the ranks of the parts of
    the list before them, in its order."""
    sentence = found[0].sentence if found else ""
    for match in _RANK_LIST.finditer(sentence):
        ranks = [f for f in found if match.start(2) - 1 <= f.start < match.end(2)]  # 第1、…
        listed = [f for f in found if f.start < match.start() and f.fact.get("part")]
        listed = listed[-len(ranks) :]
        if len(listed) != len(ranks) or not ranks:
            continue
        measure = _RANK_MEASURES.get(match.group(1) or "总量", "value_rank")
        for rank, part in zip(ranks, listed, strict=True):
            whose = {k: part.fact[k] for k in (*WHOSE, "horizon") if k in part.fact}
            rank.left = None
            rank.fact = {**whose, "measure": measure, "value": rank.number, "note": sentence}


_FLOOR = re.compile(r"均(超过|高于|低于|在)$")


def group_floor(found: list[Figure], named: list[Named]) -> None:
    """A、B和C 3个县区…增速均超过20%，分别达到…: the count of the listed parts (of the group
    the words after it name) and the floor they all pass, facts of the group, not of a part."""
    listed = [f for f in found if f.fact.get("part") and "分别" in f.sentence[: f.start]]
    if not listed:
        return
    sentence, model = listed[0].sentence, listed[0].fact
    count = next((f for f in found if f.left == "no_indicator" and f.unit in COUNT_UNITS), None)
    names = [n for n in named if count is not None and n.start > count.start]
    last = listed[-1].fact["part"]
    if count is None or not names or not sentence[: count.start].endswith(last):
        count = None  # the count stands right after the list's last name
    elif words := sentence[count.start + len(count.printed) : names[0].start].strip():
        whose: dict[str, str] = {k: model[k] for k in ("indicator", "horizon") if k in model}
        count.left = None
        count.fact = {**whose, "dimension": words, "measure": "count", "value": count.number,
                      "unit": count.unit, "note": sentence}  # fmt: skip
        for floor in found:
            said = _FLOOR.search(sentence[: floor.start])
            if floor.left == "ambiguous" and floor.unit == "%" and said:
                direction = "below" if said.group(1) == "低于" else "above"
                floor.left = None
                floor.fact = {**whose, "dimension": words, "measure": model["measure"],
                              "reference_value": floor.number, "direction": direction,
                              "note": sentence}  # fmt: skip


# 4个县区规模工业增加值增速均超过20%: how many parts, the indicator, all past a floor
_PAST = re.compile(
    r"(\d+)[个家户]((?:县市区|县区|县|区|市|行业|产业|企业|园区))([^，,；;。\d]{0,16}?)"
    r"(?:增速|增幅|增长)(?:均|都|全部)(超过|高于|快于|低于|慢于|在)(\d+(?:\.\d+)?)%(以上|以下)?"
)


def parts_past(found: list[Figure], named: list[Named]) -> None:
    """湘西经开区、泸溪县、凤凰县和保靖县4个县区规模工业增加值增速均超过20%,分别达到…: the
    count of the parts past the floor, and the parts' growth above it, of the indicator named
    between them; horizon and scope as the parts' figures after it. 接近或超过80% is no floor."""
    for match in _PAST.finditer(found[0].sentence if found else ""):
        count = next((f for f in found if f.start == match.start(1)), None)
        floor = next((f for f in found if f.start == match.start(5)), None)
        name = next((n for n in named if match.start(3) <= n.start < match.end(3)), None)
        word = match.group(4) + (match.group(6) or "")
        if count is None or floor is None or name is None or not name.code or word == "在":
            continue
        after = next((f for f in found if f.start > floor.start and f.fact), None)
        whose = {"indicator": name.code, "dimension": match.group(2)}
        if after is not None and after.fact.get("indicator") == name.code:
            whose.update({k: after.fact[k] for k in ("horizon", "scope") if k in after.fact})
        direction = "below" if word[:2] in ("低于", "慢于") or word.endswith("以下") else "above"
        past = {"reference_value": floor.number, "direction": direction, "note": count.sentence}
        # the count is of the parts (facts.csv's 个数 row); the floor, a row of its own, says
        # what they passed: the count carries no reference (the round trip reads it so)
        count.fact = {**whose, "measure": "count", "value": count.number, "unit": count.unit}
        count.fact["note"] = count.sentence
        floor.fact = {**whose, "measure": "growth", "unit": "%", **past}
        count.left = floor.left = None
        for part in (f for f in found if f.start > floor.start and f.fact.get("part")):
            if part.fact["indicator"] == name.code and part.fact.get("dimension") == "分组":
                part.fact["dimension"] = match.group(2)  # 分别达到…: the 县区 counted


def counts_after(found: list[Figure]) -> None:
    """…同比增长33.8%，工业投资项目249个: a count closing a clause of words only is the count
    of those words, of the indicator the sentence spoke of before it."""
    for number, figure in enumerate(found):
        sentence = figure.sentence
        clause = sentence[clause_start(sentence, figure.start) : figure.start]
        before = [f for f in found[:number] if f.fact and not f.fact.get("part")]
        if figure.left != "no_indicator" or figure.unit not in COUNT_UNITS or not before:
            continue
        ends = re.match(r"[，,；;。]|$", sentence[figure.start + len(figure.printed) :])
        if ends and re.fullmatch(r"[^\d，,；;]{2,20}", clause):
            figure.left = None
            figure.fact = {"indicator": before[-1].fact["indicator"], "measure": "count",
                           "value": figure.number, "unit": figure.unit, "base": clause,
                           "note": sentence}  # fmt: skip


def counted_parts(found: list[Figure]) -> None:
    """其中,亿元以上投资项目30个,完成投资额45.59亿元: a count closing a clause of nothing but a
    part's name counts that part, where the sentence's next figure is the part's."""
    for number, figure in enumerate(found):
        if figure.left != "no_indicator" or figure.unit not in ("个", "户", "家", "项"):
            continue
        words = figure.sentence[clause_start(figure.sentence, figure.start) : figure.start]
        following = found[number + 1] if number + 1 < len(found) else None
        if following is None or not following.fact.get("part"):
            continue
        if words.strip() != following.fact["part"]:
            continue
        figure.left = None
        figure.fact = {
            **{k: following.fact[k] for k in WHOSE if k in following.fact},
            "measure": "count",
            "value": figure.number,
            "unit": figure.unit,
            "note": figure.sentence,
        }
