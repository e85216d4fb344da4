"""Long text stays short on the page: a name of thousands of characters (within the input's
limit) is shown by its beginning and an ellipsis in the briefing's sentences, tables and
charts, in the HTML and the PDF, so that it cannot slow the layout down; the input keeps it
whole. (How fast a period renders is measured by `make bench`, not asserted here.)"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from industry_briefing.core import settings

pytestmark = pytest.mark.slow

LONG_NAME = "贵阳市超长名称园区" * 440  # 3,960 characters: under the 5,000 of a cell
SHOWN = LONG_NAME[: settings.DISPLAY_CHARS - 1] + "…"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("long")
    month = tmp / "raw" / "2011-02"
    shutil.copytree(settings.RAW_DATA_DIR / "2011-02", month)
    parks = month / "parks.csv"
    lines = parks.read_text(encoding="utf-8").split("\n")
    cells = lines[2].split(",")
    cells[0] = LONG_NAME
    lines[2] = ",".join(cells)
    parks.write_text("\n".join(lines), encoding="utf-8")
    command = [sys.executable, "-m", "industry_briefing", "run", "2011-02",
               "--data-dir", tmp / "raw", "--warehouse", tmp / "w.duckdb",
               "--reports-dir", tmp / "reports"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tmp)
    assert done.returncode == 0, done.stdout + done.stderr
    return tmp / "reports" / "2011-02"


@pytest.mark.parametrize("page", ["briefing.html", "parks.html"])
def test_the_page_shows_the_name_shortened_never_whole(rendered, page):
    html = (rendered / page).read_text(encoding="utf-8")
    assert SHOWN in html
    assert LONG_NAME[: settings.DISPLAY_CHARS + 1] not in html


def test_the_pdf_shows_the_name_shortened(rendered):
    text = subprocess.run(
        ["pdftotext", str(rendered / "briefing.pdf"), "-"], capture_output=True, text=True
    ).stdout.replace("\n", "")
    assert "贵阳市超长名称园区贵阳市超长名称园区" in text
    assert LONG_NAME[:400] not in text
