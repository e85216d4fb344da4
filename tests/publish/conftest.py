"""The browser the page tests drive: Debian's headless Chromium through Playwright, offline."""

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = Path("/usr/bin/chromium")  # Debian's (scripts/system-deps.sh test); none downloaded
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Belt and braces: were a request to slip past the route below, no host would resolve.
    "--host-resolver-rules=MAP * ~NOTFOUND",
]


@pytest.fixture(scope="module")
def browser():
    """Chromium launched once for a test module (a new empty profile; each visit a new context
    on top of it)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} (Debian's chromium) is missing: run `make test`, which installs it "
            "(scripts/system-deps.sh test)",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS, timeout=60_000
        )
        yield launched
        launched.close()
