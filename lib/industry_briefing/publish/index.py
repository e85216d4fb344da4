"""reports/index.html: every period's briefing with its headline figures and status, newest
first, and the trend across the periods. Built from the periods' manifests alone."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from industry_briefing.briefing import labels
from industry_briefing.core import settings
from industry_briefing.core.periods import Period, period_folders
from industry_briefing.core.settings import DEFAULT_LANG, TOPICS
from industry_briefing.publish import manifest as manifests

INDEX = "index.html"


@dataclass(frozen=True)
class RegionReports:
    name: str
    reports_dir: Path  # holds the PERIOD folders
    link_prefix: str  # from index.html to reports_dir ('' when they are the same folder)


def write_index(destination: Path, regions: list[RegionReports], lang: str = DEFAULT_LANG) -> Path:
    """Write the index page (one file, offline) beside the reports it links to.

    Its words are the labels' `index` group of `lang` (the briefings' own texts, quoted in
    its rows, are in the language they were rendered in)."""
    import jinja2

    # Autoescaped: region names, indicator names and error messages come from the input.
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(settings.TEMPLATES_DIR / "index"), autoescape=True
    )
    words = labels.lookup("index", lang)
    page = environment.get_template("index.html.j2").render(
        lang=lang,
        words=words,
        scroll_hint=labels.label("page.scroll_hint", lang),
        regions=[_region(r, lang) for r in regions],
        generated_at=manifests.now_utc(),
    )
    tmp = destination.with_suffix(".html.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(destination)
    return destination


def _region(region: RegionReports, lang: str) -> dict:
    folders = reversed(period_folders(region.reports_dir).values())  # newest first
    rows = [row for folder in folders if (row := _row(region, folder, lang)) is not None]
    names: list[str] = next((r["names"] for r in rows if r["names"]), [])
    return {
        "name": region.name or next((r["region"] for r in rows if r["region"]), ""),
        "indicator_names": names,
        "rows": rows,
        "trend_svg": _trend_svg(rows, lang),
        "trend_svg_narrow": _trend_svg(rows, lang, narrow=True),
    }


def _row(region: RegionReports, folder: Path, lang: str) -> dict | None:
    good = manifests.read(folder)
    last = manifests.read(folder, manifests.LAST_RUN) or {}
    if good is None and not last:
        return None
    indicators = (good or {}).get("headline", {}).get("indicators", [])
    # A relative link, percent-encoded: a folder's name cannot make it "javascript:…".
    prefix = quote(f"{region.link_prefix}{folder.name}/")
    return {
        "period": folder.name,
        "label": (good or {}).get("label") or Period.parse(folder.name).label,
        "region": (good or {}).get("region", ""),
        "names": [item["name"] for item in indicators],
        "indicators": indicators,
        "notes": (good or {}).get("headline", {}).get("notes", ""),
        "failed": last.get("status") == "failed",
        "error": last.get("error", ""),
        "has_report": good is not None,
        "html": prefix + "briefing.html",
        "pdf": prefix + "briefing.pdf" if (folder / "briefing.pdf").exists() else "",
        "topics": [
            (labels.label(f"index.topic.{topic}", lang), prefix + f"{topic}.html")
            for topic in TOPICS
            if (folder / f"{topic}.html").exists()
        ],
    }


TREND_WIDTH = 560
TREND_NARROW_WIDTH = 270  # with its y axis, within a 360 px screen less the page's margins


def _trend_svg(rows: list[dict], lang: str, narrow: bool = False) -> str:
    """Completion of each annual target across the periods (static SVG, drawn offline).

    `narrow`: drawn for a phone's screen (the page shows it there instead), as narrow as the
    screen and its legend below, so that its text is read at full size, not scaled down."""
    points = [
        {
            "period": row["label"],
            "order": row["period"],
            "name": item["name"],
            "completion": item["completion_pct"],
        }
        for row in rows
        for item in row["indicators"]
        if item.get("completion_pct") is not None
    ]
    if len({p["order"] for p in points}) < 2:
        return ""
    import altair as alt
    import pandas as pd
    import vl_convert

    from industry_briefing.briefing import charts

    def word(key: str) -> str:
        return labels.label(f"index.{key}", lang)

    charts.use_briefing_style()
    width = TREND_NARROW_WIDTH if narrow else TREND_WIDTH
    legend = alt.Legend(orient="bottom") if narrow else alt.Legend(orient="right")
    chart = (
        alt.Chart(pd.DataFrame(points))
        .mark_line(point=True)
        .encode(
            x=alt.X("period:N", sort=alt.EncodingSortField("order"), title=word("trend_x")),
            y=alt.Y("completion:Q", title=word("trend_y")),
            color=alt.Color("name:N", title=None, legend=legend),
        )
        .properties(title=word("trend_title"), width=width, height=240)
    )
    return vl_convert.vegalite_to_svg(chart.to_dict())
