"""Every bundled month: the five sections and the appendix, and no figure in the text that is
not in a table (the narrative never drifts from the numbers), in Chinese and in English."""

import re

import pandas as pd
import pytest

from industry_briefing.analysis.model import MonthModel
from industry_briefing.briefing import labels
from industry_briefing.briefing.sections import overview as headline
from industry_briefing.briefing.sections import sections
from industry_briefing.core import settings
from industry_briefing.ingest import reader

PERIODS = [str(p) for p in reader.available_periods(settings.RAW_DATA_DIR)]
LANGS = list(labels.LANGUAGES)
NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Numbers in the text that are not figures of a table: period labels (1-7月), counts of rows
# (10个园区, 33户, 后5个月), list numbering, and the meeting's thresholds.
NOT_A_FIGURE = {
    "zh": re.compile(
        r"表\d+|1-\d+月|(?<![\d.])\d+(?:月|个(?!百分点)|户|家)|^\d+\. |\n\d+\. "
        r"|总投资1000万元|年产值5000万元"
    ),
    "en": re.compile(
        r"Table \d+|^\d+\. |\n\d+\. |\d+ million yuan"
        r"|(?<![\d.])\d+ (?:of the )?(?:key |major |completed |industrial )*"
        r"(?:months?|parks?|projects?|enterprises?|districts?)\b"
    ),
}


def section_texts(model: MonthModel, lang: str = "zh") -> dict[str, str]:
    return sections.briefing_texts(model, lang)


def all_tables(model: MonthModel, lang: str = "zh") -> list[pd.DataFrame]:
    return sections.briefing_tables(model, lang)


def figures_in(text: str, model: MonthModel, lang: str = "zh") -> set[str]:
    """Numbers the text states as figures (names such as 年产8万吨…项目 are not figures)."""
    figures = model.figures
    names = [
        *figures.parks["park"],
        *figures.projects["project"],
        *figures.enterprises["enterprise"],
    ]
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    return set(NUMBER.findall(NOT_A_FIGURE[lang].sub(" ", text)))


def test_the_bundled_year_is_there():
    assert PERIODS[0] == "2011-02"
    assert len(PERIODS) >= 2


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("period", PERIODS)
def test_every_figure_in_the_text_is_in_a_table(models, period, lang):
    model = models[period]
    cells = set()
    for table in all_tables(model, lang):
        for value in table.astype(str).to_numpy().ravel():
            cells |= set(NUMBER.findall(value))
    for name, text in section_texts(model, lang).items():
        missing = figures_in(text, model, lang) - cells
        assert not missing, (
            f"{period} {lang} section {name}: {sorted(missing)} not in any table\n{text}"
        )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("period", PERIODS)
def test_every_section_says_something(models, period, lang):
    for name, text in section_texts(models[period], lang).items():
        assert len(text) > 20, f"{period} {lang} section {name} is empty"


def test_seed_month_keeps_the_published_figures(models):
    text = headline.headline_text(models["2011-02"])
    assert "为全年目标任务的15.15%，落后时间进度1.52个百分点" in text
    assert (
        "为去年同期的3.59倍，同比增长259%，占全市固定资产投资的23.02%，为全年目标任务的5.3%" in text
    )
    assert "7.54亿元，为全年目标任务的3.8%" in text


def test_seed_month_has_no_optional_tables_and_says_so(models):
    model = models["2011-02"]
    assert "本期未报送重点企业监测数据" in sections.operation_text(model)
    assert "本期未报送重大项目进度数据" in sections.investment_text(model)


def test_concerns_name_behind_target_indicators_with_their_figures(models):
    text = sections.concerns_text(models["2011-02"])
    # investment 5.3% against time progress 16.67%: far behind (≤ −5 个百分点)
    assert "工业投资严重滞后" in text
    assert "落后时间进度11.37个百分点" in text
    assert "规模以上工业总产值落后进度" in text


def test_tables_of_unreported_data_are_left_out_not_shown_as_zeros(models):
    seed = models["2011-02"]  # no enterprises and no projects reported
    assert sections.status_table(seed).empty and sections.stage_table(seed).empty
    later = models["2011-03"]
    assert sections.stage_table(later).iloc[-1, 0] == "合计"
    assert sections.status_table(later).iloc[-1, 1] > 0
