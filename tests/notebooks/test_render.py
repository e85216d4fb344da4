"""End to end: the `briefing` command executes the notebook and writes an offline HTML 简报."""

import base64
import html
import re

import nbformat
import papermill
import pytest

from industry_briefing.briefing.charts import SPEC_MIMETYPE as SPEC
from industry_briefing.core import periods, settings
from industry_briefing.publish import export

pytestmark = pytest.mark.slow

PERIODS = [str(p) for p in periods.available_periods(settings.RAW_DATA_DIR)]
SEED_FIGURES = [
    "192.1亿元",
    "同比增长27.6%",
    "为全年目标任务的15.15%",
    "落后时间进度1.52个百分点",
    "29亿元",
    "为去年同期的3.59倍",
    "同比增长259%",
    "占全市固定资产投资的23.02%",
    "为全年目标任务的5.3%",
    "7.54亿元",
    "为全年目标任务的3.8%",
    "贵阳市小河-孟关装备制造业生态工业园区完成3亿元",
    "贵阳金石石材工业园区完成0.55亿元",
]


@pytest.fixture(scope="module")
def reports(bundled_reports):
    """Every bundled month, as `make briefing` renders them (conftest: one batch per session)."""
    return bundled_reports


@pytest.fixture(scope="module")
def rendered(reports):
    page = (reports / "2011-02" / "briefing.html").read_text(encoding="utf-8")
    return reports.parent, page


def outputs_of(notebook: nbformat.NotebookNode) -> list:
    return [output for cell in notebook.cells for output in cell.get("outputs", [])]


def visible_text(page: str) -> str:
    without_code = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", without_code))


def test_html_has_every_seed_figure(rendered):
    _, page = rendered
    text = visible_text(page)
    for figure in SEED_FIGURES:
        assert figure in text


def test_html_loads_nothing_from_the_network(rendered):
    _, page = rendered
    assert export.external_references(page) == []
    assert "<script src" not in page
    assert "<link " not in page


def test_html_hides_code_and_is_chinese(rendered):
    _, page = rendered
    assert '<html lang="zh">' in page
    assert "notebook.load_figures" not in page
    assert 'class="jp-CodeMirrorEditor' not in page
    assert 'class="highlight' not in page
    assert "<title>贵阳市工业经济运行简报（2011年1-2月）</title>" in page


def test_html_embeds_the_charts_as_svg_with_chinese_text(rendered):
    _, page = rendered
    images = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert len(images) >= 2
    svg = base64.b64decode(images[0]).decode("utf-8")
    assert "<svg" in svg
    assert "进度要求" in svg  # text drawn, not dropped for want of a CJK font


def test_analyst_only_cells_stay_out_of_the_briefing(rendered):
    _, page = rendered
    assert "Cells tagged" not in page


def _analysts_words(notebook) -> list[str]:
    """Each line of the notebook's own Markdown (its headings and what each cell shows) as it
    would read on a page: no heading marks, no code quotes."""
    cells = nbformat.read(notebook, as_version=4).cells
    lines = [line for c in cells if c.cell_type == "markdown" for line in c.source.splitlines()]
    return [re.sub(r"^#+ |`", "", line).strip() for line in lines if line.strip()]


@pytest.mark.parametrize("notebook", settings.REPORT_NOTEBOOKS, ids=lambda p: p.name)
def test_the_notebooks_own_headings_and_sentences_stay_out_of_the_pages(reports, notebook):
    """What an analyst reads in JupyterLab (a heading per section, a sentence per cell) is on
    no shared page: the real briefing's month, and a month of every table and chart."""
    words = _analysts_words(notebook)
    assert len(words) > 10 and any(re.match(r"[一二三四五六]、\S+ · ", line) for line in words)
    for period in ("2011-02", "2011-07"):
        page = reports / period / f"{notebook.stem}.html"
        text = visible_text(page.read_text(encoding="utf-8"))
        assert [line for line in words if line in text] == []


def test_executed_notebook_is_kept_beside_the_html(rendered):
    tmp, _ = rendered
    executed = tmp / "reports" / "2011-02" / "briefing.ipynb"
    notebook = nbformat.read(executed, as_version=4)
    injected = [c for c in notebook.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1
    assert 'period = "2011-02"' in injected[0].source
    # What the notebook needs of the batch, as parameters: the period's shared model, charts
    # left to the worker, which drew them into the kept notebook too.
    assert "defer_chart_svg = True" in injected[0].source
    assert 'shared_model_dir = "' in injected[0].source
    charts = [o["data"] for o in outputs_of(notebook) if SPEC in o.get("data", {})]
    assert charts and all("image/svg+xml" in data for data in charts)
    assert not list((tmp / "reports").glob(".2011-02-*")), "temporary folder left behind"
    assert not list((tmp / "reports").glob(".tmp-2011-02-*")), "staging folder left behind"


def test_external_reference_detector_finds_cdn_scripts():
    page = '<script src="https://cdn.example/x.js"></script><link href="//fonts.example/a.css">'
    assert export.external_references(page) == ["https://cdn.example/x.js", "//fonts.example/a.css"]
    assert export.external_references('<a href="#top">') == []


def test_project_root_not_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert settings.DATA_DIR.is_absolute()
    assert (settings.DATA_DIR / "raw" / "2011-02").is_dir()


@pytest.mark.parametrize(
    "notebook", sorted(settings.NOTEBOOKS_DIR.glob("*.ipynb")), ids=lambda p: p.name
)
def test_notebook_runs_as_it_is_on_its_defaults(notebook, tmp_path, monkeypatch):
    """What an analyst gets with 'Run All' in JupyterLab: no parameters injected."""
    monkeypatch.setenv("BRIEFING_WAREHOUSE", str(tmp_path / "w.duckdb"))
    executed = tmp_path / notebook.name
    papermill.execute_notebook(str(notebook), str(executed), cwd=str(tmp_path), progress_bar=False)
    outputs = outputs_of(nbformat.read(executed, as_version=4))
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any("data" in o for o in outputs)  # it showed tables, text or charts
    assert (tmp_path / "w.duckdb").exists()  # the default month was ingested on first use
    # On its defaults each chart is drawn in the kernel, and the model built there: no model
    # kept beside it for other notebooks.
    charts = [o["data"] for o in outputs if SPEC in o.get("data", {})]
    assert all("image/svg+xml" in data and "image/png" in data for data in charts)
    assert not list(tmp_path.glob(".model-*"))


SECTIONS = [
    "一、总体情况",
    "二、工业经济运行",
    "三、工业投资",
    "四、园区建设",
    "五、需要关注的问题",
]


@pytest.mark.parametrize("period", PERIODS)
def test_every_bundled_month_has_the_five_sections_and_the_appendix(reports, period):
    page = (reports / period / "briefing.html").read_text(encoding="utf-8")
    text = visible_text(page)
    positions = [text.index(heading) for heading in [*SECTIONS, "附：数据说明与质量检查"]]
    assert positions == sorted(positions)
    assert export.external_references(page) == []
    assert "Traceback" not in text and "Error" not in text


def test_a_demo_month_states_that_its_figures_are_illustrative(reports):
    text = visible_text((reports / "2011-07" / "briefing.html").read_text(encoding="utf-8"))
    assert "数据来源：示意数据，非公布数据" in text
    assert "示意：示意" not in text and "scripts/" not in text  # said once, no script named
    assert "计划进度" in text  # the plan decomposes the targets of the demo year
