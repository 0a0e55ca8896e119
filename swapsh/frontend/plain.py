"""The plain front-end: lines from -c, a file or a pipe are typed into the active
console one at a time, each when something reads that console (its shell is at its
prompt), so `chvt 2` sends the lines after it to tty2. At the end of the input ^D is
typed there. swapsh ends when the login of the active console ends, with its status.

What every console shows is printed, the active one's and the others' alike, as it
comes (a `-c` script's output is all of its output, whichever login made it):
simulated stdout goes to the host's stdout, stderr and kernel console messages to
its stderr; prompts and the shell's exit chatter are left out. SIGTERM, SIGHUP and
SIGQUIT end it between two steps of the machine (frontend/host_signals.py)."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from types import FrameType
from typing import BinaryIO

from swapsh.frontend.host_signals import HostSignal, HostSignals, ending_message
from swapsh.machine import STREAM_PROMPT, STREAM_STDOUT, Machine

__all__ = ["run_plain"]


SLICE_STEPS = 2000  # machine steps between looks at whether a line is wanted
PIECE_STEPS = 10  # ... run in pieces of this many, to see host signals between them


class OutputClosed(Exception):
    """The host closed the pipe swapsh writes to (e.g. `swapsh -c ... | head -1`)."""


class OutputFailed(Exception):
    """A write to the host's stdout or stderr failed (e.g. ENOSPC on /dev/full)."""

    def __init__(self, strerror: str) -> None:
        super().__init__(strerror)
        self.strerror = strerror


@dataclass(slots=True)
class _Output:
    """Where what the consoles show goes: stdout and stderr of the host."""

    out: BinaryIO
    err: BinaryIO
    signals: HostSignals
    unwritten: list[tuple[int, bytes]] = field(default_factory=list)  # taken, not yet printed
    writing: bool = False  # a write is under way (a signal then: the host did not take it)

    def emit(self, m: Machine) -> None:
        """Print what every console showed since the last look, console by console.
        A write may wait on the host (a full pipe): a signal ends that wait, and what
        was not yet printed stays in `unwritten`.
        Raises: OutputClosed, OutputFailed, HostSignal."""
        for tty in m.consoles:
            self.unwritten += [c for c in m.take_output(tty) if c[0] != STREAM_PROMPT]
        try:
            with self.signals.interruptible():
                self.writing = True
                while self.unwritten:
                    stream, data = self.unwritten.pop(0)
                    (self.out if stream == STREAM_STDOUT else self.err).write(data)
                self.out.flush()
                self.err.flush()
                self.writing = False
        except BrokenPipeError:
            raise OutputClosed from None
        except OSError as e:
            raise OutputFailed(e.strerror or str(e)) from None

    def last_words(self, m: Machine, message: bytes) -> None:
        """What the consoles showed, then swapsh's own message, as far as the host
        takes them: not again into a write the host did not take (a pipe nobody
        reads). No signal handler is left: a second signal ends swapsh."""
        self.signals.caught = None  # acted on: the writes below may wait
        if not self.writing:
            with contextlib.suppress(OSError, OutputClosed, OutputFailed):
                self.emit(m)
        else:  # what is still buffered for stdout goes nowhere, not into the stuck pipe
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), self.out.fileno())
        with contextlib.suppress(OSError):
            self.err.write(message)
            self.err.flush()


class _Interrupts:
    """Host ^C (SIGINT) while the machine runs becomes ^C on the console."""

    def __init__(self) -> None:
        self.pending = False

    def __call__(self, _sig: int, _frame: FrameType | None) -> None:
        self.pending = True


def _pause(intr: _Interrupts, signals: HostSignals) -> None:
    """Sleep on the host until a signal comes (the machine waits for nothing else):
    ^C or an ending signal. The handler's wake-up byte makes this race-free: a signal
    that came before select() still ends it at once."""
    r, w = os.pipe()
    os.set_blocking(w, False)
    old = signal.set_wakeup_fd(w)
    try:
        if not intr.pending and signals.caught is None:
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


def _run_slice(m: Machine, intr: _Interrupts, signals: HostSignals) -> bool:
    """m.run(max_steps=SLICE_STEPS), in pieces so that a ^C or an ending signal is
    acted on within a few steps, and what a console shows is printed as soon as it is
    shown, not after a slice of a slow job (this changes only when the host is looked
    at). Returns: whether the machine went idle."""
    for _ in range(SLICE_STEPS // PIECE_STEPS):
        if m.run(max_steps=PIECE_STEPS):
            return True
        if intr.pending or signals.caught is not None or m.output_held:
            break
    return False


def _drive(m: Machine, lines: Iterator[str], io: _Output, intr: _Interrupts) -> int:
    arrival = _Arrival(m)
    while not arrival.session_over() and m.panic is None:
        idle = _run_slice(m, intr, io.signals)
        io.emit(m)
        io.signals.check()
        if m.panic is not None:
            break
        if intr.pending:
            intr.pending = False
            m.interrupt()
            continue
        if m.waiting_for_input:
            with io.signals.interruptible():  # a pipe's next line may be long in coming
                line = next(lines, None)
            if line is None:
                m.type_eof()
            else:
                m.type_line(line)
        elif idle and not arrival.session_over():
            if not m.has_login_on(m.active):
                io.err.write(
                    f"swapsh: tty{m.active} has no login (swapsh logs in on tty1 to "
                    "tty6); nothing reads what would be typed there; stopping\n".encode()
                )
                return 1
            if m.sleeping_on_timer:  # `sleep inf`: as a terminal would, until ^C
                _pause(intr, io.signals)
                continue
            io.err.write(b"swapsh: every task is asleep and none reads the console; stopping\n")
            return 124
    io.emit(m)
    if m.panic is not None:
        io.err.write(f"swapsh: kernel panic: {m.panic}\n".encode())
        io.err.flush()
        return 70
    return m.exit_status


def run_plain(
    m: Machine, lines: Iterable[str], out: BinaryIO | None = None, err: BinaryIO | None = None
) -> int:
    """Type lines into m's active console until they and its login end. Returns that
    login's exit status; 141 if the host closed our output (like SIGPIPE), 1 if a
    write to it failed, 128+N after the ending signal N (host_signals.py)."""
    io = _Output(out or sys.stdout.buffer, err or sys.stderr.buffer, HostSignals())
    m.bound_output()  # a writer waits until its output is written to the host
    intr = _Interrupts()
    old = signal.signal(signal.SIGINT, intr)
    try:
        with io.signals.installed():
            return _drive(m, iter(lines), io, intr)
    except HostSignal as e:
        io.last_words(m, ending_message(e.signum))
        return e.status
    except (OutputClosed, BrokenPipeError):
        with contextlib.suppress(OSError):
            io.out.close()
        return 141
    except (OutputFailed, OSError) as e:
        io.last_words(m, f"swapsh: write error: {e.strerror or e}\n".encode())
        return 1
    finally:
        signal.signal(signal.SIGINT, old)
