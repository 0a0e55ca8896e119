"""The syscall table: every call userland can make, by its x86_64 number, how
completely it is modelled, and its handler (models arch/x86/kernel/syscall_table_64.c
and include/asm-x86/unistd_64.h, with gVisor's habit of declaring support per call).

Each handler is registered once, by number, with `@syscall(NR.x)`; the decorator
returns a typed handle, `Syscall[P, R]`, whose parameters P and result R are the
handler's own (less the kernel and task it runs on). Userland passes the handle to
the gate (swapsh/syscalls/unistd.py names them as <sys/syscall.h> does), so mypy
checks every call's name and argument types. A number with no handler is ENOSYS,
as sys_ni_syscall is. To see the table, read SYSCALLS (number -> Syscall with its
support and note); tests/unit/test_syscall_table.py checks it against the
x86_64 list in unistd_64.py.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from enum import Enum, IntEnum
from typing import (
    TYPE_CHECKING,
    Any,
    Concatenate,
    Generic,
    Literal,
    ParamSpec,
    Protocol,
    TypeVar,
    overload,
)

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel
    from swapsh.kernel.task import TaskStruct

__all__ = [
    "NR",
    "PARTIAL",
    "SUPPORTED",
    "SYSCALLS",
    "Support",
    "Syscall",
    "syscall",
]

P = ParamSpec("P")
R = TypeVar("R")


class Support(Enum):
    SUPPORTED = "supported"
    PARTIAL = "partial"


SUPPORTED, PARTIAL = Support.SUPPORTED, Support.PARTIAL


class NR(IntEnum):
    """The __NR_* numbers of the calls the model implements (x86_64, Linux 2.6.25)."""

    read = 0
    write = 1
    open = 2
    close = 3
    stat = 4
    fstat = 5
    lstat = 6
    lseek = 8
    mmap = 9
    munmap = 11
    brk = 12
    rt_sigaction = 13
    ioctl = 16
    access = 21
    pipe = 22
    shmget = 29
    shmat = 30
    shmctl = 31
    dup = 32
    dup2 = 33
    pause = 34
    nanosleep = 35
    getpid = 39
    clone = 56
    execve = 59
    exit = 60
    wait4 = 61
    kill = 62
    uname = 63
    shmdt = 67
    fcntl = 72
    truncate = 76
    ftruncate = 77
    getdents = 78
    getcwd = 79
    chdir = 80
    mkdir = 83
    rmdir = 84
    unlink = 87
    readlink = 89
    chmod = 90
    umask = 95
    getrusage = 98
    sysinfo = 99
    syslog = 103
    setpgid = 109
    getppid = 110
    getpgrp = 111
    setsid = 112
    getgroups = 115
    setgroups = 116
    setresuid = 117
    getresuid = 118
    setresgid = 119
    getresgid = 120
    swapon = 167
    swapoff = 168
    sethostname = 170
    clock_gettime = 228
    utimes = 235
    unshare = 272


@dataclass(frozen=True, slots=True, eq=False)
class Syscall(Generic[P, R]):
    """One entry of the table: a typed handle on a handler.

    fn(kernel, task, *args) returns R, or (when is_async) may return an awaitable
    of R instead: a call that may sleep costs a coroutine only when it does.
    """

    nr: int  # __NR_*, a plain int: the gate looks it up on every call
    name: str  # the name after __NR_
    fn: Callable[Concatenate[Kernel, TaskStruct, P], R | Awaitable[R]]
    is_async: bool  # whether fn may return an awaitable (the call may sleep)
    support: Support
    note: str  # what a PARTIAL call leaves out


SYSCALLS: dict[int, Syscall[..., object]] = {}


class _RegisterSleeping(Protocol):
    """What @syscall(..., sleeps=True) returns: an async def handler gives its
    coroutine's result type; one that sleeps only sometimes returns R | Awaitable[R]."""

    @overload
    def __call__(
        self, fn: Callable[Concatenate[Kernel, TaskStruct, P], Coroutine[Any, Any, R]]
    ) -> Syscall[P, R]: ...

    @overload
    def __call__(
        self, fn: Callable[Concatenate[Kernel, TaskStruct, P], R | Awaitable[R]]
    ) -> Syscall[P, R]: ...


@overload
def syscall(
    nr: NR, support: Support = ..., note: str = ..., *, sleeps: Literal[False] = ...
) -> Callable[[Callable[Concatenate[Kernel, TaskStruct, P], R]], Syscall[P, R]]: ...


@overload
def syscall(
    nr: NR, support: Support = ..., note: str = ..., *, sleeps: Literal[True]
) -> _RegisterSleeping: ...


def syscall(
    nr: NR, support: Support = SUPPORTED, note: str = "", *, sleeps: bool = False
) -> Callable[[Callable[..., Any]], Syscall[..., Any]]:
    """Register the decorated handler as system call nr; the name becomes its handle.
    sleeps: the handler may return an awaitable (an async def, or a call that sleeps
    only sometimes). Raises: ValueError if nr already has a handler."""

    def register(fn: Callable[..., Any]) -> Syscall[..., Any]:
        if nr in SYSCALLS:
            raise ValueError(f"__NR_{nr.name} ({int(nr)}) registered twice")
        entry: Syscall[..., Any] = Syscall(int(nr), nr.name, fn, sleeps, support, note)
        SYSCALLS[int(nr)] = entry
        return entry

    return register
