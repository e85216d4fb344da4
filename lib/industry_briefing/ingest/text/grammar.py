"""The sentence patterns of a bulletin, one place: each number of a normalised text read as a
candidate fact (its measure, unit, part, horizon, comparison: fact.py places one figure) or
left with the reason why, then the patterns that tie a sentence's figures together (lists.py,
segments.py, products.py, groups.py) in the order they build on each other.

The patterns, each tested on the real texts (tests/ingest/test_text_grammar.py):
指标 + 完成/实现 + value + unit; 同比增长/下降 N%; 增长N倍; 为/占全年目标的 N%; 占…的 N%;
比/较/高于 X N个百分点; 拉动 N个百分点; 居/排全省第N位; A、B和C … 分别 N1、N2和N3; 其中.
"""

from __future__ import annotations

import re
from functools import partial

from industry_briefing.contract import units
from industry_briefing.contract.catalogue import Catalogue
from industry_briefing.ingest.text.comparisons import changes_of
from industry_briefing.ingest.text.fact import PERIOD, Where, place, place_as, statuses
from industry_briefing.ingest.text.figure import Figure
from industry_briefing.ingest.text.groups import project_groups
from industry_briefing.ingest.text.lists import (
    awarded,
    continued,
    counts_before,
    indicator_said_after,
    lists,
    of_which,
    parallel_parts,
    shares_before,
    streaks,
    unnamed_parts,
)
from industry_briefing.ingest.text.placing import (
    ABOVE_SIZE,
    COUNT_UNITS,
    masked,
    named_in,
    subject_names,
)
from industry_briefing.ingest.text.products import products
from industry_briefing.ingest.text.segments import (
    counted_parts,
    counts_after,
    group_floor,
    paren_counts,
    parts_past,
    rank_lists,
    segments,
)
from industry_briefing.ingest.text.tables import caption_before, read_table, table_lines

_AMOUNT_UNITS = tuple(sorted(units.ALL_UNITS, key=len, reverse=True))
_UNITS = ("个百分点", "个月", "%", "倍", *_AMOUNT_UNITS, *COUNT_UNITS, "位", "名")
_NUMBER = re.compile(
    r"(?P<rank>第)?(?P<number>(?<![\d.])-?\d+(?:\.\d+)?)"
    r"(?P<unit>" + "|".join(re.escape(u) for u in _UNITS if u) + r"|[亿万](?![\u4e00-\u9fff])"
    r"|年|月|日|时|号|期|次)?"
)
_DATE = re.compile(r"(?:\d{4}年)?\d{1,2}月\d{1,2}日|\d{4}[-.]\d{1,2}[-.]\d{1,2}")
# A short line with no sentence's punctuation: a title (贵阳1-5月实现工业增加值286亿元).
_HEADLINE = re.compile(r"[^。，,；;：:|]{4,40}")
_SENTENCE_END = re.compile(r"[。！？!?\n|]")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def read_figures(
    text: str, catalogue: Catalogue, period_month: int, region: tuple[str, ...] = ()
) -> list[Figure]:
    """Every number of the (normalised) text, sentence by sentence and table by table, placed
    or left; `region` the words that name the region itself (义乌市, 义乌), never a part."""
    figures: list[Figure] = []
    seen: set[str] = set()  # the indicators named so far
    lines = text.split("\n")
    done = 0
    for first, end in [*table_lines(lines), (len(lines), len(lines))]:
        for number, line in enumerate(lines[done:first], start=done):
            body = "\n".join(lines[:number] + lines[number + 1 :])
            if _HEADLINE.fullmatch(line.strip()) and _restated(line.strip(), body):
                figures.extend(_headline(line.strip()))
                continue
            announced = ""  # 8月份当月…: the month a figureless sentence says its next is of
            for sentence in sentences(line):
                where = (period_month, region, seen)
                read = _sentence(sentence, catalogue, where, figures)
                _of_the_month(read, announced)
                announced = _announced(read)
                figures.extend(read)
        caption = caption_before(lines, first)
        for cell in read_table(lines[first:end], caption, catalogue):
            unit = "%" if cell.fact.get("unit") == "%" else ""
            left = None if cell.fact else "no_indicator"
            figures.append(
                Figure(cell.printed, cell.printed, unit, cell.line, cell.start, cell.fact, left)
            )
        done = end
    return figures


def _announced(read: list[Figure]) -> str:
    """8月份当月食品、医药等优势产业和装备制造业保持快速增长: a sentence of no figure but its
    month alone (当月, said on purpose: 5月份我市工业… is the bulletin's month, not the month
    alone) announces the next sentence's horizon."""
    if any(f.left != "period" for f in read):
        return ""
    return next((f.printed for f in reversed(read) if f.printed.endswith("当月")), "")


def _of_the_month(read: list[Figure], announced: str) -> None:
    """The announced month is the horizon of the next sentence's figures that say none."""
    for figure in read if announced else []:
        said = PERIOD.search(masked(figure.sentence[: figure.start]))
        if figure.fact and not figure.fact.get("horizon") and not said:
            figure.fact["horizon"] = announced


def _restated(line: str, body: str) -> bool:
    """Every figure of a headline is printed again in the body."""
    figures = [f for f in _numbers(line) if f.left is None]
    return bool(figures) and all(f.printed in body for f in figures)


def _headline(line: str) -> list[Figure]:
    """A headline's figures are the body's, said again there with their sentence: left."""
    found = _numbers(line)
    for figure in found:
        figure.left = figure.left or "headline"
    return found


def _sentence(
    sentence: str,
    catalogue: Catalogue,
    where: Where,
    figures: list[Figure],
) -> list[Figure]:
    """A sentence's figures; `seen` (in `where`) learns what it named and placed."""
    seen = where[2]
    named = named_in(sentence, catalogue, figures[-1].sentence if figures else "")
    if ABOVE_SIZE.search(sentence) and "全部工业" not in sentence:
        seen.add("above_size")
    found = _numbers(sentence)
    products(found, named, catalogue, where[:2])
    for figure in found:
        if any(n.start <= figure.start < n.end for n in named):
            figure.left = "name"  # 新增产值过10亿元企业: a word of a name, not a figure
        if figure.left is None and not figure.product:
            place(figure, named, catalogue, where)
    continued(found, named, figures, partial(place, catalogue=catalogue, where=where))
    segments(found, named, figures, partial(place_as, catalogue=catalogue, where=where))
    paren_counts(found)
    shares_before(found)
    lists(found, named)
    rank_lists(found)
    group_floor(found, named)
    awarded(found, named, {c for c, i in catalogue.indicators.items() if i.entry.family == "count"})
    counts_before(found)
    counts_after(found)
    streaks(found)
    parts_past(found, named)
    indicator_said_after(found)
    parallel_parts(found)
    of_which(found, sentence, {f.fact.get("indicator") for f in figures[-12:] if f.fact})
    unnamed_parts(found, named)
    counted_parts(found)
    project_groups(found, named, where[1])
    changes_of(found)
    statuses(found)
    # what the sentence's figures were placed as (工业总产值 read as 规上 stays 规上)
    seen.update(f.fact["indicator"] for f in found if f.fact)
    seen.update(subject_names(sentence, named) - {"industrial_output_all"})
    return found


def _figure(match: re.Match[str], sentence: str) -> Figure:
    unit = match["unit"] or ""
    figure = Figure(match.group(), match["number"], unit, sentence, match.start())
    if match["rank"] and unit in ("位", "名"):
        figure.unit = "位"
    elif match["rank"]:
        figure.left = "ambiguous"  # 第3 without 位: a list's item, a 期 …
    elif unit in ("年", "月", "日", "时", "号", "期", "次"):
        figure.left = "date"
    elif unit in ("位", "名"):
        figure.left = "ambiguous"
    elif not unit:
        figure.left = "no_unit"
    elif re.match(r"(?:以上|以下|左右|规模口径|口径)", sentence[match.end() :]) or re.search(
        r"(?:超过|不低于|不少于)$", sentence[: match.start()]
    ):
        figure.left = "ambiguous"  # 保持在7%以上: a threshold, not the figure itself
    return figure


def _numbers(sentence: str) -> list[Figure]:
    """The sentence's numbers in order; a period expression (1-6月, 8月份) is one, left as the
    horizon of the figures after it, not a figure itself."""
    dates = list(_DATE.finditer(sentence))
    periods = [
        m
        for m in PERIOD.finditer(sentence)
        if re.search(r"\d", m.group()) and not any(d.start() <= m.start() < d.end() for d in dates)
    ]
    found = [Figure(m.group(), m.group(), "日", sentence, m.start(), left="date") for m in dates]
    found += [
        Figure(m.group(), m.group(), "月", sentence, m.start(), left="period") for m in periods
    ]
    taken = [(m.start(), m.end()) for m in (*dates, *periods)]
    for match in _NUMBER.finditer(sentence):
        if not any(a <= match.start() < b for a, b in taken):
            found.append(_figure(match, sentence))
    return sorted(found, key=lambda f: f.start)
