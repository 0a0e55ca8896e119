"""SysV shared memory (models ipc/shm.c and ipc/util.c, 2.6.25).

Segments live in the caller's ipc namespace. Each has a shmem file ("SYSV%08x") whose
pages are mapped shared by shmat() and reclaimed by shmem_writepage -- always to the
init swap namespace's areas, since its pages have no anon owner (mm/shmem.py).

Ids are 2.6.25's: the lowest free slot plus SEQ_MULTIPLIER times a sequence number
that advances with every new segment (0, 32769, 65538, ...). Every attach holds a
reference on its namespace (sfd->ns), so a namespace dies only when no task is in it
and nothing is attached; shm_exit_ns() then destroys its segments, freeing their
pages and swap entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from swapsh.kernel.cred import Cap, capable_cred
from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.ipc.namespace import put_ipc_ns
from swapsh.kernel.kref import kref_get
from swapsh.kernel.mm.mm_types import (
    VM_READ,
    VM_SHARED,
    VM_WRITE,
    ShmemInodeInfo,
    VmAreaStruct,
    VmOperations,
)
from swapsh.kernel.mm.mmap import TASK_UNMAPPED_BASE, do_munmap, free_range, insert_shared_vma
from swapsh.kernel.mm.shmem import shmem_aops, shmem_truncate
from swapsh.kernel.params import PAGE_SHIFT, PAGE_SIZE

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel
    from swapsh.kernel.namespaces import IpcNamespace
    from swapsh.kernel.task import TaskStruct

__all__ = [
    "IPC_CREAT",
    "IPC_EXCL",
    "IPC_PRIVATE",
    "IPC_RMID",
    "IPC_STAT",
    "SHM_RDONLY",
    "SHM_RND",
    "ShmidDs",
    "ShmidKernel",
    "do_shmat",
    "shm_exit_ns",
    "sys_shmctl",
    "sys_shmdt",
    "sys_shmget",
]

IPC_PRIVATE = 0
IPC_CREAT, IPC_EXCL = 0o1000, 0o2000
IPC_RMID, IPC_STAT = 0, 2
SHM_RDONLY, SHM_RND, SHM_REMAP = 0o10000, 0o20000, 0o40000
SHM_DEST = 0o1000  # shm_perm.mode: destroy at the last detach
SHMMIN, SHMMAX, SHMMNI = 1, 0x2000000, 4096  # include/linux/shm.h, 2.6.25
SHMALL = SHMMAX // PAGE_SIZE * (SHMMNI // 16)  # pages
SHMLBA = PAGE_SIZE
SEQ_MULTIPLIER = 32768  # IPCMNI
SEQ_MAX = 0x7FFFFFFF // SEQ_MULTIPLIER  # ipc_ids.seq_max


@dataclass(slots=True, eq=False, kw_only=True)
class ShmidKernel:
    """Linux: struct shmid_kernel with its kern_ipc_perm."""

    id: int  # ipc_buildid(slot, seq)
    key: int
    uid: int
    gid: int
    cuid: int
    cgid: int
    mode: int  # permission bits, plus SHM_DEST once removed while attached
    segsz: int
    cpid: int
    lpid: int = 0
    nattch: int = 0
    atime: int = 0
    dtime: int = 0
    ctime: int = 0
    file: ShmemInodeInfo
    ns: IpcNamespace


@dataclass(frozen=True, slots=True)
class ShmidDs:
    """Linux: struct shmid64_ds as IPC_STAT returns it."""

    key: int
    uid: int
    gid: int
    cuid: int
    cgid: int
    mode: int
    segsz: int
    atime: int
    dtime: int
    ctime: int
    cpid: int
    lpid: int
    nattch: int


class ShmVmOps(VmOperations):
    """Linux: shm_vm_ops: each vma of an attach counts in shm_nattch (shm_open and
    shm_close) and holds its namespace."""

    def __init__(self, k: Kernel, shp: ShmidKernel) -> None:
        self.k, self.shp = k, shp

    def open(self, vma: VmAreaStruct) -> None:
        shp = self.shp
        kref_get(shp.ns.kref)
        shp.atime = self.k.wall_seconds()
        shp.lpid = _current_pid(self.k)
        shp.nattch += 1

    def close(self, vma: VmAreaStruct) -> None:
        k, shp = self.k, self.shp
        shp.lpid = _current_pid(k)
        shp.dtime = k.wall_seconds()
        shp.nattch -= 1
        if shp.nattch == 0 and shp.mode & SHM_DEST:
            shm_destroy(k, shp)
        put_ipc_ns(k, shp.ns)


def _current_pid(k: Kernel) -> int:
    cur = k.sched.current
    return cur.pid if cur is not None else 0


def _ipcperms(tsk: TaskStruct, shp: ShmidKernel, flag: int) -> bool:
    """Linux: ipcperms(). Returns: whether access is granted."""
    requested = (flag >> 6) | (flag >> 3) | flag
    granted = shp.mode
    cred = tsk.cred
    if cred.euid in (shp.cuid, shp.uid):
        granted >>= 6
    elif shp.cgid in (cred.egid, *cred.groups) or shp.gid in (cred.egid, *cred.groups):
        granted >>= 3
    return not (requested & ~granted & 0o7) or capable_cred(cred, Cap.CAP_IPC_OWNER)


def _shm_lock_check(ns: IpcNamespace, shmid: int) -> ShmidKernel:
    """Linux: shm_lock_check(): EINVAL for no such slot, EIDRM for a stale id."""
    if shmid < 0:
        raise KernelError(Errno.EINVAL)
    shp = ns.shm_ids.get(shmid % SEQ_MULTIPLIER)
    if shp is None:
        raise KernelError(Errno.EINVAL)
    if shp.id != shmid:
        raise KernelError(Errno.EIDRM)
    return shp


def _newseg(k: Kernel, tsk: TaskStruct, ns: IpcNamespace, key: int, size: int, shmflg: int) -> int:
    """Linux: newseg()."""
    numpages = (size + PAGE_SIZE - 1) >> PAGE_SHIFT
    if size < SHMMIN or size > SHMMAX:
        raise KernelError(Errno.EINVAL)
    if ns.shm_tot + numpages > SHMALL:
        raise KernelError(Errno.ENOSPC)
    if len(ns.shm_ids) >= SHMMNI:
        raise KernelError(Errno.ENOSPC)
    slot = next(i for i in range(SHMMNI) if i not in ns.shm_ids)  # idr_get_new
    seq = ns.shm_seq
    ns.shm_seq = 0 if seq + 1 > SEQ_MAX else seq + 1
    cred = tsk.cred
    shp = ShmidKernel(
        id=SEQ_MULTIPLIER * seq + slot,
        key=key,
        uid=cred.euid,
        gid=cred.egid,
        cuid=cred.euid,
        cgid=cred.egid,
        mode=shmflg & 0o777,
        segsz=size,
        cpid=tsk.pid,
        ctime=k.wall_seconds(),
        file=ShmemInodeInfo(name=f"SYSV{key & 0xFFFFFFFF:08x}", size=size, a_ops=shmem_aops),
        ns=ns,
    )
    ns.shm_ids[slot] = shp
    ns.shm_tot += numpages
    return shp.id


def sys_shmget(k: Kernel, tsk: TaskStruct, key: int, size: int, shmflg: int) -> int:
    """Linux: sys_shmget() -> ipcget(). Returns: the segment's id.
    Raises: EINVAL, ENOSPC, ENOENT, EEXIST, EACCES."""
    ns = tsk.nsproxy.ipc_ns
    if key == IPC_PRIVATE:
        return _newseg(k, tsk, ns, key, size, shmflg)
    shp = next((s for s in ns.shm_ids.values() if s.key == key), None)
    if shp is None:
        if not shmflg & IPC_CREAT:
            raise KernelError(Errno.ENOENT)
        return _newseg(k, tsk, ns, key, size, shmflg)
    if shmflg & IPC_CREAT and shmflg & IPC_EXCL:
        raise KernelError(Errno.EEXIST)
    if not _ipcperms(tsk, shp, shmflg):
        raise KernelError(Errno.EACCES)
    if shp.segsz < size:  # shm_more_checks()
        raise KernelError(Errno.EINVAL)
    return shp.id


def do_shmat(k: Kernel, tsk: TaskStruct, shmid: int, shmaddr: int, shmflg: int) -> int:
    """Linux: do_shmat(). Map the segment shared, at shmaddr or where there is room.
    Returns: the address. Raises: EINVAL, EIDRM, EACCES, ENOMEM."""
    mm = tsk.mm
    if mm is None:
        raise KernelError(Errno.EINVAL)
    addr = shmaddr
    if addr & (SHMLBA - 1):
        if not shmflg & SHM_RND:
            raise KernelError(Errno.EINVAL)
        addr &= ~(SHMLBA - 1)
    elif not addr and shmflg & SHM_REMAP:
        raise KernelError(Errno.EINVAL)
    if shmflg & SHM_RDONLY:
        flags, acc_mode = VM_READ | VM_SHARED, 0o444
    else:
        flags, acc_mode = VM_READ | VM_WRITE | VM_SHARED, 0o666
    shp = _shm_lock_check(tsk.nsproxy.ipc_ns, shmid)
    if not _ipcperms(tsk, shp, acc_mode):
        raise KernelError(Errno.EACCES)
    length = (shp.segsz + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1)
    if addr:
        if any(v.vm_start < addr + length and addr < v.vm_end for v in mm.mmap):
            raise KernelError(Errno.EINVAL)  # find_vma_intersection() without SHM_REMAP
    else:
        addr = free_range(mm, length, TASK_UNMAPPED_BASE)
    insert_shared_vma(
        mm,
        VmAreaStruct(
            vm_mm=mm,
            vm_start=addr,
            vm_end=addr + length,
            vm_flags=flags,
            vm_file=shp.file,
            vm_ops=ShmVmOps(k, shp),
        ),
    )
    return addr


def sys_shmdt(k: Kernel, tsk: TaskStruct, shmaddr: int) -> int:
    """Linux: sys_shmdt(): unmap the attach that begins at shmaddr (every vma of that
    segment within its size). Raises: EINVAL if none does."""
    mm = tsk.mm
    if mm is None or shmaddr & (PAGE_SIZE - 1):
        raise KernelError(Errno.EINVAL)
    first = next(
        (
            v
            for v in mm.mmap
            if isinstance(v.vm_ops, ShmVmOps) and v.vm_start - shmaddr == v.vm_pgoff << PAGE_SHIFT
        ),
        None,
    )
    if first is None:
        raise KernelError(Errno.EINVAL)
    end = shmaddr + first.vm_ops.shp.segsz  # type: ignore[union-attr]
    for vma in [v for v in mm.mmap if v.vm_file is first.vm_file and shmaddr <= v.vm_start < end]:
        do_munmap(k, mm, vma.vm_start, vma.vm_end - vma.vm_start)
    return 0


def sys_shmctl(k: Kernel, tsk: TaskStruct, shmid: int, cmd: int) -> ShmidDs | int:
    """Linux: sys_shmctl() for IPC_STAT and IPC_RMID. Raises: EINVAL (other
    commands, bad id), EIDRM, EACCES, EPERM."""
    ns = tsk.nsproxy.ipc_ns
    if cmd == IPC_STAT:
        shp = _shm_lock_check(ns, shmid)
        if not _ipcperms(tsk, shp, 0o444):
            raise KernelError(Errno.EACCES)
        return ShmidDs(
            key=shp.key,
            uid=shp.uid,
            gid=shp.gid,
            cuid=shp.cuid,
            cgid=shp.cgid,
            mode=shp.mode,
            segsz=shp.segsz,
            atime=shp.atime,
            dtime=shp.dtime,
            ctime=shp.ctime,
            cpid=shp.cpid,
            lpid=shp.lpid,
            nattch=shp.nattch,
        )
    if cmd == IPC_RMID:
        shp = _shm_lock_check(ns, shmid)
        euid = tsk.cred.euid
        if euid not in (shp.uid, shp.cuid) and not capable_cred(tsk.cred, Cap.CAP_SYS_ADMIN):
            raise KernelError(Errno.EPERM)
        do_shm_rmid(k, shp)
        return 0
    raise KernelError(Errno.EINVAL)


def do_shm_rmid(k: Kernel, shp: ShmidKernel) -> None:
    """Linux: do_shm_rmid(): attached, the segment is marked for destruction and its
    key made private; else it is destroyed now."""
    if shp.nattch:
        shp.mode |= SHM_DEST
        shp.key = IPC_PRIVATE
    else:
        shm_destroy(k, shp)


def shm_destroy(k: Kernel, shp: ShmidKernel) -> None:
    """Linux: shm_destroy(): the id goes and the file with it (shmem_truncate frees its
    pages and swap entries)."""
    ns = shp.ns
    ns.shm_tot -= (shp.segsz + PAGE_SIZE - 1) >> PAGE_SHIFT
    del ns.shm_ids[shp.id % SEQ_MULTIPLIER]
    shmem_truncate(k, shp.file)


def shm_exit_ns(k: Kernel, ns: IpcNamespace) -> None:
    """Linux: shm_exit_ns(), from free_ipc_ns(): every segment is removed."""
    for shp in list(ns.shm_ids.values()):
        do_shm_rmid(k, shp)
