"""Superblocks and the disk's block allocator (models include/linux/fs.h struct
super_block, and ext3's balloc.c in outline: first-fit runs of free blocks)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

from swapsh.kernel.errno import Errno, KernelError

if TYPE_CHECKING:
    from swapsh.kernel.fs.block_dev import BlockDevice

__all__ = ["BlockAllocator", "SuperBlock"]


@dataclass(slots=True, eq=False, kw_only=True)
class BlockAllocator:
    """Free 4 KiB blocks of a disk, as sorted (start, length) runs."""

    free: list[tuple[int, int]]  # sorted, non-adjacent free runs
    nr_free: int  # blocks in them (ext3: s_freeblocks_counter), kept as they change

    @classmethod
    def for_disk(cls, nblocks: int, reserved: int) -> BlockAllocator:
        return cls(free=[(reserved, nblocks - reserved)], nr_free=nblocks - reserved)

    def alloc(self, want: int) -> list[tuple[int, int]]:
        """Allocate want blocks, first fit, as few runs as the free space allows.

        Raises: ENOSPC (allocating nothing) if fewer than want blocks are free.
        """
        if want > self.nr_free:
            raise KernelError(Errno.ENOSPC)
        self.nr_free -= want
        got: list[tuple[int, int]] = []
        while want:
            start, n = self.free[0]
            take = min(n, want)
            got.append((start, take))
            if take == n:
                self.free.pop(0)
            else:
                self.free[0] = (start + take, n - take)
            want -= take
        return got

    def release(self, start: int, n: int) -> None:
        """Return the run [start, start+n) to the free list, merging neighbours."""
        i = bisect.bisect_left(self.free, (start, 0))
        self.nr_free += n
        self.free.insert(i, (start, n))
        if i + 1 < len(self.free) and start + n == self.free[i + 1][0]:
            self.free[i] = (start, n + self.free[i + 1][1])
            del self.free[i + 1]
        if i > 0 and self.free[i - 1][0] + self.free[i - 1][1] == start:
            ps, pn = self.free[i - 1]
            self.free[i - 1] = (ps, pn + self.free[i][1])
            del self.free[i]


@dataclass(slots=True, eq=False, kw_only=True)
class SuperBlock:
    """Linux: struct super_block (the fields the model uses)."""

    s_type: str  # "ext3", "proc", "tmpfs", "devpts"...
    s_dev: int  # (major << 8) | minor
    allocator: BlockAllocator | None = None  # block-backed filesystems only (bmap works)
    s_bdev: BlockDevice | None = None  # the disk its files' blocks are on; immutable
    next_ino: int = 1  # inode numbers handed out so far
    s_fs_info: object = None  # the filesystem's own (tmpfs: its ShmemSbInfo); immutable

    @property
    def has_bmap(self) -> bool:
        """Whether a_ops->bmap exists: swap files need it (tmpfs has none)."""
        return self.allocator is not None
