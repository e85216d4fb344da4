"""History from text (issue 21): last year's bulletin, read by `briefing read`, gives this
year's month the 上年同期 its input lacks, and the briefing says the growth computed from it
with a mark, in the sentence and in the table; the data-quality findings name the release.

Last year's text is the whole bundled 2011-08 briefing (the notebook's own words, every
section as a page shows it: its districts, parks and enterprises too); this year's month is
the bundled 2011-08 folder as 2012-08, its 规模以上工业总产值 a new figure without 上年同期
or rate. Both go through the commands an analyst types (read, ingest) and the loader a
notebook calls."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from industry_briefing import cli
from industry_briefing.analysis import loading
from industry_briefing.core import settings
from industry_briefing.core.periods import Period
from industry_briefing.ingest.text.normalise import normalise
from industry_briefing.ingest.text.reading import region_of
from industry_briefing.publish import workbook

MARK = "（上年同期数读自上年公布的简报原文）"
# 1000 / 823.05 = 1.21499…: 823.05 × 1.21495 = 999.9646 < 1000 < 823.05 × 1.215 = 1000.00575,
# so the growth is between 21.495% and 21.5%, said as 21.5% (half-up to two decimals).
GROWTH = "同比增长21.5%"


def invoke(*args: object) -> str:
    result = CliRunner().invoke(cli.main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def root(tmp_path: Path, models, briefing_outline) -> Path:
    """A data root holding 2011-08 read from the bundled month's briefing text, and 2012-08."""
    root = tmp_path / "raw"
    root.mkdir()
    # The bundled region's profile, less what every month must hold: a draft holds what its
    # text gives (its indicators' rows and facts, no parks table).
    profile = yaml.safe_load((settings.RAW_DATA_DIR / "profile.yml").read_text(encoding="utf-8"))
    del profile["required"], profile["parks_required"]
    (root / "profile.yml").write_text(yaml.safe_dump(profile, allow_unicode=True), "utf-8")
    text = tmp_path / "guiyang-2011-08.txt"
    # the whole briefing as a page shows it (tags removed): its own region is 贵阳市, not a
    # district it lists (息烽县), and 工业投资 is the city's, not 小河区's 44.4亿元
    sections = "\n\n".join(briefing_outline(models["2011-08"], "zh").texts.values())
    text.write_text(html.unescape(re.sub(r"<[^>]+>", "", sections)), "utf-8")
    assert region_of(normalise(text.read_text("utf-8"))) == "贵阳市"  # without the profile too
    invoke("read", text, "--period", "2011-08", "--out", root)
    this_year = root / "2012-08"
    shutil.copytree(settings.RAW_DATA_DIR / "2011-08", this_year)
    meta = this_year / "meta.yml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace('period: "2011-08"', 'period: "2012-08"'), "utf-8"
    )
    rows = this_year / "indicators.csv"
    bundled = "规模以上工业总产值,823.05,亿元,664.29,23.9,"
    assert bundled in rows.read_text(encoding="utf-8")  # the bundled month, as the test knows it
    rows.write_text(
        rows.read_text(encoding="utf-8").replace(bundled, "规模以上工业总产值,1000,亿元,,,"),
        "utf-8",
    )
    return root


def test_the_draft_names_its_text_and_holds_last_years_figure(root):
    draft = root / "2011-08"
    meta = yaml.safe_load((draft / "meta.yml").read_text(encoding="utf-8"))
    assert meta["read_from"] == "guiyang-2011-08.txt"
    # the bundled 2011-08's 规模以上工业总产值 and 工业投资, as its briefing's first sentences
    # say them (小河区's 44.4亿元, listed later, is the district's)
    rows = (draft / "indicators.csv").read_text("utf-8")
    assert "规模以上工业总产值,823.05,亿元,23.9," in rows
    assert "工业投资,254.24,亿元,81.7," in rows and "44.4" not in rows


def test_this_years_briefing_says_the_growth_from_last_years_text_with_its_mark(
    root, tmp_path, briefing_outline
):
    db = tmp_path / "w.duckdb"
    for period in ("2011-08", "2012-08"):
        invoke("ingest", period, "--data-dir", root, "--warehouse", db)
    model = loading.load_model("2012-08", str(root), str(db))
    assert model.output is not None and model.output.prior is not None
    assert (model.output.prior.value, model.output.prior.kind) == (823.05, "text")
    assert model.output.growth_pct == pytest.approx((1000 / 823.05 - 1) * 100)
    assert model.investment is not None and model.investment.prior is None  # its own 上年同期

    outline = briefing_outline(model, "zh")
    assert f"规模以上工业总产值1000亿元，{GROWTH}{MARK}，" in outline.texts["overview"]
    assert f"规模以上工业总产值1000亿元，{GROWTH}{MARK}，" in outline.texts["operation"]
    assert outline.captions[0].startswith("表1  主要指标完成情况")
    table = outline.tables[0].set_index("指标")
    assert table.loc["规模以上工业总产值", "同比"] == GROWTH + MARK
    # 工业投资 gives its own 上年同期 and its printed rate: said as printed, unmarked
    assert table.loc["工业投资", "同比"] == "同比增长81.7%"
    # 附表2 and tables.xlsx: the input lacks its 上年同期, and the growth rests on 2011-08
    said = "未给出上年同期数和同比增长率，同比增速按2011年1-8月的数推算"
    findings = outline.tables[outline.captions.index("附表2  需要核实的数据")]
    assert said in findings.loc[findings["对象"] == "规模以上工业总产值", "说明"].tolist()
    earlier, priors = loading.checked_against("2012-08", str(root), str(db))
    assert (earlier, priors) == ([], {"industrial_output": Period(2011, 8)})
    book = openpyxl.load_workbook(
        workbook.write_tables(model.figures, tmp_path, "zh", None, priors)
    )
    cells = {cell for row in book["数据质量核实"].iter_rows(values_only=True) for cell in row}
    assert said in cells
