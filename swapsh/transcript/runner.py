"""Replay a transcript on a machine: type each line at its login, collect what every
login's terminal shows, and stop what does not finish.

A line is typed once every earlier command has finished (the machine is idle: every
task sleeps and no timer is pending), or, if the transcript says `(after N steps)`,
exactly N steps after the previous input. Before typing at login N the replay makes
ttyN the active console, as a person switches to a console to type there, so kernel
messages appear at the login where the last line was typed.

A command that has not finished within the step limit gets ^C; a command that
sleeps with nobody reading its terminal is stuck and gets ^C too. Either is
reported with the line. A kernel panic, or a command that outlives its ^C, ends the
replay there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from swapsh.machine import Machine
from swapsh.transcript import consoles
from swapsh.transcript.format import Command, Input, Switch, Transcript

__all__ = ["Replay", "Replayer", "Report", "replay"]

AFTER_INTERRUPT_STEPS = 1_000  # steps a command may take to stop after its ^C


@dataclass(frozen=True, slots=True)
class Report:
    """Something that went wrong while replaying, at a line of the transcript."""

    lineno: int  # of the line typed that the problem follows
    message: str  # without file and line


@dataclass(slots=True)
class Replay:
    """What the machine showed: at boot, and during each command (None: not run)."""

    boot: dict[int, bytes] = field(default_factory=dict)  # login -> screen text
    outputs: list[dict[int, bytes] | None] = field(default_factory=list)  # per command
    reports: list[Report] = field(default_factory=list)  # in the order they happened

    def output(self, n: int) -> dict[int, bytes] | None:
        """What each login showed during command n; None if it did not run."""
        return self.outputs[n] if n < len(self.outputs) else None


class _Stop(Exception):
    """The replay cannot go on (a kernel panic, a command that ignores ^C)."""


class Replayer:
    """Replays a transcript on a booted, idle machine, one command at a time, as its
    output is asked for (so a session can be shown while it runs)."""

    def __init__(self, t: Transcript, m: Machine, max_steps: int) -> None:
        self.m = m
        self.max_steps = max_steps  # per line typed
        self.inputs: list[Input] = []  # in order: typed lines and console switches
        self.command_of: list[int] = []  # the command whose block each one's output joins
        n = -1
        for it in t.items:
            if isinstance(it, Command):
                n += 1
                self.inputs += it.inputs
                self.command_of += [n] * len(it.inputs)
            elif isinstance(it, Switch):
                self.inputs.append(it.input)
                self.command_of.append(max(n, 0))
        self.last_typed: Input | None = None  # the last line typed (not a switch)
        self.result = Replay(boot=self.collect())
        self.next_input = 0  # index into inputs
        self.stopped = False

    def output(self, n: int) -> dict[int, bytes] | None:
        """What each login showed during command n (None: the replay stopped before
        it). Runs the commands up to n that have not run yet."""
        outputs = self.result.outputs
        while len(outputs) <= n and not self.stopped:
            self.run_command(len(outputs))
        return outputs[n] if n < len(outputs) else None

    def run_all(self) -> Replay:
        while not self.stopped and self.next_input < len(self.inputs):
            self.run_command(len(self.result.outputs))
        return self.result

    def run_command(self, n: int) -> None:
        try:
            while self.next_input < len(self.inputs) and self.command_of[self.next_input] == n:
                k = self.next_input
                self.next_input += 1
                x = self.inputs[k]
                self.type(x)
                nxt = self.inputs[k + 1] if k + 1 < len(self.inputs) else None
                if nxt is not None and nxt.after_steps is not None:
                    self.wait_steps(nxt, nxt.after_steps)
                else:
                    self.settle(self.last_typed or x)
        except _Stop:
            self.stopped = True
        self.result.outputs.append(self.collect())

    def collect(self) -> dict[int, bytes]:
        """What every login showed since the last collect (logins that showed
        nothing are left out)."""
        out = {}
        for tty in consoles.logins():
            text = consoles.screen_text(consoles.take_output(self.m, tty))
            if text:
                out[tty] = text
        return out

    def report(self, x: Input, message: str) -> None:
        self.result.reports.append(Report(x.lineno, message))

    def check_panic(self, x: Input) -> None:
        if self.m.panic is not None:
            self.report(x, f"kernel panic: {self.m.panic}")
            raise _Stop

    def type(self, x: Input) -> None:
        consoles.switch_to(self.m, x.login)
        if x.kind == "chvt":
            return
        self.last_typed = x
        if x.kind in ("intr", "susp"):
            (consoles.interrupt if x.kind == "intr" else consoles.suspend)(self.m, x.login)
            return
        if consoles.logged_out(self.m, x.login):
            self.report(x, f"login {x.login} has logged out; nothing reads what is typed there")
        if x.kind == "eof":
            consoles.type_eof(self.m, x.login)
        else:
            consoles.type_line(self.m, x.text, x.login)

    def settle(self, x: Input) -> None:
        """Run until every command has finished; ^C what does not. x: the last line
        typed (a switch before any line has no command to wait for)."""
        m = self.m
        if x.kind == "chvt":
            m.run(max_steps=self.max_steps)
            self.check_panic(x)
            return
        if not m.run(max_steps=self.max_steps):
            self.check_panic(x)
            self.report(
                x,
                f"the command did not finish within {self.max_steps} steps "
                f"(max-steps); sent ^C to login {x.login}",
            )
            self.interrupt_and_wait(x)
            return
        self.check_panic(x)
        if consoles.waiting(m, x.login) or consoles.logged_out(m, x.login):
            return
        self.report(
            x,
            "the command is stuck: every task sleeps and none reads login "
            f"{x.login}'s terminal; sent ^C",
        )
        self.interrupt_and_wait(x)

    def interrupt_and_wait(self, x: Input) -> None:
        consoles.interrupt(self.m, x.login)
        finished = self.m.run(max_steps=AFTER_INTERRUPT_STEPS)
        self.check_panic(x)
        if not finished or not (
            consoles.waiting(self.m, x.login) or consoles.logged_out(self.m, x.login)
        ):
            self.report(
                x,
                f"the command did not stop within {AFTER_INTERRUPT_STEPS} steps "
                "of its ^C; the replay ends here",
            )
            raise _Stop

    def wait_steps(self, x: Input, steps: int) -> None:
        """Run exactly steps steps, x's (after N steps) (fewer if the machine goes
        idle first)."""
        if steps:
            self.m.run(max_steps=steps)
            self.check_panic(x)


def replay(t: Transcript, m: Machine, max_steps: int) -> Replay:
    """Type t's commands into m (booted, idle) and record what each login showed."""
    return Replayer(t, m, max_steps).run_all()
