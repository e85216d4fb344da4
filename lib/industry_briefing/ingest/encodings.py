"""Text files' encodings: UTF-8 (with or without BOM) or GBK, and what else a file turns out
to be (a workbook, UTF-16, mixed or garbled text), said in a problem."""

from __future__ import annotations

import codecs
import re

from industry_briefing.core.errors import words
from industry_briefing.ingest.reading import WORKBOOK_FILE, Reading

_CJK = re.compile(r"[\u4e00-\u9fff]")
# What a file's first bytes say it is: its words are `problem.encoding.kind.<kind>`.
WORKBOOK_MAGIC = {b"PK\x03\x04": "xlsx", b"\xd0\xcf\x11\xe0": "xls"}


def decoded(reading: Reading, file_name: str, data: bytes) -> str | None:
    """A text file's text; else a problem saying what the bytes are and where they go wrong."""
    kind = next((k for magic, k in WORKBOOK_MAGIC.items() if data.startswith(magic)), None)
    if kind:
        reading.error(
            file_name,
            words("encoding.is_workbook", kind=words(f"encoding.kind.{kind}")),
            words("encoding.save_as_csv_or_workbook", workbook=WORKBOOK_FILE),
        )
        return None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(data[:400]):
        reading.error(
            file_name,
            words("encoding.undecodable"),
            words("encoding.save_as_csv_utf8"),
            words("encoding.utf16"),
        )
        return None
    text: str | None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as not_utf8:
        text = _gbk_or_mixed(reading, file_name, data, not_utf8)
    else:
        return _unless_garbled(reading, file_name, text)
    if text is not None:
        text = _without_utf8_rows(reading, file_name, text, data)
    return text


def _looks_utf16(sample: bytes) -> bool:
    """UTF-16 without a byte-order mark: every other byte NUL (ASCII, digits and punctuation).
    A stray NUL in a text is not UTF-16: it is reported, with its row and column, as a control
    character in a cell."""
    if len(sample) < 8:
        return False
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) >= len(sample) // 2 * 0.6 and min(even, odd) <= max(even, odd) // 8


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def _gbk_or_mixed(
    reading: Reading, file_name: str, data: bytes, not_utf8: UnicodeDecodeError
) -> str | None:
    """GBK text; None with a problem for text in neither encoding, or UTF-8 then GBK rows."""
    line_start = data.rfind(b"\n", 0, not_utf8.start) + 1
    before = data[:line_start].decode("utf-8-sig")  # whole lines, valid UTF-8
    if _CJK.search(before):
        row = _line_of(data, not_utf8.start)
        line = _shown_line(data[line_start:].split(b"\n")[0])
        reading.error(
            file_name,
            words("encoding.mixed_utf8_first", last=row - 1, row=row),
            words("encoding.one_encoding"),
            line,
            row=row,
        )
        return None
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as not_gbk:
        # Where the encoding that read further stopped: most likely the file's own.
        position = max(not_utf8.start, not_gbk.start)
        byte = data[position : position + 1].hex(" ").upper()
        context = repr(data[max(0, position - 12) : position + 4])
        reading.error(
            file_name,
            words("encoding.undecodable"),
            words("encoding.decodable"),
            words("encoding.byte", byte=byte, context=context),
            row=_line_of(data, position),
        )
        return None


def _shown_line(line: bytes) -> str:
    """A line of undecodable bytes as readable as it gets: GBK if it is, else UTF-8 with �."""
    try:
        return line.decode("gb18030").strip()
    except UnicodeDecodeError:
        return line.decode("utf-8", errors="replace").strip()


def _without_utf8_rows(reading: Reading, file_name: str, text: str, data: bytes) -> str | None:
    """GBK text with a row pasted in UTF-8 decodes, wrongly: such a row is reported."""
    for row, line in enumerate(data.split(b"\n"), start=1):
        try:
            decoded = line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if _CJK.search(decoded) and row > 1:
            reading.error(
                file_name,
                words("encoding.mixed_gbk_first", row=row),
                words("encoding.one_encoding"),
                decoded.strip(),
                row=row,
            )
            return None
    return text


def _unless_garbled(reading: Reading, file_name: str, text: str) -> str | None:
    """UTF-8 text whose Chinese was once read as Latin-1 (园区 shown as 'Ô°Çø') is reported."""
    first = text.split("\n", 1)[0]
    if _CJK.search(first) or not re.search(r"[\u00c0-\u00ff]", first):
        return text
    for garbling in ("latin-1", "cp1252"):
        for encoding in ("gb18030", "utf-8"):
            try:
                repaired = first.encode(garbling).decode(encoding)
            except UnicodeError:
                continue
            if _CJK.search(repaired):
                reading.error(
                    file_name,
                    words("encoding.garbled", encoding=encoding.upper()),
                    words("encoding.as_first_saved"),
                    words("encoding.garbled_row", garbled=first.strip(), meant=repaired.strip()),
                    row=1,
                )
                return None
    return text
