"""What a chart tells its reader beside its marks: the texts its tooltips show and legends that
fit its width.

A chart's data keeps its numbers (the axes scale them); beside them go the texts a tooltip
shows, as the briefing prints them: a release's period (1-9月, 2011年1-9月, never `month 9`
or 2011-09), a figure with its unit, rounded half-up as the text rounds it (930.82亿元, 93.082
billion yuan, 26.4%). A tooltip's titles are the labels' words (group `chart`), never a field's
name. A legend lays its entries out in as many columns as the chart's width holds: on a phone
(the page draws the chart again as wide as the screen) they wrap onto more rows, never off the
chart's edge.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

import altair as alt
import pandas as pd

from industry_briefing.briefing import labels
from industry_briefing.briefing.formatting import amount_shift, format_number, format_pct
from industry_briefing.briefing.quantities import unit_name
from industry_briefing.core.periods import Period
from industry_briefing.core.settings import DECIMALS

TEXT_PX = 12  # the charts' text (charts.TEXT_PX)
SYMBOL_PX = 28  # a legend entry's symbol and the gaps around it
LEGEND_LABEL_PX = 240  # a legend's label wider than this (20 Chinese characters) takes more lines
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"  # characters about a font size wide
_WIDE = re.compile(f"[{_CJK}]")
# Where a line may break: between words, between Chinese characters, never after an opening
# bracket or before a closing one or a mark of punctuation.
_PIECE = re.compile(f"[（《「【“‘〔]*[{_CJK}][）》」】”’〕，。、；：！？]*|[^\\s{_CJK}]+\\s*|\\s+")


def word(key: str, lang: str) -> str:
    """A chart word of the labels (group chart)."""
    return labels.label(f"chart.{key}", lang)


def item_title(field: str, lang: str) -> str:
    """What a chart's names are, as a tooltip heads them: 区县 for districts, 园区 for parks,
    名称 for anything else."""
    items = labels.group("chart.item", lang)
    return str(items.get(field, word("name", lang)))


def month_text(month: int, lang: str) -> str:
    """The release of month `month` as the briefing prints it: 1-9月, January–September."""
    return labels.month_span(1, int(month), lang)


def period_text(period: str, lang: str) -> str:
    """A release (YYYY-MM) with its year, as the index prints it: 2011年1-9月."""
    release = Period.parse(period)
    return labels.label(
        "quality.period", lang, year=release.year, label=labels.period_label(release, lang)
    )


def amount_text(value: float | None, lang: str) -> str:
    """An amount already in the language's unit (亿元; billion yuan in English) with its unit,
    rounded half-up to the digits the text shows: 930.82亿元, 93.082 billion yuan."""
    if value is None or pd.isna(value):
        return ""
    number = format_number(float(value), DECIMALS - amount_shift(lang))
    return labels.label("amount.phrase", lang, number=number)


def signed_amount_text(value: float | None, lang: str) -> str:
    """A difference of amounts with its sign: +0.3亿元, -0.85亿元."""
    text = amount_text(value, lang)
    return f"+{text}" if text and not text.startswith("-") and float(value or 0) != 0 else text


def rate_text(value: float | None) -> str:
    """A rate in %, rounded half-up: 26.4%."""
    return "" if value is None or pd.isna(value) else format_pct(float(value))


def quantity_text(value: float | None, unit: str, lang: str) -> str:
    """A figure already in the unit `unit` names (as the chart's axis shows it) with that unit:
    107.1亿元, 10.71 billion yuan, 26.4%; to the digits an amount shows in the language."""
    if value is None or pd.isna(value):
        return ""
    return with_unit(format_number(float(value), DECIMALS - amount_shift(lang)), unit, lang)


def with_unit(number: str, unit: str, lang: str) -> str:
    """A number's text with a unit's name as the language writes it: 107.1亿元, 26.4%, 3 kWh."""
    name = unit_name(unit, lang)
    if not name:
        return number
    if name == "%":
        return f"{number}%"
    return labels.label("quantity.phrase", lang, number=number, unit=name).strip()


def amount_expression(field: str, lang: str) -> str:
    """A Vega expression that says an amount the browser computed (a sum over the releases a
    reader chose) as `amount_text` says a stored one, trailing zeros dropped."""
    decimals = DECIMALS - amount_shift(lang)
    before, after = labels.label("amount.phrase", lang, number="\0").split("\0")
    return f"{_js(before)} + format(datum[{_js(field)}], '.{decimals}~f') + {_js(after)}"


def text_px(text: str) -> float:
    """About how wide a text is drawn at the charts' size: a Chinese character a font size,
    a Latin one a little over half of it."""
    return sum(TEXT_PX if _WIDE.match(c) else TEXT_PX * 0.6 for c in text)


def legend(names: Iterable[object], **properties: Any) -> alt.Legend:
    """A legend under the chart, its entries in as many columns as the chart's width holds
    (one a row on a phone if need be); a name wider than LEGEND_LABEL_PX is written on as
    many lines as it takes, never cut."""
    texts = [str(n) for n in names]
    longest = max((text_px(t) for t in texts), default=0.0)
    label_px = int(min(longest, LEGEND_LABEL_PX)) + 2
    column_px = label_px + SYMBOL_PX
    broken = {t: lines for t in texts if len(lines := wrapped(t, LEGEND_LABEL_PX)) > 1}
    if broken:
        mapping = json.dumps(broken, ensure_ascii=False)
        properties = {"labelExpr": f"{mapping}[datum.label] || datum.label", **properties}
    return alt.Legend(
        title=None,
        orient="bottom",
        direction="horizontal",
        columns=alt.ExprRef(expr=f"max(1, floor(width / {column_px}))"),
        labelLimit=alt.ExprRef(expr=f"max(60, min({label_px}, width - {SYMBOL_PX}))"),
        **properties,
    )


def wrapped(text: str, px: float) -> list[str]:
    """A text in lines of at most `px` drawn: broken between words, or between any two
    Chinese characters; a word wider than a line stays whole (the label's limit cuts it)."""
    lines, line = [], ""
    for piece in _PIECE.findall(text):
        if line and text_px((line + piece).rstrip()) > px:
            lines.append(line.rstrip())
            line = piece.lstrip()
        else:
            line += piece
    return [*lines, line.rstrip()] if line.strip() else lines


# A legend's mark for the tick of the expected progress: a short upright bar.
TICK_SYMBOL = "M-0.15,-1H0.15V1H-0.15Z"
RATE_LABEL_PX = 60  # room after the longest bar for its rate (100.91%), at any chart width


def room_after(ends: pd.Series, label_px: int) -> alt.Scale:
    """An x scale from zero reaching past the furthest bar by `label_px` pixels whatever the
    chart's width (the page draws it again as wide as a phone's screen), so that the rate
    written after it stays inside the plot, clear of the legend."""
    top = float(ends.max()) if len(ends) and pd.notna(ends.max()) else 0.0
    if top <= 0:
        return alt.Scale(zero=True)
    reach = alt.ExprRef(expr=f"{top} / max(0.4, 1 - {label_px} / width)")
    return alt.Scale(zero=True, nice=True, domainMin=0, domainMax=reach)


def month_x(lang: str) -> alt.X:
    """Months of the year as cumulative releases: 1月, 1-2月 … (Jan, Jan–Feb … in English)."""
    return alt.X(
        "month:O",
        title=word("month_axis", lang),
        axis=alt.Axis(labelExpr=cumulative_month_label(lang)),
    )


def cumulative_month_label(lang: str = labels.DEFAULT_LANG) -> str:
    """Axis labels of months: month m is the release 1-m月 (1月 alone; Jan, Jan–Feb … in en)."""
    names = [labels.month_span(1, month, lang, short=True) for month in range(1, 13)]
    return f"{json.dumps(names, ensure_ascii=False)}[datum.value - 1]"


def _js(text: str) -> str:
    """A JavaScript string literal."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
