"""`python -O` drops `assert` statements; swapsh has none (ruff S101), so a session,
a kernel BUG included, prints the same bytes with and without it."""

from __future__ import annotations

import subprocess
import sys

import pytest

_SESSION = r"""
import sys
from swapsh.kernel.bug import BUG
from swapsh.machine import Machine

m = Machine()
m.kernel.proc.create("bugme", lambda t: BUG("injected"))
out = []
for line in [
    "dd if=/dev/zero of=/s1 bs=1M count=4",
    "mkswap -U 11111111-2222-3333-4444-555555555555 /s1",
    "swapon /s1", "cat /proc/swaps", "ls -l /etc", "tail -n 2 /etc/passwd",
    "hexdump -C /s1 | tail -n 3", "ps -ef", "cat /proc/bugme", "swapoff /s1",
    "echo status $?",
]:
    m.type_line(line)
    while not m.run(max_steps=100_000):
        pass
    out += [d for _, d in m.take_output()]
sys.stdout.buffer.write(b"".join(out) + m.kernel.log.text.encode())
sys.stdout.write(f"optimize={sys.flags.optimize}\n")
"""


def _run(*flags: str) -> bytes:
    cmd = [sys.executable, *flags, "-c", _SESSION]
    return subprocess.run(cmd, capture_output=True, check=True, timeout=300).stdout


@pytest.mark.slow
def test_python_O_does_not_change_a_session() -> None:
    plain, optimized = _run(), _run("-O")
    assert plain.endswith(b"optimize=0\n") and optimized.endswith(b"optimize=1\n")
    assert b"kernel BUG at <string>:" in plain and b"Adding 4088k swap on /s1" in plain
    assert plain[: -len(b"optimize=0\n")] == optimized[: -len(b"optimize=1\n")]
