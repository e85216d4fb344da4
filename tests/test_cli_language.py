"""The language `briefing check`, `ingest` and `template` speak to the analyst: `--lang`, else
the locale's (LC_ALL, LC_MESSAGES, LANG), else the region's (Chinese for a region named in
Chinese), through the labels files the pages are written from."""

import shutil

import pytest
from click.testing import CliRunner

from industry_briefing import cli
from industry_briefing.cli.common import locale_lang
from industry_briefing.contract.profile import RegionProfile, analysts_lang
from industry_briefing.core import settings

# No locale at all: the region decides.
NO_LOCALE = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": None}
PARKS_LINE = "2011-02/parks.csv, row 3, column 累计完成: not a number"
PARKS_LINE_ZH = "2011-02/parks.csv，第3行「累计完成」列：不是数字"


@pytest.fixture
def broken(tmp_path):
    """The bundled 2011-02 with 三亿 typed for a park's 累计完成 (row 3), and its profile."""
    root = tmp_path / "raw"
    shutil.copytree(settings.RAW_DATA_DIR / "2011-02", root / "2011-02")
    shutil.copy(settings.RAW_DATA_DIR / "profile.yml", root / "profile.yml")
    parks = root / "2011-02" / "parks.csv"
    parks.write_text(
        parks.read_text(encoding="utf-8").replace(",3,亿元", ",三亿,亿元"), encoding="utf-8"
    )
    return root


def check(root, *options, **env):
    result = CliRunner().invoke(
        cli.main, ["check", "2011-02", "--data-dir", str(root), *options], env=env
    )
    assert result.exit_code == 2, result.output
    return result.output.splitlines()


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),  # LC_ALL first
        ({"LC_MESSAGES": "zh_TW.UTF-8", "LANG": "en_US"}, "zh"),
        ({"LC_ALL": "", "LANG": "zh_CN.GB18030"}, "zh"),  # an empty variable is unset
        ({"LANG": "C.UTF-8"}, None),  # no language: the region's
        ({"LANG": "POSIX"}, None),
        ({"LANG": "fr_FR.UTF-8"}, None),  # one the product does not speak
        ({}, None),
    ],
)
def test_the_locale_names_a_language_or_none(environ, lang):
    assert locale_lang(environ) == lang


def test_a_region_named_in_chinese_reads_chinese():
    assert analysts_lang(None) == "zh"  # no profile: the seed's Chinese city
    assert analysts_lang(RegionProfile(region="贵阳市")) == "zh"
    assert analysts_lang(RegionProfile()) == "zh"
    assert analysts_lang(RegionProfile(region="Testville")) == "en"


def test_without_a_locale_a_chinese_region_is_told_in_chinese(broken):
    said = check(broken, **NO_LOCALE)
    assert said[0].startswith(f"错误：{PARKS_LINE_ZH}（应为按本行单位填写的金额")
    assert said[-1] == "错误：2011-02：输入中有1个问题，未写入任何内容"


def test_an_english_locale_is_told_in_english(broken):
    said = check(broken, **{**NO_LOCALE, "LANG": "en_US.UTF-8"})
    assert said[0].startswith(f"error: {PARKS_LINE} (expected an amount in the row's unit")
    assert said[-1] == "error: 2011-02: 1 problem in the input; nothing was written"


def test_lang_wins_over_the_locale(broken):
    assert check(broken, "--lang", "en", LANG="zh_CN.UTF-8")[0].startswith(f"error: {PARKS_LINE}")
    assert check(broken, "--lang", "zh", LANG="en_US.UTF-8")[0].startswith(f"错误：{PARKS_LINE_ZH}")


def test_a_region_named_in_latin_letters_is_told_in_english(broken):
    (broken / "profile.yml").write_text("region: Testville\n", encoding="utf-8")
    said = check(broken, **NO_LOCALE)
    assert said[0].startswith("error: 2011-02/parks.csv, row 3")


def test_a_valid_month_is_summed_up_in_the_language(tmp_path):
    root = tmp_path / "raw"
    shutil.copytree(settings.RAW_DATA_DIR / "2011-02", root / "2011-02")
    result = CliRunner().invoke(
        cli.main, ["check", "2011-02", "--data-dir", str(root), "--lang", "zh"]
    )
    assert result.exit_code == 0
    assert result.output == "2011-02：输入无误（指标3行、园区10行、事实1行）。\n"
