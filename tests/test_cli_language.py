"""The language `briefing check`, `ingest` and `template` speak to the analyst: `--lang`, else
the locale's (LC_ALL, LC_MESSAGES, LANG), else the region's (Chinese for a region named in
Chinese), through the labels files the pages are written from."""

import fcntl
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from industry_briefing import cli
from industry_briefing.contract.profile import RegionProfile, analysts_lang
from industry_briefing.core import files, settings
from industry_briefing.core.settings import locale_lang
from industry_briefing.run.worker import Outcome

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


# --- a period typed wrongly (PERIOD, --from, --to, --period, -p period) -------------------------

PERIOD_SAID = {
    "zh": "错误：期间的写法不对：应为 YYYY-MM，如 2011-03（1-2月写作 2011-02）；实际为“{text}”",
    "en": "error: period '{text}' is not of the form YYYY-MM (e.g. 2011-03; 1-2月 is 2011-02)",
}
MONTH_SAID = {
    "zh": "错误：期间“{text}”的月份{month}不存在：月份应为01至12，如 2011-03（1-2月写作 2011-02）",
    "en": "error: period '{text}' has month {month}; months run from 01 to 12 "
    "(e.g. 2011-03; 1-2月 is 2011-02)",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    ("args", "text", "month"),
    [
        (["run", "2011-13"], "2011-13", "13"),
        (["run", "2011/03"], "2011/03", None),
        (["run", "-p", "period", "2011-00"], "2011-00", "00"),
        (["check", "11-03"], "11-03", None),
        (["ingest", "2011-13"], "2011-13", "13"),
        (["template", "２０１１-０３"], "２０１１-０３", None),
        (["batch", "--from", "2011-3"], "2011-3", None),
        (["batch", "--to", "2011-13"], "2011-13", "13"),
        (["read", "-", "--period", "2011年3月", "--out", "{out}"], "2011年3月", None),
        (["audit", "-", "--period", "201103"], "201103", None),
    ],
)
def test_a_period_typed_wrongly_is_said_with_the_form_expected(tmp_path, args, text, month, lang):
    """In the analyst's language (Chinese to a Chinese region, English with --lang en): what was
    typed and the form expected; exit 2, as click's usage errors, nothing written."""
    command = [a.format(out=tmp_path / "out") for a in args] + (["--lang", "en"] * (lang == "en"))
    result = CliRunner().invoke(cli.main, command, input="", env=NO_LOCALE)
    said = (PERIOD_SAID if month is None else MONTH_SAID)[lang].format(text=text, month=month)
    assert (result.exit_code, result.output) == (2, f"{said}\n")
    assert not list(tmp_path.iterdir())


# --- run and batch: refused before anything runs ------------------------------------------------


@pytest.fixture
def refusals(tmp_path):
    """A data root, and what each refusal is given: a damaged warehouse, a reports folder held by
    another batch, a warehouse held past BRIEFING_WAREHOUSE_WAIT (by this process)."""
    import duckdb

    from industry_briefing.run.lock import locked
    from industry_briefing.store import access

    root = tmp_path / "raw"
    shutil.copytree(settings.RAW_DATA_DIR / "2011-02", root / "2011-02")
    (tmp_path / "bad.duckdb").write_text("garbage", encoding="utf-8")
    duckdb.connect(str(tmp_path / "held.duckdb")).close()
    files.private_folder(tmp_path)  # where the warehouse's lock file is (store.access.lock_file)
    with (
        locked(tmp_path / "locked"),
        access.lock_file(tmp_path / "held.duckdb").open("a+") as held,
    ):
        fcntl.flock(held, fcntl.LOCK_EX)
        yield root


PID = str(os.getpid())
USER = files.user_name(os.geteuid())
REFUSALS = {
    "no period": (
        ["run"],
        "请给出至少一个期间 PERIOD（YYYY-MM，如 2011-03），或用 --all（二者不可同时使用）",
        "name at least one PERIOD (YYYY-MM), or use --all (not both)",
    ),
    "no folder": (
        ["run", "2012-05"],
        "{tmp}/raw 下没有期间文件夹 2012-05",
        "no period folder 2012-05 under {tmp}/raw",
    ),
    "damaged warehouse": (
        ["run", "2011-02", "--warehouse", "{tmp}/bad.duckdb"],
        "数据仓库 {tmp}/bad.duckdb 已损坏（不是 DuckDB 数据库文件）：请用 briefing rebuild 或 "
        "briefing batch --force 从输入重建（损坏的文件保留在旁边）",
        "the warehouse {tmp}/bad.duckdb is damaged (not a DuckDB database file); rebuild it from "
        "the input with `briefing rebuild` or `briefing batch --force` (the damaged file is kept "
        "beside it)",
    ),
    "warehouse held": (
        ["batch", "--warehouse", "{tmp}/held.duckdb"],
        "数据仓库 {tmp}/held.duckdb 被另一个进程（进程号"
        + PID
        + "，用户"
        + USER
        + "）占用了0秒；请等它完成，或使用另一个 --warehouse",
        "the warehouse {tmp}/held.duckdb stayed in use by another process (pid "
        + PID
        + ") of user "
        + USER
        + " for 0 s; wait for it to finish, or use another --warehouse",
    ),
    "reports locked": (
        ["batch", "--reports-dir", "{tmp}/locked"],
        "另一个批处理（进程号" + PID + "，用户" + USER + "）正在写入 {tmp}/locked；请等它完成，"
        "或使用另一个 --reports-dir",
        "another batch (pid " + PID + ") of user " + USER + " is writing to {tmp}/locked; wait for "
        "it to finish, or use another --reports-dir",
    ),
    "reports among inputs": (
        ["run", "2011-02", "--reports-dir", "{tmp}/raw/2011-02"],
        "报告文件夹 {tmp}/raw/2011-02 在数据文件夹 {tmp}/raw 之内：输出从不写入输入之中；请给 "
        "--reports-dir 另指数据文件夹以外的路径（未写入任何内容）",
        "the reports folder {tmp}/raw/2011-02 is inside the data root {tmp}/raw: outputs are never "
        "written among the inputs; give --reports-dir a path outside it (nothing was written)",
    ),
    "region parameter": (
        ["run", "2011-02", "-p", "region", "遵义市"],
        "不接受参数 region（'遵义市'）：批处理按每期 meta.yml 所写的地区生成简报；"
        "要为另一个地区生成，请给出该地区的数据文件夹（--data-dir，或 batch --region）",
        "parameter 'region' ('遵义市') is not taken: the batch briefs each month for the region "
        "its meta.yml names; to brief another region, give that region's data root "
        "(--data-dir, or batch --region)",
    ),
    "unknown parameter": (
        ["run", "2011-02", "-p", "colour", "red"],
        "briefing.ipynb 没有参数 'colour'；可用的参数：period、data_dir、warehouse、region、lang",
        "unknown parameter 'colour' for briefing.ipynb; it takes: period, data_dir, warehouse, "
        "region, lang",
    ),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("case", list(REFUSALS))
def test_run_and_batch_refuse_in_the_analysts_language(refusals, tmp_path, monkeypatch, case, lang):
    monkeypatch.setenv("BRIEFING_WAREHOUSE_WAIT", "0")
    args, zh, en = REFUSALS[case]
    # the case's own --warehouse or --reports-dir comes last: it is the one taken
    paths = ["--data-dir", "{tmp}/raw", "--warehouse", "{tmp}/w.duckdb", "--reports-dir", "{tmp}/r"]
    command = [a.format(tmp=tmp_path) for a in [args[0], *paths, *args[1:]]]
    result = CliRunner().invoke(
        cli.main, command + ["--lang", "en"] * (lang == "en"), env=NO_LOCALE
    )
    said = {"zh": f"错误：{zh}", "en": f"error: {en}"}[lang].format(tmp=tmp_path)
    assert (result.exit_code, result.output) == (2, f"{said}\n")
    assert not (tmp_path / "w.duckdb").exists() and not (tmp_path / "r" / "2011-02").exists()


# --- run and batch: why a period failed, in the line said when it is done and the closing table --


def _failed(case: str, root: Path, reports: Path) -> Outcome:
    """The outcome of a period failed as `case`, made as the batch makes it."""
    from concurrent.futures.process import BrokenProcessPool

    from nbclient.exceptions import DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    from industry_briefing.core.errors import InputError, listing, words
    from industry_briefing.core.periods import Period
    from industry_briefing.ingest import reader
    from industry_briefing.run import failures, worker
    from industry_briefing.run.input_failures import input_failure, unreadable_release
    from industry_briefing.run.regions import Region
    from industry_briefing.store.access import WarehouseBusy

    region, period = Region(root, root.parent / "w.duckdb", reports), Period(2011, 2)
    if case == "input":
        with pytest.raises(InputError) as bad:
            reader.read_period(root, period)
        return input_failure(region, period, bad.value.problems)
    if case == "earlier release":
        return input_failure(region, Period(2011, 3), [unreadable_release([period])])
    job = worker.Job("2011-02", "", "notebooks/briefing.ipynb", str(reports), {}, "t", "l", {})
    staging = worker.stage(job)
    errors: dict[str, tuple[str, BaseException]] = {
        "cell": ("briefing", PapermillExecutionError(4, 5, "", "ValueError", "broken input", [])),
        "kernel died": ("operation", DeadKernelError("Kernel died")),
        "timed out": ("parks", RuntimeError("Kernel didn't respond in 60 seconds")),
        "warehouse held": (
            "briefing",
            WarehouseBusy(
                words(
                    "files.warehouse.busy",
                    path="/w.duckdb",
                    who=words(
                        "files.who.other", holder=words("files.holder.pid", pids=listing([42]))
                    ),
                    seconds="600",
                )
            ),
        ),
    }
    if case == "worker died":
        part = worker.Part(job, "notebooks/investment.ipynb", "t", str(staging))
        died = BrokenProcessPool("A process in the pool was terminated abruptly")
        return worker.finish(job, staging, [worker.failed_part(part, died)])
    stem, error = errors[case]
    executed = staging / f"{stem}.ipynb"
    if case in ("cell", "kernel died"):  # the notebook papermill wrote up to the failure
        executed.write_text("{}", encoding="utf-8")
    part = worker.PartOutcome(
        f"notebooks/{stem}.ipynb",
        failures.error_text(error),
        getattr(error, "exec_count", None),
        str(executed) if executed.exists() else "",
        reason=failures.of_part(error),
    )
    return worker.finish(job, staging, [part])


INPUT_EN = (
    "2011-02/parks.csv, row 3, column 累计完成: not a number (expected an amount in the row's "
    "unit, such as 192.1 or 1,234.5; found '三亿')"
)
INPUT_ZH = (
    "2011-02/parks.csv，第3行「累计完成」列：不是数字（应为按本行单位填写的金额，如 192.1 或 "
    "1,234.5；实际为“三亿”）"
)
KEPT = "{reports}/2011-02/{stem}.failed.ipynb"
FAILURES = {
    "input": (
        2,
        f"输入有2个问题，第一个是：{INPUT_ZH}",
        f"input: {INPUT_EN} (and 1 more)",
    ),
    "earlier release": (
        2,
        "输入有误：本期的趋势和单月数字读取的期间 2011-02 有错误或未能载入（见该期间自己的一行），"
        "请先修正",
        "input: 2011-02, which this month's trends and single-month figures read, has bad input "
        "or was not loaded (see its own line); fix it first",
    ),
    "cell": (
        1,
        "briefing.ipynb 单元格 [5] 出错（ValueError: broken input）；请打开部分执行的笔记本 "
        f"{KEPT} 查看出错之处",
        f"briefing.ipynb, cell 5: ValueError: broken input (partly executed notebook: {KEPT})",
    ),
    "kernel died": (
        1,
        "operation.ipynb 内核意外退出（DeadKernelError: Kernel died）；请打开部分执行的笔记本 "
        f"{KEPT} 查看出错之处",
        "operation.ipynb: the kernel died (DeadKernelError: Kernel died) (partly executed "
        f"notebook: {KEPT})",
    ),
    "timed out": (
        1,
        "parks.ipynb 等待超时（RuntimeError: Kernel didn't respond in 60 seconds）",
        "parks.ipynb: timed out (RuntimeError: Kernel didn't respond in 60 seconds)",
    ),
    "worker died": (
        1,
        "investment.ipynb 工作进程意外退出（被终止或内存不足）",
        "investment.ipynb: worker: its worker process died (killed, or out of memory)",
    ),
    "warehouse held": (
        1,
        "briefing.ipynb 出错：数据仓库 /w.duckdb 被另一个进程（进程号42）占用了600秒；"
        "请等它完成，或使用另一个 --warehouse",
        "briefing.ipynb: the warehouse /w.duckdb stayed in use by another process (pid 42) for "
        "600 s; wait for it to finish, or use another --warehouse",
    ),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("case", list(FAILURES))
def test_a_failed_period_is_said_in_the_analysts_language(
    broken, tmp_path, monkeypatch, case, lang
):
    """The line said when the period is done and its closing table's detail: what failed, the
    file (the input's, with its row and column, or the notebook and its cell) and the partly
    executed notebook to open; a library's message after our sentence, as it says it. `run` of
    a month failed on its input exits 2, of one failed while it ran 1."""
    from industry_briefing.run import batch as batches

    (broken / "2011-02" / "parks.csv").write_text(
        (broken / "2011-02" / "parks.csv").read_text(encoding="utf-8").replace(",0.17,", ",-0.17,"),
        encoding="utf-8",
    )
    reports = tmp_path / "reports"
    outcome = _failed(case, broken, reports)

    def run_batch(request, listener):
        listener.done(outcome)
        return [outcome]

    monkeypatch.setattr(batches, "run_batch", run_batch)
    command = ["run", "2011-02", "--data-dir", str(broken)] + ["--lang", "en"] * (lang == "en")
    result = CliRunner().invoke(cli.main, command, env=NO_LOCALE)
    code, zh, en = FAILURES[case]
    stem = Path(outcome.kept_notebook).name.removesuffix(".failed.ipynb")
    detail = {"zh": zh, "en": en}[lang].format(reports=reports, stem=stem)
    assert result.exit_code == code, result.output
    # a month failed on input is named with its profile's region, as one that ran is
    assert outcome.region == ("贵阳市" if outcome.bad_input else "")
    where = f"{outcome.region}/{outcome.period}" if outcome.region else outcome.period
    assert (
        result.stderr.splitlines()[-1]
        == {"zh": f"{where}：失败，{detail}", "en": f"{where}: failed {detail}"}[lang]
    )
    row = next(line for line in result.stdout.splitlines() if line.startswith(where))
    assert row.endswith(f"  {detail}"), row


# --- a YAML value the contract refuses: our words, or the validating library's quoted after ours --

REFUSED_VALUES = {
    "zh": [
        "错误：profile.yml：headline.0：取值不符合要求（Input should be a valid string）"
        "（应为data/README.md 中所示的格式；实际为“3”）",
        "错误：profile.yml：brief：named（5）大于 listed（2）：关注事项点名的不能多于表中列出的"
        "（应为data/README.md 中所示的格式；实际为“{'listed': 2, 'named': 5}”）",
        "错误：2011-02/meta.yml：tables.parks.note_en：只有注释的英文：请同时给出注释（note）"
        "（实际为“an English note alone”）",
        "错误：2011-02：输入中有3个问题，未写入任何内容",
    ],
    "en": [
        "error: profile.yml: headline.0: Input should be a valid string "
        "(expected as in data/README.md; found '3')",
        "error: profile.yml: brief: named (5) is more than listed (2) "
        "(expected as in data/README.md; found \"{'listed': 2, 'named': 5}\")",
        "error: 2011-02/meta.yml: tables.parks.note_en: the English of a note: give the note too "
        "(found 'an English note alone')",
        "error: 2011-02: 3 problems in the input; nothing was written",
    ],
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_refused_yaml_value_is_said_in_the_analysts_language(tmp_path, lang):
    root = tmp_path / "raw"
    shutil.copytree(settings.RAW_DATA_DIR / "2011-02", root / "2011-02")
    meta = root / "2011-02" / "meta.yml"
    parks = "  parks:\n    provenance: published\n"
    text = meta.read_text(encoding="utf-8")
    assert parks in text
    meta.write_text(text.replace(parks, f"{parks}    note_en: an English note alone\n"), "utf-8")
    profile = "region: 贵阳市\nbrief:\n  named: 5\n  listed: 2\nheadline: [3]\n"
    (root / "profile.yml").write_text(profile, encoding="utf-8")
    assert check(root, *["--lang", "en"] * (lang == "en"), **NO_LOCALE) == REFUSED_VALUES[lang]


@pytest.mark.parametrize("case", list(FAILURES))
def test_a_failed_periods_detail_is_recorded_and_indexed_in_each_language(broken, tmp_path, case):
    """last-run.json holds the detail said in each language beside its English `error` (the
    logs'), and the index shows it in the page's language."""
    import html
    import json

    from industry_briefing.briefing import labels
    from industry_briefing.publish import index

    (broken / "2011-02" / "parks.csv").write_text(
        (broken / "2011-02" / "parks.csv").read_text(encoding="utf-8").replace(",0.17,", ",-0.17,"),
        encoding="utf-8",
    )
    reports = tmp_path / "reports"
    outcome = _failed(case, broken, reports)
    _, zh, en = FAILURES[case]
    stem = Path(outcome.kept_notebook).name.removesuffix(".failed.ipynb")
    detail = {
        lang: said.format(reports=reports, stem=stem) for lang, said in [("zh", zh), ("en", en)]
    }
    last = json.loads((reports / outcome.period / "last-run.json").read_text(encoding="utf-8"))
    assert (last["status"], last["detail"]) == ("failed", detail)
    assert last["error"] == outcome.error  # the English of the logs, as it was
    regions = [index.RegionReports("", reports, "")]
    for lang in ("zh", "en"):
        page = index.write_index(tmp_path / f"index-{lang}.html", regions, lang)
        shown = labels.label("index.failed", lang, error=detail[lang])
        assert shown in html.unescape(page.read_text(encoding="utf-8"))


def test_an_older_last_run_without_the_detail_shows_its_error(tmp_path):
    """A last-run.json of an earlier version: its English error, on a page of either language;
    a detail without the page's language: the error too."""
    import html

    from industry_briefing.publish import index
    from industry_briefing.publish import manifest as manifests

    for month, record in (
        ("2011-02", {"status": "failed", "error": "ValueError: broken input"}),
        ("2011-03", {"status": "failed", "error": "KeyError: 'x'", "detail": {"fr": "échec"}}),
    ):
        (tmp_path / "reports" / month).mkdir(parents=True)
        manifests.write(tmp_path / "reports" / month, manifests.LAST_RUN, record)
    regions = [index.RegionReports("", tmp_path / "reports", "")]
    for lang in ("zh", "en"):
        page = index.write_index(tmp_path / f"index-{lang}.html", regions, lang)
        text = html.unescape(page.read_text(encoding="utf-8"))
        assert "ValueError: broken input" in text and "KeyError: 'x'" in text
