"""The package's layout is its pipeline: each layer imports only from the layers below it, and
no modules import each other in a circle (CONTRIBUTING.md, "The layers")."""

import ast
from pathlib import Path

import pytest

from industry_briefing.core import settings

PACKAGE = "industry_briefing"
# From the bottom up; a module may import from its own layer and the layers below it.
LAYERS = ("core", "contract", "ingest", "store", "analysis", "briefing", "publish", "run", "cli")
# Side by side, neither imports the other: reading input never opens the warehouse, and the
# warehouse stores figures (core.figures), never reads input files.
BESIDE = {"ingest": "store", "store": "ingest"}
# The package's face: its version is shared by every layer.
ROOT_NAMES = {"__version__"}


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    found = {}
    for path in sorted(settings.PACKAGE_DIR.rglob("*.py")):
        parts = path.relative_to(settings.PACKAGE_DIR.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = modules()


def layer_of(module: str) -> str | None:
    """The layer of a module of the package (None for the package's face and __main__)."""
    parts = module.split(".")
    if len(parts) < 2 or parts[1] == "__main__":
        return None
    return parts[1].removesuffix(".py")


def imported(path: Path) -> set[str]:
    """The package's modules a file imports, at its top or inside functions."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names if alias.name.startswith(PACKAGE)}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(PACKAGE):
            base = node.module or ""
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if submodule in MODULES:
                    names.add(submodule)
                elif not (base == PACKAGE and alias.name in ROOT_NAMES):
                    names.add(base)
    return names


def test_the_package_has_the_layers():
    assert {layer_of(name) for name in MODULES} - {None} == set(LAYERS)


LAYERED = sorted(name for name in MODULES if layer_of(name) is not None)


def test_the_modules_outside_the_layers_are_the_face_and_main():
    """The package's face imports nothing of it; `python -m` only the command (the top)."""
    outside = sorted(set(MODULES) - set(LAYERED))
    assert outside == [PACKAGE, f"{PACKAGE}.__main__"]
    assert imported(MODULES[PACKAGE]) == set()
    assert imported(MODULES[f"{PACKAGE}.__main__"]) == {f"{PACKAGE}.cli"}


@pytest.mark.parametrize("module", LAYERED, ids=str)
def test_a_module_imports_only_from_its_layer_and_below(module):
    layer = layer_of(module)
    assert layer is not None
    above = {
        target
        for target in imported(MODULES[module])
        if (other := layer_of(target)) is not None
        and (LAYERS.index(other) > LAYERS.index(layer) or BESIDE.get(layer) == other)
    }
    assert not above, f"{module} ({layer}) imports from a layer above or beside it: {above}"


def test_no_modules_import_each_other_in_a_circle():
    graph = {name: imported(path) & set(MODULES) for name, path in MODULES.items()}
    # A package's face importing its own modules (briefing.sections) is not a circle.
    graph = {name: {t for t in targets if not t.startswith(name + ".")} for name, targets in
             graph.items()}  # fmt: skip
    state: dict[str, str] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                circle = [*trail[trail.index(target) :], target]
                pytest.fail("modules import each other in a circle: " + " -> ".join(circle))
            if target not in state:
                visit(target, [*trail, target])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])


def test_the_analysis_returns_numbers_and_codes_not_words():
    """No module of the analysis reads the labels or the templates (words of the briefing)."""
    for name, path in MODULES.items():
        if layer_of(name) == "analysis":
            words = {target for target in imported(path) if layer_of(target) == "briefing"}
            assert not words, f"{name} imports {sorted(words)}"
            assert "TEMPLATES_DIR" not in path.read_text(encoding="utf-8"), name


@pytest.mark.parametrize("module", sorted(MODULES), ids=str)
def test_no_module_is_over_400_lines(module):
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= 400, f"{module} has {lines} lines: split it on its seams"
