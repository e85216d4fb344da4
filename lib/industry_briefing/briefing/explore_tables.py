"""The explore notebook's words and tables: its title, what was loaded, headings, and the long
frames of analysis.explore as numeric tables (frames.NumericTable) under headers in the
language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from industry_briefing.analysis.explore import Explorer
from industry_briefing.briefing import formatting, phrases, quantities
from industry_briefing.briefing.frames import Kind, NumericTable
from industry_briefing.briefing.labels import DEFAULT_LANG, label, month_span
from industry_briefing.core.periods import Period


def title(explorer: Explorer, lang: str = DEFAULT_LANG) -> str:
    periods = explorer.periods
    return label(
        "explore.title",
        lang,
        region=label("row.separator", lang).join(explorer.regions),
        first=str(periods[0]),
        last=str(periods[-1]),
    )


def loaded_text(explorer: Explorer, lang: str = DEFAULT_LANG) -> str:
    """What the warehouse holds, what was read into it now, and what could not be read."""
    periods = explorer.periods
    lines = [
        label(
            "explore.loaded",
            lang,
            regions=label("row.separator", lang).join(explorer.regions),
            count=len(explorer.releases),
            first=str(periods[0]),
            last=str(periods[-1]),
        )
    ]
    ingested = explorer.stocked.ingested
    if ingested:
        shown = ", ".join(str(p) for p in ingested)
        lines.append(label("explore.ingested", lang, count=len(ingested), periods=shown))
    lines += [
        label("explore.unreadable", lang, period=str(period), problem=problem)
        for period, problem in explorer.stocked.unreadable.items()
    ]
    return "\n\n".join(lines)


def progress_printer(lang: str = DEFAULT_LANG) -> Callable[[int, int, Period], None]:
    """A line per period read into the warehouse (a fresh clone reads the whole year)."""

    def told(done: int, total: int, period: Period) -> None:
        print(label("explore.ingesting", lang, period=period, done=done + 1, total=total))

    return told


def heading(key: str, lang: str = DEFAULT_LANG) -> str:
    """A section heading of the explore notebook, as Markdown."""
    return f"## {label(f'explore.heading.{key}', lang)}"


def indicator_name(explorer: Explorer, code: str, lang: str = DEFAULT_LANG) -> str:
    return phrases.name_of(explorer.catalogue().indicators[code], lang)


def unit_name(unit: str, lang: str = DEFAULT_LANG) -> str:
    """A unit as the language names it (the input's own where the labels have none; a count
    in English has no name)."""
    return quantities.unit_name(unit, lang)


def indicator_table(frame: pd.DataFrame, lang: str = DEFAULT_LANG) -> NumericTable:
    """One indicator release by release: cumulative, single-month, last year, growth. Its
    figures are shown in the unit they were entered in (amounts in the language's unit)."""
    unit = str(frame["unit"].iloc[0]) if not frame.empty else MONEY
    columns: dict[str, tuple[str, Kind]] = {
        "region": ("region", "text"),
        "period": ("period", "text"),
        "value": ("value", "amount"),
        "single_month": ("single_month", "amount"),
        "covered": ("covered", "text"),
        "last_year_value": ("last_year_value", "amount"),
        "last_year_given": ("last_year_given", "flag"),
        "growth_pct": ("growth_pct", "number"),
        "growth_official": ("growth_official", "flag"),
        "annual_target": ("annual_target", "amount"),
        "completion_pct": ("completion_pct", "number"),
        "provenance": ("provenance", "provenance"),
    }
    shown = table(frame, columns, lang, unit=unit_name(unit, lang))
    if unit == MONEY:
        return shown
    in_unit = {
        header: _in_entered_unit(unit, lang)
        for header, kind in shown.formats.items()
        if kind == "amount"
    }
    return NumericTable(shown.frame, {**shown.formats, **in_unit}, shown.total)


MONEY = "亿元"  # the stored unit of amounts


def _in_entered_unit(unit: str, lang: str) -> Callable[[Any], str]:
    """A stored (canonical) figure shown rounded half-up in the unit it was entered in."""
    return lambda value: formatting.format_number(phrases.number_in(float(value), unit, lang))


def item_table(
    frame: pd.DataFrame, columns: dict[str, Kind], lang: str = DEFAULT_LANG
) -> NumericTable:
    """A long frame's item columns (park, district …) then its measures; amounts in 亿元.
    A project's completion is of its annual plan, not of a target."""
    headers = {name: HEADER_OF.get((name, "annual_plan" in frame), name) for name in columns}
    return table(
        frame,
        {name: (headers[name], kind) for name, kind in columns.items()},
        lang,
        unit=label("chart.amount_unit", lang),
    )


# (column, the frame has an annual plan) -> the header's key, where it is not the column's.
HEADER_OF = {("completion_pct", True): "plan_completion_pct"}


PARK_COLUMNS: dict[str, Kind] = {
    "park": "text",
    "district": "text",
    "period": "text",
    "annual_target": "amount",
    "value": "amount",
    "completion_pct": "number",
    "single_month": "amount",
    "covered": "text",
    "provenance": "provenance",
}
DISTRICT_COLUMNS: dict[str, Kind] = {
    "district": "text",
    "period": "text",
    "value": "amount",
    "single_month": "amount",
    "covered": "text",
    "last_year_value": "amount",
    "growth_pct": "number",
    "growth_official": "flag",
    "annual_target": "amount",
    "completion_pct": "number",
    "provenance": "provenance",
}
ENTERPRISE_COLUMNS: dict[str, Kind] = {
    "enterprise": "text",
    "district": "text",
    "industry": "text",
    "period": "text",
    "value": "amount",
    "single_month": "amount",
    "last_year_value": "amount",
    "growth_pct": "number",
    "growth_official": "flag",
    "status": "production_status",
    "utilization_pct": "number",
    "issue": "text",
    "provenance": "provenance",
}
PROJECT_COLUMNS: dict[str, Kind] = {
    "project": "text",
    "district": "text",
    "park": "text",
    "period": "text",
    "stage": "stage",
    "total_investment": "amount",
    "annual_plan": "amount",
    "value": "amount",
    "single_month": "amount",
    "completion_pct": "number",
    "capacity_reached": "text",
    "issue": "text",
    "provenance": "provenance",
}


def table(
    frame: pd.DataFrame,
    columns: dict[str, tuple[str, Kind]],
    lang: str,
    unit: str,
) -> NumericTable:
    """{column: (header key of labels' frame.column, Kind)}, `covered` derived for display
    (the months a single-month value covers); the numbers untouched."""
    source = frame.assign(covered=_covered(frame, lang)) if "single_month_from" in frame else frame
    present = {name: spec for name, spec in columns.items() if name in source.columns}
    headers = {
        name: label(f"frame.column.{key}", lang, unit=unit) for name, (key, _) in present.items()
    }
    shown = source[list(present)].rename(columns=headers).reset_index(drop=True)
    return NumericTable(shown, {headers[name]: kind for name, (_, kind) in present.items()})


def _covered(frame: pd.DataFrame, lang: str) -> pd.Series:
    """The months a single-month value covers (4-5月), none where it has none."""
    spans = [
        None if pd.isna(first) else month_span(int(first), int(month), lang)
        for first, month in zip(frame["single_month_from"], frame["month"], strict=True)
    ]
    return pd.Series(spans, index=frame.index, dtype="object")


def model_frames_table(frames: dict[str, pd.DataFrame], lang: str = DEFAULT_LANG) -> NumericTable:
    """The model's numeric frames: the name code reaches each by, its rows, its columns and
    what it holds."""
    listing = pd.DataFrame(
        {
            "name": list(frames),
            "rows": [len(f) for f in frames.values()],
            "columns": [", ".join(map(str, f.columns)) for f in frames.values()],
            "holds": [
                label(f"explore.frames.{name.split('.', 1)[1].replace('.', '_')}", lang)
                for name in frames
            ],
        }
    )
    kinds: dict[str, Kind] = {"name": "text", "rows": "count", "columns": "text", "holds": "text"}
    return table(listing, {name: (name, kind) for name, kind in kinds.items()}, lang, unit="")
