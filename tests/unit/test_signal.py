"""Sending signals (kernel/signal.py): what is dropped at send time, what cannot be
refused, and who a process group's signal reaches."""

from __future__ import annotations

from swapsh.kernel.signal import SIG_IGN, Sig, force_sig_info, kill_pgrp, send_sig_info
from swapsh.kernel.task import TaskState
from tests.unit.kernel_helpers import boot, spawn


def test_an_ignored_signal_is_dropped_at_send_time() -> None:
    m, k, sh = boot()
    t = spawn(m, sh, 0)
    t.sighand[Sig.SIGTERM] = SIG_IGN
    send_sig_info(k, Sig.SIGTERM, t)
    send_sig_info(k, Sig.SIGCHLD, t)  # ignored by default
    assert not t.pending
    m.run()
    assert t.state is TaskState.RUNNING


def test_force_sig_info_kills_a_task_that_ignores_the_signal() -> None:
    m, k, sh = boot()
    t = spawn(m, sh, 0)
    t.sighand[Sig.SIGSEGV] = SIG_IGN
    force_sig_info(k, Sig.SIGSEGV, t)
    assert Sig.SIGSEGV not in t.sighand  # back to SIG_DFL, as force_sig_info does
    m.run()
    assert t.state is TaskState.ZOMBIE and t.exit_code == Sig.SIGSEGV


def test_kill_pgrp_reaches_its_group_only() -> None:
    m, k, sh = boot()
    a, b = spawn(m, sh, 0), spawn(m, sh, 0)
    a.pgrp = a.pid
    kill_pgrp(k, a.pid, Sig.SIGUSR1)
    m.run()
    assert a.state is TaskState.ZOMBIE and a.exit_code == Sig.SIGUSR1
    assert b.state is TaskState.RUNNING and not b.pending
