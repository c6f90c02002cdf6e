"""The house's rules, enforced by walking every import in the package.

Imports inside functions count (a lazy import is still a dependency); imports under
``if TYPE_CHECKING:`` do not (they never run). The rules are the ones README's Architecture
section states.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import fresh_python

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tracer"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _type_checking_blocks(tree: ast.AST) -> set[int]:
    """ids of the import nodes that sit under ``if TYPE_CHECKING:``."""
    hidden: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            hidden.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return hidden


def _resolve(name: str) -> str | None:
    """The package module ``name`` is, or the nearest package holding it."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports(module: str) -> set[str]:
    """Every tracer module ``module`` imports, anywhere in its code."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hidden = _type_checking_blocks(tree)
    found: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if id(node) in hidden:
            continue
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for name in names:
            if name == "tracer" or name.startswith("tracer."):
                target = _resolve(name)
                if target and target != module and target != "tracer":
                    found.add(target)
    return found


GRAPH = {m: imports(m) for m in MODULES}


def _in(module: str, *packages: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


FACES_AND_ABOVE = ("tracer.cli", "tracer.api", "tracer.output")


@pytest.mark.parametrize("layer, forbidden", [
    # The core (text to trace to sweeps) stands on nothing but itself and the errors.
    ("tracer.core", ("tracer.analysis", "tracer.teaching", "tracer.views", "tracer.render",
                     "tracer.pipeline", "tracer.files", *FACES_AND_ABOVE)),
    # What is computed on top of a trace never knows how it will be shown.
    ("tracer.analysis", ("tracer.teaching", "tracer.views", "tracer.render",
                         *FACES_AND_ABOVE)),
    ("tracer.pipeline", ("tracer.teaching", "tracer.views", "tracer.render", *FACES_AND_ABOVE)),
    # Views build documents; they never write them.
    ("tracer.views", ("tracer.render", *FACES_AND_ABOVE)),
])
def test_layers_never_reach_up(layer, forbidden):
    for module, targets in GRAPH.items():
        if _in(module, layer):
            bad = sorted(t for t in targets if _in(t, *forbidden))
            assert not bad, f"{module} imports {bad}"


def test_writers_read_documents_and_never_compute_derivatives():
    allowed = ("tracer.render", "tracer.views.document", "tracer.core.printer",
               "tracer.core.nodes", "tracer.core.ops", "tracer.errors")
    for module, targets in GRAPH.items():
        if _in(module, "tracer.render"):
            bad = sorted(t for t in targets if not _in(t, *allowed))
            assert not bad, f"the writer {module} imports {bad}"


def test_no_import_circles():
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in GRAPH:
        if module not in index:
            visit(module)
    assert not circles, f"import circles: {circles}"


SYMPY_MODULES = {"tracer.analysis.exact"}  # check and swell import it where they use it


def test_only_the_symbolic_modules_import_sympy_at_load():
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
        loads = any(
            (isinstance(n, ast.Import) and any(a.name.split(".")[0] == "sympy" for a in n.names))
            or (isinstance(n, ast.ImportFrom) and (n.module or "").split(".")[0] == "sympy")
            for n in top)
        if loads:
            assert module in SYMPY_MODULES, f"{module} imports sympy when it loads"


FLOAT_COMMANDS = [
    ["trace", "x1*x2+x2-log(x1)", "--at", "x1=3,x2=-4"],
    ["forward", "x1*x2+x2-log(x1)", "--at", "x1=3,x2=-4", "-f", "json"],
    ["reverse", "x1*x2+x2-log(x1)", "--at", "x1=3,x2=-4", "-f", "markdown"],
    ["jacobian", "y1 = x1*x2; y2 = sin(x1) + x2", "--at", "x1=1,x2=2", "-f", "html"],
    ["derivatives", "x^3", "--at", "x=2", "-f", "latex"],
    ["hessian", "x1^2*x2 + sin(x1)", "--at", "x1=1,x2=2", "-f", "csv"],
    ["graph", "log(x^2)*sin(x) + 1/x", "--at", "x=2", "--mode", "reverse"],
]


def test_the_float_path_never_loads_sympy():
    code = ("from tracer.cli import _app_for\n"
            f"for args in {FLOAT_COMMANDS!r}:\n"
            "    try:\n        _app_for(args)(args)\n    except SystemExit:\n        pass\n")
    assert fresh_python(code, "'sympy' in _sys.modules") is False


def test_the_symbolic_modules_and_their_views_load_without_sympy():
    code = ("import tracer.cli, tracer.views, tracer.analysis.check, "
            "tracer.analysis.swell\nfrom tracer import views\n"
            "from tracer.analysis.results import CheckRun, SwellRun\n"
            "assert views.kind(SwellRun('4*l*(1-l)', ())) is not None\n")
    assert fresh_python(code, "'sympy' in _sys.modules") is False
    timed = subprocess.run([sys.executable, "-X", "importtime", "-c", "import tracer.cli"],
                           capture_output=True, text=True, cwd=ROOT)
    loaded = [line.rsplit("|", 1)[-1].strip() for line in timed.stderr.splitlines()]
    assert "tracer.cli" in loaded
    assert not [m for m in loaded if m.split(".")[0] == "sympy"]


def test_functions_fit_on_a_screen():
    """About 60 lines at most (ruff holds their complexity to 15: pyproject.toml)."""
    long = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1  # type: ignore[operator]
                if lines > 60:
                    long.append(f"{module}.{node.name} ({lines} lines)")
    assert not long, long
