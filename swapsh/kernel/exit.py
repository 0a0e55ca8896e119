"""Task exit and wait (models kernel/exit.c: do_exit, exit_notify, do_wait)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.fs.file import fput
from swapsh.kernel.mm.mmap import exit_mm
from swapsh.kernel.nsproxy import switch_task_namespaces
from swapsh.kernel.panic import panic
from swapsh.kernel.sched import sleep_on, wake_up
from swapsh.kernel.signal import W_CONTINUED, Sig, kill_orphaned_pgrp, send_sig_info
from swapsh.kernel.task import TaskExit, TaskState, TaskStruct

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel

__all__ = ["WCONTINUED", "WNOHANG", "WUNTRACED", "TaskExit", "do_exit", "do_wait"]

# include/linux/wait.h
WNOHANG, WUNTRACED, WCONTINUED = 1, 2, 8


def exit_files(k: Kernel, tsk: TaskStruct) -> None:
    """Linux: exit_files(). Close every descriptor."""
    for f in tsk.files.fd:
        if f is not None:
            fput(k, f)
    tsk.files.fd = []


def disassociate_ctty(k: Kernel, tsk: TaskStruct) -> None:
    """Linux: disassociate_ctty(1) when a session leader exits: hang up the
    foreground group and free the terminal. The terminal remembers how the
    session ended, so the front-end can end when its login shell does."""
    tty = tsk.tty
    if tty is None or tty.session != tsk.pid:
        return
    for t in k.tasks.values():
        if t.pgrp == tty.pgrp and t is not tsk and t.state is not TaskState.ZOMBIE:
            send_sig_info(k, Sig.SIGHUP, t)
    tty.session = 0
    tty.pgrp = 0
    tty.session_exit = tsk.exit_code


def do_exit(k: Kernel, tsk: TaskStruct, status: int) -> None:
    """Linux: do_exit(). Release what the task holds and become a zombie.

    Order as in 2.6.25: mm (its pages and swap entries are freed), files, fs,
    namespaces (the last nsproxy reference may free a swap namespace and release its
    swap file), then notify the parent.
    """
    if tsk.pid == 1:
        panic(k, "Attempted to kill init!")
    tsk.exit_code = status
    exit_mm(k, tsk)
    exit_files(k, tsk)
    switch_task_namespaces(k, tsk, None)
    disassociate_ctty(k, tsk)
    exit_notify(k, tsk)


def exit_notify(k: Kernel, tsk: TaskStruct) -> None:
    """Linux: exit_notify(). Reparent children to init (forget_original_parent), wake
    the parent. A process group this exit orphans with a stopped member -- tsk's own,
    or a child's now that tsk no longer ties it to the session -- gets SIGHUP and
    SIGCONT (kill_orphaned_pgrp), as when a login shell exits leaving a job stopped."""
    init = k.tasks[1]
    for child in tsk.children:
        child.parent = init
        init.children.append(child)
        if child.state is TaskState.ZOMBIE:
            wake_up(k.sched, init.wait_chldexit)
        elif child.pgrp != tsk.pgrp and child.session == tsk.session:
            kill_orphaned_pgrp(k, child, tsk)
    tsk.children = []
    kill_orphaned_pgrp(k, tsk, None)
    tsk.state = TaskState.ZOMBIE
    parent = tsk.parent
    if parent is not None:
        wake_up(k.sched, parent.wait_chldexit)


def release_task(k: Kernel, tsk: TaskStruct) -> None:
    """Linux: release_task(). Reap a zombie: its pid becomes free."""
    tsk.state = TaskState.DEAD
    if tsk.parent is not None:
        tsk.parent.children.remove(tsk)
    del k.tasks[tsk.pid]


async def do_wait(k: Kernel, tsk: TaskStruct, pid: int, options: int) -> tuple[int, int]:
    """Linux: do_wait() for wait4(pid, options): -1 any child, >0 that child,
    0 the caller's process group, < -1 process group -pid.

    WUNTRACED also reports a child that stopped, once ((signal << 8) | 0x7f), and
    WCONTINUED one that SIGCONT resumed, once (0xffff).

    Returns: (pid, wait status), or (0, 0) with WNOHANG and nothing to report.
    Raises: ECHILD (no such child), ERESTARTSYS (a signal arrived while waiting).
    """
    while True:
        kids = [c for c in tsk.children if _wait_matches(c, pid, tsk)]
        if not kids:
            raise KernelError(Errno.ECHILD)
        for c in kids:
            if c.state is TaskState.ZOMBIE:  # wait_task_zombie: its time is ours now
                tsk.cstime_ns += c.se_sum_exec_runtime + c.cstime_ns
                release_task(k, c)
                return c.pid, c.exit_code
            if options & WUNTRACED and c.state is TaskState.STOPPED and c.stop_code:
                code, c.stop_code = c.stop_code, 0  # wait_task_stopped
                return c.pid, (code << 8) | 0x7F
            if options & WCONTINUED and c.continued:
                c.continued = False  # wait_task_continued
                return c.pid, W_CONTINUED
        if options & WNOHANG:
            return 0, 0
        if tsk.signal_pending():
            raise KernelError(Errno.ERESTARTSYS)
        await sleep_on(tsk.wait_chldexit)


def _wait_matches(c: TaskStruct, pid: int, tsk: TaskStruct) -> bool:
    if pid == -1:
        return True
    if pid > 0:
        return c.pid == pid
    if pid == 0:
        return c.pgrp == tsk.pgrp
    return c.pgrp == -pid
