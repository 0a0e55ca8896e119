"""Signals: numbers, default actions, sending and delivery (models kernel/signal.c,
subset).

User handlers are not modelled as code: a signal is ignored (SIG_IGN, or ignored by
default), kills the task (SIG_DFL), stops it (SIG_DFL of SIGSTOP, SIGTSTP, SIGTTIN,
SIGTTOU, until SIGCONT), or is caught (SIG_CATCH, swapsh's stand-in for a handler
that only notes the signal): a caught signal interrupts a sleeping system call with
EINTR and is then forgotten, so the program sees the EINTR and acts on it, as bash
does on ^C at its prompt.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

from swapsh.kernel.sched import sleep_uninterruptible, wake_up
from swapsh.kernel.task import TaskExit, TaskState, TaskStruct

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel

__all__ = [
    "SIG_CATCH",
    "SIG_DFL",
    "SIG_IGN",
    "Sig",
    "fatal_signal_pending",
    "force_sig_info",
    "get_signal_to_deliver",
    "ignore_signals",
    "is_orphaned_pgrp",
    "kill_orphaned_pgrp",
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
SIG_KERNEL_STOP = frozenset({Sig.SIGSTOP, Sig.SIGTSTP, Sig.SIGTTIN, Sig.SIGTTOU})
# SIGQUIT ILL TRAP ABRT BUS FPE SEGV XCPU XFSZ SYS: their default action dumps core
SIG_KERNEL_COREDUMP = frozenset({3, 4, 5, 6, 7, 8, 11, 24, 25, 31})
# wait status of a continued child (include/linux/wait.h's __W_CONTINUED)
W_CONTINUED = 0xFFFF


def sig_default_ignored(sig: int) -> bool:
    """Linux: sig_kernel_ignore()."""
    return sig in _IGNORED_BY_DEFAULT


def sig_fatal(tsk: TaskStruct, sig: int) -> bool:
    """Linux: sig_fatal(): the default action, and it is neither ignore nor stop."""
    return (
        tsk.sighand.get(sig, SIG_DFL) == SIG_DFL
        and not sig_default_ignored(sig)
        and sig not in SIG_KERNEL_STOP
    )


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


def fatal_signal_pending(tsk: TaskStruct) -> bool:
    """Linux: fatal_signal_pending(): a pending signal will end the task (2.6.25
    turns such a signal into SIGKILL as it is sent; the model keeps its number)."""
    return any(s == Sig.SIGKILL or sig_fatal(tsk, s) for s in tsk.pending)


def handle_stop_signal(k: Kernel, sig: int, tsk: TaskStruct) -> None:
    """Linux: handle_stop_signal(), before the signal is queued (and even when it will
    be ignored): a stop signal cancels a pending SIGCONT; SIGCONT cancels pending stop
    signals and resumes a stopped task, telling its parent (CLD_CONTINUED)."""
    if sig in SIG_KERNEL_STOP:
        tsk.pending.discard(Sig.SIGCONT)
    elif sig == Sig.SIGCONT:
        tsk.pending.difference_update(SIG_KERNEL_STOP)
        if tsk.state is TaskState.STOPPED:
            tsk.state = TaskState.RUNNING
            tsk.stop_code = 0
            tsk.continued = True
            k.sched.wake_task(tsk)
            do_notify_parent_cldstop(k, tsk)


def specific_send_sig_info(k: Kernel, sig: int, tsk: TaskStruct) -> None:
    """Linux: specific_send_sig_info(): send_signal() queues sig (one pending bit per
    signal, as for non-realtime signals) and signal_wake_up() makes tsk runnable if it
    sleeps. A stopped task wakes only for a signal that will kill it (2.6.25's
    __group_complete_signal: SIGKILL, or a fatal signal that dumps no core). A task
    that has exited gets nothing. siginfo is not modelled."""
    if tsk.state in (TaskState.ZOMBIE, TaskState.DEAD):
        return
    handle_stop_signal(k, sig, tsk)
    if sig_ignored(tsk, sig):
        return
    tsk.pending.add(sig)
    if tsk.state is TaskState.STOPPED:
        if sig != Sig.SIGKILL and not (sig_fatal(tsk, sig) and sig not in SIG_KERNEL_COREDUMP):
            return
        tsk.state = TaskState.RUNNING
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


def will_become_orphaned_pgrp(k: Kernel, pgrp: int, ignored: TaskStruct | None) -> bool:
    """Linux: will_become_orphaned_pgrp(): no member (but ignored) has a parent in
    another process group of the same session, init aside (POSIX's orphaned group:
    nobody left to continue it)."""
    for p in k.tasks.values():
        if p.pgrp != pgrp or p is ignored or p.state in (TaskState.ZOMBIE, TaskState.DEAD):
            continue
        parent = p.parent
        if parent is None or parent.pid == 1:
            continue
        if parent.pgrp != pgrp and parent.session == p.session:
            return False
    return True


def is_orphaned_pgrp(k: Kernel, pgrp: int) -> bool:
    """Linux: is_orphaned_pgrp()."""
    return will_become_orphaned_pgrp(k, pgrp, None)


def kill_orphaned_pgrp(k: Kernel, tsk: TaskStruct, parent: TaskStruct | None) -> None:
    """Linux: kill_orphaned_pgrp(). tsk exits (parent None: its own parent is what
    tied its group to the session) or is reparented away from parent: if that leaves
    tsk's process group orphaned with a stopped member, the group gets SIGHUP then
    SIGCONT (POSIX: nobody could ever continue it)."""
    ignored: TaskStruct | None = None
    if parent is None:
        parent, ignored = tsk.parent, tsk
    if parent is None:
        return
    pgrp = tsk.pgrp
    if (
        parent.pgrp != pgrp
        and parent.session == tsk.session
        and will_become_orphaned_pgrp(k, pgrp, ignored)
        and any(t.pgrp == pgrp and t.state is TaskState.STOPPED for t in k.tasks.values())
    ):
        kill_pgrp(k, pgrp, Sig.SIGHUP)
        kill_pgrp(k, pgrp, Sig.SIGCONT)


def do_notify_parent_cldstop(k: Kernel, tsk: TaskStruct) -> None:
    """Linux: do_notify_parent_cldstop() for CLD_STOPPED and CLD_CONTINUED: wake a
    parent in wait4 (__wake_up_parent). SIGCHLD itself is not sent, as at exit: the
    model's programs wait for their children rather than catch it."""
    if tsk.parent is not None:
        wake_up(k.sched, tsk.parent.wait_chldexit)


async def do_signal_stop(k: Kernel, tsk: TaskStruct, sig: int) -> None:
    """Linux: do_signal_stop(): stop until SIGCONT (or a signal that kills), the
    parent told first so that a WUNTRACED wait sees the stop."""
    tsk.state = TaskState.STOPPED
    tsk.stop_code = sig
    tsk.continued = False
    do_notify_parent_cldstop(k, tsk)
    while tsk.state is TaskState.STOPPED:
        await sleep_uninterruptible(tsk.stop_wait)


async def get_signal_to_deliver(k: Kernel, tsk: TaskStruct) -> None:
    """Linux: get_signal_to_deliver() on the way back to user mode: take the pending
    signals lowest first. A caught or ignored one is dropped (no handler code runs);
    a stop signal stops the task (SIGTSTP, SIGTTIN and SIGTTOU not when its process
    group is orphaned); a fatal one ends it (raises TaskExit)."""
    while tsk.pending:
        sig = min(tsk.pending)
        tsk.pending.discard(sig)
        if sig != Sig.SIGKILL and (
            tsk.sighand.get(sig, SIG_DFL) != SIG_DFL or sig_default_ignored(sig)
        ):
            continue
        if sig in SIG_KERNEL_STOP:
            if sig == Sig.SIGSTOP or not is_orphaned_pgrp(k, tsk.pgrp):
                await do_signal_stop(k, tsk, sig)
            continue
        raise TaskExit(sig)


def signame(sig: int) -> str:
    try:
        return Sig(sig).name
    except ValueError:
        return f"SIG{sig}"
