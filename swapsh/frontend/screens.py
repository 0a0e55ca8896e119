"""What the interactive front-end shows: one screen per virtual console.

The host terminal shows the active console. Every console's output is kept as it was
(or would have been) drawn, the last SCROLLBACK bytes of it, so that a switch can
clear the host terminal and redraw the new console's last screenful, as a Linux
virtual console keeps its own screen. With TERM=dumb nothing is cleared: a switch
prints a "[ttyN]" line and the new console's last lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import BinaryIO

from swapsh.machine import STREAM_CONSOLE, STREAM_PROMPT, STREAM_STDOUT

__all__ = ["SCROLLBACK", "ConsoleView", "Screens"]

SCROLLBACK = 256 * 1024  # bytes of each console's screen kept for redrawing
CLEAR = b"\x1b[H\x1b[2J"  # cursor home, erase the screen


@dataclass(slots=True)
class ConsoleView:
    """One console as the person sees it, and its line editor's state."""

    number: int  # N of ttyN
    drawn: bytearray = field(default_factory=bytearray)  # its screen's text, oldest first
    partial: bytes = b""  # its current line: what was drawn after the last newline
    held: bytes = b""  # prompt-stream text after its last newline, not yet shown
    last_prompt: bytes = b""  # the shell's last prompt, shown again after a ^C
    pasted: list[str] = field(default_factory=list)  # lines to type, not yet typed
    typed: str = ""  # the next line's start (end of a paste, or a line left half-typed)
    typeahead: str = ""  # keys typed while its job ran, not yet read ("\n" ends a line)
    arrived_dead: bool = False  # its login had ended before it came to the screen
    noted: bool = False  # "no login here" was said since it came to the screen

    def record(self, data: bytes) -> None:
        """data was drawn on this console's screen."""
        self.drawn += data
        if len(self.drawn) > SCROLLBACK:
            cut = self.drawn.find(b"\n", len(self.drawn) - SCROLLBACK)
            del self.drawn[: cut + 1 if cut >= 0 else len(self.drawn) - SCROLLBACK]
        nl = data.rfind(b"\n")
        self.partial = data[nl + 1 :] if nl >= 0 else self.partial + data

    def tail(self, rows: int) -> bytes:
        """Its last rows lines, the current (partial) line included."""
        start = len(self.drawn)
        for _ in range(rows):
            start = self.drawn.rfind(b"\n", 0, start)
            if start < 0:
                return bytes(self.drawn)
        return bytes(self.drawn[start + 1 :])


@dataclass(slots=True)
class Screens:
    """The host terminal's text side: the active console on it, the others kept."""

    out: BinaryIO  # the machine's stdout and the prompt stream
    err: BinaryIO  # the machine's stderr and console messages
    color: bool  # whether console messages may be bold
    views: dict[int, ConsoleView] = field(default_factory=dict)
    active: int = 1  # the console on the host terminal
    early_newline: bool = False  # the cursor went down after ^C where a tty's would not

    def view(self, n: int) -> ConsoleView:
        v = self.views.get(n)
        if v is None:
            v = self.views[n] = ConsoleView(n)
        return v

    @property
    def cur(self) -> ConsoleView:
        return self.view(self.active)

    @property
    def partial(self) -> bytes:
        """The host screen's current line."""
        return self.cur.partial

    def write(self, stream: int, data: bytes, tty: int | None = None) -> None:
        """data, written by the machine on stream at console tty (default: the active
        one): drawn on the host if that console is on it, kept in any case."""
        on_host = tty is None or tty == self.active
        if on_host and self.early_newline and data:
            self.early_newline = False
            if data.startswith(b"\n"):  # the cursor is there already
                data = data[1:]
        if stream == STREAM_CONSOLE and self.color:
            body = data.rstrip(b"\n")
            data = b"\x1b[1m" + body + b"\x1b[0m" + data[len(body) :]
        self.view(self.active if tty is None else tty).record(data)
        if on_host:
            target = self.out if stream in (STREAM_STDOUT, STREAM_PROMPT) else self.err
            target.write(data)
            target.flush()

    def record(self, data: bytes) -> None:
        """The line editor drew data on the host (the active console's screen)."""
        self.cur.record(data)

    def newline(self) -> None:
        """The cursor went to a new line (the person ended a line)."""
        self.cur.partial = b""

    def switch(self, n: int, rows: int, dumb: bool) -> None:
        """Console n comes to the host terminal: its last screenful is drawn."""
        self.active = n
        self.early_newline = False
        tail = self.cur.tail(max(1, rows - 1))
        if dumb:
            self.out.write(b"\n[tty%d]\n" % n + tail)
        else:
            self.out.write(CLEAR + tail)
        self.out.flush()
