"""The commands about a published bulletin's text: read (into a draft period folder) and audit
(its printed arithmetic). Exit codes: read 0 written, 2 refused; audit 0 nothing found, 1 a
mismatch (like a linter), 2 a text that cannot be read."""

from __future__ import annotations

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
    period_or_exit,
)
from industry_briefing.contract.facts import MEASURES

if TYPE_CHECKING:
    from industry_briefing.analysis.audit import Finding
    from industry_briefing.core.periods import Period
    from industry_briefing.ingest.text.draft import Placed
    from industry_briefing.ingest.text.figure import Figure

# Why a number was left out of the draft (grammar's codes).
LEFT_WHY = {
    "period": "a period expression: the horizon of the figures after it",
    "date": "a date, time or document number, not a figure of the period",
    "no_unit": "no unit: not a figure of the period (a code, a list's number)",
    "name": "a word of an indicator's name (新增产值过10亿元企业), not a figure",
    "no_indicator": "no indicator of the catalogue is named for it in its sentence",
    "ambiguous": "ambiguous: the sentence allows more than one reading",
    "duplicate": "the same fact as a figure before it (stated twice)",
    "target": "a target stated again: targets.csv holds it once",
    "needed": "what remains to be done for a target (月均需完成, 差), not a result",
    "headline": "a headline's figure: its sentence in the body is read",
}
# What each audit finding says: the printed figure, then what the text's other figures give.
FINDING_WORDS = {
    "share_off": "share printed {printed}%, part over whole gives {computed}%",
    "times_off": "growth printed {printed}%, the printed 倍 gives {computed}%",
    "gap_off": "difference printed {printed} 个百分点, the two rates give {computed}",
    "implied_differ": "the region's rate implied by one gap is {printed}%, by another {computed}%",
    "completion_off": "completion printed {printed}%, the amount over the target gives {computed}%",
    "schedule_off": "gap to the schedule printed {printed} 个百分点, completion gives {computed}",
    "parts_exceed": "total printed {printed}, its parts add up to {computed}",
}
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
def read(text: str, period_text: str, out: Path, region: str | None, into_raw: bool) -> None:
    """Read a published bulletin's TEXT (.txt, .md, .docx, or - for standard input) into a
    draft period folder: every figure a fact, every number said placed or left."""
    from industry_briefing.analysis.audit import audit, fact_of
    from industry_briefing.ingest.text.draft import DraftRefused, write_draft
    from industry_briefing.ingest.text.normalise import TextError
    from industry_briefing.ingest.text.reading import catalogue_at, read_bulletin

    period = period_or_exit(period_text)
    root = from_cwd(out)
    assert root is not None
    try:
        catalogue = catalogue_at(root)
        reading = read_bulletin(_raw_text(text), period.month, catalogue, region or _named(root))
        if not reading.region:
            fail(
                "the text names no place as its own (a place in a list or a table is a part): "
                "give the region's name with --region"
            )
        placed = write_draft(
            root, period, reading, catalogue, into_raw=into_raw, read_from=_text_name(text)
        )
    except (TextError, DraftRefused) as error:
        fail(str(error))
    for item in placed:
        click.echo(_placed_line(item, catalogue.names()))
    _warn_period(reading.text, period)
    figures = [i.figure for i in placed if i.figure.fact and i.same is None]
    facts = tuple(fact_of(f.fact) for f in figures)
    _say_findings(audit(facts, period.month, _area(reading.level)), figures)
    done = sum(1 for i in placed if i.where)
    click.echo(
        f"{out / str(period)}: draft written for {reading.region or '?'}: {done} of "
        f"{len(placed)} numbers placed, {len(placed) - done} left (said above); check it with "
        f"`briefing check {period} --data-dir {out}`."
    )


@click.command(name="audit")
@text_argument
@click.option("--period", "period_text", default=None, help="The period, YYYY-MM [default: 1-12].")
@region_option
@data_dir_option
def audit_text(
    text: str, period_text: str | None, region: str | None, data_dir: Path | None
) -> None:
    """Check the arithmetic a bulletin's TEXT prints (shares, 倍, gaps, implied rates, parts):
    exit 1 on a mismatch beyond the printed rounding, 0 on none."""
    from industry_briefing.analysis.audit import audit, fact_of
    from industry_briefing.core import settings
    from industry_briefing.ingest.text.normalise import TextError
    from industry_briefing.ingest.text.reading import catalogue_at, read_bulletin

    month = period_or_exit(period_text).month if period_text else 12
    root = settings.resolve_path(data_dir, settings.RAW_DATA_DIR)  # its indicators.yml, if any
    try:
        reading = read_bulletin(_raw_text(text), month, catalogue_at(root), region)
    except TextError as error:
        fail(str(error))
    figures = [f for f in reading.figures if f.fact]
    facts = tuple(fact_of(f.fact) for f in figures)
    findings = audit(facts, month, _area(reading.level))
    _say_findings(findings, figures)
    if findings:
        sys.exit(FAILED)
    click.echo(f"{text}: {len(facts)} figures read, no arithmetic mismatch found.")


def _named(root: Path) -> str | None:
    """The region the data root's profile.yml names, if it has one."""
    from industry_briefing.ingest.region import read_region

    profile = read_region(root).profile if root.is_dir() else None
    return profile.region if profile is not None else None


def _warn_period(text: str, period: Period) -> None:
    """The text speaking of another period than --period: said, its figures kept as read."""
    from industry_briefing.ingest.text.normalise import months_of, text_period

    spoken = text_period(text)
    if spoken and months_of(spoken) != (1, period.month):
        click.echo(
            f"warning: the text speaks of {spoken} but --period {period} is "
            f"{period.label}: its figures of {spoken} keep it as their horizon; "
            "check --period"
        )


def _area(level: str) -> str | None:
    from industry_briefing.contract.profile import AREA_WORDS

    return AREA_WORDS.get(level)


def _raw_text(text: str) -> str:
    from industry_briefing.ingest.text.normalise import decode, read_text

    if text == "-":
        return decode(sys.stdin.buffer.read(), "standard input")
    path = from_cwd(text)
    assert path is not None
    return read_text(path)


def _text_name(text: str) -> str:
    """The text as the draft's meta.yml records it (read_from): its file's name."""
    return "standard input" if text == "-" else Path(text).name


def _placed_line(item: Placed, names: dict[str, str]) -> str:
    figure = item.figure
    if item.where is None:
        return f"  {figure.printed}: left, {LEFT_WHY[figure.left or 'ambiguous']} ({_at(figure)})"
    if figure.target:
        target = figure.target
        words = f"{names[target['indicator']]} {target['kind']} ({target['horizon']})"
        return f"  {figure.printed}: {item.where}, {words}"
    row = figure.product or figure.group  # products.csv, project_groups.csv
    if row:
        name = row.get("product") or row["group"]
        measure = MEASURES.get(row["measure"], "投资额")  # a group's investment: 总投资 …
        kind = f" ({row['kind']})" if row.get("kind") else ""
        return f"  {figure.printed}: {item.where}, {name} {measure}{kind}"
    fact = figure.fact
    whose = f" of {fact['part']}" if fact.get("part") else ""
    measure = MEASURES[fact["measure"]]
    return f"  {figure.printed}: {item.where}, {names[fact['indicator']]}{whose} {measure}"


def _at(figure: Figure) -> str:
    """A few characters before the number: where it stands in the text."""
    before = re.sub(r"\s+", " ", figure.sentence[max(figure.start - 12, 0) : figure.start])
    return f"after “{before}”" if before else "at a sentence's start"


def _say_findings(findings: tuple[Finding, ...], figures: list[Figure]) -> None:
    for finding in findings:
        words = FINDING_WORDS[finding.code].format(
            printed=finding.printed, computed=finding.computed
        )
        printed = ", ".join(figures[i].printed for i in finding.facts)
        click.echo(f"mismatch: {words} (from {printed})")
