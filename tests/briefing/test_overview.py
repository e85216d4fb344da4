"""The seed month: the briefing must say what the commission published for 1-2月 2011."""

import pandas as pd
import pytest

from industry_briefing.analysis.model import build_model
from industry_briefing.analysis.progress import indicator_progress, year_on_year_pct
from industry_briefing.briefing import cells as tables
from industry_briefing.briefing import sections
from industry_briefing.core import settings
from industry_briefing.core.periods import Period
from industry_briefing.ingest import reader

SEED_PARKS = {
    "贵阳麦架-沙文高新技术产业园": "2.25",
    "贵阳市小河-孟关装备制造业生态工业园区": "3",
    "开阳磷煤化工生态工业基地": "0.17",
    "息烽县磷煤精细化工工业园": "0.22",
    "白云铝及铝加工基地": "0.1",
    "清镇铝煤生态工业园区": "0.15",
    "龙洞堡食品工业园": "0.35",
    "修文医药产业园区": "0.65",
    "乌当医药食品工业园区": "0.1",
    "贵阳金石石材工业园区": "0.55",
}


@pytest.fixture(scope="module")
def seed():
    figures = reader.read_period(settings.RAW_DATA_DIR, "2011-02")
    return build_model(figures)


@pytest.fixture(scope="module")
def text(seed):
    return sections.overview.text(seed)


@pytest.mark.parametrize(
    "published",
    [
        "规模以上工业总产值192.1亿元",
        "同比增长27.6%，为全年目标任务的15.15%",
        "落后时间进度1.52个百分点",
        "工业投资累计完成29亿元，为去年同期的3.59倍，同比增长259%",
        "占全市固定资产投资的23.02%，为全年目标任务的5.3%",
        "完成基础设施建设投资7.54亿元，为全年目标任务的3.8%",
    ],
)
def test_headline_says_the_published_figures(text, published):
    assert published in text


def test_headline_names_every_park_with_its_figure(text):
    for park, amount in SEED_PARKS.items():
        assert f"{park}完成{amount}亿元" in text


def test_headline_never_says_increase_by_a_multiple(text):
    assert "增长3.59倍" not in text


def test_key_figures_table_holds_the_figures_of_the_text(seed, text):
    table = sections.overview.key_figures_table(seed).set_index("指标")
    assert table.loc["规模以上工业总产值", "完成年度目标（%）"] == "15.15"
    assert table.loc["工业投资", "完成年度目标（%）"] == "5.3"
    assert table.loc["重点工业园区基础设施建设投资", "本期累计（亿元）"] == "7.54"
    assert table.loc["规模以上工业总产值", "比进度要求（个百分点）"] == "-1.52"
    assert table.loc["规模以上工业总产值", "进度要求（%）"] == "16.67"
    for column in ("本期累计（亿元）", "完成年度目标（%）"):
        for figure in table[column]:
            assert figure in text


def test_parks_table_totals_and_labels_illustrative_targets(seed):
    table = sections.parks.table(seed)
    assert list(table["园区"][:-1]) == list(SEED_PARKS)
    total = table.iloc[-1]
    assert total["园区"] == "合计"
    assert total["累计完成（亿元）"] == "7.54"
    assert total["完成年度目标（%）"] == "3.8"
    assert "年度目标（亿元）（示意）" in table.columns
    completed = dict(zip(table["园区"], table["累计完成（亿元）"], strict=True))
    assert completed == {**SEED_PARKS, "合计": "7.54"}


def test_provenance_notes_explain_derived_and_illustrative_figures(seed):
    notes = tables.provenance_notes(seed.figures)
    assert any(n.startswith("推算：") and "15.15%" in n for n in notes)
    assert any(n.startswith("示意：") and "各园区年度目标" in n for n in notes)


def test_official_rate_wins_over_recomputed_rate():
    growth, official = year_on_year_pct(29.0, 8.0, 259.0)  # 29/8 would give 262.5%
    assert (growth, official) == (259.0, True)
    growth, official = year_on_year_pct(29.0, 8.0, float("nan"))
    assert (growth, official) == (262.5, False)
    assert year_on_year_pct(29.0, float("nan"), float("nan")) == (None, False)


def test_missing_target_gives_no_completion_rate():
    indicators = pd.DataFrame(
        {
            "indicator": ["industrial_output"],
            "value": [10.0],
            "prior_value": [8.0],
            "growth_pct": [float("nan")],
            "annual_target": [float("nan")],
            "note": [None],
        }
    )
    progress = indicator_progress(indicators, "industrial_output", Period.parse("2011-03"))
    assert progress.completion_pct is None
    assert progress.points_vs_expected is None
    assert progress.growth_pct == pytest.approx(25.0)


def test_key_figures_table_marks_targets_that_were_not_published(seed):
    targets = sections.overview.key_figures_table(seed).set_index("指标")["年度目标（亿元）"]
    assert targets["规模以上工业总产值"] == "1268（推算）"
    assert targets["工业投资"] == "547（推算）"
    assert targets["重点工业园区基础设施建设投资"] == "198.5（示意）"
