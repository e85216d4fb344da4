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

from industry_briefing import __version__
from industry_briefing.core import settings

MANIFEST = "manifest.json"
LAST_RUN = (
    "last-run.json"  # the latest attempt, also when it failed (the manifest is the last good)
)
PACKAGES = ("pandas", "altair", "papermill", "nbconvert", "duckdb", "pandera", "vl-convert-python")
PROVENANCE_WORDS = {"published": "公布数", "derived": "推算数", "illustrative": "示意数"}


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


def provenance_summary(figures) -> dict[str, str]:
    """Per table: its default provenance, and 'with overrides' when some cells differ."""
    rows = figures.provenance
    summary = {}
    for table, group in rows.groupby("table", sort=False):
        default = group.loc[group["row_key"].isna() & group["column"].isna(), "provenance"]
        kinds = set(group["provenance"])
        word = default.iloc[0] if len(default) else "published"
        summary[table] = (
            word if kinds == {word} else f"{word} (some cells {'/'.join(sorted(kinds - {word}))})"
        )
    return summary


def build(figures, parameters: dict, inputs: dict[str, str], fingerprint: str) -> dict:
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


def footer_html(manifest: dict) -> str:
    """The provenance footer shown at the end of the briefing (HTML and PDF).

    Trusted HTML for the export: every value in it is escaped here (names of input files,
    tables, parameters, versions), so nothing from the input can add markup.
    """
    own = {k: v for k, v in manifest["inputs"].items() if k.startswith(manifest["period"] + "/")}
    files = "；".join(
        f"{html.escape(name)}（sha256 {html.escape(digest[:12])}）" for name, digest in own.items()
    )
    provenance = "；".join(
        f"{html.escape(table)}：{html.escape(_provenance_words(word))}"
        for table, word in manifest["provenance"].items()
    )
    packages = "，".join(f"{name} {version}" for name, version in manifest["packages"].items())
    parameters = "，".join(f"{k}={html.escape(str(v))}" for k, v in manifest["parameters"].items())
    commit = html.escape(manifest["git_commit"] or "（非git检出）")
    return (
        '<footer class="briefing-footer"><p><strong>生成信息</strong></p>'
        f"<p>输入文件：{files}（共依赖{len(manifest['inputs'])}个文件）</p>"
        f"<p>数据性质：{provenance}</p>"
        f"<p>参数：{parameters}；运行标识 {html.escape(manifest['fingerprint'][:16])}</p>"
        f"<p>软件：{html.escape(packages)}；git {commit}</p>"
        f"<p>生成时间：{html.escape(manifest['started_at'])}（UTC）</p></footer>"
    )


def write(directory: Path, name: str, content: dict) -> Path:
    path = directory / name
    path.write_text(json.dumps(content, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def read(directory: Path, name: str = MANIFEST) -> dict | None:
    path = directory / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _provenance_words(word: str) -> str:
    for english, chinese in PROVENANCE_WORDS.items():
        word = word.replace(english, chinese)
    return word
