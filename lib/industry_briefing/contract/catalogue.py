"""The indicator catalogue (catalogue.yml beside this module) and a region's own additions.

A table names an indicator by its code, its Chinese name or an alias; the catalogue says what
kind of figure it is, the unit family it is entered in, whether its growth may be computed,
and the words a sentence says before it. A region adds indicators in `indicators.yml` at its
data root, validated by the same model.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from industry_briefing.contract.units import FAMILIES
from industry_briefing.core.errors import Invalid, listing, words
from industry_briefing.core.settings import REGION_CATALOGUE_FILE

CATALOGUE_FILE = Path(__file__).with_name("catalogue.yml")
# At a data root: the region's own indicators.
__all__ = ["REGION_CATALOGUE_FILE", "Catalogue", "Indicator", "IndicatorEntry"]

IndicatorKind = Literal["flow", "stock", "ratio"]
GrowthRule = Literal["given", "computed"]
Section = Literal["operation", "investment", "parks"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, str_max_length=200)


class Wording(_Strict):
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class IndicatorEntry(_Strict):
    """One indicator of the catalogue (catalogue.yml explains each field)."""

    name: str = Field(min_length=1, max_length=60)
    en: str = Field(min_length=1)
    aliases: list[str] = Field(default=[], max_length=30)
    kind: IndicatorKind
    family: str
    growth: GrowthRule = "computed"
    says: Wording | None = None  # default: the name (zh) and "the <en> was" (en)
    part_says: Wording | None = None  # a part's amount: 实现产值, 完成投资额 (default: the name)
    section: Section = "operation"
    headline: int | None = None
    share_of: str | None = None

    @field_validator("family")
    @classmethod
    def _known_family(cls, family: str) -> str:
        if family not in FAMILIES:
            said = words("contract.unit_family", family=family, families=listing(FAMILIES))
            raise Invalid(said)
        return family


class CatalogueFile(_Strict):
    indicators: dict[str, IndicatorEntry] = Field(max_length=500)

    @field_validator("indicators")
    @classmethod
    def _codes_are_identifiers(
        cls, indicators: dict[str, IndicatorEntry]
    ) -> dict[str, IndicatorEntry]:
        for code in indicators:
            if not code.isidentifier() or not code.isascii():
                raise Invalid(words("contract.code", code=code))
        return indicators


@dataclass(frozen=True)
class Indicator:
    code: str
    entry: IndicatorEntry
    regional: bool  # declared in the region's indicators.yml

    @property
    def name(self) -> str:
        return self.entry.name

    def part_says(self, lang: str) -> str:
        """What a part's amount is said with (电子信息产业实现产值142.6亿元)."""
        if self.entry.part_says is not None:
            return str(getattr(self.entry.part_says, lang))
        return self.entry.name if lang == "zh" else self.entry.en

    def says(self, lang: str) -> str:
        if self.entry.says is not None:
            return str(getattr(self.entry.says, lang))
        return self.entry.name if lang == "zh" else f"the {self.entry.en} was"


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text)).split()).casefold()


@dataclass(frozen=True)
class Catalogue:
    indicators: dict[str, Indicator]
    index: dict[str, Indicator] | None = field(default=None, compare=False, repr=False)

    def find(self, name: str) -> Indicator | None:
        """The indicator a code, Chinese name or alias names (NFKC, spaces and case folded)."""
        return self._index().get(_key(name))

    def _index(self) -> dict[str, Indicator]:
        return _name_index(self)

    def nearest(self, name: str) -> Indicator | None:
        """The known indicator whose name or alias is closest to a name that is unknown."""
        spellings = {spelling: i.code for spelling, i in self._index().items()}
        code = nearest_code(spellings, name)
        return None if code is None else self.indicators[code]

    def names(self) -> dict[str, str]:
        """code -> Chinese name, for the contract's code columns."""
        return {code: indicator.name for code, indicator in self.indicators.items()}

    def with_region(self, regional: Mapping[str, IndicatorEntry]) -> Catalogue:
        added = {code: Indicator(code, entry, True) for code, entry in regional.items()}
        return Catalogue({**self.indicators, **added})

    @property
    def regional(self) -> dict[str, IndicatorEntry]:
        return {c: i.entry for c, i in self.indicators.items() if i.regional}


def nearest_code(spellings: Mapping[str, str], name: str) -> str | None:
    """The code whose spelling (folded -> code) is closest to `name`: a similar one, else one
    that contains it or is contained in it (工业总产值 in 规模以上工业总产值)."""
    wanted = _key(name)
    folded = {_key(spelling): code for spelling, code in spellings.items()}
    close = difflib.get_close_matches(wanted, list(folded), n=1, cutoff=0.5)
    if not close:
        close = [s for s in folded if s and (s in wanted or wanted in s)][:1]
    return folded[close[0]] if close else None


def _name_index(catalogue: Catalogue) -> dict[str, Indicator]:
    """Every spelling (folded) -> its indicator, built once per catalogue."""
    if catalogue.index is None:
        index: dict[str, Indicator] = {}
        for indicator in catalogue.indicators.values():
            for spelling in (indicator.code, indicator.name, *indicator.entry.aliases):
                index.setdefault(_key(spelling), indicator)
        object.__setattr__(catalogue, "index", index)
    assert catalogue.index is not None
    return catalogue.index


@cache
def builtin() -> Catalogue:
    """The package's catalogue."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # a package file: libyaml's, safe
    document = yaml.load(CATALOGUE_FILE.read_text(encoding="utf-8"), Loader=loader)
    parsed = CatalogueFile.model_validate(document)
    return Catalogue({c: Indicator(c, e, False) for c, e in parsed.indicators.items()})


@dataclass(frozen=True)
class Clash:
    """A region's indicator whose code is the catalogue's (`spelling` None), or one of whose
    spellings (its code in another case, its name, an alias) already names `known`: an
    indicator of the catalogue, or one the region declared before it (`known.regional`)."""

    code: str
    spelling: str | None
    known: Indicator


def clashes(regional: Mapping[str, IndicatorEntry], base: Catalogue) -> Iterable[Clash]:
    """The region's indicators whose code or names already name another one. A name is
    matched as tables match it (NFKC, spaces and case folded), so a spelling that two
    indicators share would send a row to whichever came first, without a word."""
    declared: dict[str, Indicator] = {}
    for code, entry in regional.items():
        if code in base.indicators:
            yield Clash(code, None, base.indicators[code])
            continue
        spellings = list(dict.fromkeys((code, entry.name, *entry.aliases)))
        for spelling in spellings:
            known = base.find(spelling) or declared.get(_key(spelling))
            if known is not None and known.code != code:
                yield Clash(code, spelling, known)
        for spelling in spellings:
            declared.setdefault(_key(spelling), Indicator(code, entry, True))


def catalogue_of(regional_json: Mapping[str, object] | None) -> Catalogue:
    """The catalogue with a region's additions as stored (the warehouse keeps them as JSON)."""
    if not regional_json:
        return builtin()
    parsed = CatalogueFile.model_validate({"indicators": regional_json})
    return builtin().with_region(parsed.indicators)
