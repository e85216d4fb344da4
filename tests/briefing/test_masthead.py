"""The 简报's masthead and foot: what profile.yml's `bulletin:` and meta.yml's `issue:` make of
them, in both languages, and the clear messages for a wrong key."""

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from industry_briefing import cli
from industry_briefing.briefing import masthead
from industry_briefing.ingest import reader
from industry_briefing.store import warehouse

BULLETIN = {
    "name": "某市工业经济运行简报",
    "name_en": "Industry Bulletin",
    "unit": "某市工业和信息化局",
    "mark": "内部资料　注意保存",
    "distribution": [
        {"to": "报", "names": "市委、市政府领导", "names_en": "the city's leaders"},
        {"to": "发", "names": "各县（区）工信局"},
    ],
    "copies": 35,
}


def _with(data_dir: Path, bulletin: dict | None = None, issue: dict | None = None) -> Path:
    if bulletin is not None:
        profile = {"region": "贵阳市", "layout": "seed", "bulletin": bulletin}
        (data_dir / "profile.yml").write_text(
            yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8"
        )
    if issue is not None:
        meta = data_dir / "2011-02" / "meta.yml"
        text = meta.read_text(encoding="utf-8")
        meta.write_text(text + yaml.safe_dump({"issue": issue}), encoding="utf-8")
    return data_dir


def test_the_masthead_says_what_the_profile_and_the_month_give(data_dir):
    figures = reader.read_period(
        _with(data_dir, BULLETIN, {"number": 3, "total": 57, "date": "2011-03-09"}), "2011-02"
    )
    head = masthead.masthead(figures, "zh")
    assert (head.name, head.number, head.unit) == (
        "某市工业经济运行简报",
        "第3期（总第57期）",
        "某市工业和信息化局",
    )
    assert (head.date, head.mark, head.copies) == ("2011年3月9日", "内部资料　注意保存", "共印35份")
    assert [(line.label, line.text) for line in head.foot] == [
        ("报：", "市委、市政府领导"),
        ("发：", "各县（区）工信局"),
    ]
    assert head.illustrative == ""  # a bureau's own masthead is not marked
    assert head.source.startswith("资料来源：贵阳市工业和信息化委员会")


def test_without_a_number_the_year_s_releases_are_counted_and_no_date_is_invented(data_dir):
    figures = reader.read_period(_with(data_dir, BULLETIN), "2011-02")
    head = masthead.masthead(figures, "zh")
    assert head.number == "第1期"  # 1-2月 is the year's first release
    assert head.date == ""
    assert "　　年　月　日" in masthead.masthead_html(head)  # left for the analyst


def test_the_english_masthead_takes_the_english_words_and_quotes_what_has_none(data_dir):
    figures = reader.read_period(
        _with(data_dir, BULLETIN, {"number": 2, "date": "2011-03-09"}), "2011-02"
    )
    head = masthead.masthead(figures, "en")
    assert (head.name, head.number, head.date) == ("Industry Bulletin", "No. 2", "9 March 2011")
    assert head.unit == ""  # no unit_en: nothing is made up in English
    assert [(line.label, line.text) for line in head.foot] == [
        ("Submitted to: ", "the city's leaders"),
        ("Issued to: ", "各县（区）工信局"),
    ]


def test_the_bundled_profile_s_masthead_is_marked_illustrative(bundled_raw):
    head = masthead.masthead(reader.read_period(bundled_raw, "2011-02"), "zh")
    assert head.illustrative == "（刊头、版记为示意）"
    assert "刊头、版记为示意" in masthead.masthead_html(head)


def test_masthead_and_foot_escape_what_the_input_says(data_dir):
    bulletin = {**BULLETIN, "unit": "<b>局</b>", "distribution": [{"to": "报", "names": "<i>x"}]}
    head = masthead.masthead(reader.read_period(_with(data_dir, bulletin), "2011-02"), "zh")
    page = masthead.masthead_html(head) + masthead.foot_html(head)
    assert "<b>" not in page and "<i>" not in page and "&lt;b&gt;局&lt;/b&gt;" in page


def test_the_issue_travels_through_the_warehouse(data_dir, tmp_path):
    figures = reader.read_period(_with(data_dir, BULLETIN, {"number": 4}), "2011-02")
    warehouse.write_period(tmp_path / "w.duckdb", figures)
    stored = warehouse.load_period(tmp_path / "w.duckdb", "2011-02")
    assert stored.issue == {"number": 4}
    assert masthead.masthead(stored, "zh").number == "第4期"


def test_a_masthead_handed_over_as_json_comes_back_whole(data_dir):
    head = masthead.masthead(reader.read_period(_with(data_dir, BULLETIN), "2011-02"), "zh")
    assert masthead.from_json({**head.as_json(), "from_a_later_version": 1}) == head


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"issue": {"numbr": 3}}, "meta.yml: issue.numbr: unknown key"),
        ({"issue": {"number": 0}}, "meta.yml: issue.number:"),
        ({"issue": {"date": "下月"}}, "meta.yml: issue.date:"),
    ],
)
def test_a_wrong_issue_is_named_in_meta_yml(data_dir, edit, message):
    meta = data_dir / "2011-02" / "meta.yml"
    meta.write_text(meta.read_text(encoding="utf-8") + yaml.safe_dump(edit), encoding="utf-8")
    result = CliRunner().invoke(
        cli.main, ["check", "2011-02", "--data-dir", str(data_dir), "--lang", "en"]
    )
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert message in result.output


def test_a_wrong_recipient_is_named_in_profile_yml(data_dir):
    bulletin = {**BULLETIN, "distribution": [{"to": "呈", "names": "领导"}]}
    result = CliRunner().invoke(
        cli.main, ["check", "2011-02", "--data-dir", str(_with(data_dir, bulletin)), "--lang", "en"]
    )
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "profile.yml" in result.output and "bulletin.distribution.0.to" in result.output


@pytest.mark.parametrize("name", ["本局模板.docx", "本局模板.dotx", "../outside.docx"])
def test_a_word_template_that_is_no_docx_of_the_data_root_is_said_by_check(data_dir, name):
    (data_dir.parent / "outside.docx").write_bytes(b"PK")  # beside the root, not in it
    (data_dir / "本局模板.dotx").write_bytes(b"PK")
    folder = _with(data_dir, {**BULLETIN, "word_template": name})
    check = ["check", "2011-02", "--data-dir", str(folder), "--lang", "en"]
    result = CliRunner().invoke(cli.main, check)
    assert result.exit_code == 0 and "Traceback" not in result.output  # a warning: it renders
    assert "bulletin.word_template: no such Word file beside profile.yml" in result.output
    assert (
        masthead.masthead(reader.read_period(folder, "2011-02"), data_dir=folder).word_template
        == ""
    )


def test_a_word_template_of_the_data_root_reaches_the_masthead(data_dir):
    (data_dir / "本局模板.docx").write_bytes(b"PK")
    folder = _with(data_dir, {**BULLETIN, "word_template": "本局模板.docx"})
    result = CliRunner().invoke(cli.main, ["check", "2011-02", "--data-dir", str(folder)])
    assert result.exit_code == 0 and "word_template" not in result.output
    head = masthead.masthead(reader.read_period(folder, "2011-02"), data_dir=folder)
    assert head.word_template == str((data_dir / "本局模板.docx").resolve())
