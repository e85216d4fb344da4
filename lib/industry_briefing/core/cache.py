"""Derived text that is slow to build and the same on every run, kept in data/processed/cache.

Deleting the folder is always safe: what is missing is built again. Several batch workers may
build the same entry at once; each writes a file of its own and moves it into place, so an
entry is whole or absent, never half-written.
"""

from __future__ import annotations

from collections.abc import Callable

from industry_briefing.core import files, settings


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
        files.write_whole(path, text)
    except OSError:
        pass
    return text
