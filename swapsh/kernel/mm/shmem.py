"""Shared memory pages (models mm/shmem.c, 2.6.25: the files behind SysV shared
memory segments, and tmpfs, mounted at /dev/shm).

A shmem file keeps its pages in RAM (`pages`, on the LRU lists like anonymous pages)
or, once reclaim has pushed them out, in swap (`swap`, the i_swap vector). Its pages
have no anon_vma, so `get_swap_page()` finds no swap namespace for them through
vma_page_to_swapns: they always go to the init namespace's areas, whichever
namespace the tasks that use them live in. This is the seed's checkpoint caveat:
a job's SysV shared memory and its /dev/shm files are not in its namespace's swap
file. With no swap in the init namespace such a page stays in RAM (shmem_writepage
redirties it).

A tmpfs regular file is a shmem file too: read(2) and write(2) go through
shmem_getpage (shmem_file_read / shmem_file_write), a read of a hole allocates
nothing, and truncate frees pages and swap entries past the new size and zeroes the
tail of a partial last page (shmem_truncate_range). A tmpfs mount holds at most
max_blocks pages, in RAM or in swap (2.6.25's default: half of RAM); a new page
past that is ENOSPC. SysV segments live on the kernel's internal mount, which has
no limit.

`Kernel.shmem_swap` maps each such entry back to its file and page (shmem_swaplist's
job in Linux, indexed), for swapoff. Swap I/O of a shmem page takes no swap-cache
round trip: nothing can run between
reclaim giving it a slot and writing it (as with `_swap_out_single`), nor between
reading it back and freeing the slot, so the counts end where Linux's end.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from swapsh.kernel.bug import BUG, KernelBug
from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.fs.file import (
    MAX_LFS_FILESIZE,
    O_APPEND,
    File,
    FileOperations,
    generic_file_llseek,
    write_end,
)
from swapsh.kernel.fs.inode import Inode, without_trailing_zeros, zero_bytes
from swapsh.kernel.mm.mm_types import VM_WRITE, Page, PG_dirty, Pte, ShmemInodeInfo
from swapsh.kernel.mm.page_alloc import alloc_page, alloc_page_nowait
from swapsh.kernel.mm.swap_alloc import get_swap_page, swap_free
from swapsh.kernel.mm.swap_state import (
    delete_from_swap_cache,
    swap_readpage,
    swap_slot_bytes,
    swap_writepage,
)
from swapsh.kernel.mm.vmscan import lru_cache_add_active, lru_del
from swapsh.kernel.params import PAGE_SHIFT, PAGE_SIZE

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel
    from swapsh.kernel.mm.mm_types import MmStruct, VmAreaStruct
    from swapsh.kernel.task import TaskStruct

__all__ = [
    "ShmemAops",
    "ShmemFileOps",
    "do_shmem_fault",
    "read_file_head",
    "shmem_aops",
    "shmem_file_read",
    "shmem_file_write",
    "shmem_free_blocks",
    "shmem_getpage",
    "shmem_peek",
    "shmem_truncate",
    "shmem_unuse",
    "shmem_writepage",
]


async def shmem_getpage(k: Kernel, tsk: TaskStruct, info: ShmemInodeInfo, idx: int) -> Page:
    """Linux: shmem_getpage(). The file's page idx: in RAM, read back from its swap
    slot (the slot is freed: the vector held its only reference), or a new zero page,
    which takes one of its tmpfs mount's blocks. Raises: ENOSPC if it needs a new
    page and the mount is full (before any frame is allocated, as 2.6.25 checks
    free_blocks first)."""
    while True:
        page = info.pages.get(idx)
        if page is not None:
            return page
        if idx not in info.swap:
            _shmem_check_block(info)
        new = await alloc_page(k, tsk)
        if idx in info.pages:  # another task brought it in while we allocated
            k.zone.give_back(new)
            continue
        if idx not in info.swap:
            try:
                _shmem_check_block(info)  # it may have filled while we slept
            except KernelError:
                k.zone.give_back(new)
                raise
            shmem_free_blocks(info, -1)
        return _shmem_fill(k, info, idx, new)


def _shmem_check_block(info: ShmemInodeInfo) -> None:
    """The free_blocks test of shmem_getpage(). Raises: ENOSPC if info's tmpfs mount
    has no block left for a new page (SysV segments have no limit)."""
    sbinfo = info.sbinfo
    if sbinfo is not None and sbinfo.free_blocks <= 0:
        raise KernelError(Errno.ENOSPC)


def shmem_free_blocks(info: ShmemInodeInfo, pages: int) -> None:
    """Linux: shmem_free_blocks(). Give pages blocks back to info's tmpfs mount
    (a negative count takes them)."""
    sbinfo = info.sbinfo
    if sbinfo is not None:
        sbinfo.free_blocks += pages
        if not 0 <= sbinfo.free_blocks <= sbinfo.max_blocks:
            raise KernelBug(f"shmem_free_blocks: {sbinfo!r}")


def _shmem_fill(k: Kernel, info: ShmemInodeInfo, idx: int, new: Page) -> Page:
    """shmem_getpage() once it has a frame: read page idx back from its slot, if it
    has one, and make it the file's page."""
    entry = info.swap.pop(idx, 0)
    if entry:
        del k.shmem_swap[entry]
        swap_readpage(k, new, entry)
        k.zone.count("pgmajfault")
        swap_free(k, entry)
        new.flags |= PG_dirty
    new.mapping, new.index = info, idx
    info.pages[idx] = new
    lru_cache_add_active(k, new)
    return new


def _page_bytes(page: Page) -> bytes:
    d = page.data
    return bytes(d) if d is not None else b""


async def shmem_file_read(
    k: Kernel, tsk: TaskStruct, info: ShmemInodeInfo, pos: int, n: int
) -> bytes:
    """Linux: do_shmem_file_read() (SGP_READ). The bytes of [pos, pos + n): a page in
    RAM is copied, a swapped one is read back first, a hole reads as zeros and
    allocates nothing. All zeros come back as the shared zero buffer, as a read of
    a disk file's hole does, so storing them costs the reader's memory nothing."""
    if n <= 0:
        return b""
    heads = [
        (idx, _page_bytes(await shmem_getpage(k, tsk, info, idx)))
        for idx in _indices_in(info, pos >> PAGE_SHIFT, (pos + n - 1) >> PAGE_SHIFT)
    ]
    return _assemble(pos, n, heads)


def _assemble(pos: int, n: int, heads: list[tuple[int, bytes]]) -> bytes:
    """The bytes of [pos, pos + n) from the stored heads of the pages that exist
    (index, bytes up to the last non-zero one); everything else is zeros, and all
    zeros are the shared zero buffer."""
    pieces: list[tuple[int, bytes]] = []
    for idx, head in heads:
        start = idx << PAGE_SHIFT
        lo, hi = max(pos, start), min(pos + n, start + PAGE_SIZE)
        chunk = head[lo - start : hi - start]
        if chunk:
            pieces.append((lo - pos, chunk))
    if not pieces:
        return zero_bytes(n)
    out = bytearray(n)
    for at, chunk in pieces:
        out[at : at + len(chunk)] = chunk
    return bytes(out)


def _indices_in(info: ShmemInodeInfo, first: int, last: int) -> list[int]:
    """The file's pages in [first, last] that exist, in RAM or in swap, in order:
    a read skips holes without a step per page."""
    if last - first + 1 <= len(info.pages) + len(info.swap):
        return [i for i in range(first, last + 1) if i in info.pages or i in info.swap]
    return sorted(i for held in (info.pages, info.swap) for i in held if first <= i <= last)


async def shmem_file_write(
    k: Kernel, tsk: TaskStruct, info: ShmemInodeInfo, pos: int, data: bytes
) -> int:
    """Linux: shmem_file_write() (generic_file_buffered_write through shmem's
    write_begin/write_end): each page it touches is brought in or allocated and
    dirtied. Returns: the bytes written: all, or those before the page the tmpfs
    mount had no room for. Raises: ENOSPC if not even the first page fits."""
    done = 0
    while done < len(data):
        idx, off = (pos + done) >> PAGE_SHIFT, (pos + done) & (PAGE_SIZE - 1)
        m = min(PAGE_SIZE - off, len(data) - done)
        try:
            page = await shmem_getpage(k, tsk, info, idx)
        except KernelError:
            if not done:
                raise
            break  # a short write, as generic_file_buffered_write returns
        chunk = data[done : done + m]
        if m == PAGE_SIZE:
            page.data = without_trailing_zeros(chunk) or None
        else:
            buf = bytearray(_page_bytes(page).ljust(off + m, b"\0"))
            buf[off : off + m] = chunk
            page.data = without_trailing_zeros(buf) or None
        page.flags |= PG_dirty
        done += m
    info.size = max(info.size, pos + done)
    return done


def read_file_head(k: Kernel, ino: Inode, n: int) -> bytes:
    """The first n bytes of a regular file, on disk or on tmpfs, as the kernel reads
    them for itself (exec's binprm buffer, swapon's header): see shmem_peek."""
    info = ino.i_private
    if isinstance(info, ShmemInodeInfo):
        return shmem_peek(k, info, 0, n)
    if ino.data is None:  # a regular file has its data
        BUG("read_file_head: no data")
    return ino.data.read(0, n)


class ShmemFileOps(FileOperations):
    """Linux: shmem_file_operations: read(2), write(2) and lseek on a tmpfs file."""

    async def read(self, k: Kernel, f: File, n: int) -> bytes:
        info = f.f_inode.i_private
        if not isinstance(info, ShmemInodeInfo):
            BUG("shmem read of a file without shmem info")
        n = max(0, min(n, f.f_inode.i_size - f.f_pos))
        buf = await shmem_file_read(k, k.current(), info, f.f_pos, n)
        f.f_pos += n
        k.sched.advance(k.costs.copy_ns_per_kib * n // 1024)
        return buf

    async def write(self, k: Kernel, f: File, data: bytes) -> int:
        ino = f.f_inode
        info = ino.i_private
        if not isinstance(info, ShmemInodeInfo):
            BUG("shmem write of a file without shmem info")
        if f.f_flags & O_APPEND:
            f.f_pos = ino.i_size
        if f.f_pos + len(data) > MAX_LFS_FILESIZE:
            raise KernelError(Errno.EFBIG)
        n = await shmem_file_write(k, k.current(), info, f.f_pos, data)
        return write_end(k, f, n)

    def llseek(self, k: Kernel, f: File, off: int, whence: int) -> int:
        return generic_file_llseek(f, f.f_inode.i_size, off, whence)


def shmem_peek(k: Kernel, info: ShmemInodeInfo, pos: int, n: int) -> bytes:
    """The bytes of [pos, pos + n) without bringing anything in: RAM pages as they
    are, swapped ones from their slots. For the kernel's own small reads of a file's
    head (exec's binprm buffer, swapon's header), where Linux's read_mapping_page
    would read the page in: the model reads the same bytes and leaves memory as it
    is."""
    if n <= 0:
        return b""
    heads = [
        (
            idx,
            _page_bytes(info.pages[idx])
            if idx in info.pages
            else swap_slot_bytes(k, info.swap[idx]),
        )
        for idx in _indices_in(info, pos >> PAGE_SHIFT, (pos + n - 1) >> PAGE_SHIFT)
    ]
    return _assemble(pos, n, heads)


def _free_page(k: Kernel, page: Page) -> None:
    lru_del(k, page)
    k.zone.give_back(page)


async def do_shmem_fault(
    k: Kernel, tsk: TaskStruct, mm: MmStruct, vma: VmAreaStruct, vpn: int
) -> None:
    """Linux: __do_fault() through shmem_fault() for a shared mapping: map the file's
    page; a shared page is written in place, so the pte is writable if the vma is."""
    info = vma.vm_file
    if info is None:
        BUG("shmem fault in a vma without a file")
    idx = vma.vm_pgoff + vpn - (vma.vm_start >> PAGE_SHIFT)
    page = await shmem_getpage(k, tsk, info, idx)
    if vpn in mm.pgd:  # raced with another fault while we slept
        return
    page._mapcount += 1
    mm.pgd[vpn] = Pte(page, write=bool(vma.vm_flags & VM_WRITE))
    mm.file_rss += 1


def shmem_writepage(k: Kernel, page: Page) -> bool:
    """Linux: shmem_writepage() for reclaim, on an unmapped shmem page: a slot from
    get_swap_page() with no swap namespace (the page has no anon owner, so only the
    init namespace's areas), its bytes written there, the entry kept in the file's
    swap vector, and the frame freed. Returns: False if there is no slot (the page
    is redirtied and stays)."""
    info = page.mapping
    if not isinstance(info, ShmemInodeInfo):
        BUG(f"shmem_writepage of a page not in a shmem file: {page!r}")
    entry = get_swap_page(k, None)
    if not entry:
        return False
    swap_writepage(k, page, entry)
    del info.pages[page.index]
    info.swap[page.index] = entry
    k.shmem_swap[entry] = (info, page.index)
    _free_page(k, page)
    return True


class ShmemAops:
    """Linux: shmem_aops, the address_space_operations of every shmem file."""

    def writepage(self, k: Kernel, page: Page) -> bool:
        return shmem_writepage(k, page)


shmem_aops = ShmemAops()


def shmem_truncate(
    k: Kernel, info: ShmemInodeInfo, size: int = 0, tsk: TaskStruct | None = None
) -> None:
    """Linux: shmem_truncate_range() from size on: free the pages past it and the
    swap entries of swapped-out ones, and zero the tail of a partial last page (read
    back first if it was swapped, as 2.6.25 does). No vma maps those pages (a SysV
    segment goes when its last attach does; tmpfs files are not mmap()ed here).
    Raises: ENOMEM if the partial page must be read back and there is no free frame
    to do it without sleeping. tsk: whose allocation that is (default: current)."""
    keep = (size + PAGE_SIZE - 1) >> PAGE_SHIFT
    tail = size & (PAGE_SIZE - 1)
    if tail and (size >> PAGE_SHIFT) in info.swap:
        new = alloc_page_nowait(k, tsk if tsk is not None else k.current())
        if new is None:
            raise KernelError(Errno.ENOMEM)
        _shmem_fill(k, info, size >> PAGE_SHIFT, new)
    gone = [i for i in info.pages if i >= keep]
    for idx in gone:
        page = info.pages.pop(idx)
        if page._mapcount:
            raise KernelBug(f"shmem_truncate: page still mapped {page!r}")
        _free_page(k, page)
    swapped = [i for i in info.swap if i >= keep]
    for idx in swapped:
        entry = info.swap.pop(idx)
        del k.shmem_swap[entry]
        swap_free(k, entry)
    shmem_free_blocks(info, len(gone) + len(swapped))
    last = info.pages.get(size >> PAGE_SHIFT) if tail else None
    if last is not None and last.data is not None and len(last.data) > tail:
        last.data = without_trailing_zeros(last.data[:tail]) or None
        last.flags |= PG_dirty
    info.size = size


def shmem_unuse(k: Kernel, entry: int, page: Page) -> bool:
    """Linux: shmem_unuse() during swapoff: if entry is in some shmem file's swap
    vector, page (read from it, in the swap cache) becomes that file's page again.
    Returns: whether a file held entry."""
    owner = k.shmem_swap.pop(entry, None)
    if owner is None:
        return False
    info, idx = owner
    del info.swap[idx]
    delete_from_swap_cache(k, page)  # the cache's reference
    swap_free(k, entry)  # the vector's
    page.mapping, page.index = info, idx
    page.flags |= PG_dirty
    info.pages[idx] = page
    return True
