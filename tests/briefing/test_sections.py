"""Every bundled month: the five sections and the appendix, and no figure in the text that is
not in a table (the narrative never drifts from the numbers), in Chinese and in English."""

import pytest

from industry_briefing.briefing import sections
from industry_briefing.core import periods, settings

PERIODS = [str(p) for p in periods.available_periods(settings.RAW_DATA_DIR)]
LANGS = list(settings.LANGUAGES)


def test_the_bundled_year_is_there():
    assert PERIODS[0] == "2011-02"
    assert len(PERIODS) >= 2


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("period", PERIODS)
def test_every_figure_in_the_text_is_in_a_table(
    models, period, lang, briefing_outline, figures_of_text, figures_of_tables
):
    model = models[period]
    outline = briefing_outline(model, lang)
    cells = figures_of_tables(outline.tables)
    for name, text in outline.texts.items():
        missing = figures_of_text(text, model, lang) - cells
        assert not missing, (
            f"{period} {lang} section {name}: {sorted(missing)} not in any table\n{text}"
        )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("period", PERIODS)
def test_every_section_says_something(models, period, lang, briefing_outline):
    texts = briefing_outline(models[period], lang).texts
    assert list(texts) == ["overview", "operation", "investment", "parks", "concerns"]
    for name, text in texts.items():
        assert len(text) > 20, f"{period} {lang} section {name} is empty"


def test_seed_month_keeps_the_published_figures(models):
    text = sections.overview.text(models["2011-02"])
    assert "为全年目标任务的15.15%，落后时间进度1.52个百分点" in text
    assert (
        "为去年同期的3.59倍，同比增长259%，占全市固定资产投资的23.02%，为全年目标任务的5.3%" in text
    )
    assert "7.54亿元，为全年目标任务的3.8%" in text


def test_seed_month_has_no_optional_tables_and_says_so(models):
    model = models["2011-02"]
    assert "本期未报送重点企业监测数据" in sections.operation.text(model)
    assert "本期未报送重大项目进度数据" in sections.investment.text(model)


def test_concerns_name_behind_target_indicators_with_their_figures(models):
    text = sections.concerns.text(models["2011-02"])
    # investment 5.3% against time progress 16.67%: far behind (≤ −5 个百分点)
    assert "工业投资严重滞后" in text
    assert "落后时间进度11.37个百分点" in text
    assert "规模以上工业总产值落后进度" in text


def test_tables_of_unreported_data_are_left_out_not_shown_as_zeros(models):
    seed = models["2011-02"]  # no enterprises and no projects reported
    assert (
        sections.operation.status_table(seed).empty and sections.investment.stage_table(seed).empty
    )
    later = models["2011-03"]
    assert sections.investment.stage_table(later).iloc[-1, 0] == "合计"
    assert sections.operation.status_table(later).iloc[-1, 1] > 0
