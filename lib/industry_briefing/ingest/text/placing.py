"""Indicator names found in a sentence, by the catalogue (names and aliases) and by the spellings
bulletins print that name one indicator only; a word that may name two (产值: 规上 or all
industry?) names none, so that a figure is never guessed into an indicator it may not be."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

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
    "规模工业实现增加值": "industrial_value_added",
    "规上工业完成增加值": "industrial_value_added",
    "规模以上工业实现增加值": "industrial_value_added",
    "规上工业企业增加值": "industrial_value_added",
    "规模工业增加值": "industrial_value_added",
    "工业用电": "electricity_use",
    "工业供电量": "electricity_use",
    "固定资产投资": "fixed_asset_investment",
    "技改投资": "technical_renovation_investment",
}


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
        for spelling in (indicator.name, *indicator.entry.aliases):
            if len(spelling) >= 3:  # 利润, 税金 alone name too much to be read in running text
                found.setdefault(spelling, code)
    for spelling, code in READING_SPELLINGS.items():
        if code in catalogue.indicators:
            found.setdefault(spelling, code)
    return found


def named_in(sentence: str, catalogue: Catalogue) -> list[Named]:
    """The indicators a sentence names, in order."""
    spellings = spellings_of(catalogue)
    pattern = _pattern(tuple(spellings))
    # 工业投资项目 is projects, not 工业投资: a name followed by 项目 names something else.
    return [
        Named(spellings[m.group()], m.group(), m.start(), m.end())
        for m in pattern.finditer(sentence)
        if not sentence.startswith("项目", m.end()) or "项目" in m.group()
    ]
