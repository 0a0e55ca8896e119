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
    "frontend": ("swapsh.kernel", "swapsh.syscalls", "swapsh.userland"),
    "transcript": ("swapsh.kernel", "swapsh.syscalls", "swapsh.userland", "swapsh.frontend"),
}
# userland may use the kernel's errno table for strerror (glibc's texts) and nothing else
ALLOWED = {"swapsh.kernel.errno"}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.append(node.module)
    return out


def test_layers_import_only_downwards() -> None:
    bad = []
    for layer, forbidden in FORBIDDEN.items():
        for path in (ROOT / layer).rglob("*.py"):
            for mod in _imports(path):
                if mod in ALLOWED:
                    continue
                if any(mod == f or mod.startswith(f + ".") for f in forbidden):
                    bad.append(f"{path.relative_to(ROOT)} imports {mod}")
    assert not bad, "\n".join(bad)


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
