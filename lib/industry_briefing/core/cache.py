"""Derived text that is slow to build and the same on every run, kept in data/processed/cache.

Deleting the folder is always safe: what is missing is built again. Several batch workers may
build the same entry at once; each writes a file of its own and moves it into place, so an
entry is whole or absent, never half-written.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from industry_briefing.core import settings


def kept_text(name: str, build: Callable[[], str]) -> str:
    """The text kept under `name`, or `build()`'s, kept for next time (a read-only checkout
    still works, uncached)."""
    path = settings.PROCESSED_DATA_DIR / "cache" / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    text = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        pass
    return text
