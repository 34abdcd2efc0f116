"""The house: data flows one way between the top-level packages (no import cycle; api/ never imports the pages)."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = sorted(p.name for p in ROOT.iterdir() if (p / "__init__.py").exists() and p.name not in ("tests", "bench"))
MODULES = sorted(p.stem for p in ROOT.glob("*.py"))


def _top(name: str) -> str | None:
    head = name.split(".")[0]
    return head if head in PACKAGES or head in MODULES else None


def import_graph() -> dict[str, set[str]]:
    """Top-level package or module → the other top-level ones it imports (at any depth, lazily or not)."""
    graph = {}
    for unit in PACKAGES + MODULES:
        files = (ROOT / unit).rglob("*.py") if unit in PACKAGES else [ROOT / f"{unit}.py"]
        targets = set()
        for path in files:
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    targets.update(_top(alias.name) for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    targets.add(_top(node.module))
        graph[unit] = {t for t in targets if t and t != unit}
    return graph


def _cycle(graph):
    state = {}

    def visit(node, path):
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return path + [nxt]
            if nxt not in state and (found := visit(nxt, path + [nxt])):
                return found
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start, [start])):
            return found
    return None


def test_no_import_cycle_between_top_level_packages():
    graph = import_graph()
    assert {"api", "field", "models", "reports", "security"} <= set(graph)
    assert _cycle(graph) is None, " → ".join(_cycle(graph))


def test_the_api_and_the_domain_never_import_the_pages():
    graph = import_graph()
    for unit in ("api", "models", "reports", "security", "notifications"):
        assert "field" not in graph[unit], f"{unit}/ imports the front end"
