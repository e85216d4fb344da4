"""Tables and charts numbered in the order shown, without gaps, in every month: a caption
peeks at its number, showing it uses the number up, an empty table leaves no gap, a cell run
again shows its caption under the same number, and the concerns name the number a table got."""

import re
from pathlib import Path

import pandas as pd
import pytest

from industry_briefing.analysis import operation
from industry_briefing.analysis.model import build_model
from industry_briefing.briefing import charts, notebook, numbering
from industry_briefing.briefing.sections import concerns
from industry_briefing.ingest import reader

BULLETINS = Path(__file__).parents[1] / "data" / "bulletins"
SEQUENCES = {
    "zh": re.compile(r"^(表|图|附表)(\d+)  "),
    "en": re.compile(r"^(Table |Figure |Appendix table )(\d+)  "),
}
NAMES = {"zh": ("表", "图", "附表"), "en": ("Table ", "Figure ", "Appendix table ")}


@pytest.fixture(autouse=True)
def document():
    """Each test its own document, and none left behind for the others."""
    numbering.reset()
    yield
    numbering.reset()


def numbers(titles: list[str], lang: str) -> dict[str, list[int]]:
    """Each sequence's numbers in the order shown; every title is numbered."""
    found: dict[str, list[int]] = {}
    for title in titles:
        match = SEQUENCES[lang].match(title)
        assert match, f"not numbered: {title!r}"
        found.setdefault(match[1], []).append(int(match[2]))
    return found


def shown_captions(outline) -> list[str]:
    return [c for c, t in zip(outline.captions, outline.tables, strict=True) if not t.empty]


def assert_numbered_without_gaps(outline, lang: str) -> dict[str, list[int]]:
    found = numbers(shown_captions(outline) + outline.chart_titles, lang)
    for sequence, shown in found.items():
        assert shown == list(range(1, len(shown) + 1)), (sequence, shown)
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_seed_month_numbers_its_tables_and_charts_one_by_one(models, briefing_outline, lang):
    outline = briefing_outline(models["2011-02"], lang)
    assert any(t.empty for t in outline.tables), "2011-02 leaves tables out"
    found = assert_numbered_without_gaps(outline, lang)
    table, figure, appendix = NAMES[lang]
    assert set(found) == {table, figure, appendix}
    assert len(found[table]) >= 3 and len(found[figure]) >= 6 and len(found[appendix]) == 2


def test_a_full_month_numbers_every_table_once(models, briefing_outline):
    found = assert_numbered_without_gaps(briefing_outline(models["2011-05"], "zh"), "zh")
    assert found["表"] == list(range(1, 12)) and found["图"] == list(range(1, 8))


@pytest.mark.parametrize("bulletin", ["huangshi-2024-06", "qianxinan-2012-08"])
def test_a_bulletin_numbers_its_breakdowns_and_fact_tables_without_gaps(briefing_outline, bulletin):
    root = BULLETINS / bulletin
    [period] = [p.name for p in root.iterdir() if p.is_dir()]
    outline = briefing_outline(build_model(reader.read_period(root, period)), "zh")
    assert any(t.empty for t in outline.tables), "some of the seed's tables are empty here"
    found = assert_numbered_without_gaps(outline, "zh")
    assert found["表"], "a bulletin's tables are numbered too"


def test_a_caption_peeks_and_showing_uses_its_number(models, capsys):
    model = models["2011-02"]
    frame = pd.DataFrame({"a": [1]})
    first = notebook.caption(model, "caption.key_figures")
    assert notebook.caption(model, "caption.quarter").startswith("表1  ")  # peeked: still free
    notebook.show_table(frame, first)
    assert notebook.caption(model, "caption.key_figures") == first  # the cell run again
    empty = notebook.caption(model, "caption.quarter")
    assert empty.startswith("表2  ")
    notebook.show_table(frame.iloc[0:0], empty)  # nothing shown: no number used
    assert notebook.caption(model, "caption.parks").startswith("表2  ")
    notebook.show_title("标题")  # a new document
    assert notebook.caption(model, "caption.parks").startswith("表1  ")


def test_a_chart_uses_its_number_only_when_shown(models, capsys):
    model = models["2011-02"]
    ranking = pd.DataFrame({"part": ["甲", "乙"], "value": [2.0, 1.0]})
    nothing = ranking.iloc[0:0]
    title = notebook.caption(model, "caption.output_districts_chart")
    notebook.show_chart(charts.ranking_bar(nothing, "part", "value", title), nothing)
    title = notebook.caption(model, "caption.growth_chart")
    assert title.startswith("图1  ")
    notebook.show_chart(charts.ranking_bar(ranking, "part", "value", title), ranking)
    assert notebook.caption(model, "caption.growth_chart") == title
    assert notebook.caption(model, "caption.park_gaps_chart").startswith("图2  ")


def test_a_frame_uses_its_number_only_when_shown(models, capsys):
    model = models["2011-02"]
    notebook.show_frame(pd.DataFrame({"a": []}), notebook.caption(model, "caption.parks"))
    shown = notebook.caption(model, "caption.stages")
    notebook.show_frame(pd.DataFrame({"a": [1.5]}), shown)
    assert shown.startswith("表1  ") and numbering.reference("caption.stages", "zh") == "表1"
    assert numbering.reference("caption.parks", "zh") == ""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_concerns_name_the_number_the_table_got(models, briefing_outline, lang):
    model = models["2011-05"]
    troubled = operation.troubled_enterprises(model.figures.enterprises)
    rest = len(troubled) - model.profile.brief.named
    assert rest > 0, "2011-05 names some troubled enterprises and counts the others"
    outline = briefing_outline(model, lang)
    caption = next(c for c in outline.captions if c.startswith(("表6  停产", "Table 6  Ent")))
    assert caption, "the troubled enterprises are the sixth table this month"
    if lang == "zh":
        assert f"其余{rest}户见表6。" in outline.texts["concerns"]
    else:
        assert f"the other {rest} enterprises are in Table 6." in outline.texts["concerns"]


def test_composed_outside_a_document_the_concerns_name_no_table(models):
    model = models["2011-05"]
    troubled = operation.troubled_enterprises(model.figures.enterprises)
    rest = len(troubled) - model.profile.brief.named
    text = concerns.text(model, "zh")
    assert f"其余{rest}户。" in text and "见表" not in text
    assert "in Table" not in concerns.text(model, "en")
