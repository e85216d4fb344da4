"""Numeric tables: the frame keeps its numbers (it sorts as numbers), the page shows them by
the project's half-up rules; the topic pages' detail tables have a header per column and no
NaN or None text; the topic notebooks no longer repeat the briefing's cells."""

import html
import re

import nbformat
import pandas as pd
import pytest

from industry_briefing.briefing import frames, labels, notebook
from industry_briefing.briefing.sections import topic_detail
from industry_briefing.core import settings


@pytest.fixture
def shown(monkeypatch):
    """The HTML show_frame displays, captured."""
    outputs: list[str] = []
    monkeypatch.setattr(notebook, "display", lambda output: outputs.append(output.data))
    return outputs


def cells_of(page: str) -> list[list[str]]:
    """Each table row's cells (th and td) as text."""
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", page, flags=re.S)
    return [
        [
            html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        ]
        for row in rows
    ]


def test_show_frame_rounds_half_up_and_keeps_the_numbers(shown):
    frame = pd.DataFrame({"园区": ["甲<b>", "乙", "丙"], "累计完成": [2.345, 0.125, None]})
    dtypes = frame.dtypes.copy()
    notebook.show_frame(frame, "表", {"累计完成": "number"})
    (page,) = shown
    assert cells_of(page)[1:] == [["甲<b>", "2.35"], ["乙", "0.13"], ["丙", "—"]]
    assert "<b>" not in page  # text from the input is escaped
    assert frame.dtypes.equals(dtypes)
    assert frame["累计完成"].iloc[1] == 0.125  # the frame itself is not rounded


def test_amounts_are_shown_in_the_languages_unit(shown):
    frame = pd.DataFrame({"amount": [192.1, 0.17]})
    notebook.show_frame(frame, formats={"amount": "amount"}, lang="en")
    assert [row[0] for row in cells_of(shown[0])[1:]] == ["19.21", "0.017"]


def test_the_total_row_is_the_last_row_shown_and_stays_out_of_the_frame(shown):
    frame = pd.DataFrame({"园区": ["甲", "乙"], "累计完成": [18.28, 2.51]})
    total = pd.DataFrame({"园区": ["合计"], "累计完成": [20.79]})
    notebook.show_frame(frame, formats={"累计完成": "number"}, total=total)
    assert shown[0].count("</table>") == 1
    assert cells_of(shown[0])[1:] == [["甲", "18.28"], ["乙", "2.51"], ["合计", "20.79"]]
    assert frame["园区"].tolist() == ["甲", "乙"]


def test_a_numeric_table_sorts_as_numbers(models):
    """The issue's sorting: 18.28, 2.51, 2.52, 24.62 as text; in order as numbers."""
    table = topic_detail.parks_table(models["2011-05"])
    completed = table.frame.columns[3]
    assert completed.startswith("累计完成")
    ordered = table.frame.sort_values(completed)[completed].tolist()
    assert ordered == sorted(models["2011-05"].parks["completed"].tolist())
    assert table.total is not None and table.total.iloc[0, 0] == "合计"
    assert table.total[completed].iloc[0] == pytest.approx(
        models["2011-05"].parks["completed"].sum()
    )


def detail_tables(model, lang):
    return [
        topic_detail.monthly_table(model, "operation", lang),
        topic_detail.monthly_table(model, "investment", lang),
        topic_detail.district_table(model, "industrial_output", lang),
        topic_detail.district_table(model, "industrial_investment", lang),
        topic_detail.enterprises_table(model, lang),
        topic_detail.projects_table(model, lang),
        topic_detail.parks_table(model, lang),
        topic_detail.park_detail_table(model, lang),
    ]


@pytest.mark.parametrize("lang", settings.LANGUAGES)
@pytest.mark.parametrize("period", ["2011-02", "2011-05", "2011-12"])
def test_the_detail_tables_have_a_header_per_column_and_no_missing_text(
    models, shown, period, lang
):
    tables = [t for t in detail_tables(models[period], lang) if not t.empty]
    assert len(tables) >= 4  # 2011-02 has no districts, enterprises or projects
    for table in tables:
        notebook.show_frame(table, lang=lang)
    for page in shown:
        header, *rows = cells_of(page)
        assert all(header) and len(set(header)) == len(header)
        assert all(len(row) == len(header) for row in rows)
        text = " ".join(cell for row in rows for cell in row)
        assert not re.search(r"\b(nan|NaN|None|<NA>|NaT)\b", text)


def test_a_code_is_said_in_the_language(models, shown):
    notebook.show_frame(topic_detail.parks_table(models["2011-05"], "en"), lang="en")
    header, *rows = cells_of(shown[0])
    status = header.index("Progress status")
    said = {row[status] for row in rows[:-1]}  # the parks, not their total
    assert said and said <= set(labels.group("status", "en").values())


def code_cells(name: str) -> list[str]:
    nb = nbformat.read(settings.NOTEBOOKS_DIR / name, as_version=4)
    return ["\n".join(c.source.split()) for c in nb.cells if c.cell_type == "code"]


@pytest.mark.parametrize("topic", settings.TOPICS)
def test_a_topic_notebook_repeats_no_cell_of_the_briefing(topic):
    briefing = set(code_cells("briefing.ipynb")[1:])  # the parameters are the same by design
    repeated = [cell for cell in code_cells(f"{topic}.ipynb")[1:] if cell in briefing]
    assert not repeated
    assert any("show_frame" in cell for cell in code_cells(f"{topic}.ipynb"))


def test_the_explore_notebook_is_not_rendered_by_the_batch():
    assert settings.NOTEBOOKS_DIR / "explore.ipynb" not in settings.TOPIC_NOTEBOOKS


def test_a_flag_is_a_word_or_nothing():
    assert frames.display_format("flag", "en")(True) == "yes"
    assert frames.display_format("flag", "zh")(False) == ""
