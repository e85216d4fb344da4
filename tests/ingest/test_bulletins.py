"""The eleven real published bulletins (tests/data/bulletins/, from ../shared/real-bulletins)
entered in the contract: each data root reads without a problem, with its profile and its own
indicators; the figures its text gives are stored as entered; nothing computed is said beside
a printed figure of the same thing."""

from pathlib import Path

import pytest

from industry_briefing.analysis.judgments import computed_beside_printed
from industry_briefing.analysis.model import build_model
from industry_briefing.contract import units
from industry_briefing.ingest import reader

BULLETINS = Path(__file__).parents[1] / "data" / "bulletins"
ROOTS = sorted(p for p in BULLETINS.iterdir() if p.is_dir())


@pytest.mark.parametrize("root", ROOTS, ids=lambda p: p.name)
def test_each_bulletin_reads_without_problems(root):
    [period] = [p.name for p in root.iterdir() if p.is_dir()]
    figures = reader.read_period(root, period)
    assert figures.warnings == ()
    assert figures.profile is not None  # each region states its shape
    assert not figures.indicators.empty


def test_figures_are_shown_back_in_the_units_printed():
    figures = reader.read_period(BULLETINS / "qianxinan-2012-08", "2012-08")
    products = figures.products.set_index("product")
    shown = {
        name: f"{units.in_unit(products.loc[name, 'value'], products.loc[name, 'unit']):f}"
        + products.loc[name, "unit"]
        for name in ("原煤", "黄金", "白酒")
    }
    assert shown == {"原煤": "1647.31万吨", "黄金": "6330千克", "白酒": "2564千升"}
    indicators = figures.indicators.set_index("indicator")
    assert indicators.loc["industrial_value_added", "value_rank"] == 5
    assert indicators.loc["industrial_value_added", "growth_rank"] == 6


@pytest.mark.parametrize("root", ROOTS, ids=lambda p: p.name)
def test_no_computed_figure_is_stated_beside_a_printed_one(root):
    [period] = [p.name for p in root.iterdir() if p.is_dir()]
    assert computed_beside_printed(build_model(reader.read_period(root, period))) == []
