"""tmpfs files are shmem files (mm/shmem.c of 2.6.25) without a front-end: read and
write go through shmem_getpage, a hole reads as zeros without taking a frame,
reclaim sends the pages to init-namespace swap (or leaves them in RAM if it has
none), truncate frees pages and swap entries and zeroes the tail of a partial page,
reading it back first if swapped, the last close of an unlinked file frees
everything, and the mount's size limit gives a short write, then ENOSPC."""

from __future__ import annotations

import pytest

from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.fs.file import (
    O_CREAT,
    O_RDONLY,
    O_RDWR,
    O_TRUNC,
    O_WRONLY,
    SEEK_END,
    SEEK_SET,
    File,
    fput,
)
from swapsh.kernel.fs.inode import is_zero_buffer
from swapsh.kernel.fs.proc_meminfo import meminfo_show
from swapsh.kernel.kernel import Kernel
from swapsh.kernel.mm.mm_types import ShmemInodeInfo, ShmemSbInfo, swp_type
from swapsh.kernel.mm.shmem import (
    shmem_aops,
    shmem_file_read,
    shmem_file_write,
    shmem_peek,
    shmem_truncate,
    shmem_writepage,
)
from swapsh.kernel.mm.swap_alloc import SwapInfoStruct
from swapsh.kernel.mm.swapfile import sys_swapon
from swapsh.kernel.mm.vmscan import SWAP_CLUSTER_MAX, shrink_zone
from swapsh.kernel.params import PAGE_SIZE
from swapsh.kernel.task import CloneFlags, TaskStruct
from swapsh.machine import Machine
from tests.unit.kernel_helpers import boot, drive, make_swapfile, spawn, swap_header


def test_a_hole_reads_as_zeros_and_takes_no_frame() -> None:
    m, k, sh = boot()
    info = ShmemInodeInfo(name="f", size=0, a_ops=shmem_aops)
    drive(m, sh, shmem_file_write(k, sh, info, 3 * PAGE_SIZE, b"end"))
    assert list(info.pages) == [3] and info.size == 3 * PAGE_SIZE + 3
    got = drive(m, sh, shmem_file_read(k, sh, info, 0, 3 * PAGE_SIZE + 3))
    assert got == bytes(3 * PAGE_SIZE) + b"end"
    assert list(info.pages) == [3]  # reading the hole allocated nothing
    hole = drive(m, sh, shmem_file_read(k, sh, info, 5, 2 * PAGE_SIZE))
    assert is_zero_buffer(hole) and len(hole) == 2 * PAGE_SIZE  # costs a reader nothing


def test_swapped_pages_read_back_and_partial_truncate_zeroes_the_tail() -> None:
    m, k, sh = boot()
    make_swapfile(k, sh, "/s0", 64)
    assert sys_swapon(k, sh, "/s0", 0) == 0
    info = ShmemInodeInfo(name="f", size=0, a_ops=shmem_aops)
    data = bytes(range(1, 256)) * 40  # 10200 bytes: three pages, no zero byte
    drive(m, sh, shmem_file_write(k, sh, info, 0, data))
    for idx in (1, 2):
        assert shmem_writepage(k, info.pages[idx])  # reclaim pushes them out
    assert sorted(info.swap) == [1, 2] and list(info.pages) == [0]
    assert shmem_peek(k, info, 0, len(data)) == data  # the slots hold the bytes
    assert k.swap.swap_info[0].inuse_pages == 2

    shmem_truncate(k, info, PAGE_SIZE + 5, sh)  # page 1 is read back, page 2 freed
    assert info.swap == {} and sorted(info.pages) == [0, 1]
    assert k.swap.swap_info[0].inuse_pages == 0
    got = drive(m, sh, shmem_file_read(k, sh, info, 0, 2 * PAGE_SIZE))
    assert got == data[: PAGE_SIZE + 5] + bytes(PAGE_SIZE - 5)  # the tail is zeros


def _init_swap_and_a_namespace(pages: int) -> tuple[Machine, Kernel, TaskStruct]:
    """A machine with /s0 on in the init namespace, and a child in a swap namespace
    of its own with /s1 on (each of pages pages). Returns (m, k, child)."""
    m, k, sh = boot()
    make_swapfile(k, sh, "/s0", pages)
    make_swapfile(k, sh, "/s1", pages)
    assert sys_swapon(k, sh, "/s0", 0) == 0
    child = spawn(m, sh, CloneFlags.CLONE_NEWSWAP | CloneFlags.CLONE_NEWIPC)
    assert sys_swapon(k, child, "/s1", 0) == 0
    return m, k, child


def test_a_namespaced_writer_still_swaps_to_the_init_namespace() -> None:
    m, k, child = _init_swap_and_a_namespace(64)
    info = ShmemInodeInfo(name="f", size=0, a_ops=shmem_aops)
    drive(m, child, shmem_file_write(k, child, info, 0, b"x" * PAGE_SIZE))
    assert shmem_writepage(k, info.pages[0])
    assert _si(k, "/s0").inuse_pages == 1  # not the namespace's own /s1


# -- through the VFS: open, write, lseek, read, truncate, unlink ----------------------


def _open(m: Machine, t: TaskStruct, path: str, flags: int = O_CREAT | O_RDWR) -> File:
    return m.kernel.filp_open(t, path, flags, 0o644)


def _write(m: Machine, t: TaskStruct, f: File, data: bytes) -> int:
    return int(drive(m, t, f.f_op.write(m.kernel, f, data)))


def _read(m: Machine, t: TaskStruct, f: File, n: int) -> bytes:
    return bytes(drive(m, t, f.f_op.read(m.kernel, f, n)))


def _info(f: File) -> ShmemInodeInfo:
    info = f.f_inode.i_private
    assert isinstance(info, ShmemInodeInfo)
    return info


def _cached_kb(k: Kernel) -> int:
    line = next(x for x in meminfo_show(k).splitlines() if x.startswith("Cached:"))
    return int(line.split()[1])


def _si(k: Kernel, path: str) -> SwapInfoStruct:
    return next(
        si for si in k.swap.swap_info if si.swap_file is not None and si.swap_file.f_path == path
    )


def _reclaim_all(k: Kernel) -> None:
    """Reclaim at priority 0 until nothing more goes: pages age from the active list
    to the inactive one before a later pass can write them out, and a short list's
    scan goal takes up to SWAP_CLUSTER_MAX passes to reach a batch."""
    idle = 0
    while idle <= SWAP_CLUSTER_MAX:
        idle = 0 if shrink_zone(k, 0, k.zone.managed_pages, kswapd=False) else idle + 1


def test_dev_shm_is_a_tmpfs_mount_of_half_of_ram() -> None:
    m, k, sh = boot()
    sb = k.vfs.lookup(sh, "/dev/shm").inode.i_sb
    assert sb.s_type == "tmpfs" and not sb.has_bmap
    assert isinstance(sb.s_fs_info, ShmemSbInfo)
    assert sb.s_fs_info.max_blocks == sb.s_fs_info.free_blocks == k.zone.managed_pages // 2
    assert "tmpfs /dev/shm tmpfs rw 0 0\n" in _proc_text(m, sh, "/proc/mounts")
    f = _open(m, sh, "/dev/shm/f")
    assert _info(f).sbinfo is sb.s_fs_info and f.f_inode.data is None


def _proc_text(m: Machine, t: TaskStruct, path: str) -> str:
    f = _open(m, t, path, O_RDONLY)
    return _read(m, t, f, 1 << 16).decode()


def test_file_io_takes_frames_on_the_lru_and_counts_in_cached() -> None:
    m, k, sh = boot()
    free, cached = k.zone.nr_free, _cached_kb(k)
    f = _open(m, sh, "/dev/shm/f")
    data = b"a" * PAGE_SIZE + b"b" * PAGE_SIZE + b"c" * 100
    assert _write(m, sh, f, data) == len(data)
    info = _info(f)
    assert sorted(info.pages) == [0, 1, 2] and f.f_inode.i_size == len(data)
    assert all(p in k.zone.active_list for p in info.pages.values())
    assert k.zone.nr_free == free - 3 and _cached_kb(k) == cached + 12
    assert f.f_op.llseek(k, f, -100, SEEK_END) == 2 * PAGE_SIZE
    assert _read(m, sh, f, 1000) == b"c" * 100  # stops at i_size
    assert f.f_op.llseek(k, f, PAGE_SIZE - 2, SEEK_SET) == PAGE_SIZE - 2
    assert _read(m, sh, f, 4) == b"aabb"
    g = _open(m, sh, "/dev/shm/f", O_WRONLY | O_TRUNC)  # O_TRUNC frees every page
    assert info.pages == {} and g.f_inode.i_size == 0
    assert k.zone.nr_free == free and _cached_kb(k) == cached


def test_unlink_of_the_last_name_frees_pages_and_slots_at_the_last_close() -> None:
    m, k, sh = boot()
    make_swapfile(k, sh, "/s0", 64)
    assert sys_swapon(k, sh, "/s0", 0) == 0
    free = k.zone.nr_free
    f = _open(m, sh, "/dev/shm/f")
    _write(m, sh, f, b"x" * 3 * PAGE_SIZE)
    info, sbinfo = _info(f), _info(f).sbinfo
    assert sbinfo is not None and sbinfo.free_blocks == sbinfo.max_blocks - 3
    assert shmem_writepage(k, info.pages[1])
    assert _si(k, "/s0").inuse_pages == 1 and len(k.shmem_swap) == 1
    ino = k.vfs.unlink(sh, "/dev/shm/f")
    k.vfs.evict_if_unused(ino)  # still open: nothing goes yet
    assert len(info.pages) == 2 and _read(m, sh, f, 10) == b""  # f_pos is at the end
    f.f_op.llseek(k, f, PAGE_SIZE, SEEK_SET)
    assert _read(m, sh, f, 3) == b"xxx"  # read back from its slot
    assert shmem_writepage(k, info.pages[2])
    fput(k, f)  # the last close of an unlinked file frees pages and slots
    assert info.pages == {} and info.swap == {} and k.shmem_swap == {}
    assert _si(k, "/s0").inuse_pages == 0 and k.zone.nr_free == free
    assert sbinfo.free_blocks == sbinfo.max_blocks


def test_a_full_mount_gives_a_short_write_then_enospc() -> None:
    m, k, sh = boot()
    f = _open(m, sh, "/dev/shm/f")
    sbinfo = _info(f).sbinfo
    assert sbinfo is not None
    sbinfo.free_blocks = 2  # as if the mount were nearly full
    free = k.zone.nr_free
    assert _write(m, sh, f, b"y" * (3 * PAGE_SIZE)) == 2 * PAGE_SIZE
    with pytest.raises(KernelError) as e:
        _write(m, sh, f, b"y")
    assert e.value.errno == Errno.ENOSPC and k.zone.nr_free == free - 2
    f.f_op.llseek(k, f, 10, SEEK_SET)
    assert _write(m, sh, f, b"z") == 1  # a page it has needs no block
    k.vfs.truncate(f.f_inode, PAGE_SIZE)
    assert sbinfo.free_blocks == 1 and _write(m, sh, f, b"w") == 1


def test_reclaim_sends_a_namespaced_writers_pages_to_init_swap() -> None:
    m, k, child = _init_swap_and_a_namespace(256)
    f = _open(m, child, "/dev/shm/f")
    data = bytes(range(1, 256)) * 80  # five pages, no zero byte
    _write(m, child, f, data)
    _reclaim_all(k)
    info = _info(f)
    assert sorted(info.swap) == [0, 1, 2, 3, 4] and info.pages == {}
    assert {swp_type(e) for e in info.swap.values()} == {_si(k, "/s0").type}
    used = _si(k, "/s0").inuse_pages  # the five, and the login shell's own pages
    f.f_op.llseek(k, f, 0, SEEK_SET)
    assert _read(m, child, f, len(data)) == data  # shmem_getpage reads them back
    assert info.swap == {} and _si(k, "/s0").inuse_pages == used - 5


def test_without_init_namespace_swap_reclaim_leaves_tmpfs_pages_in_ram() -> None:
    m, k, sh = boot()
    make_swapfile(k, sh, "/s1", 256)
    child = spawn(m, sh, CloneFlags.CLONE_NEWSWAP | CloneFlags.CLONE_NEWIPC)
    assert sys_swapon(k, child, "/s1", 0) == 0
    f = _open(m, child, "/dev/shm/f")
    _write(m, child, f, b"q" * 5 * PAGE_SIZE)
    _reclaim_all(k)
    info = _info(f)
    assert sorted(info.pages) == [0, 1, 2, 3, 4] and info.swap == {}
    assert all(swp_type(e) != _si(k, "/s1").type for e in k.shmem_swap)


def test_swapon_of_a_tmpfs_file_is_einval() -> None:
    m, k, sh = boot()
    f = _open(m, sh, "/dev/shm/sw")
    _write(m, sh, f, swap_header(16) + bytes(15 * PAGE_SIZE))
    with pytest.raises(KernelError) as e:
        sys_swapon(k, sh, "/dev/shm/sw", 0)
    assert e.value.errno == Errno.EINVAL
    assert k.log.text.endswith("swapon: swapfile has holes\n")
