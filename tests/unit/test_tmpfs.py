"""tmpfs files are shmem files (mm/shmem.c of 2.6.25) without a front-end: read and
write go through shmem_getpage, a hole reads as zeros without taking a frame,
reclaim sends the pages to init-namespace swap, and truncate frees pages and swap
entries and zeroes the tail of a partial page, reading it back first if swapped."""

from __future__ import annotations

from swapsh.kernel.mm.mm_types import ShmemInodeInfo
from swapsh.kernel.mm.shmem import (
    shmem_file_read,
    shmem_file_write,
    shmem_peek,
    shmem_truncate,
    shmem_writepage,
)
from swapsh.kernel.mm.swapfile import sys_swapon
from swapsh.kernel.params import PAGE_SIZE
from tests.unit.kernel_helpers import boot, drive, make_swapfile, spawn


def test_a_hole_reads_as_zeros_and_takes_no_frame() -> None:
    m, k, sh = boot()
    info = ShmemInodeInfo(name="f", size=0)
    drive(m, sh, shmem_file_write(k, sh, info, 3 * PAGE_SIZE, b"end"))
    assert list(info.pages) == [3] and info.size == 3 * PAGE_SIZE + 3
    got = drive(m, sh, shmem_file_read(k, sh, info, 0, 3 * PAGE_SIZE + 3))
    assert got == bytes(3 * PAGE_SIZE) + b"end"
    assert list(info.pages) == [3]  # reading the hole allocated nothing


def test_swapped_pages_read_back_and_partial_truncate_zeroes_the_tail() -> None:
    m, k, sh = boot()
    make_swapfile(k, sh, "/s0", 64)
    assert sys_swapon(k, sh, "/s0", 0) == 0
    info = ShmemInodeInfo(name="f", size=0)
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


def test_a_namespaced_writer_still_swaps_to_the_init_namespace() -> None:
    from swapsh.kernel.fork import CLONE_NEWIPC, CLONE_NEWSWAP

    m, k, sh = boot()
    make_swapfile(k, sh, "/s0", 64)
    make_swapfile(k, sh, "/s1", 64)
    assert sys_swapon(k, sh, "/s0", 0) == 0
    child = spawn(m, sh, CLONE_NEWSWAP | CLONE_NEWIPC)
    assert sys_swapon(k, child, "/s1", 0) == 0
    info = ShmemInodeInfo(name="f", size=0)
    drive(m, child, shmem_file_write(k, child, info, 0, b"x" * PAGE_SIZE))
    assert shmem_writepage(k, info.pages[0])
    s0 = next(si for si in k.swap.swap_info if si.swap_file is not None
              and si.swap_file.f_path == "/s0")
    assert s0.inuse_pages == 1  # not the namespace's own /s1
