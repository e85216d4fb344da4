"""`briefing read` on the eleven real bulletins' verbatim excerpts (tests/data/bulletins/*/
source.txt): each expect.json figure found, and placed as the indicator and measure its
hand-written period folder gives it (facts.csv and the convenient tables beside it).

The goal (issue 21) is 90% of each bulletin's figures placed right and none wrong. Where a
bulletin does not reach it yet, REACHED says how far it gets and why not; the counts are a
ratchet: a change that places fewer right, or more wrong, fails.
"""

from __future__ import annotations

import csv
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from industry_briefing.contract.catalogue import Catalogue, CatalogueFile, builtin
from industry_briefing.contract.facts import MEASURES
from industry_briefing.ingest.text.draft import placements
from industry_briefing.ingest.text.figure import Figure
from industry_briefing.ingest.text.normalise import normalise
from industry_briefing.ingest.text.reading import read_bulletin

BULLETINS = Path(__file__).parents[1] / "data" / "bulletins"

# bulletin -> (placed right at least, placed wrong at most, why the goal is not reached)
REACHED = {
    "ankang-2010-05": (
        36,
        0,
        "36 of 42: brand products counted (22个企业24个产品…品牌产品: the region's own "
        "indicator, named after its counts); 六个县 past a threshold; 比去年同期快30个百分点 "
        "(a second gap of the region's growth: whose, not said)",
    ),
    "ankang-parks-2011-12": (
        18,
        1,
        "18 of 21: 62个 新入园项目 and 18.9亿元 基础设施建设累计投资额 name no indicator; "
        "入驻项目累计固定资产投资额 read as 全社会固定资产投资 where the folder has 工业投资",
    ),
    "chongqing-gxq-2017-05": (
        17,
        0,
        "17 of 20: the 招商 contracts (合同投资额, 合同工业产值, 预计年产值) are the region's "
        "own indicators, printed in other words than their names",
    ),
    "guangyuan-2011-08": (
        15,
        0,
        "15 of 18: 500万元以上工业项目 总投资 (229个, 95.01亿元, 29.01%) is no catalogue "
        "indicator (the source itself doubts it is 工业投资)",
    ),
    "guiyang-2015-05": (20, 0, "reached: 20 of 21 (超省下达目标21亿元, an excess, left)"),
    "huangshi-2024-06": (51, 0, "reached: 51 of 51 (tables read by their headers)"),
    "kaili-kfq-2012-10": (
        16,
        0,
        "16 of 19: 18户 and 7户 counted after their nouns (…和18户500万以上企业正常生产); "
        "上亿元 has no digits",
    ),
    "qianxinan-2012-08": (
        15,
        0,
        "15 of 28: products (原煤, 化肥 … in 万吨/千克/千升, a table of their own: products.csv) "
        "are no catalogue indicators; 92.05亿 is cut off before its unit",
    ),
    "susong-2021-06": (
        33,
        0,
        "reached: 33 of 34 (25个 of 26个行业大类: a second count of the same indicator, left)",
    ),
    "xiangxi-2015-08": (
        15,
        0,
        "15 of 17: 食品和医药产业分别增长… name no indicator in their sentence",
    ),
    "yiwu-2018-06": (16, 0, "reached: 16 of 17 (30个 亿元以上投资项目 counts projects)"),
}
_COLUMN_MEASURES = {
    "本期累计": "value",
    "上年同期": "value",
    "当月": "value",
    "预计值": "value",
    "目标值": "target",
    "投资额": "value",
    "同比增长(%)": "growth",
    "当月同比增长(%)": "growth",
    "目标增速(%)": "growth",
    "比较对象增速(%)": "growth",
    "高于比较对象(个百分点)": "growth",
    "增长倍数": "growth_times",
    "占比(%)": "share",
    "完成目标(%)": "completion",
    "个数": "count",
    "总量排位": "value_rank",
    "增速排位": "growth_rank",
}
_MEASURE_WORDS = {word: code for code, word in MEASURES.items()}


def catalogue_of(name: str) -> Catalogue:
    declared = BULLETINS / name / "indicators.yml"
    if not declared.exists():
        return builtin()
    document = yaml.safe_load(declared.read_text(encoding="utf-8"))
    return builtin().with_region(CatalogueFile.model_validate(document).indicators)


def number(text: str) -> Decimal | None:
    match = re.search(r"-?\d+(?:\.\d+)?", normalise(text).replace(",", ""))
    return abs(Decimal(match.group())) if match else None


def truth(name: str, catalogue: Catalogue) -> set[tuple[str | None, str, Decimal | None]]:
    """(indicator, measure, figure) of every cell of the hand-written folder."""
    found = set()
    for path in (BULLETINS / name / name[-7:]).glob("*.csv"):
        for row in csv.DictReader(path.open(encoding="utf-8-sig")):
            indicator = catalogue.find(row.get("指标") or "")
            code = indicator.code if indicator else None
            if path.stem == "project_groups":
                code = "industrial_investment"
            if "度量" in row:
                for column in ("数值", "差值", "比较对象数值"):
                    if row.get(column):
                        found.add((code, _MEASURE_WORDS[row["度量"]], number(row[column])))
            for column, measure in _COLUMN_MEASURES.items():
                if row.get(column):
                    found.add((code, measure, number(row[column])))
    return found


def matched(figures: tuple[Figure, ...], expected: dict, used: set[int]) -> Figure | None:
    """The reader's figure for an expected one: its number, after its context."""
    value = number(expected["value"])
    same = [f for f in figures if id(f) not in used and number(f.number) == value]
    near = [f for f in same if re.search(expected["context"], f.sentence[: f.start][-60:])]
    candidates = near or same
    # a figure printed twice (a title and its sentence) is placed where it is placed
    placed = [f for f in candidates if f.fact]
    return (placed or candidates or [None])[0]


def right(figure: Figure, known: set, catalogue: Catalogue) -> bool:
    """The figure's number is, in the hand-written folder, of its indicator and measure (a
    reference printed with its fact, 7% of 连续3个月…7%以上, is that fact's)."""
    if figure.target:  # a target's amount (or growth: 目标增速), written to targets.csv
        measure = "growth" if figure.target.get("growth_pct") else "target"
        return (figure.target["indicator"], measure, number(figure.number)) in known
    fact = figure.fact
    measures = {fact["measure"]}
    counted = catalogue.indicators[fact["indicator"]].entry.family == "count"
    if counted and fact["measure"] in ("value", "count"):
        measures = {"value", "count"}  # a count-family indicator's total is its count
    return any((fact["indicator"], m, number(figure.number)) in known for m in measures)


def tally(name: str, text: str) -> dict[str, int]:
    catalogue = catalogue_of(name)
    reading = read_bulletin(text, int(name[-2:]), catalogue)
    placements(reading)  # what the draft would write: a figure stated twice is left once
    known = truth(name, catalogue)
    expected = json.loads((BULLETINS / name / "expect.json").read_text(encoding="utf-8"))
    counts = dict.fromkeys(("figures", "right", "wrong", "left", "missing"), 0)
    used: set[int] = set()
    for item in expected:
        counts["figures"] += 1
        figure = matched(reading.figures, item, used)
        if figure is None:
            counts["missing"] += 1  # 上亿元, 六个县: no digits to read
            continue
        used.add(id(figure))
        if not figure.fact and not figure.target:
            counts["left"] += 1
        elif right(figure, known, catalogue):
            counts["right"] += 1
        else:
            counts["wrong"] += 1
    return counts


@pytest.mark.parametrize("name", sorted(REACHED))
def test_the_real_bulletins_figures_are_placed_as_far_as_reached(name, bulletin_excerpt):
    counts = tally(name, bulletin_excerpt(name))
    at_least, at_most, _ = REACHED[name]
    assert counts["right"] >= at_least, counts
    assert counts["wrong"] <= at_most, counts
    # every expected figure is in the report, placed or left: none silently dropped
    assert counts["right"] + counts["wrong"] + counts["left"] + counts["missing"] == len(
        json.loads((BULLETINS / name / "expect.json").read_text(encoding="utf-8"))
    )


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(reason=REACHED[n][2], strict=True))
        if REACHED[n][0] < 0.9 * len(json.loads((BULLETINS / n / "expect.json").read_text()))
        or REACHED[n][1]
        else n
        for n in sorted(REACHED)
    ],
)
def test_the_goal_ninety_percent_right_and_none_wrong(name, bulletin_excerpt):
    counts = tally(name, bulletin_excerpt(name))
    assert counts["right"] >= 0.9 * counts["figures"], counts
    assert counts["wrong"] == 0, counts
