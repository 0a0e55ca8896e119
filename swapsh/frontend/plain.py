"""The plain front-end: lines from -c, a file or a pipe are typed into the console
one at a time, each when the shell is ready for it. Simulated stdout goes to the
host's stdout, stderr and kernel console messages to its stderr; prompts and the
shell's exit chatter are left out."""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterable, Iterator
from types import FrameType
from typing import BinaryIO

from swapsh.machine import STREAM_PROMPT, STREAM_STDOUT, Machine

__all__ = ["run_plain"]


def _emit(m: Machine, out: BinaryIO, err: BinaryIO) -> None:
    for stream, data in m.take_output():
        if stream == STREAM_PROMPT:
            continue
        target = out if stream == STREAM_STDOUT else err
        target.write(data)
    out.flush()
    err.flush()


def run_plain(m: Machine, lines: Iterable[str], out: BinaryIO | None = None,
              err: BinaryIO | None = None) -> int:
    """Type lines into m's console until they and the session end. Returns the
    session's exit status."""
    out = out or sys.stdout.buffer
    err = err or sys.stderr.buffer
    it: Iterator[str] = iter(lines)
    interrupted = False

    def on_sigint(_sig: int, _frame: FrameType | None) -> None:
        nonlocal interrupted
        interrupted = True

    old = signal.signal(signal.SIGINT, on_sigint)
    try:
        while not m.logged_out and m.panic is None:
            idle = m.run(max_steps=2000)
            _emit(m, out, err)
            if idle and not m.waiting_for_input and not m.logged_out and not interrupted:
                err.write(b"swapsh: every task is asleep and none reads the console; "
                          b"stopping\n")
                return 124
            if interrupted:
                interrupted = False
                m.interrupt()
                continue
            if m.waiting_for_input:
                line = next(it, None)
                if line is None:
                    m.type_eof()
                else:
                    m.type_line(line)
        _emit(m, out, err)
    finally:
        signal.signal(signal.SIGINT, old)
    if m.panic is not None:
        err.write(f"swapsh: kernel panic: {m.panic}\n".encode())
        err.flush()
        return 70
    return m.exit_status
