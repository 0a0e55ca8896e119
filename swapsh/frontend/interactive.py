"""The interactive front-end: a person at the machine's virtual consoles through the
host's terminal, with prompt_toolkit's line editing, history, completion and
highlighting.

The host terminal shows the active console (a status line under the prompt names
it); Alt-F1..Alt-F6 and Alt-Left/Alt-Right switch consoles, as `chvt` does, and a
switch redraws the new console's screen (swapsh/frontend/screens.py). Each console
has its own screen, line history, half-typed line and foreground job. The machine
runs in slices, also while the person edits a line, so a job on another console goes
on; what each console writes is kept for it, and what the active one writes is
shown as it arrives, byte for byte. When the active console waits for input, the
shell's prompt (the prompt-stream text after its last newline), preceded by whatever
part of a line is already on the screen, becomes the editor's prompt, so the cursor
sits where a terminal would put it. ^C, ^Z and ^D are the terminal's: they interrupt
and stop the foreground job (while one runs) and end input. swapsh ends when the
login of the active console ends, or on SIGTERM, SIGHUP or SIGQUIT, after giving
the terminal back (host_signals.py).
With TERM=dumb lines are read plainly from stdin (no console keys: `chvt` switches,
and other consoles run only while a line is being run); NO_COLOR turns colour off.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import sys
import time
from collections.abc import Callable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import partial
from typing import BinaryIO, Protocol, TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.application import Application, get_app, run_in_terminal
from prompt_toolkit.formatted_text import ANSI
from prompt_toolkit.history import History
from prompt_toolkit.input import Input, create_input
from prompt_toolkit.output import ColorDepth, Output

from swapsh.frontend.completer import create_completer
from swapsh.frontend.history import Histories
from swapsh.frontend.host_input import JobKeyLatch, KeyPoller, host_tty_echoes_ctl, typeahead_edit
from swapsh.frontend.host_signals import HostSignal, HostSignals, ending_message
from swapsh.frontend.key_bindings import SwitchConsole, console_switch, load_key_bindings
from swapsh.frontend.lexer import create_lexer
from swapsh.frontend.screens import ConsoleView, Screens
from swapsh.machine import STREAM_PROMPT, STREAM_STDERR, STREAM_STDOUT, Machine

__all__ = [
    "DumbReader",
    "LineReader",
    "PromptReader",
    "Terminal",
    "create_prompt_session",
    "run_interactive",
]

SLICE_STEPS = 5000  # at most this many machine steps between looks at the host
SLICE_SECONDS = 0.05  # aim: look at the host (output, keys, ^C) this often
GRACE_STEPS, GRACE_SECONDS = 50, 0.1  # see _Grace
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
    history: History | None = None  # tty1's; None: every console's on ~/.swapsh_history
    env: Mapping[str, str] | None = None  # NO_COLOR and TERM are looked up here


class MachineChanged(Exception):
    """While a line was edited, the machine changed what the screen must show: another
    console became active, the active login ended, or the kernel panicked."""

    def __init__(self, typed: str) -> None:
        super().__init__()
        self.typed = typed  # what the line held, to give it back


class LineReader(Protocol):
    """Reads one line from the person. Raises EOFError (^D), KeyboardInterrupt (^C),
    SwitchConsole (a console key) or MachineChanged."""

    def read_line(self, shown: bytes, prompt: bytes, typed: str = "") -> str:
        """shown: the start of the line, already on the screen; prompt: text to show
        after it, not yet on the screen. The cursor goes after both, and after typed:
        text already typed into the line (the end of a paste). The line returned may
        hold several lines, joined with newlines (a paste)."""
        ...


class PromptReader:
    """Lines through a prompt_toolkit PromptSession (one per console: its history)."""

    def __init__(
        self, session: PromptSession[str], background: Callable[[], None] | None = None
    ) -> None:
        self.session = session
        self.background = background  # started with each prompt: runs the machine

    def read_line(self, shown: bytes, prompt: bytes, typed: str = "") -> str:
        if shown:  # the editor draws from column 0: redraw the partial line as its prompt
            self.session.output.write_raw("\r")
        message = (shown + prompt).decode("utf-8", "replace")
        return self.session.prompt(ANSI(message), default=typed, pre_run=self.background)


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


def create_prompt_session(
    machine: Machine,
    term: Terminal | None = None,
    history: History | None = None,
    toolbar: Callable[[], str] | None = None,
) -> PromptSession[str]:
    """The line editor for one of machine's consoles: bash-like keys and console
    keys, history, completion of the machine's commands and paths, a status line,
    and highlighting unless NO_COLOR is set."""
    term = term or Terminal()
    color = not (term.env if term.env is not None else os.environ).get("NO_COLOR")
    return PromptSession(
        history=history if history is not None else Histories(term.history).of(1),
        completer=create_completer(machine),
        complete_while_typing=False,
        lexer=create_lexer() if color else None,
        include_default_pygments_style=color,
        key_bindings=load_key_bindings(),
        color_depth=None if color else ColorDepth.DEPTH_1_BIT,
        bottom_toolbar=toolbar,
        input=term.input,
        output=term.output,
    )


@dataclass(slots=True)
class _Grace:
    """The active console reads, but the machine is not idle: the finished command's
    last steps (its parent's wake-up, init reaping) are let run first, so that a line
    is typed into an idle machine as a replay would type it -- unless they go on past
    GRACE_STEPS or GRACE_SECONDS (a job on another console), which must not hold the
    prompt back."""

    steps: int = 0
    since: float = field(default_factory=time.monotonic)

    def over(self, ran: int) -> bool:
        self.steps += ran
        return self.steps > GRACE_STEPS or time.monotonic() - self.since > GRACE_SECONDS


@dataclass(slots=True)
class _Session:
    """One person at the consoles: the loop between the machine and the line readers."""

    machine: Machine
    screens: Screens
    new_reader: Callable[[int], LineReader]  # console -> its reader (made on first use)
    rows: Callable[[], int]  # the host terminal's height
    dumb: bool = False  # TERM=dumb
    poller: KeyPoller | None = None  # keys while the machine runs (a real terminal)
    readers: dict[int, LineReader] = field(default_factory=dict)
    latch: JobKeyLatch = field(default_factory=JobKeyLatch)
    signals: HostSignals = field(default_factory=HostSignals)  # SIGTERM, SIGHUP, SIGQUIT
    history_failure: Callable[[], str | None] = lambda: None  # Histories.failure
    steps: int = 1  # steps in the next slice, adapted to take about SLICE_SECONDS
    ran: int = 0  # steps in the last slice
    echo_ctl: bool = True  # whether to show "^C" for a SIGINT (False: the host tty does)

    @property
    def view(self) -> ConsoleView:
        return self.screens.cur

    def reader(self) -> LineReader:
        n = self.screens.active
        if n not in self.readers:
            self.readers[n] = self.new_reader(n)
        return self.readers[n]

    # -- what the consoles show ------------------------------------------------------------
    def show(self) -> None:
        """Take what every console wrote: the active one's goes on the screen."""
        for n in self.machine.consoles:
            self.show_console(n, self.machine.take_output(n))

    def show_console(self, n: int, chunks: list[tuple[int, bytes]]) -> None:
        """Draw (or keep, for a console not on the screen) what console n wrote, in
        order; hold back its prompt."""
        v = self.screens.view(n)
        for stream, data in chunks:
            if stream == STREAM_PROMPT:
                v.held += data
                nl = v.held.rfind(b"\n")
                if nl >= 0:  # "exit"/"logout" chatter before the prompt is plain text
                    self.screens.write(STREAM_PROMPT, v.held[: nl + 1], n)
                    v.held = v.held[nl + 1 :]
                continue
            if v.held:  # something wrote after the prompt: it is on the line now
                self.screens.write(STREAM_PROMPT, v.held, n)
                v.held = b""
            self.screens.write(stream, data, n)

    def say(self, text: bytes) -> None:
        """swapsh's own message, on a line of its own."""
        if self.screens.partial:
            text = b"\n" + text
        self.screens.write(STREAM_STDERR, text)

    def follow_active(self) -> None:
        """Redraw if the machine's active console is not the one on the screen."""
        n = self.machine.active
        if n != self.screens.active:
            self.screens.switch(n, self.rows(), self.dumb)
            self.view.arrived_dead = self.machine.logged_out_on(n)
            self.view.noted = False

    def switch(self, s: SwitchConsole) -> None:
        """The person's console key: the machine switches, the screen follows."""
        self.machine.chvt(s.target(self.machine.active, self.machine.consoles))
        self.follow_active()

    # -- running the machine ---------------------------------------------------------------
    def ready(self) -> bool:
        """Whether the active console needs the person: its shell reads, or its login
        is over or absent, or the kernel panicked."""
        m = self.machine
        return (
            m.panic is not None
            or m.waiting_for_input
            or m.logged_out
            or not m.has_login_on(m.active)
        )

    def run_machine(self) -> bool:
        """Run until the active console is ready for the person, showing output as it
        comes and passing on ^C and console keys. Returns False if every task sleeps,
        nobody reads the console and neither ^C nor another console is any help."""
        waited = False
        self.steps = 1  # a new job: its steps may cost more than the last one's
        grace: _Grace | None = None  # from when the active console is ready
        polling = self.poller.reading() if self.poller is not None else nullcontext()
        with self.latch.installed() as can_wait, polling:
            while True:
                idle = self.run_slice()
                self.show()
                self.signals.check()
                self.follow_active()
                if self.take_keys() or self.take_sigint() or (not idle and not self.ready()):
                    continue
                if self.ready():
                    grace = grace or _Grace()
                    if idle or grace.over(self.ran):
                        return True
                if not idle:
                    continue
                if can_wait and self.machine.sleeping_on_timer:  # `sleep inf`: quiet, as
                    self.wait_for_the_person()  # a terminal is, until ^C or a console key
                    continue
                if waited or not can_wait:
                    self.say(b"swapsh: every task is asleep and none reads the console; stopping\n")
                    return False
                self.say(b"swapsh: every task is asleep and none reads the console; press Ctrl-C\n")
                if not self.wait_for_the_person():
                    waited = True

    def wait_for_the_person(self) -> bool:
        """Like a hung terminal, until ^C (False) or a console key (True)."""
        while not self.latch.hits and not self.latch.stops:
            self.signals.check()
            if self.take_keys():
                return True
            time.sleep(0.05)
        return False

    def take_sigint(self) -> bool:
        """^C or ^Z typed while the machine ran: the active console's tty signals its
        foreground job (SIGINT, SIGTSTP)."""
        if self.latch.take():
            key, isig = b"^C", self.machine.interrupt
        elif self.latch.take_stop():
            key, isig = b"^Z", self.machine.suspend
        else:
            return False
        if self.echo_ctl:  # the host's tty did not echo it itself
            self.screens.write(STREAM_STDOUT, key)
        isig()
        return True

    def take_keys(self) -> bool:
        """Keys typed while the machine ran: a console key switches (True)."""
        if self.poller is None:
            return False
        keys = self.poller.keys()
        switched = False
        while keys:
            s, used = console_switch(keys)
            if s is not None:
                self.switch(s)
                del keys[:used]
                switched = True
                continue
            v = self.view
            v.typeahead, echo = typeahead_edit(v.typeahead, keys.pop(0))
            if echo:
                self.screens.write(STREAM_PROMPT, echo)
        return switched

    def run_slice(self) -> bool:
        """One slice of m.run, sized from the host time the last steps took, so that
        the host is looked at about every SLICE_SECONDS (this does not change what
        the machine does, only how often the host is looked at). A step is one task's
        run: from microseconds to tens of milliseconds of host time (a 4 ms time
        slice of simulated work)."""
        start = time.monotonic()
        idle = self.machine.run(max_steps=self.steps)
        self.ran = self.steps  # (at most, if idle)
        if not idle and not self.machine.output_waiting:  # exactly self.steps ran
            per_step = (time.monotonic() - start) / self.steps
            fit = int(SLICE_SECONDS / per_step) if per_step > 0 else SLICE_STEPS
            self.steps = max(1, min(SLICE_STEPS, fit, 2 * self.steps))  # grow slowly:
            # a job's first steps (fork, exec) can cost a thousandth of its later ones
        return idle

    def background(self) -> None:
        """Started with each prompt: run the machine while the person edits. An
        ending signal while the line editor runs makes it end (and give back the
        terminal) from its own event loop, between two slices of the machine."""
        app = get_app()
        loop = asyncio.get_running_loop()

        def wake() -> None:  # in the signal handler: only the loop's signal-safe call
            loop.call_soon_threadsafe(self._end_editor, app)

        self.signals.wake = wake
        if self.signals.caught is not None:
            wake()
        app.create_background_task(self._run_while_editing())

    def _end_editor(self, app: Application[str]) -> None:
        if self.signals.caught is not None and app.future is not None and not app.future.done():
            app.exit(exception=HostSignal(self.signals.caught))

    def read_line(self, shown: bytes, prompt: bytes, typed: str = "") -> str:
        """The active console's reader's next line. A plain read (TERM=dumb) ends at
        once on an ending signal; the line editor ends through background()."""
        reader = self.reader()
        waiting = self.signals.interruptible() if self.dumb else nullcontext()
        try:
            with waiting:
                return reader.read_line(shown, prompt, typed)
        except OSError:  # the editor's last redraw on a terminal that hung up (EIO)
            if self.signals.caught is None:
                raise
            raise HostSignal(self.signals.caught) from None
        except HostSignal:
            if self.dumb:  # the plain reader's prompt is on the line: say() starts a new one
                self.screens.record(prompt)
            raise
        finally:
            self.signals.wake = None

    async def _run_while_editing(self) -> None:
        app, m = get_app(), self.machine
        n = self.screens.active
        self.steps = 1
        while True:
            await asyncio.sleep(0)  # keys first
            idle = self.run_slice()
            for other in m.consoles:
                if other != n:
                    self.show_console(other, m.take_output(other))
            chunks = m.take_output(n)
            if chunks:
                await run_in_terminal(partial(self._show_above_prompt, n, chunks))
            if m.active != n or m.panic is not None or m.logged_out_on(n) != self.view.arrived_dead:
                if not app.future or app.future.done():
                    return
                app.exit(exception=MachineChanged(app.current_buffer.text))
                return
            if idle or self.signals.caught is not None:
                return

    def _show_above_prompt(self, n: int, chunks: list[tuple[int, bytes]]) -> None:
        self.show_console(n, chunks)
        if self.screens.partial:  # the editor redraws from the start of a line
            self.screens.write(STREAM_STDOUT, b"\n")

    # -- reading -------------------------------------------------------------------------
    def read_and_type(self) -> None:
        """Read one line (or ^D, ^C, a console key) from the person and type it into
        the active console."""
        v = self.view
        if v.held:
            v.last_prompt = v.held
        shown, prompt = v.partial, v.held
        v.held = b""
        self.absorb_typeahead(v)
        try:
            line, drawn = self.next_line(shown, prompt)
        except KeyboardInterrupt as e:
            self.screens.record(prompt + str(getattr(e, "text", "")).encode() + b"\n")
            self.screens.newline()
            self.screens.early_newline = True
            v.pasted.clear()
            v.typed = ""
            self.machine.interrupt()
            if self.run_machine() and not v.held and self.machine.waiting_for_input_on(v.number):
                v.held = v.last_prompt  # bash draws a fresh prompt after ^C
            return
        except (SwitchConsole, MachineChanged) as e:
            v.held, v.typed = prompt, e.typed
            if isinstance(e, SwitchConsole):
                self.switch(e)
            return
        except EOFError:
            self.screens.record(prompt + b"\n")
            self.machine.type_eof()
        else:
            if drawn:
                self.screens.record(prompt + line.encode("utf-8", "replace") + b"\n")
            self.machine.type_line(line)
        self.screens.newline()
        v.last_prompt = b""

    def absorb_typeahead(self, v: ConsoleView) -> None:
        """What was typed ahead becomes lines to type (it was echoed already)."""
        if v.typeahead:
            *lines, last = v.typeahead.split("\n")
            v.pasted += lines
            v.typed = (v.typed + last) if not lines else last
            v.typeahead = ""

    def next_line(self, shown: bytes, prompt: bytes) -> tuple[str, bool]:
        """The next line, and whether the reader drew it: from the reader, or the rest
        of a multi-line paste (each of those is shown after its prompt, as the
        terminal would echo it)."""
        v = self.view
        if v.pasted:
            line = v.pasted.pop(0)
            self.screens.write(STREAM_PROMPT, prompt + line.encode("utf-8", "replace") + b"\n")
            return line, False
        typed, v.typed = v.typed, ""
        first, *v.pasted = self.read_line(shown, prompt, typed).split("\n")
        if v.pasted:
            v.typed = v.pasted.pop()
        return first, True

    def idle_console(self) -> bool:
        """The active console has no login: say so once, and wait for a console key
        (lines typed there are read by nobody). Returns False after ^D: typed where no
        login reads, it ends swapsh."""
        v = self.view
        if not v.noted:
            v.noted = True
            self.say(
                f"swapsh: no login on tty{v.number} (logins run on tty1 to tty6); "
                "Alt-F1..Alt-F6 switch consoles, ^D ends swapsh\n".encode()
            )
        try:
            self.read_line(b"", b"", "")
        except SwitchConsole as e:
            self.switch(e)
        except EOFError:
            return False
        except (KeyboardInterrupt, MachineChanged):
            pass
        self.screens.newline()
        return True

    def ended(self) -> int | None:
        """The exit status if the session is over: the active console's login ended
        while it was on the screen, or no console has a login left."""
        m = self.machine
        if m.logged_out and not self.view.arrived_dead:
            return m.exit_status
        if not any(m.has_login_on(n) for n in m.consoles):
            return m.exit_status
        return None


def _report_panic(err: BinaryIO, message: str, color: bool) -> None:
    from rich.console import Console  # defers rich: ~25 ms before the first prompt
    from rich.text import Text  # defers rich (as above)

    buf = io.StringIO()
    console = Console(
        file=buf, force_terminal=color, no_color=not color, highlight=False, width=10_000
    )
    console.print(Text(f"swapsh: kernel panic: {message}", style="red"))
    err.write(buf.getvalue().encode("utf-8", "replace"))
    err.flush()


def _session(machine: Machine, term: Terminal, env: Mapping[str, str]) -> _Session:
    """The loop's state: screens, and a reader per console (a line editor with its own
    history, or the dumb terminal's lines)."""
    dumb = env.get("TERM") == "dumb"
    color = not env.get("NO_COLOR") and not dumb
    out = term.stdout or sys.stdout.buffer
    screens = Screens(out, term.stderr or sys.stderr.buffer, color)
    if dumb:
        plain = DumbReader(term.stdin or sys.stdin, out)
        return _Session(machine, screens, lambda n: plain, lambda: 24, dumb=True)
    inp = term.input if term.input is not None else create_input()
    term = Terminal(
        input=inp,
        output=term.output,
        stdout=term.stdout,
        stderr=term.stderr,
        stdin=term.stdin,
        history=term.history,
        env=term.env,
    )
    histories = Histories(term.history)

    def status() -> str:
        return f" tty{machine.active}  (Alt-F1..F6, Alt-Left/Right: switch console) "

    def new_reader(n: int) -> LineReader:
        ps = create_prompt_session(machine, term, histories.of(n), status)
        return PromptReader(ps, session.background)

    def rows() -> int:
        r = next(iter(session.readers.values()), None)
        return r.session.output.get_size().rows if isinstance(r, PromptReader) else 24

    poller = KeyPoller(inp) if KeyPoller.usable(inp) else None
    session = _Session(machine, screens, new_reader, rows, poller=poller)
    session.history_failure = histories.failure
    return session


def run_interactive(machine: Machine, term: Terminal | None = None) -> int:
    """Be the terminal of machine's consoles until the active console's login ends.
    Returns that login's exit status, 70 after a kernel panic, 124 if it hangs,
    128+N after the ending signal N (host_signals.py)."""
    term = term or Terminal()
    env = term.env if term.env is not None else os.environ
    machine.bound_output()  # a writer waits for the screen, as for a VT's drawing
    session = _session(machine, term, env)
    session.screens.active = machine.active
    session.echo_ctl = session.poller is not None or not (
        term.input is None and term.stdin is None and host_tty_echoes_ctl()
    )
    try:
        with session.signals.installed():
            return _loop(session)
    except HostSignal as e:  # the terminal is the host's again (raw and job modes ended)
        with contextlib.suppress(OSError):  # a hung-up terminal takes nothing
            session.show()
            session.say(ending_message(e.signum))
        return e.status


def _loop(session: _Session) -> int:
    """run_interactive's loop. Raises: HostSignal."""
    machine = session.machine
    while True:
        if not session.run_machine():
            return EXIT_STUCK
        if machine.panic is not None:
            _report_panic(session.screens.err, machine.panic, session.screens.color)
            return EXIT_PANIC
        status = session.ended()
        if status is not None:
            return status
        if machine.logged_out or not machine.has_login_on(machine.active):
            if not session.idle_console():
                return machine.exit_status
        else:
            session.read_and_type()
            failure = session.history_failure()
            if failure is not None:
                session.say(f"swapsh: {failure} (history kept in memory)\n".encode())
