"""Driving the installed `swapsh` on a pseudo-terminal (pexpect) without racing it.

A test waits for what swapsh shows or for the state its terminal is in, never for a
length of host time. The only host time here is HANG: how long an expectation may
wait before the test calls swapsh hung. It is far beyond any slow or busy host, so it
fails only a real hang (a wrong expectation also waits this long before failing).
"""

from __future__ import annotations

import termios
import time

import pexpect  # type: ignore[import-untyped]

__all__ = ["HANG", "accepted", "wait_for_job_mode", "wait_for_line_editor"]

HANG = 120  # seconds: catches hangs, not slowness
BRACKETED_PASTE_OFF = "\x1b[?2004l"  # the line editor lets go of the terminal


def accepted(child: pexpect.spawn) -> None:
    """Wait until the line editor has taken the line typed (it turns bracketed paste
    off as it ends): what comes after is the command's. Before, the editor redraws
    the line being typed with its prompt, which a prompt pattern would match."""
    child.expect_exact(BRACKETED_PASTE_OFF)


def _job_mode(child: pexpect.spawn) -> bool:
    # On Linux a pty master's termios calls act on its slave: swapsh's terminal.
    lflag = termios.tcgetattr(child.child_fd)[3]
    return bool(lflag & termios.ISIG) and not lflag & (termios.ICANON | termios.ECHO)


def wait_for_job_mode(child: pexpect.spawn) -> None:
    """Wait until swapsh runs a job with its terminal in job mode (keys read as they
    come, without echo; ^C is a signal; frontend/host_input.py): from then on keys
    reach the running job, not the line editor, which puts the terminal in raw mode
    (no signals) and the shell's cooked mode (canonical)."""
    give_up = time.monotonic() + HANG
    while not _job_mode(child):
        if time.monotonic() > give_up or not child.isalive():
            raise AssertionError("swapsh never ran the job (its terminal stayed as it was)")
        time.sleep(0.005)


def wait_for_line_editor(child: pexpect.spawn) -> None:
    """Wait until the line editor holds swapsh's terminal (raw mode: no signals from
    keys, no canonical lines)."""
    give_up = time.monotonic() + HANG
    while termios.tcgetattr(child.child_fd)[3] & (termios.ISIG | termios.ICANON):
        if time.monotonic() > give_up or not child.isalive():
            raise AssertionError("the line editor never took the terminal")
        time.sleep(0.005)
