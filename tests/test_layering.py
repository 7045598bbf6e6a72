"""The corpus layers: models never reach up to the page builders, and no import goes round."""

import ast
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _module_name(path: Path) -> str:
    parts = path.relative_to(CORPUS.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The corpus modules path imports, at the top or inside a function alike."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            # `from corpus.models import records` names a module; `… import Stance` does not.
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found.update(name for name in names if name in modules)
    return found


def _graph() -> dict[str, set[str]]:
    paths = [p for p in CORPUS.rglob("*.py") if "migrations" not in p.parts]
    modules = {_module_name(p) for p in paths}
    return {_module_name(p): _imports(p, modules) - {_module_name(p)} for p in paths}


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle in graph, as the list of modules round it; [] when there is none."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(module):
        state[module] = "open"
        stack.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == "open":
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[module] = "done"
        return []

    for module in sorted(graph):
        if module not in state and (found := visit(module)):
            return found
    return []


def test_corpus_imports_form_no_circle():
    assert _cycle(_graph()) == []


def test_the_cycle_finder_finds_a_circle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_no_model_module_imports_a_page_builder():
    graph = _graph()
    reached = {
        (module, target)
        for module, targets in graph.items()
        if module.startswith("corpus.models")
        for target in targets
        if target.startswith("corpus.pages")
    }
    assert reached == set()


def test_loading_the_models_alone_imports_no_page_builder():
    # A fresh interpreter: this test session has long imported every page.
    script = (
        "import sys, django; django.setup(); import corpus.models; "
        "print('\\n'.join(m for m in sys.modules if m.startswith('corpus.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=CORPUS.parent,
        env={"DJANGO_SETTINGS_MODULE": "dashboard.settings_test", "PATH": "/usr/bin:/bin"},
    )
    loaded = set(result.stdout.split())
    assert "corpus.models.records" in loaded
    assert not [m for m in loaded if m.startswith("corpus.pages")]
