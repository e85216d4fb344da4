"""The region profile (`profile.yml` at a data root): who the briefing is about and how it
leads.

A data root without one gets today's defaults (`DEFAULT_PROFILE`): the seed's shape, where
规模以上工业总产值, 工业投资 and 全社会固定资产投资 are required rows and the parks table is
required. A profile states its region's shape instead: nothing is required but one indicator
row unless it says so.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from industry_briefing.contract.bulletin import Bulletin
from industry_briefing.core import settings
from industry_briefing.core.errors import Invalid, words
from industry_briefing.core.settings import PROFILE_FILE

__all__ = [
    "DEFAULT_PROFILE",
    "DEFAULT_THRESHOLDS",
    "PROFILE_FILE",
    "BriefLimits",
    "RegionProfile",
    "Thresholds",
    "analysts_lang",
    "profile_from",
]

Level = Literal["省", "市", "州", "盟", "县", "区", "旗", "开发区", "园区"]
# The word a sentence names the whole region by (全市规模以上工业…).
AREA_WORDS: dict[str, str] = {
    "省": "全省",
    "市": "全市",
    "州": "全州",
    "盟": "全盟",
    "县": "全县",
    "区": "全区",
    "旗": "全旗",
    "开发区": "全区",
    "园区": "全园区",
}
AREA_WORDS_EN: dict[str, str] = {
    "省": "the province",
    "市": "the city",
    "州": "the prefecture",
    "盟": "the league",
    "县": "the county",
    "区": "the district",
    "旗": "the banner",
    "开发区": "the zone",
    "园区": "the parks",
}
LEGACY_REQUIRED = ("industrial_output", "industrial_investment", "fixed_asset_investment")
LEGACY_HEADLINE = ("industrial_output", "industrial_investment")


class BriefLimits(BaseModel):
    """How much of a long list the 简报 prints (profile.yml `brief:`): the rest is one row of
    how many more and what they add up to, and the full lists are on the topic pages (the
    data-quality findings: on a sheet of tables.xlsx)."""

    model_config = ConfigDict(extra="forbid")

    listed: int = Field(default=10, ge=1, le=200)  # rows of a long table before 其余N户
    named: int = Field(default=5, ge=1, le=50)  # items one concern names before 等N户
    ranking_top: int = Field(default=5, ge=1, le=100)  # a ranking's first rows (industries)
    ranking_bottom: int = Field(default=5, ge=0, le=100)  # and its last rows
    findings: int = Field(default=20, ge=1, le=500)  # 附表2's findings before 其余N条

    @model_validator(mode="after")
    def _named_are_listed(self) -> BriefLimits:
        # A concern's figures are its table's: it names no row the table leaves out.
        if self.named > self.listed:
            raise Invalid(words("contract.named_listed", named=self.named, listed=self.listed))
        return self


class Thresholds(BaseModel):
    """The region's policy (profile.yml `thresholds:`): which projects are major, which
    enterprises key, and the bands of a status against expected progress. The defaults are
    the seed bureau's (core/settings.py)."""

    model_config = ConfigDict(extra="forbid")

    # 总投资 of this many 亿元 or more makes a major project (0.1: 1000万元以上)
    major_project_yi: float = Field(default=settings.MAJOR_PROJECT_MIN_INVESTMENT_YI, gt=0, le=1e4)
    # output of this many 亿元 or more a year (annualised) makes a key enterprise (5000万元以上)
    key_enterprise_yi: float = Field(default=settings.KEY_ENTERPRISE_MIN_OUTPUT_YI, gt=0, le=1e4)
    # A gap to expected progress of this many 个百分点 or more ahead is 快于进度, within it
    # either way 基本同步; down to far_behind_pp 落后进度, that or worse 严重滞后.
    on_pace_pp: float = Field(default=settings.ON_PACE_BAND_PP, gt=0, le=100)
    far_behind_pp: float = Field(default=settings.FAR_BEHIND_PP, gt=0, le=100)

    @model_validator(mode="after")
    def _bands_in_order(self) -> Thresholds:
        if self.far_behind_pp < self.on_pace_pp:
            said = words("contract.bands", far=self.far_behind_pp, on=self.on_pace_pp)
            raise Invalid(said)
        return self


DEFAULT_THRESHOLDS = Thresholds()


class RegionProfile(BaseModel):
    """profile.yml; every key optional (data/README.md explains each)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, str_max_length=100)

    region: str | None = None  # the region's name; meta.yml's region wins in each month
    region_en: str | None = None  # its English name (Guiyang), for English titles and sentences
    level: Level = "市"
    area: str | None = None  # the whole region in a sentence: default from the level (全市)
    area_en: str | None = None
    headline: list[str] = Field(default=[], max_length=30)  # indicator codes or names, in order
    required: list[str] = Field(default=[], max_length=30)  # rows every month must have
    parks_required: bool = False  # the parks table must be there every month
    parks_name: str = "重点工业园区"  # the parks' collective name
    parks_name_en: str = "key industrial parks"
    parks_in_investment: bool = False  # the parks' investment is part of 工业投资
    target_name: str = "全年目标任务"  # what the annual target is called
    rank_numerals: Literal["arabic", "chinese"] = "arabic"  # 第4位 or 第四位
    # composed: the briefing states each indicator from the catalogue; seed: the seed's own
    # sections (总产值, 工业投资 and the parks, with their districts, enterprises, projects),
    # followed by whatever else the month gives.
    layout: Literal["composed", "seed"] = "composed"
    brief: BriefLimits = BriefLimits()  # how many rows and names the 简报 prints
    thresholds: Thresholds = DEFAULT_THRESHOLDS  # major projects, key enterprises, status bands
    bulletin: Bulletin = Bulletin()  # the 简报 as issued: masthead, foot, faces

    def region_name(self, region: str, lang: str) -> str | None:
        """The region's name in the language: the input's own (Chinese) name in Chinese, the
        profile's `region_en` in English; None where the profile gives none."""
        return region if lang == "zh" else self.region_en

    def area_word(self, lang: str) -> str:
        if lang == "zh":
            return self.area or AREA_WORDS[self.level]
        return self.area_en or AREA_WORDS_EN[self.level]


DEFAULT_PROFILE = RegionProfile(
    headline=list(LEGACY_HEADLINE),
    required=list(LEGACY_REQUIRED),
    parks_required=True,
    layout="seed",
)


def analysts_lang(profile: RegionProfile | None) -> str:
    """The language a region's analysts read its messages in: Chinese for a region named in
    Chinese (every level of the profile is a Chinese one) or not named, English for a region
    the profile names in Latin letters only."""
    return settings.region_lang(profile.region if profile is not None else None)


def profile_from(mapping: dict[str, object] | None) -> RegionProfile:
    """The profile of a period's figures (`PeriodFigures.profile`): today's defaults when the
    data root has no profile.yml."""
    return DEFAULT_PROFILE if mapping is None else RegionProfile.model_validate(mapping)
