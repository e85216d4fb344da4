"""The one place for paths and settings, resolved from the project root, never from the CWD.

papermill runs notebooks in other directories, so every default path is absolute. The root is
the checkout holding `lib/`; `BRIEFING_ROOT` overrides it (e.g. for a non-editable install).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

PROJECT_ROOT = Path(os.environ.get("BRIEFING_ROOT") or Path(__file__).resolve().parents[3])

DATA_DIR = PROJECT_ROOT / "data"
RAW_DATA_DIR = DATA_DIR / "raw"  # immutable input: code never writes here
PROCESSED_DATA_DIR = DATA_DIR / "processed"
# The files of a data root that every month reads: the region profile and the region's own
# indicators (contract/profile.py, contract/catalogue.py).
PROFILE_FILE = "profile.yml"
REGION_CATALOGUE_FILE = "indicators.yml"
ROOT_FILES = (PROFILE_FILE, REGION_CATALOGUE_FILE)
# The tables of a period, in the contract's order (contract.tables.TABLES has their specs); a
# CSV input holds one as TABLE.csv. Here, not with the specs: hashing needs no pandas.
TABLE_NAMES = (
    "indicators",
    "parks",
    "districts",
    "enterprises",
    "projects",
    "plan",
    "targets",
    "breakdowns",
    "products",
    "project_groups",
    "outlook",
    "facts",
)
ANALYST_FILE = "notes.md"  # the month's own paragraphs (Markdown), read by its briefing alone
# BRIEFING_WAREHOUSE points notebooks run as they are (in JupyterLab, in tests) elsewhere.
WAREHOUSE_PATH = Path(os.environ.get("BRIEFING_WAREHOUSE") or DATA_DIR / "warehouse.duckdb")
REPORTS_DIR = PROJECT_ROOT / "reports"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
BRIEFING_NOTEBOOK = NOTEBOOKS_DIR / "briefing.ipynb"
# Rendered beside each briefing by the batch (HTML): the topics the briefing summarises.
TOPICS = ("operation", "investment", "parks")
# The month's tables as a spreadsheet, beside the briefing in reports/PERIOD/ (publish/workbook.py)
TABLES_WORKBOOK = "tables.xlsx"
TOPIC_NOTEBOOKS = tuple(NOTEBOOKS_DIR / f"{topic}.ipynb" for topic in TOPICS)
# The notebooks the batch renders into shared reports, and the record of their cells as
# approved for sharing (run/approval.py): the batch refuses one whose cells differ from it.
REPORT_NOTEBOOKS = (BRIEFING_NOTEBOOK, *TOPIC_NOTEBOOKS)
APPROVED_NOTEBOOKS = NOTEBOOKS_DIR / "approved.json"
# Analysts explore in copies (`briefing lab`), in a git-ignored folder the batch never reads;
# the exploration notebook is copied there too, and is never rendered.
WORK_NOTEBOOKS_DIR = NOTEBOOKS_DIR / "work"
EXPLORE_NOTEBOOK = NOTEBOOKS_DIR / "explore.ipynb"

# The month's key figures, handed by the briefing notebook to the batch (for the index) as a
# hidden output of this type.
SUMMARY_MIMETYPE = "application/vnd.industry-briefing.summary+json"
# The 简报's masthead, foot and faces (briefing/masthead.py), beside the masthead's HTML in the
# title cell: the exporters of the PDF and the Word file lay the document out from it.
MASTHEAD_MIMETYPE = "application/vnd.industry-briefing.masthead+json"

# The languages a briefing is written in: a labels file and narrative templates each.
LANGUAGES = ("zh", "en")
DEFAULT_LANG = LANGUAGES[0]


class UnknownLanguageError(ValueError):
    """A language the briefing has no labels and templates for."""


# The locale's variables, the first set deciding (as POSIX reads them for messages).
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def locale_lang(environ: Mapping[str, str] | None = None) -> str | None:
    """The language the locale asks messages in: zh for zh_CN.UTF-8, en for en_US; None for
    C, POSIX or a language the product does not speak. Here, below the commands: a process
    that only logs (a warehouse waited for) speaks it too."""
    for name in LOCALE_VARIABLES:
        value = (os.environ if environ is None else environ).get(name, "")
        if value:
            code = value.split(".")[0].split("@")[0].split("_")[0].lower()
            return code if code in LANGUAGES else None
    return None


def region_lang(region: str | None) -> str:
    """The language a region's analysts read (contract.profile.analysts_lang): Chinese for a
    region named in Chinese or not named, English for one named in Latin letters only."""
    if region and not any("\u4e00" <= char <= "\u9fff" for char in region):
        return "en"
    return DEFAULT_LANG


def check_lang(lang: str) -> str:
    """`lang` if the briefing speaks it, else an error naming the languages it does."""
    if lang not in LANGUAGES:
        raise UnknownLanguageError(
            f"language {lang!r} is not available; choose one of {', '.join(LANGUAGES)}"
        )
    return lang


PACKAGE_DIR = Path(__file__).resolve().parents[1]
TEMPLATES_DIR = PACKAGE_DIR / "templates"

# Charts name the family explicitly: vl-convert silently drops text when no named family is
# installed; the first installed one wins, and viewers' Windows/Mac fonts serve the same list.
CJK_FONT_STACK = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"

DECIMALS = 2  # amounts in 亿元 and rates in % are shown to 2 decimals, trailing zeros dropped
# Text from the input (a name, a reason given, a note) longer than this is shown shortened, with
# "…", in sentences, tables and charts (briefing.formatting.shown_text).
DISPLAY_CHARS = 200

# --- analysis ---------------------------------------------------------------------------------
# Status of a cumulative value against its expected progress (按计划/上年进度/时间进度), from the
# gap in 个百分点: +1 or more is ahead (快于进度), within ±1 on pace (基本同步), down to -5 behind
# (落后进度), -5 or worse far behind (严重滞后).
ON_PACE_BAND_PP = 1.0
FAR_BEHIND_PP = 5.0

# Thresholds the meeting named (amounts in 亿元): major projects have 总投资1000万元以上, key
# enterprises 年产值5000万元以上.
MAJOR_PROJECT_MIN_INVESTMENT_YI = 0.1
KEY_ENTERPRISE_MIN_OUTPUT_YI = 0.5
# How many of the parks furthest behind the parks section names (一区一策 starts with them).
PARKS_NAMED_BEHIND = 3

# Consistency checks (数据质量检查). Published parts are rounded, so their sum may miss the
# published total by a little; beyond this it is reported.
SUM_TOLERANCE_YI = 0.01
# An official growth rate (可比口径) may differ from value/prior − 1 because of revised or
# comparable-basis prior figures; beyond this difference the pair is reported (the official
# rate is still the one quoted).
RATE_TOLERANCE_PP = 1.0
# A figure 1000 times (or more) its prior-year figure looks like 万元 typed in a 亿元 row, a
# thousandth (or less) like the reverse (万元 and 亿元 differ by 10000; 1000 leaves room for
# genuine growth or fall of several times).
UNIT_SLIP_RATIO = 1000.0


# --- settings from the environment -------------------------------------------------------------
# Each is checked as the limits are (core/limits.py): a value the product cannot use is one
# clear error naming the variable, what it takes and what it holds, never a silent default.
# The `briefing` command checks them all before any command runs (`check_environment`).
ROOT_ENV = "BRIEFING_ROOT"  # the project checkout (PROJECT_ROOT above)
WAREHOUSE_ENV = "BRIEFING_WAREHOUSE"  # the warehouse file (WAREHOUSE_PATH above)
# How long a process waits for the warehouse another holds (store/access.py), in seconds.
WAREHOUSE_WAIT_ENV = "BRIEFING_WAREHOUSE_WAIT"
DEFAULT_WAREHOUSE_WAIT_S = 600.0


class SettingError(ValueError):
    """An environment variable holds a value the product cannot use: in codes (`key`, of the
    labels' `problem.setting` group, and its `fields`: the variable and what it holds), said
    in a language where it is shown; `str()` is the English of the logs (settings is below
    the labels, which are read with its paths)."""

    def __init__(self, english: str, key: str, env: str, got: str):
        super().__init__(english)
        self.key = f"setting.{key}"
        self.fields = {"env": env, "got": got}


def warehouse_wait_s() -> float:
    """BRIEFING_WAREHOUSE_WAIT: seconds, a number of 0 or more (600 when unset or empty)."""
    text = os.environ.get(WAREHOUSE_WAIT_ENV, "").strip()
    if not text:
        return DEFAULT_WAREHOUSE_WAIT_S
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):  # also refuses nan and inf
        raise SettingError(
            f"{WAREHOUSE_WAIT_ENV} must be a number of seconds, 0 or more (such as 600), "
            f"got {text!r}",
            "wait",
            WAREHOUSE_WAIT_ENV,
            text,
        )
    return seconds


def check_environment() -> None:
    """Raise SettingError for the first environment variable that is set badly."""
    root = os.environ.get(ROOT_ENV)
    if root and not Path(root).is_dir():
        raise SettingError(
            f"{ROOT_ENV} must be the folder of the project (holding notebooks/ and data/), "
            f"got {root!r}, which is not a folder",
            "root",
            ROOT_ENV,
            root,
        )
    warehouse = os.environ.get(WAREHOUSE_ENV)
    if warehouse and Path(warehouse).is_dir():
        raise SettingError(
            f"{WAREHOUSE_ENV} must be the warehouse's file (such as data/warehouse.duckdb), "
            f"got {warehouse!r}, which is a folder",
            "warehouse",
            WAREHOUSE_ENV,
            warehouse,
        )
    warehouse_wait_s()


def resolve_path(value: str | os.PathLike | None, default: Path) -> Path:
    """An explicit path (relative ones are taken from the project root) or the default."""
    if value is None or str(value) == "":
        return default
    path = Path(value).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path
