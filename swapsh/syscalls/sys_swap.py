"""swapon(2) and swapoff(2) (models mm/swapfile.c's syscall entry points)."""

from __future__ import annotations

from swapsh.kernel.kernel import Kernel
from swapsh.kernel.mm import swapfile
from swapsh.kernel.task import TaskStruct
from swapsh.syscalls.abi import arg_int, getname
from swapsh.syscalls.table import NR, syscall

__all__ = [
    "sys_swapoff",
    "sys_swapon",
]


@syscall(NR.swapon)
def sys_swapon(k: Kernel, tsk: TaskStruct, path: str, flags: int) -> int:
    return swapfile.sys_swapon(k, tsk, getname(path), arg_int(flags))


@syscall(NR.swapoff, sleeps=True)
async def sys_swapoff(k: Kernel, tsk: TaskStruct, path: str) -> int:
    return await swapfile.sys_swapoff(k, tsk, getname(path))
