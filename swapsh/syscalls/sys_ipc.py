"""SysV IPC system calls (models ipc/shm.c: sys_shmget, sys_shmat, sys_shmdt,
sys_shmctl). Semaphores and message queues are not modelled."""

from __future__ import annotations

from swapsh.kernel.ipc.shm import ShmidDs, do_shmat, sys_shmctl, sys_shmdt, sys_shmget
from swapsh.kernel.kernel import Kernel
from swapsh.kernel.task import TaskStruct
from swapsh.syscalls.sys_fs import _int
from swapsh.syscalls.table import PARTIAL, syscall

__all__: list[str] = []


@syscall("shmget")
def sys_shmget_(k: Kernel, tsk: TaskStruct, key: object, size: object, shmflg: object) -> int:
    return sys_shmget(k, tsk, _int(key), _int(size), _int(shmflg))


@syscall("shmat")
def sys_shmat(k: Kernel, tsk: TaskStruct, shmid: object, shmaddr: object, shmflg: object) -> int:
    return do_shmat(k, tsk, _int(shmid), _int(shmaddr), _int(shmflg))


@syscall("shmdt")
def sys_shmdt_(k: Kernel, tsk: TaskStruct, shmaddr: object) -> int:
    return sys_shmdt(k, tsk, _int(shmaddr))


@syscall(
    "shmctl",
    PARTIAL,
    "IPC_STAT and IPC_RMID only (no IPC_SET, IPC_INFO, SHM_INFO, SHM_STAT, SHM_LOCK/SHM_UNLOCK)",
)
def sys_shmctl_(k: Kernel, tsk: TaskStruct, shmid: object, cmd: object) -> ShmidDs | int:
    return sys_shmctl(k, tsk, _int(shmid), _int(cmd))
