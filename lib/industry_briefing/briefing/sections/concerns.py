"""五、需要关注的问题: what the figures say needs attention, each item with its figures."""

from __future__ import annotations

from industry_briefing.analysis import investment, operation, parks
from industry_briefing.analysis.investment import major_projects_of
from industry_briefing.analysis.model import MonthModel
from industry_briefing.analysis.targets import BEHIND_STATUSES
from industry_briefing.briefing import narrative
from industry_briefing.briefing.labels import DEFAULT_LANG, period_label, reference_name
from industry_briefing.core import settings


def text(model: MonthModel, lang: str = DEFAULT_LANG) -> str:
    """The numbered concerns (Markdown), or the sentence that there are none."""
    projects = major_projects_of(model)
    return narrative.render(
        "concerns.md.j2",
        lang,
        label=period_label(model.period, lang),
        reference=reference_name(model.parks_total.basis, lang),
        indicators_behind=[
            p for p in model.headline_indicators if p.target and p.target.status in BEHIND_STATUSES
        ],
        parks_behind=narrative.records(parks.far_behind(model.parks)),
        projects_lagging=narrative.records(investment.lagging(projects)),
        listed=settings.CONCERNS_LISTED,
        enterprises_troubled=narrative.records(
            operation.troubled_enterprises(model.figures.enterprises)
        ),
        not_at_capacity=narrative.records(investment.not_at_capacity(projects)),
    )
