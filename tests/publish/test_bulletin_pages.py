"""Six real published bulletins (tests/data/bulletins/: each its own data root with a region
profile, its source text and expect.json, every figure the text states, as printed) rendered
by `briefing run`: every figure is stated in the briefing's body, in context.

A figure counts as stated when its value string is in the body of briefing.html (not inside
a longer number, not only in the data notes that quote meta.yml, nor in the footer or a
chart's data), within 60 characters after a match of its context."""

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

BULLETINS = Path(__file__).parents[1] / "data" / "bulletins"
ROOTS = sorted(p for p in BULLETINS.iterdir() if p.is_dir())
# What is not the briefing's body: the data notes (they quote meta.yml), the footer, the
# charts' data.
NOT_BODY = {"briefing-notes", "briefing-footer", "briefing-chart-spec"}
VOID = {"br", "img", "meta", "link", "input", "hr", "col", "source", "wbr"}


class _Body(HTMLParser):
    """The visible text of a page outside NOT_BODY, script and style."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skipping: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        outer = self.skipping[-1] if self.skipping else False
        self.skipping.append(outer or tag in ("script", "style") or bool(classes & NOT_BODY))

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self.skipping:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if not (self.skipping and self.skipping[-1]):
            self.parts.append(data)


def body_text(page: Path) -> str:
    parser = _Body()
    parser.feed(page.read_text(encoding="utf-8"))
    return re.sub(r"\s+", "", "".join(parser.parts))


def is_stated(text: str, value: str, context: str) -> bool:
    for match in re.finditer(rf"(?<![\d.]){re.escape(value)}(?!\d)", text):
        if re.search(context, text[max(0, match.start() - 60) : match.start()]):
            return True
    return False


@pytest.fixture(scope="module", params=ROOTS, ids=lambda p: p.name)
def rendered(request, bulletin_reports) -> tuple[Path, Path]:
    """The bulletin's data root and its rendered period (conftest: once per session)."""
    return request.param, bulletin_reports(request.param)


def test_every_published_figure_is_stated_in_the_briefing(rendered):
    root, reports = rendered
    text = body_text(reports / "briefing.html")
    expected = json.loads((root / "expect.json").read_text(encoding="utf-8"))
    missing = [e for e in expected if not is_stated(text, e["value"], e["context"])]
    assert not missing, f"{root.name}: {len(missing)} of {len(expected)} not stated: {missing}"


def test_the_pdf_states_the_headline_figures_too(rendered):
    root, reports = rendered
    assert (reports / "briefing.pdf").stat().st_size > 0
    first = json.loads((root / "expect.json").read_text(encoding="utf-8"))[0]
    text = subprocess.run(
        ["pdftotext", "-layout", reports / "briefing.pdf", "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert first["value"] in re.sub(r"\s+", "", text)


def test_the_check_of_the_body_is_strict():
    """The rule itself: a value inside a longer number, or too far from its context, or only
    in the notes, does not count."""
    assert is_stated("增加值286亿元", "286亿元", "增加值")
    assert not is_stated("增加值1286亿元", "286亿元", "增加值")
    assert not is_stated("增加值" + "，" * 61 + "286亿元", "286亿元", "增加值")
    page = '<p>增加值9亿元</p><div class="briefing-notes"><p>增加值286亿元</p></div>'
    parser = _Body()
    parser.feed(page)
    assert "".join(parser.parts) == "增加值9亿元"
