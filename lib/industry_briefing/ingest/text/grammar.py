"""The sentence patterns of a bulletin, one place: each number of a normalised text read as a
candidate fact (its measure, unit, part, horizon, comparison) or left with the reason why.

The patterns, each tested on the real texts (tests/ingest/test_text_grammar.py):
指标 + 完成/实现 + value + unit; 同比增长/下降 N%; 增长N倍; 为/占全年目标的 N%; 占…的 N%;
比/较/高于 X N个百分点; 拉动 N个百分点; 居/排全省第N位; A、B和C … 分别 N1、N2和N3; 其中.
"""

from __future__ import annotations

import re
from functools import partial

from industry_briefing.contract import units
from industry_briefing.contract.catalogue import Catalogue
from industry_briefing.ingest.text.comparisons import (
    changes_of,
    difference_of,
    reference_of,
    target_row,
)
from industry_briefing.ingest.text.figure import Figure
from industry_briefing.ingest.text.lists import (
    SCOPE_WORDS,
    continued,
    counts_before,
    elided_part,
    lists,
    marks_after,
    of_which,
    parallel_parts,
    shares_before,
    statuses,
    streaks,
    unnamed_parts,
)
from industry_briefing.ingest.text.normalise import months_of
from industry_briefing.ingest.text.placing import (
    ABOVE_SIZE,
    COUNT_UNITS,
    Named,
    clause_start,
    masked,
    named_in,
    subject_names,
    subject_of,
)
from industry_briefing.ingest.text.segments import (
    counts_after,
    group_floor,
    paren_counts,
    rank_lists,
    segments,
)
from industry_briefing.ingest.text.tables import caption_before, read_table, table_lines

_AMOUNT_UNITS = tuple(sorted(units.ALL_UNITS, key=len, reverse=True))
_UNITS = ("个百分点", "个月", "%", "倍", *_AMOUNT_UNITS, *COUNT_UNITS, "位", "名")
_NUMBER = re.compile(
    r"(?P<rank>第)?(?P<number>(?<![\d.])-?\d+(?:\.\d+)?)"
    r"(?P<unit>" + "|".join(re.escape(u) for u in _UNITS if u) + r"|年|月|日|时|号|期|次)?"
)
_PERIOD = re.compile(r"\d{1,2}-\d{1,2}月|\d{1,2}月(?:份)?(?:当月)?|上半年|前三季度|一季度|当月")
_DATE = re.compile(r"(?:\d{4}年)?\d{1,2}月\d{1,2}日|\d{4}[-.]\d{1,2}[-.]\d{1,2}")
# A short line with no sentence's punctuation: a title (贵阳1-5月实现工业增加值286亿元).
_HEADLINE = re.compile(r"[^。，,；;：:|]{4,40}")
_SENTENCE_END = re.compile(r"[。！？!?\n|]")
_AREA = re.compile(r"全[市县州区省盟旗]")
_DOWN = re.compile(r"下降|减少|降低|回落|负增长|减")
_UP = re.compile(r"增长|增速|增幅|提高|上升|提升|增加")
_AIMED = re.compile(r"争取|力争|确保|将达到|预期|计划|目标|任务|开门红")
_NEEDED = re.compile(r"(?:需|少)完成$|差$")  # what remains to be done: 月均需完成, 差
_TARGET = re.compile(r"(?:全年|年度|年|年初)?[^，,。；;占为的]{0,8}?(?:预期)?(?:目标|任务|计划)")
_THRESHOLD_SCOPE = re.compile(r"\d+万元?以上(?:口径)?")


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
            for sentence in sentences(line):
                where = (period_month, region, seen)
                figures.extend(_sentence(sentence, catalogue, where, figures))
        caption = caption_before(lines, first)
        for cell in read_table(lines[first:end], caption, catalogue):
            unit = "%" if cell.fact.get("unit") == "%" else ""
            left = None if cell.fact else "no_indicator"
            figures.append(
                Figure(cell.printed, cell.printed, unit, cell.line, cell.start, cell.fact, left)
            )
        done = end
    return figures


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
    where: tuple[int, tuple[str, ...], set[str]],
    figures: list[Figure],
) -> list[Figure]:
    """A sentence's figures; `seen` (in `where`) learns what it named and placed."""
    seen = where[2]
    named = named_in(sentence, catalogue, figures[-1].sentence if figures else "")
    if ABOVE_SIZE.search(sentence) and "全部工业" not in sentence:
        seen.add("above_size")
    found = _numbers(sentence)
    for figure in found:
        if any(n.start <= figure.start < n.end for n in named):
            figure.left = "name"  # 新增产值过10亿元企业: a word of a name, not a figure
        if figure.left is None:
            _place(figure, named, catalogue, where)
    continued(found, named, figures, partial(_place, catalogue=catalogue, where=where))
    segments(found, named, figures, partial(_place_as, catalogue=catalogue, where=where))
    paren_counts(found)
    shares_before(found)
    lists(found, named)
    rank_lists(found)
    group_floor(found, named)
    counts_before(found)
    counts_after(found)
    streaks(found)
    parallel_parts(found)
    of_which(found, sentence, {f.fact.get("indicator") for f in figures[-12:] if f.fact})
    unnamed_parts(found, named)
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
        for m in _PERIOD.finditer(sentence)
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


def _place(
    figure: Figure,
    named: list[Named],
    catalogue: Catalogue,
    where: tuple[int, tuple[str, ...], set[str]],
) -> None:
    at = (figure.start, figure.printed, figure.unit)
    subject = subject_of(figure.sentence, at, named, catalogue, where[2])
    if subject is None:
        figure.left = "no_indicator"
        return
    _place_as(figure, subject, catalogue, where)


def _place_as(
    figure: Figure,
    subject: Named,
    catalogue: Catalogue,
    where: tuple[int, tuple[str, ...], set[str]],
) -> None:
    """The figure placed as a fact of `subject`'s indicator (or a target, or left)."""
    month, region, _ = where
    figure.left = None
    family = catalogue.indicators[subject.code].entry.family
    reference = reference_of(figure)
    measure = "growth" if reference else _measure(figure, family)
    if family == "percent" and measure == "growth":  # 增长面达96.2%: the rate itself
        words = figure.sentence[subject.end : figure.start]
        measure = measure if _UP.search(words) or _DOWN.search(words) else "value"
    clause = figure.sentence[clause_start(figure.sentence, figure.start) : figure.start]
    rest = re.split(r"[，,；;]", figure.sentence[figure.start :])[0]
    after = figure.sentence[figure.start + len(figure.printed) :]
    excess = measure == "value" and re.search(r"超[^，,]*(?:目标|任务|计划)|[多少]了?$", clause)
    if measure == "value" and _NEEDED.search(clause):
        figure.left = "needed"  # 后10个月月均需完成107.59亿元: not a result
        return
    aimed = _AIMED.search(clause) or after.startswith("目标")
    rate = measure == "growth" and figure.unit == "%"  # 确保目标下降5.3%: a target's growth
    if not excess and aimed and (measure == "value" or rate):
        # 全年目标120亿元, 省下达320亿元目标, 争取达到138亿元: a target, not a result
        figure.left = "target"
        figure.target = target_row(figure, subject.code, clause + figure.printed + after[:4], month)
        if rate:
            growth = _value(figure, "growth")["value"]
            figure.target.update(amount="", unit="", growth_pct=growth)
        return
    if (
        measure is None
        or excess
        or (measure == "count" and re.search(r"超过|以上|以下|接近", rest))
    ):
        # 超省下达目标21亿元: an excess, not the amount; 6个县增速接近或超过80%: a count of
        # parts past a threshold, which no measure holds
        figure.left = "ambiguous"
        return
    fact = {"indicator": subject.code, "measure": measure, "note": figure.sentence}
    if reference:
        fact.update(dimension="参照地区", part=reference)
    fact.update(_value(figure, measure))
    if not reference:
        fact.update(_whose(figure, subject, region))
    fact.update(_comparison(figure, measure))
    horizon = _horizon(figure.sentence[: figure.start], month)
    if horizon:
        fact["horizon"] = horizon
    if "预计" in figure.sentence[: figure.start]:  # 预计完成…: an estimate, not a count
        fact["status"] = "预计数"
    fact.update(marks_after(after))
    figure.fact = {k: v for k, v in fact.items() if v}


def _measure(figure: Figure, family: str) -> str | None:
    before = figure.sentence[clause_start(figure.sentence, figure.start) : figure.start]
    unit = figure.unit
    if unit == "位":
        return _rank_measure(before, figure.sentence[: figure.start])
    if unit == "倍":
        return "growth_times" if re.search("增长|提高|增加", before[-4:]) else "ratio_times"
    if unit == "个百分点":
        return "pull" if "拉动" in before else ("share" if "比重" in before else "growth")
    if unit in COUNT_UNITS:
        return "value" if family == "count" else "count"
    if unit == "%":
        # 增速均超过20%，分别达到34.4%: the list's measure is said in the clause before
        if "分别" in before and not _UP.search(before):
            before = figure.sentence[: figure.start]
        return _percent_measure(before, family)
    if unit in units.ALL_UNITS:
        return "value" if units.UNIT_FAMILY.get(unit) == family else None
    return None


def _rank_measure(clause: str, sentence: str) -> str:
    """增速排全省第6位, 总量居全省第5位; a clause saying neither (排名全省第17位) ranks what
    the sentence spoke of last."""
    words = re.findall(r"增速|增幅|增长|总量|规模", clause) or re.findall(
        r"增速|增幅|增长|总量|规模", sentence
    )
    return "value_rank" if not words or words[-1] in ("总量", "规模") else "growth_rank"


def _percent_measure(before: str, family: str) -> str | None:
    if "贡献率" in before:
        return "contribution"
    if re.search("目标|任务|计划", before) and not _UP.search(before):
        return "completion"
    if "占" in before or "比重" in before:
        return "share"
    if _UP.search(before) or _DOWN.search(before):
        return "growth"
    return "value" if family == "percent" else None


def _value(figure: Figure, measure: str) -> dict[str, str]:
    before = figure.sentence[clause_start(figure.sentence, figure.start) : figure.start]
    number = figure.number
    down = _DOWN.search(before)
    if measure == "growth" and figure.unit == "%" and down and not _UP.search(before[down.end() :]):
        number = number if number.startswith("-") else f"-{number}"
    if figure.unit == "个百分点" and measure != "pull":
        return {"difference": number.lstrip("-"), "difference_unit": "个百分点", "unit": "%"}
    unit = "" if figure.unit in ("位", "倍", "个百分点") else figure.unit  # pull: points
    return {"value": number, "unit": unit}


def _whose(figure: Figure, subject: Named, region: tuple[str, ...]) -> dict[str, str]:
    """A part when words other than scope and period words stand before the indicator's
    name in its clause (电子信息产业实现产值 … : the part 电子信息产业)."""
    sentence = figure.sentence
    start = clause_start(sentence, subject.start)
    words = _PERIOD.sub("", SCOPE_WORDS.sub("", sentence[start : subject.start]))
    for name in sorted(region, key=len, reverse=True):
        words = words.replace(name, "")
    # 500万以上工业企业: a scope (the contract's 500万元口径), kept as printed, not a part
    threshold = _THRESHOLD_SCOPE.search(words)
    words = _THRESHOLD_SCOPE.sub("", words)
    counted = re.fullmatch(r"(.+?)（[\d.]+[个户家项]）", words.strip())
    if counted:  # 8个重点产业（8个）: the group said with its count, named whole
        words = counted.group(1)
    else:
        words = re.sub(r"^.*等|[\d.]+[个户家项]|实现|完成|达到?|的|[“”\"]", "", words).strip()
    scope = threshold or _AREA.search(sentence[start : subject.start])
    found = {"scope": scope.group() if scope else ""}
    if threshold and words in ("工业企业", "企业", "工业"):
        words = ""  # 500万以上工业企业: the scope's own firms, no part
    if len(words) < 2 and re.match(r"共?(?:实现|完成)", sentence[start : subject.start]):
        words = elided_part(sentence, start)
    if len(words) >= 2 and (counted or not re.search(r"\d", words)) and words != "工业":
        found.update(dimension="分组", part=words)
    return found


def _comparison(figure: Figure, measure: str) -> dict[str, str]:
    before = figure.sentence[clause_start(figure.sentence, figure.start) : figure.start]
    if measure == "share":
        base = re.search(
            r"(?:占(?!比)|为)([^，,。；;%\d]{2,24}?)(?:的?比重|的|总量)?(?:达到?|为)?$", before
        )
        return {"base": base.group(1) if base else ""}
    if measure == "completion":
        target = _TARGET.search(before)
        # 完成全年目标120亿元的71.7%: the target's own amount, for the audit
        amount = re.search(r"(\d+(?:\.\d+)?)(亿元|万元)的?$", before)
        # 完成年度预期目标的43.53%: the target is 年度预期目标
        found = {"base": re.sub(r"^(?:完成|实现)", "", target.group()) if target else ""}
        if amount:
            found.update(reference_value=amount.group(1), base=found["base"] or "目标")
        return found
    if figure.unit == "位":
        scope = re.search(r"全[省国市州]", before)
        return {"rank_scope": scope.group() if scope else ""}
    if figure.unit != "个百分点" or measure == "pull":
        return {}
    return difference_of(before)


def _horizon(before: str, month: int) -> str:
    """The last period expression before the figure in its sentence, unless it is the period's
    own 1-N月 (the default horizon)."""
    # a period inside a comparison (比1至7月增速高) is what it is compared with, not its own
    found = [m.group() for m in _PERIOD.finditer(masked(before))]
    if not found:
        return ""

    last = found[-1]
    return "" if months_of(last) == (1, month) else last
