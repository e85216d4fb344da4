"""The explore notebook executes on the bundled data into a warehouse of its own: it stocks
the warehouse with every month, shows every section, and reads it only once it is complete."""

import re

import nbformat
import papermill
import pytest

from industry_briefing.core import periods, settings

pytestmark = pytest.mark.slow

NOTEBOOK = settings.NOTEBOOKS_DIR / "explore.ipynb"


def outputs_of(path):
    return [o for c in nbformat.read(path, as_version=4).cells for o in c.get("outputs", [])]


def raw_files():
    return {p: p.stat().st_mtime_ns for p in settings.RAW_DATA_DIR.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("explore")
    before = raw_files()
    runs = []
    own = {"data_dir": str(settings.RAW_DATA_DIR), "warehouse": str(tmp / "w.duckdb")}
    for run, parameters in enumerate(
        [
            own,  # the session's copy of the bundled year: the kernel would read the live one
            {
                **own,
                "park": "修文医药产业园区",
                "enterprise": "贵阳云峰铝业有限公司",
                "lang": "en",
            },
        ]
    ):
        path = tmp / f"run{run}.ipynb"
        papermill.execute_notebook(
            str(NOTEBOOK), str(path), parameters, cwd=str(tmp), progress_bar=False
        )
        runs.append(outputs_of(path))
    assert raw_files() == before  # data/raw is never written
    return runs


def test_it_stocks_the_warehouse_with_every_month_then_reads_it(executed):
    first, second = executed
    printed = "".join(o.get("text", "") for o in first if o.get("output_type") == "stream")
    months = periods.available_periods(settings.RAW_DATA_DIR)
    assert printed.count("正在将") == len(months)  # a line per month read in
    assert not [o for o in second if o.get("output_type") == "stream" and "Reading" in o.text]


def test_every_section_shows_without_error(executed):
    for outputs in executed:
        assert not [o for o in outputs if o.get("output_type") == "error"]
        data = [o["data"] for o in outputs if "data" in o]
        tables = [d["text/html"] for d in data if "text/html" in d]
        charts = [d for d in data if any(k.startswith("application/vnd.vegalite") for k in d)]
        assert len(tables) >= 9 and len(charts) >= 4


def test_the_indicator_table_holds_the_seed_month(executed):
    first, _ = executed
    tables = [o["data"]["text/html"] for o in first if "text/html" in o.get("data", {})]
    output = next(t for t in tables if "规模以上工业总产值" in t)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", output)]
    seed = cells.index("2011-02")
    assert cells[seed + 1 : seed + 4] == ["192.1", "192.1", "1-2月"]


def test_a_chosen_enterprise_is_shown_release_by_release(executed):
    _, second = executed
    tables = [o["data"]["text/html"] for o in second if "text/html" in o.get("data", {})]
    enterprise = next(t for t in tables if "Enterprise" in t and "贵阳云峰铝业有限公司" in t)
    assert (
        enterprise.count("贵阳云峰铝业有限公司")
        == len(periods.available_periods(settings.RAW_DATA_DIR)) - 1
    )
