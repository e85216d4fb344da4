"""The Word template of the briefing (templates/docx/briefing.docx) and the styles it holds.

The 简报 as offices issue it (GB/T 9704 by convention): A4, margins top 37, bottom 35, binding
(left) 28 and right 26 mm (a text block of 156 × 225 mm); body 仿宋_GB2312 三号 (16 pt) on
lines of about 29 pt (22 to a page), the title 方正小标宋简体 二号, 一、 headings 黑体, （一）
headings 楷体; page numbers "— 1 —" in 四号, odd pages right and even pages left. Latin
letters and figures in Times New Roman.

Word keeps two fonts per run: python-docx's `font.name` sets the Latin slots only, so Chinese
text would fall back to the theme's font (python-docx#154): every style here names its East
Asian face on `w:rFonts` itself, and the theme's fonts are taken off.

`default_template()` builds the shipped file (`write_default_template` writes it once; the
file is committed). A bureau's own template (`template_docx`) keeps its own styles; the styles
it lacks are added by `ensure_styles` with these definitions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

from industry_briefing.core import settings

DEFAULT_TEMPLATE = settings.TEMPLATES_DIR / "docx" / "briefing.docx"

LATIN = "Times New Roman"
FANGSONG, XIAOBIAOSONG, HEITI, KAITI, SONGTI = (
    "仿宋_GB2312",
    "方正小标宋简体",
    "黑体",
    "楷体_GB2312",
    "宋体",
)
RED = RGBColor(0xE6, 0x00, 0x12)  # the masthead's red (Y80 M80 in print)
BODY_PT = 16  # 三号
LINE_PT = 28.95  # 22 lines in the 225 mm text block
FOOTER_PT = 14  # 四号: page numbers and the foot (版记)
TABLE_PT = 10.5  # 五号: tables are allowed smaller

# GB/T 9704's page: A4 and its margins, in mm.
PAGE_MM = {"width": 210, "height": 297, "top": 37, "bottom": 35, "left": 28, "right": 26}
TEXT_WIDTH_MM = PAGE_MM["width"] - PAGE_MM["left"] - PAGE_MM["right"]  # 156
FOOTER_DISTANCE_MM = 22  # the page number about 7 mm below the text block


@dataclass(frozen=True)
class StyleSpec:
    """A paragraph style of the briefing: its faces, size and paragraph layout."""

    east_asian: str
    size: float
    bold: bool = False
    align: WD_ALIGN_PARAGRAPH | None = None
    indent_chars: int = 0  # first-line indent in characters (of `size`)
    exact_line: bool = True  # lines of LINE_PT, as the body; else single spacing
    space_after: float = 0.0
    color: RGBColor | None = None
    keep_with_next: bool = False
    outline_level: int | None = None  # shown in Word's navigation pane (headings)


CENTER, LEFT, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
BLACK = RGBColor(0, 0, 0)

# Built-in styles first (a bureau's template has them: it keeps its own), then the
# briefing's own, which a bureau's template may define too.
STYLES: dict[str, StyleSpec] = {
    "Normal": StyleSpec(FANGSONG, BODY_PT, align=JUSTIFY, indent_chars=2),
    "Title": StyleSpec(XIAOBIAOSONG, 22, align=CENTER, space_after=LINE_PT, color=BLACK),
    "Heading 1": StyleSpec(
        HEITI, BODY_PT, indent_chars=2, color=BLACK, keep_with_next=True, outline_level=0
    ),
    "Heading 2": StyleSpec(
        KAITI, BODY_PT, indent_chars=2, color=BLACK, keep_with_next=True, outline_level=1
    ),
    "Caption": StyleSpec(FANGSONG, FOOTER_PT, align=CENTER, exact_line=False, color=BLACK),
    "Footer": StyleSpec(SONGTI, FOOTER_PT, exact_line=False),
    "Table Text": StyleSpec(FANGSONG, TABLE_PT, exact_line=False),
    "Masthead Mark": StyleSpec(HEITI, BODY_PT, align=LEFT),
    "Masthead Name": StyleSpec(
        XIAOBIAOSONG, 36, bold=True, align=CENTER, exact_line=False, color=RED, space_after=12
    ),
    "Masthead Number": StyleSpec(FANGSONG, BODY_PT, align=CENTER),
    "Masthead Line": StyleSpec(FANGSONG, BODY_PT, align=LEFT, space_after=LINE_PT),
    "Foot": StyleSpec(FANGSONG, FOOTER_PT, align=LEFT, exact_line=False),
}
TABLE_STYLE = "Table Grid"  # python-docx's template and Word's both have it


# --- fonts --------------------------------------------------------------------------------------


def set_fonts(rpr: BaseOxmlElement, east_asian: str, latin: str = LATIN) -> None:
    """Both font slots of run properties (`w:rPr` of a style, a run, the defaults): the Latin
    face (ascii, hAnsi, cs) and the East Asian one, the theme's fonts taken off."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for slot in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(slot), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def east_asian_font(style: ParagraphStyle) -> str | None:
    """The East Asian face a style names (None when it names none)."""
    fonts = style.element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


# --- styles -------------------------------------------------------------------------------------


def ensure_styles(document: Document, replace: bool = False) -> None:
    """The briefing's styles in `document`: each missing one added; with `replace`, each
    existing one set to the briefing's definition too (the shipped template)."""
    names = {style.name for style in document.styles}
    for name, spec in STYLES.items():
        if name in names and not replace:
            continue
        if name in names:
            style = document.styles[name]
        else:
            style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = document.styles["Normal"] if name != "Normal" else None
        assert isinstance(style, ParagraphStyle)
        _define(style, spec)
    if TABLE_STYLE not in names:
        document.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)


def _define(style: ParagraphStyle, spec: StyleSpec) -> None:
    set_fonts(style.element.get_or_add_rPr(), spec.east_asian)
    font = style.font
    font.size = Pt(spec.size)
    font.bold = spec.bold
    font.italic = False
    if spec.color is not None:
        font.color.rgb = spec.color
    layout = style.paragraph_format
    layout.alignment = spec.align
    layout.first_line_indent = Pt(spec.size * spec.indent_chars)
    layout.left_indent = Pt(0)
    layout.space_before = Pt(0)
    layout.space_after = Pt(spec.space_after)
    layout.keep_with_next = spec.keep_with_next
    if spec.exact_line:
        layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        layout.line_spacing = Pt(LINE_PT)
    else:
        layout.line_spacing_rule = WD_LINE_SPACING.SINGLE
    ppr = style.element.get_or_add_pPr()
    for stale in ppr.findall(qn("w:pBdr")):  # Word's Title has a blue rule under it
        ppr.remove(stale)
    if spec.indent_chars:  # Word counts the indent in characters (hundredths) when it can
        ppr.get_or_add_ind().set(qn("w:firstLineChars"), str(spec.indent_chars * 100))
    if spec.outline_level is not None:
        _set_child(ppr, "w:outlineLvl", str(spec.outline_level))


def _set_child(parent: BaseOxmlElement, tag: str, value: str) -> None:
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        insert_in_order(parent, child)
    child.set(qn("w:val"), value)


# The order the schema gives the children of paragraph and table properties (python-docx
# knows it only for the ones it writes itself).
ORDER = {
    "w:pPr": (
        "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
        "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
        "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
        "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
        "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
        "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
        "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
        "w:pPrChange",
    ),
    "w:tblPr": (
        "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
        "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
        "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
        "w:tblDescription",
    ),
}  # fmt: skip


def insert_in_order(parent: BaseOxmlElement, child: BaseOxmlElement) -> None:
    """`child` where the schema puts it among `parent`'s children (Word refuses a file
    whose properties come in another order; LibreOffice ignores the misplaced one)."""
    sequence = next((names for tag, names in ORDER.items() if parent.tag == qn(tag)), ())
    names = [qn(name) for name in sequence]
    if child.tag in names:
        later = sequence[names.index(child.tag) + 1 :]
        parent.insert_element_before(child, *later)
    else:
        parent.append(child)


def _document_defaults(document: Document) -> None:
    """Text outside any style (a table's default, a new run) in the body's faces, Chinese."""
    styles = document.styles.element
    rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is None:
        return
    set_fonts(rpr, FANGSONG)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


# --- page ---------------------------------------------------------------------------------------


def set_up_page(section: Section) -> None:
    """A4 with GB/T 9704's margins."""
    section.page_width, section.page_height = Mm(PAGE_MM["width"]), Mm(PAGE_MM["height"])
    section.top_margin, section.bottom_margin = Mm(PAGE_MM["top"]), Mm(PAGE_MM["bottom"])
    section.left_margin, section.right_margin = Mm(PAGE_MM["left"]), Mm(PAGE_MM["right"])
    section.footer_distance = Mm(FOOTER_DISTANCE_MM)


def page_number_footers(document: Document, before: str = "— ", after: str = " —") -> None:
    """ "— 1 —" at the foot of every page: odd pages right, even pages left, one character
    in from the edge of the text block (Word needs evenAndOddHeaders to tell them apart)."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    for footer, align in ((section.footer, RIGHT), (section.even_page_footer, LEFT)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        paragraph.style = document.styles["Footer"]
        paragraph.alignment = align
        layout = paragraph.paragraph_format
        layout.first_line_indent = Pt(0)
        if align is RIGHT:
            layout.right_indent = Pt(FOOTER_PT)
        else:
            layout.left_indent = Pt(FOOTER_PT)
        for run in list(paragraph.runs):
            run._r.getparent().remove(run._r)
        paragraph.add_run(before)
        add_field(paragraph, "PAGE", "1")
        paragraph.add_run(after)


def add_field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A field (PAGE …) as Word writes one: begin, instruction, separate, its text, end."""

    def char(kind: str) -> BaseOxmlElement:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    for part in (char("begin"), code, char("separate")):
        paragraph.add_run()._r.append(part)
    paragraph.add_run(shown)
    paragraph.add_run()._r.append(char("end"))


# --- the shipped template -----------------------------------------------------------------------


def default_template() -> Document:
    """python-docx's blank document made the briefing's: styles, page, page numbers."""
    document = docx.Document()
    ensure_styles(document, replace=True)
    _document_defaults(document)
    set_up_page(document.sections[0])
    page_number_footers(document)
    body = document.element.body
    for paragraph in body.findall(qn("w:p")):  # an empty body: the briefing fills it
        body.remove(paragraph)
    document.core_properties.title = ""
    document.core_properties.author = ""
    return document


def write_default_template(destination: Path = DEFAULT_TEMPLATE) -> Path:
    """Write the shipped template (run once when its definition changes; commit the file)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    default_template().save(str(destination))
    return destination
