"""The plain front-end: lines from -c, a file or a pipe are typed into the console
one at a time, each when the shell is ready for it. Simulated stdout goes to the
host's stdout, stderr and kernel console messages to its stderr; prompts and the
shell's exit chatter are left out."""

from __future__ import annotations

import contextlib
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
    try:
        for stream, data in m.take_output():
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


def _drive(m: Machine, lines: Iterator[str], out: BinaryIO, err: BinaryIO,
           intr: _Interrupts) -> int:
    while not m.logged_out and m.panic is None:
        idle = m.run(max_steps=2000)
        _emit(m, out, err)
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
        elif idle and not m.logged_out:
            err.write(b"swapsh: every task is asleep and none reads the console; stopping\n")
            return 124
    _emit(m, out, err)
    if m.panic is not None:
        err.write(f"swapsh: kernel panic: {m.panic}\n".encode())
        err.flush()
        return 70
    return m.exit_status


def run_plain(m: Machine, lines: Iterable[str], out: BinaryIO | None = None,
              err: BinaryIO | None = None) -> int:
    """Type lines into m's console until they and the session end. Returns the
    session's exit status (141 if the host closed our output, like SIGPIPE)."""
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
