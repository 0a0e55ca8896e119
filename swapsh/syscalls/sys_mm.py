"""Memory system calls (models mm/mmap.c sys_brk, sys_mmap, sys_munmap)."""

from __future__ import annotations

from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.kernel import Kernel
from swapsh.kernel.mm.mm_types import MmStruct
from swapsh.kernel.mm.mmap import do_brk, do_mmap, do_munmap
from swapsh.kernel.task import TaskStruct
from swapsh.syscalls.abi import arg_int
from swapsh.syscalls.table import NR, PARTIAL, syscall

__all__ = [
    "sys_brk",
    "sys_mmap",
    "sys_munmap",
]


def _mm(tsk: TaskStruct) -> MmStruct:
    if tsk.mm is None:
        raise KernelError(Errno.EFAULT)
    return tsk.mm


@syscall(NR.brk)
def sys_brk(k: Kernel, tsk: TaskStruct, addr: int) -> int:
    return do_brk(k, _mm(tsk), arg_int(addr))


@syscall(
    NR.mmap,
    PARTIAL,
    "anonymous private read-write mappings only (no files, no MAP_SHARED, no MAP_FIXED)",
)
def sys_mmap(k: Kernel, tsk: TaskStruct, length: int) -> int:
    return do_mmap(k, _mm(tsk), arg_int(length))


@syscall(NR.munmap)
def sys_munmap(k: Kernel, tsk: TaskStruct, addr: int, length: int) -> int:
    do_munmap(k, _mm(tsk), arg_int(addr), arg_int(length))
    return 0
