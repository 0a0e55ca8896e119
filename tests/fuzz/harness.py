"""Drive a Machine one fuzzed line at a time and judge each line.

A line fails when any output (any console, and the kernel's log) shows a Python
traceback or swapsh's "internal error", when the machine panics with a text that is
not one Linux itself would print for that input, when the harness's own call into
Machine raises, when the login does not come back to its prompt within a budget of
simulated steps even after ^C and ^D (a hang), or when the host's resident memory
goes over a bound. Budgets count simulated scheduler steps, never host time.

A line that outruns its budget gets ^C, as a person would type it (then ^D if every
task sleeps, for a program reading the terminal). After ^C the line gets the steps
it ran before plus a budget: what grew a step at a time may end a step at a time (a
chain of shells each waiting for the next dies one level a step). One that runs
forever by design (`cat /dev/zero`, `tail -f`: the catalogue of
tests/fuzz/endless.py) then counts as "interrupted"; any other is "overran", which
is not a failure (long but finite work such as `memtouch 1G 100` is fine) but is
reported apart, so that a command which should end by itself and does not is not
hidden among the endless ones. A line the shell waits to see completed (an open
quote, a trailing `|`: its PS2 prompt) is "incomplete", and ^C cancels it too. A
line that outlives ^C and ^D is a hang, unless a process of tty1's session still
reads another console (`bash 0</dev/tty2`, `clone64() 0</dev/tty2`): bash 5.2 on
Linux also shows its prompt on tty1, redraws it at ^C and waits for a line typed on
tty2, so that line is "elsewhere" and the machine is rebooted (a person would end
that shell from the other console). Likewise a line that leaves a process of tty1's
session stopped (`kill -STOP 3`: the login shell itself, as on Linux) is "stopped":
only a SIGCONT from another console would go on, so the machine is rebooted."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from swapsh.machine import STREAM_PROMPT, Machine, MachineOptions
from tests.fuzz.endless import is_endless

__all__ = [
    "LEGIT_PANICS",
    "STEP_BUDGET",
    "FuzzMachine",
    "Outcome",
    "rss_bytes",
]

STEP_BUDGET = 600  # scheduler steps a line may take before it gets ^C (a step is one
# task running until it sleeps or its slice ends: 64 MiB of memtouch is a handful)
# Panics Linux 2.6.25 prints for what a user can type, with their texts.
LEGIT_PANICS = ("Out of memory and no killable processes...",)
BAD_TEXTS = ("Traceback (most recent call last)", "internal error", "RecursionError")
CHUNK = 20  # steps between looks at the output
OUTPUT_LIMIT = 16 << 20  # output that makes a line endless (`cat /dev/zero`): ^C
TAIL = 1 << 16  # output kept for the report
TTY = 1  # the fuzzer types at tty1 whatever console is on the screen


def rss_bytes() -> int:
    """The host process's resident set size now (Linux /proc/self/statm)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _discard(m: Machine) -> None:
    """Close a dropped machine's suspended tasks and its disk now: left to the garbage collector,
    their cleanup code runs with no kernel behind it and Python prints "Exception
    ignored in: <coroutine ...>" (swapsh itself leaves with os._exit for this)."""
    for tsk in list(m.kernel.tasks.values()):
        if tsk.coro is not None:
            try:
                tsk.coro.close()
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException:  # TaskExit, KernelBug: the kernel is gone
                pass
    m.close()  # its disk's host file now, not when Python collects the machine


def _detail(text: str, bad: str) -> str:
    """The line naming the failure, without pids: "dd: internal error: ValueError: ..."."""
    line = text[text.rindex(bad) :].split("\n", 1)[0] if bad != BAD_TEXTS[0] else bad
    start = text.rfind("\n", 0, text.rindex(bad)) + 1
    head = text[start : text.rindex(bad)]
    prog = head.rstrip(": ").rsplit(" ", 1)[-1].split("[", 1)[0]
    return f"{prog}: {line}" if prog else line


@dataclass
class Outcome:
    """How one line went. kind: ok, interrupted (an endless command ended by ^C),
    overran (a command not in the endless catalogue ended by ^C), incomplete (the
    shell asked for the rest of the line with PS2; ^C cancelled it), elsewhere (a
    process of the line reads another console, which ^C and ^D on tty1 do not end;
    the machine is rebooted), stopped (a process of tty1's session is stopped: the
    machine is rebooted), panic-ok (a Linux
    panic; the machine is rebooted), timeout (the campaign cut it off after too much
    host time), or a failure: traceback, internal, panic, hang,
    memory, harness."""

    kind: str
    detail: str = ""
    steps: int = 0
    output: str = field(default="", repr=False)

    @property
    def failed(self) -> bool:
        return self.kind not in (
            "ok",
            "interrupted",
            "overran",
            "incomplete",
            "elsewhere",
            "stopped",
            "panic-ok",
            "timeout",
        )


class FuzzMachine:
    """A machine that lines are typed into, rebooted when its login or kernel ends."""

    def __init__(
        self,
        *,
        mem_bytes: int = 256 << 20,
        seed: int = 0,
        budget: int = STEP_BUDGET,
        rss_limit: int | None = None,
    ) -> None:
        self.options = MachineOptions(mem_bytes=mem_bytes, seed=seed)
        self.budget = budget
        self.rss_limit = rss_limit
        self.boots = 0
        self.m = self._boot()

    def _boot(self) -> Machine:
        self.boots += 1
        m = Machine(self.options)
        m.bound_output()  # as both front-ends do: a writer waits for us to take output
        for tty in m.consoles:
            m.take_output(tty)
        return m

    def reboot(self) -> None:
        _discard(self.m)
        self.m = self._boot()

    # -- one line ---------------------------------------------------------------------------
    def run_line(self, line: str) -> Outcome:
        """Type line at tty1 and run until its login is back at a prompt."""
        try:
            outcome = self._run_line(line)
        except Exception as e:  # the Machine API itself failed: a front-end would crash
            outcome = Outcome("harness", f"{type(e).__name__}: {e}")
        # every line is measured (RSS never shrinks back, so the first line over the
        # bound is the one that took the memory, or the last straw)
        if not outcome.failed and self.rss_limit is not None:
            rss = rss_bytes()
            if rss > self.rss_limit:
                outcome = Outcome("memory", f"host RSS {rss >> 20} MiB", outcome.steps)
        if (
            outcome.failed
            or outcome.kind in ("panic-ok", "elsewhere", "stopped")
            or self.m.logged_out_on(TTY)
        ):
            self.reboot()
        return outcome

    def _run_line(self, line: str) -> Outcome:
        m = self.m
        log_before = m.kernel.log.text.count("internal error")
        m.type_line(line, TTY)
        out = _Output()
        steps, settled, idle = self._settle(out, self.budget)
        kind, how = "ok", ""
        if not settled and m.panic is None:
            if idle and out.ps2 and m.waiting_for_input_on(TTY):
                kind = "incomplete"  # the shell asks for the rest of the line
            else:
                kind = "interrupted" if is_endless(line) else "overran"
            m.interrupt(TTY)  # ^C, as a person does to an endless command
            # what the line built step by step may end step by step: a chain of N
            # shells, each waiting for the next, ends one level a step after ^C
            more, settled, idle = self._settle(out, self.budget + steps)
            steps += more
            how = "^C"
            if not settled and idle and m.panic is None:
                m.type_eof(TTY)  # all asleep: a program reading the terminal ends at ^D
                more, settled, idle = self._settle(out, self.budget)
                steps += more
                how = "^C ^D"
        if out.bad:
            kind = "traceback" if out.bad.startswith("Traceback") else "internal"
            return Outcome(kind, out.bad, steps, out.text)
        if m.kernel.log.text.count("internal error") > log_before:
            detail = _detail(m.kernel.log.text, "internal error")
            return Outcome("internal", detail, steps, out.text)
        if m.panic is not None:
            legit = any(p in m.panic for p in LEGIT_PANICS)
            return Outcome("panic-ok" if legit else "panic", m.panic, steps, out.text)
        if not settled and idle and _reads_elsewhere(m):
            return Outcome("elsewhere", how, steps, out.text)
        if not settled and idle and _stopped_in_session(m):
            return Outcome("stopped", how, steps, out.text)
        if not settled:
            return Outcome("hang", f"not back at a prompt after {steps} steps", steps, out.text)
        return Outcome(kind, how if kind != "ok" else "", steps, out.text)

    def _settle(self, out: _Output, budget: int) -> tuple[int, bool, bool]:
        """Run up to budget steps, or until the line has shown OUTPUT_LIMIT bytes. Returns
        (steps, whether tty1's login reads at a fresh prompt or has ended, whether
        every task sleeps)."""
        m = self.m
        prompt = False
        steps = 0
        idle = False
        start = out.size
        chunk = 1
        while steps < budget and out.size - start < OUTPUT_LIMIT:
            # a few steps at a time, 1, 2, 4... up to CHUNK: one step of `cat
            # /dev/zero` writes 16 MB to the terminal, and most lines end in a few
            chunk = min(chunk, budget - steps)
            idle = m.run(max_steps=chunk)
            steps += chunk if not idle else 0
            chunk = min(2 * chunk, CHUNK)
            for tty in m.consoles:
                for stream, data in m.take_output(tty):
                    out.add(data)
                    if tty == TTY:
                        prompt = stream == STREAM_PROMPT and data.endswith((b"# ", b"$ "))
                        out.ps2 = stream == STREAM_PROMPT and not prompt
            if m.panic is not None or m.logged_out_on(TTY):
                return steps, True, True
            if idle:
                break
        return steps, prompt and m.waiting_for_input_on(TTY), idle


def _reads_elsewhere(m: Machine) -> bool:
    """Whether a task of tty1's session sleeps reading another console's input."""
    tty = m.kernel.ttys[TTY - 1]
    others = [t.read_wait for t in m.kernel.ttys if t is not tty]
    return any(
        task.session == tty.session and any(task.sleeping_on is w for w in others)
        for task in m.kernel.tasks.values()
    )


def _stopped_in_session(m: Machine) -> bool:
    """Whether a process of tty1's session is stopped (SIGSTOP; it waits for SIGCONT)."""
    session = m.kernel.ttys[TTY - 1].session
    return any(t.session == session and t.state_char == "T" for t in m.kernel.tasks.values())


class _Output:
    """What a line showed: its size, the first failure text in it, and its tail."""

    def __init__(self) -> None:
        self.size = 0
        self.bad = ""
        self.tail = ""
        self.ps2 = False  # tty1 last showed a prompt that is not PS1

    def add(self, data: bytes) -> None:
        # searched as bytes and only the tail decoded: `cat /dev/zero` shows 16 MB
        self.size += len(data)
        if not self.bad:
            for bad in BAD_TEXTS:
                if bad.encode() in data:
                    self.bad = _detail(data.decode("utf-8", "surrogateescape"), bad)
                    break
        tail = data[-TAIL:].decode("utf-8", "surrogateescape")
        self.tail = (self.tail + tail)[-TAIL:]

    @property
    def text(self) -> str:
        return self.tail
