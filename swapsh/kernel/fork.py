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
from swapsh.kernel.nsproxy import copy_namespaces, put_nsproxy
from swapsh.kernel.params import PF_KTHREAD
from swapsh.kernel.printk import KERN_ALERT
from swapsh.kernel.sched import WaitQueue, sleep_on
from swapsh.kernel.signal import Sig
from swapsh.kernel.task import CloneFlags, FsStruct, TaskStruct
from swapsh.kernel.traps import oops, userland_fault

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel

__all__ = [
    "UNMODELLED_CLONE_FLAGS",
    "copy_process",
    "task_entry",
]

# Sharing flags the model does not implement: each task owns its own copy.
UNMODELLED_CLONE_FLAGS = (
    CloneFlags.CLONE_VM
    | CloneFlags.CLONE_FS
    | CloneFlags.CLONE_FILES
    | CloneFlags.CLONE_SIGHAND
    | CloneFlags.CLONE_PTRACE
    | CloneFlags.CLONE_VFORK
    | CloneFlags.CLONE_PARENT
    | CloneFlags.CLONE_THREAD
    | CloneFlags.CLONE_SYSVSEM
    | CloneFlags.CLONE_SETTLS
    | CloneFlags.CLONE_IO
)
PID_MAX_DEFAULT, RESERVED_PIDS = 0x8000, 300

TaskFn = Callable[[], Awaitable[int]]


def check_clone_flags(k: Kernel, flags: int) -> None:
    """The flag checks at the top of copy_process(), and the patch's two.

    Raises: EINVAL.
    """
    f = CloneFlags(flags & ((1 << 64) - 1))  # (IntFlag: `in` tests every bit of the flag)
    if CloneFlags.CLONE_NEWNS in f and CloneFlags.CLONE_FS in f:
        raise KernelError(Errno.EINVAL)
    if CloneFlags.CLONE_THREAD in f and CloneFlags.CLONE_SIGHAND not in f:
        raise KernelError(Errno.EINVAL)
    if CloneFlags.CLONE_SIGHAND in f and CloneFlags.CLONE_VM not in f:
        raise KernelError(Errno.EINVAL)
    if CloneFlags.CLONE_NEWPID in f and CloneFlags.CLONE_THREAD in f:
        raise KernelError(Errno.EINVAL)
    if CloneFlags.CLONE_NEWSWAP in f:
        # The patch: a swap namespace needs its own ipc namespace (shm pages are
        # swapped by ipc namespace) and no mm shared with another namespace.
        if CloneFlags.CLONE_NEWIPC not in f:
            raise KernelError(Errno.EINVAL, "CLONE_NEWSWAP without CLONE_NEWIPC")
        if CloneFlags.CLONE_VM in f:
            raise KernelError(Errno.EINVAL, "CLONE_NEWSWAP with CLONE_VM")
    if f & UNMODELLED_CLONE_FLAGS:
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

    An exception escaping fn is a kernel oops if the task is a kernel thread (fn is
    kernel code), else a bug in swapsh's userland: the task dies of SIGSEGV either
    way and the machine goes on. Kernel code a user task runs (syscalls, faults)
    has its oopses caught where it entered the kernel (syscalls/entry.py).
    """
    try:
        code = await fn()
        status = (code & 0xFF) << 8
    except TaskExit as e:
        status = e.status
    except Exception as e:
        if tsk.flags & PF_KTHREAD or isinstance(e, KernelBug):  # kernel code failed
            oops(k, tsk, e)
            status = int(Sig.SIGSEGV)
        else:
            status = userland_fault(k, tsk, e)
    try:
        do_exit(k, tsk, status)
    except Exception as e:
        await _recursive_fault(k, tsk, e)


async def _recursive_fault(k: Kernel, tsk: TaskStruct, e: Exception) -> None:
    """An oops inside do_exit(): 2.6.25's do_exit() cannot run twice, so it says so
    and leaves the task asleep for good (TASK_UNINTERRUPTIBLE: signals are dropped)."""
    oops(k, tsk, e)
    k.printk(KERN_ALERT, "Fixing recursive fault but reboot is needed!")
    wq = WaitQueue(name="recursive fault")
    while True:
        tsk.pending.clear()
        await sleep_on(wq)
