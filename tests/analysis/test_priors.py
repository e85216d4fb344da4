"""上年同期 from last year's release of the same month (analysis/priors.py), in the model: a
row without its own takes last year's figure, with that figure's provenance; the input's own
上年同期 and a printed rate win; 增加值 is never computed from two values; the data-quality
finding of the missing 上年同期 names the release the growth rests on."""

from __future__ import annotations

from pathlib import Path

import pytest

from industry_briefing.analysis import quality
from industry_briefing.analysis.findings import PRIOR, WARNING, Indicator, Release
from industry_briefing.analysis.model import build_model, reads_last_year
from industry_briefing.core.periods import Period
from industry_briefing.ingest import reader

PROFILE = "region: 示例市\nlevel: 市\nrequired: []\n"
HEADER = "指标,本期累计,单位,上年同期,同比增长(%),年度目标,备注\n"
# This year's month: 总产值 and 用电量 without a 上年同期 or a rate, 工业投资 with its own
# 上年同期, 增加值 (growth: given) and 主营业务收入 with a printed rate only.
THIS_YEAR = (
    "规模以上工业总产值,1000,亿元,,,,\n"
    "工业投资,300,亿元,250,,,\n"
    "规模以上工业增加值,260,亿元,,,,\n"
    "工业用电量,12,亿千瓦时,,,,\n"
    "主营业务收入,900,亿元,,8.1,,\n"
)
# Last year's month: a figure for each (用电量 entered in 万千瓦时, another unit of its family).
LAST_YEAR = (
    "规模以上工业总产值,800,亿元,,,,\n"
    "工业投资,200,亿元,,,,\n"
    "规模以上工业增加值,240,亿元,,,,\n"
    "工业用电量,100000,万千瓦时,,,,\n"
    "主营业务收入,850,亿元,,,,\n"
)


def write_month(root: Path, period: str, rows: str, meta_extra: str = "") -> None:
    folder = root / period
    folder.mkdir(parents=True)
    (folder / "indicators.csv").write_text(HEADER + rows, encoding="utf-8")
    (folder / "meta.yml").write_text(
        f'region: 示例市\nperiod: "{period}"\nsource: 测试\n{meta_extra}'
        "tables:\n  indicators:\n    provenance: published\n",
        encoding="utf-8",
    )


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "raw"
    root.mkdir()
    (root / "profile.yml").write_text(PROFILE, encoding="utf-8")
    write_month(root, "2012-08", THIS_YEAR)
    return root


def model_of(root: Path, *last_year: str):
    figures = reader.read_period(root, Period(2012, 8))
    releases = [reader.read_period(root, Period.parse(p)) for p in last_year]
    return build_model(figures, releases=[figures], last_year_releases=releases)


def test_a_row_without_its_prior_takes_last_years_figure_of_the_same_month(root):
    write_month(root, "2011-08", LAST_YEAR)
    model = model_of(root, "2011-08")
    output = model.statement("industrial_output")
    # 1000 / 800 − 1 = 25%, computed (no rate printed), from 2011-08's published figure
    assert output.growth_pct == pytest.approx(25.0) and not output.growth_is_official
    assert output.prior is not None
    assert (output.prior.value, output.prior.unit, output.prior.period) == (
        800.0,
        "亿元",
        Period(2011, 8),
    )
    assert (output.prior.provenance, output.prior.read_from, output.prior.kind) == (
        "published",
        "",
        "release",  # entered by hand, not read from a text
    )
    # 12亿千瓦时 = 120000万千瓦时 against 100000万千瓦时: +20%, the units of one family
    electricity = model.statement("electricity_use")
    assert electricity.growth_pct == pytest.approx(20.0) and electricity.prior is not None
    assert electricity.prior.value == pytest.approx(100000.0)


def test_the_inputs_own_prior_and_a_printed_rate_win_and_value_added_is_not_computed(root):
    write_month(root, "2011-08", LAST_YEAR)
    model = model_of(root, "2011-08")
    investment = model.statement("industrial_investment")
    # its own 上年同期: 300 / 250 − 1 = 20% (not 300 / 200 − 1 = 50% from last year's release)
    assert investment.growth_pct == pytest.approx(20.0) and investment.prior is None
    revenue = model.statement("main_business_revenue")
    assert (revenue.growth_pct, revenue.growth_is_official, revenue.prior) == (8.1, True, None)
    # 增加值 grows at comparable prices: 260 against 240 gives no rate
    value_added = model.statement("industrial_value_added")
    assert value_added.growth_pct is None and value_added.prior is None


def test_the_seed_progress_computes_the_same_growth_from_the_prior(root):
    write_month(root, "2011-08", LAST_YEAR)
    model = model_of(root, "2011-08")
    assert model.output is not None and model.output.prior is not None
    assert model.output.growth_pct == pytest.approx(25.0)
    assert model.investment is not None and model.investment.prior is None


def test_only_the_same_month_of_last_year_gives_a_prior(root):
    write_month(root, "2011-07", LAST_YEAR)  # another month's cumulative figure: not a prior
    model = model_of(root, "2011-07")
    output = model.statement("industrial_output")
    assert output.growth_pct is None and output.prior is None


@pytest.mark.parametrize(
    ("meta", "kind"),
    [
        ("read_from: guiyang-2011-08.txt\n", "text"),
        ("", "release"),
    ],
)
def test_the_prior_keeps_whether_its_release_was_read_from_a_text(root, meta, kind):
    write_month(root, "2011-08", LAST_YEAR, meta)
    prior = model_of(root, "2011-08").statement("industrial_output").prior
    assert prior is not None and prior.kind == kind
    assert prior.read_from == ("guiyang-2011-08.txt" if meta else "")


def test_the_prior_keeps_its_releases_provenance(root):
    write_month(root, "2011-08", LAST_YEAR, "read_from: text.txt\n")
    meta = root / "2011-08" / "meta.yml"
    meta.write_text(
        meta.read_text(encoding="utf-8")
        + "    overrides:\n      - row: 规模以上工业总产值\n        column: value\n"
        "        provenance: illustrative\n        note: 测试\n",
        encoding="utf-8",
    )
    prior = model_of(root, "2011-08").statement("industrial_output").prior
    # read from a text, but illustrative there: the mark says 示意 first
    assert prior is not None and (prior.provenance, prior.kind) == ("illustrative", "illustrative")


def test_a_month_lacking_a_prior_reads_last_year_and_one_with_all_its_priors_does_not(root):
    assert reads_last_year(reader.read_period(root, Period(2012, 8)))
    complete = THIS_YEAR.replace(
        "规模以上工业总产值,1000,亿元,,", "规模以上工业总产值,1000,亿元,800,"
    )
    complete = complete.replace("工业用电量,12,亿千瓦时,,", "工业用电量,12,亿千瓦时,10,")
    (root / "2012-08" / "indicators.csv").write_text(HEADER + complete, encoding="utf-8")
    # 增加值 lacks a prior too, but its growth is never computed: it asks for none
    assert not reads_last_year(reader.read_period(root, Period(2012, 8)))


def test_the_missing_prior_finding_names_the_release_the_growth_rests_on(root):
    write_month(root, "2011-08", LAST_YEAR)
    found = {f.item: f for f in quality.checks_of(model_of(root, "2011-08")) if f.check == PRIOR}
    # the input still lacks its own 上年同期 (a warning), but a growth is said: from 2011-08
    output = found[Indicator("industrial_output")]
    assert (output.status, output.kind) == (WARNING, "prior_last_year")
    assert output.fields == {"release": Release(Period(2011, 8))}
    # 增加值: no prior taken, no rate computed
    assert found[Indicator("industrial_value_added")].kind == "no_prior"
