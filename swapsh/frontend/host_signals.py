"""Signals the host sends swapsh itself to end it: SIGTERM, SIGHUP, SIGQUIT.

The default action would kill swapsh at once: the host's terminal left in the line
editor's raw mode (or the job mode of host_input.py), and what the machine wrote but
swapsh had not yet printed lost. Instead such a signal is noted, and a front-end ends
at its next safe point -- never inside a step of the machine, whose kernel model must
not be cut in half: it restores the terminal, prints what the consoles wrote, says
why in one line, and exits 128+signal, the status a shell gives a command killed by
the signal. Where swapsh waits on the host (a read of its input, a write to a full
pipe), nothing of the machine runs, so the handler ends the wait at once by raising
HostSignal there. A second signal while swapsh prints its last output gets the
default action (the handlers are gone by then).

A signal that was ignored when swapsh started (`nohup swapsh`) stays ignored.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["ENDING_SIGNALS", "HostSignal", "HostSignals", "ending_message"]

ENDING_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)
# glibc's strsignal texts (the host's may differ; these are what swapsh says)
_DESCRIPTIONS: dict[int, str] = {
    signal.SIGTERM: "Terminated",
    signal.SIGHUP: "Hangup",
    signal.SIGQUIT: "Quit",
}


class HostSignal(BaseException):
    """swapsh got an ending signal. Not an Exception: nothing that handles a
    command's or the line editor's errors may swallow it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def status(self) -> int:
        return 128 + self.signum


def ending_message(signum: int) -> bytes:
    """The line swapsh says as it ends on signum."""
    name = signal.Signals(signum).name
    return f"swapsh: {name} ({_DESCRIPTIONS.get(signum, name)}); stopping\n".encode()


class HostSignals:
    """The ending signals while a front-end runs: which came first, and what to do
    at once when one comes (wake: None notes it only, for while the machine runs)."""

    def __init__(self) -> None:
        self.caught: int | None = None  # the first ending signal, not yet acted on
        self.wake: Callable[[], None] | None = None  # called by the handler

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        if self.caught is None:
            self.caught = signum
        if self.wake is not None:
            self.wake()

    def check(self) -> None:
        """Raises: HostSignal if an ending signal came."""
        if self.caught is not None:
            raise HostSignal(self.caught)

    @contextmanager
    def installed(self) -> Iterator[None]:
        """Handle the ending signals for the duration (only the main thread can);
        then as they were."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        old = {s: signal.getsignal(s) for s in ENDING_SIGNALS}
        for s, handler in old.items():
            if handler is not signal.SIG_IGN:
                signal.signal(s, self._on_signal)
        try:
            yield
        finally:
            for s, handler in old.items():
                signal.signal(s, handler)

    @contextmanager
    def interruptible(self) -> Iterator[None]:
        """A wait on the host (no machine code runs): a signal ends it at once.
        Raises: HostSignal."""
        old, self.wake = self.wake, self.check
        try:
            self.check()  # one that came before the wait began
            yield
        finally:
            self.wake = old
