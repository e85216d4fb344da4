"""The PDFs of the bundled year, as `briefing batch` writes them, read back with poppler (the
tools a reader's PDF viewer stands for): the seed month's text layer gives back the published
figures, and every page of every period renders to a page that is not blank.

tests/publish/test_export.py checks the PDF of one in-process export (its fonts, A4, header,
page numbers, vector charts, first page); these read the batch's own files (conftest:
`bundled_reports`)."""

import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from industry_briefing.core import periods, settings

pytestmark = pytest.mark.slow

PERIODS = [str(p) for p in periods.available_periods(settings.RAW_DATA_DIR)]
# The commission's news item of 9 March 2011 (../shared/seed/FIGURES.md), as the briefing words it.
SEED_FIGURES = [
    "规模以上工业总产值192.1亿元",
    "同比增长27.6%",
    "为全年目标任务的15.15%",
    "落后时间进度1.52个百分点",
    "工业投资累计完成29亿元",
    "为去年同期的3.59倍",
    "同比增长259%",
    "占全市固定资产投资的23.02%",
    "为全年目标任务的5.3%",
    "完成基础设施建设投资7.54亿元",
    "为全年目标任务的3.8%",
    "贵阳麦架-沙文高新技术产业园完成2.25亿元",
    "贵阳市小河-孟关装备制造业生态工业园区完成3亿元",
    "贵阳金石石材工业园区完成0.55亿元",
]
POPPLER_TIMEOUT_S = 120
DPI = 40  # enough to tell a page with text from a blank one, fast for ~90 pages
# A4 is 297 mm high; the running header sits in the top 22 mm, the page number in the bottom 20.
BODY_TOP, BODY_BOTTOM = 26 / 297, (297 - 24) / 297
# Pages mostly ink 3-20% of their body; a last page may hold only the footer's last lines
# (2011-07: about 300 dark pixels). A blank one has none.
MIN_INK_PIXELS = 50


def poppler(*args: str | Path) -> str:
    command = [str(a) for a in args]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=POPPLER_TIMEOUT_S, check=False
        )
    except FileNotFoundError:
        pytest.fail(f"{command[0]} not found: run `make test` (installs poppler-utils)")
    except subprocess.TimeoutExpired:
        pytest.fail(f"{' '.join(command)} took over {POPPLER_TIMEOUT_S} s")
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stderr}"
    return done.stdout


def page_count(pdf: Path) -> int:
    found = re.search(r"^Pages:\s+(\d+)$", poppler("pdfinfo", pdf), re.M)
    assert found, f"pdfinfo gives no page count for {pdf}"
    return int(found.group(1))


def ink(image: Image.Image) -> int:
    """Dark pixels in the page body (between the running header and the page number)."""
    gray = image.convert("L")
    width, height = gray.size
    body = gray.crop((0, int(height * BODY_TOP), width, int(height * BODY_BOTTOM)))
    return sum(body.histogram()[:200])


def test_the_seed_months_pdf_reads_back_every_published_figure(bundled_reports):
    pdf = bundled_reports / "2011-02" / "briefing.pdf"
    # -raw: a name broken after its hyphen (贵阳市小河-孟关) keeps it; a sentence running on
    # to the next page has the page number (— 1 —) between its halves
    raw = poppler("pdftotext", "-raw", "-enc", "UTF-8", pdf, "-")
    text = re.sub(r"—\d+—", "", re.sub(r"\s+", "", raw))
    missing = [figure for figure in SEED_FIGURES if figure not in text]
    assert not missing, f"not in the text layer of {pdf}: {missing}"


@pytest.mark.parametrize("period", PERIODS)
def test_every_page_renders_and_none_is_blank(bundled_reports, period, tmp_path):
    pdf = bundled_reports / period / "briefing.pdf"
    pages = page_count(pdf)
    assert pages >= 2
    poppler("pdftoppm", "-r", DPI, "-gray", "-png", pdf, tmp_path / "page")
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == pages, f"pdfinfo says {pages} pages, pdftoppm drew {len(images)}"
    for number, path in enumerate(images, 1):
        with Image.open(path) as image:
            dark = ink(image)
        assert dark >= MIN_INK_PIXELS, f"{period} page {number} is blank ({dark} dark pixels)"
