"""The features depend on each other one way only, and no import cycle hides in a function body.

    base (partners, actions.roles, actions.cells, sendplan.forms, sendplan.caching, sendplan.svg)
      ← actions.plans ← actions.cycle ← actions.measures ← actions.findings
      ← actions.importing, reports ← actions.devdata

Every import statement counts, at the top of a module or inside a function: a function-level
import is how a cycle hides, so it is no way around these rules. The assembly modules (the app's
model registry, urls, admin, apps, settings) may import anything, and nothing else imports them.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("partners", "actions", "reports", "sendplan")

# Lowest first. Peers of one rank may not import each other (importing and reports), except in the
# base (small shared modules) and the top (development data).
LAYERS: list[tuple[str, ...]] = [
    (
        "partners",
        "actions.roles",
        "actions.cells",
        "sendplan.forms",
        "sendplan.caching",
        "sendplan.fragments",
        "sendplan.paths",
        "sendplan.lookups",
        "sendplan.svg",
        "sendplan.signin",
        "sendplan.sessions",
        "sendplan.concurrency",
        "sendplan.concurrency_admin",
    ),
    ("actions.plans",),
    ("actions.cycle",),
    ("actions.measures",),
    ("actions.findings",),
    ("actions.importing", "reports"),
    ("actions.devdata",),
]
TOP = len(LAYERS) - 1  # development data: nothing runs above it
ASSEMBLY = (
    "actions.models",
    "actions.urls",
    "actions.admin",
    "actions.apps",
    "actions.context_processors",
    "actions",
    "sendplan.settings",
    "sendplan.urls",
    "sendplan.wsgi",
    "sendplan",
)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                found[_module_name(path)] = path
    return found


MODULES = _modules()


def _deepest(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name if name and name.split(".")[0] in PACKAGES else None


def _resolve(importer: str, node: ast.ImportFrom | ast.Import, is_package: bool) -> list[str]:
    """The project modules an import statement loads: `from actions.cycle import services` loads
    actions.cycle.services; `from actions.cycle.models import Rag` loads actions.cycle.models."""
    if isinstance(node, ast.Import):
        found = {_deepest(alias.name) for alias in node.names}
    else:
        base = node.module or ""
        if node.level:
            anchor = importer.split(".")
            anchor = anchor if is_package else anchor[:-1]
            anchor = anchor[: len(anchor) - (node.level - 1)]
            base = ".".join([*anchor, base] if base else anchor)
        found = {
            f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else _deepest(base)
            for alias in node.names
        }
    return sorted(name for name in found if name)


def _imports() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in _resolve(name, node, path.name == "__init__.py"):
                    if target != name:
                        graph[name].add(target)
    return graph


GRAPH = _imports()


def _rank(module: str) -> tuple[int, str] | None:
    """(layer, the layer's entry the module belongs to), or None for assembly modules."""
    if module in ASSEMBLY:
        return None
    best = None
    for rank, entries in enumerate(LAYERS):
        for entry in entries:
            if (module == entry or module.startswith(entry + ".")) and (
                best is None or len(entry) > len(best[1])
            ):
                best = (rank, entry)
    return best


def test_every_module_has_a_place_in_the_layers():
    unplaced = sorted(m for m in MODULES if m not in ASSEMBLY and _rank(m) is None)
    assert unplaced == []


def test_no_feature_imports_a_feature_above_it_or_beside_it():
    wrong = []
    for importer, targets in GRAPH.items():
        mine = _rank(importer)
        if mine is None:
            continue
        for target in targets:
            theirs = _rank(target)
            if theirs is None:
                wrong.append(f"{importer} imports {target}, an assembly module")
            elif theirs[0] > mine[0] or (theirs[0] == mine[0] and theirs[1] != mine[1] and 0 < mine[0] < TOP):
                wrong.append(f"{importer} imports {target}")
    assert wrong == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(MODULES):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_not_even_through_a_function_level_import():
    assert _cycles(GRAPH) == []


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, [["a", "b", "c"]]),
    ],
)
def test_the_cycle_finder_finds_cycles(graph, expected, monkeypatch):
    monkeypatch.setattr(__import__(__name__, fromlist=["MODULES"]), "MODULES", dict.fromkeys(graph))
    assert _cycles(graph) == expected


def test_a_function_level_import_is_seen():
    tree = ast.parse("def f():\n    from actions.cycle import services\n")
    node = next(n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom))
    assert _resolve("actions.plans.models", node, is_package=False) == ["actions.cycle.services"]


def test_views_fetch_objects_only_through_the_access_helpers():
    """A view that fetched its own object could skip the access check its family makes."""
    fetching = []
    for name, path in MODULES.items():
        if ".views" in f".{name}" or name.endswith("views"):
            source = path.read_text()
            for marker in ("get_object_or_404", ".objects.", "get_list_or_404"):
                if marker in source:
                    fetching.append(f"{name}: {marker}")
    assert fetching == []
