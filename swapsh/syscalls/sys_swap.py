"""swapon(2) and swapoff(2) (models mm/swapfile.c's syscall entry points)."""

from __future__ import annotations

from swapsh.kernel.kernel import Kernel
from swapsh.kernel.mm.swapfile import sys_swapoff, sys_swapon
from swapsh.kernel.task import TaskStruct
from swapsh.syscalls.sys_fs import _int, _path
from swapsh.syscalls.table import syscall

__all__: list[str] = []


@syscall("swapon")
def swapon(k: Kernel, tsk: TaskStruct, path: object, flags: object) -> int:
    return sys_swapon(k, tsk, _path(path), _int(flags))


@syscall("swapoff", sleeps=True)
async def swapoff(k: Kernel, tsk: TaskStruct, path: object) -> int:
    return await sys_swapoff(k, tsk, _path(path))
