"""The task structure (models include/linux/sched.h: struct task_struct, subset)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from enum import Enum, IntFlag
from typing import TYPE_CHECKING, Any

from swapsh.kernel.cred import Cred
from swapsh.kernel.sched import WaitQueue

if TYPE_CHECKING:
    from swapsh.kernel.fs.file import FilesStruct
    from swapsh.kernel.fs.inode import Inode
    from swapsh.kernel.mm.mm_types import MmStruct
    from swapsh.kernel.nsproxy import NsProxy
    from swapsh.kernel.tty import TtyStruct

__all__ = ["CloneFlags", "FsStruct", "TaskExit", "TaskState", "TaskStruct"]


class CloneFlags(IntFlag):
    """Linux: the CLONE_* flags (include/linux/sched.h, 2.6.25), plus the patch's
    CLONE_NEWSWAP in the high word that clone64 carries (cloneflags_hi)."""

    CLONE_VM = 0x00000100
    CLONE_FS = 0x00000200
    CLONE_FILES = 0x00000400
    CLONE_SIGHAND = 0x00000800
    CLONE_PTRACE = 0x00002000
    CLONE_VFORK = 0x00004000
    CLONE_PARENT = 0x00008000
    CLONE_THREAD = 0x00010000
    CLONE_NEWNS = 0x00020000
    CLONE_SYSVSEM = 0x00040000
    CLONE_SETTLS = 0x00080000
    CLONE_PARENT_SETTID = 0x00100000
    CLONE_CHILD_CLEARTID = 0x00200000
    CLONE_DETACHED = 0x00400000
    CLONE_UNTRACED = 0x00800000
    CLONE_CHILD_SETTID = 0x01000000
    CLONE_STOPPED = 0x02000000
    CLONE_NEWUTS = 0x04000000
    CLONE_NEWIPC = 0x08000000
    CLONE_NEWUSER = 0x10000000
    CLONE_NEWPID = 0x20000000
    CLONE_NEWNET = 0x40000000
    CLONE_IO = 0x80000000
    CLONE_NEWSWAP = 0x100000000
    CLONE_SWAPNS = CLONE_NEWSWAP  # the name in the seed's prose


class TaskExit(BaseException):
    """Unwinds a task's coroutine to its entry point: exit(), execve's end, a fatal signal.

    A BaseException so that programs catching Exception cannot swallow it.
    """

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status  # wait status: (code << 8) or the signal number


class TaskState(Enum):
    """Linux: TASK_RUNNING, TASK_STOPPED, EXIT_ZOMBIE, EXIT_DEAD. A task in
    TASK_INTERRUPTIBLE is RUNNING with sleeping_on set: the wait queue it sleeps on is
    its state."""

    RUNNING = "R"  # TASK_RUNNING, or TASK_INTERRUPTIBLE when sleeping_on is set
    STOPPED = "T"  # a stop signal's default action; only SIGCONT or SIGKILL ends it
    ZOMBIE = "Z"
    DEAD = "X"


@dataclass(slots=True, eq=False, kw_only=True)
class FsStruct:
    """Linux: struct fs_struct. Owned by one task (CLONE_FS is not modelled)."""

    cwd: Inode  # working directory
    cwd_path: str  # its absolute path, kept beside it (the model has no dentries)
    umask: int = 0o022


@dataclass(slots=True, eq=False, kw_only=True, repr=False)
class TaskStruct:
    """Linux: struct task_struct (include/linux/sched.h)."""

    pid: int  # immutable
    tgid: int  # immutable; threads are not modelled, so tgid == pid
    comm: str  # executable name, 15 chars at most; owned by the task
    parent: TaskStruct | None  # protected by: tasklist_lock
    children: list[TaskStruct] = field(default_factory=list)  # protected by: tasklist_lock
    state: TaskState = TaskState.RUNNING  # owned by the scheduler
    exit_code: int = 0  # wait status once a zombie
    stop_code: int = 0  # the stop signal not yet reported to a WUNTRACED wait (0: none)
    continued: bool = False  # a SIGCONT not yet reported to a WCONTINUED wait
    cred: Cred  # replaced whole on setuid (no lock: one CPU, no preemption inside)
    nsproxy: NsProxy  # protected by: task_lock; one counted reference
    fs: FsStruct  # owned by the task
    mm: MmStruct | None = None  # the address space; None for kernel threads
    files: FilesStruct  # owned by the task
    sighand: dict[int, int] = field(default_factory=dict)  # SIG_IGN / SIG_CATCH entries
    pending: set[int] = field(default_factory=set)  # pending signals
    pgrp: int = 0  # process group id
    session: int = 0  # session id
    tty: TtyStruct | None = None  # controlling terminal
    argv: list[str] = field(default_factory=list)  # for /proc/<pid>/cmdline
    coro: Coroutine[Any, Any, None] | None = None  # the task's code; None once it has ended
    sleeping_on: WaitQueue | None = None  # the wait queue it sleeps on, if any
    wait_chldexit: WaitQueue = field(default_factory=lambda: WaitQueue(name="wait_chldexit"))
    stop_wait: WaitQueue = field(default_factory=lambda: WaitQueue(name="stopped"))
    # what an ERESTART_RESTARTBLOCK call runs when it is restarted (nanosleep's rest)
    restart_block: Callable[[], Awaitable[int]] | None = None
    se_sum_exec_runtime: int = 0  # simulated ns on the CPU
    cstime_ns: int = 0  # signal->cstime: CPU time of the reaped children and theirs
    start_time_ns: int = 0  # simulated boot-relative start time
    flags: int = 0  # PF_* flags

    def __repr__(self) -> str:
        # short: the generated repr walks parent, children and wait queues without end
        return f"<task {self.pid} {self.comm} {self.state_char}>"

    def signal_pending(self) -> bool:
        return bool(self.pending)

    @property
    def state_char(self) -> str:
        if self.state is TaskState.RUNNING and self.sleeping_on is not None:
            return "S"
        return self.state.value
