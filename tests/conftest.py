"""Shared fixtures: input folders in tmp_path copied from the bundled period (tests break them
freely), the bundled year's models, the briefing as its notebook shows it, the bundled year
rendered once per session.

Tests own their data: `settings.RAW_DATA_DIR` is pointed, for the whole session, at a copy of
the bundled year (`profile.yml` and `BUNDLED_YEAR`) made once when this file is loaded, before
any test module reads it; a month a user adds to the live `data/raw/` (2012-01) changes no
test. The copy is read-only by convention: a test that changes input copies it again into its
tmp_path; a batch or a notebook a test runs is given it as its data dir. The live folder
(`settings.DATA_DIR / "raw"`) is read by tests/test_demo_year.py, and by the tests that run the
notebooks on their defaults as an analyst does, in a kernel of their own (test_render.py's Run
All, notebooks/test_jupyterlab*.py): the report notebooks read its 2011-02, the explore
notebook every month there, a user's too.
"""

import errno
import fcntl
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

import nbformat
import pandas as pd
import pytest

from industry_briefing.analysis.model import MonthModel, build_model
from industry_briefing.core import periods, settings
from industry_briefing.ingest import reader
from industry_briefing.store import warehouse

# The bundled year: what data/raw holds in the repository (2011-02 published, the rest from
# scripts/generate_demo_year.py), and the live folder it is copied from.
BUNDLED_YEAR = tuple(f"2011-{month:02d}" for month in range(2, 13))
LIVE_RAW = settings.DATA_DIR / "raw"


def _copy_of_bundled_year() -> Path:
    """The bundled year copied out of the live data/raw into a fresh temporary folder."""
    root = Path(tempfile.mkdtemp(prefix="briefing-tests-")) / "raw"
    root.mkdir()
    shutil.copy(LIVE_RAW / settings.PROFILE_FILE, root / settings.PROFILE_FILE)
    for month in BUNDLED_YEAR:
        shutil.copytree(LIVE_RAW / month, root / month)
    return root


BUNDLED_COPY = _copy_of_bundled_year()
settings.RAW_DATA_DIR = BUNDLED_COPY
SEED = settings.RAW_DATA_DIR / "2011-02"
OPTIONAL_TABLES = Path(__file__).parent / "data" / "optional"  # invented rows, see its README

OPTIONAL_META = """\
  districts:
    provenance: illustrative
  enterprises:
    provenance: illustrative
  projects:
    provenance: illustrative
    overrides:
      - row: 某装备制造项目
        column: total_investment
        provenance: derived
        note: 测试用
  plan:
    provenance: illustrative
"""


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(BUNDLED_COPY.parent, ignore_errors=True)


@pytest.fixture(scope="session")
def bundled_raw() -> Path:
    """The session's copy of the bundled year (read-only by convention)."""
    return settings.RAW_DATA_DIR


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data dir holding a copy of the bundled 2011-02 folder."""
    root = tmp_path / "raw"
    shutil.copytree(SEED, root / "2011-02")
    return root


@pytest.fixture
def period_dir(data_dir: Path) -> Path:
    return data_dir / "2011-02"


@pytest.fixture
def full_period_dir(period_dir: Path) -> Path:
    """The bundled period plus the optional tables (districts, enterprises, projects, plan)."""
    for csv in OPTIONAL_TABLES.glob("*.csv"):
        shutil.copy(csv, period_dir / csv.name)
    meta = period_dir / "meta.yml"
    meta.write_text(meta.read_text(encoding="utf-8") + OPTIONAL_META, encoding="utf-8")
    return period_dir


@pytest.fixture
def plan_dir(period_dir: Path) -> Path:
    """The bundled period plus the test plan (and its provenance), no other optional table."""
    shutil.copy(OPTIONAL_TABLES / "plan.csv", period_dir / "plan.csv")
    meta = period_dir / "meta.yml"
    meta.write_text(
        meta.read_text(encoding="utf-8") + "  plan:\n    provenance: illustrative\n",
        encoding="utf-8",
    )
    return period_dir


@pytest.fixture(scope="session")
def models(tmp_path_factory):
    """Each bundled month's model with the year's earlier releases, as a batch builds it
    (built once for the session: several test modules check every month)."""
    db = tmp_path_factory.mktemp("warehouse") / "w.duckdb"
    releases, built = [], {}
    for period in periods.available_periods(settings.RAW_DATA_DIR):
        figures = reader.read_period(settings.RAW_DATA_DIR, period)
        warehouse.write_period(db, figures)
        releases.append(warehouse.load_period(db, period))
        built[str(period)] = build_model(figures, releases=tuple(releases))
    return built


# --- a report notebook as JupyterLab leaves it after an analyst explored in it -----------------

AUTOSAVED_OUTPUT = "AUTOSAVED OUTPUT"  # what the saved outputs say (never in a shared page)
SCRATCH_CELLS = (
    "model.parks",
    "model",
    "model.figures",
    "model.parks.head()",
    "len(model.parks)",
    "1",
)


def autosave_notebook(notebook: Path, *, edit: bool = True) -> None:
    """Do to `notebook` what JupyterLab's autosave does after an analyst explored in it: cells
    run (outputs, execution counts, a cell's collapsed state) and, with `edit`, the parameters
    cell set to another period and language and six scratch cells appended (`model.parks` …)."""
    document = json.loads(notebook.read_text(encoding="utf-8"))
    saved = [{"output_type": "stream", "name": "stdout", "text": AUTOSAVED_OUTPUT}]
    for count, cell in enumerate(document["cells"], start=1):
        if cell["cell_type"] == "code":
            cell |= {"execution_count": count, "outputs": saved}
            cell["metadata"]["collapsed"] = True
    if edit:
        parameters = document["cells"][1]
        source = "".join(parameters["source"])
        parameters["source"] = source.replace('"2011-02"', '"2012-01"').replace('"zh"', '"en"')
        document["cells"] += [
            {
                "cell_type": "code",
                "id": f"scratch-{number}",
                "metadata": {},
                "source": line,
                "execution_count": 100 + number,
                "outputs": saved,
            }
            for number, line in enumerate(SCRATCH_CELLS)
        ]
    notebook.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")


@pytest.fixture(scope="session")
def autosave() -> Callable[..., None]:
    """`autosave(notebook, edit=True)`: the notebook as JupyterLab saved it after exploring."""
    return autosave_notebook


# --- the briefing as its notebook shows it -----------------------------------------------------


@dataclass
class Outline:
    """What notebooks/briefing.ipynb shows of a month: each section's text, every table with its
    caption, every chart's title."""

    texts: dict[str, str] = field(default_factory=dict)  # section (overview …) -> Markdown
    tables: list[pd.DataFrame] = field(default_factory=list)  # in the order shown
    captions: list[str] = field(default_factory=list)  # each table's, in the same order
    chart_titles: list[str] = field(default_factory=list)  # each chart shown, in order


@functools.cache
def _briefing_cells() -> list:
    """The code cells of the briefing notebook from its parameters cell on, compiled."""
    nb = nbformat.read(settings.BRIEFING_NOTEBOOK, as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    start = next(i for i, c in enumerate(code) if "parameters" in c.metadata.get("tags", []))
    return [compile(cell.source, f"briefing.ipynb cell {i}", "exec") for i, cell in
            enumerate(code[start:], start=start)]  # fmt: skip


def outline_of(model: MonthModel, lang: str = "zh") -> Outline:
    """Run the briefing notebook's own cells on `model` (no kernel, no warehouse) and record
    what they show: the tests read the briefing's outline from the notebook, not a copy."""
    from industry_briefing.analysis import loading
    from industry_briefing.briefing import notebook, numbering

    outline, section = Outline(), [""]

    def heading(key: str, lang: str = "zh", model: MonthModel | None = None) -> None:
        section[0] = key

    def markdown(text: str) -> None:
        outline.texts[section[0]] = outline.texts.get(section[0], "") + text

    def table(frame: pd.DataFrame, caption: str = "") -> None:
        outline.tables.append(frame)
        outline.captions.append(caption)
        if not frame.empty:
            numbering.use(caption)  # shown: as notebook.show_table numbers it

    def chart(chart, data: pd.DataFrame) -> None:
        if not data.empty:
            outline.chart_titles.append(str(chart.title))
            numbering.use(str(chart.title))

    quiet = {name: lambda *args, **kwargs: None for name in ("show_notes", "publish_summary")}
    shown = {"show_heading": heading, "show_markdown": markdown, "show_table": table,
             "show_chart": chart, "show_title": lambda *args, **kwargs: numbering.reset(),
             **quiet}  # fmt: skip
    parameters = {
        "period": str(model.period),
        "data_dir": "",
        "warehouse": "",
        "region": model.figures.region,
        "lang": lang,
    }
    with (
        mock.patch.multiple(notebook, **shown),
        mock.patch.object(loading, "load_model", lambda *args, **kwargs: model),
    ):
        defaults, *cells = _briefing_cells()
        namespace: dict = {}  # the cells share it, as in a kernel
        exec(defaults, namespace)  # the parameters cell (the batch's own left at theirs)
        namespace |= parameters  # then those given, as papermill injects them
        try:
            for cell in cells:
                exec(cell, namespace)  # the project's own notebook
        finally:
            numbering.reset()  # the document ends: a text composed after it names no table
    return outline


@pytest.fixture(scope="session")
def briefing_outline() -> Callable[..., Outline]:
    """`briefing_outline(model, lang)`: the month as the briefing notebook shows it."""
    return outline_of


# Numbers in the text that are not figures of a table: period labels (1-7月), counts of rows
# (10个园区, 33户, 后5个月), list numbering, and the meeting's thresholds.
NUMBER = re.compile(r"\d+(?:\.\d+)?")
NOT_A_FIGURE = {
    "zh": re.compile(
        r"表\d+|1-\d+月|(?<![\d.])\d+(?:月|个(?!百分点)|户|家)|^\d+\. |\n\d+\. "
        r"|总投资1000万元|年产值5000万元"
    ),
    "en": re.compile(
        r"Table \d+|^\d+\. |\n\d+\. |\d+ million yuan"
        r"|(?<![\d.])\d+ (?:of the )?(?:key |major |completed |industrial )*"
        r"(?:months?|parks?|projects?|enterprises?|districts?)\b"
    ),
}


def figures_in(text: str, model: MonthModel, lang: str = "zh") -> set[str]:
    """Numbers the text states as figures (names such as 年产8万吨…项目 are not figures)."""
    figures = model.figures
    names = [
        *figures.parks["park"],
        *figures.projects["project"],
        *figures.enterprises["enterprise"],
    ]
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    return set(NUMBER.findall(NOT_A_FIGURE[lang].sub(" ", text)))


def table_figures(tables: list[pd.DataFrame]) -> set[str]:
    """Every number in the cells of the tables."""
    cells: set[str] = set()
    for table in tables:
        for value in table.astype(str).to_numpy().ravel():
            cells |= set(NUMBER.findall(value))
    return cells


@pytest.fixture(scope="session")
def figures_of_text() -> Callable[..., set[str]]:
    """`figures_of_text(text, model, lang)`: the numbers a text states as figures."""
    return figures_in


@pytest.fixture(scope="session")
def figures_of_tables() -> Callable[[list[pd.DataFrame]], set[str]]:
    """`figures_of_tables(tables)`: every number in the tables' cells."""
    return table_figures


# --- the bundled year rendered once per session (the browser, PDF and render tests read it) ----

BATCH_TIMEOUT_S = 900
ARTIFACTS_ENV = "BRIEFING_TEST_ARTIFACTS"
SESSION_STARTED = time.time()


def _render_year(tmp: Path, lang: str) -> Path:
    """`briefing batch` over the bundled data/raw into `tmp` (reports, warehouse) in `lang`."""
    command = [
        sys.executable, "-m", "industry_briefing", "batch",
        "--data-dir", str(settings.RAW_DATA_DIR),
        "--warehouse", str(tmp / "w.duckdb"),
        "--reports-dir", str(tmp / "reports"),
        "--lang", lang,
    ]  # fmt: skip
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=BATCH_TIMEOUT_S, cwd=tmp
        )
    except subprocess.TimeoutExpired as timeout:
        pytest.fail(
            f"`briefing batch` of the bundled year took over {BATCH_TIMEOUT_S} s:\n"
            f"{timeout.stdout}\n{timeout.stderr}"
        )
    assert done.returncode == 0, f"`briefing batch` failed:\n{done.stdout}\n{done.stderr}"
    return tmp / "reports"


def rendered_once(tmp_path_factory, name: str, render: Callable[[Path], object]) -> Path:
    """A folder `render` fills once for the whole run. Under pytest-xdist (`make test` runs the
    tests in two processes) the first process that asks renders it into the run's shared
    temporary folder while the others wait on its lock, then every process reads it."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        folder = tmp_path_factory.mktemp(name)
        render(folder)
        return folder
    shared = tmp_path_factory.getbasetemp().parent  # the run's, above each worker's own
    folder, done = shared / name, shared / f"{name}.done"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists():  # a failed render leaves no mark: the next to ask tries again
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            render(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def bundled_reports(tmp_path_factory) -> Path:
    """`briefing batch` over the bundled data/raw into a tmp reports dir (and tmp warehouse),
    as `make briefing` renders the year: every period's HTML, PDF, notebook and the index."""
    return (
        rendered_once(tmp_path_factory, "bundled", lambda tmp: _render_year(tmp, "zh")) / "reports"
    )


ENGLISH_MONTHS = ("2011-08", "2011-09", "2011-12")  # two releases in a row, and a year's end


def _render_english_months(tmp: Path) -> None:
    """The English pages: `briefing batch --lang en` of 2011-08 and 2011-09 (the index's trend
    needs two releases in a row), then `briefing run 2011-12 --lang en` (the year's end) into
    the same reports."""
    common = ["--lang", "en", "--data-dir", str(settings.RAW_DATA_DIR),
              "--warehouse", str(tmp / "w.duckdb"),
              "--reports-dir", str(tmp / "reports")]  # fmt: skip
    first, *_, last = ENGLISH_MONTHS
    for command in (["batch", "--from", first, "--to", ENGLISH_MONTHS[1]], ["run", last]):
        done = subprocess.run(
            [sys.executable, "-m", "industry_briefing", *command, *common],
            capture_output=True, text=True, timeout=BATCH_TIMEOUT_S, cwd=tmp,
        )  # fmt: skip
        assert done.returncode == 0, (
            f"`briefing {command[0]}` failed:\n{done.stdout}\n{done.stderr}"
        )


@pytest.fixture(scope="session")
def bundled_reports_en(tmp_path_factory) -> Path:
    """Three months of the bundled year in English (ENGLISH_MONTHS), with their index: the
    English pages without a second render of the whole year."""
    return rendered_once(tmp_path_factory, "bundled-en", _render_english_months) / "reports"


# --- the real bulletins (tests/data/bulletins/), each rendered once per session ----------------


# The bulletins whose Word file a test reads back (tests/publish/test_docx.py and
# tests/ingest/test_round_trip.py); the others are rendered without one.
WORD_BULLETINS = ("guiyang-2015-05", "huangshi-2024-06", "susong-2021-06")


@pytest.fixture(scope="session")
def bulletin_reports(tmp_path_factory) -> Callable[[Path], Path]:
    """`bulletin_reports(root)`: the folder of the one period of the data root `root` (a
    bulletin of tests/data/bulletins/) as `briefing run` renders it; rendered on first use."""
    rendered: dict[Path, Path] = {}

    def run(root: Path, period: str, tmp: Path) -> None:
        command = [sys.executable, "-m", "industry_briefing", "run", period, "-j", "1",
                   "--data-dir", root, "--warehouse", tmp / "w.duckdb",
                   "--reports-dir", tmp / "reports",
                   *(() if root.name in WORD_BULLETINS else ("--no-docx",))]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tmp)
        assert done.returncode == 0, done.stdout + done.stderr

    def render(root: Path) -> Path:
        if root not in rendered:
            [period] = [p.name for p in root.iterdir() if p.is_dir()]
            tmp = rendered_once(tmp_path_factory, root.name, lambda tmp: run(root, period, tmp))
            rendered[root] = tmp / "reports" / period
        return rendered[root]

    return render


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests leave files for a person to look at (screenshots): `test-artifacts/` at the
    project root (gitignored), or $BRIEFING_TEST_ARTIFACTS. Printed at the end of the run."""
    path = _artifacts_path()
    path.mkdir(parents=True, exist_ok=True)
    return path


def _artifacts_path() -> Path:
    where = os.environ.get(ARTIFACTS_ENV)
    return Path(where).resolve() if where else settings.PROJECT_ROOT / "test-artifacts"


def pytest_terminal_summary(terminalreporter):
    # Said by the process that reports (under pytest-xdist not the one that took the pictures):
    # the folder is named when this run left a file in it.
    path = _artifacts_path()
    if path.is_dir() and any(f.stat().st_mtime >= SESSION_STARTED for f in path.rglob("*")):
        terminalreporter.write_line(f"test artefacts (screenshots) in {path}")


# --- the real bulletins' texts (tests/data/bulletins/*/source.txt) -----------------------------

BULLETINS = Path(__file__).parent / "data" / "bulletins"


def _bulletin_excerpt(name: str) -> str:
    """The verbatim excerpt of a bulletin's source.txt: between ---8<--- marks, or each FULL
    EXCERPT."""
    source = (BULLETINS / name / "source.txt").read_text(encoding="utf-8")
    if "---8<---" in source:
        return source.split("---8<---")[1]
    found = re.findall(r"FULL EXCERPT AS STORED[^\n]*\n(.*?)(?:\n\s*\n|\Z)", source, re.S)
    return "\n".join(found)


@pytest.fixture(scope="session")
def bulletin_excerpt() -> Callable[[str], str]:
    return _bulletin_excerpt


# --- a full disk and a mounted folder (the tests of outputs that cannot be written) -------------


@pytest.fixture
def fill_disk(monkeypatch) -> Callable[[int], None]:
    """`fill_disk(room)`: os.write takes `room` bytes in all, then fails as a full disk does."""

    def after(room: int) -> None:
        real_write, left = os.write, [room]

        def write(handle, data):
            if left[0] <= 0:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            taken = real_write(handle, bytes(data[: left[0]]))
            left[0] -= taken
            return taken

        monkeypatch.setattr(os, "write", write)

    return after


@contextmanager
def _mounted(*command: str) -> Iterator[None]:
    done = subprocess.run(["mount", *command], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"mount is not allowed here: {done.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["umount", command[-1]], check=True)


@pytest.fixture(scope="session")
def mounting() -> Callable[..., AbstractContextManager[None]]:
    """`with mounting(*arguments):` runs `mount *arguments` and unmounts after; the test is
    skipped where mounting is not allowed."""
    return _mounted
