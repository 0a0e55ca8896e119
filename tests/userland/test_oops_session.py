"""A kernel bug as a person at the console sees it: the command dies with
"Segmentation fault", the oops is on the console, and the session goes on."""

from __future__ import annotations

import re

from swapsh.kernel.bug import BUG
from tests.conftest import Session


def test_an_oops_kills_the_command_and_the_session_goes_on(sh: Session) -> None:
    k = sh.kernel

    def swaps_with_a_bug(tsk: object) -> str:
        with k.swap.swap_lock:  # held when the bug strikes, as in swapfile.c
            BUG()

    k.proc.create("bugme", swaps_with_a_bug)
    r = sh.run("cat /proc/bugme")
    assert (r.out, r.err, r.status) == ("", "Segmentation fault\n", 139)
    assert "kernel BUG at tests/userland/test_oops_session.py:" in r.console
    assert re.search(r"\] Pid: \d+, comm: cat Not tainted 2\.6\.25-swapns #1\n", r.console)
    r = sh.run("cat /proc/bugme")
    assert r.status == 139 and "] invalid opcode: 0000 [2] SMP \n" in r.console
    assert re.search(r"comm: cat Tainted: G      D  2\.6\.25-swapns #1\n", r.console)
    # swap_lock was let go: swapon, which takes it, works.
    assert sh.run("dd if=/dev/zero of=/s1 bs=1M count=1 2>/dev/null").status == 0
    assert sh.run("mkswap /s1 >/dev/null").status == 0
    assert sh.run("swapon /s1").status == 0
    assert sh.run("cat /proc/swaps").out.splitlines()[1].startswith("/s1 ")
    assert sh.kernel.tasks[1].comm == "init" and not sh.m.logged_out
