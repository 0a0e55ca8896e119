"""Inodes and sparse file contents (models include/linux/fs.h: struct inode, and the
block map of an ext3 file).

A regular file's bytes live in `pages`, one bytes object per page that holds anything
but zeros, with the page's trailing zeros left off; a page that is absent reads as
zeros. Which pages are *allocated
on disk* is a separate block map (`extents`), so a 512 MiB file of zeros written by
dd is fully allocated, as on ext3, while costing next to nothing on the host.
"""

from __future__ import annotations

import bisect
import stat as st
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from swapsh.kernel.params import PAGE_SIZE

if TYPE_CHECKING:
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
        i = bisect.bisect_right(self.starts, lpage) - 1
        return i >= 0 and lpage < self.runs[i][0] + self.runs[i][2]

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
    """A regular file's contents: non-zero pages and the block map."""

    pages: dict[int, bytes] = field(default_factory=dict)  # page -> bytes up to the last non-zero
    blocks: BlockMap = field(default_factory=BlockMap)  # allocation on the disk
    # The address space's cached pages (mm/filemap.py), sorted by first page.
    cache_runs: list[CacheRun] = field(default_factory=list, repr=False)
    cache_starts: list[int] = field(default_factory=list, repr=False)  # cache_runs[i].start

    def read(self, pos: int, n: int) -> bytes:
        """Bytes [pos, pos+n) of the contents (the caller clips n to i_size)."""
        if n <= 0:
            return b""
        first, last = pos // PAGE_SIZE, (pos + n - 1) // PAGE_SIZE
        if not self._any_page(first, last):
            return zero_bytes(n)
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
        buf = b"".join(parts)  # one copy; a read of whole pages needs no other
        off = pos - first * PAGE_SIZE
        return buf if off == 0 and len(buf) == n else buf[off : off + n]

    def _any_page(self, first: int, last: int) -> bool:
        """Whether any stored (non-zero) page lies in [first, last]."""
        if not self.pages:
            return False
        if last - first + 1 <= len(self.pages):
            return any(p in self.pages for p in range(first, last + 1))
        return any(first <= p <= last for p in self.pages)

    def write(self, pos: int, data: bytes) -> None:
        """Store data at pos. Whole zero pages are dropped rather than stored."""
        n = len(data)
        if n == 0:
            return
        first, last = pos // PAGE_SIZE, (pos + n - 1) // PAGE_SIZE
        if is_zero_buffer(data) and not self._any_page(first, last):
            return
        mv = memoryview(data)
        for p in range(first, last + 1):
            pstart = p * PAGE_SIZE
            lo, hi = max(pos, pstart), min(pos + n, pstart + PAGE_SIZE)
            chunk = mv[lo - pos : hi - pos]
            if hi - lo == PAGE_SIZE:
                page = bytes(chunk)
            else:
                buf = bytearray(self.pages.get(p, b"").ljust(PAGE_SIZE, b"\0"))
                buf[lo - pstart : hi - pstart] = chunk
                page = bytes(buf)
            page = without_trailing_zeros(page)
            if page:
                self.pages[p] = page
            else:
                self.pages.pop(p, None)

    def truncate_pages(self, size: int) -> None:
        """Drop contents past size (the tail of a partial last page is zeroed)."""
        keep = (size + PAGE_SIZE - 1) // PAGE_SIZE
        for p in [p for p in self.pages if p >= keep]:
            del self.pages[p]
        tail = size % PAGE_SIZE
        last = size // PAGE_SIZE
        if tail and last in self.pages:
            page = self.pages[last][:tail].rstrip(b"\0")
            if page:
                self.pages[last] = page
            else:
                del self.pages[last]


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
