"""The code's imports point one way: the domain core <- the Rasa plug-ins and actions <- the operators' and
developers' tools. Nothing imports in a circle, and nothing outside the core reaches into its private names."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.paths import PROJECT_DIR

PACKAGES = ["cso_advisor", "actions", "deploy", "portal", "scripts"]
CORE = "cso_advisor.core"
# What each layer must not import: a layer imports only those below it.
TOOLS = ("cso_advisor.insights", "cso_advisor.operations", "deploy", "portal", "scripts", "tests")
NOT_IMPORTED_BY = {
    CORE: ("rasa", "rasa_sdk", "sanic", "socketio", "actions", "cso_advisor.rasa_plugins", *TOOLS),
    "cso_advisor.rasa_plugins": ("actions", *TOOLS),
    "actions": TOOLS,
    "cso_advisor.insights": ("actions", "deploy", "portal", "scripts", "tests"),
    "cso_advisor.operations": ("actions", "deploy", "portal", "scripts", "tests"),
    "deploy": ("scripts", "tests"),
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT_DIR).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for package in PACKAGES for path in sorted((PROJECT_DIR / package).rglob("*.py"))}


MODULES = _modules()


def _imports(path: Path) -> Iterator[tuple[str, list[str]]]:
    """Each module this file imports, with the names it takes from it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, [alias.name for alias in node.names]


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(f"{package}.")


@pytest.mark.parametrize("layer", sorted(NOT_IMPORTED_BY))
def test_each_layer_imports_only_the_layers_below_it(layer: str) -> None:
    wrong = [
        f"{name} imports {imported}"
        for name, path in MODULES.items()
        if _within(name, layer)
        for imported, _ in _imports(path)
        if any(_within(imported, forbidden) for forbidden in NOT_IMPORTED_BY[layer])
    ]
    assert wrong == []


def test_nothing_outside_the_core_imports_its_private_names() -> None:
    tests = {_module_name(path): path for path in sorted((PROJECT_DIR / "tests").rglob("*.py"))}
    private = [
        f"{name} imports {taken} from {imported}"
        for name, path in {**MODULES, **tests}.items()
        if not _within(name, CORE)
        for imported, names in _imports(path)
        if _within(imported, CORE)
        for taken in names
        if taken.startswith("_")
    ]
    assert private == []


def test_no_modules_import_each_other_in_a_circle() -> None:
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        targets = set()
        for imported, names in _imports(path):
            # `from package import module` depends on that module; `from module import name` on the module.
            targets |= {f"{imported}.{taken}" for taken in names if f"{imported}.{taken}" in MODULES}
            if imported in MODULES:
                targets.add(imported)
        graph[name] = targets - {name}
    circles = []
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            circles.append(" -> ".join([*path[path.index(module) :], module]))
            return
        if module in done:
            return
        for target in sorted(graph.get(module, ())):
            visit(target, [*path, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])
    assert circles == []
