"""The titles of a month's pages, from its figures alone: light enough for the batch to name
its pages without importing what the notebooks draw with (notebook.py re-exports them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from industry_briefing.briefing import labels
from industry_briefing.contract.profile import profile_from

if TYPE_CHECKING:
    from industry_briefing.core.figures import PeriodFigures


def briefing_title(figures: PeriodFigures, lang: str = labels.DEFAULT_LANG) -> str:
    """贵阳市工业经济运行简报（2011年1-2月） / 'Guiyang Industrial Economy Briefing, …'."""
    return page_title(figures, "briefing", lang)


def page_title(figures: PeriodFigures, page: str, lang: str = labels.DEFAULT_LANG) -> str:
    """The title of the briefing or of a topic page (`title.<page>`). The region leads when
    its name is known in the language; an English title without the profile's `region_en`
    puts its words first and the input's (Chinese) name last (`title_name_last`)."""
    name = profile_from(figures.profile).region_name(figures.region, lang)
    return labels.label(
        f"title.{page}" if name else f"title_name_last.{page}",
        lang,
        region=name or figures.region,
        year=figures.period.year,
        label=labels.period_label(figures.period, lang),
    )
