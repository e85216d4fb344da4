"""The briefing's sentences, generated from the same figures as its tables.

Wording lives in Jinja templates under templates/narrative/<lang>/ so an analyst can change it
without touching logic; numbers reach the text only through the formatting filters, which
each language's environment binds to that language (amounts in its unit, its phrases for
growth and for progress, its names of statuses, stages and indicators).

The templates write Markdown (the notebook displays it, nbconvert renders it), and what they
print comes partly from input files: names of parks, districts, enterprises and projects, the
problems reported, notes. Those are text, never markup: every value a template prints goes
through `markdown_text`, which escapes it for HTML and for Markdown, so that
`<script>alert(1)</script>`, `**x**`, `[link](http://evil)`, backticks and `$math$` show as
written. The templates' own markup (paragraphs, the numbered concerns, <strong>) is theirs.
"""

from __future__ import annotations

import math
import re
from functools import cache, partial
from typing import Any

import jinja2
import pandas as pd
from markupsafe import Markup, escape

from industry_briefing.analysis import judgments
from industry_briefing.analysis.breakdowns import Part
from industry_briefing.analysis.progress import Progress
from industry_briefing.analysis.statements import (
    Outlook,
    Statement,
    TargetState,
    horizon_months,
)
from industry_briefing.briefing import fact_phrases, formatting, labels, phrases
from industry_briefing.core.settings import TEMPLATES_DIR

# Characters that open Markdown syntax anywhere in a line (emphasis, code, links and images,
# backslash escapes, math, strikethrough, tables, e-mail autolinks), written as character
# references: CommonMark (nbconvert's mistune, JupyterLab's marked) shows a reference as the
# character it names and never reads it as syntax. "<", ">", "&" and quotes are escaped for
# HTML first (markupsafe), which also stops raw HTML, entities and <autolinks>.
_MARKDOWN_INLINE = {char: f"&#{ord(char)};" for char in "\\`*_[]$~|@"}
# Bare URLs that GFM renderers turn into links: "http://" / "www.".
_BARE_LINK = re.compile(r"(?<=[A-Za-z]):(?=//)|(?<=\b[Ww]{3})\.")
# What makes a line a heading, list item, rule, setext underline or definition when a value
# starts it (after up to 3 spaces): the marker's last character is escaped. "-0.3", "1-2月"
# or the template's own " and " are left as they are.
_BLOCK_MARKER = re.compile(r"^ {0,3}(?:#{1,6}|[-+:]|\d{1,9}[.)]|[-=]+)(?=\s|$)")
# An indented code block (4 columns): the first space is escaped.
_INDENTED = re.compile(r"^(?: {0,3}\t| {4})")
_LINE_BREAK = re.compile(r"\s*[\r\n]+\s*")


def markdown_text(value: object, whole: bool = False) -> Markup:
    """`value` as Markdown that shows exactly its characters (HTML and Markdown escaped).

    A value that is already markup (a macro's output, a `Markup`) is returned as it is. Line
    breaks become spaces (a value cannot start a new block); a very long value is shortened
    (`formatting.shown_text`) unless `whole` (the analyst's paragraphs, bounded at input).
    Text without special characters, such as every bundled name and figure, comes back
    unchanged.
    """
    if hasattr(value, "__html__"):
        return Markup(value.__html__())
    shown = str(value) if whole else formatting.shown_text(str(value))
    text = _LINE_BREAK.sub(" ", str(escape(shown)))
    text = "".join(_MARKDOWN_INLINE.get(char, char) for char in text)
    text = _BARE_LINK.sub(lambda match: f"&#{ord(match.group())};", text)
    if _INDENTED.match(text):
        text = f"&#{ord(text[0])};{text[1:]}"
    elif marker := _BLOCK_MARKER.match(text):
        end = marker.end() - 1
        text = f"{text[:end]}&#{ord(text[end])};{text[end + 1 :]}"
    return Markup(text)


def composed_text(text: str) -> Markup:
    """A sentence the library composed of labels, figures and input names: escaped as input
    is, and never shortened (a name is bounded when it is read; the sentence says it whole)."""
    return markdown_text(text, whole=True)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows for templates, NaN as None so that `is not none` means given."""
    return [
        {str(k): (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
        for row in frame.to_dict("records")
    ]


def _growth(figure: Progress | Statement | Part, lang: str) -> str:
    if isinstance(figure, Statement):
        return phrases.statement_growth(figure, lang)
    if isinstance(figure, Part):
        return phrases.part_growth(figure, lang)
    if figure.growth_pct is None:  # templates say a growth only where there is one
        raise ValueError(f"{figure.code} has no growth rate to say")
    return phrases.progress_growth(figure, lang)


def _value(figure: Statement | Outlook | Part, lang: str) -> str:
    if isinstance(figure, Statement):
        return phrases.quantity(figure.value, figure.unit, lang)
    if isinstance(figure, Outlook):
        return phrases.outlook_value(figure, lang)
    return phrases.part_value(figure, lang)


def _horizon(figure: TargetState | Outlook, lang: str) -> str:
    if isinstance(figure, TargetState):
        return phrases.horizon(figure.horizon, figure.end_month, figure.single_month, lang)
    end, single = horizon_months(figure.horizon) or (None, False)
    return phrases.horizon(figure.horizon, end, single, lang)


def _product_growth(row: dict[str, Any], lang: str) -> str:
    return phrases.growth(row.get("growth_pct"), row.get("growth_times"), True, lang)


def _period_facts(statement: Statement, numerals: str, lang: str) -> str:
    """The statement's facts of its own period, as clauses (较1至7月提高0.2个百分点 …)."""
    said = phrases.printed_multiple(statement) is not None and (statement.growth_pct or 0) >= 100
    mine = [f for f in statement.facts if f.of_period and not (said and f.measure == "ratio_times")]
    return composed_text(fact_phrases.clauses(mine, statement.indicator, lang, numerals))


def _horizon_sentences(statement: Statement, numerals: str, lang: str) -> list[Markup]:
    """A sentence per other horizon the statement's facts give (8月当月 …)."""
    horizons: list[str] = []
    for f in statement.facts:
        if not f.of_period and f.horizon not in horizons:
            horizons.append(f.horizon)
    said: list[Markup] = []
    for horizon in horizons:
        facts = [f for f in statement.facts if f.horizon == horizon]
        body = fact_phrases.clauses(facts, statement.indicator, lang, numerals)
        said.append(
            composed_text(
                labels.label(
                    "fact.horizon_sentence",
                    lang,
                    lead=fact_phrases.horizon_lead(horizon, lang),
                    says=phrases.says(statement.indicator, lang),
                    name=statement.indicator.entry.en,
                    said=body,
                )
            )
        )
    return said


def _has_period(statement: Statement) -> bool:
    """Whether the statement says anything of its own period (else only other horizons)."""
    figures = (statement.value, statement.growth_pct, statement.growth_times)
    ranks = (statement.value_rank, statement.growth_rank)
    months = (statement.month_value, statement.month_growth_pct)
    return (
        any(f is not None for f in (*figures, *ranks, *months))
        or bool(statement.targets or statement.outlook or statement.progress)
        or any(f.of_period for f in statement.facts)
    )


def says_anything(statement: Statement) -> bool:
    """Whether a statement has a figure of any horizon to say."""
    return _has_period(statement) or any(not f.of_period for f in statement.facts)


def _composed_filters(lang: str) -> dict[str, Any]:
    """The filters of the composed briefing's templates (composed*.md.j2)."""
    return {
        "period_facts": partial(_period_facts, lang=lang),
        "horizon_sentences": partial(_horizon_sentences, lang=lang),
        "has_period": _has_period,
        "computed": lambda _: phrases.mark({"figure": "derived"}, "figure", lang),
        "printed_gap": lambda statement: bool(judgments.printed_gaps(statement)),
        "value": partial(_value, lang=lang),
        "horizon": partial(_horizon, lang=lang),
        "product_growth": partial(_product_growth, lang=lang),
        "status": partial(phrases.status, lang=lang),
        "mark": lambda marks, column: phrases.mark(marks, column, lang),
        "rank": lambda number, scope, which, numerals: phrases.rank(
            int(number), scope, which, numerals, lang
        ),
        "reference": partial(phrases.reference, lang=lang),
        "completion": partial(phrases.completion, lang=lang),
        "versus": partial(phrases.versus, lang=lang),
        "target_amount": partial(phrases.target_amount, lang=lang),
        "target_growth": partial(phrases.target_growth, lang=lang),
        "count": lambda number, unit: phrases.count(number, unit, lang),
        "quantity": lambda value, unit: phrases.quantity(value, unit, lang),
        "kind": partial(phrases.target_kind, lang=lang),
        "says": partial(phrases.says, lang=lang),
        "sentence_name": lambda indicator: indicator.name if lang == "zh" else indicator.entry.en,
        "given_growth": lambda rate: formatting.growth_phrase(rate, given=True, lang=lang),
        "given_points": lambda points: labels.label(
            "points.many", lang, points=formatting.format_given(points)
        ),
        "given_number": formatting.format_given,
        "investment_kind": lambda kind: labels.term("investment_kind", kind, lang),
        "month_name": lambda month: labels.lookup("month", lang)[int(month) - 1],
    }


def _vs_expected(progress: Progress, lang: str) -> str:
    target = progress.target
    if target is None:  # templates compare with progress only where there is a target
        raise ValueError(f"{progress.code} has no target to compare with")
    reference = labels.reference_name(progress.basis, lang)
    return formatting.versus_progress(target.completion_pct, target.expected_pct, reference, lang)


def _vs_row(row: dict[str, Any], reference: str, lang: str) -> str:
    return formatting.versus_progress(row["completion_pct"], row["expected_pct"], reference, lang)


@cache
def environment(lang: str = labels.DEFAULT_LANG) -> jinja2.Environment:
    labels.check_lang(lang)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR / "narrative" / lang),
        autoescape=True,  # names come from input files: text, never markup
        finalize=markdown_text,  # … in Markdown as well as in HTML (see the module's doc)
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
        quarter=lambda quarter: labels.quarter_label(quarter, lang),  # 一季度 / Q1
        # The input's words in a sentence of the language (an issue, an industry): as written,
        # quoted in English, never translated: {{ row.issue | quoted }}.
        quoted=lambda text: labels.label("quoted", lang, text=text),
    )
    env.filters.update(_composed_filters(lang))
    env.globals.update(lang=lang)
    return env


def render(template: str, lang: str = labels.DEFAULT_LANG, **context: object) -> str:
    """Render one narrative template (e.g. 'headline.md.j2') with the given figures."""
    return environment(lang).get_template(template).render(**context).strip()
