"""The briefing's sentences, generated from the same figures as its tables.

Wording lives in Jinja templates under templates/narrative/<lang>/ so an analyst can change it
without touching logic; numbers reach the text only through the formatting filters.
"""

from __future__ import annotations

from functools import cache

import jinja2

from industry_briefing import formatting
from industry_briefing.progress import Progress
from industry_briefing.settings import TEMPLATES_DIR


def _growth(progress: Progress) -> str:
    return formatting.growth_phrase(progress.growth_pct, given=progress.growth_is_official)


def _vs_expected(progress: Progress) -> str:
    return formatting.versus_progress(
        progress.completion_pct, progress.expected_pct, progress.reference_name
    )


def _vs_row(row: dict, reference: str) -> str:
    return formatting.versus_progress(row["completion_pct"], row["expected_pct"], reference)


@cache
def environment(lang: str = "zh") -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR / "narrative" / lang),
        autoescape=True,  # names come from input files: text, never markup
        undefined=jinja2.StrictUndefined,  # a misspelt figure fails loudly, never prints blank
        trim_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        amount=formatting.format_amount,
        pct=formatting.format_pct,
        number=formatting.format_number,
        growth=_growth,
        vs_expected=_vs_expected,
        vs=_vs_row,
        given_pct=lambda value: formatting.format_pct(value, given=True),
    )
    return env


def render(template: str, lang: str = "zh", **context) -> str:
    """Render one narrative template (e.g. 'headline.md.j2') with the given figures."""
    return environment(lang).get_template(template).render(**context).strip()
