"""五、需要关注的问题: what the figures say needs attention, each item with its figures."""

from __future__ import annotations

from typing import Any

import pandas as pd

from industry_briefing.analysis import investment, judgments, operation, parks
from industry_briefing.analysis.investment import major_projects_of
from industry_briefing.analysis.model import MonthModel
from industry_briefing.analysis.progress import Progress
from industry_briefing.analysis.shortlist import largest_first_if_cut, shortlist
from industry_briefing.analysis.targets import BEHIND_STATUSES
from industry_briefing.briefing import fact_phrases, narrative, numbering, phrases
from industry_briefing.briefing.formatting import format_pct, versus_progress
from industry_briefing.briefing.labels import DEFAULT_LANG, label, period_label, reference_name


def text(model: MonthModel, lang: str = DEFAULT_LANG) -> str:
    """The numbered concerns (Markdown), or the sentence that there are none."""
    projects = major_projects_of(model)
    troubled = operation.troubled_enterprises(model.figures.enterprises)
    return narrative.render(
        "concerns.md.j2",
        lang,
        label=period_label(model.period, lang),
        reference=reference_name(model.parks_total.basis if model.parks_total else "even", lang),
        indicators_behind=[
            p
            for p in (model.headline_indicators if model.seed_shaped else (model.parks_total,))
            if p is not None and p.target and p.target.status in BEHIND_STATUSES
        ],
        parks_behind=narrative.records(parks.far_behind(model.parks)),
        months_left=model.period.months_remaining,  # what each park needs a month over
        projects_lagging=_named(model, investment.lagging(projects)),
        enterprises_troubled=_named(model, troubled),
        troubled_output=troubled["output"].sum(),
        not_at_capacity=_named(
            model,
            largest_first_if_cut(
                investment.not_at_capacity(projects), model.profile.brief.named, "total_investment"
            ),
        ),
        targets_behind=[] if model.seed_shaped else _targets_behind(model, lang),
        fact_concerns=[_fact_concern(model, c, lang) for c in judgments.concerns(model)],
        schedule=judgments.schedule(model),
        see={table: numbering.reference(f"caption.{table}", lang) for table in LISTED},
    )


# The tables that list a concern's rows beyond those its sentence names: the text refers the
# reader to the number each got in this document (none when it is not shown in one).
LISTED = ("lagging_projects", "troubled", "not_at_capacity")


def _fact_concern(model: MonthModel, concern: judgments.Concern, lang: str) -> dict[str, str]:
    """A concern the facts show: its title and its figures, as printed."""
    indicator = model.catalogue.indicators[concern.indicator]
    name = phrases.name_of(indicator, lang)
    numerals = model.profile.rank_numerals
    first = concern.facts[0]
    if concern.kind == "parts":
        items = [
            label(
                "fact.part",
                lang,
                name=f.part or "",
                said=fact_phrases.clause(f, indicator, lang, numerals),
            )
            for f in concern.facts
        ]
        falling = all(f.measure == "growth" and f.value is not None for f in concern.facts)
        title = label(
            "concern.parts_falling" if falling else "concern.parts_weak",
            lang,
            count=len(concern.facts),
            dimension=concern.dimension or "",
            name=name,
        )
        return {"title": title, "detail": label("composed.item_separator", lang).join(items)}
    title = label(
        f"concern.{concern.kind}_{first.against_kind or 'none'}"
        if concern.kind == "printed_gap"
        else f"concern.{concern.kind}",
        lang,
        name=name,
        against=first.against or "",
    )
    detail = fact_phrases.clauses(concern.facts, indicator, lang, numerals)
    return {
        "title": title,
        "detail": label(f"concern.detail_{concern.kind}", lang, name=name, said=detail),
    }


def _named(model: MonthModel, frame: pd.DataFrame) -> dict[str, Any]:
    """A concern's list as its sentence names it: the first rows (`brief.named`), how many
    there are and how many are left unnamed (0 when every row is named)."""
    short = shortlist(frame, model.profile.brief.named)
    return {"rows": narrative.records(short.shown), "count": len(frame), "rest": short.rest}


def _targets_behind(model: MonthModel, lang: str) -> list[dict[str, str]]:
    """Every indicator of a region's month whose target is behind its progress: the seed's
    three are weighed above; here every other target, with a mark where the target was not
    published (a concern computed on an illustrative target says so)."""
    items = []
    computed = phrases.mark({"figure": "derived"}, "figure", lang)  # as in the sentences above
    for s in model.statements:
        if judgments.printed_gaps(s):
            continue  # the printed gap is the concern (judgments.concerns), not a computed one
        name = phrases.name_of(s.indicator, lang)
        value = phrases.quantity(s.value, s.unit, lang)
        if s.progress and s.progress.target and s.progress.target.status in BEHIND_STATUSES:
            target = s.progress.target
            items.append(
                {
                    "name": name,
                    "status": str(target.status),
                    "value": value,
                    "completion": label(
                        "composed.target_completion",
                        lang,
                        kind=model.profile.target_name if lang == "zh" else "annual target",
                        amount="",
                        completion=format_pct(target.completion_pct) + computed,
                    ),
                    "versus": phrases_versus(s.progress, lang) + computed,
                    "target_mark": _target_mark(s.marks.get("annual_target"), lang),
                }
            )
        for t in s.targets:
            if t.status in BEHIND_STATUSES:
                items.append(
                    {
                        "name": name,
                        "status": str(t.status),
                        "value": value,
                        "completion": phrases.completion(t, lang)
                        + ("" if t.completion_given else computed),
                        "versus": phrases.versus(t, lang) + computed,
                        "target_mark": _target_mark(
                            t.marks.get("amount") or t.marks.get("completion_pct"), lang
                        ),
                    }
                )
    return items


def phrases_versus(progress: Progress, lang: str) -> str:
    assert progress.target is not None
    reference = reference_name(progress.basis, lang)
    target = progress.target
    return versus_progress(target.completion_pct, target.expected_pct, reference, lang)


def _target_mark(kind: str | None, lang: str) -> str:
    if kind is None:
        return ""
    return label("concern.target_mark", lang, kind=label(f"provenance.{kind}", lang))
