"""The seed's experiment, one login, driven through the installed `swapsh` on a pty."""

from __future__ import annotations

import os
import re
import shutil

import pexpect
import pytest

from tests.pty_helpers import HANG

pytestmark = pytest.mark.slow  # the seed on a pty: two 512 MiB swap files

PROMPT = "root@swapsh:~# "
CHILD_PROMPT = PROMPT


@pytest.fixture
def swapsh() -> pexpect.spawn:
    exe = shutil.which("swapsh")
    assert exe is not None, "swapsh must be installed (pip install .)"
    env = {"PATH": os.environ.get("PATH", ""), "HOME": "/tmp", "TERM": "dumb"}
    child = pexpect.spawn(exe, env=env, timeout=HANG, encoding="utf-8")
    child.expect_exact(PROMPT)
    yield child
    child.close(force=True)


def run(child: pexpect.spawn, line: str, prompt: str = PROMPT) -> str:
    """Type line; return what the terminal showed before the next prompt."""
    child.sendline(line)
    child.expect_exact(prompt)
    out = child.before.replace("\r\n", "\n")
    # the terminal echoes what was typed
    return out.split("\n", 1)[1] if "\n" in out else ""


def test_seed_sequence(swapsh: pexpect.spawn) -> None:
    c = swapsh
    for f in ("/s1", "/s2"):
        c.sendline(f"dd if=/dev/zero of={f} bs=1M \\")
        c.expect_exact("> ")
        out = run(c, "count=512")
        assert (
            "512+0 records in\n512+0 records out\n536870912 bytes (537 MB, 512 MiB) copied, " in out
        )
        assert run(c, f"chmod 600 {f}") == ""
        out = run(c, f"mkswap {f}")
        assert out.startswith(
            "Setting up swapspace version 1, size = 512 MiB (536866816 bytes)\nno label, UUID="
        )
    # strings finds nothing past the header page
    out = run(c, "strings -t d /s2")
    offsets = [int(line.split()[0]) for line in out.splitlines()]
    assert offsets and all(o < 4096 for o in offsets) and "   4086 SWAPSPACE2" in out
    assert run(c, "clone64(CLONE_NEWSWAP|CLONE_NEWIPC)") == ""
    assert run(c, "swapon /s1") == ""
    assert run(c, "cat /proc/swaps") == (
        "Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n"
        "/s1                                     file\t\t524280\t0\t-1\n"
    )
    assert run(c, "swapon /s2") == "swapon: /s2: swapon failed: Operation not permitted\n"
    assert run(c, "echo $?") == "255\n"
    # the init namespace sees nothing of the child's file
    out = run(c, "exit")
    assert out == "" or out == "exit\n"
    assert run(c, "cat /proc/swaps") == "Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n"
    # exit released the namespace's file: the init namespace may now use it
    assert run(c, "swapon /s1; echo $?") == "0\n"
    out = run(c, "cat /proc/swaps")
    assert re.search(r"^/s1 +file\t\t524280\t0\t-2$", out, re.M)
    c.sendeof()
    c.expect(pexpect.EOF)
