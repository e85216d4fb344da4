"""`briefing read` and `briefing audit` on the real bulletins' texts, as an analyst meets them:
the report of every number, the draft folder that `briefing check` takes, one-line refusals,
and the audit's exit code."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from industry_briefing import cli
from industry_briefing.core import settings

DATA = Path(__file__).parent / "data"
BULLETINS = DATA / "bulletins"
NAMES = sorted(p.name for p in BULLETINS.iterdir())


# check, ingest and template speak the analyst's language: these tests read their English.
ENGLISH = {"check", "ingest", "template"}


def invoke(*args, stdin: bytes | None = None):
    command = [str(a) for a in args] + (
        ["--lang", "en"] if args and str(args[0]) in ENGLISH else []
    )
    return CliRunner().invoke(cli.main, command, input=stdin)


@pytest.fixture
def yiwu(tmp_path, bulletin_excerpt) -> Path:
    text = tmp_path / "yiwu.txt"
    text.write_text(bulletin_excerpt("yiwu-2018-06"), encoding="utf-8")
    return text


@pytest.fixture
def yiwu_root(tmp_path) -> Path:
    root = tmp_path / "yiwu-root"
    root.mkdir()
    # 义乌's own indicator, 工业投资项目完成投资额, as its hand-written folder declares it
    shutil.copy(BULLETINS / "yiwu-2018-06" / "indicators.yml", root / "indicators.yml")
    return root


def test_read_reports_every_number_writes_a_draft_that_check_takes(yiwu, yiwu_root):
    result = invoke("read", yiwu, "--period", "2018-06", "--out", yiwu_root)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "  24.37亿千瓦时: indicators.csv row 1, 工业用电量 总量" in lines
    assert "  73.44%: facts.csv row 7, 工业投资项目完成投资额 of 亿元以上投资项目 占比" in lines
    assert "  934%: facts.csv row 2, 工业用电量 of 电气机械和器材制造业 增速" in lines
    assert "  30个: facts.csv row 5, 工业投资项目完成投资额 of 亿元以上投资项目 个数" in lines
    assert any(line.startswith("  7月18日: left, a date") for line in lines)
    assert "mismatch: share printed 73.44%, part over whole gives 77.44%" in result.output
    assert "draft written for 义乌市: 17 of 20 numbers placed, 3 left" in result.output
    folder = yiwu_root / "2018-06"
    assert sorted(p.name for p in folder.iterdir()) == ["facts.csv", "indicators.csv", "meta.yml"]
    assert "level: 市" in (yiwu_root / "profile.yml").read_text(encoding="utf-8")
    facts = (folder / "facts.csv").read_text(encoding="utf-8")
    assert "亿元以上投资项目,,占比,73.44,%,投资总额" in facts
    assert "原文：其中,亿元以上投资项目30个" in facts  # the sentence is the note
    checked = invoke("check", "2018-06", "--data-dir", yiwu_root)
    assert checked.exit_code == 0, checked.output
    assert "2018-06: input is valid (4 indicators, 11 facts)" in checked.output


@pytest.mark.parametrize("name", NAMES)
def test_every_real_bulletin_reads_into_a_folder_check_takes(name, tmp_path, bulletin_excerpt):
    text = tmp_path / "text.txt"
    text.write_text(bulletin_excerpt(name), encoding="utf-8")
    root = tmp_path / "root"
    period = name[-7:]
    named = ("--region", UNNAMED[name]) if name in UNNAMED else ()
    result = invoke("read", text, "--period", period, "--out", root, *named)
    assert result.exit_code == 0, result.output
    checked = invoke("check", period, "--data-dir", root)
    assert checked.exit_code == 0, checked.output


# Texts that never name their own place: huangshi's says 全市 and 黄石 but never 黄石市 (its
# 大冶市 and 阳新县 are parts, listed and in tables); ankang-parks' says 安康 once, as a word.
UNNAMED = {"huangshi-2024-06": "黄石市", "ankang-parks-2011-12": "安康市"}


@pytest.mark.parametrize("name", sorted(UNNAMED))
def test_a_text_naming_no_place_of_its_own_asks_for_the_region(name, tmp_path, bulletin_excerpt):
    text = tmp_path / "text.txt"
    text.write_text(bulletin_excerpt(name), encoding="utf-8")
    result = invoke("read", text, "--period", name[-7:], "--out", tmp_path / "root")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "give the region's name with --region" in result.output
    assert not (tmp_path / "root").exists()


def test_the_data_root_s_profile_names_the_region(tmp_path, bulletin_excerpt):
    text = tmp_path / "text.txt"
    text.write_text(bulletin_excerpt("huangshi-2024-06"), encoding="utf-8")
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "profile.yml").write_text("region: 黄石市\nlevel: 市\n", encoding="utf-8")
    result = invoke("read", text, "--period", "2024-06", "--out", tmp_path / "root")
    assert result.exit_code == 0, result.output
    assert "draft written for 黄石市" in result.output


def test_read_writes_products_into_products_csv(tmp_path, bulletin_excerpt):
    # qianxinan-2012-08: seven outputs in physical units, six products and 发电量 (an indicator)
    text = tmp_path / "text.txt"
    text.write_text(bulletin_excerpt("qianxinan-2012-08"), encoding="utf-8")
    result = invoke("read", text, "--period", "2012-08", "--out", tmp_path / "r")
    assert result.exit_code == 0, result.output
    assert "  1647.31万吨: products.csv row 1, 原煤 总量" in result.output
    assert "  128.7%: products.csv row 6, 白酒 增速" in result.output
    assert "  153.72亿度: indicators.csv row 3, 发电量 总量" in result.output
    rows = (tmp_path / "r" / "2012-08" / "products.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "产品,本期累计,单位,同比增长(%),增长倍数,备注"
    assert [r.split(",")[:4] for r in rows[1:]] == [
        ["原煤", "1647.31", "万吨", "22.7"],
        ["洗煤", "263.58", "万吨", "26.3"],
        ["化肥", "26.24", "万吨", "3.2"],
        ["铁合金", "21.33", "万吨", "19.3"],
        ["黄金", "6330", "千克", "0.3"],
        ["白酒", "2564", "千升", "128.7"],
    ]
    checked = invoke("check", "2012-08", "--data-dir", tmp_path / "r")
    assert checked.exit_code == 0, checked.output
    assert "6 products" in checked.output


def test_read_writes_projects_counted_by_group_into_project_groups_csv(tmp_path, bulletin_excerpt):
    # guangyuan-2011-08: 全市实施500万元以上工业项目229个,总投资95.01亿元,同比增长29.01%
    text = tmp_path / "text.txt"
    text.write_text(bulletin_excerpt("guangyuan-2011-08"), encoding="utf-8")
    result = invoke("read", text, "--period", "2011-08", "--out", tmp_path / "r")
    assert result.exit_code == 0, result.output
    assert "  229个: project_groups.csv row 1, 500万元以上工业项目 个数" in result.output
    assert "  95.01亿元: project_groups.csv row 1, 500万元以上工业项目 投资额 (总投资)" in (
        result.output
    )
    rows = (tmp_path / "r" / "2011-08" / "project_groups.csv").read_text(encoding="utf-8")
    assert rows.splitlines()[1].startswith("500万元以上工业项目,229,个,95.01,亿元,总投资,29.01,")
    checked = invoke("check", "2011-08", "--data-dir", tmp_path / "r")
    assert checked.exit_code == 0, checked.output
    assert "1 project_groups" in checked.output


def test_a_facts_reference_figure_is_written(tmp_path, bulletin_excerpt):
    # xiangxi-2015-08: the streak's floor (7%) and the 4 县区's (20%) are the facts' 比较对象数值;
    # the count of the 县区 is a row of its own, as the hand-written facts.csv has it
    text = tmp_path / "text.txt"
    text.write_text(bulletin_excerpt("xiangxi-2015-08"), encoding="utf-8")
    result = invoke("read", text, "--period", "2015-08", "--out", tmp_path / "r")
    assert result.exit_code == 0, result.output
    facts = (tmp_path / "r" / "2015-08" / "facts.csv").read_text(encoding="utf-8")
    assert "比较对象,比较对象数值,方向" in facts.splitlines()[0]
    assert "全州,,,当月,个数,3,个月,,,7,高于," in facts
    assert ",县区,,8月份,个数,4,个,,,,," in facts
    assert ",县区,,8月份,增速,,%,,,20,高于," in facts
    checked = invoke("check", "2015-08", "--data-dir", tmp_path / "r")
    assert checked.exit_code == 0, checked.output


def test_a_product_stated_again_is_written_once_and_another_value_is_left(tmp_path):
    # qianxinan-2012-08's words, the 原煤 sentence said twice and 洗煤 with a second value
    text = tmp_path / "text.txt"
    text.write_text(
        "1-8月,全州规模以上工业增加值完成106.46亿元。"
        "从主要工业产品产量看,全州原煤产量达到1647.31万吨,同比增长22.7%,洗煤完成263.58万吨。"
        "从主要工业产品产量看,全州原煤产量达到1647.31万吨,同比增长22.7%,洗煤完成270万吨。",
        encoding="utf-8",
    )
    result = invoke(
        "read", text, "--period", "2012-08", "--out", tmp_path / "r", "--region", "黔西南州"
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines.count("  1647.31万吨: products.csv row 1 (stated again), 原煤 总量") == 1
    assert "  263.58万吨: products.csv row 2, 洗煤 总量" in lines
    assert any(line.startswith("  270万吨: left, ambiguous") for line in lines)
    products = (tmp_path / "r" / "2012-08" / "products.csv").read_text(encoding="utf-8")
    assert len(products.splitlines()) == 3 and "270" not in products


def test_a_traditional_gbk_text_on_standard_input(tmp_path, bulletin_excerpt):
    text = bulletin_excerpt("susong-2021-06").encode("gb18030")
    result = invoke("read", "-", "--period", "2021-06", "--out", tmp_path / "r", stdin=text)
    assert result.exit_code == 0, result.output
    assert "  174家: indicators.csv row 1, 规模以上工业企业 总量" in result.output
    assert "  17461.9万千瓦时: indicators.csv row 3, 工业用电量 总量" in result.output
    assert "mismatch: the region's rate implied by one gap is 20.6%, by another 20.8%" in (
        result.output
    )
    assert "level: 县" in (tmp_path / "r" / "profile.yml").read_text(encoding="utf-8")


def test_a_word_file(tmp_path, bulletin_excerpt):
    paragraphs = "".join(
        f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>"
        for line in bulletin_excerpt("yiwu-2018-06").split("\n")
    )
    body = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{paragraphs}</w:body></w:document>"
    )
    path = tmp_path / "yiwu.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", body)
    result = invoke("read", path, "--period", "2018-06", "--out", tmp_path / "r")
    assert result.exit_code == 0, result.output
    assert "  9.24%: indicators.csv row 1, 工业用电量 增速" in result.output


def test_read_refuses_an_existing_period_and_the_raw_input(yiwu, yiwu_root):
    (yiwu_root / "2018-06").mkdir()
    result = invoke("read", yiwu, "--period", "2018-06", "--out", yiwu_root)
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"error: {yiwu_root / '2018-06'}: the period already exists; a draft never overwrites it"
    )
    raw = invoke("read", yiwu, "--period", "2018-07", "--out", settings.RAW_DATA_DIR)
    assert raw.exit_code == 2
    assert "is the raw input (data/raw/), which a draft does not write into" in raw.output
    assert "--into-raw" in raw.output
    assert not (settings.RAW_DATA_DIR / "2018-07").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"\xff\xfe\x00\xd8\x00", "the text is neither UTF-8 nor GBK; save it as UTF-8"),
        ("今天天气很好。".encode(), "no figure of the region's own was found"),
        (
            "全市工业增加值\u202e增长5%。".encode(),
            "the text holds a bidirectional control (U+202E), which no input may hold",
        ),
    ],
)
def test_read_says_a_bad_text_in_one_line(tmp_path, content, message):
    path = tmp_path / "text.txt"
    if content is not None:
        path.write_bytes(content)
    result = invoke(
        "read", path, "--period", "2018-06", "--out", tmp_path / "root", "--region", "义乌市"
    )
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "root" / "2018-06").exists()


# What the audit finds on the eleven texts, each read with its own folder's indicators.yml:
# susong's implied 20.6 vs 20.8, yiwu's 73.44% for 45.59/58.87, and nothing else (no false
# alarm).
FOUND = {"susong-2021-06": 1, "yiwu-2018-06": 1}


@pytest.mark.parametrize("name", NAMES)
def test_audit_on_the_eleven_texts(name, tmp_path, bulletin_excerpt):
    text = tmp_path / "text.txt"
    text.write_text(bulletin_excerpt(name), encoding="utf-8")
    result = invoke("audit", text, "--period", name[-7:], "--data-dir", BULLETINS / name)
    found = FOUND.get(name, 0)
    assert result.exit_code == (1 if found else 0), result.output
    assert result.output.count("mismatch:") == found


def test_audit_finds_yiwus_share_with_the_regions_own_indicator(yiwu, yiwu_root, tmp_path):
    result = invoke("audit", yiwu, "--period", "2018-06", "--data-dir", yiwu_root)
    assert result.exit_code == 1
    assert result.output.strip() == (
        "mismatch: share printed 73.44%, part over whole gives 77.44% "
        "(from 45.59亿元, 58.87亿元, 73.44%)"
    )
    # without it, 工业投资项目完成投资额 is no indicator of the catalogue: nothing to check
    bare = invoke("audit", yiwu, "--period", "2018-06", "--data-dir", tmp_path)
    assert bare.exit_code == 0
    assert "no arithmetic mismatch found" in bare.output


def test_read_warns_when_the_text_speaks_of_another_period(yiwu, tmp_path):
    result = invoke("read", yiwu, "--period", "2018-08", "--out", tmp_path / "root")
    assert result.exit_code == 0
    assert (
        "warning: the text speaks of 上半年 but --period 2018-08 is 1-8月: its figures of 上半年 "
        "keep it as their horizon; check --period"
    ) in result.output
