"""Facts about the project itself: pins agree, notebooks are committed clean and thin."""

import ast
import itertools
import re
import subprocess
import sys
import tokenize
import tomllib
from pathlib import Path

import nbformat
import papermill
import pytest
import yaml

from industry_briefing.briefing import labels
from industry_briefing.core import settings
from industry_briefing.core.errors import say
from industry_briefing.publish.preprocessors import REMOVE_CELL_TAG
from industry_briefing.run import approval

ROOT = settings.PROJECT_ROOT
NOTEBOOKS = sorted(settings.NOTEBOOKS_DIR.glob("*.ipynb"))


def test_environment_yml_pins_the_same_packages_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pinned = set(project["dependencies"]).union(*project["optional-dependencies"].values())
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    assert {line for line in pip_section if not line.startswith("-e")} == pinned


def test_lock_file_agrees_with_the_direct_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    locked = {
        line.split("==")[0].lower().replace("_", "-"): line.strip()
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if "==" in line
    }
    extras = [pin for pins in project["optional-dependencies"].values() for pin in pins]
    for pin in project["dependencies"] + extras:
        name = pin.split("==")[0].lower()
        assert locked.get(name, "").lower() == pin.lower(), f"{pin} is not in requirements.lock"


def test_notebooks_exist():
    assert settings.BRIEFING_NOTEBOOK in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_committed_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    dirty = [
        i
        for i, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert not dirty, f"{path.name}: cells {dirty} have outputs; run `make strip`"


def test_the_report_notebooks_are_approved_as_committed():
    """A developer who changes a report notebook approves it (`make strip` does), or every
    batch refuses it as edited."""
    found = approval.edited(settings.REPORT_NOTEBOOKS, settings.APPROVED_NOTEBOOKS)
    assert not found, f"{say(approval.describe(found), 'en')}\nrun `make strip` (it approves them)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_thin(path):
    """Logic lives in the library: no function or class is defined in a notebook."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            tree = ast.parse(cell.source)
            defined = [
                n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef)
            ]
            assert not defined, f"{path.name} defines {defined}: move it to the library"


# A code cell that shows a section of its page, and where the heading's words are: the briefing's
# and the topic pages' (labels `heading.*`), the explore notebook's (`explore.heading.*`).
SECTION_CALL = re.compile(
    r'notebook\.show_heading\("(?P<briefing>\w+)"'
    r'|explore_tables\.heading\("(?P<explore>\w+)"'
    r"|notebook\.show_(?P<analyst>analyst)\("
)
BRIEFING_SECTIONS = ["overview", "operation", "investment", "parks", "concerns", "analyst"]
CODE_CELLS_WITHOUT_A_WORD = 3  # the longest run of code cells one sentence introduces


def _sections_shown(source: str) -> list[str]:
    """The labels' keys of the section headings a code cell shows."""
    return [
        f"explore.heading.{call['explore']}"
        if call["explore"]
        else f"heading.{call['briefing'] or call['analyst']}"
        for call in SECTION_CALL.finditer(source)
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_read_as_documents(path):
    """An analyst who opens a notebook before running it sees its shape: a Markdown heading
    (Chinese, then English) right before the code of each section the page shows, words before
    every few code cells; and all of its Markdown is the analyst's, left out of every shared
    page by the one rule (the `remove_cell` tag: publish.preprocessors.left_out)."""
    cells = nbformat.read(path, as_version=4).cells
    markdown = [c for c in cells if c.cell_type == "markdown"]
    assert all(REMOVE_CELL_TAG in c.metadata.get("tags", []) for c in markdown)
    assert [c.cell_type for c in cells[:2]] == ["markdown", "code"]
    assert cells[1].metadata.get("tags") == ["parameters"]
    sections, run = [], 0
    for before, cell in itertools.pairwise(cells[1:]):
        run = run + 1 if cell.cell_type == "code" else 0
        assert run <= CODE_CELLS_WITHOUT_A_WORD, f"{path.name}: {cell.source[:60]} has no words"
        for key in _sections_shown(cell.source):
            heading = re.escape(labels.label(key, "zh"))
            assert before.cell_type == "markdown", f"{path.name}: no heading before {key}"
            assert re.match(rf"#{{2,3}} {heading} · [A-Z]", before.source), before.source
            sections.append(key.rsplit(".", 1)[1])
    assert sections, f"{path.name} shows no section"
    if path == settings.BRIEFING_NOTEBOOK:
        assert sections == [*BRIEFING_SECTIONS, "appendix"]  # in the order the briefing shows


def test_briefing_parameters_are_typed_literals():
    parameters = papermill.inspect_notebook(str(settings.BRIEFING_NOTEBOOK))
    assert {name: p["inferred_type_name"] for name, p in parameters.items()} == {
        "period": "str",
        "data_dir": "str",
        "warehouse": "str",
        "region": "str",
        "lang": "str",
        "shared_model_dir": "str",
        "defer_chart_svg": "bool",
    }
    assert parameters["period"]["default"] == '"2011-02"'
    assert parameters["lang"]["default"] == '"zh"'  # Chinese unless told otherwise
    assert all(p["help"] for p in parameters.values()), "every parameter needs a comment"


def test_the_slow_importing_iri_validator_is_left_out_of_the_lock():
    """rfc3987-syntax costs each kernel 1.7 s of imports: the lock (no-deps install) omits it."""
    lock = (ROOT / "requirements.lock").read_text()
    assert "rfc3987-syntax" not in lock
    assert "--no-deps -r requirements.lock" in (ROOT / "Makefile").read_text()


# --- what CONTRIBUTING.md says of the code ----------------------------------------------------

TESTS = settings.PROJECT_ROOT / "tests"
PACKAGE = settings.PACKAGE_DIR
# The one test file that imports others: it reads the large month's pages with the readers of
# the pages it is compared with (CONTRIBUTING.md, "Tests").
TEST_IMPORTS = {"publish/test_large_month.py": {"test_pdf", "test_whole_tables"}}
# The ignores that do not say why yet (CONTRIBUTING.md, "Style"): values of input rows typed
# `object`, in a module another change owns.
IGNORES_WITHOUT_REASON = {"lib/industry_briefing/analysis/statements.py": 3}


def test_a_test_file_imports_another_only_where_contributing_says():
    found: dict[str, set[str]] = {}
    for path in sorted(TESTS.rglob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [a.name for a in node.names] if isinstance(node, ast.Import) else []
            tests = {n.split(".")[-1] for n in names if n.split(".")[-1].startswith("test_")}
            if tests:
                found.setdefault(str(path.relative_to(TESTS)), set()).update(tests)
    assert found == TEST_IMPORTS


def _type_ignores(path: Path) -> list[tuple[int, str]]:
    """The `# type: ignore` comments of a Python file (never a string that quotes one): line
    number (from 1) and the comment."""
    with path.open("rb") as source:
        tokens = tokenize.tokenize(source.readline)
        return [
            (token.start[0], token.string)
            for token in tokens
            if token.type == tokenize.COMMENT and "type: ignore" in token.string
        ]


def test_every_type_ignore_names_its_code_and_says_why():
    """In the package, the tests and the scripts: the reason after the ignore on its line, or
    in a comment on the line above."""
    unexplained: dict[str, int] = {}
    for path in [*PACKAGE.rglob("*.py"), *TESTS.rglob("*.py"), *(ROOT / "scripts").rglob("*.py")]:
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, comment in _type_ignores(path):
            assert "# type: ignore[" in comment, f"{path}:{number}: an ignore without its code"
            after = comment.split("# type: ignore[", 1)[1].split("]", 1)[1]
            if "#" not in after and not lines[number - 2].strip().startswith("#"):
                name = str(path.relative_to(ROOT))
                unexplained[name] = unexplained.get(name, 0) + 1
    assert unexplained == IGNORES_WITHOUT_REASON


HEAVY = ("pandas", "papermill", "nbconvert")


def test_the_command_and_the_batch_import_no_heavy_library_at_import():
    """A batch with nothing to do answers at once: `run/` and `cli/` import pandas, papermill
    and nbconvert inside the functions that need them (CONTRIBUTING.md, the layers' rules)."""
    probe = (
        "import sys, industry_briefing.cli, industry_briefing.run.batch; "
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
