"""The eleven real published bulletins of ../shared/real-bulletins (tests/data/bulletins/: each
its own data root with a region profile, its source text and expect.json, every figure the
text states, as printed) rendered by `briefing run`: at least 95% of the figures are stated in
the briefing's body, in context, and what the text does not support is not said.

A figure counts as stated when its value string is in the body of briefing.html (not inside
a longer number, not only in the data notes that quote meta.yml, nor in the analyst's own
paragraphs (notes.md), the footer or a chart's data), within 60 characters after a match of
its context. The body is compared without white space, so a context is too ("全 市" of a
flattened table matches 全市)."""

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
# The foot (版记) quotes meta.yml's source, as the notes do: not the briefing's statements.
NOT_BODY = {
    "briefing-notes",
    "briefing-analyst",
    "briefing-footer",
    "briefing-foot",
    "briefing-chart-spec",
}
STATED_AT_LEAST = 0.95
# Said only where no target of any kind was given; a month without one says so instead.
NO_TARGET = ["均达到进度要求", "时间进度", "进度要求"]
# Per bulletin: what its text does not support, which the briefing must not say.
UNSUPPORTED = {
    "ankang-2010-05": ["均达到进度要求"],  # its 增加值 is behind the schedule
    "ankang-parks-2011-12": NO_TARGET,
    "chongqing-gxq-2017-05": NO_TARGET,
    "guangyuan-2011-08": [],
    "guiyang-2015-05": ["落后时间进度"],
    # Falls and growth below 全省: no "nothing fell"; the 全市 rank (全省第17位) is no
    # district's rank in the table of 县市区.
    "huangshi-2024-06": [*NO_TARGET, "未见下降", "全市0.8第17位"],
    "kaili-kfq-2012-10": NO_TARGET,
    "qianxinan-2012-08": NO_TARGET,
    # The county's own 产值 growth is never printed (its gaps imply 20.6 or 20.8).
    "susong-2021-06": [*NO_TARGET, "20.6%", "20.8%"],
    "xiangxi-2015-08": NO_TARGET,
    # 73.44% is printed for 45.59/58.87 = 77.44%: printed wins, nothing recomputed beside it.
    "yiwu-2018-06": [*NO_TARGET, "77.44", "占全市工业投资"],
}
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
    context = re.sub(r"\s+", "", context)  # the body is compared without white space
    for match in re.finditer(rf"(?<![\d.]){re.escape(value)}(?!\d)", text):
        if re.search(context, text[max(0, match.start() - 60) : match.start()]):
            return True
    return False


@pytest.fixture(scope="module", params=ROOTS, ids=lambda p: p.name)
def rendered(request, bulletin_reports) -> tuple[Path, Path]:
    """The bulletin's data root and its rendered period (conftest: once per session)."""
    return request.param, bulletin_reports(request.param)


def test_the_bulletins_are_the_shared_real_ones():
    assert sorted(UNSUPPORTED) == [root.name for root in ROOTS]
    for root in ROOTS:
        assert (root / "source.txt").is_file() and (root / "expect.json").is_file()


def test_nearly_every_published_figure_is_stated_in_the_briefing(rendered):
    root, reports = rendered
    text = body_text(reports / "briefing.html")
    expected = json.loads((root / "expect.json").read_text(encoding="utf-8"))
    missing = [e for e in expected if not is_stated(text, e["value"], e["context"])]
    stated = len(expected) - len(missing)
    assert stated >= STATED_AT_LEAST * len(expected), (
        f"{root.name}: {stated} of {len(expected)} stated; not stated: {missing}"
    )


def test_nothing_the_text_does_not_support_is_said(rendered):
    root, reports = rendered
    text = body_text(reports / "briefing.html")
    said = [phrase for phrase in UNSUPPORTED[root.name] if phrase in text]
    assert not said, f"{root.name} says {said}"
    if set(NO_TARGET) <= set(UNSUPPORTED[root.name]):  # no target: the page says so
        assert "本期未给出目标任务，不作进度判断" in text


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
    parser = _Body()
    parser.feed('<p>总产值1亿元</p><div class="briefing-analyst"><p>增加值2亿元</p></div>')
    assert "".join(parser.parts) == "总产值1亿元"
    assert is_stated("全市0.8", "0.8", "全 市")
