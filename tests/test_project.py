"""Facts about the project itself: pins agree, notebooks are committed clean and thin."""

import ast
import tomllib

import nbformat
import papermill
import pytest
import yaml

from industry_briefing.core import settings
from industry_briefing.core.errors import say
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


def test_briefing_parameters_are_typed_literals():
    parameters = papermill.inspect_notebook(str(settings.BRIEFING_NOTEBOOK))
    assert {name: p["inferred_type_name"] for name, p in parameters.items()} == {
        "period": "str",
        "data_dir": "str",
        "warehouse": "str",
        "region": "str",
        "lang": "str",
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
# The one test file that imports others: it reads the large month's pages with the readers of
# the pages it is compared with (CONTRIBUTING.md, "Tests").
TEST_IMPORTS = {"publish/test_large_month.py": {"test_pdf", "test_whole_tables"}}
# The ignores that do not say why yet (CONTRIBUTING.md, "Style"): values of input rows typed
# `object`, in a module another change owns.
IGNORES_WITHOUT_REASON = {"analysis/statements.py": 3}


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


def test_every_type_ignore_names_its_code_and_says_why():
    """On its own line after the ignore, or in a comment on the line above."""
    unexplained: dict[str, int] = {}
    for path in sorted(settings.PACKAGE_DIR.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            if "# type: ignore" not in line:
                continue
            assert "# type: ignore[" in line, f"{path}:{number + 1}: an ignore without its code"
            after = line.split("# type: ignore[", 1)[1].split("]", 1)[1]
            if "#" not in after and not lines[number - 1].strip().startswith("#"):
                name = str(path.relative_to(settings.PACKAGE_DIR))
                unexplained[name] = unexplained.get(name, 0) + 1
    assert unexplained == IGNORES_WITHOUT_REASON
