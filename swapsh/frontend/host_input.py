"""The host's keys while the machine runs (the interactive front-end): ^C, console
keys and type-ahead.

^C and ^Z arrive as the host's SIGINT and SIGTSTP (JobKeyLatch counts them). On a real terminal the
line editor is not reading while a job runs, so the terminal is put in non-canonical
mode without echo (^C still raises SIGINT) and read without waiting: a console key
switches consoles at once, as on a Linux virtual console, and other keys are
type-ahead for the console they were typed at -- echoed as its tty would echo them,
and typed when its shell next reads (as bash then shows them again after its prompt).
"""

from __future__ import annotations

import os
import signal
import sys
import termios
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyPress
from prompt_toolkit.keys import Keys

__all__ = ["JobKeyLatch", "KeyPoller", "host_tty_echoes_ctl", "typeahead_edit"]

ENTER_KEYS = (Keys.ControlM, Keys.ControlJ)
ERASE_KEYS = (Keys.ControlH, Keys.Backspace)


class KeyPoller:
    """Reads the host terminal's keys without waiting, while the machine runs."""

    def __init__(self, inp: Input) -> None:
        self.inp = inp  # the line editor's input: one parser for both

    @staticmethod
    def usable(inp: Input | None) -> bool:
        """Whether inp is the host's terminal (not a pipe, as in tests)."""
        try:
            return inp is not None and os.isatty(inp.fileno())
        except (OSError, ValueError, NotImplementedError):
            return False

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Non-canonical mode without echo for the duration; then as it was."""
        fd = self.inp.fileno()
        try:
            old = termios.tcgetattr(fd)
        except termios.error:
            yield
            return
        new = list(old)
        new[3] = old[3] & ~(termios.ICANON | termios.ECHO)
        termios.tcsetattr(fd, termios.TCSANOW, new)
        try:
            yield
        finally:
            termios.tcsetattr(fd, termios.TCSANOW, old)

    def keys(self) -> list[KeyPress]:
        """The keys typed since the last look (none if nothing was typed)."""
        return self.inp.read_keys()


def typeahead_edit(text: str, key: KeyPress) -> tuple[str, bytes]:
    """A key typed ahead: the new type-ahead text and what the tty echoes for it."""
    if key.key in ENTER_KEYS:
        return text + "\n", b"\n"
    if key.key in ERASE_KEYS:
        if text and not text.endswith("\n"):
            return text[:-1], b"\b \b"
        return text, b""
    ch = key.key
    if isinstance(ch, str) and len(ch) == 1 and ch.isprintable():
        return text + ch, ch.encode("utf-8", "replace")
    return text, b""


class JobKeyLatch:
    """Counts the host's SIGINTs (^C) and SIGTSTPs (^Z) while the machine runs (the
    terminal is then in a mode where they arrive as signals); without the handler
    ^Z would stop swapsh itself rather than the machine's foreground job. Installed
    only in the main thread."""

    def __init__(self) -> None:
        self.hits = 0  # SIGINTs not yet handed to the machine
        self.stops = 0  # SIGTSTPs not yet handed to the machine

    def _on_sigint(self, _sig: int, _frame: FrameType | None) -> None:
        self.hits += 1

    def _on_sigtstp(self, _sig: int, _frame: FrameType | None) -> None:
        self.stops += 1

    def take(self) -> bool:
        """Whether ^C came since the last look."""
        hit, self.hits = self.hits > 0, 0
        return hit

    def take_stop(self) -> bool:
        """Whether ^Z came since the last look."""
        hit, self.stops = self.stops > 0, 0
        return hit

    @contextmanager
    def installed(self) -> Iterator[bool]:
        """Yields whether the handlers could be installed."""
        if threading.current_thread() is not threading.main_thread():
            yield False
            return
        old = signal.signal(signal.SIGINT, self._on_sigint)
        old_tstp = signal.signal(signal.SIGTSTP, self._on_sigtstp)
        try:
            yield True
        finally:
            signal.signal(signal.SIGINT, old)
            signal.signal(signal.SIGTSTP, old_tstp)


def host_tty_echoes_ctl() -> bool:
    """Whether the host's terminal echoes ^C as "^C" itself (ECHO and ECHOCTL set)."""
    try:
        lflag = termios.tcgetattr(sys.stdin.fileno())[3]
    except (OSError, ValueError, termios.error):
        return False
    return bool(lflag & termios.ECHO and lflag & termios.ECHOCTL)
