"""Products' output in a sentence of products (从主要工业产品产量看,1-8月,全州原煤产量达到
1647.31万吨,同比增长22.7%,…产黄金6330千克,增长0.3%): a physical amount whose clause names a
product and no indicator, and the growth right after it, rows of products.csv.

A product is no indicator of the catalogue: it is recognised by its unit (mass, volume or
energy: 万吨, 千克, 千升, 亿千瓦时) and by its clause, which holds its name and nothing else but
a verb (完成, 达到) and 产/产量. A clause naming an indicator (发电量达到153.72亿度, 工业用电量
17461.9万千瓦时), a place or a group (兴义市原煤, 其中…), a quantity that is no product's
(货运量), or a horizon other than the period's own (8月份) is left to the indicators' grammar.
"""

from __future__ import annotations

import re

from industry_briefing.contract import units
from industry_briefing.contract.catalogue import Catalogue
from industry_briefing.ingest.text.figure import Figure
from industry_briefing.ingest.text.normalise import months_of
from industry_briefing.ingest.text.placing import Named, clause_start

_FAMILIES = ("mass", "volume", "energy")  # what products are counted in; money never
# The sentence says it lists products (主要工业产品产量, 原煤产量, 生产), or the clause (产黄金).
_OF_PRODUCTS = re.compile(r"产品|产量|生产")
_CLAUSE = re.compile(
    r"(?:全[省市州县区盟旗])?(?:共|累计)?(?P<made>生产|产)?(?P<name>[\u4e00-\u9fff]{1,8}?)"
    r"(?:产量)?(?:累计)?(?:完成|实现|达到|达|为)?"
)
# Not a product's name: a place, a group, a firm, a quantity (货运量, 用电), a total.
_NOT_A_PRODUCT = re.compile(
    r"[省市州县区镇乡园厂量]|企业|公司|集团|项目|产业|行业|板块|其中|用电|供电|合计|总计|工业$"
)
_GROWTH = re.compile(r"(?:同比)?(?P<way>增长|增加|提高|下降|减少)了?")
_PERIODS = re.compile(r"\d{1,2}-\d{1,2}月|\d{1,2}月(?:份)?|上半年|前三季度|一季度|当月")


def products(
    found: list[Figure],
    named: list[Named],
    catalogue: Catalogue,
    where: tuple[int, tuple[str, ...]],
) -> None:
    """Each product's amount and the growth right after it, as `Figure.product`; `where` the
    period's month and the words that name the region itself."""
    for number, figure in enumerate(found):
        name = _product(figure, named, catalogue, where)
        if not name:
            continue
        figure.product = _row(figure, name, "value", figure.number)
        figure.left = None
        following = found[number + 1] if number + 1 < len(found) else None
        if following is not None and following.left is None:
            _growth(following, name)


def _product(
    figure: Figure, named: list[Named], catalogue: Catalogue, where: tuple[int, tuple[str, ...]]
) -> str:
    """The product an amount is of, or '' where its clause says something else."""
    month, region = where
    if figure.left is not None or units.UNIT_FAMILY.get(figure.unit) not in _FAMILIES:
        return ""
    sentence = figure.sentence
    start = clause_start(sentence, figure.start)
    family = units.UNIT_FAMILY[figure.unit]
    # an indicator named in the clause, or of the amount's family before it, is its subject
    if any(start <= n.start < figure.start for n in named):
        return ""
    if any(n.start < start and n.code and _family(n, catalogue) == family for n in named):
        return ""
    words = sentence[start : figure.start]
    for own in sorted(region, key=len, reverse=True):
        words = words.replace(own, "")
    clause = _CLAUSE.fullmatch(words)
    if clause is None or _NOT_A_PRODUCT.search(clause["name"]):
        return ""
    if not (clause["made"] or _OF_PRODUCTS.search(sentence[: figure.start])):
        return ""
    periods = _PERIODS.findall(sentence[:start])
    if periods and months_of(periods[-1]) != (1, month):
        return ""  # 8月份: the month alone, which products.csv (cumulative) does not hold
    return clause["name"]


def _family(name: Named, catalogue: Catalogue) -> str:
    return catalogue.indicators[name.code].entry.family


def _growth(figure: Figure, name: str) -> None:
    """同比增长22.7% right after the amount: its growth (下降: negative), or 增长1.2倍."""
    clause = figure.sentence[clause_start(figure.sentence, figure.start) : figure.start]
    moved = _GROWTH.fullmatch(clause)
    if moved is None or figure.unit not in ("%", "倍"):
        return
    down = moved["way"] in ("下降", "减少")
    if figure.unit == "倍" and down:
        return  # 下降1倍 says no rate
    value = f"-{figure.number}" if down and not figure.number.startswith("-") else figure.number
    measure = "growth" if figure.unit == "%" else "growth_times"
    figure.product = _row(figure, name, measure, value)


def _row(figure: Figure, name: str, measure: str, value: str) -> dict[str, str]:
    unit = {"value": figure.unit, "growth": "%"}.get(measure, "")
    return {
        "product": name,
        "measure": measure,
        "value": value,
        "unit": unit,
        "note": figure.sentence,
    }
