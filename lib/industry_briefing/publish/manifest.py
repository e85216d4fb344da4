"""reports/PERIOD/manifest.json and the footer of each briefing: how it was made.

Input file hashes, parameters, package versions, git commit, when and how long it ran, and the
provenance of the data, so that a filed briefing can be traced back and reproduced.
"""

from __future__ import annotations

import html
import json
import subprocess
from datetime import UTC, datetime
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from industry_briefing import __version__
from industry_briefing.analysis import illustrative
from industry_briefing.briefing import labels
from industry_briefing.core import files, settings
from industry_briefing.core.settings import DEFAULT_LANG

if TYPE_CHECKING:
    from industry_briefing.core.figures import PeriodFigures

MANIFEST = "manifest.json"
# The latest attempt, also when it failed (the manifest is the last good run).
LAST_RUN = "last-run.json"
PACKAGES = ("pandas", "altair", "papermill", "nbconvert", "duckdb", "pandera", "vl-convert-python")


@cache
def package_versions() -> dict[str, str]:
    return {name: metadata.version(name) for name in PACKAGES} | {"industry-briefing": __version__}


@cache
def git_commit() -> str:
    """The checkout's commit, with '+dirty' when it has uncommitted changes; '' outside git."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=settings.PROJECT_ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()

    try:
        commit = git("rev-parse", "HEAD")
        dirty = git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError):
        return ""
    return commit + ("+dirty" if dirty else "")


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def provenance_summary(figures: PeriodFigures) -> dict[str, list[str]]:
    """Per table: its default provenance, then the kinds some of its cells have instead
    (codes: the footer says them in the briefing's language, the index reads the month's
    illustrative mark from them)."""
    return illustrative.kinds_by_table(figures)


def build(
    figures: PeriodFigures, parameters: dict, inputs: dict[str, str], fingerprint: str
) -> dict:
    """The manifest of a run, before it ran (timings are added when it ends)."""
    return {
        "period": str(figures.period),
        "label": figures.period.label,
        "region": figures.region,
        "source": figures.source,
        "fingerprint": fingerprint,
        "parameters": {k: v for k, v in parameters.items() if k not in ("data_dir", "warehouse")},
        "inputs": inputs,
        "provenance": provenance_summary(figures),
        "packages": package_versions(),
        "git_commit": git_commit(),
        "started_at": now_utc(),
    }


def footer_html(manifest: dict, lang: str = DEFAULT_LANG) -> str:
    """The provenance footer shown at the end of the briefing (HTML and PDF).

    Trusted HTML for the export: every value in it is escaped here (names of input files,
    tables, parameters, versions), so nothing from the input can add markup. Its words are
    the labels' `footer` group.
    """

    def word(key: str, **fields: object) -> str:
        return labels.label(f"footer.{key}", lang, **fields)

    own = {k: v for k, v in manifest["inputs"].items() if k.startswith(manifest["period"] + "/")}
    files = word("separator").join(
        word("file", name=html.escape(name), digest=html.escape(digest[:12]))
        for name, digest in own.items()
    )
    provenance = word("separator").join(
        _table_provenance(table, kinds, lang) for table, kinds in manifest["provenance"].items()
    )
    packages = word("list_separator").join(
        f"{name} {version}" for name, version in manifest["packages"].items()
    )
    parameters = word("list_separator").join(
        f"{k}={html.escape(str(v))}" for k, v in manifest["parameters"].items()
    )
    commit = html.escape(manifest["git_commit"] or word("no_git"))
    lines = [
        word("inputs", files=files, count=len(manifest["inputs"])),
        word("provenance", tables=provenance),
        word("parameters", parameters=parameters, run=html.escape(manifest["fingerprint"][:16])),
        word("software", packages=html.escape(packages), commit=commit),
        word("generated", time=html.escape(manifest["started_at"])),
    ]
    paragraphs = "".join(f"<p>{line}</p>" for line in lines)
    return (
        f'<footer class="briefing-footer"><p><strong>{html.escape(word("title"))}</strong></p>'
        f"{paragraphs}</footer>"
    )


def write(directory: Path, name: str, content: dict) -> Path:
    """The record written whole (core/files.py): a full disk leaves the old one, never a cut
    one that a later batch takes for its last run."""
    return files.write_whole(directory / name, json.dumps(content, ensure_ascii=False, indent=2))


def read(directory: Path, name: str = MANIFEST) -> dict | None:
    path = directory / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _table_provenance(table: str, kinds: list[str], lang: str) -> str:
    """indicators: illustrative (some cells derived) / 指标：示意数（部分单元格为推算数）."""
    tables = labels.group("footer.table_name", lang)
    words = labels.group("footer.kind", lang)
    default, *others = (html.escape(words.get(kind, kind)) for kind in kinds)
    some = labels.label("footer.kind_separator", lang).join(others)
    return labels.label(
        "footer.table",
        lang,
        table=html.escape(tables.get(table, table)),
        kind=default,
        some_cells=labels.label("footer.some_cells", lang, kinds=some) if others else "",
    )
