"""Indicator names found in a sentence, by the catalogue (names and aliases) and by the spellings
bulletins print that name one indicator only; a word that may name two (产值: 规上 or all
industry?) names none, so that a figure is never guessed into an indicator it may not be."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from industry_briefing.contract import units
from industry_briefing.contract.catalogue import Catalogue

# Printed spellings that are one indicator beyond the catalogue's aliases: the scope word is in
# them (规上), so they cannot be another indicator's.
READING_SPELLINGS = {
    "规上工业产值": "industrial_output",
    "规上产值": "industrial_output",
    "规模以上工业产值": "industrial_output",
    "规模工业产值": "industrial_output",
    "规模工业实现总产值": "industrial_output",
    "规上工业企业完成总产值": "industrial_output",
    "规模以上工业企业完成总产值": "industrial_output",
    "全部工业实现增加值": "industrial_value_added_all",
    "规模工业实现增加值": "industrial_value_added",
    "规上工业完成增加值": "industrial_value_added",
    "规模以上工业实现增加值": "industrial_value_added",
    "规上工业企业增加值": "industrial_value_added",
    "规模工业增加值": "industrial_value_added",
    # the catalogue's says, and the seed's (10个重点工业园区完成…: the parks, no part)
    "园区完成基础设施建设投资": "park_infrastructure_investment",
    "重点工业园区完成基础设施建设投资": "park_infrastructure_investment",
    "工业用电": "electricity_use",
    "工业供电量": "electricity_use",
    "固定资产投资": "fixed_asset_investment",
    "技改投资": "technical_renovation_investment",
    "进规": "new_enterprises_above_size",  # 大冶市进规31家: entered 规上 this year
}

COUNT_UNITS = ("个", "户", "家", "项", "座", "台")
_AMOUNT_UNITS = tuple(sorted(units.ALL_UNITS, key=len, reverse=True))
_AMOUNT = re.compile(
    r"\d("
    + "|".join(re.escape(u) for u in _AMOUNT_UNITS if u not in COUNT_UNITS and u != "%")
    + ")"
)
_CLAUSE_END = "，,；;：:"
OTHER_NOUN = re.compile(
    r"增加值|产值|收入|利润|利税|投资|用电量|供电量|税金|出口|销售|企业|项目|行业"
)
# Right before a name: its owner, whose own total it is (入驻项目累计固定资产投资额, 合同工业产值).
_OWNER_BEFORE = re.compile(r"(?:项目累计|合同)$")
_OTHER_QUANTITY = re.compile(r"(?:合同|年|达产后?)(?:工业)?$")
# A bare word and the indicators it may be: the text's own earlier name decides.
_GENERIC = {
    "产值": ("industrial_output", "industrial_output_all"),
    "增加值": ("industrial_value_added", "industrial_value_added_all"),
}
ABOVE_SIZE = re.compile(r"(?:规上|规模以上|规模)工业(?!企业)|规模口径")
_COMPARED = re.compile(r"占|较|(?<!同)比(?!重)|高于|低于|快于|慢于|超过|超出")
# A comparison runs to its clause's end, or to the rate it holds (占全市总量85.8%的八个重点产业
# …: what follows 的 is the subject again).
_COMPARISON_PHRASE = re.compile(f"(?:{_COMPARED.pattern})" + r"[^，,；;。%]*(?:%的?)?")


@dataclass(frozen=True)
class Named:
    code: str
    spelling: str  # as printed
    start: int  # where it begins in the sentence
    end: int


@cache
def _pattern(spellings: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first: 规模以上工业增加值 before 工业增加值.
    ordered = sorted(spellings, key=len, reverse=True)
    return re.compile("|".join(re.escape(s) for s in ordered))


def spellings_of(catalogue: Catalogue) -> dict[str, str]:
    """Every spelling (as bulletins print it) -> its indicator code."""
    found: dict[str, str] = {}
    for code, indicator in catalogue.indicators.items():
        # a region's own indicator is also named by the words its briefing says before its
        # figure (indicators.yml `says`: 行业增长面, 累计工业供电量)
        says = (indicator.says("zh"),) if indicator.regional else ()
        for spelling in (indicator.name, *indicator.entry.aliases, *says):
            if len(spelling) >= 3:  # 利润, 税金 alone name too much to be read in running text
                found.setdefault(spelling, code)
    for spelling, code in READING_SPELLINGS.items():
        if code in catalogue.indicators:
            found.setdefault(spelling, code)
    return found


def named_in(sentence: str, catalogue: Catalogue, previous: str = "") -> list[Named]:
    """The indicators a sentence names, in order (`previous`: the sentence before, whose
    names a 其中 sentence goes on with)."""
    spellings = spellings_of(catalogue)
    pattern = _pattern(tuple(spellings))
    # A name made another thing by the words around it stays, as no indicator's: the nearest
    # name before it is not the figure's either.
    found = [
        Named("" if _another_thing(sentence, m) else spellings[m.group()], m.group(), *m.span())
        for m in pattern.finditer(sentence)
    ]
    taken = [(n.start, n.end) for n in found if n.code]
    split = [n for n in _split_names(sentence, catalogue, previous) if _free(n, taken)]
    taken += [(n.start, n.end) for n in split]  # 工业投资项目…完成投资额: a region's own name
    kept = [n for n in found if n.code or _free(n, taken)]
    return sorted([*kept, *split], key=lambda n: n.start)


def _another_thing(sentence: str, name: re.Match[str]) -> bool:
    """Words around an indicator's name that make it another thing than the indicator:
    工业投资项目 (projects, not 工业投资), 入驻项目累计固定资产投资额 (the projects' investment
    since they started, project_groups' 累计完成投资, not the period's), 合同投资额 (a
    contract's amount)."""
    if "项目" not in name.group() and sentence.startswith("项目", name.end()):
        return True
    return bool(_OWNER_BEFORE.search(sentence, 0, name.start()))


def _split_names(sentence: str, catalogue: Catalogue, previous: str) -> list[Named]:
    """A region's own indicator named in two pieces of one sentence (工业投资项目达249个，完成
    投资额58.87亿元: 工业投资项目完成投资额), or its first piece in the sentence before a 其中
    sentence: the region declared the name, the pieces are its."""
    found = []
    goes_on = sentence.startswith("其中")
    for code, indicator in catalogue.indicators.items():
        if not indicator.regional:
            continue
        for name in (indicator.name, *indicator.entry.aliases):
            found.extend(_turned(sentence, code, name))
            for cut in range(3, len(name) - 2):
                head, tail = name[:cut], name[cut:]
                at, end = _printed(sentence, head)
                then = sentence.find(tail, end + 1) if at >= 0 else -1
                if goes_on and at < 0 and head in previous and tail in sentence:
                    then = sentence.find(tail)
                    found.append(Named(code, tail, then, then + len(tail)))
                    break
                if then > 0:
                    found.append(Named(code, sentence[at:end], at, end))
                    found.append(Named(code, tail, then, then + len(tail)))
                    break
    return found


def _printed(sentence: str, piece: str) -> tuple[int, int]:
    """Where a piece of a region's name is printed, with the scope word 工业 in it or not
    (新签约工业项目 for 新签约项目: the same projects); (-1, -1) where it is not."""
    match = re.search("(?:工业)?".join(map(re.escape, piece)), sentence)
    return match.span() if match else (-1, -1)


def _turned(sentence: str, code: str, name: str) -> list[Named]:
    """A region's name A的B printed B A (正常生产的500万以上企业: 18户500万以上企业正常生产): the
    same thing said with its qualifier after it, both pieces the name's."""
    what, _, which = name.partition("的")
    at = sentence.find(which + what) if what and len(which) >= 2 else -1
    if at < 0:
        return []
    middle = at + len(which)
    return [Named(code, which, at, middle), Named(code, what, middle, middle + len(what))]


def _free(named: Named, taken: list[tuple[int, int]]) -> bool:
    return all(named.end <= start or named.start >= end for start, end in taken)


def _counted(text: str, catalogue: Catalogue, at: int) -> list[Named]:
    """The count-family indicator a text begins with, even inside a longer name."""
    for spelling, code in sorted(spellings_of(catalogue).items(), key=lambda s: -len(s[0])):
        family = catalogue.indicators[code].entry.family
        if family == "count" and text.startswith(spelling):
            return [Named(code, spelling, at, at + len(spelling))]
    return []


def clause_start(sentence: str, position: int) -> int:
    return max(sentence.rfind(c, 0, position) for c in _CLAUSE_END) + 1


def subject_of(
    sentence: str,
    figure: tuple[int, str, str],
    named: list[Named],
    catalogue: Catalogue,
    seen: set[str],
) -> Named | None:
    """The indicator a figure (its place, its printed text and unit) is of: a count-family
    name right after a count (174家规上工业企业), else the nearest name before it in the
    sentence; `seen` the indicators the text named as subjects before (and `above_size`
    where it said it is of 规上 industry)."""
    at, printed, unit = figure
    after = [n for n in named if n.start == at + len(printed) and n.code]
    if unit in COUNT_UNITS:  # 174家规上工业企业增加值: the count is of 规上工业企业
        after = _counted(sentence[at + len(printed) :], catalogue, at + len(printed)) or after
    qualified = sentence[clause_start(sentence, at) : at].endswith("的")
    if unit in COUNT_UNITS and after and qualified:
        return None  # 重点监测的50户工业企业: a group's count, not the region's enterprises
    if unit in COUNT_UNITS and after:
        family = catalogue.indicators[after[0].code].entry.family
        if family == "count":
            return after[0]
    # Names after 占/较/高于 in the figure's clause are its base or what it is compared with.
    clause = clause_start(sentence, at)
    # (a comparison closed before the figure, 占全市总量85.8%的八个重点产业, does not limit it)
    phrases = [m for m in _COMPARISON_PHRASE.finditer(sentence, clause, at) if m.end() >= at]
    limit = phrases[0].start() if phrases else at
    blanked = masked(sentence)  # a name inside another figure's comparison is not a subject
    before = [n for n in named if n.end <= limit and blanked[n.start] != "_"]
    known = seen | {n.code for n in before}
    start = before[-1].end if before else 0
    # Another indicator's word between the name and the figure (工业增加值 after 销售产值):
    # the figure is of that word's indicator where the text has named exactly one (电子信息产业
    # 实现产值 in a text of 规上工业总产值), else of none, never of the name before.
    between = masked(sentence[start:limit])
    words = list(OTHER_NOUN.finditer(between))
    if not words:
        subject = _scoped(before[-1], seen) if before else None
    else:
        word = words[-1]
        code = _generic(word.group(), {n.code for n in before}, known)
        if _OTHER_QUANTITY.search(between[: word.start()]):
            code = None  # 合同工业产值, 预计年产值: a contract's or a plan's, not the period's
        found = start + word.start(), start + word.end()
        subject = None if code is None else Named(code, word.group(), *found)
    if subject and _other_amount(masked(sentence[subject.end : limit]), subject.code, catalogue):
        return None  # 化肥12万吨，增长3.2%: a product's, not the indicator's before it
    return subject if subject is None or subject.code else None  # a name made another thing


def _generic(word: str, here: set[str], known: set[str]) -> str | None:
    """The indicator a bare 产值/增加值 is: the one of its pair named in the sentence, else in
    the text; else the scope the text keeps to (规上 only, or all industry only)."""
    pair = _GENERIC.get(word, ())
    for named in (here, known):
        codes = [c for c in pair if c in named]
        if len(codes) == 1:
            return codes[0]
        if codes:
            return None  # both named: which one is not said
    above = "above_size" in known or bool(known & {"industrial_output", "industrial_value_added"})
    whole = bool(known & {"industrial_output_all", "industrial_value_added_all"})
    if pair and above != whole:
        return pair[0] if above else pair[1]
    return None


def _other_amount(between: str, code: str, catalogue: Catalogue) -> bool:
    """An amount in another family than the indicator's stands between it and the figure."""
    if not code:
        return False
    family = catalogue.indicators[code].entry.family
    for match in _AMOUNT.finditer(between):
        if units.UNIT_FAMILY.get(match.group(1)) not in (family, None):
            return True
    return False


def _scoped(named: Named, seen: set[str]) -> Named:
    """工业总产值 (the catalogue's all-industry name) in a text of 规上 industry is the 规上
    figure: the text's scope word says it once for all its figures."""
    wider = {"工业总产值": "industrial_output", "工业增加值": "industrial_value_added"}
    narrow = wider.get(named.spelling)
    if narrow and (narrow in seen or "above_size" in seen) and named.code not in seen:
        return Named(narrow, named.spelling, named.start, named.end)
    return named


def masked(text: str) -> str:
    """The text with every comparison (较全县产值增速, 占全县产值) blanked, positions kept."""
    return _COMPARISON_PHRASE.sub(lambda m: "_" * len(m.group()), text)


def subject_names(sentence: str, named: list[Named]) -> set[str]:
    """The indicators a sentence names as subjects, not as a base or a comparison."""
    blanked = masked(sentence)
    return {n.code for n in named if n.code and blanked[n.start] != "_"}
