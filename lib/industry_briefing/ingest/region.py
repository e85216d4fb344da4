"""The files of a data root that every month shares: the region profile (profile.yml) and the
region's own indicators (indicators.yml). Read with the same bounds as a month's files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from industry_briefing.contract import catalogue as indicator_catalogue
from industry_briefing.contract.catalogue import REGION_CATALOGUE_FILE, Catalogue, CatalogueFile
from industry_briefing.contract.profile import DEFAULT_PROFILE, PROFILE_FILE, RegionProfile
from industry_briefing.contract.tables import REQUIRED_INDICATORS
from industry_briefing.core.errors import Problem, Words, words
from industry_briefing.core.settings import ROOT_FILES
from industry_briefing.ingest.meta import invalid, shown_value
from industry_briefing.ingest.reading import Reading
from industry_briefing.ingest.yaml_input import read_yaml


class _RootReading(Reading):
    """The data root's own files: named as they are (profile.yml), only those two read."""

    def name(self, file_name: str) -> str:
        return file_name

    def _inventory(self) -> list[str]:
        inside = self.folder.resolve()
        present = []
        for name in ROOT_FILES:
            path = self.folder / name
            if not path.exists() and not path.is_symlink():
                continue
            if not path.resolve().is_relative_to(inside):
                self.refused.add(name)
                self.error(
                    name,
                    words("file.link_outside_data"),
                    words("expected.file_itself_in", folder=str(self.folder)),
                )
            elif path.is_file():
                present.append(name)
            else:  # a folder, a FIFO (which would block a read): said, not silently skipped
                self.error(name, words("file.not_a_file"), words("expected.text_file", file=name))
        return present


@dataclass
class Region:
    """What a data root says of its region; `profile` None means today's defaults."""

    profile: RegionProfile | None
    catalogue: Catalogue
    files: dict[str, str] = field(default_factory=dict)  # file -> sha256
    problems: list[Problem] = field(default_factory=list)

    @property
    def shape(self) -> RegionProfile:
        return self.profile or DEFAULT_PROFILE

    def required_rows(self) -> tuple[str, ...]:
        if self.profile is None:
            return REQUIRED_INDICATORS
        return tuple(self.code_of(name) for name in self.profile.required)

    def code_of(self, name: str) -> str:
        found = self.catalogue.find(name)
        return found.code if found else name


def read_region(data_dir: Path) -> Region:
    """The profile and the region's indicators of a data root; problems reported, not raised."""
    reading = _RootReading(Path(data_dir), "")
    regional = _document(reading, REGION_CATALOGUE_FILE, CatalogueFile)
    catalogue = indicator_catalogue.builtin()
    if isinstance(regional, CatalogueFile):
        for clash in indicator_catalogue.clashes(regional.indicators, catalogue):
            reading.error(REGION_CATALOGUE_FILE, _clash(clash), words("expected.new_indicator"))
        catalogue = catalogue.with_region(regional.indicators)
    profile = _document(reading, PROFILE_FILE, RegionProfile)
    region = Region(
        profile if isinstance(profile, RegionProfile) else None,
        catalogue,
        dict(reading.files),
        reading.problems,
    )
    if region.profile is not None:
        _check_profile_names(reading, region)
        _check_word_template(reading, region.profile)
    return region


def _clash(clash: indicator_catalogue.Clash) -> Words:
    """A clash said naming both indicators: the region's and the one it clashes with."""
    known = clash.known
    if clash.spelling is None:
        return words("region.code_known", code=clash.code, name=known.name)
    key = "region.name_declared" if known.regional else "region.name_known"
    return words(key, code=clash.code, spelling=clash.spelling, known=known.code, name=known.name)


def _document(reading: Reading, file_name: str, model: type[BaseModel]) -> BaseModel | None:
    if not reading.has(file_name):
        return None
    read = read_yaml(reading, file_name, words("expected.few_lines"))
    if read is None:
        return None
    document = read[1]
    try:
        return model.model_validate(document or {})
    except ValidationError as error:
        for detail in error.errors():
            where = ".".join(str(p) for p in detail["loc"])
            found = "" if detail["type"] == "missing" else shown_value(detail.get("input", ""))
            what = invalid(where, detail)
            reading.error(file_name, what, words("expected.as_readme"), found)
        return None


def _check_profile_names(reading: Reading, region: Region) -> None:
    assert region.profile is not None
    for key in ("headline", "required"):
        for name in getattr(region.profile, key):
            if region.catalogue.find(name) is None:
                nearest = region.catalogue.nearest(name)
                what = (
                    words(
                        "region.unknown_nearest",
                        key=key,
                        indicator=name,
                        code=nearest.code,
                        name=nearest.name,
                    )
                    if nearest
                    else words("region.unknown", key=key, indicator=name)
                )
                reading.error(PROFILE_FILE, what, words("expected.catalogue_or_declared"), name)


def _check_word_template(reading: _RootReading, profile: RegionProfile) -> None:
    """The bureau's Word template is a .docx beside profile.yml: a name that is not one is
    said here (the Word file would otherwise quietly take the shipped template)."""
    name = profile.bulletin.word_template
    if name and profile.bulletin.word_template_in(reading.folder) is None:
        reading.warn(
            PROFILE_FILE,
            words("region.no_word_template"),
            words("expected.word_template"),
            name,
        )
