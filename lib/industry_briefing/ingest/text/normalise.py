"""A bulletin's text made plain for the grammar: decoded, simplified, half-width digits, Chinese
numerals as digits, and period expressions (1—8月, 1至8月, 前三季度, 上半年) as 1-N月.

Only numerals in a numeric context become digits (百分之八点五, 二〇二四年, 第十二位, 两个百分点):
一批, 三个持续 and 五大特色产业 are words, not figures."""

from __future__ import annotations

import re
import zipfile
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

import cn2an  # type: ignore[import-untyped]  # cn2an ships no type information
import opencc

from industry_briefing.core.errors import Words, say, words

_ENCODINGS = ("utf-8-sig", "gb18030")
_WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class TextError(Exception):
    """A text that cannot be read: said in one line, in codes (`what`, the labels'
    `problem.read` words), in a language where it is shown; `str()` is the English."""

    def __init__(self, what: Words):
        self.what = what
        super().__init__(say(what, "en"))

    def text(self, lang: str) -> str:
        return say(self.what, lang)


def read_text(path: Path) -> str:
    """The text of a .txt/.md (UTF-8 or GBK) or of a .docx (its paragraphs)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise TextError(words("read.no_such_file", path=str(path))) from None
    except OSError as error:
        reason = str(error.strerror)
        raise TextError(words("read.unreadable", path=str(path), reason=reason)) from None
    if path.suffix.lower() == ".docx":
        return docx_text(path, data)
    return decode(data, str(path))


def decode(data: bytes, name: str | Words) -> str:
    """UTF-8 (with or without BOM), else GBK/GB18030; anything else is refused. `name` is the
    text's, as the refusal says it (a path, or words: standard input)."""
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TextError(words("read.not_utf8_or_gbk", name=name))


def docx_text(path: Path, data: bytes) -> str:
    """A Word file's paragraphs, one a line (the body's w:t runs, read with the stdlib)."""
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            document = ElementTree.fromstring(archive.read("word/document.xml"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        raise TextError(words("read.not_docx", path=str(path))) from None
    lines = []
    for paragraph in document.iter(f"{_WORD_NS}p"):
        lines.append("".join(t.text or "" for t in paragraph.iter(f"{_WORD_NS}t")))
    return "\n".join(lines)


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


# Full-width digits and the signs around figures; the sentence's punctuation is kept.
_HALF_WIDTH = str.maketrans("０１２３４５６７８９．％－＋", "0123456789.%-+")
_NUMERAL = "〇零一二两三四五六七八九十百千万亿"
_DIGIT_NUMERAL = "〇零一二两三四五六七八九十"
# Chinese numerals that are figures: after 百分之 or 第, or before a unit of a figure.
_PERCENT_WORDS = re.compile(rf"百分之([{_NUMERAL}]+(?:点[{_DIGIT_NUMERAL}]+)?)")
_ORDINAL = re.compile(rf"第([{_NUMERAL}]+)(?=[位名])")
_COUNTED = re.compile(
    rf"(?<![0-9.{_NUMERAL}])([{_NUMERAL}]*[{_DIGIT_NUMERAL}][{_NUMERAL}]*(?:点[{_DIGIT_NUMERAL}]+)?)"
    r"(?=个百分点|个月|倍|位|家|户|项|年|月|个(?:县|区|市|企业|行业|项目|园区|产品|重点))"
)
_YEAR = re.compile(r"([〇零一二三四五六七八九]{4})年")
# A mirror site's pinyin glosses after a character: 業(yè), 經(jīng).
_GLOSS = re.compile(r"\([a-z\u00e0-\u00fc\u0101-\u01dc]+\)")
_RANGE = re.compile(r"(\d{1,2})\s*(?:[-—–－~～至到])\s*(\d{1,2})\s*月")
_FIRST_MONTHS = re.compile(r"前(\d{1,2})个?月")  # 前8月, 前五个月: 1-8月
_QUARTERS = {"一季度": "1-3月", "上半年": "1-6月", "前三季度": "1-9月"}


def _number(words: str) -> str:
    try:
        value = cn2an.cn2an(words, "smart")
    except (ValueError, KeyError):  # not a numeral after all (十分, 万一)
        return words
    return str(value)


def _year(match: re.Match[str]) -> str:
    digits = "".join(str("〇一二三四五六七八九".index(c)) if c != "零" else "0" for c in match[1])
    return f"{digits}年"


def normalise(text: str) -> str:
    """Simplified characters, half-width digits, numerals in numeric places as digits and
    every 1—N月 / 1至N月 as 1-N月 (前三季度 and 上半年 stay: the horizon reads them)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # Windows and old Mac lines
    text = _t2s().convert(_GLOSS.sub("", text)).translate(_HALF_WIDTH)
    text = _YEAR.sub(_year, text)
    text = _PERCENT_WORDS.sub(lambda m: f"{_number(m[1])}%", text)
    text = _ORDINAL.sub(lambda m: f"第{_number(m[1])}", text)
    text = _COUNTED.sub(lambda m: _number(m[1]), text)
    text = _RANGE.sub(lambda m: f"{m[1]}-{m[2]}月", text)
    return _FIRST_MONTHS.sub(lambda m: f"1-{m[1]}月", text)


def text_period(text: str) -> str | None:
    """The cumulative period a (normalised) text speaks of first: 1-8月, 上半年 … (a forecast's,
    预计上半年, is not the text's own)."""
    found = re.findall(r"(?<!预计)(?<![\d-])(?:1-\d{1,2}月|上半年|前三季度|一季度)", text)
    return found[0] if found else None


def months_of(expression: str) -> tuple[int, int] | None:
    """The months a period expression covers: 1-8月 (1, 8), 上半年 (1, 6), 8月 (8, 8)."""
    for name, months in _QUARTERS.items():
        if expression == name:
            expression = months
    match = re.fullmatch(r"(\d{1,2})-(\d{1,2})月", expression)
    if match:
        return int(match[1]), int(match[2])
    match = re.fullmatch(r"(\d{1,2})月(?:份)?", expression)
    if match:
        return int(match[1]), int(match[1])
    return None
