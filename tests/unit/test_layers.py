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
