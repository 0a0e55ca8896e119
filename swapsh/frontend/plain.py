"""The plain front-end: lines from -c, a file or a pipe are typed into the active
console one at a time, each when something reads that console (its shell is at its
prompt), so `chvt 2` sends the lines after it to tty2. At the end of the input ^D is
typed there. swapsh ends when the login of the active console ends, with its status.

What every console shows is printed, the active one's and the others' alike, as it
comes (a `-c` script's output is all of its output, whichever login made it):
simulated stdout goes to the host's stdout, stderr and kernel console messages to
its stderr; prompts and the shell's exit chatter are left out."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
from collections.abc import Iterable, Iterator
from types import FrameType
from typing import BinaryIO

from swapsh.machine import STREAM_PROMPT, STREAM_STDOUT, Machine

__all__ = ["run_plain"]


class OutputClosed(Exception):
    """The host closed the pipe swapsh writes to (e.g. `swapsh -c ... | head -1`)."""


def _emit(m: Machine, out: BinaryIO, err: BinaryIO) -> None:
    """Print what every console showed since the last look, console by console."""
    try:
        for tty in m.consoles:
            for stream, data in m.take_output(tty):
                if stream == STREAM_PROMPT:
                    continue
                (out if stream == STREAM_STDOUT else err).write(data)
        out.flush()
        err.flush()
    except BrokenPipeError:
        raise OutputClosed from None


class _Interrupts:
    """Host ^C (SIGINT) while the machine runs becomes ^C on the console."""

    def __init__(self) -> None:
        self.pending = False

    def __call__(self, _sig: int, _frame: FrameType | None) -> None:
        self.pending = True


def _pause(intr: _Interrupts) -> None:
    """Sleep on the host until a signal comes (the machine waits for nothing else).
    The handler's wake-up byte makes this race-free: a signal that came before
    select() still ends it at once."""
    r, w = os.pipe()
    os.set_blocking(w, False)
    old = signal.set_wakeup_fd(w)
    try:
        if not intr.pending:
            select.select([r], [], [])
    finally:
        signal.set_wakeup_fd(old)
        os.close(r)
        os.close(w)


class _Arrival:
    """Whether the active console's login had already ended when it became active
    (then it is a console without a login, not a session that just ended)."""

    def __init__(self, m: Machine) -> None:
        self.m = m
        self.tty, self.dead = m.active, False

    def session_over(self) -> bool:
        m = self.m
        if m.active != self.tty:
            self.tty, self.dead = m.active, m.logged_out
        return m.logged_out and not self.dead


def _drive(
    m: Machine, lines: Iterator[str], out: BinaryIO, err: BinaryIO, intr: _Interrupts
) -> int:
    arrival = _Arrival(m)
    while not arrival.session_over() and m.panic is None:
        idle = m.run(max_steps=2000)
        _emit(m, out, err)
        if m.panic is not None:
            break
        if intr.pending:
            intr.pending = False
            m.interrupt()
            continue
        if m.waiting_for_input:
            line = next(lines, None)
            if line is None:
                m.type_eof()
            else:
                m.type_line(line)
        elif idle and not arrival.session_over():
            if not m.has_login_on(m.active):
                err.write(
                    f"swapsh: tty{m.active} has no login (swapsh logs in on tty1 to "
                    "tty6); nothing reads what would be typed there; stopping\n".encode()
                )
                return 1
            if m.sleeping_on_timer:  # `sleep inf`: as a terminal would, until ^C
                _pause(intr)
                continue
            err.write(b"swapsh: every task is asleep and none reads the console; stopping\n")
            return 124
    _emit(m, out, err)
    if m.panic is not None:
        err.write(f"swapsh: kernel panic: {m.panic}\n".encode())
        err.flush()
        return 70
    return m.exit_status


def run_plain(
    m: Machine, lines: Iterable[str], out: BinaryIO | None = None, err: BinaryIO | None = None
) -> int:
    """Type lines into m's active console until they and its login end. Returns that
    login's exit status (141 if the host closed our output, like SIGPIPE)."""
    out = out or sys.stdout.buffer
    err = err or sys.stderr.buffer
    intr = _Interrupts()
    old = signal.signal(signal.SIGINT, intr)
    try:
        return _drive(m, iter(lines), out, err, intr)
    except OutputClosed:
        with contextlib.suppress(BrokenPipeError):
            out.close()
        return 141
    finally:
        signal.signal(signal.SIGINT, old)
