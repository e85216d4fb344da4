"""The briefing's sentences, generated from the same figures as its tables.

Wording lives in Jinja templates under templates/narrative/<lang>/ so an analyst can change it
without touching logic; numbers reach the text only through the formatting filters, which
each language's environment binds to that language (amounts in its unit, its phrases for
growth and for progress, its names of statuses, stages and indicators).
"""

from __future__ import annotations

from functools import cache, partial

import jinja2

from industry_briefing import formatting, labels
from industry_briefing.progress import Progress
from industry_briefing.settings import TEMPLATES_DIR


def _growth(progress: Progress, lang: str) -> str:
    return formatting.growth_phrase(
        progress.growth_pct, given=progress.growth_is_official, lang=lang
    )


def _vs_expected(progress: Progress, lang: str) -> str:
    return formatting.versus_progress(
        progress.completion_pct, progress.expected_pct, progress.reference(lang), lang
    )


def _vs_row(row: dict, reference: str, lang: str) -> str:
    return formatting.versus_progress(row["completion_pct"], row["expected_pct"], reference, lang)


@cache
def environment(lang: str = labels.DEFAULT_LANG) -> jinja2.Environment:
    labels.check_lang(lang)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR / "narrative" / lang),
        autoescape=True,  # names come from input files: text, never markup
        undefined=jinja2.StrictUndefined,  # a misspelt figure fails loudly, never prints blank
        trim_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        amount=partial(formatting.format_amount, lang=lang),
        pct=formatting.format_pct,
        number=formatting.format_number,
        growth=partial(_growth, lang=lang),
        vs_expected=partial(_vs_expected, lang=lang),
        vs=partial(_vs_row, lang=lang),
        given_pct=lambda value: formatting.format_pct(value, given=True),
        # Words of the labels file: {{ row.status | term("production_status") }},
        # {{ p.target.status | term("status") }}, {{ p.code | term("indicator") }}.
        term=lambda value, group: labels.term(group, value, lang),
    )
    env.globals.update(lang=lang)
    return env


def render(template: str, lang: str = labels.DEFAULT_LANG, **context) -> str:
    """Render one narrative template (e.g. 'headline.md.j2') with the given figures."""
    return environment(lang).get_template(template).render(**context).strip()
