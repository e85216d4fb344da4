"""reports/index.html: every period's briefing with its headline figures and status, by
region and year, newest first, and each region's trend: one line per year, so that December
is not joined to the next January. Built from the periods' manifests alone."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from industry_briefing.briefing import labels, marks
from industry_briefing.core import files, settings
from industry_briefing.core.periods import Period, period_folders
from industry_briefing.core.settings import DEFAULT_LANG, TABLES_WORKBOOK, TOPICS
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
        docx_link=labels.label("docx.link", lang),
        regions=[_region(r, lang) for r in regions],
        generated_at=manifests.now_utc(),
    )
    return files.write_whole(destination, page)  # never a cut page in place of the last


def _region(region: RegionReports, lang: str) -> dict:
    folders = reversed(period_folders(region.reports_dir).values())  # newest first
    rows = [row for folder in folders if (row := _row(region, folder, lang)) is not None]
    names: list[str] = next((r["names"] for r in rows if r["names"]), [])
    years = sorted({row["year"] for row in rows}, reverse=True)
    return {
        "name": region.name or next((r["region"] for r in rows if r["region"]), ""),
        "indicator_names": names,
        "years": [
            {
                "heading": labels.label("index.year", lang, year=year),
                "rows": [row for row in rows if row["year"] == year],
            }
            for year in years
        ],
        # What each status shown says, in the order of STATUS_KINDS (the note under the tables).
        "kinds": [k for k in STATUS_KINDS if any(_kinds_of(row) & {k} for row in rows)],
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
    period = Period.parse(folder.name)
    return {
        "period": folder.name,
        "year": period.year,
        "month": period.month,
        # with its year: the rows of two years are never confused (1月 above 1-12月)
        "label": labels.label(
            "quality.period", lang, year=period.year, label=labels.period_label(period, lang)
        ),
        "region": (good or {}).get("headline", {}).get("region_name")
        or (good or {}).get("region", ""),
        "names": [item["name"] for item in indicators],
        "indicators": indicators,
        "notes": (good or {}).get("headline", {}).get("notes", ""),
        "failed": last.get("status") == "failed",
        # 示意数据 / 部分示意 instead of 公布数据: from the provenance its manifest records
        "illustrative": marks.status_label((good or {}).get("provenance", {}), lang),
        "kind": marks.status_kind((good or {}).get("provenance", {})) or "ok",
        "error": _failure_detail(last, lang),
        "has_report": good is not None,
        "html": prefix + "briefing.html",
        "pdf": prefix + "briefing.pdf" if (folder / "briefing.pdf").exists() else "",
        "docx": prefix + "briefing.docx" if (folder / "briefing.docx").exists() else "",
        "tables": prefix + TABLES_WORKBOOK if (folder / TABLES_WORKBOOK).exists() else "",
        "topics": [
            (labels.label(f"index.topic.{topic}", lang), prefix + f"{topic}.html")
            for topic in TOPICS
            if (folder / f"{topic}.html").exists()
        ],
    }


def _failure_detail(last: dict, lang: str) -> str:
    """Why the last run failed, in the page's language: last-run.json's `detail` said in it
    (run.failures.detail), else its English `error` (a record of an older batch, a detail
    without the language)."""
    detail = last.get("detail")
    if isinstance(detail, dict) and isinstance(detail.get(lang), str):
        return str(detail[lang])
    error = last.get("error", "")
    return error if isinstance(error, str) else str(error)


STATUS_KINDS = ("ok", "partly", "illustrative", "failed")


def _kinds_of(row: dict) -> set[str]:
    """The statuses a row shows: a failure (and the last good briefing's figures, where they
    are illustrative), else its figures'."""
    if not row["failed"]:
        return {row["kind"]}
    return {"failed"} | ({row["kind"]} if row["has_report"] and row["kind"] != "ok" else set())


TREND_WIDTH = 280  # of each indicator's panel, two panels a row
TREND_NARROW_WIDTH = 270  # with its y axis, within a 360 px screen less the page's margins


def trend_spec(rows: list[dict], lang: str = DEFAULT_LANG, narrow: bool = False) -> dict | None:
    """The trend chart's Vega-Lite spec: completion of each annual target by month of the
    year (cumulative), one panel per indicator and one line per year; None with fewer than
    two periods to draw.

    `narrow`: drawn for a phone's screen (the page shows it there instead), one panel a row as
    narrow as the screen and its legend below, so that its text is read at full size."""
    points = [
        {
            "year": str(row["year"]),
            "month": row["month"],
            "name": item["name"],
            "completion": item["completion_pct"],
        }
        for row in rows
        for item in row["indicators"]
        if item.get("completion_pct") is not None
    ]
    if len({(p["year"], p["month"]) for p in points}) < 2:
        return None
    import altair as alt
    import pandas as pd

    from industry_briefing.briefing import charts

    def word(key: str) -> str:
        return labels.label(f"index.{key}", lang)

    charts.use_briefing_style()
    names = list(dict.fromkeys(p["name"] for p in points))  # in the headline's order
    width = TREND_NARROW_WIDTH if narrow else TREND_WIDTH
    legend = alt.Legend(orient="bottom") if narrow else alt.Legend(orient="right")
    years = sorted({p["year"] for p in points}, reverse=True)
    chart = (
        alt.Chart(pd.DataFrame(points))
        .mark_line(point=True)
        .encode(
            x=alt.X(
                "month:O",
                title=word("trend_x"),
                scale=alt.Scale(domain=list(range(1, 13))),
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y("completion:Q", title=word("trend_y")),
            color=alt.Color(
                "year:N",
                title=word("trend_year"),
                # A year keeps its colour whatever years are added: 2011 is drawn alike on
                # every index that shows it.
                scale=alt.Scale(domain=years, range=[year_colour(int(y)) for y in years]),
                legend=legend,
            ),
            detail="year:N",
        )
        .properties(width=width, height=200)
        .facet(facet=alt.Facet("name:N", title=None, sort=names), columns=1 if narrow else 2)
        # Every panel with its own axes: its figures are read without the panel beside it.
        .resolve_axis(x="independent", y="independent")
        .properties(title=word("trend_title"))
    )
    spec: dict = chart.to_dict()
    return spec


# Vega's tableau10, a year's colour by its last digit.
YEAR_COLOURS = (
    "#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b",
    "#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac",
)  # fmt: skip


def year_colour(year: int) -> str:
    """A year's colour in the trend, the same on every index whatever other years it shows."""
    return YEAR_COLOURS[year % len(YEAR_COLOURS)]


def _trend_svg(rows: list[dict], lang: str, narrow: bool = False) -> str:
    """The trend chart as static SVG (drawn offline: the index runs no script)."""
    spec = trend_spec(rows, lang, narrow)
    if spec is None:
        return ""
    import vl_convert

    svg: str = vl_convert.vegalite_to_svg(spec)
    return svg
