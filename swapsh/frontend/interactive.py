"""The interactive front-end: a person at the machine's console through the host's
terminal, with prompt_toolkit's line editing, history, completion and highlighting.

The machine runs in slices and what its console writes is shown as it arrives, byte
for byte. When the console waits for input, the shell's prompt (the prompt-stream
text after its last newline), preceded by whatever part of a line is already on the
screen, becomes the editor's prompt, so the cursor sits where a terminal would put
it. ^C and ^D are the terminal's: they interrupt the foreground job and end input.
With TERM=dumb lines are read plainly from stdin; NO_COLOR turns all colour off.
"""

from __future__ import annotations

import io
import os
import signal
import sys
import termios
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import BinaryIO, Protocol, TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.formatted_text import ANSI
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.output import ColorDepth, Output

from swapsh.frontend.completer import create_completer
from swapsh.frontend.key_bindings import load_key_bindings
from swapsh.frontend.lexer import create_lexer
from swapsh.machine import STREAM_CONSOLE, STREAM_PROMPT, STREAM_STDERR, STREAM_STDOUT, Machine

__all__ = ["DumbReader", "LineReader", "PromptReader", "Terminal", "create_prompt_session",
           "run_interactive"]

HISTORY_FILE = ".swapsh_history"  # in the host user's home directory
SLICE_STEPS = 5000  # at most this many machine steps between looks at the host
SLICE_SECONDS = 0.05  # aim: look at the host (output, ^C) this often; steps vary in cost
EXIT_PANIC = 70  # EX_SOFTWARE
EXIT_STUCK = 124


@dataclass(frozen=True, slots=True, kw_only=True)
class Terminal:
    """Where the front-end reads and writes; every None means the host's terminal."""

    input: Input | None = None  # prompt_toolkit input (tests: create_pipe_input())
    output: Output | None = None  # prompt_toolkit output (tests: DummyOutput())
    stdout: BinaryIO | None = None  # the machine's stdout and prompts go here
    stderr: BinaryIO | None = None  # its stderr, console messages and swapsh's own messages
    stdin: TextIO | None = None  # lines under TERM=dumb
    history: History | None = None  # None: ~/.swapsh_history, or memory if unwritable
    env: Mapping[str, str] | None = None  # NO_COLOR and TERM are looked up here


class LineReader(Protocol):
    """Reads one line from the person. Raises EOFError (^D) or KeyboardInterrupt (^C)."""

    def read_line(self, shown: bytes, prompt: bytes, typed: str = "") -> str:
        """shown: the start of the line, already on the screen; prompt: text to show
        after it, not yet on the screen. The cursor goes after both, and after typed:
        text already typed into the line (the end of a paste). The line returned may
        hold several lines, joined with newlines (a paste)."""
        ...


class PromptReader:
    """Lines through a prompt_toolkit PromptSession."""

    def __init__(self, session: PromptSession[str]) -> None:
        self.session = session

    def read_line(self, shown: bytes, prompt: bytes, typed: str = "") -> str:
        if shown:  # the editor draws from column 0: redraw the partial line as its prompt
            self.session.output.write_raw("\r")
        message = (shown + prompt).decode("utf-8", "replace")
        return self.session.prompt(ANSI(message), default=typed)


@dataclass(slots=True)
class DumbReader:
    """Lines from a plain stream (TERM=dumb): the terminal itself edits and echoes."""

    stdin: TextIO  # the host's terminal, in its cooked mode
    out: BinaryIO  # where the prompt is written

    def read_line(self, shown: bytes, prompt: bytes, typed: str = "") -> str:
        self.out.write(prompt)
        self.out.flush()
        try:
            line = self.stdin.readline()
        except KeyboardInterrupt:
            self.out.write(b"\n")  # the terminal echoed "^C"; the line is gone
            self.out.flush()
            raise
        if line == "":
            raise EOFError
        return line[:-1] if line.endswith("\n") else line


def _default_history() -> History:
    """~/.swapsh_history, or a history in memory when the home is not writable."""
    try:
        path = Path.home() / HISTORY_FILE
        with open(path, "ab"):
            pass
    except (OSError, RuntimeError):
        return InMemoryHistory()
    return FileHistory(str(path))


def create_prompt_session(machine: Machine, term: Terminal | None = None) -> PromptSession[str]:
    """The line editor for machine's console: bash-like keys, history, completion of
    the machine's commands and paths, and highlighting unless NO_COLOR is set."""
    term = term or Terminal()
    color = not (term.env if term.env is not None else os.environ).get("NO_COLOR")
    return PromptSession(
        history=term.history if term.history is not None else _default_history(),
        completer=create_completer(machine),
        complete_while_typing=False,
        lexer=create_lexer() if color else None,
        include_default_pygments_style=color,
        key_bindings=load_key_bindings(),
        color_depth=None if color else ColorDepth.DEPTH_1_BIT,
        input=term.input,
        output=term.output,
    )


@dataclass(slots=True)
class _Screen:
    """The host terminal's text side: where output goes and what its current line holds."""

    out: BinaryIO  # the machine's stdout and the prompt stream
    err: BinaryIO  # the machine's stderr and console messages
    color: bool  # whether console messages may be bold
    partial: bytes = b""  # what is on the screen's current line, after the last newline
    early_newline: bool = False  # the cursor went down after ^C where a tty's would not

    def write(self, stream: int, data: bytes) -> None:
        if self.early_newline and data:
            self.early_newline = False
            if data.startswith(b"\n"):  # the cursor is there already
                data = data[1:]
        target = self.out if stream in (STREAM_STDOUT, STREAM_PROMPT) else self.err
        if stream == STREAM_CONSOLE and self.color:
            body = data.rstrip(b"\n")
            target.write(b"\x1b[1m" + body + b"\x1b[0m" + data[len(body):])
        else:
            target.write(data)
        target.flush()
        nl = data.rfind(b"\n")
        self.partial = data[nl + 1:] if nl >= 0 else self.partial + data

    def newline(self) -> None:
        """The cursor went to a new line (the person ended a line)."""
        self.partial = b""


class _SigintLatch:
    """Counts the host's SIGINTs while the machine runs (the terminal is then in its
    cooked mode, so ^C arrives as a signal). Installed only in the main thread."""

    def __init__(self) -> None:
        self.hits = 0  # SIGINTs not yet handed to the machine

    def _on_sigint(self, _sig: int, _frame: FrameType | None) -> None:
        self.hits += 1

    def take(self) -> bool:
        hit, self.hits = self.hits > 0, 0
        return hit

    @contextmanager
    def installed(self) -> Iterator[bool]:
        """Yields whether the handler could be installed."""
        if threading.current_thread() is not threading.main_thread():
            yield False
            return
        old = signal.signal(signal.SIGINT, self._on_sigint)
        try:
            yield True
        finally:
            signal.signal(signal.SIGINT, old)


@dataclass(slots=True)
class _Session:
    """One person at the console: the loop between the machine and the line reader."""

    machine: Machine
    reader: LineReader
    screen: _Screen
    held: bytes = b""  # prompt-stream text after its last newline, not yet shown
    last_prompt: bytes = b""  # the shell's last prompt, shown again after a ^C
    pasted: list[str] = field(default_factory=list)  # lines of a paste, not yet typed
    typed: str = ""  # the end of a paste, after its last newline: the next line's start
    latch: _SigintLatch = field(default_factory=_SigintLatch)
    steps: int = 100  # steps in the next slice, adapted to take about SLICE_SECONDS
    echo_ctl: bool = True  # whether to show "^C" for a SIGINT (False: the host tty does)

    def show(self) -> None:
        """Put what the machine wrote on the screen, in order; hold back the prompt."""
        for stream, data in self.machine.take_output():
            if stream == STREAM_PROMPT:
                self.held += data
                nl = self.held.rfind(b"\n")
                if nl >= 0:  # "exit"/"logout" chatter before the prompt is plain text
                    self.screen.write(STREAM_PROMPT, self.held[:nl + 1])
                    self.held = self.held[nl + 1:]
                continue
            if self.held:  # something wrote after the prompt: it is on the line now
                self.screen.write(STREAM_PROMPT, self.held)
                self.held = b""
            self.screen.write(stream, data)

    def run_machine(self) -> bool:
        """Run until the machine waits, showing output as it comes and passing on ^C.
        Returns False if every task sleeps, nobody reads the console and ^C is no help."""
        m = self.machine
        waited = False
        with self.latch.installed() as can_wait:
            while True:
                idle = self.run_slice()
                self.show()
                if self.latch.take():
                    if self.echo_ctl:  # the host's tty did not echo it itself
                        self.screen.write(STREAM_STDOUT, b"^C")
                    m.interrupt()
                    continue
                if not idle:
                    continue
                if m.waiting_for_input or m.logged_out or m.panic is not None:
                    return True
                if waited or not can_wait:
                    self.say(b"swapsh: every task is asleep and none reads the console; "
                             b"stopping\n")
                    return False
                self.say(b"swapsh: every task is asleep and none reads the console; "
                         b"press Ctrl-C\n")
                while not self.latch.hits:  # like a hung terminal, until ^C
                    time.sleep(0.05)
                waited = True

    def run_slice(self) -> bool:
        """One slice of m.run, sized by how long the last ones took on the host (this
        does not change what the machine does, only how often the host is looked at)."""
        start = time.monotonic()
        idle = self.machine.run(max_steps=self.steps)
        took = time.monotonic() - start
        if took > SLICE_SECONDS:
            self.steps = max(1, self.steps // 2)
        elif took < SLICE_SECONDS / 4 and not idle:
            self.steps = min(SLICE_STEPS, self.steps * 2)
        return idle

    def say(self, text: bytes) -> None:
        """swapsh's own message, on a line of its own."""
        if self.screen.partial:
            text = b"\n" + text
        self.screen.write(STREAM_STDERR, text)

    def read_and_type(self) -> None:
        """Read one line (or ^D, ^C) from the person and type it into the console."""
        if self.held:
            self.last_prompt = self.held
        shown, prompt = self.screen.partial, self.held
        self.held = b""
        try:
            line = self.next_line(shown, prompt)
        except KeyboardInterrupt:
            self.screen.newline()
            self.screen.early_newline = True
            self.pasted.clear()
            self.typed = ""
            self.machine.interrupt()
            if self.run_machine() and not self.held and self.machine.waiting_for_input:
                self.held = self.last_prompt  # bash draws a fresh prompt after ^C
            return
        except EOFError:
            self.machine.type_eof()
        else:
            self.machine.type_line(line)
        self.screen.newline()
        self.last_prompt = b""

    def next_line(self, shown: bytes, prompt: bytes) -> str:
        """The next line: from the reader, or the rest of a multi-line paste (each of
        those is shown after its prompt, as the terminal would echo it)."""
        if self.pasted:
            line = self.pasted.pop(0)
            self.screen.write(STREAM_PROMPT, prompt + line.encode("utf-8", "replace") + b"\n")
            return line
        typed, self.typed = self.typed, ""
        first, *self.pasted = self.reader.read_line(shown, prompt, typed).split("\n")
        if self.pasted:
            self.typed = self.pasted.pop()
        return first


def _host_tty_echoes_ctl() -> bool:
    """Whether the host's terminal echoes ^C as "^C" itself (ECHO and ECHOCTL set)."""
    try:
        lflag = termios.tcgetattr(sys.stdin.fileno())[3]
    except (OSError, ValueError, termios.error):
        return False
    return bool(lflag & termios.ECHO and lflag & termios.ECHOCTL)


def _report_panic(err: BinaryIO, message: str, color: bool) -> None:
    # rich is imported here, not at start-up: it costs ~25 ms before the first prompt
    from rich.console import Console
    from rich.text import Text

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, highlight=False,
                      width=10_000)
    console.print(Text(f"swapsh: kernel panic: {message}", style="red"))
    err.write(buf.getvalue().encode("utf-8", "replace"))
    err.flush()


def run_interactive(machine: Machine, term: Terminal | None = None) -> int:
    """Be the terminal of machine's console until its login session ends.
    Returns the session's exit status, 70 after a kernel panic, 124 if it hangs."""
    term = term or Terminal()
    env = term.env if term.env is not None else os.environ
    color = not env.get("NO_COLOR") and env.get("TERM") != "dumb"
    out = term.stdout or sys.stdout.buffer
    screen = _Screen(out, term.stderr or sys.stderr.buffer, color)
    reader: LineReader
    if env.get("TERM") == "dumb":
        reader = DumbReader(term.stdin or sys.stdin, out)
    else:
        reader = PromptReader(create_prompt_session(machine, term))
    session = _Session(machine, reader, screen)
    session.echo_ctl = not (term.input is None and term.stdin is None and _host_tty_echoes_ctl())
    while True:
        if not session.run_machine():
            return EXIT_STUCK
        if machine.panic is not None:
            _report_panic(screen.err, machine.panic, color)
            return EXIT_PANIC
        if machine.logged_out:
            return machine.exit_status
        session.read_and_type()
