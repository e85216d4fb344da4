"""The same briefing in English (lang="en"): the seed's published figures in English form, amounts
in billion yuan equal to the Chinese 亿元 figures with the point moved, no Chinese except the
names and free text that come from the input, one label file per language with the same keys."""

import dataclasses
import re
from decimal import ROUND_HALF_UP, Decimal

import nbformat
import pandas as pd
import papermill
import pytest

from industry_briefing.analysis import operation
from industry_briefing.analysis.model import MonthModel
from industry_briefing.briefing import cells as tables
from industry_briefing.briefing import charts, formatting, labels, notebook, sections
from industry_briefing.contract import tables as contract
from industry_briefing.core import periods, settings
from industry_briefing.core.errors import UnknownLanguageError
from industry_briefing.core.periods import Period

PERIODS = [str(p) for p in periods.available_periods(settings.RAW_DATA_DIR)]
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@pytest.fixture(scope="module")
def seed(models) -> MonthModel:
    return models["2011-02"]


@pytest.fixture(scope="module")
def seed_text(seed) -> str:
    return sections.overview.text(seed, "en")


def input_texts(model: MonthModel) -> list[str]:
    """What the briefing quotes from the input as written: names, reasons given, notes of
    rows. Not the source or the provenance notes: the bundled months give them in English
    (meta.yml's source_en, note_en)."""
    f = model.figures
    frames = [
        f.parks[["park", "district", "note"]],
        f.districts[["district"]],
        f.enterprises[["enterprise", "district", "industry", "issue"]],
        f.projects[["project", "district", "park", "issue"]],
        f.indicators[["note"]],
    ]
    found = {str(v) for frame in frames for v in frame.to_numpy().ravel() if pd.notna(v)}
    found |= set(operation.issue_counts(f.enterprises).index)  # reasons, split
    return sorted({f.region, *found} - {""}, key=len, reverse=True)


def without_input(text: str, names: list[str]) -> str:
    """The text without the input's names (`input_texts`), which stay as written."""
    for name in names:
        text = text.replace(name, " ")
    return text


# --- the seed --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "published",
    [
        "In January–February, industrial output of enterprises above designated size",
        "reached 19.21 billion yuan",
        "up 27.6% year on year, 15.15% of the annual target",
        "behind the time-elapsed benchmark by 1.52 percentage points",
        "industrial investment totalled 2.9 billion yuan, "
        "3.59 times the level of a year earlier, up 259%",
        "23.02% of the city's fixed-asset investment, 5.3% of the annual target",
        "the 10 key industrial parks completed 0.754 billion yuan of infrastructure investment, "
        "3.8% of the annual target",
    ],
)
def test_seed_headline_says_the_published_figures_in_english(seed_text, published):
    assert published in seed_text


def test_seed_headline_names_every_park_with_its_figure_in_billion_yuan(seed, seed_text):
    for row in seed.figures.parks.itertuples():  # each below one billion: every digit kept
        shifted = Decimal(repr(row.completed)).scaleb(-1).normalize()
        assert f"{row.park} {format(shifted, 'f')} billion yuan" in seed_text


def test_a_multiple_is_never_said_as_growth_by_that_multiple(seed_text):
    assert "grew 3.59 times" not in seed_text
    assert "increased 3.59 times" not in seed_text
    assert "up 359%" not in seed_text


def test_seed_key_figures_in_english_hold_the_figures_of_the_text(seed, seed_text):
    table = sections.overview.key_figures_table(seed, "en").set_index("Indicator")
    output = "Industrial output (enterprises above designated size)"
    parks = "Infrastructure investment in the key industrial parks"
    assert table.loc[output, "Cumulative (billion yuan)"] == "19.21"
    assert table.loc[output, "Annual target completed (%)"] == "15.15"
    assert table.loc[output, "Versus required progress (percentage points)"] == "-1.52"
    assert table.loc[output, "Annual target (billion yuan)"] == "126.8 (derived)"
    assert table.loc[output, "Benchmark"] == "time elapsed"
    assert table.loc["Industrial investment", "Cumulative (billion yuan)"] == "2.9"
    assert table.loc["Industrial investment", "Share of fixed-asset investment (%)"] == "23.02"
    assert table.loc[parks, "Annual target (billion yuan)"] == "19.85 (illustrative)"
    for figure in table["Cumulative (billion yuan)"]:
        assert f"{figure} billion yuan" in seed_text


def test_concerns_in_english_name_behind_target_indicators_with_their_figures(seed):
    text = sections.concerns.text(seed, "en")
    assert "Industrial investment: seriously behind." in text
    assert "behind the time-elapsed benchmark by 11.37 percentage points" in text
    assert "Industrial output (enterprises above designated size): behind pace." in text


def test_seed_month_without_optional_tables_says_so_in_english(seed):
    assert "No monitoring data on key enterprises" in sections.operation.text(seed, "en")
    assert "No progress data on major projects" in sections.investment.text(seed, "en")


# --- every bundled month ---------------------------------------------------------------------


@pytest.mark.parametrize("period", PERIODS)
def test_english_text_has_no_chinese_but_the_input_it_quotes(models, period, briefing_outline):
    model, names = models[period], input_texts(models[period])
    for text in briefing_outline(model, "en").texts.values():
        left = CJK.findall(without_input(text, names))
        assert not left, f"{period}: Chinese left in the English text: {left}\n{text}"


@pytest.mark.parametrize("period", PERIODS)
def test_english_tables_and_notes_have_no_chinese_but_the_input_they_quote(
    models, period, briefing_outline
):
    model, names = models[period], input_texts(models[period])
    for table in briefing_outline(model, "en").tables:
        for header in table.columns:
            assert not CJK.search(str(header)), f"{period}: header {header!r}"
        for cell in table.astype(str).to_numpy().ravel():
            assert not CJK.search(without_input(cell, names)), f"{period}: cell {cell!r}"
    for note in sections.appendix.data_notes(model, "en"):
        assert not CJK.search(without_input(note, names)), f"{period}: note {note!r}"


def test_english_notes_quote_the_english_of_meta_yml_and_say_when_there_is_none(models):
    seed = models["2011-02"]
    notes = sections.appendix.data_notes(seed, "en")
    assert notes[0].startswith("Source: Guiyang Commission of Industry and Information")
    assert "Derived: 19.21 billion yuan is 15.15% of the annual target" in notes[1]
    chinese_only = dataclasses.replace(
        seed.figures, source_en="", provenance=seed.figures.provenance.assign(note_en=None)
    )
    notes = sections.appendix.data_notes(dataclasses.replace(seed, figures=chinese_only), "en")
    assert notes[0] == (
        "Source (the input gives it in Chinese only): "
        "贵阳市工业和信息化委员会，全市工业投资和运行分析会议新闻稿（2011年3月9日）"
    )
    assert notes[1] == (
        "Derived (the input gives this note in Chinese only): "
        "由192.1亿元为全年目标任务的15.15%推算（约1268亿元）"
    )
    # the Chinese briefing quotes the Chinese notes, as written
    assert (
        sections.appendix.data_notes(seed)[1]
        == "推算：由192.1亿元为全年目标任务的15.15%推算（约1268亿元）"
    )


@pytest.mark.parametrize("period", PERIODS)
def test_english_amounts_are_the_chinese_figures_in_billion_yuan(models, period):
    """The Chinese figure, the point moved one place, at the precision the Chinese shows: to
    2 decimals from one billion on (16.23亿元 is 1.62 billion yuan), every digit below it."""
    model = models[period]
    zh = sections.parks.table(model, "zh")
    en = sections.parks.table(model, "en")
    for yi, billion in zip(zh["累计完成（亿元）"], en["Completed (billion yuan)"], strict=True):
        moved = Decimal(yi).scaleb(-1)
        if moved >= 1:
            moved = moved.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        assert Decimal(billion) == moved
        assert len(billion.partition(".")[2]) <= (2 if moved >= 1 else 3)
    assert list(zh["完成年度目标（%）"]) == list(en["Annual target completed (%)"])


@pytest.mark.parametrize("period", PERIODS)
def test_statuses_and_stages_are_translated(models, period):
    model = models[period]
    statuses = sections.operation.status_table(model, "en")["Production status"]
    assert set(statuses) <= {
        *labels.group("production_status", "en").values(),
        *[labels.label("row.troubled_total", "en")],
    }
    stages = sections.investment.stage_table(model, "en")["Stage"]
    assert set(stages) <= {*labels.group("stage", "en").values(), "Total"}


# --- labels and phrases ----------------------------------------------------------------------


def keys_of(node, prefix=""):
    if isinstance(node, dict):
        return {k for key, value in node.items() for k in keys_of(value, f"{prefix}{key}.")}
    return {prefix.rstrip(".") + (f"[{len(node)}]" if isinstance(node, list) else "")}


def test_every_language_has_the_same_labels():
    zh = keys_of(labels.labels_of("zh"))
    for lang in settings.LANGUAGES:
        assert keys_of(labels.labels_of(lang)) == zh, lang


def test_labels_cover_the_closed_lists_of_the_contract():
    assert labels.group("indicator", "zh") == contract.PLAN_INDICATOR_NAMES
    for lang in settings.LANGUAGES:
        assert set(labels.group("indicator", lang)) == set(contract.PLAN_INDICATOR_NAMES)
        assert set(labels.group("production_status", lang)) == set(contract.PRODUCTION_STATUSES)
        assert set(labels.group("stage", lang)) == set(contract.PROJECT_STAGES)


def test_english_words_of_the_brief():
    assert labels.term("production_status", "正常生产", "en") == "in normal production"
    assert labels.term("production_status", "停产", "en") == "stopped"
    assert labels.term("production_status", "部分生产", "en") == "partly producing"
    assert labels.term("production_status", "未投产", "en") == "not yet producing"
    assert labels.term("stage", "新开工", "en") == "new start"
    assert labels.term("stage", "续建", "en") == "continuing"
    assert labels.term("stage", "建成投产", "en") == "completed and in operation"
    assert labels.term("stage", "预备", "en") == "preparatory"
    assert labels.indicator_name("industrial_investment", "en") == "Industrial investment"


@pytest.mark.parametrize(
    ("month", "zh", "en"),
    [(1, "1月", "January"), (2, "1-2月", "January–February"), (7, "1-7月", "January–July")],
)
def test_period_labels(month, zh, en):
    period = Period(2011, month)
    assert labels.period_label(period, "zh") == zh == period.label
    assert labels.period_label(period, "en") == en


def test_unknown_language_is_refused_with_the_choices():
    with pytest.raises(UnknownLanguageError, match="zh, en"):
        labels.label("heading.overview", "fr")


@pytest.mark.parametrize(
    ("growth", "expected"),
    [
        (259.0, "3.59 times the level of a year earlier (derived), up 259%"),
        (27.6, "up 27.6% year on year"),
        (-5.2, "down 5.2% year on year"),
        (0.0, "unchanged from a year earlier"),
    ],
)
def test_growth_phrase_in_english(growth, expected):
    assert formatting.growth_phrase(growth, given=True, lang="en") == expected


def test_versus_progress_in_english_in_percentage_points():
    behind = formatting.versus_progress(192.1 / 1268 * 100, 200 / 12, lang="en")
    assert behind == "behind the time-elapsed benchmark by 1.52 percentage points"
    assert (
        formatting.versus_progress(30.0, 25.0, "the plan", "en")
        == "ahead of the plan by 5 percentage points"
    )
    assert (
        formatting.versus_progress(26.0, 25.0, "the plan", "en")
        == "ahead of the plan by 1 percentage point"
    )
    assert (
        formatting.versus_progress(16.666, 200 / 12, lang="en")
        == "level with the time-elapsed benchmark"
    )


def test_amounts_in_english_move_the_point_of_the_rounded_figure():
    assert formatting.format_amount(192.1, "en") == "19.21 billion yuan"
    assert formatting.format_amount(1279.41, "en") == "127.94 billion yuan"  # never 127.941
    assert formatting.format_amount(107.59, "en") == "10.76 billion yuan"  # of 107.59亿元, half-up
    assert formatting.format_amount(7.54, "en") == "0.754 billion yuan"  # small: every digit
    assert formatting.format_amount(0.17, "en") == "0.017 billion yuan"
    assert formatting.format_amount(1.005, "en") == "0.101 billion yuan"  # 1.01亿元, half-up
    assert formatting.format_amount(-0.004, "en") == "0 billion yuan"
    assert tables.signed_amount_or_dash(-1.52, "en") == "-0.152"
    assert tables.amount_or_dash(None, "en") == tables.DASH


def test_english_titles_and_headings(seed):
    assert notebook.briefing_title(seed.figures, "en") == (
        "Guiyang Industrial Economy Briefing, January–February 2011"  # profile.yml: region_en
    )
    assert notebook.topic_title(seed, "parks", "en") == (
        "Guiyang: construction of the key industrial parks, January–February 2011"
    )
    assert notebook.briefing_title(seed.figures) == "贵阳市工业经济运行简报（2011年1-2月）"
    assert labels.label("heading.overview", "en") == "I. Overview"


def test_english_title_without_an_english_name_puts_the_input_name_last(seed):
    """An English title never starts with Chinese: without region_en the name comes last."""
    unnamed = dataclasses.replace(seed.figures, profile={"region": "贵阳市", "layout": "seed"})
    assert notebook.briefing_title(unnamed, "en") == (
        "Industrial Economy Briefing, January–February 2011 — 贵阳市"
    )
    assert notebook.page_title(unnamed, "operation", "en") == (
        "Industrial operation, January–February 2011 — 贵阳市"
    )
    assert notebook.briefing_title(unnamed) == "贵阳市工业经济运行简报（2011年1-2月）"


def test_english_chart_axes(seed):
    actual, path = sections.trends.target_path(seed, seed.output, "en")
    assert actual["value"].tolist() == pytest.approx([19.21])
    spec = charts.cumulative_vs_target_path(actual, path, title="Figure 2", lang="en").to_dict()
    x = spec["encoding"]["x"]
    assert x["title"] == "Month (cumulative to the month)"
    assert "Jan–Feb" in x["axis"]["labelExpr"]
    assert spec["encoding"]["y"]["title"] == "Cumulative (billion yuan)"
    row = next(iter(spec["datasets"].values()))[0]  # the month's, then the target path's
    assert (row["period"], row["amount_label"]) == ("January–February", "19.21 billion yuan")


# --- the notebook ----------------------------------------------------------------------------


@pytest.mark.slow  # executes the notebook in a kernel
def test_briefing_notebook_in_english_has_english_headings_in_order(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_WAREHOUSE", str(tmp_path / "w.duckdb"))
    executed = tmp_path / "briefing.ipynb"
    papermill.execute_notebook(
        str(settings.BRIEFING_NOTEBOOK),
        str(executed),
        parameters={"lang": "en", "data_dir": str(settings.RAW_DATA_DIR)},
        cwd=str(tmp_path),
        progress_bar=False,
    )
    markdown = [
        output["data"]["text/markdown"]
        for cell in nbformat.read(executed, as_version=4).cells
        for output in cell.get("outputs", [])
        if "text/markdown" in output.get("data", {})
    ]
    headings = [text for text in markdown if text.startswith("## ")]
    sections_ = ["overview", "operation", "investment", "parks", "concerns", "appendix"]
    assert headings == [f"## {labels.label(f'heading.{key}', 'en')}" for key in sections_]
    assert markdown[0] == "# Guiyang Industrial Economy Briefing, January–February 2011"
    assert any("3.59 times the level of a year earlier, up 259%" in text for text in markdown)


def test_the_index_summary_names_the_region_in_the_briefings_language(seed):
    assert notebook.summary_of(seed, "zh")["region_name"] == "贵阳市"
    assert notebook.summary_of(seed, "en")["region_name"] == "Guiyang"  # data/raw/profile.yml
