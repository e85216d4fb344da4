"""The messages that were said in English only, now in the analyst's language as `check` says
its own (--lang, else the locale's, else the region's): `rebuild`, `lab`, `notebooks approve`
and `notebooks status`, a setting of the environment refused, and the line after click's own
usage errors."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from industry_briefing import cli
from industry_briefing.core import settings
from industry_briefing.core.errors import Words, say
from industry_briefing.run import approval

# No locale at all: the region decides (Chinese for the project's, or for none).
NO_LOCALE = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": None}
# An English locale, as an analyst's terminal sets it.
ENGLISH = {"LC_ALL": "", "LC_MESSAGES": "en_US.UTF-8", "LANG": "C.UTF-8"}


def invoke(*args: object, env: dict) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli.main, [str(a) for a in args], env=env)
    return result.exit_code, result.output.splitlines()


# --- rebuild -------------------------------------------------------------------------------------


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    """A data root of the bundled 2011-02, and 2011-03 holding 2011-02's files (its meta.yml
    says another period: bad input)."""
    root = tmp_path / "raw"
    for month in ("2011-02", "2011-03"):
        shutil.copytree(settings.RAW_DATA_DIR / "2011-02", root / month)
    return root


REBUILT = {
    "zh": [
        "2011-02：已载入",
        "2011-03：输入有误，未载入",
        "已由 {raw} 重建数据仓库 {db}：共1期{kept}。",
        "错误：2011-03：输入有误（见 briefing check 2011-03），未写入数据仓库",
    ],
    "en": [
        "2011-02: loaded",
        "2011-03: bad input, left out",
        "warehouse {db} rebuilt from {raw}: 1 periods{kept}.",
        "error: 2011-03: bad input (see `briefing check 2011-03`); not in the warehouse",
    ],
}
KEPT = {"zh": "；被替换的文件另存为 {path}", "en": "; the file it replaces is kept as {path}"}
REMOVED = {
    "zh": "已删除1个较早的副本（{name}）；最近的3个副本保留在 {folder} 中，"
    "名为 w.duckdb.previous-*。",
    "en": "1 older copies removed ({name}); the newest 3 are kept in {folder} as "
    "w.duckdb.previous-*.",
}


@pytest.mark.parametrize(
    ("lang", "options", "env"),
    [
        ("zh", [], NO_LOCALE),  # no profile.yml: Chinese
        ("zh", [], {"LANG": "zh_CN.UTF-8"}),
        ("en", [], ENGLISH),
        ("en", ["--lang", "en"], {"LANG": "zh_CN.UTF-8"}),
        ("zh", ["--lang", "zh"], ENGLISH),
    ],
)
def test_rebuild_says_what_it_loaded_in_the_analysts_language(raw, tmp_path, lang, options, env):
    db = tmp_path / "w.duckdb"
    args = ["rebuild", "--data-dir", raw, "--warehouse", db, *options]
    code, said = invoke(*args, env=env)
    expected = [line.format(raw=raw, db=db, kept="") for line in REBUILT[lang]]
    assert (code, said) == (2, expected)
    said = invoke(*args, env=env)[1]  # the second sets the first aside, and says where
    [kept] = tmp_path.glob("w.duckdb.previous-*")
    assert said[2] == expected[2].replace(
        "期。" if lang == "zh" else "periods.",
        f"期{KEPT[lang].format(path=kept)}。"
        if lang == "zh"
        else f"periods{KEPT[lang].format(path=kept)}.",
    )
    said = [invoke(*args, env=env)[1] for _ in range(3)][-1]  # the fourth copy: the first goes
    assert said[3] == REMOVED[lang].format(name=kept.name, folder=tmp_path)
    assert said[4] == expected[3]


# --- lab, notebooks approve, notebooks status ---------------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project of its own (its notebooks, their record, no data root): its settings."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    copies = tuple(Path(shutil.copy(path, notebooks)) for path in settings.REPORT_NOTEBOOKS)
    (notebooks / "explore.ipynb").write_text('{"cells": []}', encoding="utf-8")
    for name, value in {
        "PROJECT_ROOT": tmp_path,
        "RAW_DATA_DIR": tmp_path / "data" / "raw",
        "REPORT_NOTEBOOKS": copies,
        "APPROVED_NOTEBOOKS": notebooks / "approved.json",
        "WORK_NOTEBOOKS_DIR": notebooks / "work",
        "EXPLORE_NOTEBOOK": notebooks / "explore.ipynb",
    }.items():
        monkeypatch.setattr(settings, name, value)
    return tmp_path


NOTEBOOKS = ["briefing", "operation", "investment", "parks"]
COPIED = [*NOTEBOOKS[:3], "explore"]
LAB = {
    "zh": [
        *(f"已复制 notebooks/work/{n}.ipynb" for n in COPIED),
        "已保留 notebooks/work/parks.ipynb（这是您的副本；要取得新副本，请删除该文件）",
    ],
    "en": [
        *(f"copied notebooks/work/{n}.ipynb" for n in COPIED),
        "kept notebooks/work/parks.ipynb (your copy; delete it for a fresh one)",
    ],
}


@pytest.mark.parametrize(("lang", "env"), [("zh", NO_LOCALE), ("en", ENGLISH)])
def test_lab_says_its_copies_in_the_analysts_language(project, lang, env):
    (project / "notebooks" / "work").mkdir()
    (project / "notebooks" / "work" / "parks.ipynb").write_text("mine", encoding="utf-8")
    code, said = invoke("lab", "--dry-run", "--no-browser", env=env)
    assert code == 0, said
    assert said[:-1] == LAB[lang]
    assert f"--ServerApp.root_dir={project}" in said[-1]  # the command, as it is
    other = {"zh": "en", "en": "zh"}[lang]
    shutil.rmtree(project / "notebooks" / "work")
    assert invoke("lab", "--dry-run", "--lang", other, env=env)[1][0] == LAB[other][0]


APPROVED = {
    "zh": "已批准 notebooks/briefing.ipynb、notebooks/operation.ipynb、notebooks/investment.ipynb、"
    "notebooks/parks.ipynb，记录在 notebooks/approved.json 中",
    "en": "approved notebooks/briefing.ipynb, notebooks/operation.ipynb, "
    "notebooks/investment.ipynb, notebooks/parks.ipynb in notebooks/approved.json",
}
AS_APPROVED = {"zh": "报告笔记本与批准的版本一致", "en": "the report notebooks are as approved"}
PARAMETERS = 'period: str = "2012-01"  # YYYY-MM: figures cumulative from …'
EDITED = {
    "zh": f"notebooks/briefing.ipynb：第2个单元格（code, parameters）已修改：{PARAMETERS}；"
    "第{first}-{last}个单元格（code）已添加：model.parks …",
    "en": f"notebooks/briefing.ipynb: cell 2 (code, parameters) changed: {PARAMETERS}; "
    "cells {first}-{last} (code) added: model.parks …",
}
UNREADABLE = {
    "zh": "错误：无法读取 notebooks/approved.json（Expecting value: line 1 column 1 (char 0)）",
    "en": "error: notebooks/approved.json cannot be read: Expecting value: line 1 column 1 "
    "(char 0)",
}


@pytest.mark.parametrize(
    ("lang", "options", "env"),
    [("zh", [], NO_LOCALE), ("en", [], ENGLISH), ("en", ["--lang", "en"], NO_LOCALE)],
)
def test_notebooks_approve_and_status_speak_the_analysts_language(
    project, autosave, lang, options, env
):
    assert invoke("notebooks", "approve", *options, env=env) == (0, [APPROVED[lang]])
    assert invoke("notebooks", "status", *options, env=env) == (0, [AS_APPROVED[lang]])
    briefing = project / "notebooks" / "briefing.ipynb"
    cells = len(approval.cells_of(briefing))
    autosave(briefing)
    edited = EDITED[lang].format(first=cells + 1, last=cells + 6)
    assert invoke("notebooks", "status", *options, env=env) == (1, [edited])
    (project / "notebooks" / "approved.json").write_text("", encoding="utf-8")
    assert invoke("notebooks", "status", *options, env=env) == (2, [UNREADABLE[lang]])


# --- a setting of the environment refused, before the command's --lang is read ------------------

SETTINGS = {
    "BRIEFING_WAREHOUSE_WAIT": (
        "soon",
        "环境变量 BRIEFING_WAREHOUSE_WAIT 应为0或以上的秒数（如 600），实际为“soon”",
        "BRIEFING_WAREHOUSE_WAIT must be a number of seconds, 0 or more (such as 600), got 'soon'",
    ),
    "BRIEFING_ROOT": (
        "/no/such/project",
        "环境变量 BRIEFING_ROOT 应为本项目的文件夹（内有 notebooks/ 和 data/），"
        "实际为“/no/such/project”，不是文件夹",
        "BRIEFING_ROOT must be the folder of the project (holding notebooks/ and data/), got "
        "'/no/such/project', which is not a folder",
    ),
    "BRIEFING_WAREHOUSE": (
        "/tmp",
        "环境变量 BRIEFING_WAREHOUSE 应为数据仓库文件（如 data/warehouse.duckdb），"
        "实际为“/tmp”，是一个文件夹",
        "BRIEFING_WAREHOUSE must be the warehouse's file (such as data/warehouse.duckdb), got "
        "'/tmp', which is a folder",
    ),
    "BRIEFING_LIMIT_ROWS": (
        "many",
        "环境变量 BRIEFING_LIMIT_ROWS 应为大于0的整数，实际为“many”",
        "BRIEFING_LIMIT_ROWS must be a whole number above 0, got 'many'",
    ),
}


@pytest.mark.parametrize("name", list(SETTINGS))
def test_a_bad_setting_is_said_in_the_locales_language_else_the_projects_regions(name):
    value, zh, en = SETTINGS[name]
    command = ["check", "2011-02", "--data-dir", "nowhere"]
    assert invoke(*command, env={**NO_LOCALE, name: value}) == (2, [f"错误：{zh}"])
    assert invoke(*command, env={"LANG": "zh_CN.UTF-8", name: value}) == (2, [f"错误：{zh}"])
    assert invoke(*command, env={**ENGLISH, name: value}) == (2, [f"error: {en}"])
    # a --lang typed on the command wins, though the command's options are not read yet
    assert invoke(*command, "--lang", "en", env={**NO_LOCALE, name: value}) == (2, [f"error: {en}"])
    assert invoke(*command, "--lang=zh", env={**ENGLISH, name: value}) == (2, [f"错误：{zh}"])


@pytest.mark.parametrize("name", list(SETTINGS))
def test_a_settings_english_is_the_one_of_the_logs(name, monkeypatch):
    from industry_briefing.core import limits

    monkeypatch.setenv(name, SETTINGS[name][0])
    with pytest.raises(settings.SettingError) as refused:
        limits.check_settings()
        settings.check_environment()
    error = refused.value
    assert str(error) == say(Words(error.key, error.fields), "en") == SETTINGS[name][2]


# --- click's usage errors: its English, and a line of the labels for a Chinese analyst ---------

USAGE = "用法有误（见上方英文说明）：请运行 briefing {command} --help 查看用法"


@pytest.mark.parametrize(
    ("args", "command", "error"),
    [
        (["run", "--bogus"], "run", "Error: No such option '--bogus'. Did you mean '--jobs'?"),
        (["check"], "check", "Error: Missing argument 'PERIOD'."),
        (
            ["check", "2011-02", "--lang", "fr"],
            "check",
            "Error: Invalid value for '--lang': 'fr' is not one of 'zh', 'en'.",
        ),
        (["notebooks", "status", "-x"], "notebooks status", "Error: No such option '-x'."),
        (["nothing"], "", "Error: No such command 'nothing'."),
    ],
)
def test_a_usage_error_is_clicks_with_a_chinese_line_after_it(args, command, error):
    result = CliRunner().invoke(cli.main, args, env=NO_LOCALE, prog_name="briefing")
    path = f"briefing {command}".strip()
    assert result.exit_code == 2
    assert result.output.splitlines()[-3:] == [
        "",
        error,
        USAGE.format(command=command).replace("briefing  ", "briefing "),
    ]
    assert f"Try '{path} --help' for help." in result.output
    english = CliRunner().invoke(cli.main, args, env=ENGLISH, prog_name="briefing")
    assert english.exit_code == 2
    assert english.output.splitlines()[-2:] == ["", error]  # click's alone
    chinese = CliRunner().invoke(cli.main, args, env={"LANG": "zh_CN.UTF-8"}, prog_name="briefing")
    assert chinese.output == result.output


def test_the_commands_help_is_no_usage_error():
    result = CliRunner().invoke(cli.main, [], env=NO_LOCALE, prog_name="briefing")
    assert "用法有误" not in result.output and "Commands:" in result.output
    result = CliRunner().invoke(cli.main, ["notebooks"], env=NO_LOCALE, prog_name="briefing")
    assert "用法有误" not in result.output and "approve" in result.output
