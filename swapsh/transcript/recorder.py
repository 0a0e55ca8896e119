"""Record a live session as a transcript that replays identically (`swapsh --record`).

RecordingMachine is a Machine that notes what a front-end does to it: each line
typed (and ^C, ^Z, ^D) with its login, and everything each login's terminal showed
between two of them. A front-end drives it as it drives any Machine; no front-end
needs to know.

Identical replay needs each line typed at the machine state it was typed at. The
replay types a line once the machine is idle, and a front-end typing at the prompt
does the same. A line typed while something still ran (a ^C to a running command)
is written with `(after N steps)`: N is exact, because a front-end's
`run(max_steps=k)` that returns False has run exactly k steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from swapsh import __version__
from swapsh.machine import STREAM_PROMPT, Machine, MachineOptions
from swapsh.transcript import consoles
from swapsh.transcript.format import (
    Command,
    Directive,
    Input,
    Item,
    Prose,
    Switch,
    Transcript,
    format_input,
    format_settings,
)
from swapsh.transcript.runner import Replay
from swapsh.transcript.settings import DEFAULT_MAX_STEPS, Settings
from swapsh.transcript.writer import literal, write

__all__ = ["Recorder", "RecordingMachine"]

Chunks = list[tuple[int, bytes]]
PS2 = b"> "  # the shell's continuation prompt: the next line continues a command


@dataclass(slots=True)
class _Typed:
    """One input, and what every login showed from it to the next one."""

    login: int
    kind: str  # "line", "eof", "intr", "susp"
    text: str
    after_steps: int | None
    shown: dict[int, Chunks] = field(default_factory=dict)
    step_bound: int | None = 0  # at most this many steps ran after it (None: unknown)


@dataclass(slots=True)
class Recorder:
    """What a front-end did to a machine, and what its consoles showed in between."""

    options: MachineOptions  # of the machine recorded
    boot_shown: dict[int, Chunks] = field(default_factory=dict)  # before the first input
    typed: list[_Typed] = field(default_factory=list)
    idle: bool = False  # the last run() found nothing left to run
    steps_since_input: int = 0  # exact when not idle: run() calls that returned False
    unread: dict[int, Chunks] = field(default_factory=dict)  # not yet given to the front-end

    def ran(self, max_steps: int | None, finished: bool) -> None:
        """The machine ran: max_steps steps exactly if not finished, at most if it did."""
        self.idle = finished
        if not finished and max_steps is not None:
            self.steps_since_input += max_steps
        if self.typed:
            last = self.typed[-1]
            if last.step_bound is not None:
                last.step_bound = None if max_steps is None else last.step_bound + max_steps

    def shown(self, login: int, chunks: Chunks) -> None:
        """Output taken from login's terminal: it belongs to the last input."""
        if not chunks:
            return
        shown = self.typed[-1].shown if self.typed else self.boot_shown
        shown.setdefault(login, []).extend(chunks)
        self.unread.setdefault(login, []).extend(chunks)

    def input(self, login: int, kind: str, text: str) -> None:
        """An input about to be typed (everything shown so far was taken before it).
        A switch of console (kind "chvt") is noted only while something runs: when
        nothing does, the replay's own switch before the next line typed is the same."""
        if kind == "chvt" and self.idle:
            return
        after = None if self.idle else self.steps_since_input
        self.typed.append(_Typed(login, kind, text, after))
        self.steps_since_input = 0
        self.idle = False

    def transcript(self) -> tuple[Transcript, Replay]:
        """The session so far, as a transcript and what its logins showed."""
        items: list[Item] = [
            Prose(1, f"# A session recorded by swapsh {__version__} (swapsh --record)."),
            Prose(2, "# Replay it with: swapsh replay --check FILE"),
            Prose(3, ""),
        ]
        opts = self.options
        need = max((x.step_bound for x in self.typed if x.step_bound is not None), default=0)
        steps = need if need > DEFAULT_MAX_STEPS else None
        for raw in format_settings(opts.mem_bytes, opts.seed, opts.swap_ns, steps):
            key, value = raw[2:].split(None, 1)
            items.append(Directive(len(items) + 1, raw, key, value))
        items.append(Prose(len(items) + 1, ""))
        boot_shown = {n: list(c) for n, c in self.boot_shown.items()}
        prev: _Typed | None = None
        cmd: Command | None = None
        shown: dict[int, Chunks] = {}
        outputs: list[dict[int, bytes] | None] = []
        for x in self.typed:
            if x.kind == "chvt":
                raw = format_input(x.login, x.kind, "", x.after_steps, False)
                items.append(Switch(Input(len(items) + 1, raw, x.login, x.kind, "", x.after_steps)))
                for n, chunks in x.shown.items():
                    target = shown if cmd is not None else boot_shown
                    target.setdefault(n, []).extend(chunks)
                prev = x
                continue
            continues = cmd is not None and prev is not None and _continues(prev, x)
            raw = format_input(x.login, x.kind, x.text, x.after_steps, continues)
            inp = Input(len(items) + 1, raw, x.login, x.kind, x.text, x.after_steps)
            if continues and cmd is not None:
                cmd.inputs.append(inp)
            else:
                if cmd is not None:
                    outputs.append(_screens(shown))
                cmd, shown = Command(x.login, [inp]), {}
                items.append(cmd)
            for n, chunks in x.shown.items():
                shown.setdefault(n, []).extend(chunks)
            prev = x
        if cmd is not None:
            outputs.append(_screens(shown))
        replay = Replay(boot=_screens(boot_shown), outputs=outputs)
        settings = Settings(opts.mem_bytes, opts.seed, opts.swap_ns, steps)
        return Transcript("<recording>", items, settings), replay


class RecordingMachine(Machine):
    """A Machine that records its session in `recorder` (its text: `transcript_text`)."""

    def __init__(self, options: MachineOptions | None = None) -> None:
        self.recorder = Recorder(options or MachineOptions())
        super().__init__(self.recorder.options)

    # -- what a front-end calls ------------------------------------------------------------
    def run(self, max_steps: int | None = None) -> bool:
        finished = super().run(max_steps)
        self.recorder.ran(max_steps, finished)
        return finished

    def type_line(self, text: str, tty: int | None = None) -> None:
        login = self._input(tty, "line", text)
        consoles.type_line(self, text, login)

    def type_eof(self, tty: int | None = None) -> None:
        login = self._input(tty, "eof", "")
        consoles.type_eof(self, login)

    def interrupt(self, tty: int | None = None) -> None:
        login = self._input(tty, "intr", "")
        consoles.interrupt(self, login)

    def suspend(self, tty: int | None = None) -> None:
        login = self._input(tty, "susp", "")
        consoles.suspend(self, login)

    def chvt(self, n: int) -> None:
        self._take_all()
        super().chvt(n)  # raises ValueError for a console that cannot be (then no note)
        self.recorder.input(n, "chvt", "")

    def take_output(self, tty: int | None = None) -> list[tuple[int, bytes]]:
        login = consoles.active(self) if tty is None else tty
        if login not in consoles.logins():  # tty7..tty63: no login, not in transcripts
            return consoles.take_output(self, login)
        self.recorder.shown(login, consoles.take_output(self, login))
        return self.recorder.unread.pop(login, [])

    # -- the recording ---------------------------------------------------------------------
    def _input(self, tty: int | None, kind: str, text: str) -> int:
        """Note an input; one at a console without a login (tty7..) is not noted:
        nothing reads it, and a transcript has no login there."""
        login = consoles.active(self) if tty is None else tty
        self._take_all()
        if login in consoles.logins():
            self.recorder.input(login, kind, text)
        return login

    def _take_all(self) -> None:
        for n in consoles.logins():
            self.recorder.shown(n, consoles.take_output(self, n))

    def transcript_text(self) -> str:
        """The session so far, as the text of a transcript."""
        self._take_all()
        transcript, replay = self.recorder.transcript()
        return write(transcript, replay, literal)


def _screens(shown: dict[int, Chunks]) -> dict[int, bytes]:
    out = {n: consoles.screen_text(c) for n, c in sorted(shown.items())}
    return {n: text for n, text in out.items() if text}


def _continues(prev: _Typed, x: _Typed) -> bool:
    """Whether x is the next line of prev's command: typed at the same login after the
    shell's continuation prompt, with nothing else shown in between."""
    if x.kind != "line" or prev.kind != "line" or x.login != prev.login:
        return False
    if any(consoles.screen_text(c) for c in prev.shown.values()):
        return False
    prompt = b"".join(d for s, d in prev.shown.get(x.login, []) if s == STREAM_PROMPT)
    return prompt[prompt.rfind(b"\n") + 1 :] == PS2
