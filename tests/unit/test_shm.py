"""SysV shared memory (ipc/shm.c and mm/shmem.c of 2.6.25) without a front-end: ids,
errors, sharing across attaches and fork, removal while attached, the ipc namespace
taking its segments with it, and swap: shm pages go to the init namespace's areas
whatever the swap namespace of the tasks using them, and come back at swapoff."""

from __future__ import annotations

import pytest

from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.ipc.shm import (
    IPC_CREAT,
    IPC_EXCL,
    IPC_PRIVATE,
    IPC_RMID,
    IPC_STAT,
    SHMMAX,
    ShmidDs,
    do_shmat,
    sys_shmctl,
    sys_shmdt,
    sys_shmget,
)
from swapsh.kernel.mm.memory import access_user
from swapsh.kernel.mm.mm_types import swp_type
from swapsh.kernel.mm.mmap import do_mmap
from swapsh.kernel.mm.swapfile import sys_swapon
from swapsh.kernel.task import CloneFlags, TaskStruct
from swapsh.machine import Machine
from tests.unit.kernel_helpers import boot, drive, kill, make_swapfile, spawn, swapoff

MB = 1 << 20


def _write(m: Machine, t: TaskStruct, addr: int, data: bytes) -> None:
    drive(m, t, access_user(m.kernel, t, addr, data=data))


def _read(m: Machine, t: TaskStruct, addr: int, n: int) -> bytes:
    return bytes(drive(m, t, access_user(m.kernel, t, addr, length=n)))


def _stat(m: Machine, t: TaskStruct, shmid: int) -> ShmidDs:
    ds = sys_shmctl(m.kernel, t, shmid, IPC_STAT)
    assert isinstance(ds, ShmidDs)
    return ds


def test_ids_follow_the_slot_and_sequence_rule() -> None:
    m, k, sh = boot()
    t = spawn(m, sh, 0)
    ids = [sys_shmget(k, t, IPC_PRIVATE, 4096, 0o600) for _ in range(3)]
    assert ids == [0, 32769, 65538]
    sys_shmctl(k, t, 0, IPC_RMID)
    assert sys_shmget(k, t, IPC_PRIVATE, 4096, 0o600) == 3 * 32768  # slot 0, seq 3
    with pytest.raises(KernelError) as e:
        sys_shmctl(k, t, 0, IPC_STAT)  # slot 0 is someone else now
    assert e.value.errno == Errno.EIDRM


@pytest.mark.parametrize(
    "key,size,flags,errno",
    [
        (IPC_PRIVATE, 0, 0o600, Errno.EINVAL),
        (IPC_PRIVATE, SHMMAX + 1, 0o600, Errno.EINVAL),
        (77, 4096, 0o600, Errno.ENOENT),
        (42, 4096, IPC_CREAT | IPC_EXCL | 0o600, Errno.EEXIST),
        (42, 8192, IPC_CREAT | 0o600, Errno.EINVAL),  # bigger than the existing segment
    ],
)
def test_shmget_errors(key: int, size: int, flags: int, errno: Errno) -> None:
    m, k, sh = boot()
    t = spawn(m, sh, 0)
    assert sys_shmget(k, t, 42, 4096, IPC_CREAT | 0o600) == 0
    with pytest.raises(KernelError) as e:
        sys_shmget(k, t, key, size, flags)
    assert e.value.errno == errno
    assert sys_shmget(k, t, 42, 100, 0) == 0  # the existing one, found by key


def test_attaches_share_pages_across_fork_and_detach_counts() -> None:
    m, k, sh = boot()
    t = spawn(m, sh, 0)
    shmid = sys_shmget(k, t, IPC_PRIVATE, 3 * 4096, 0o600)
    a = do_shmat(k, t, shmid, 0, 0)
    b = do_shmat(k, t, shmid, 0x80000, 0)
    _write(m, t, a + 4096, b"written through a")
    assert _read(m, t, b + 4096, 17) == b"written through a"
    child = spawn(m, t, 0)  # fork shares the attaches
    assert _stat(m, t, shmid).nattch == 4
    _write(m, child, b + 8000, b"from the child")
    assert _read(m, t, a + 8000, 14) == b"from the child"
    with pytest.raises(KernelError):
        do_shmat(k, t, shmid, 0x80000, 0)  # overlaps the attach already there
    sys_shmdt(k, t, b)
    with pytest.raises(KernelError):
        sys_shmdt(k, t, b)
    kill(m, child)
    assert _stat(m, t, shmid).nattch == 1


def test_removed_while_attached_lives_until_the_last_detach() -> None:
    m, k, sh = boot()
    t = spawn(m, sh, 0)
    free0 = k.zone.nr_free
    shmid = sys_shmget(k, t, 1234, 64 * 4096, IPC_CREAT | 0o600)
    addr = do_shmat(k, t, shmid, 0, 0)
    _write(m, t, addr, b"x" * (64 * 4096))
    sys_shmctl(k, t, shmid, IPC_RMID)
    ds = _stat(m, t, shmid)
    assert (ds.key, ds.mode & 0o1000, ds.nattch) == (IPC_PRIVATE, 0o1000, 1)
    with pytest.raises(KernelError) as e:
        sys_shmget(k, t, 1234, 4096, 0)  # its key is gone
    assert e.value.errno == Errno.ENOENT
    assert _read(m, t, addr + 100, 3) == b"xxx"
    sys_shmdt(k, t, addr)
    with pytest.raises(KernelError):
        sys_shmctl(k, t, shmid, IPC_STAT)
    assert k.zone.nr_free >= free0 - 2  # the 64 pages went back (page tables aside)


def test_an_ipc_namespace_takes_its_segments_with_it() -> None:
    m, k, sh = boot()
    t = spawn(m, sh, CloneFlags.CLONE_NEWIPC)
    ns = t.nsproxy.ipc_ns
    shmid = sys_shmget(k, t, 5, 16 * 4096, IPC_CREAT | 0o600)
    addr = do_shmat(k, t, shmid, 0, 0)
    _write(m, t, addr, b"y" * (16 * 4096))
    sys_shmdt(k, t, addr)
    assert len(ns.shm_ids) == 1  # not removed: outlives its last detach
    assert sys_shmget(k, sh, 5, 4096, 0o600 | IPC_CREAT) == 0  # the init ns has its own
    kill(m, t)
    assert ns.shm_ids == {} and ns.shm_tot == 0


def test_shm_pages_swap_to_the_init_namespace_and_come_back_at_swapoff() -> None:
    m, k, sh = boot(mem_bytes=16 * MB)
    make_swapfile(k, sh, "/s0", 4096)
    make_swapfile(k, sh, "/s1", 4096)
    sys_swapon(k, sh, "/s0", 0)
    t = spawn(m, sh, CloneFlags.CLONE_NEWSWAP | CloneFlags.CLONE_NEWIPC)
    sys_swapon(k, t, "/s1", 0)
    shmid = sys_shmget(k, t, IPC_PRIVATE, 6 * MB, 0o600)
    addr = do_shmat(k, t, shmid, 0, 0)
    pages = 6 * MB // 4096
    for i in range(pages):
        _write(m, t, addr + i * 4096, f"shm page {i}".encode())
    hog = spawn(m, t, 0)  # anonymous pressure, in the same namespace
    assert hog.mm is not None
    base = do_mmap(k, hog.mm, 10 * MB)
    _write(m, hog, base, b"h" * (10 * MB))
    entries = list(k.shmem_swap)
    assert entries, "memory pressure should have pushed shm pages out"
    s0 = k.swap.swap_info[0]
    assert {swp_type(e) for e in entries} == {s0.type}  # never the namespace's /s1
    kill(m, hog)
    assert swapoff(m, sh, "/s0") == 0
    assert k.shmem_swap == {}
    for i in (0, pages // 2, pages - 1):
        assert _read(m, t, addr + i * 4096, len(f"shm page {i}")) == f"shm page {i}".encode()
