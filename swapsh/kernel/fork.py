"""Creating tasks (models kernel/fork.c: copy_process, do_fork, with the patch's
clone64 checks for CLONE_NEWSWAP)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from swapsh.kernel.bug import KernelBug
from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.exit import TaskExit, do_exit
from swapsh.kernel.fs.file import FilesStruct
from swapsh.kernel.mm.mmap import dup_mm
from swapsh.kernel.mm.swap_namespace import CLONE_NEWSWAP
from swapsh.kernel.nsproxy import (
    CLONE_NEWIPC,
    CLONE_NEWNS,
    CLONE_NEWPID,
    copy_namespaces,
    put_nsproxy,
)
from swapsh.kernel.printk import KERN_ERR
from swapsh.kernel.signal import Sig
from swapsh.kernel.task import FsStruct, TaskStruct

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel

__all__ = [
    "CLONE_FILES",
    "CLONE_FS",
    "CLONE_SIGHAND",
    "CLONE_THREAD",
    "CLONE_VM",
    "UNMODELLED_CLONE_FLAGS",
    "copy_process",
    "task_entry",
]

CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND = 0x100, 0x200, 0x400, 0x800
CLONE_PTRACE, CLONE_VFORK, CLONE_PARENT, CLONE_THREAD = 0x2000, 0x4000, 0x8000, 0x10000
CLONE_SYSVSEM, CLONE_SETTLS = 0x40000, 0x80000
CLONE_IO = 0x80000000
# Sharing flags the model does not implement: each task owns its own copy.
UNMODELLED_CLONE_FLAGS = (
    CLONE_VM
    | CLONE_FS
    | CLONE_FILES
    | CLONE_SIGHAND
    | CLONE_PTRACE
    | CLONE_VFORK
    | CLONE_PARENT
    | CLONE_THREAD
    | CLONE_SYSVSEM
    | CLONE_SETTLS
    | CLONE_IO
)
PID_MAX_DEFAULT, RESERVED_PIDS = 0x8000, 300

TaskFn = Callable[[], Awaitable[int]]


def check_clone_flags(k: Kernel, flags: int) -> None:
    """The flag checks at the top of copy_process(), and the patch's two.

    Raises: EINVAL.
    """
    if flags & (CLONE_NEWNS | CLONE_FS) == CLONE_NEWNS | CLONE_FS:
        raise KernelError(Errno.EINVAL)
    if flags & CLONE_THREAD and not flags & CLONE_SIGHAND:
        raise KernelError(Errno.EINVAL)
    if flags & CLONE_SIGHAND and not flags & CLONE_VM:
        raise KernelError(Errno.EINVAL)
    if flags & CLONE_NEWPID and flags & CLONE_THREAD:
        raise KernelError(Errno.EINVAL)
    if flags & CLONE_NEWSWAP:
        # The patch: a swap namespace needs its own ipc namespace (shm pages are
        # swapped by ipc namespace) and no mm shared with another namespace.
        if not flags & CLONE_NEWIPC:
            raise KernelError(Errno.EINVAL, "CLONE_NEWSWAP without CLONE_NEWIPC")
        if flags & CLONE_VM:
            raise KernelError(Errno.EINVAL, "CLONE_NEWSWAP with CLONE_VM")
    if flags & UNMODELLED_CLONE_FLAGS:
        raise KernelError(Errno.EINVAL, "sharing clone flags are not modelled")


def alloc_pid(k: Kernel) -> int:
    """Linux: alloc_pidmap(). The next free pid after the last, wrapping to 300."""
    pid = k.last_pid
    for _ in range(PID_MAX_DEFAULT):
        pid += 1
        if pid >= PID_MAX_DEFAULT:
            pid = RESERVED_PIDS
        if pid not in k.tasks:
            k.last_pid = pid
            return pid
    raise KernelError(Errno.EAGAIN)


def copy_process(k: Kernel, parent: TaskStruct, flags: int, fn: TaskFn) -> TaskStruct:
    """Linux: copy_process() + wake_up_new_task(). The child runs fn.

    Returns: the new, runnable task. Raises: EINVAL, EPERM (namespaces), EAGAIN.
    """
    check_clone_flags(k, flags)
    child = TaskStruct(
        pid=0,
        tgid=0,
        comm=parent.comm,
        parent=parent,
        cred=parent.cred,
        nsproxy=parent.nsproxy,
        fs=FsStruct(cwd=parent.fs.cwd, cwd_path=parent.fs.cwd_path, umask=parent.fs.umask),
        files=FilesStruct(),
        sighand=dict(parent.sighand),
        pgrp=parent.pgrp,
        session=parent.session,
        tty=parent.tty,
        argv=list(parent.argv),
        start_time_ns=k.sched.clock_ns,
    )
    copy_namespaces(k, flags, child)
    try:
        pid = alloc_pid(k)  # after copy_namespaces, as in 2.6.25
    except KernelError:
        put_nsproxy(k, child.nsproxy)
        raise
    child.pid = child.tgid = pid
    child.files = parent.files.dup_table()
    if parent.mm is not None:
        child.mm = dup_mm(k, child, parent.mm)  # copy_mm(): a copy-on-write copy
    k.tasks[pid] = child
    parent.children.append(child)
    child.coro = task_entry(k, child, fn)
    k.sched.run_queue.append(child)
    return child


async def task_entry(k: Kernel, tsk: TaskStruct, fn: TaskFn) -> None:
    """Where every task starts and ends: run fn, then do_exit with its status.

    A Python exception escaping a program is a bug in swapsh's userland; the task
    dies of SIGSEGV with a kernel log line naming the error, and the machine goes on.
    """
    try:
        code = await fn()
        status = (code & 0xFF) << 8
    except TaskExit as e:
        status = e.status
    except KernelBug:
        raise
    except Exception as e:  # a userland bug: the task dies, the machine goes on
        k.printk(
            KERN_ERR, f"swapsh: {tsk.comm}[{tsk.pid}]: internal error: {type(e).__name__}: {e}"
        )
        status = int(Sig.SIGSEGV)
    do_exit(k, tsk, status)
