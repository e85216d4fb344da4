"""figures.xlsx before it is opened: what it unpacks to, within the limits.

An .xlsx is a zip of XML parts. One of a megabyte can unpack to gigabytes (a zip bomb), or hold
a million rows that take the reader minutes and gigabytes to load. Both are found from the
zip's directory and a streamed count of the sheets' rows, before openpyxl unpacks anything.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

from industry_briefing.core import limits
from industry_briefing.core.errors import words
from industry_briefing.ingest.reading import WORKBOOK_FILE, Reading, limit_what, too_many_rows

# Parts this small are never bombs, whatever their ratio (an empty sheet packs 50 times).
_SMALL_PART = 1 << 20
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CHUNK = 1 << 20
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet"
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def within_limits(reading: Reading, data: bytes) -> bool:
    """Whether figures.xlsx may be opened; what exceeds a limit is reported. Data that is no
    zip at all passes: opening it says what it is."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return True
    with archive:
        parts = archive.infolist()
        return _size_within_limits(reading, parts) and _rows_within_limits(reading, archive)


def _size_within_limits(reading: Reading, parts: list[zipfile.ZipInfo]) -> bool:
    limit, ratio = limits.XLSX_BYTES.value, limits.XLSX_RATIO.value
    total = sum(part.file_size for part in parts)
    if total > limit:
        reading.error(
            WORKBOOK_FILE,
            words(
                "limit.unpacks_to",
                size=total,
                most=limit,
                what=limit_what(limits.XLSX_BYTES),
                env=limits.XLSX_BYTES.env,
            ),
            words("expected.workbook_of_month"),
        )
        return False
    for part in parts:
        grows = part.file_size / max(part.compress_size, 1)
        if part.file_size > _SMALL_PART and grows > ratio:
            reading.error(
                WORKBOOK_FILE,
                words(
                    "limit.part_grows",
                    part=part.filename,
                    packed=part.compress_size,
                    size=part.file_size,
                    times=f"{grows:,.0f}",
                    most=ratio,
                    what=limit_what(limits.XLSX_RATIO),
                    env=limits.XLSX_RATIO.env,
                ),
                words("expected.saved_workbook"),
            )
            return False
    return True


def _rows_within_limits(reading: Reading, archive: zipfile.ZipFile) -> bool:
    limit = limits.ROWS.value
    for part, title in _sheet_parts(archive).items():
        if _count_rows(archive, part, limit + 2) > limit + 1:  # the header and `limit` rows
            too_many_rows(reading, WORKBOOK_FILE, title, limit)
            return False
    return True


def _count_rows(archive: zipfile.ZipFile, part: str, stop: int) -> int:
    """The rows of a sheet's XML, counted as it streams (up to `stop`)."""
    count, tail = 0, b""
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            text = tail + chunk
            count += len(_ROW.findall(text))
            if count >= stop:
                return count
            tail = text[-8:]
            count -= len(_ROW.findall(tail))  # counted again with the next chunk
    return count


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet's part and the sheet's title, in the workbook's order (parts the
    workbook does not list, by their names, after it)."""
    names = sorted(info.filename for info in archive.infolist())
    sheets = [name for name in names if name.startswith("xl/worksheets/") and name.endswith(".xml")]
    titled: dict[str, str] = {}
    try:
        book = ElementTree.fromstring(_small(archive, "xl/workbook.xml"))
        rels = ElementTree.fromstring(_small(archive, "xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, ValueError):
        pass  # no list of sheets to read titles from: the parts' names serve
    else:
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(_RELATIONSHIP)}
        for sheet in book.iter(_SHEET):
            target = targets.get(sheet.get(_RELATIONSHIP_ID), "").lstrip("/")
            part = target if target.startswith("xl/") else f"xl/{target}"
            if part in sheets:
                titled[part] = sheet.get("name") or part
    return titled | {part: part for part in sheets if part not in titled}


def _small(archive: zipfile.ZipFile, name: str) -> bytes:
    """A part read whole: only the workbook's own small lists of sheets."""
    if archive.getinfo(name).file_size > _SMALL_PART:
        raise ValueError(f"{name} is too large to be a list of sheets")
    return archive.read(name)
