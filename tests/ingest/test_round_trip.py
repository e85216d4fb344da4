"""Round trip (issue 21): every briefing the product renders, read back by `briefing read`,
gives the facts it was rendered from.

For each bundled month and each of the eleven bulletins' data roots, the briefing's Chinese
text as its notebook shows it (conftest's `briefing_outline`: every section's Markdown, joined,
tags removed as a page shows them) is read with the reader `briefing read` uses (read_bulletin,
then the draft's placements: a figure stated twice is written once). Then:

- every figure of the input that the text prints is read back as a fact of the same
  indicator, measure, value (digits as printed), unit, part (or group), horizon, status and
  comparison (against what, which direction, the difference, the reference's own figure; a
  completion's target);
- nothing is read back wrong: a placed figure the input does not hold;
- a figure the briefing computes and marks （推算） is read with the provenance `derived`
  (contract/facts.py, the provenance column: 推算), never as a published figure.

Decisions, each documented where it is made:
- the tables are left out: the reader reads a table whose caption names one indicator and
  whose rows are parts (a bulletin's 县市区 table); the briefing's tables hold an indicator a
  row (the Word file's tables are read by the slow test below, as its cells' lines);
- the seed's own sections (layout: seed) print what they compute without a mark, as the
  published 2011-02 bulletin printed it (为全年目标任务的15.15%，落后时间进度1.52个百分点):
  the reader cannot tell them from printed figures, so they are read as facts and must be
  the model's figures (`seed_computed`), counted apart;
- figures that cannot round-trip are kept out by LEFT_OUT (tables no fact holds) and
  EXCLUDED (single figures), and the seed's sentences about tables no fact holds by
  SEED_LEFT_OUT, each with its reason, and counted.
"""

from __future__ import annotations

import html
import re
import shutil
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from industry_briefing import cli
from industry_briefing.analysis import parks
from industry_briefing.analysis.model import MonthModel, build_model
from industry_briefing.analysis.operation import districts_of
from industry_briefing.analysis.progress import PARKS_TOTAL
from industry_briefing.briefing.formatting import format_number
from industry_briefing.briefing.labels import reference_name
from industry_briefing.contract.tables import FIGURE_STATUSES, GROUP_TOTAL
from industry_briefing.contract.units import in_unit
from industry_briefing.core import settings
from industry_briefing.core.rounding import plain_decimal, points_difference
from industry_briefing.ingest import reader
from industry_briefing.ingest.text.draft import Placed, placements
from industry_briefing.ingest.text.normalise import normalise, read_text
from industry_briefing.ingest.text.reading import catalogue_at, read_bulletin

BULLETINS = Path(__file__).parents[1] / "data" / "bulletins"
NAMES = sorted(p.name for p in BULLETINS.iterdir())
MONTHS = tuple(f"2011-{month:02d}" for month in range(2, 13))  # the bundled year


@dataclass(frozen=True)
class Said:
    """A figure as a fact, in the terms both sides share: what the input holds and what the
    reader reads back. `whose` is a part, a group's name for the group as a whole, or ''
    for the region itself; `against` a comparison's object (a target's kind for a target);
    `table` the input table of a figure no fact holds (enterprises …)."""

    indicator: str
    measure: str  # a contract measure, or `target` for a target's amount or growth
    value: str  # digits as printed; '' where only a comparison is printed
    unit: str = ""
    whose: str = ""
    horizon: str = ""
    against: str = ""
    reference: str = ""  # the reference's own figure (全国6.2%), or a floor (7%以上)
    direction: str = ""
    difference: str = ""
    status: str = ""
    base: str = ""  # a completion's target (年度预期目标)
    table: str = field(default="", compare=False)

    def printed(self) -> str:
        """The figure as the text prints it: 24.37亿千瓦时, 9.24%, 3.87个百分点, 1.72倍."""
        if self.difference:
            return f"{self.difference}个百分点"
        if not self.value and self.reference:  # a bound: 上亿元, or a floor: 20%
            bound = self.reference == "1" and self.unit[:1] in "万亿" and self.unit
            return f"上{self.unit}" if bound else f"{self.reference}{self.unit or '%'}"
        if self.measure in ("growth_times", "ratio_times"):
            return f"{self.value}倍"
        return f"{self.value.lstrip('-')}{'个百分点' if self.measure == 'pull' else self.unit}"


# --- what the input holds, as facts ------------------------------------------------------------


def given(number: object) -> str:
    """A figure of the convenient tables (a float) as the briefing prints a given figure."""
    # A cell of the tables, typed `object`: a float or an int here, which float() takes.
    return plain_decimal(Decimal(repr(float(number))))  # type: ignore[arg-type]


def _amount(number: object, unit: str) -> str:
    # A cell of the tables, typed `object`: a float or an int here, which float() takes.
    return plain_decimal(in_unit(float(number), unit))  # type: ignore[arg-type]


def _present(value: object) -> bool:
    return value is not None and value == value and value != ""


def input_facts(model: MonthModel) -> list[Said]:
    """Every printed figure of the month's input, as facts."""
    figures = model.figures
    found = [*_indicator_facts(figures.indicators, model.period.month), *_long_facts(model)]
    found += _breakdown_facts(figures.breakdowns) + _target_facts(figures.targets)
    found += _outlook_facts(figures.outlook) + _park_facts(figures.parks)
    found += _district_facts(figures.districts) + _unheld_facts(model)
    return found


def _indicator_facts(frame, month: int) -> list[Said]:
    found, alone = [], f"{month}月"  # the month alone (当月)
    for row in frame.to_dict("records"):
        code, status = row["indicator"], row["status"] if _present(row["status"]) else ""
        if not status and row["note"] in FIGURE_STATUSES:
            status = row["note"]  # the seed's note 预计数, printed as a status: （预计数）
        if _present(row["value"]):
            found.append(Said(code, "value", _amount(row["value"], row["unit"]), row["unit"],
                              status=status))  # fmt: skip
        if _present(row["growth_pct"]):
            found.append(Said(code, "growth", given(row["growth_pct"]), "%", status=status))
        if _present(row["growth_times"]):
            found.append(Said(code, "growth_times", given(row["growth_times"])))
        if _present(row["month_value"]):
            value = _amount(row["month_value"], row["unit"])
            found.append(Said(code, "value", value, row["unit"], horizon=alone))
        if _present(row["month_growth_pct"]):
            found.append(Said(code, "growth", given(row["month_growth_pct"]), "%", horizon=alone))
        for rank in ("value_rank", "growth_rank"):
            if _present(row[rank]):
                found.append(Said(code, rank, str(int(row[rank]))))
        found += _reference_facts(code, row)
    return found


def _reference_facts(code: str, row: dict) -> list[Said]:
    """增速比全国（6.2%）高3个百分点: the reference's own rate, and the gap to it."""
    found, rate = [], row["reference_growth_pct"]
    if _present(rate):
        found.append(Said(code, "growth", given(rate), "%", whose=row["reference_name"]))
    if _present(row["reference_points"]):
        points = row["reference_points"]
        direction = "above" if points > 0 else "below" if points < 0 else "level"
        found.append(Said(code, "growth", "", against=row["reference_name"],
                          reference=given(rate) if _present(rate) else "",
                          direction=direction, difference=given(abs(points))))  # fmt: skip
    return found


def _long_facts(model: MonthModel) -> list[Said]:
    found = []
    for fact in model.facts:
        value = "" if fact.value is None else str(fact.value)
        difference = "" if fact.difference is None else str(fact.difference)
        reference = "" if fact.reference_value is None else str(fact.reference_value)
        found.append(
            Said(fact.indicator, fact.measure, value, fact.unit or "",
                 fact.part or fact.dimension or "", fact.horizon, fact.against or "", reference,
                 fact.direction or "", difference, fact.status or "", fact.base or "")
        )  # fmt: skip
    return found


_PART_COLUMNS = (
    ("growth_pct", "growth"),
    ("growth_times", "growth_times"),
    ("share_pct", "share"),
    ("completion_pct", "completion"),
    ("contribution_pct", "contribution"),
    ("pull_points", "pull"),
)


def _breakdown_facts(frame) -> list[Said]:
    found = []
    for row in frame.to_dict("records"):
        code = row["indicator"]
        whose = row["dimension"] if row["part"] == GROUP_TOTAL else row["part"]
        status = row["status"] if _present(row.get("status")) else ""
        if _present(row.get("value")):
            value = _amount(row["value"], row["unit"])
            found.append(Said(code, "value", value, row["unit"], whose, status=status))
        if _present(row.get("count")):
            count = Said(code, "count", given(row["count"]), row["count_unit"] or "个", whose)
            found.append(count)
        for column, measure in _PART_COLUMNS:
            if _present(row.get(column)):
                unit = "" if measure in ("growth_times", "pull") else "%"
                found.append(Said(code, measure, given(row[column]), unit, whose, status=status))
    return found


def _target_facts(frame) -> list[Said]:
    found = []
    for row in frame.to_dict("records"):
        code, kind, horizon = row["indicator"], row["kind"], row["horizon"]
        if _present(row["amount"]):
            amount = _amount(row["amount"], row["unit"])
            found.append(Said(code, "target", amount, row["unit"], horizon=horizon, against=kind))
        if _present(row["growth_pct"]):  # 确保目标下降5.3%
            rate = given(row["growth_pct"])
            found.append(Said(code, "target", rate, "%", horizon=horizon, against=kind))
        if _present(row["completion_pct"]):
            value = given(row["completion_pct"])  # of the period's own figure: its horizon
            own = "" if horizon == "全年" else horizon
            found.append(Said(code, "completion", value, "%", horizon=own, base=kind))
    return found


def _outlook_facts(frame) -> list[Said]:
    found = []
    for row in frame.to_dict("records"):
        code, horizon, status = row["indicator"], row["horizon"], "预计数"
        value = _amount(row["value"], row["unit"])
        found.append(Said(code, "value", value, row["unit"], horizon=horizon, status=status))
        if _present(row["growth_pct"]):
            rate = given(row["growth_pct"])
            found.append(Said(code, "growth", rate, "%", horizon=horizon, status=status))
        if _present(row["completion_pct"]):
            rate = given(row["completion_pct"])
            kind = row["target_kind"] if _present(row["target_kind"]) else "全年目标"
            found.append(Said(code, "completion", rate, "%", horizon=horizon, base=kind,
                              status=status))  # fmt: skip
    return found


def _park_facts(frame) -> list[Said]:
    code = "park_infrastructure_investment"
    return [
        Said(code, "value", given(row["completed"]), "亿元", row["park"])
        for row in frame.to_dict("records")
    ]


def _district_facts(frame) -> list[Said]:
    found = []
    for row in frame.to_dict("records"):
        code, district = row["indicator"], row["district"]
        found.append(Said(code, "value", given(row["value"]), "亿元", district))
        if _present(row["growth_pct"]):
            found.append(Said(code, "growth", given(row["growth_pct"]), "%", district))
    return found


# Tables whose figures no fact holds (a fact is an indicator's, of the region or of a part):
# their figures the text prints are counted, as left out, with the reason.
LEFT_OUT = {
    "products": "a product (原煤, 白酒 …) is no indicator of the catalogue, and facts.csv "
    "has no place for a product: products.csv holds them",
    "project_groups": "projects counted by group (500万元以上工业项目229个，总投资95.01亿元) "
    "are of no catalogue indicator: their investment is a 总投资 or a 累计完成投资, not the "
    "period's 工业投资",
    "enterprises": "an enterprise's output and utilisation (设备开工率0%) are an entity's "
    "figures, no indicator's",
    "projects": "a project's investment and its plan are an entity's figures, no indicator's",
}


def _unheld_facts(model: MonthModel) -> list[Said]:
    """The figures of the tables LEFT_OUT names, as Said with their table."""
    figures, found = model.figures, []
    columns = {
        "products": ("product", ("value", "growth_pct")),
        "project_groups": ("project_group", ("count", "investment", "growth_pct")),
        "enterprises": ("enterprise", ("output", "utilization_pct")),
        "projects": ("project", ("total_investment", "annual_plan", "completed")),
    }
    for table, (name, numbers) in columns.items():
        for row in getattr(figures, table).to_dict("records"):
            for column in numbers:
                if _present(row.get(column)):
                    unit = "%" if column.endswith("pct") else row.get("unit") or ""
                    unit = "" if column == "count" else unit
                    value = (
                        _amount(row[column], unit) if unit and unit != "%" else given(row[column])
                    )
                    found.append(Said(table, column, value, unit, row[name], table=table))
    return found


def seed_computed(model: MonthModel) -> list[Said]:
    """The figures the seed's own sections (layout: seed) compute and print without a mark,
    as the published 2011-02 bulletin printed them (为全年目标任务的15.15%，落后时间进度1.52个
    百分点; the parks' total and count; 工业投资占全市固定资产投资的23.02%; a district's share
    of the city; N个园区建设严重滞后): the model's, which a reading of them must give."""
    if not model.seed_shaped or model.parks_total is None:
        return []
    code, found = "park_infrastructure_investment", []
    for progress in model.headline_indicators:
        own = code if progress.code == PARKS_TOTAL else progress.code
        target = progress.target
        if target is not None:
            gap = (target.completion_pct, target.expected_pct, str(target.basis))
            found += _against_target(own, "", gap)
    found.append(Said(code, "value", format_number(model.parks_total.value), "亿元"))
    found.append(Said(code, "count", str(len(model.parks)), "个"))
    found.append(Said(code, "count", str(len(parks.far_behind(model.parks))), "个"))
    total = model.parks_total.target
    basis = str(total.basis) if total is not None else "even"
    for row in model.parks.to_dict("records"):
        found += _against_target(code, row["park"], (row["completion_pct"], row["expected_pct"],
                                                     basis))  # fmt: skip
    if model.investment_share_pct is not None:
        share = format_number(model.investment_share_pct)
        found.append(Said("industrial_investment", "share", share, "%"))
    for indicator in ("industrial_output", "industrial_investment"):
        for row in districts_of(model, indicator).to_dict("records"):
            share = format_number(row["share_pct"])
            found.append(Said(indicator, "share", share, "%", row["district"]))
    return found


def _against_target(code: str, whose: str, target: tuple[float, float, str]) -> list[Said]:
    """A completion and its gap to the expected progress (时间进度 or 计划进度)."""
    completion, expected, basis = target
    gap = points_difference(completion, expected)
    direction = "above" if gap > 0 else "below" if gap < 0 else "level"
    return [
        Said(code, "completion", format_number(completion), "%", whose),
        Said(code, "completion", "", "%", whose, against=reference_name(basis),
             direction=direction, difference=plain_decimal(abs(gap))),
    ]  # fmt: skip


# --- what the reader reads back ----------------------------------------------------------------


@dataclass(frozen=True)
class Read:
    said: Said
    printed: str  # the number and unit as the text prints it
    sentence: str
    start: int
    provenance: str  # published, or derived where the text marks it （推算）


def shown_text(outline) -> str:
    """The sections' Markdown as a page shows it: tags removed, character references read."""
    text = "\n\n".join(outline.texts.values())
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def read_back(text: str, model: MonthModel, root: Path) -> tuple[list[Read], list[Placed]]:
    """The text read as `briefing read` reads it: every figure the draft writes, as a fact."""
    catalogue = catalogue_at(root)
    reading = read_bulletin(text, model.period.month, catalogue, model.figures.region)
    placed = placements(reading)
    found = []
    for item in placed:
        figure = item.figure
        if item.same is not None:
            continue  # stated again: the draft writes the first
        if figure.target:
            target = figure.target
            value = target["amount"] or target.get("growth_pct", "")
            unit = target["unit"] if target["amount"] else "%"
            said = Said(target["indicator"], "target", value, unit,
                        horizon=target["horizon"], against=target["kind"])  # fmt: skip
        elif figure.fact:
            said = _said(figure.fact)
        else:
            continue
        provenance = figure.fact.get("provenance", "published")
        found.append(Read(said, figure.printed, figure.sentence, figure.start, provenance))
    return found, placed


def _said(fact: dict[str, str]) -> Said:
    return Said(
        fact["indicator"],
        fact["measure"],
        fact.get("value", ""),
        fact.get("unit", ""),
        fact.get("part") or fact.get("dimension", ""),  # a group's own: its dimension
        fact.get("horizon", ""),
        fact.get("against", ""),
        fact.get("reference_value", ""),
        fact.get("direction", ""),
        fact.get("difference", ""),
        fact.get("status", ""),
        fact.get("base", ""),
    )


# --- matching ----------------------------------------------------------------------------------


def _horizon(words: str) -> str:
    """8月份, 8月 and 8月当月 are one horizon; 1至7月 is 1-7月."""
    words = normalise(words).replace("份", "")
    return re.sub(r"^(\d{1,2}月)当月$", r"\1", words)


def _target(base: str) -> str:
    """A completion's target as both sides name it: 目标 alone is no target's kind."""
    words = re.sub(r"^(?:完成|为|占)|的$", "", base)
    return "" if words == "目标" else words


def key(said: Said, counted: frozenset[str]) -> Said:
    """A fact in the terms both sides can say: words as the reader spells them (1至7月 is
    1-7月); no unit where only a comparison is printed; a count-family indicator's figure
    is its count (总量 and 个数 are one); a base only for a completion (its target)."""
    measure = said.measure
    if said.indicator in counted and measure == "count":
        measure = "value"
    return replace(
        said,
        measure=measure,
        unit=said.unit if said.value else "",
        horizon=_horizon(said.horizon),
        against=normalise(said.against),
        whose=normalise(said.whose),
        base=_target(said.base) if measure == "completion" else "",
    )


def stated(said: Said, flat: str) -> bool:
    """Whether the (normalised) text prints the figure, its number with its unit (a rank in
    a list of ranks, 第1、2和3位), in a sentence naming the part it is of."""
    for sentence in re.split(r"[。\n]", flat):
        if said.whose and normalise(said.whose) not in sentence:
            continue
        if said.measure.endswith("_rank"):
            rank = rf"第[\d、和]*(?<![\d.]){said.value}(?![\d.])[\d、和]*位"
            if re.search(rank, sentence):
                return True
        elif said.printed() in sentence:
            return True
    return False


# source -> {(indicator, measure, value): why the figure cannot round-trip}
EXCLUDED: dict[str, dict[tuple[str, str, str], str]] = {
    "chongqing-gxq-2017-05": {
        ("projected_annual_output", "value", "200"): "its horizon 达产后 (at full capacity) "
        "is no period the reader knows, and the region's says (…预计形成年产值) makes it an "
        "estimate (预计数), which the input does not say",
    },
    "kaili-kfq-2012-10": {
        ("enterprise_support", "value", ""): "上亿元 prints no digits: the reader reads "
        "numbers (the real text's 上亿元 is missing too, test_text_bulletins)",
    },
}
# The seed's sentences about what no fact holds (their figures are computed from tables of
# entities and from the plan): what is read of a sentence they match is counted as left out,
# with the reason.
SEED_LEFT_OUT = (
    (
        r"季度\S*目标（|开门红”（",
        "the quarter's part of the plan (plan.csv, the annual target decomposed by month) and "
        "its completion: no draft table holds a plan (targets.csv: a target by kind and "
        "horizon); the reader reads the figure as a target of that quarter",
    ),
    (
        r"重点监测(?:企业中|的\d+户企业中)|设备开工率",
        "the key enterprises (enterprises.csv) summed by industry and counted by status, "
        "an enterprise's utilisation: figures of entities, no indicator's",
    ),
    (
        r"新开工项目\d+个",
        "the major projects (projects.csv) counted by stage, a project's completion of its "
        "plan: figures of entities, no indicator's",
    ),
)


@dataclass
class Tally:
    stated: list[Said] = field(default_factory=list)
    right: list[Said] = field(default_factory=list)
    missed: list[Said] = field(default_factory=list)
    wrong: list[Read] = field(default_factory=list)
    excluded: list[tuple[Said, str]] = field(default_factory=list)
    computed: list[Read] = field(default_factory=list)  # marked （推算）: read as derived
    unmarked: list[Read] = field(default_factory=list)  # the seed's, as the model computes

    def counts(self) -> str:
        return (
            f"{len(self.stated)} stated, {len(self.right)} read back right, {len(self.missed)} "
            f"missed, {len(self.wrong)} wrong; {len(self.excluded)} left out; "
            f"{len(self.computed)} computed read as derived, {len(self.unmarked)} the seed's "
            "unmarked computed figures read as the model's"
        )

    def report(self, placed: list[Placed]) -> str:
        """Every missed and wrong figure with its sentence, and what the reader did there."""
        lines = [self.counts()]
        for said in self.missed:
            lines.append(f"missed: {said.printed()} as {said}")
            lines += [f"    read there: {_placed_line(p)}" for p in placed
                      if p.figure.printed == said.printed()]  # fmt: skip
        for read in self.wrong:
            lines.append(f"wrong: {read.printed} read as {read.said}\n    in: {read.sentence}")
        return "\n".join(lines)


def _placed_line(item: Placed) -> str:
    figure = item.figure
    fact = {k: v for k, v in figure.fact.items() if k != "note"}
    return f"{fact or figure.target or figure.left} in: {figure.sentence}"


def _left_out(said: Said, exclusions: dict[tuple[str, str, str], str]) -> str:
    if said.table:
        return LEFT_OUT[said.table]
    return exclusions.get((said.indicator, said.measure, said.value), "")


def _seed_left_out(read: Read) -> str:
    return next((why for pattern, why in SEED_LEFT_OUT if re.search(pattern, read.sentence)), "")


@dataclass(frozen=True)
class Source:
    """What one briefing is checked against: its input's facts, what it computes unmarked
    (the seed's), its exclusions, the count-family indicators of its catalogue."""

    expected: list[Said]
    computed: list[Said]  # the seed's unmarked computed figures (empty for another layout)
    exclusions: dict[tuple[str, str, str], str]
    counted: frozenset[str]


def tally(read: list[Read], text: str, source: Source) -> Tally:
    """Each input figure the text prints, read back right or missed; each read-back figure
    the input does not hold, wrong (unless the text marks it computed, or it is one of the
    seed's unmarked computed figures read as the model computes it, or left out)."""
    flat, counted = normalise(text), source.counted
    keys = {key(s, counted) for s in source.expected}
    got = {key(r.said, counted) for r in read if r.provenance == "published"}
    seeds = {replace(key(s, counted), base="", status="") for s in source.computed}
    result = Tally()
    for said in dict.fromkeys(source.expected):
        if not stated(said, flat):
            continue
        why = _left_out(said, source.exclusions)
        if why:
            result.excluded.append((said, why))
            continue
        result.stated.append(said)
        (result.right if key(said, counted) in got else result.missed).append(said)
    for item in read:
        said = key(item.said, counted)
        why = _left_out(item.said, source.exclusions)
        why = why or (_seed_left_out(item) if source.computed else "")
        if item.provenance != "published":
            result.computed.append(item)
        elif said in keys:
            continue
        elif why:
            result.excluded.append((item.said, why))
        elif replace(said, base="", status="") in seeds:
            result.unmarked.append(item)
        else:
            result.wrong.append(item)
    return result


def source_of(model: MonthModel, root: Path, name: str) -> Source:
    catalogue = catalogue_at(root)
    counted = frozenset(c for c, i in catalogue.indicators.items() if i.entry.family == "count")
    return Source(input_facts(model), seed_computed(model), EXCLUDED.get(name, {}), counted)


def round_trip(model: MonthModel, root: Path, text: str, name: str) -> tuple[Tally, list]:
    read, placed = read_back(text, model, root)
    return tally(read, text, source_of(model, root, name)), placed


def marked_read_as_published(placed: list[Placed]) -> list[str]:
    """Figures the text marks （推算） that are read as published figures."""
    found = []
    for item in placed:
        figure = item.figure
        after = figure.sentence[figure.start + len(figure.printed) :]
        marked = re.match(r"(?:（[^（）]{2,4}）)*（推算）", after)
        if marked and figure.fact and figure.fact.get("provenance") != "derived":
            found.append(f"{figure.printed} in: {figure.sentence}")
    return found


def bulletin_model(name: str) -> MonthModel:
    root = BULLETINS / name
    [period] = [p.name for p in root.iterdir() if p.is_dir()]
    return build_model(reader.read_period(root, period))


def assert_round_trip(model: MonthModel, root: Path, text: str, name: str) -> Tally:
    counts, placed = round_trip(model, root, text, name)
    assert counts.stated, "the briefing states none of its input's figures"
    assert not counts.missed and not counts.wrong, counts.report(placed)
    assert not marked_read_as_published(placed), marked_read_as_published(placed)
    return counts


# --- the tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_a_bulletins_briefing_reads_back_as_its_facts(name, briefing_outline):
    model = bulletin_model(name)
    text = shown_text(briefing_outline(model, "zh"))
    assert_round_trip(model, BULLETINS / name, text, name)


@pytest.mark.parametrize("period", MONTHS)
def test_a_bundled_months_briefing_reads_back_as_its_facts(period, models, briefing_outline):
    model = models[period]
    text = shown_text(briefing_outline(model, "zh"))
    counts = assert_round_trip(model, settings.RAW_DATA_DIR, text, period)
    # the seed's figures the model computes are read as it computes them, none otherwise
    assert counts.unmarked, counts.counts()


@pytest.mark.slow
def test_the_word_file_read_back_by_the_command_gives_its_input(bulletin_reports, tmp_path):
    """briefing.docx as `briefing run` renders it (its tables' cells, notes and foot too),
    read by `briefing read` into a draft that `briefing check` takes: the draft's facts are
    the input's."""
    name = "susong-2021-06"
    root, model = BULLETINS / name, bulletin_model(name)
    word = bulletin_reports(root) / "briefing.docx"
    draft = tmp_path / "draft"
    draft.mkdir()
    shutil.copy(root / "indicators.yml", draft)  # the region's own indicators, declared
    period = str(model.period)
    command = ["read", word, "--period", period, "--out", draft, "--region", model.figures.region]
    done = CliRunner().invoke(cli.main, [str(a) for a in command])
    assert done.exit_code == 0, done.output
    checked = CliRunner().invoke(
        cli.main, ["check", period, "--data-dir", str(draft), "--lang", "en"]
    )
    assert checked.exit_code == 0 and "input is valid" in checked.output, checked.output
    drafted = build_model(reader.read_period(draft, period))
    assert {f.provenance for f in drafted.facts} == {"published"}  # susong marks nothing
    source = source_of(model, root, name)
    written = [Read(s, s.printed(), "", 0, "published") for s in input_facts(drafted)]
    counts = tally(written, normalise(read_text(word)), source)
    assert counts.stated and not counts.missed and not counts.wrong, (
        counts.counts()
        + "\n"
        + (
            "\n".join(
                [f"missed: {s}" for s in counts.missed] + [f"wrong: {r.said}" for r in counts.wrong]
            )
        )
    )
