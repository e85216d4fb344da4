"""The marks of illustrative figures (示意) where the reader reads them, in a language.

The line under a page's title says whether the month's figures are illustrative, wholly or
in part, and which; each table's caption and chart's title carries （示意） when every input
table it is drawn from is illustrative, （部分示意） when some of it is. Which input tables
each caption reads is `CAPTION_READS` below; the kinds are analysis.illustrative's codes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from industry_briefing.analysis import illustrative
from industry_briefing.analysis.illustrative import IllustrativePart, Kind
from industry_briefing.briefing import numbering
from industry_briefing.briefing.labels import DEFAULT_LANG, label

if TYPE_CHECKING:
    from industry_briefing.analysis.model import MonthModel

_MONTH = ("month",)  # the month's own release
_YEAR = ("year",)  # every release of the year up to the month (a series)

# The input tables each caption's table or chart is drawn from, of the month or of the
# year's releases (a series). A caption not listed carries no mark (notes, data checks).
CAPTION_READS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "caption.statements": (("indicators", "targets", "facts"), _MONTH),
    "caption.fact_group": (("facts",), _MONTH),
    "caption.other_indicators": (("indicators",), _MONTH),
    "caption.products": (("products",), _MONTH),
    "caption.project_groups": (("project_groups",), _MONTH),
    "caption.completion_chart": (("indicators", "parks", "targets"), _MONTH),
    "caption.key_figures": (("indicators", "parks", "targets"), _MONTH),
    "caption.quarter": (("indicators", "parks", "plan"), _MONTH),
    "caption.progress_chart": (("indicators", "parks", "targets"), _MONTH),
    "caption.output_path_chart": (("indicators", "plan"), _YEAR),
    "caption.growth_chart": (("indicators",), _YEAR),
    "caption.output_districts": (("districts",), _MONTH),
    "caption.output_districts_chart": (("districts",), _MONTH),
    "caption.industries": (("enterprises",), _MONTH),
    "caption.statuses": (("enterprises",), _MONTH),
    "caption.troubled": (("enterprises",), _MONTH),
    "caption.investment_path_chart": (("indicators", "plan"), _YEAR),
    "caption.investment_districts": (("districts",), _MONTH),
    "caption.stages": (("projects",), _MONTH),
    "caption.lagging_projects": (("projects",), _MONTH),
    "caption.not_at_capacity": (("projects",), _MONTH),
    "caption.parks": (("parks",), _MONTH),
    "caption.parks_chart": (("parks",), _MONTH),
    "caption.park_gaps_chart": (("parks",), _MONTH),
    "caption.breakdown": (("breakdowns",), _MONTH),
    "caption.breakdown_chart": (("breakdowns",), _MONTH),
    "caption.key_enterprises": (("enterprises",), _MONTH),
    "caption.issues": (("enterprises",), _MONTH),
    "caption.output_decomposition": (("indicators", "plan"), _MONTH),
    "caption.major_projects": (("projects",), _MONTH),
    "caption.investment_decomposition": (("indicators", "plan"), _MONTH),
    "caption.park_monthly": (("parks",), _YEAR),
    "caption.parks_decomposition": (("parks", "plan"), _MONTH),
    "topic.caption.monthly": (("indicators", "parks"), _YEAR),
    "topic.caption.monthly_chart": (("indicators", "parks"), _YEAR),
    "topic.caption.districts": (("districts",), _YEAR),
    "topic.caption.enterprises": (("enterprises",), _MONTH),
    "topic.caption.projects": (("projects",), _MONTH),
    "topic.caption.parks_all": (("parks",), _MONTH),
    "topic.caption.park_detail": (("parks",), _YEAR),
    "topic.caption.park_chart": (("parks",), _YEAR),
    "explore.chart.districts": (("districts",), _YEAR),
    "explore.chart.parks_total": (("parks",), _YEAR),
    "explore.chart.parks_brushed": (("parks",), _YEAR),
}


def caption_kind(model: MonthModel, key: str) -> Kind | None:
    """illustrative, partly or None: of the table or chart captioned by the label `key`."""
    if key not in CAPTION_READS:
        return None
    tables, over = CAPTION_READS[key]
    releases = model.releases if over == _YEAR else (model.figures,)
    return illustrative.reads_kind(releases, tables)


def caption(model: MonthModel, key: str, lang: str = DEFAULT_LANG, **fields: object) -> str:
    """The label `key` (a table's caption, a chart's title) numbered in the document (peeked:
    see numbering), with its mark: '表2  分区县规模以上工业总产值（示意）'. A caption of a
    list the region's policy bounds names its bound ('总投资1000万元以上')."""
    policy = CAPTION_BOUNDS.get(key)
    if policy is not None:
        # here, not at the top: formatting imports pandas, and the command imports this module
        from industry_briefing.briefing.formatting import threshold_amount

        bound = getattr(model.profile.thresholds, policy)
        fields = {"minimum": threshold_amount(bound, lang), **fields}
    return numbering.caption(key, lang, kind_mark(caption_kind(model, key), lang), **fields)


# The captions of a list the region's policy bounds (profile.yml `thresholds:`), and the bound.
CAPTION_BOUNDS = {
    "caption.major_projects": "major_project_yi",
    "caption.key_enterprises": "key_enterprise_yi",
}


def kind_mark(kind: Kind | None, lang: str = DEFAULT_LANG) -> str:
    """（示意）, （部分示意） or nothing."""
    return label(f"marks.caption.{kind}", lang) if kind else ""


def month_line(model: MonthModel, lang: str = DEFAULT_LANG) -> str:
    """The line under the title: the month's figures are illustrative, or which of them are;
    '' when none is."""
    summary = illustrative.kinds_by_table(model.figures)
    kind = illustrative.month_kind(summary)
    if kind is None:
        return ""
    if kind == "illustrative":
        return label("marks.month.illustrative", lang)
    parts = illustrative.illustrative_parts(model.figures)
    separator = label("marks.list_separator", lang)
    said = separator.join(_part(part, lang) for part in parts)
    return label("marks.month.partly", lang, parts=said)


def status_label(summary: dict[str, list[str]], lang: str = DEFAULT_LANG) -> str:
    """The index's status of a month rendered from figures with this provenance summary (its
    manifest's): 示意数据, 部分示意, or '' (then the index says 公布数据)."""
    kind = status_kind(summary)
    return label(f"marks.index.{kind}", lang) if kind else ""


def status_kind(summary: dict[str, list[str]]) -> str:
    """What a month's status says of its figures: illustrative, partly, or '' (published)."""
    return str(illustrative.month_kind(summary) or "")


def _part(part: IllustrativePart, lang: str) -> str:
    table = label(f"footer.table_name.{part.table}", lang)
    if part.whole:
        return label("marks.part.whole", lang, table=table)
    said = []
    if part.columns:
        columns = label("marks.list_separator", lang).join(_column_names(part, lang))
        said.append(label("marks.part.columns", lang, table=table, columns=columns))
    if part.some_rows:
        said.append(label("marks.part.some_rows", lang, table=table))
    return label("marks.list_separator", lang).join(said)


def _column_names(part: IllustrativePart, lang: str) -> list[str]:
    """As the entry form heads them in Chinese, as tables.xlsx in English."""
    from industry_briefing.contract.tables import TABLES  # pandas: not for the index's import

    spec = TABLES[part.table]
    return [spec.column(c).header if lang == "zh" else c.replace("_", " ") for c in part.columns]
