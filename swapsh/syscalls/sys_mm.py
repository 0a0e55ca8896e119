"""Memory system calls (models mm/mmap.c sys_brk, sys_mmap, sys_munmap)."""

from __future__ import annotations

from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.kernel import Kernel
from swapsh.kernel.mm.mm_types import MmStruct
from swapsh.kernel.mm.mmap import do_brk, do_mmap, do_munmap
from swapsh.kernel.task import TaskStruct
from swapsh.syscalls.sys_fs import _int
from swapsh.syscalls.table import PARTIAL, syscall

__all__: list[str] = []


def _mm(tsk: TaskStruct) -> MmStruct:
    if tsk.mm is None:
        raise KernelError(Errno.EFAULT)
    return tsk.mm


@syscall("brk")
def sys_brk(k: Kernel, tsk: TaskStruct, addr: object) -> int:
    return do_brk(k, _mm(tsk), _int(addr))


@syscall(
    "mmap",
    PARTIAL,
    "anonymous private read-write mappings only (no files, no MAP_SHARED, no MAP_FIXED)",
)
def sys_mmap(k: Kernel, tsk: TaskStruct, length: object) -> int:
    return do_mmap(k, _mm(tsk), _int(length))


@syscall("munmap")
def sys_munmap(k: Kernel, tsk: TaskStruct, addr: object, length: object) -> int:
    do_munmap(k, _mm(tsk), _int(addr), _int(length))
    return 0
