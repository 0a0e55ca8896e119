"""Inodes and sparse file contents (models include/linux/fs.h: struct inode, and the
block map of an ext3 file).

A regular file on the disk has a block map (`blocks`): which disk block holds each of
its pages. Its bytes are in those blocks, on the BlockDevice (block_dev.py), which
keeps them in a host file rather than in host RAM and knows which blocks hold only
zeros. So a 512 MiB file of zeros written by dd is fully allocated, as on ext3, while
costing next to nothing, and a GiB of random bytes costs host disk, not memory. A
regular file of a filesystem without a disk keeps its non-zero pages in RAM, each
without its trailing zeros. Either way a page of zeros or a hole reads as zeros.
"""

from __future__ import annotations

import bisect
import stat as st
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from swapsh.kernel.bug import BUG
from swapsh.kernel.params import PAGE_SIZE

if TYPE_CHECKING:
    from swapsh.kernel.fs.block_dev import BlockDevice
    from swapsh.kernel.fs.super import SuperBlock
    from swapsh.kernel.mm.mm_types import CacheRun
    from swapsh.kernel.task import TaskStruct

__all__ = [
    "S_SWAPFILE",
    "ZERO_PAGE",
    "BlockMap",
    "FileData",
    "Inode",
    "SyntheticDir",
    "is_zero_buffer",
    "without_trailing_zeros",
    "zero_bytes",
]

S_SWAPFILE = 0x100  # i_flags bit: the file is an active swap area (include/linux/fs.h)

ZERO_PAGE = bytes(PAGE_SIZE)
_ZERO_CACHE: dict[int, bytes] = {PAGE_SIZE: ZERO_PAGE}
_ZERO_CACHE_MAX = 16 << 20  # larger buffers are made per call, not kept


_BIG_ZERO: list[bytes] = []  # the last zero buffer too large for the cache


def zero_bytes(n: int) -> bytes:
    """n zero bytes, shared per size like Linux's ZERO_PAGE: readers may test
    is_zero_buffer(buf) to skip scanning memory known to be zero."""
    z = _ZERO_CACHE.get(n)
    if z is None:
        big = _BIG_ZERO[0] if _BIG_ZERO else None
        if big is not None and len(big) == n:
            return big
        z = bytes(n)  # calloc'd: costs the host nothing until written
        if len(_ZERO_CACHE) < 64 and n <= _ZERO_CACHE_MAX:
            _ZERO_CACHE[n] = z
        else:
            _BIG_ZERO[:] = [z]
    return z


def is_zero_buffer(buf: bytes | bytearray) -> bool:
    """Whether buf is one of the shared zero buffers zero_bytes() hands out."""
    return buf is _ZERO_CACHE.get(len(buf)) or (bool(_BIG_ZERO) and buf is _BIG_ZERO[0])


def without_trailing_zeros(buf: bytes | bytearray) -> bytes:
    """buf up to its last non-zero byte. Halves the zero tail with memcmp against
    shared zero buffers (endswith: no copies) before the final rstrip: a page with a
    short head costs one comparison instead of a byte-by-byte scan of 4 KiB."""
    n = len(buf)
    if not n or buf[-1]:
        return bytes(buf)
    if n > 64 and buf.endswith(zero_bytes(n - 64)):  # the common case: a short head
        return bytes(buf[:64]).rstrip(b"\0")
    step = n >> 1
    while step >= 64:
        if buf.endswith(zero_bytes(step), 0, n):
            n -= step
            step = min(step, n >> 1)
        else:
            step >>= 1
    return bytes(buf[:n]).rstrip(b"\0")


def page_head(buf: bytes, start: int) -> bytes:
    """buf[start:start + PAGE_SIZE] up to its last non-zero byte, without copying
    the page first: what a whole-page store keeps of it."""
    end = start + PAGE_SIZE
    if buf.endswith(_TAIL_ZEROS, start, end):  # the common case: a short head
        return buf[start : start + PAGE_SIZE - len(_TAIL_ZEROS)].rstrip(b"\0")
    return without_trailing_zeros(buf[start:end])


_TAIL_ZEROS = zero_bytes(PAGE_SIZE - 64)


@dataclass(slots=True, eq=False, kw_only=True)
class BlockMap:
    """Logical-to-physical extents of a file: sorted, non-overlapping, merged runs."""

    starts: list[int] = field(default_factory=list)  # logical first page of each extent
    runs: list[tuple[int, int, int]] = field(default_factory=list)  # (lstart, pstart, length)

    def mapped(self, lpage: int) -> bool:
        return self.bmap(lpage) >= 0

    def bmap(self, lpage: int) -> int:
        """Linux: bmap(): the disk block of page lpage, or -1 for a hole."""
        runs = self.runs
        if runs:  # one extent is the common case (a swap file dd made)
            ls, ps, n = runs[0]
            if ls <= lpage < ls + n:
                return ps + lpage - ls
        i = bisect.bisect_right(self.starts, lpage) - 1
        if i < 0:
            return -1
        ls, ps, n = self.runs[i]
        return ps + lpage - ls if lpage < ls + n else -1

    def map_range(self, first: int, end: int) -> list[tuple[int, int, int]]:
        """Pages [first, end) as (lpage, block, count) runs in order, a hole's block -1."""
        out: list[tuple[int, int, int]] = []
        pos = first
        i = max(bisect.bisect_right(self.starts, first) - 1, 0)
        runs = self.runs
        while pos < end and i < len(runs):
            ls, ps, n = runs[i]
            i += 1
            if ls + n <= pos:
                continue
            if ls >= end:
                break
            if ls > pos:
                out.append((pos, -1, ls - pos))
                pos = ls
            stop = min(ls + n, end)
            out.append((pos, ps + pos - ls, stop - pos))
            pos = stop
        if pos < end:
            out.append((pos, -1, end - pos))
        return out

    def unmapped_in(self, first: int, last: int) -> list[tuple[int, int]]:
        """The holes within pages [first, last), as (start, length) runs."""
        holes: list[tuple[int, int]] = []
        pos = first
        i = max(bisect.bisect_right(self.starts, first) - 1, 0)
        while pos < last and i < len(self.runs):
            ls, _ps, n = self.runs[i]
            if ls + n <= pos:
                i += 1
                continue
            if ls > pos:
                holes.append((pos, min(ls, last) - pos))
            pos = max(pos, ls + n)
            i += 1
        if pos < last:
            holes.append((pos, last - pos))
        return holes

    def insert(self, lstart: int, pstart: int, n: int) -> None:
        """Map [lstart, lstart+n) to physical pages from pstart; the range is a hole."""
        i = bisect.bisect_left(self.starts, lstart)
        if i > 0:
            pl, pp, pn = self.runs[i - 1]
            if pl + pn == lstart and pp + pn == pstart:
                self.runs[i - 1] = (pl, pp, pn + n)
                self._merge_next(i - 1)
                return
        self.starts.insert(i, lstart)
        self.runs.insert(i, (lstart, pstart, n))
        self._merge_next(i)

    def _merge_next(self, i: int) -> None:
        if i + 1 < len(self.runs):
            ls, ps, n = self.runs[i]
            nl, np_, nn = self.runs[i + 1]
            if ls + n == nl and ps + n == np_:
                self.runs[i] = (ls, ps, n + nn)
                del self.runs[i + 1]
                del self.starts[i + 1]

    def truncate(self, npages: int) -> list[tuple[int, int]]:
        """Unmap every page >= npages. Returns the freed physical runs."""
        freed: list[tuple[int, int]] = []
        while self.runs:
            ls, ps, n = self.runs[-1]
            if ls >= npages:
                freed.append((ps, n))
                self.runs.pop()
                self.starts.pop()
            elif ls + n > npages:
                keep = npages - ls
                freed.append((ps + keep, n - keep))
                self.runs[-1] = (ls, ps, keep)
                break
            else:
                break
        return freed

    @property
    def nr_pages(self) -> int:
        return sum(r[2] for r in self.runs)


@dataclass(slots=True, eq=False, kw_only=True)
class FileData:
    """A regular file's contents and its block map.

    On a block filesystem (bdev set) the bytes are on the disk, in the blocks the
    block map gives each page (block_dev.py keeps them out of host RAM). A file of a
    filesystem without a disk keeps its non-zero pages in `pages`."""

    blocks: BlockMap = field(default_factory=BlockMap)  # allocation on the disk
    bdev: BlockDevice | None = None  # the disk holding the blocks; immutable
    pages: dict[int, bytes] = field(default_factory=dict)  # without a disk: page -> bytes
    # The address space's cached pages (mm/filemap.py), sorted by first page.
    cache_runs: list[CacheRun] = field(default_factory=list, repr=False)
    cache_starts: list[int] = field(default_factory=list, repr=False)  # cache_runs[i].start

    def read(self, pos: int, n: int) -> bytes:
        """Bytes [pos, pos+n) of the contents (the caller clips n to i_size). A range
        of pages that hold only zeros reads as the shared zero buffer (zero_bytes)."""
        if n <= 0:
            return b""
        first, last = pos // PAGE_SIZE, (pos + n - 1) // PAGE_SIZE
        if not self._any_page(first, last):
            return zero_bytes(n)
        if self.bdev is not None:
            parts = self._read_blocks(self.bdev, first, last)
        else:
            parts = self._read_pages(first, last)
        buf = b"".join(parts)  # one copy; a read of whole pages needs no other
        off = pos - first * PAGE_SIZE
        return buf if off == 0 and len(buf) == n else buf[off : off + n]

    def _read_pages(self, first: int, last: int) -> list[bytes]:
        parts: list[bytes] = []
        pages = self.pages
        for p in range(first, last + 1):
            pg = pages.get(p)
            if pg is None:
                parts.append(ZERO_PAGE)
            else:
                parts.append(pg)
                if len(pg) < PAGE_SIZE:
                    parts.append(zero_bytes(PAGE_SIZE - len(pg)))
        return parts

    def _read_blocks(self, bdev: BlockDevice, first: int, last: int) -> list[bytes]:
        parts: list[bytes] = []
        for _lp, pb, cnt in self.blocks.map_range(first, last + 1):
            if pb < 0:
                parts.append(zero_bytes(cnt * PAGE_SIZE))
            else:
                parts.extend(bdev.read(pb, cnt))
        return parts

    def _any_page(self, first: int, last: int) -> bool:
        """Whether any page in [first, last] holds anything but zeros."""
        bdev = self.bdev
        if bdev is not None:
            runs = self.blocks.runs
            if not runs:
                return False
            ls, ps, n = runs[-1]  # the common case: within the last extent
            if ls <= first and last < ls + n:
                return bdev.has_data(ps + first - ls, last - first + 1)
            return any(
                pb >= 0 and bdev.has_data(pb, cnt)
                for _lp, pb, cnt in self.blocks.map_range(first, last + 1)
            )
        if not self.pages:
            return False
        if last - first + 1 <= len(self.pages):
            return any(p in self.pages for p in range(first, last + 1))
        return any(first <= p <= last for p in self.pages)

    def read_page(self, p: int) -> bytes:
        """Page p up to its last non-zero byte (b"" for a page of zeros or a hole)."""
        bdev = self.bdev
        if bdev is None:
            return self.pages.get(p, b"")
        ls, pb, n = self.blocks.runs[0] if self.blocks.runs else (0, -1, 0)
        pb = pb + p - ls if ls <= p < ls + n else self.blocks.bmap(p)  # swap I/O: bmap inline
        return b"" if pb < 0 else bdev.read_block(pb)

    def write_page(self, p: int, stored: bytes) -> None:
        """Page p becomes stored (its bytes up to the last non-zero one; b"" for zeros).
        On a disk, the page must have a block."""
        bdev = self.bdev
        if bdev is None:
            if stored:
                self.pages[p] = stored
            else:
                self.pages.pop(p, None)
            return
        ls, pb, n = self.blocks.runs[0] if self.blocks.runs else (0, -1, 0)
        pb = pb + p - ls if ls <= p < ls + n else self.blocks.bmap(p)  # swap I/O: bmap inline
        if pb < 0:
            BUG(f"write to page {p} of a file, which has no block")
        bdev.write_block(pb, stored)

    def write(self, pos: int, data: bytes) -> None:
        """Store data at pos. Whole zero pages are dropped rather than stored. On a
        disk, every page written must have a block (allocate_blocks first)."""
        n = len(data)
        if n == 0:
            return
        first, last = pos // PAGE_SIZE, (pos + n - 1) // PAGE_SIZE
        if is_zero_buffer(data) and not self._any_page(first, last):
            return
        if self.bdev is not None:
            self._write_blocks(self.bdev, pos, data)
            return
        mv = memoryview(data)
        for p in range(first, last + 1):
            pstart = p * PAGE_SIZE
            lo, hi = max(pos, pstart), min(pos + n, pstart + PAGE_SIZE)
            self._write_in_page(p, lo - pstart, mv[lo - pos : hi - pos])

    def _write_in_page(self, p: int, off: int, chunk: memoryview) -> None:
        """Bytes [off, off+len(chunk)) of page p become chunk."""
        if len(chunk) == PAGE_SIZE:
            page = bytes(chunk)
        else:
            buf = bytearray(self.read_page(p).ljust(PAGE_SIZE, b"\0"))
            buf[off : off + len(chunk)] = chunk
            page = bytes(buf)
        self.write_page(p, without_trailing_zeros(page))

    def _write_blocks(self, bdev: BlockDevice, pos: int, data: bytes) -> None:
        """write() on a disk: partial pages by read-modify-write, runs of whole pages
        at once (zeros from the shared zero buffer as discards)."""
        n = len(data)
        end = pos + n
        mv = memoryview(data)
        for lp, pb, cnt in self.blocks.map_range(pos // PAGE_SIZE, (end - 1) // PAGE_SIZE + 1):
            if pb < 0:
                BUG(f"write to page {lp} of a file, which has no block")
            lo, hi = max(pos, lp * PAGE_SIZE), min(end, (lp + cnt) * PAGE_SIZE)
            head = -lo % PAGE_SIZE  # bytes before the first whole page
            if head or hi - lo < PAGE_SIZE:
                k = min(head or PAGE_SIZE, hi - lo)
                self._write_in_page(lo // PAGE_SIZE, lo % PAGE_SIZE, mv[lo - pos : lo - pos + k])
                lo += k
            whole = (hi - lo) // PAGE_SIZE
            if whole:
                b = pb + lo // PAGE_SIZE - lp
                if is_zero_buffer(data):
                    bdev.discard(b, whole)
                else:
                    bdev.write(b, data, lo - pos, whole)
                lo += whole * PAGE_SIZE
            if lo < hi:
                self._write_in_page(lo // PAGE_SIZE, 0, mv[lo - pos : hi - pos])

    def truncate(self, size: int) -> list[tuple[int, int]]:
        """Drop contents past size (the tail of a partial last page is zeroed) and
        unmap the pages wholly past it. Returns: the freed blocks, as (start, length)
        runs, which read as zeros from now on."""
        keep = (size + PAGE_SIZE - 1) // PAGE_SIZE
        for p in [p for p in self.pages if p >= keep]:
            del self.pages[p]
        tail = size % PAGE_SIZE
        if tail:
            last = size // PAGE_SIZE
            page = self.read_page(last)
            if len(page) > tail:
                self.write_page(last, page[:tail].rstrip(b"\0"))
        freed = self.blocks.truncate(keep)
        if self.bdev is not None:
            for ps, cnt in freed:
                self.bdev.discard(ps, cnt)
        return freed


@runtime_checkable
class SyntheticDir(Protocol):
    """A directory whose entries are made when asked for (procfs), kept in i_private:
    Linux's i_op->lookup and f_op->readdir of such a directory."""

    def lookup(self, tsk: TaskStruct, name: str) -> Inode | None: ...

    def readdir(self, tsk: TaskStruct) -> list[str]: ...


@dataclass(slots=True, eq=False, kw_only=True)
class Inode:
    """Linux: struct inode (include/linux/fs.h), with the fs-private parts inline."""

    i_ino: int  # immutable
    i_mode: int  # type and permission bits; protected by: i_mutex (uncontended)
    i_uid: int = 0
    i_gid: int = 0
    i_nlink: int = 1
    i_count: int = 0  # open files referring to it; protected by: inode_lock (one CPU)
    i_size: int = 0
    i_atime: int = 0  # seconds since the epoch (simulated clock)
    i_mtime: int = 0
    i_ctime: int = 0
    i_rdev: int = 0  # (major << 8) | minor for device nodes
    i_flags: int = 0  # S_SWAPFILE
    i_sb: SuperBlock  # immutable
    children: dict[str, Inode] | None = None  # directory entries, for directories
    parent: Inode | None = None  # for directories: '..'
    data: FileData | None = None  # contents, for regular files
    target: str | None = None  # for symlinks
    i_private: object = None  # filesystem-private: procfs entry, device driver, pipe

    @property
    def is_dir(self) -> bool:
        return st.S_ISDIR(self.i_mode)

    @property
    def is_reg(self) -> bool:
        return st.S_ISREG(self.i_mode)

    @property
    def is_lnk(self) -> bool:
        return st.S_ISLNK(self.i_mode)

    @property
    def is_chr(self) -> bool:
        return st.S_ISCHR(self.i_mode)
