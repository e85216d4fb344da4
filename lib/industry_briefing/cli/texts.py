"""The commands about a published bulletin's text: read (into a draft period folder) and audit
(its printed arithmetic). Exit codes: read 0 written, 2 refused; audit 0 nothing found, 1 a
mismatch (like a linter), 2 a text that cannot be read."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from industry_briefing.cli.common import (
    FAILED,
    data_dir_option,
    fail,
    from_cwd,
    messages_lang,
    messages_lang_option,
    period_or_exit,
    said,
)

if TYPE_CHECKING:
    from industry_briefing.analysis.audit import Finding
    from industry_briefing.core.periods import Period
    from industry_briefing.ingest.text.draft import Placed, Row
    from industry_briefing.ingest.text.figure import Figure

text_argument = click.argument("text", type=click.Path(dir_okay=False, allow_dash=True))
region_option = click.option(
    "--region", default=None, help="The region's name [default: the place the text names most]."
)


@click.command()
@text_argument
@click.option("--period", "period_text", required=True, help="The bulletin's period, YYYY-MM.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The data root the draft period folder goes into (DATA_ROOT/YYYY-MM/).",
)
@region_option
@click.option("--into-raw", is_flag=True, help="Allow --out to be data/raw/ (the live input).")
@messages_lang_option
def read(
    text: str, period_text: str, out: Path, region: str | None, into_raw: bool, lang: str | None
) -> None:
    """Read a published bulletin's TEXT (.txt, .md, .docx, or - for standard input) into a
    draft period folder: every figure a fact, every number said placed or left."""
    from industry_briefing.analysis.audit import audit, fact_of
    from industry_briefing.ingest.text.draft import DraftRefused, write_draft
    from industry_briefing.ingest.text.normalise import TextError
    from industry_briefing.ingest.text.reading import catalogue_at, read_bulletin

    root = from_cwd(out)
    assert root is not None
    named = region or _named(root)
    chosen = lang
    lang = _lang(chosen, root, named)  # until the text names its region
    period = period_or_exit(period_text, lang)
    try:
        catalogue = catalogue_at(root)
        reading = read_bulletin(_raw_text(text), period.month, catalogue, named)
        lang = _lang(chosen, root, reading.region)
        if not reading.region:
            fail(said("text.no_region", lang), lang)
        placed = write_draft(
            root, period, reading, catalogue, into_raw=into_raw, read_from=_text_name(text)
        )
    except (TextError, DraftRefused) as error:
        fail(error.text(lang), lang)
    for item in placed:
        click.echo(_placed_line(item, catalogue.names(), lang))
    _warn_period(reading.text, period, lang)
    figures = [i.figure for i in placed if i.figure.fact and i.same is None]
    facts = tuple(fact_of(f.fact) for f in figures)
    _say_findings(audit(facts, period.month, _area(reading.level)), figures, lang)
    done = sum(1 for i in placed if i.where)
    fields = {"folder": out / str(period), "region": reading.region, "period": period, "out": out}
    count = {"placed": done, "count": len(placed), "left": len(placed) - done}
    click.echo(said("text.drafted", lang, **fields, **count))


@click.command(name="audit")
@text_argument
@click.option("--period", "period_text", default=None, help="The period, YYYY-MM [default: 1-12].")
@region_option
@data_dir_option
@messages_lang_option
def audit_text(
    text: str,
    period_text: str | None,
    region: str | None,
    data_dir: Path | None,
    lang: str | None,
) -> None:
    """Check the arithmetic a bulletin's TEXT prints (shares, 倍, gaps, implied rates, parts):
    exit 1 on a mismatch beyond the printed rounding, 0 on none."""
    from industry_briefing.analysis.audit import audit, fact_of
    from industry_briefing.core import settings
    from industry_briefing.ingest.text.normalise import TextError
    from industry_briefing.ingest.text.reading import catalogue_at, read_bulletin

    root = settings.resolve_path(data_dir, settings.RAW_DATA_DIR)  # its indicators.yml, if any
    chosen = lang
    lang = _lang(chosen, root, region)
    month = period_or_exit(period_text, lang).month if period_text else 12
    try:
        reading = read_bulletin(_raw_text(text), month, catalogue_at(root), region)
    except TextError as error:
        fail(error.text(lang), lang)
    lang = _lang(chosen, root, reading.region)
    figures = [f for f in reading.figures if f.fact]
    facts = tuple(fact_of(f.fact) for f in figures)
    findings = audit(facts, month, _area(reading.level))
    _say_findings(findings, figures, lang)
    if findings:
        sys.exit(FAILED)
    click.echo(said("text.audited", lang, text=text, count=len(facts)))


def _lang(chosen: str | None, root: Path, region: str | None) -> str:
    """The language to speak in: --lang, else the locale's, else the data root's profile's
    region's, else that of the region the text names (or --region): Chinese for a region
    named in Chinese, and before the text is read."""
    from industry_briefing.contract.profile import RegionProfile, analysts_lang
    from industry_briefing.core import settings

    if (
        chosen is None
        and settings.locale_lang(os.environ) is None
        and region
        and _named(root) is None
    ):
        return analysts_lang(RegionProfile(region=region))
    return messages_lang(chosen, root)


def _named(root: Path) -> str | None:
    """The region the data root's profile.yml names, if it has one."""
    from industry_briefing.ingest.region import read_region

    profile = read_region(root).profile if root.is_dir() else None
    return profile.region if profile is not None else None


def _warn_period(text: str, period: Period, lang: str) -> None:
    """The text speaking of another period than --period: said, its figures kept as read."""
    from industry_briefing.ingest.text.normalise import months_of, text_period

    spoken = text_period(text)
    if spoken and months_of(spoken) != (1, period.month):
        line = said("text.other_period", lang, spoken=spoken, period=period, label=period.label)
        click.echo(said("warning", lang, line=line))


def _area(level: str) -> str | None:
    from industry_briefing.contract.profile import AREA_WORDS

    return AREA_WORDS.get(level)


def _raw_text(text: str) -> str:
    from industry_briefing.core.errors import words
    from industry_briefing.ingest.text.normalise import decode, read_text

    if text == "-":
        return decode(sys.stdin.buffer.read(), words("read.stdin"))
    path = from_cwd(text)
    assert path is not None
    return read_text(path)


def _text_name(text: str) -> str:
    """The text as the draft's meta.yml records it (read_from): its file's name."""
    return "standard input" if text == "-" else Path(text).name


def _placed_line(item: Placed, names: dict[str, str], lang: str) -> str:
    """Where a number went (its table's row and what it is there), or why it was left."""
    from industry_briefing.contract.facts import (
        MEASURES,
    )  # the contract reads pandas: not at import

    figure = item.figure
    if item.where is None:
        why = said(f"text.why.{figure.left or 'ambiguous'}", lang)
        return said("text.left", lang, printed=figure.printed, why=why, at=_at(figure, lang))
    if figure.target:
        target = figure.target
        what = said(
            "text.target",
            lang,
            indicator=names[target["indicator"]],
            kind=target["kind"],
            horizon=target["horizon"],
        )
    elif row := figure.product or figure.group:  # products.csv, project_groups.csv
        name = row.get("product") or row["group"]
        measure = MEASURES.get(row["measure"], "投资额")  # a group's investment: 总投资 …
        kind = row.get("kind")
        what = said(
            f"text.thing{'_kind' if kind else ''}", lang, name=name, measure=measure, kind=kind
        )
    else:
        fact = figure.fact
        key = "text.fact_part" if fact.get("part") else "text.fact"
        indicator, measure = names[fact["indicator"]], MEASURES[fact["measure"]]
        what = said(key, lang, indicator=indicator, part=fact.get("part"), measure=measure)
    where = _row(item.where, lang)
    return said("text.placed", lang, printed=figure.printed, where=where, what=what)


def _row(where: Row, lang: str) -> str:
    """facts.csv row 3 / facts.csv 第3行 (stated again: the row of the figure it restates)."""
    key = "text.row_again" if where.again else "text.row"
    return said(key, lang, file=where.file, row=where.number)


def _at(figure: Figure, lang: str) -> str:
    """A few characters before the number: where it stands in the text."""
    before = re.sub(r"\s+", " ", figure.sentence[max(figure.start - 12, 0) : figure.start])
    return said("text.after", lang, before=before) if before else said("text.sentence_start", lang)


def _say_findings(findings: tuple[Finding, ...], figures: list[Figure], lang: str) -> None:
    """Each mismatch of the text's arithmetic: the printed figure, what the others give."""
    for finding in findings:
        words = said(
            f"text.finding.{finding.code}", lang, printed=finding.printed, computed=finding.computed
        )
        printed = said("text.joint", lang).join(figures[i].printed for i in finding.facts)
        click.echo(said("text.mismatch", lang, words=words, figures=printed))
