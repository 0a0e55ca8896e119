"""Imports flow frontend -> machine -> kernel and userland -> syscalls -> kernel only."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "swapsh"

FORBIDDEN = {
    "kernel": (
        "swapsh.syscalls",
        "swapsh.userland",
        "swapsh.frontend",
        "swapsh.machine",
        "swapsh.cli",
        "rich",
        "prompt_toolkit",
        "pygments",
    ),
    "syscalls": (
        "swapsh.userland",
        "swapsh.frontend",
        "swapsh.machine",
        "swapsh.cli",
        "rich",
        "prompt_toolkit",
    ),
    "userland": (
        "swapsh.kernel",
        "swapsh.frontend",
        "swapsh.machine",
        "swapsh.cli",
        "rich",
        "prompt_toolkit",
        "time",
        "random",
        "uuid",
        "os",
        "socket",
    ),
    "frontend": ("swapsh.kernel", "swapsh.syscalls", "swapsh.userland", "swapsh.cli"),
    "transcript": (
        "swapsh.kernel",
        "swapsh.syscalls",
        "swapsh.userland",
        "swapsh.frontend",
        "swapsh.cli",
    ),
    # the Machine boots userland through its registry, never a program's insides
    "machine.py": (
        "swapsh.userland.sh",
        "swapsh.frontend",
        "swapsh.transcript",
        "swapsh.cli",
        "swapsh.options",
    ),
    "options.py": ("swapsh.kernel", "swapsh.syscalls", "swapsh.userland", "swapsh.frontend"),
    "cli.py": ("swapsh.kernel", "swapsh.syscalls", "swapsh.userland"),
}


def _module_of(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[str]:
    module = _module_of(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    return _imports_in(path.read_text(), package)


def _imports_in(source: str, package: str) -> list[str]:
    """Every module the source imports, relative imports resolved against package,
    `from x import y` also as x.y (y may be a module)."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*up, base] if base else up)
            out.append(base)
            out += [f"{base}.{a.name}" for a in node.names]
    return out


def _files(layer: str) -> list[Path]:
    where = ROOT / layer
    return [where] if where.is_file() else sorted(where.rglob("*.py"))


def test_layers_import_only_downwards() -> None:
    bad = []
    for layer, forbidden in FORBIDDEN.items():
        for path in _files(layer):
            for mod in _imports(path):
                if any(mod == f or mod.startswith(f + ".") for f in forbidden):
                    bad.append(f"{path.relative_to(ROOT)} imports {mod}")
    assert not bad, "\n".join(sorted(set(bad)))


def test_the_layer_check_sees_relative_imports() -> None:
    source = "from ...kernel import errno\nfrom ..libc import Libc\nfrom . import parser\n"
    assert _imports_in(source, "swapsh.userland.sh") == [
        "swapsh.kernel",
        "swapsh.kernel.errno",
        "swapsh.userland.libc",
        "swapsh.userland.libc.Libc",
        "swapsh.userland.sh",
        "swapsh.userland.sh.parser",
    ]


def test_machine_reads_no_host_clock_or_randomness() -> None:
    """datetime is allowed for calendar arithmetic on simulated times, never for now()."""
    bad = []
    for layer in ("kernel", "syscalls", "userland"):
        for path in (ROOT / layer).rglob("*.py"):
            text = path.read_text()
            for needle in (
                r"\.now\(",
                r"\.today\(",
                r"utcnow",
                r"\btime\.time\(",
                r"perf_counter",
                r"\brandom\.(?!Random\()\w+\(",
                r"os\.urandom",
            ):
                if re.search(needle, text):
                    bad.append(f"{path.relative_to(ROOT)}: {needle}")
    assert not bad, "\n".join(bad)


# -- imports at the top, and no cycles ---------------------------------------------------
# An import inside a function hides a dependency (and, often, a cycle). The only one
# allowed defers a heavy optional library, and says so on its line: "# defers <what>".
DEFERS = re.compile(r"#.*\bdefers\b")


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def misplaced_imports(source: str) -> list[tuple[int, str]]:
    """(line, why) for each import that is not at the top of its module: inside a
    function or class (unless its line says it defers a heavy library), or at module
    level after the first statement that is not an import, the docstring or an
    `if TYPE_CHECKING:` block."""
    tree = ast.parse(source)
    lines = source.splitlines()
    bad: list[tuple[int, str]] = []
    header = True
    for i, stmt in enumerate(tree.body):
        is_doc = i == 0 and isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)
        is_import = isinstance(stmt, ast.Import | ast.ImportFrom)
        is_tc = isinstance(stmt, ast.If) and _is_type_checking(stmt.test)
        if is_import and not header:
            bad.append((stmt.lineno, "module-level import below the module's code"))
        if not (is_doc or is_import or is_tc):
            header = False
    scopes = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef

    def visit(node: ast.AST, inside: tuple[str, ...]) -> None:  # one walk, every scope
        for child in ast.iter_child_nodes(node):
            is_import = isinstance(child, ast.Import | ast.ImportFrom)
            if is_import and not DEFERS.search(lines[child.lineno - 1]):
                bad.extend((child.lineno, f"import inside {name}()") for name in inside)
            visit(child, (*inside, child.name) if isinstance(child, scopes) else inside)

    visit(tree, ())
    return sorted(set(bad))


def runtime_import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Module -> the swapsh modules it imports when it is imported (module-level
    imports, not those under `if TYPE_CHECKING:`)."""
    names = {}
    for path in root.rglob("*.py"):
        parts = path.relative_to(root.parent).with_suffix("").parts
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        found: set[str] = set()
        todo = list(ast.parse(path.read_text()).body)
        while todo:
            stmt = todo.pop()
            if isinstance(stmt, ast.If) and not _is_type_checking(stmt.test):
                todo += stmt.body + stmt.orelse
            elif isinstance(stmt, ast.Try):
                todo += stmt.body + stmt.orelse + stmt.finalbody
                todo += [s for h in stmt.handlers for s in h.body]
            elif isinstance(stmt, ast.Import):
                found |= {a.name for a in stmt.names}
            elif isinstance(stmt, ast.ImportFrom) and stmt.module and not stmt.level:
                for a in stmt.names:
                    sub = f"{stmt.module}.{a.name}"
                    found.add(sub if sub in names else stmt.module)
        graph[name] = {m for m in found if m in names and m != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of graph (its modules, the first repeated at the end), or []."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(n: str) -> list[str]:
        state[n] = 1
        path.append(n)
        for m in sorted(graph.get(n, ())):
            if state.get(m) == 1:
                return [*path[path.index(m) :], m]
            if m not in state and (cycle := visit(m)):
                return cycle
        path.pop()
        state[n] = 2
        return []

    for n in sorted(graph):
        if n not in state and (cycle := visit(n)):
            return cycle
    return []


def test_every_import_is_at_the_top_of_its_file() -> None:
    bad = [
        f"{path.relative_to(ROOT.parent)}:{line}: {why}"
        for path in sorted(ROOT.rglob("*.py"))
        for line, why in misplaced_imports(path.read_text())
    ]
    assert not bad, "\n".join(bad)


def test_modules_import_each_other_without_a_cycle() -> None:
    """The kernel's modules above all (a cycle there is what function-level imports
    used to hide), but no cycle anywhere in swapsh."""
    graph = runtime_import_graph()
    assert "swapsh.kernel.mm.swap_alloc" in graph["swapsh.kernel.mm.swapfile"]
    assert not find_cycle(graph), " -> ".join(find_cycle(graph))


def test_the_import_checks_catch_what_they_are_for() -> None:
    src = (
        '"""doc."""\n'
        "import os\n"
        "if TYPE_CHECKING:\n"
        "    import sys\n"
        "X = 1\n"
        "import re\n"
        "def f():\n"
        "    import json\n"
        "    import rich  # defers rich: slow to import\n"
        "class C:\n"
        "    def g(self):\n"
        "        from a import b\n"
    )
    assert misplaced_imports(src) == [
        (6, "module-level import below the module's code"),
        (8, "import inside f()"),
        (12, "import inside C()"),
        (12, "import inside g()"),
    ]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) == []
