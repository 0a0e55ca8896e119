"""Job control in the kernel (2.6.25's kernel/signal.c, kernel/exit.c, n_tty.c): stop
signals stop a task until SIGCONT, wait4 reports stops and continues, an orphaned
process group is not stopped by the terminal's signals and is hung up when a stop
would leave it stuck, a background read from the terminal gets SIGTTIN, and a
sleeping call interrupted by a stop resumes as if nothing had happened."""

from __future__ import annotations

from typing import Any

import pytest

from swapsh.kernel.exit import WCONTINUED, WNOHANG, WUNTRACED, do_wait
from swapsh.kernel.fork import copy_process
from swapsh.kernel.fs.proc_array import proc_pid_status
from swapsh.kernel.kernel import Kernel
from swapsh.kernel.signal import Sig, send_sig_info
from swapsh.kernel.task import TaskState, TaskStruct
from swapsh.machine import Machine
from swapsh.userland.libc import Libc
from tests.unit.kernel_helpers import boot, parked, reap, spawn

SIGCHLD = int(Sig.SIGCHLD)


def _task(k: Kernel, parent: TaskStruct, fn: Any) -> TaskStruct:
    """A child running fn, every action SIG_DFL (see _child)."""
    t = copy_process(k, parent, SIGCHLD, fn)
    t.sighand.clear()
    return t


def _child(m: Machine, parent: TaskStruct) -> TaskStruct:
    """A parked child with every action SIG_DFL (the login bash ignores SIGTERM and
    the terminal's stop signals, and a fork inherits that; an exec would not reset it)."""
    child = spawn(m, parent, SIGCHLD)
    child.sighand.clear()
    return child


def _own_group(t: TaskStruct) -> TaskStruct:
    """setpgid(0, 0): a job's process group, tied to the session by its parent."""
    t.pgrp = t.pid
    return t


def _send(m: Machine, t: TaskStruct, *sigs: Sig) -> None:
    for sig in sigs:
        send_sig_info(m.kernel, sig, t)
    m.run()


def test_sigstop_stops_until_sigcont() -> None:
    m, _k, shell = boot()
    child = _child(m, shell)
    _send(m, child, Sig.SIGSTOP)
    assert (child.state, child.state_char) == (TaskState.STOPPED, "T")
    assert "State:\tT (stopped)\n" in proc_pid_status(child)
    _send(m, child, Sig.SIGCONT)
    assert (child.state, child.state_char) == (TaskState.RUNNING, "S")  # asleep again


def test_a_stopped_task_dies_of_a_fatal_signal_at_once() -> None:
    """__group_complete_signal wakes it for a fatal signal that dumps no core."""
    m, _k, shell = boot()
    child = _child(m, shell)
    _send(m, child, Sig.SIGSTOP, Sig.SIGTERM)
    assert (child.state, child.exit_code) == (TaskState.ZOMBIE, Sig.SIGTERM)
    reap(m, child)


def test_a_core_dumping_signal_waits_for_sigcont() -> None:
    m, _k, shell = boot()
    child = _child(m, shell)
    _send(m, child, Sig.SIGSTOP)  # both at once, SIGQUIT (3) is taken first: it dies
    _send(m, child, Sig.SIGQUIT)
    assert child.state is TaskState.STOPPED
    _send(m, child, Sig.SIGCONT)
    assert (child.state, child.exit_code) == (TaskState.ZOMBIE, Sig.SIGQUIT)
    reap(m, child)


def test_sigkill_ends_a_stopped_task() -> None:
    m, _k, shell = boot()
    child = _child(m, shell)
    _send(m, child, Sig.SIGSTOP, Sig.SIGKILL)
    assert (child.state, child.exit_code) == (TaskState.ZOMBIE, Sig.SIGKILL)
    reap(m, child)


def test_sigcont_cancels_a_pending_stop_and_a_stop_a_pending_cont() -> None:
    m, _k, shell = boot()
    child = _child(m, shell)
    send_sig_info(m.kernel, Sig.SIGSTOP, child)
    send_sig_info(m.kernel, Sig.SIGCONT, child)  # before the child ran: never stops
    assert Sig.SIGSTOP not in child.pending
    m.run()
    assert child.state is TaskState.RUNNING
    child.sighand[Sig.SIGCONT] = 2  # caught, so that it stays pending
    send_sig_info(m.kernel, Sig.SIGCONT, child)
    send_sig_info(m.kernel, Sig.SIGSTOP, child)
    assert Sig.SIGCONT not in child.pending
    m.run()
    assert child.state is TaskState.STOPPED


def test_wait4_reports_a_stop_once_and_a_continue_once() -> None:
    m, k, shell = boot()
    got: list[tuple[int, int]] = []

    async def waits() -> int:
        me = k.current()
        for options in (WUNTRACED, WUNTRACED | WNOHANG, WCONTINUED, WCONTINUED | WNOHANG):
            got.append(await do_wait(k, me, -1, options))
        return 0

    waiter = _task(k, shell, waits)
    child = _task(k, waiter, parked(k))
    m.run()
    assert got == []  # stopped by nothing yet: the first wait sleeps
    _send(m, child, Sig.SIGSTOP)
    assert got == [(child.pid, (Sig.SIGSTOP << 8) | 0x7F), (0, 0)]
    _send(m, child, Sig.SIGCONT)
    assert got[2:] == [(child.pid, 0xFFFF), (0, 0)]


@pytest.mark.parametrize("sig", [Sig.SIGTSTP, Sig.SIGTTIN, Sig.SIGTTOU])
def test_terminal_stop_signals_do_not_stop_an_orphaned_group(sig: Sig) -> None:
    """The login shell's own group is orphaned (its leader's parent is init): only
    SIGSTOP stops a member; a job's own group, tied by the shell, stops."""
    m, _k, shell = boot()
    orphan = _child(m, shell)  # in the shell's group
    _send(m, orphan, sig)
    assert orphan.state is TaskState.RUNNING
    _send(m, orphan, Sig.SIGSTOP)
    assert orphan.state is TaskState.STOPPED
    job = _own_group(_child(m, shell))
    _send(m, job, sig)
    assert (job.state, job.stop_code) == (TaskState.STOPPED, sig)


def test_a_stopped_job_orphaned_by_its_shells_exit_is_hung_up() -> None:
    """kill_orphaned_pgrp: the shell that could continue the job is gone, so the job
    gets SIGHUP and SIGCONT, and dies of the SIGHUP."""
    m, _k, shell = boot()
    sub = _child(m, shell)  # a shell in the login's session and group
    job = _own_group(_child(m, sub))
    _send(m, job, Sig.SIGSTOP)
    assert job.state is TaskState.STOPPED
    _send(m, sub, Sig.SIGKILL)
    assert job.exit_code == Sig.SIGHUP and job.state is TaskState.DEAD  # init reaped it


def test_a_running_job_orphaned_by_its_shells_exit_runs_on() -> None:
    m, _k, shell = boot()
    sub = _child(m, shell)
    job = _own_group(_child(m, sub))
    _send(m, sub, Sig.SIGKILL)
    assert job.parent is not None
    assert (job.state, job.parent.pid) == (TaskState.RUNNING, 1)


def _reader(m: Machine, got: list[object]) -> Any:
    """A program that reads a line from its standard input (the terminal)."""

    async def read_line() -> int:
        libc = Libc(m.gate, ["reader"], {})
        try:
            got.append(await libc.read(0, 100))
        except OSError as e:
            got.append(e.errno)
        return 0

    return read_line


def test_a_background_read_of_the_terminal_stops_on_sigttin_then_reads() -> None:
    m, k, shell = boot()
    _send(m, shell, Sig.SIGSTOP)  # the login shell, asleep reading tty1, reads no more
    assert shell.state is TaskState.STOPPED
    got: list[object] = []
    job = _own_group(_task(k, shell, _reader(m, got)))
    m.run()
    assert (job.state, job.stop_code) == (TaskState.STOPPED, Sig.SIGTTIN)
    m.console.pgrp = job.pgrp  # fg: the shell gives it the terminal, then SIGCONT
    _send(m, job, Sig.SIGCONT)
    assert job.state is TaskState.RUNNING and got == []  # the read restarted: it waits
    m.type_line("hello")
    m.run()
    assert got == [b"hello\n"]


def test_a_background_read_in_an_orphaned_group_is_eio() -> None:
    m, k, shell = boot()
    got: list[object] = []
    _task(k, shell, _reader(m, got))
    m.console.pgrp = 0x7FFF  # some other group is in the foreground
    m.run()
    assert got == [5]  # EIO: nobody could continue it


def _sleeper(m: Machine, ns: int, got: list[int]) -> Any:
    async def sleep() -> int:
        libc = Libc(m.gate, ["sleeper"], {})
        await libc.nanosleep(ns)
        got.append(m.kernel.sched.clock_ns)
        return 0

    return sleep


def test_a_stopped_sleep_ends_when_it_would_have() -> None:
    """nanosleep's restart_block: stopped and continued before its end, the sleep ends
    at its first expiry, not a whole sleep later."""
    m, k, shell = boot()
    got: list[int] = []
    t0 = k.sched.clock_ns
    sleeper = _own_group(_task(k, shell, _sleeper(m, 10 * 10**9, got)))
    while sleeper.sleeping_on is None:  # to its sleep, the clock not moved on
        k.sched.run_one()
    send_sig_info(k, Sig.SIGSTOP, sleeper)
    while k.sched.run_one():  # it stops; the clock still where it was
        pass
    assert sleeper.state is TaskState.STOPPED and not k.timers.pending()
    _send(m, sleeper, Sig.SIGCONT)
    m.run()
    assert got and 10 * 10**9 <= got[0] - t0 < 10 * 10**9 + 10**6
