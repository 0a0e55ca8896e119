"""Driving the installed `swapsh` on a pseudo-terminal (pexpect) without racing it.

A test waits for what swapsh shows or for the state its terminal is in, never for a
length of host time. The only host time here is HANG: how long an expectation may
wait before the test calls swapsh hung. It is far beyond any slow or busy host, so it
fails only a real hang (a wrong expectation also waits this long before failing).
"""

from __future__ import annotations

import termios
import time
from collections.abc import Callable

import pexpect  # type: ignore[import-untyped]

__all__ = ["HANG", "accepted", "wait_for_job_mode", "wait_for_line_editor"]

HANG = 120  # seconds: catches hangs, not slowness
BRACKETED_PASTE_OFF = "\x1b[?2004l"  # the line editor lets go of the terminal


def accepted(child: pexpect.spawn) -> None:
    """Wait until the line editor has taken the line typed (it turns bracketed paste
    off as it ends): what comes after is the command's. Before, the editor redraws
    the line being typed with its prompt, which a prompt pattern would match."""
    child.expect_exact(BRACKETED_PASTE_OFF)


def _lflag(child: pexpect.spawn) -> int:
    # On Linux a pty master's termios calls act on its slave: swapsh's terminal.
    return int(termios.tcgetattr(child.child_fd)[3])


def _wait_for_lflag(child: pexpect.spawn, ready: Callable[[int], bool], why: str) -> None:
    """Poll swapsh's terminal modes until ready(lflag); HANG only catches a hang."""
    give_up = time.monotonic() + HANG
    while not ready(_lflag(child)):
        if time.monotonic() > give_up or not child.isalive():
            raise AssertionError(why)
        time.sleep(0.005)


def wait_for_job_mode(child: pexpect.spawn) -> None:
    """Wait until swapsh runs a job with its terminal in job mode (keys read as they
    come, without echo; ^C is a signal; frontend/host_input.py): from then on keys
    reach the running job, not the line editor, which puts the terminal in raw mode
    (no signals) and the shell's cooked mode (canonical)."""
    _wait_for_lflag(
        child,
        lambda lf: bool(lf & termios.ISIG) and not lf & (termios.ICANON | termios.ECHO),
        "swapsh never ran the job (its terminal stayed as it was)",
    )


def wait_for_line_editor(child: pexpect.spawn) -> None:
    """Wait until the line editor holds swapsh's terminal (raw mode: no signals from
    keys, no canonical lines)."""
    _wait_for_lflag(
        child,
        lambda lf: not lf & (termios.ISIG | termios.ICANON),
        "the line editor never took the terminal",
    )
