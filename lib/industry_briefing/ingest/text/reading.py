"""A bulletin's text read: normalised, its region and level as the text says them, and every
number of it placed or left (grammar.py)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from industry_briefing.contract.catalogue import Catalogue, CatalogueFile, builtin
from industry_briefing.core.errors import words
from industry_briefing.core.text import unfit
from industry_briefing.ingest.text.figure import Figure
from industry_briefing.ingest.text.grammar import read_figures
from industry_briefing.ingest.text.normalise import TextError, normalise

# 全市 -> 市 …: the level a text's area word says (data/README.md, profile.yml `level`).
_LEVELS = {"全省": "省", "全市": "市", "全州": "州", "全盟": "盟", "全县": "县", "全区": "区"}
_HAN = re.compile(r"[\u4e00-\u9fff]+")
# 市委, 市场, 县域 … are no place's end.
_SUFFIX = re.compile(
    r"经济开发区|开发区|高新区|市(?![委政场民级区直属长])|县(?![委政级域区城乡])|州(?![委政])"
)
_NOT_NAMES = re.compile(
    r"[全我本各该较占从者的在和与为了中上下年月日据]|县区|市县|城市|都市|推进|开拓|企业|工业|经济"
    r"|完成|超额|实现|达到|[大强]$"  # 农业大市, 工业强县: no name
)


@dataclass(frozen=True)
class Reading:
    text: str  # normalised
    region: str
    level: str
    figures: tuple[Figure, ...]


def catalogue_at(root: Path) -> Catalogue:
    """The catalogue with the region's own indicators when the data root declares them."""
    declared = root / "indicators.yml"
    if not declared.is_file():
        return builtin()
    try:
        document = yaml.safe_load(declared.read_text(encoding="utf-8"))
        regional = CatalogueFile.model_validate(document).indicators
    except (yaml.YAMLError, ValueError, UnicodeDecodeError) as error:
        first = str(error).splitlines()[0]
        what = words("read.bad_indicators", path=str(declared), reason=first)
        raise TextError(what) from None
    return builtin().with_region(regional)


def region_of(text: str) -> str | None:
    """The place the text names most often (义乌市, 宿松县, 凯里经济开发区), of the level its
    area word says (全市: a 市, so 阳新县 of a 全市 text is a part); None when it names none.

    Places in a table's rows or listed in one sentence (分区域来看，大冶市…，阳新县…) are
    parts, not the region: they are not counted."""
    # Every 2-4 characters before a suffix may be the name; the one printed most often (and
    # longest among those) is: a name is repeated, the words before it vary.
    level = _area_level(text)
    names: Counter[str] = Counter()
    for sentence in re.split(r"[。；;！!\n]", text):
        if "|" in sentence:
            continue  # a table's row
        found = _places(sentence)
        if len(found) == 1 and _of_level(next(iter(found))[0], level):
            names.update(next(iter(found)))
    ranked = sorted(names, key=lambda n: (names[n], len(n)), reverse=True)
    return ranked[0] if ranked else None


def _of_level(name: str, level: str | None) -> bool:
    """Whether a place's name may be the region's at `level` (a 县 is no 全市 region)."""
    return not level or not name.endswith(tuple(_LEVELS.values())) or name.endswith(level)


def _places(sentence: str) -> set[tuple[str, ...]]:
    """The names a sentence may give, one tuple per place (its name said twice: one)."""
    places = set()
    for suffix in _SUFFIX.finditer(sentence):
        candidates = []
        for length in range(2, 5):
            start = suffix.start() - length
            words = sentence[max(start, 0) : suffix.start()]
            if start >= 0 and _HAN.fullmatch(words) and not _NOT_NAMES.search(words):
                candidates.append(words + suffix.group())
        if candidates:
            places.add(tuple(candidates))
    return places


def _area_level(text: str) -> str | None:
    """The level the text's area word says (全县: 县); 全省 and 全国 are mostly what the
    region is compared with, not the region."""
    words = Counter(w for w in re.findall(r"全[市州盟县区]", text) if w in _LEVELS)
    return _LEVELS[words.most_common(1)[0][0]] if words else None


def level_of(text: str, region: str | None) -> str:
    """The level by the text's area word (全县: 县), else by the region's name, else 市."""
    if region and region.endswith(("开发区", "高新区")):
        return "开发区"
    level = _area_level(text)
    if level:
        return level
    return region[-1] if region and region[-1] in "市县州区" else "市"


def read_bulletin(raw: str, month: int, catalogue: Catalogue, region: str | None = None) -> Reading:
    """The text read: normalised, its region (given, or as it names itself) and level, and
    its figures. Words that name the region itself (义乌市, 义乌) are never a part."""
    found = unfit(raw)
    if found:  # the draft's cells would hold it, which no input may (core.text)
        kind, code = found
        raise TextError(words("read.unfit", unfit=words(f"text.{kind}", code=code)))
    text = normalise(raw)
    name = region or region_of(text) or ""
    stem = re.sub(r"(?:经济开发区|开发区|高新区|市|县|州|区)$", "", name)
    # 安康市县域工业集中区: the parks of a city, which its text calls 全市县域工业集中区
    within = re.sub(r"^[\u4e00-\u9fff]{2,3}?[市县州]", "", name)
    within = within if within != name and len(within) >= 4 else ""
    own = tuple(w for w in (name, stem if len(stem) >= 2 else "", within) if w)
    figures = read_figures(text, catalogue, month, own)
    return Reading(text, name, level_of(text, name), tuple(figures))
