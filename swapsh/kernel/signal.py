"""Signals: numbers, default actions, sending (models kernel/signal.c, subset).

User handlers are not modelled as code: a signal is ignored (SIG_IGN, or ignored by
default), kills the task (SIG_DFL), or is caught (SIG_CATCH, swapsh's stand-in for a
handler that only notes the signal): a caught signal interrupts a sleeping system
call with EINTR and is then forgotten, so the program sees the EINTR and acts on it,
as bash does on ^C at its prompt.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

from swapsh.kernel.task import TaskState, TaskStruct

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel

__all__ = [
    "SIG_CATCH",
    "SIG_DFL",
    "SIG_IGN",
    "Sig",
    "fatal_signal",
    "force_sig_info",
    "ignore_signals",
    "kill_pgrp",
    "send_sig_info",
    "sig_default_ignored",
    "sig_ignored",
    "signame",
    "specific_send_sig_info",
]


class Sig(IntEnum):
    """Linux: include/asm-x86/signal.h."""

    SIGHUP = 1
    SIGINT = 2
    SIGQUIT = 3
    SIGILL = 4
    SIGTRAP = 5
    SIGABRT = 6
    SIGBUS = 7
    SIGFPE = 8
    SIGKILL = 9
    SIGUSR1 = 10
    SIGSEGV = 11
    SIGUSR2 = 12
    SIGPIPE = 13
    SIGALRM = 14
    SIGTERM = 15
    SIGCHLD = 17
    SIGCONT = 18
    SIGSTOP = 19
    SIGTSTP = 20
    SIGTTIN = 21
    SIGTTOU = 22
    SIGWINCH = 28


SIG_DFL = 0
SIG_IGN = 1
SIG_CATCH = 2

_IGNORED_BY_DEFAULT = {Sig.SIGCHLD, Sig.SIGCONT, Sig.SIGWINCH}


def sig_default_ignored(sig: int) -> bool:
    """Linux: sig_kernel_ignore(). Stop signals are also treated as ignored here:
    job control (stopping tasks) is not modelled."""
    return sig in _IGNORED_BY_DEFAULT or sig in (Sig.SIGSTOP, Sig.SIGTSTP, Sig.SIGTTIN, Sig.SIGTTOU)


def sig_ignored(tsk: TaskStruct, sig: int) -> bool:
    """Linux: sig_ignored(): whether sending sig to tsk does nothing at all (blocked
    signals are not modelled).

    SIG_IGN drops any signal (2.6.25 has no exception for SIGKILL here; only kernel
    threads can have SIGKILL ignored, rt_sigaction refuses it). Global init gets no
    signal it has no handler for, SIGKILL included: 2.6.25 drops those when init
    would take them (get_signal_to_deliver), which is the same as not sending them.
    """
    action = tsk.sighand.get(sig, SIG_DFL)
    if action == SIG_IGN:
        return True
    return action == SIG_DFL and (sig_default_ignored(sig) or tsk.pid == 1)


def ignore_signals(tsk: TaskStruct) -> None:
    """Linux: ignore_signals(). kthreadd sets every action of a kernel thread to
    SIG_IGN, SIGKILL's too, and its threads inherit them: no signal reaches kswapd."""
    tsk.sighand = dict.fromkeys(range(1, 65), SIG_IGN)
    tsk.pending.clear()


def specific_send_sig_info(k: Kernel, sig: int, tsk: TaskStruct) -> None:
    """Linux: specific_send_sig_info(): send_signal() queues sig (one pending bit per
    signal, as for non-realtime signals) and signal_wake_up() makes tsk runnable if it
    sleeps. A task that has exited gets nothing. siginfo is not modelled."""
    if tsk.state in (TaskState.ZOMBIE, TaskState.DEAD) or sig_ignored(tsk, sig):
        return
    tsk.pending.add(sig)
    k.sched.wake_task(tsk)


def send_sig_info(k: Kernel, sig: int, tsk: TaskStruct) -> None:
    """Linux: send_sig_info(), and send_sig(): sig to one task, dropped if ignored.
    Threads are not modelled, so this is also group_send_sig_info() once the caller
    has checked permission (sys_kill does)."""
    specific_send_sig_info(k, sig, tsk)


def force_sig_info(k: Kernel, sig: int, tsk: TaskStruct) -> None:
    """Linux: force_sig_info(), and force_sig(): a signal the task cannot refuse (a
    fault's SIGSEGV, the OOM killer's SIGKILL). If it ignores sig, the action goes
    back to SIG_DFL first."""
    if tsk.sighand.get(sig, SIG_DFL) == SIG_IGN:
        del tsk.sighand[sig]
    specific_send_sig_info(k, sig, tsk)


def kill_pgrp(k: Kernel, pgrp: int, sig: int) -> None:
    """Linux: kill_pgrp() -> __kill_pgrp_info(): sig to every task of process group
    pgrp (the tty's ^C). No permission check: the kernel sends it."""
    for tsk in list(k.tasks.values()):
        if tsk.pgrp == pgrp:
            send_sig_info(k, sig, tsk)


def fatal_signal(tsk: TaskStruct) -> int | None:
    """The first pending signal whose action is to kill, if any: what
    get_signal_to_deliver() acts on when the task returns to user mode."""
    for sig in sorted(tsk.pending):
        if sig == Sig.SIGKILL:
            return sig
        if tsk.sighand.get(sig, SIG_DFL) != SIG_DFL or sig_default_ignored(sig):
            continue
        return sig
    return None


def signame(sig: int) -> str:
    try:
        return Sig(sig).name
    except ValueError:
        return f"SIG{sig}"
