"""The one place for paths and settings, resolved from the project root, never from the CWD.

papermill runs notebooks in other directories, so every default path is absolute. The root is
the checkout holding `lib/`; `BRIEFING_ROOT` overrides it (e.g. for a non-editable install).
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(os.environ.get("BRIEFING_ROOT") or Path(__file__).resolve().parents[2])

DATA_DIR = PROJECT_ROOT / "data"
RAW_DATA_DIR = DATA_DIR / "raw"  # immutable input: code never writes here
PROCESSED_DATA_DIR = DATA_DIR / "processed"
# BRIEFING_WAREHOUSE points notebooks run as they are (in JupyterLab, in tests) elsewhere.
WAREHOUSE_PATH = Path(os.environ.get("BRIEFING_WAREHOUSE") or DATA_DIR / "warehouse.duckdb")
REPORTS_DIR = PROJECT_ROOT / "reports"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
BRIEFING_NOTEBOOK = NOTEBOOKS_DIR / "briefing.ipynb"

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"

# Charts name the family explicitly: vl-convert silently drops text when no named family is
# installed; the first installed one wins, and viewers' Windows/Mac fonts serve the same list.
CJK_FONT_STACK = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"

DECIMALS = 2  # amounts in 亿元 and rates in % are shown to 2 decimals, trailing zeros dropped


def resolve_path(value: str | os.PathLike | None, default: Path) -> Path:
    """An explicit path (relative ones are taken from the project root) or the default."""
    if value is None or str(value) == "":
        return default
    path = Path(value).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path
