"""SysV IPC system calls (models ipc/shm.c: sys_shmget, sys_shmat, sys_shmdt,
sys_shmctl). Semaphores and message queues are not modelled."""

from __future__ import annotations

from swapsh.kernel.ipc import shm
from swapsh.kernel.ipc.shm import ShmidDs
from swapsh.kernel.kernel import Kernel
from swapsh.kernel.task import TaskStruct
from swapsh.syscalls.abi import arg_int
from swapsh.syscalls.table import NR, PARTIAL, syscall

__all__ = [
    "sys_shmat",
    "sys_shmctl",
    "sys_shmdt",
    "sys_shmget",
]


@syscall(NR.shmget)
def sys_shmget(k: Kernel, tsk: TaskStruct, key: int, size: int, shmflg: int) -> int:
    return shm.sys_shmget(k, tsk, arg_int(key), arg_int(size), arg_int(shmflg))


@syscall(NR.shmat)
def sys_shmat(k: Kernel, tsk: TaskStruct, shmid: int, shmaddr: int, shmflg: int) -> int:
    return shm.do_shmat(k, tsk, arg_int(shmid), arg_int(shmaddr), arg_int(shmflg))


@syscall(NR.shmdt)
def sys_shmdt(k: Kernel, tsk: TaskStruct, shmaddr: int) -> int:
    return shm.sys_shmdt(k, tsk, arg_int(shmaddr))


@syscall(
    NR.shmctl,
    PARTIAL,
    "IPC_STAT and IPC_RMID only (no IPC_SET, IPC_INFO, SHM_INFO, SHM_STAT, SHM_LOCK/SHM_UNLOCK)",
)
def sys_shmctl(k: Kernel, tsk: TaskStruct, shmid: int, cmd: int) -> ShmidDs | int:
    return shm.sys_shmctl(k, tsk, arg_int(shmid), arg_int(cmd))
