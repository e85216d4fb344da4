"""A bulletin's text made plain: decoding, traditional characters, widths, numerals, periods."""

from __future__ import annotations

import zipfile

import pytest

from industry_briefing.ingest.text.normalise import (
    TextError,
    decode,
    months_of,
    normalise,
    read_text,
)


@pytest.mark.parametrize(
    ("printed", "plain"),
    [
        ("二〇二四年1—8月", "2024年1-8月"),
        ("增长百分之八点五", "增长8.5%"),
        ("居全省第十二位", "居全省第12位"),
        ("高两个百分点", "高2个百分点"),
        ("增长一点五倍", "增长1.5倍"),
        ("连续十二个月", "连续12个月"),
        ("１至８月增长１２．５％", "1-8月增长12.5%"),
        ("1~5月", "1-5月"),
    ],
)
def test_numerals_widths_and_periods_become_digits(printed, plain):
    assert normalise(printed) == plain


@pytest.mark.parametrize("words", ["三个持续", "一批工业项目", "五大特色产业", "“两加一推”"])
def test_numerals_that_are_words_stay_words(words):
    assert normalise(words) == words


def test_traditional_characters_and_pinyin_glosses_are_simplified_away():
    # kaili-kfq-2012-10's mirror: 業(yè) glosses after each character
    printed = "凱里經(jīng)濟(jì)開(kāi)發(fā)區(qū)預(yù)計(jì)完成工業(yè)總產(chǎn)值17.38億元"
    assert normalise(printed) == "凯里经济开发区预计完成工业总产值17.38亿元"
    assert normalise("宿松縣規上工業") == "宿松县规上工业"


@pytest.mark.parametrize(
    ("expression", "months"),
    [
        ("1-8月", (1, 8)),
        ("上半年", (1, 6)),
        ("前三季度", (1, 9)),
        ("8月份", (8, 8)),
        ("全年", None),
    ],
)
def test_period_expressions_cover_their_months(expression, months):
    assert months_of(expression) == months


def test_gbk_text_is_decoded_and_other_bytes_are_refused(tmp_path):
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("全市规上工业增加值增长9.2%".encode("gbk"))
    assert read_text(gbk) == "全市规上工业增加值增长9.2%"
    with pytest.raises(TextError, match="neither UTF-8 nor GBK"):
        decode(b"\xff\xfe\x00\xd8\x00", "x.txt")


def test_a_docx_is_read_paragraph_by_paragraph(tmp_path):
    body = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>1-6月，</w:t></w:r><w:r><w:t>全市增长5%</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>第二段</w:t></w:r></w:p></w:body></w:document>"
    )
    path = tmp_path / "bulletin.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", body)
    assert read_text(path) == "1-6月，全市增长5%\n第二段"


def test_a_missing_file_and_a_false_docx_are_said_in_one_line(tmp_path):
    with pytest.raises(TextError, match="no such file"):
        read_text(tmp_path / "absent.txt")
    fake = tmp_path / "fake.docx"
    fake.write_text("not a zip")
    with pytest.raises(TextError, match=r"not a Word \(.docx\) file"):
        read_text(fake)


def test_windows_lines_are_lines():
    assert normalise("第一段\r\n第二段\r第三段") == "第一段\n第二段\n第三段"
