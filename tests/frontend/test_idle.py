"""An idle machine sleeps on the host: `sleep inf` (a timer at the end of time) leaves
nothing to run, so Machine.run returns idle instead of jumping the clock forever, the
front-ends wait for ^C without spinning, and ^C still ends the sleep at once. Budgets
count Machine.run calls and steps, never host time."""

from __future__ import annotations

import io
import os
import signal
import threading

import pytest

import swapsh.frontend.plain as plain
from swapsh.frontend.plain import run_plain
from swapsh.kernel.timer import END_OF_TIME_NS, KTIME_MAX, ktime_add_safe
from swapsh.machine import Machine

FOREVER = ["sleep inf", "sleep 1e400", "sleep infinity", "sleep 1e12", "sleep 9999999999d"]


def _idle_after_line(m: Machine, line: str) -> int:
    """Type line; returns the Machine.run calls (each of at most 100 steps) until idle."""
    m.type_line(line)
    for calls in range(1, 50):
        if m.run(max_steps=100):
            return calls
    raise AssertionError(f"{line!r}: not idle after 50 * 100 steps")


@pytest.mark.parametrize("line", FOREVER)
def test_a_sleep_forever_leaves_the_machine_idle_with_its_clock_still(line: str) -> None:
    m = Machine()
    _idle_after_line(m, line)
    clock = m.kernel.sched.clock_ns
    assert m.sleeping_on_timer and not m.waiting_for_input
    assert all(m.run(max_steps=100) for _ in range(20))  # idle every time, at once
    assert m.kernel.sched.clock_ns == clock < 10**9  # not a second of simulated time
    m.interrupt()
    assert m.run(max_steps=1000) and m.waiting_for_input and not m.sleeping_on_timer
    m.type_line("echo $? ; cat /proc/uptime")
    m.run()
    out = b"".join(d for _s, d in m.take_output())
    assert b"130\n0." in out  # killed by SIGINT, and the uptime is still under a second


def test_finite_sleeps_still_fast_forward_exactly() -> None:
    m = Machine()
    before = m.kernel.sched.clock_ns
    _idle_after_line(m, "sleep 2; sleep 1e9")  # 31 years pass without waiting
    assert m.waiting_for_input and not m.sleeping_on_timer
    assert 10**9 * (10**9 + 2) <= m.kernel.sched.clock_ns - before < 10**9 * (10**9 + 3)


def test_idle_time_is_deterministic() -> None:
    def session() -> tuple[bytes, int]:
        m = Machine()
        _idle_after_line(m, "sleep 3 & sleep inf")
        m.run()
        m.interrupt()
        m.run()
        m.type_line("jobs; cat /proc/uptime")
        m.run()
        return b"".join(d for _s, d in m.take_output()), m.kernel.sched.clock_ns

    assert session() == session()


def test_ktime_add_safe_saturates_at_the_end_of_time() -> None:
    assert ktime_add_safe(5, 7) == 12
    assert ktime_add_safe(1, KTIME_MAX) == END_OF_TIME_NS < KTIME_MAX
    assert ktime_add_safe(END_OF_TIME_NS - 1, 1) == END_OF_TIME_NS


def test_plain_waits_on_the_host_for_sigint_and_sigint_ends_the_sleep(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    m = Machine()
    runs = 0
    real_run, real_pause = m.run, plain._pause
    pauses = 0

    def counted_run(max_steps: int | None = None) -> bool:
        nonlocal runs
        runs += 1
        return real_run(max_steps)

    def pause_then_sigint(intr: plain._Interrupts, signals: plain.HostSignals) -> None:
        nonlocal pauses
        pauses += 1
        # the host's ^C, sent while (or just before) plain sleeps in select()
        threading.Timer(0.05, os.kill, (os.getpid(), signal.SIGINT)).start()
        real_pause(intr, signals)

    monkeypatch.setattr(m, "run", counted_run)
    monkeypatch.setattr(plain, "_pause", pause_then_sigint)
    out, err = io.BytesIO(), io.BytesIO()
    status = run_plain(m, ["sleep inf", "echo after $?"], out, err)
    assert (status, out.getvalue(), pauses) == (0, b"after 130\n", 1), err.getvalue()
    assert runs < 30  # a handful of calls, not a spin
