"""The bad-input corpus: each case is a bundled period folder broken the way people break them.

Every case starts from a copy of a bundled period (`data/raw/2011-02`, or `2011-03` where the
optional tables are needed) and changes it as a person typing figures into Excel, or a
colleague sending them, would: another encoding, a totals row, a title above the header,
formulas, merged cells, hidden sheets... What each case must give (an error with its
message, or the figures read) is in `cases.yml` beside this file.

The cases are generated, not committed as files: openpyxl stamps the time into every .xlsx
(docProps and the zip entries), so committed workbooks would change on every regeneration,
and a few lines of code saying what was broken are easier to review than binary files. The
generation is deterministic in content; tests/ingest/test_corpus.py builds each case into tmp_path.
Every edit asserts the text it replaces, so a change of the bundled data fails loudly here.

To look at the files of a case (or all of them):

    .venv/bin/python tests/ingest/corpus/make_corpus.py OUT_DIR [CASE ...]

writes OUT_DIR/<case>/<period>/..., ready for `briefing check PERIOD --data-dir OUT_DIR/<case>`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

from industry_briefing.core import settings

CASES: dict[str, tuple[str, Callable[[Path], None]]] = {}


def case(name: str, base: str = "2011-02"):
    """Register a case: a function changing a copy of the bundled period `base`."""

    def register(build: Callable[[Path], None]):
        assert name not in CASES, name
        CASES[name] = (base, build)
        return build

    return register


def build(name: str, root: Path) -> tuple[Path, str]:
    """Write case `name` under `root` (the case's data dir); returns (data dir, period)."""
    base, make = CASES[name]
    period_dir = root / base
    shutil.copytree(settings.RAW_DATA_DIR / base, period_dir)  # the tests' copy
    # The cases break the seed's tables (indicators, parks …); its long table of printed facts
    # (the 3.59倍 of 2011-02) is not what they test, and their workbooks have no sheet for it.
    (period_dir / "facts.csv").unlink(missing_ok=True)
    make(period_dir)
    return root, base


# --- helpers ------------------------------------------------------------------------------


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def reencode(path: Path, encoding: str) -> None:
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))


def rows_of(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _excel_value(text: str):
    """A cell as Excel keeps what was typed: numbers become numbers, the rest stays text."""
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return float(text)
    return text or None


def workbook(period_dir: Path, sheets: dict[str, str] | None = None) -> openpyxl.Workbook:
    """figures.xlsx's content from the period's CSV files (which are removed); not saved."""
    tables = [p.stem for p in sorted(period_dir.glob("*.csv"))]
    sheets = sheets or {t: t for t in tables}
    book = openpyxl.Workbook()
    book.remove(book.active)
    for table, title in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows_of(period_dir / f"{table}.csv"):
            sheet.append([_excel_value(cell) for cell in row])
    for table in tables:
        (period_dir / f"{table}.csv").unlink()
    return book


def save(book: openpyxl.Workbook, period_dir: Path, cached: dict[str, dict[str, str]] = ()):
    """Save figures.xlsx; `cached` gives formula results as Excel saves them beside formulas.

    openpyxl writes formulas without results (as a program that never ran Excel does);
    `cached` = {sheet title: {cell: value}} adds the <v> Excel would have stored.
    """
    path = period_dir / "figures.xlsx"
    book.save(path)
    if not cached:
        return
    titles = book.sheetnames
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    for title, cells in cached.items():
        part = f"xl/worksheets/sheet{titles.index(title) + 1}.xml"
        xml = parts[part].decode()
        for ref, value in cells.items():
            kind = ' t="e"' if value.startswith("#") else ""
            # An empty <v/> or <v></v>, as openpyxl writes it with or without lxml.
            pattern = rf'<c r="{ref}"([^>]*)><f>(.*?)</f>(?:<v */>|<v></v>)'
            match = re.search(pattern, xml)
            assert match, (title, ref)
            attrs, formula = match.groups()
            cell = f'<c r="{ref}"{attrs}{kind}><f>{formula}</f><v>{value}</v>'
            xml = xml.replace(match.group(0), cell)
        parts[part] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


# --- encodings ------------------------------------------------------------------------------


@case("csv-gbk")
def _(period: Path):
    """Saved by Excel on a Chinese Windows ("CSV (逗号分隔)"): GBK, meta.yml too."""
    for name in ("indicators.csv", "parks.csv", "meta.yml"):
        reencode(period / name, "gbk")


@case("csv-gb18030-four-byte")
def _(period: Path):
    """GB18030 with a character GBK lacks (𠮷, four bytes in GB18030) in a note."""
    edit(period / "parks.csv", "白云区,50,2.25,亿元,", "白云区,50,2.25,亿元,𠮷字号企业")
    reencode(period / "parks.csv", "gb18030")


@case("csv-utf8-bom")
def _(period: Path):
    """Excel's "CSV UTF-8": a byte-order mark before the header."""
    for name in ("indicators.csv", "parks.csv", "meta.yml"):
        reencode(period / name, "utf-8-sig")


@case("csv-utf16-unicode-text")
def _(period: Path):
    """Excel's "Unicode Text" saved as parks.csv: UTF-16 with tabs."""
    text = "\n".join("\t".join(row) for row in rows_of(period / "parks.csv")) + "\n"
    (period / "parks.csv").write_bytes(text.encode("utf-16"))


@case("csv-latin1")
def _(period: Path):
    """Saved on a Western PC (English headers, pinyin names): cp1252, neither UTF-8 nor GBK."""
    (period / "parks.csv").write_bytes(
        (
            "park,district,annual_target,completed,unit,note\n"
            "Baiyun Park,Baiyun,50,2.25,yi yuan,\n"
            "Xiaohe Park,Xiaohe,60,3,yi yuan,Qualité ±5%\n"
        ).encode("cp1252")
    )


@case("csv-latin1-row-in-utf8-file")
def _(period: Path):
    """A note typed on a Western PC into a UTF-8 file: one row in cp1252."""
    edit(period / "parks.csv", "开阳县,15,0.17,亿元,", "开阳县,15,0.17,亿元,Qualité ±5%")
    text = (period / "parks.csv").read_text(encoding="utf-8")
    head, tail = text.split("Qualité")
    (period / "parks.csv").write_bytes(
        head.encode("utf-8") + "Qualité".encode("cp1252") + tail.encode("utf-8")
    )


@case("csv-mojibake")
def _(period: Path):
    """GBK bytes read as Latin-1 and saved again as UTF-8: 园区 became 'Ô°Çø'."""
    path = period / "parks.csv"
    path.write_text(path.read_text(encoding="utf-8").encode("gbk").decode("latin-1"), "utf-8")


@case("csv-mixed-encodings")
def _(period: Path):
    """A UTF-8 file with one row pasted from a GBK file."""
    path = period / "parks.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    data = b"".join(line.encode("gbk" if i == 7 else "utf-8") for i, line in enumerate(lines))
    path.write_bytes(data)


@case("meta-utf16")
def _(period: Path):
    """meta.yml saved by Notepad as "Unicode" (UTF-16)."""
    reencode(period / "meta.yml", "utf-16")


# --- files and folders --------------------------------------------------------------------


@case("meta-missing")
def _(period: Path):
    (period / "meta.yml").unlink()


@case("meta-named-meta-yaml")
def _(period: Path):
    (period / "meta.yml").rename(period / "meta.yaml")


@case("meta-malformed-yaml")
def _(period: Path):
    """An unclosed quote, as typed by hand."""
    edit(period / "meta.yml", 'period: "2011-02"', 'period: "2011-02')


@case("meta-tab-indented")
def _(period: Path):
    """Indentation with a tab (YAML allows spaces only)."""
    edit(
        period / "meta.yml",
        "  parks:\n    provenance: published",
        "  parks:\n\tprovenance: published",
    )


@case("meta-fullwidth-colon")
def _(period: Path):
    """Typed with a Chinese input method: 'region：贵阳市'."""
    edit(period / "meta.yml", "region: 贵阳市", "region：贵阳市")


@case("meta-empty")
def _(period: Path):
    (period / "meta.yml").write_bytes(b"")


@case("meta-period-disagrees-with-folder")
def _(period: Path):
    """The folder says 2011-02, meta.yml (copied from next month) says 2011-03."""
    edit(period / "meta.yml", 'period: "2011-02"', 'period: "2011-03"')


@case("csv-empty-file")
def _(period: Path):
    (period / "parks.csv").write_bytes(b"")


@case("csv-blank-lines-only")
def _(period: Path):
    """What Excel writes for a sheet whose data was deleted but whose cells stay formatted."""
    (period / "parks.csv").write_text(",,,,,\n,,,,,\n", encoding="utf-8")


@case("csv-header-only")
def _(period: Path):
    path = period / "parks.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")


@case("csv-second-file-same-table")
def _(period: Path):
    """园区.csv (an older version) beside parks.csv: two files for the parks table."""
    shutil.copy(period / "parks.csv", period / "园区.csv")
    edit(period / "园区.csv", "白云区,50,2.25,", "白云区,50,2.05,")


@case("csv-copy-left-in-folder")
def _(period: Path):
    """'parks - 副本.csv', the copy Windows makes, left beside the real file: not read."""
    shutil.copy(period / "parks.csv", period / "parks - 副本.csv")


@case("csv-is-a-workbook")
def _(period: Path):
    """A workbook renamed parks.csv instead of saved as CSV."""
    book = openpyxl.Workbook()
    for row in rows_of(period / "parks.csv"):
        book.active.append(row)
    book.save(period / "parks.csv")


@case("xlsx-is-csv-text")
def _(period: Path):
    """A CSV file renamed figures.xlsx."""
    (period / "indicators.csv").unlink()
    (period / "parks.csv").rename(period / "figures.xlsx")


@case("csv-tab-separated")
def _(period: Path):
    """Copied out of Excel and pasted into a text editor: tabs, not commas."""
    path = period / "parks.csv"
    path.write_text("\n".join("\t".join(row) for row in rows_of(path)) + "\n", encoding="utf-8")


# --- cells ----------------------------------------------------------------------------------


@case("csv-text-in-number-cells")
def _(period: Path):
    """Words where figures belong: 三亿, 约5, N/A and -- (meaning "no figure")."""
    parks = period / "parks.csv"
    edit(parks, "小河区,60,3,亿元", "小河区,60,三亿,亿元")
    edit(parks, "开阳县,15,0.17", "开阳县,约5,0.17")
    edit(parks, "息烽县,12,0.22", "息烽县,12,N/A")
    edit(period / "indicators.csv", "工业投资,29,亿元,,259,", "工业投资,29,亿元,--,259,")


@case("csv-fullwidth-digits-and-percent")
def _(period: Path):
    """Typed with a Chinese input method in full-width mode: １９２．１ and ２７．６％."""
    edit(
        period / "indicators.csv",
        ",192.1,亿元,,27.6,1268,",
        ",１９２．１,亿元,,２７．６％,１２６８,",
    )
    edit(period / "parks.csv", "白云区,50,2.25,", "白云区,５０,２．２５,")


@case("csv-thousands-separators")
def _(period: Path):
    """Numbers with thousands separators, quoted as Excel writes them; a park in 万元."""
    edit(period / "indicators.csv", ",27.6,1268,", ',27.6,"1,268",')
    edit(period / "parks.csv", "花溪区,8,0.55,亿元", '花溪区,"80,000","5,500",万元')


@case("csv-unquoted-thousands-separator")
def _(period: Path):
    """A thousands separator typed into a text editor: the comma splits the cell."""
    edit(period / "indicators.csv", ",27.6,1268,预计数", ",27.6,1,268,预计数")


@case("csv-negative-amount")
def _(period: Path):
    edit(period / "parks.csv", "开阳县,15,0.17", "开阳县,15,-0.17")


@case("csv-rate-as-fraction", base="2011-03")
def _(period: Path):
    """A growth of 26.7% typed as 0.267 (the number behind a %-formatted cell)."""
    edit(period / "indicators.csv", ",230.17,26.7,", ",230.17,0.267,")


@case("csv-unknown-unit")
def _(period: Path):
    """亿 for 亿元, and 元."""
    edit(period / "parks.csv", "清镇市,18,0.15,亿元", "清镇市,18,0.15,亿")
    edit(period / "parks.csv", "南明区,8,0.35,亿元", "南明区,8,0.35,元")


@case("csv-names-with-stray-spaces")
def _(period: Path):
    """Trailing and ideographic spaces, a no-break space from a web page, around names and
    numbers; meta.yml names the rows without them."""
    edit(period / "parks.csv", "龙洞堡食品工业园,南明区,", "龙洞堡食品工业园 ,\u3000南明区,")
    edit(period / "parks.csv", "白云区,50,2.25,", "白云区 ,50\u00a0,2.25 ,")
    edit(period / "indicators.csv", "工业投资,29,", " 工业投资\u3000,29,")


@case("csv-zero-width-spaces")
def _(period: Path):
    """Figures pasted from a web page or chat: zero-width spaces around them, invisible."""
    edit(period / "parks.csv", "白云区,50,2.25,", "白云区\u200b,50,\u200b2.25\u200b,")
    edit(period / "indicators.csv", "工业投资,29,", "工业投资\ufeff,29\u200b,")


@case("csv-totals-row")
def _(period: Path):
    """A 合计 row typed below the parks (the reader sums the parks itself)."""
    path = period / "parks.csv"
    path.write_text(path.read_text(encoding="utf-8") + "合计,,198.5,7.54,亿元,\n", "utf-8")


@case("csv-district-total-row", base="2011-03")
def _(period: Path):
    """A 全市 row among the districts: the city is not a district."""
    path = period / "districts.csv"
    path.write_text(
        path.read_text(encoding="utf-8") + "全市,规模以上工业总产值,291.63,亿元,230.17,26.7,1268\n",
        "utf-8",
    )


@case("csv-note-below-table")
def _(period: Path):
    """A footnote under the table, as in the printed report."""
    path = period / "parks.csv"
    text = path.read_text(encoding="utf-8") + ",,,,,\n注：园区年度目标为示意值。,,,,,\n"
    path.write_text(text, encoding="utf-8")


@case("csv-units-row")
def _(period: Path):
    """A units row under the header, as in printed statistical tables."""
    edit(
        period / "indicators.csv",
        "年度目标,备注\n",
        "年度目标,备注\n,（亿元）,,（亿元）,（%）,（亿元）,\n",
    )


@case("csv-unit-in-header")
def _(period: Path):
    """The unit written into the header, as in printed tables: 累计完成（亿元）."""
    edit(
        period / "parks.csv",
        "园区,区县,年度目标,累计完成,",
        "园区,区县,年度目标（亿元）,累计完成（亿元）,",
    )


@case("csv-leading-blank-row")
def _(period: Path):
    path = period / "parks.csv"
    path.write_text(",,,,,\n" + path.read_text(encoding="utf-8"), encoding="utf-8")


@case("csv-blank-rows-middle-and-trailing")
def _(period: Path):
    """Blank lines between the rows and empty formatted rows after them: read as intended."""
    edit(period / "parks.csv", "\n开阳", "\n\n,,,,,\n开阳")
    path = period / "parks.csv"
    path.write_text(path.read_text(encoding="utf-8") + ",,,,,\n\n,,,,,\n", encoding="utf-8")


@case("csv-duplicated-row")
def _(period: Path):
    """The same park pasted twice."""
    edit(
        period / "parks.csv",
        "修文医药产业园区,修文县,10,0.65,亿元,\n",
        "修文医药产业园区,修文县,10,0.65,亿元,\n" * 2,
    )


@case("csv-duplicated-indicator-code-and-name")
def _(period: Path):
    """An indicator given twice, once by its code, once by its Chinese name."""
    edit(
        period / "indicators.csv",
        "工业投资,29,亿元,,259,547,\n",
        "工业投资,29,亿元,,259,547,\nindustrial_investment,30,亿元,,,,\n",
    )


@case("csv-duplicate-column-headers")
def _(period: Path):
    """Two 累计完成 columns (this month's and last month's, both headed alike)."""
    path = period / "parks.csv"
    rows = rows_of(path)
    text = "\n".join(",".join([*row[:4], row[3], *row[4:]]) for row in rows) + "\n"
    path.write_text(text, encoding="utf-8")


@case("csv-unknown-columns")
def _(period: Path):
    """Columns the contract does not know (负责人, a blank-headed one): warned and ignored."""
    path = period / "parks.csv"
    rows = rows_of(path)
    extra = [["负责人", ""]] + [["张三", "x"]] * (len(rows) - 1)
    text = "\n".join(",".join([*row, *more]) for row, more in zip(rows, extra, strict=True))
    path.write_text(text + "\n", encoding="utf-8")


# --- workbooks ------------------------------------------------------------------------------


@case("xlsx-title-row-merged")
def _(period: Path):
    """A title merged across the top of the sheet, the header in row 2."""
    book = workbook(period, {"indicators": "指标", "parks": "园区"})
    sheet = book["园区"]
    sheet.insert_rows(1)
    sheet["A1"] = "2011年1-2月十个重点工业园区基础设施建设投资完成情况"
    sheet.merge_cells("A1:F1")
    save(book, period)


@case("xlsx-merged-header-cells")
def _(period: Path):
    """A two-row header: 投资（亿元） merged over 年度目标 and 累计完成."""
    book = workbook(period, {"indicators": "指标", "parks": "园区"})
    sheet = book["园区"]
    sheet.insert_rows(1)
    for column, text in zip("ABEF", ["园区", "区县", "单位", "备注"], strict=True):
        sheet[f"{column}1"] = text
        sheet[f"{column}2"] = None
        sheet.merge_cells(f"{column}1:{column}2")
    sheet["C1"] = "投资（亿元）"
    sheet.merge_cells("C1:D1")
    save(book, period)


@case("xlsx-merged-data-cells")
def _(period: Path):
    """亿元 typed once and merged down the 单位 column."""
    book = workbook(period, {"indicators": "指标", "parks": "园区"})
    book["指标"].merge_cells("C2:C4")
    save(book, period)


@case("xlsx-formulas-with-saved-results")
def _(period: Path):
    """Derived targets as formulas, saved by Excel with their results: the results are read."""
    book = workbook(period, {"indicators": "指标", "parks": "园区"})
    book["指标"]["F2"] = "=ROUND(B2/15.15%,0)"
    book["指标"]["F3"] = "=ROUND(B3/5.3%,0)"
    save(book, period, cached={"指标": {"F2": "1268", "F3": "547"}})


@case("xlsx-formulas-without-saved-results")
def _(period: Path):
    """Formulas written by a program, never calculated by Excel: no results to read."""
    book = workbook(period, {"indicators": "指标", "parks": "园区"})
    book["指标"]["F2"] = "=ROUND(B2/15.15%,0)"
    book["园区"]["D3"] = "=1.2+1.8"
    save(book, period)


@case("xlsx-formula-error-value")
def _(period: Path):
    """A formula whose saved result is an Excel error."""
    book = workbook(period, {"indicators": "指标", "parks": "园区"})
    book["指标"]["F3"] = "=B3/0"
    save(book, period, cached={"指标": {"F3": "#DIV/0!"}})


@case("xlsx-totals-row-sum")
def _(period: Path):
    """A 合计 row with =SUM formulas (results saved) below the parks."""
    book = workbook(period, {"indicators": "指标", "parks": "园区"})
    sheet = book["园区"]
    sheet.append(["合计", None, "=SUM(C2:C11)", "=SUM(D2:D11)", "亿元"])
    save(book, period, cached={"园区": {"C12": "198.5", "D12": "7.54"}})


@case("xlsx-damaged")
def _(period: Path):
    """A workbook whose sheet XML was cut short (a broken download or e-mail attachment)."""
    cut_short_workbook(period)


def cut_short_workbook(period: Path) -> None:
    save(workbook(period, {"indicators": "指标", "parks": "园区"}), period)
    path = period / "figures.xlsx"
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    sheet = "xl/worksheets/sheet2.xml"
    # The sheet's XML as written, cut short in its second row. Written out here, not cut from
    # openpyxl's output: that differs with the XML writer it finds (lxml where installed), and
    # so would the place the parser's message names.
    parts[sheet] = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>park</t></is></c></row>'
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


@case("xlsx-damaged-without-meta")
def _(period: Path):
    """The same damaged workbook, and no meta.yml: its 来源 sheet is where meta would be."""
    cut_short_workbook(period)
    (period / "meta.yml").unlink()


@case("xlsx-hidden-sheet")
def _(period: Path):
    """Last month's parks kept in a hidden sheet named parks beside the visible 园区."""
    book = workbook(period, {"indicators": "指标", "parks": "园区"})
    old = book.copy_worksheet(book["园区"])
    old.title = "parks"
    old["D2"] = 1.5
    old.sheet_state = "hidden"
    save(book, period)


@case("xlsx-hidden-row")
def _(period: Path):
    """A park's row hidden in Excel: still in the file, read, and pointed out."""
    book = workbook(period, {"indicators": "指标", "parks": "园区"})
    book["园区"].row_dimensions[5].hidden = True
    save(book, period)


@case("xlsx-two-sheets-same-table")
def _(period: Path):
    """Sheets 园区 and parks, both visible."""
    book = workbook(period, {"indicators": "指标", "parks": "园区"})
    book.copy_worksheet(book["园区"]).title = "parks"
    save(book, period)


@case("xlsx-numbers-as-text")
def _(period: Path):
    """Numbers stored as text (Excel's green triangle), with separators and full-width."""
    book = workbook(period, {"indicators": "指标", "parks": "园区"})
    sheet = book["指标"]
    sheet["B2"], sheet["E2"], sheet["F2"] = "192.1", "２７．６％", "1,268"
    book["园区"]["D2"] = " 2.25 "
    save(book, period)


@case("xlsx-dates-in-month-column", base="2011-03")
def _(period: Path):
    """Months typed as 2011-3 and turned into dates by Excel; one typed as 3月 text."""
    book = workbook(period)
    sheet = book["plan"]
    for row in range(2, sheet.max_row + 1):
        month = sheet.cell(row, 2).value
        sheet.cell(row, 2).value = dt.datetime(2011, int(month), 1)
        sheet.cell(row, 2).number_format = "yyyy-mm"
    sheet["B3"] = "2月"
    save(book, period)


@case("xlsx-date-of-another-year-in-month-column", base="2011-03")
def _(period: Path):
    book = workbook(period)
    book["plan"]["B4"] = dt.datetime(2010, 3, 1)
    save(book, period)


@case("xlsx-date-in-amount-cell")
def _(period: Path):
    """0.17 typed as 0-17 or 1.7 typed in a date-formatted cell: Excel keeps a date."""
    book = workbook(period, {"indicators": "指标", "parks": "园区"})
    book["园区"]["D4"] = dt.datetime(2011, 1, 17)
    save(book, period)


@case("xlsx-unit-typed-with-the-amount")
def _(period: Path):
    """192.1亿元 typed in 本期累计 of a required row: one cell, one problem (its unit)."""
    book = workbook(period, {"indicators": "指标", "parks": "园区"})
    assert book["指标"]["B2"].value == 192.1
    book["指标"]["B2"] = "192.1亿元"
    save(book, period)


@case("xlsx-trailing-formatted-rows")
def _(period: Path):
    """Spaces and empty strings in rows below the table (cells once used): read as intended."""
    book = workbook(period, {"indicators": "指标", "parks": "园区"})
    book["园区"]["A15"] = " "
    book["园区"]["H30"] = ""
    book["指标"]["A9"] = "\u3000"
    save(book, period)


@case("xlsx-extra-sheet")
def _(period: Path):
    """A sheet of last year's figures beside the tables: warned and ignored."""
    book = workbook(period, {"indicators": "指标", "parks": "园区"})
    book.create_sheet("2010年")["A1"] = "2010年1-2月"
    save(book, period)


def main(argv: list[str]) -> None:
    if not argv:
        sys.exit(__doc__)
    out, names = Path(argv[0]), argv[1:] or list(CASES)
    for name in names:
        build(name, out / name)
        print(out / name)


if __name__ == "__main__":
    main(sys.argv[1:])
