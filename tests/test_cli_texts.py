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


# The commands speak the analyst's language (Chinese to a Chinese region): these tests read
# their English, and test_read_and_audit_speak_chinese… their Chinese.
ENGLISH = {"check", "ingest", "template", "read", "audit"}


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


# --- the analyst's language: Chinese to a Chinese region, English with --lang en ----------------

# No locale at all: the region decides (the --out root's profile, else the region the text names).
NO_LOCALE = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": None}


def invoke_zh(*args, stdin: bytes | None = None, **env):
    """A command as an analyst of a Chinese region meets it: no --lang, no locale."""
    return CliRunner().invoke(
        cli.main, [str(a) for a in args], input=stdin, env={**NO_LOCALE, **env}
    )


def test_read_and_audit_speak_chinese_to_a_chinese_region(yiwu, yiwu_root, tmp_path):
    result = invoke_zh("read", yiwu, "--period", "2018-06", "--out", yiwu_root)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "  24.37亿千瓦时：已写入 indicators.csv 第1行，工业用电量 总量" in lines
    assert "  934%：已写入 facts.csv 第2行，工业用电量（电气机械和器材制造业）增速" in lines
    assert (
        "  73.44%：已写入 facts.csv 第7行，工业投资项目完成投资额（亿元以上投资项目）占比" in lines
    )
    assert "  7月18日：未采用，是日期、时间或文号，不是本期数字（在“中国义乌网”之后）" in lines
    assert "  1-6月：未采用，是期别用语，说明其后数字所属的期间（在句首）" in lines
    mismatch = "不符：占比印为73.44%，部分除以总量得77.44%（据 45.59亿元、58.87亿元、73.44%）"
    assert mismatch in lines
    assert lines[-1] == (
        f"{yiwu_root / '2018-06'}：已为义乌市写出草稿，20个数字中采用17个、未采用3个（见上）；"
        f"请用 briefing check 2018-06 --data-dir {yiwu_root} 核对。"
    )
    assert not any(line.startswith(("mismatch", "warning")) or ": left," in line for line in lines)
    # audit: --data-dir's profile (义乌市) is Chinese
    audited = invoke_zh(
        "audit", yiwu, "--period", "2018-06", "--data-dir", BULLETINS / "yiwu-2018-06"
    )
    assert audited.exit_code == 1
    assert audited.output == f"{mismatch}\n"
    clean = invoke_zh("audit", yiwu, "--period", "2018-06", "--data-dir", tmp_path)
    assert clean.exit_code == 0
    assert clean.output == f"{yiwu}：读出11个数字，未发现计算不符。\n"


def test_read_in_english_with_lang_en_or_an_english_locale_or_region(yiwu, tmp_path):
    english = "  24.37亿千瓦时: indicators.csv row 1, 工业用电量 总量"
    by_lang = invoke_zh(
        "read", yiwu, "--period", "2018-06", "--out", tmp_path / "a", "--lang", "en"
    )
    assert english in by_lang.output.splitlines()
    by_locale = invoke_zh(
        "read", yiwu, "--period", "2018-06", "--out", tmp_path / "b", LANG="en_US"
    )
    assert english in by_locale.output.splitlines()
    (tmp_path / "c").mkdir()  # a region the --out root's profile names in Latin letters
    (tmp_path / "c" / "profile.yml").write_text("region: Testville\n", encoding="utf-8")
    by_region = invoke_zh("read", yiwu, "--period", "2018-06", "--out", tmp_path / "c")
    assert "draft written for Testville" in by_region.output.splitlines()[-1]
    chinese = invoke_zh(
        "read", yiwu, "--period", "2018-06", "--out", tmp_path / "d", "--lang", "zh", LANG="en_US"
    )
    assert "  24.37亿千瓦时：已写入 indicators.csv 第1行，工业用电量 总量" in chinese.output


def test_read_says_a_product_stated_again_and_a_target_in_chinese(tmp_path, bulletin_excerpt):
    text = tmp_path / "text.txt"
    text.write_text(
        "1-8月,全州规模以上工业增加值完成106.46亿元。"
        "从主要工业产品产量看,全州原煤产量达到1647.31万吨,同比增长22.7%。"
        "从主要工业产品产量看,全州原煤产量达到1647.31万吨,同比增长22.7%。",
        encoding="utf-8",
    )
    result = invoke_zh(
        "read", text, "--period", "2012-08", "--out", tmp_path / "r", "--region", "黔西南州"
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "  1647.31万吨：已写入 products.csv 第1行，原煤 总量" in lines
    assert "  1647.31万吨：已写入 products.csv 第1行（原文再次陈述，只写一次），原煤 总量" in lines
    guangyuan = tmp_path / "guangyuan.txt"
    guangyuan.write_text(bulletin_excerpt("guangyuan-2011-08"), encoding="utf-8")
    groups = invoke_zh("read", guangyuan, "--period", "2011-08", "--out", tmp_path / "g")
    assert "  95.01亿元：已写入 project_groups.csv 第1行，500万元以上工业项目 投资额（总投资）" in (
        groups.output.splitlines()
    )


def test_read_warns_in_chinese_of_another_period(yiwu, tmp_path):
    result = invoke_zh("read", yiwu, "--period", "2018-08", "--out", tmp_path / "root")
    assert result.exit_code == 0
    assert (
        "警告：原文说的是上半年，而 --period 2018-08 是1-8月：原文中上半年的数字仍以上半年为期限；"
        "请核对 --period"
    ) in result.output.splitlines()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "text.txt：没有这个文件"),
        (
            b"\xff\xfe\x00\xd8\x00",
            "text.txt：文字既不是 UTF-8 编码，也不是 GBK 编码；请另存为 UTF-8",
        ),
        (
            "今天天气很好。".encode(),
            "错误：原文中没有找到本地区自身的数字（数据约定要求指标表至少有一行）；未写入任何内容",
        ),
        (
            "全市工业增加值\u202e增长5%。".encode(),
            "错误：原文中有双向控制字符（U+202E，会颠倒显示顺序），任何输入都不能含有：请删除",
        ),
        (b"PK\x03\x04", "text.docx：不是 Word 文件（.docx）"),
    ],
)
def test_read_says_a_bad_text_in_one_line_in_chinese(tmp_path, content, message):
    path = tmp_path / ("text.docx" if content == b"PK\x03\x04" else "text.txt")
    if content is not None:
        path.write_bytes(content)
    result = invoke_zh(
        "read", path, "--period", "2018-06", "--out", tmp_path / "root", "--region", "义乌市"
    )
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert result.output.startswith("错误：") and result.output.strip().endswith(message)
    assert "Traceback" not in result.output
    assert not (tmp_path / "root" / "2018-06").exists()


def test_standard_input_and_a_bad_indicators_yml_are_said_in_chinese(yiwu, tmp_path):
    piped = invoke_zh(
        "read", "-", "--period", "2018-06", "--out", tmp_path / "r", stdin=b"\xff\xfe\x00\xd8\x00"
    )
    assert piped.exit_code == 2
    assert (
        piped.output == "错误：标准输入：文字既不是 UTF-8 编码，也不是 GBK 编码；请另存为 UTF-8\n"
    )
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "indicators.yml").write_text("x: [\n", encoding="utf-8")
    audited = invoke_zh("audit", yiwu, "--data-dir", tmp_path / "bad")
    assert audited.exit_code == 2
    assert audited.output.startswith(
        f"错误：{tmp_path / 'bad' / 'indicators.yml'}：不是有效的 indicators.yml（"
    )
    english = invoke_zh("audit", yiwu, "--data-dir", tmp_path / "bad", "--lang", "en")
    assert "indicators.yml: not a valid indicators.yml (" in english.output


def test_read_refuses_in_chinese(yiwu, yiwu_root):
    (yiwu_root / "2018-06").mkdir()
    result = invoke_zh("read", yiwu, "--period", "2018-06", "--out", yiwu_root)
    assert result.exit_code == 2
    assert result.output == (
        f"错误：{yiwu_root / '2018-06'}：该期间已存在；草稿从不覆盖已有的期间\n"
    )
    raw = invoke_zh("read", yiwu, "--period", "2018-07", "--out", settings.RAW_DATA_DIR)
    assert raw.exit_code == 2
    assert raw.output == (
        f"错误：{settings.RAW_DATA_DIR}：是原始输入文件夹（data/raw/），草稿不写入该文件夹；"
        "请另给 --out，或加 --into-raw 写入该处\n"
    )
    assert not (settings.RAW_DATA_DIR / "2018-07").exists()


def test_a_text_naming_no_place_of_its_own_asks_for_the_region_in_chinese(
    tmp_path, bulletin_excerpt
):
    text = tmp_path / "text.txt"
    text.write_text(bulletin_excerpt("huangshi-2024-06"), encoding="utf-8")
    result = invoke_zh("read", text, "--period", "2024-06", "--out", tmp_path / "root")
    assert result.exit_code == 2
    assert result.output == (
        "错误：原文没有指明本地区（列举中或表格中的地名是组成部分）：请用 --region 给出地区名称\n"
    )
    assert not (tmp_path / "root").exists()


def test_susong_s_mismatch_in_chinese(tmp_path, bulletin_excerpt):
    text = bulletin_excerpt("susong-2021-06").encode("gb18030")
    result = invoke_zh("audit", "-", "--period", "2021-06", stdin=text)
    assert result.exit_code == 1
    assert result.output == (
        "不符：由一处差距推出本地增速为20.6%，由另一处推出20.8%（据 0.8个百分点、19.4个百分点）\n"
    )


def test_a_draft_the_disk_does_not_take_leaves_no_folder_half_written(yiwu, yiwu_root, monkeypatch):
    """A disk that fills after the first CSV: one line, and no 2018-06 folder holding part
    of the draft (which `check` would take, and a second `read` refuse to replace)."""
    import errno

    from industry_briefing.ingest.text import draft

    written, real = [], draft._write_csv

    def fills_after_one(path, header, rows):
        if written:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(path)
        real(path, header, rows)

    monkeypatch.setattr(draft, "_write_csv", fills_after_one)
    before = sorted(p.name for p in yiwu_root.iterdir())
    result = invoke("read", yiwu, "--period", "2018-06", "--out", yiwu_root)
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.output
    assert sorted(p.name for p in yiwu_root.iterdir()) == before  # no folder, no temporary
    monkeypatch.undo()
    again = invoke("read", yiwu, "--period", "2018-06", "--out", yiwu_root)
    assert again.exit_code == 0, again.output
