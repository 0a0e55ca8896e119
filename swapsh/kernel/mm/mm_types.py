"""Memory-management structures (models include/linux/mm_types.h, mm.h, rmap.h).

A page table is a dict from virtual page number to Pte; a Pte holds either a present
page or a swap entry (swp_entry_t as an int: type << 59 | offset, the generic 64-bit
encoding). Page contents are real bytes: `data` is a 4 KiB bytearray, or None for a
page that has only ever held zeros (it reads as zeros without costing host memory).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from swapsh.kernel.locking import Lockdep, Spinlock

if TYPE_CHECKING:
    from swapsh.kernel.fs.inode import FileData
    from swapsh.kernel.kernel import Kernel
    from swapsh.kernel.task import TaskStruct

__all__ = [
    "SWP_OFFSET_MASK",
    "SWP_TYPE_SHIFT",
    "AddressSpaceOperations",
    "AnonVma",
    "CacheRun",
    "MmStruct",
    "PG_active",
    "PG_dirty",
    "PG_lru",
    "PG_referenced",
    "PG_swapcache",
    "Page",
    "Pte",
    "ShmemInodeInfo",
    "ShmemSbInfo",
    "VmAreaStruct",
    "VmOperations",
    "swp_entry",
    "swp_offset",
    "swp_type",
]

# page->flags bits (include/linux/page-flags.h), the ones the model uses
PG_referenced, PG_dirty, PG_lru, PG_active, PG_swapcache, PG_poison = 1, 2, 4, 8, 16, 32

SWP_TYPE_SHIFT = 59
SWP_OFFSET_MASK = (1 << SWP_TYPE_SHIFT) - 1

VM_READ, VM_WRITE, VM_SHARED, VM_GROWSDOWN = 0x1, 0x2, 0x8, 0x100


def swp_entry(type_: int, offset: int) -> int:
    """Linux: swp_entry(). 0 is 'no entry' (offset 0 is the header and never used)."""
    return (type_ << SWP_TYPE_SHIFT) | offset


def swp_type(entry: int) -> int:
    return entry >> SWP_TYPE_SHIFT


def swp_offset(entry: int) -> int:
    return entry & SWP_OFFSET_MASK


class Page:
    """Linux: struct page. One per page frame while it is allocated."""

    # No _count: the model frees a page when no pte maps it (_mapcount) and the swap
    # cache does not hold it (PG_swapcache), which is what its references come to.
    __slots__ = ("_mapcount", "data", "flags", "index", "mapping", "pfn", "private")

    def __init__(self, pfn: int) -> None:
        self.pfn = pfn  # immutable
        self.flags = 0  # PG_*; protected by: the page lock (one CPU: no contention)
        self._mapcount = 0  # ptes mapping it (Linux counts from -1; here from 0)
        # anon_vma of an anonymous page, or the shmem file of a shared one
        self.mapping: AnonVma | ShmemInodeInfo | None = None
        self.index = 0  # anon: virtual page number (linear_page_index); shmem: file page
        self.private = 0  # swap entry while in the swap cache
        # contents: the page's first len(data) bytes, the rest zeros (so a page with
        # one int written costs a few bytes); None: all zeros. Immutable bytes (never
        # with a zero last byte) may be shared with a swap slot or another page and
        # become a private bytearray at the first partial store: copy-on-write of
        # the host buffer, so swap I/O and whole-page stores copy nothing.
        self.data: bytes | bytearray | None = None

    def __repr__(self) -> str:
        return f"<Page pfn={self.pfn} map={self._mapcount} f={self.flags:#x}>"


class Pte:
    """Linux: pte_t. Present (page set) or swapped (swp set), never both."""

    __slots__ = ("page", "swp", "write", "young")

    def __init__(self, page: Page | None, swp: int = 0, write: bool = False) -> None:
        self.page = page  # the mapped page, if present
        self.swp = swp  # the swap entry, if swapped out
        self.write = write  # pte_write: writes need no fault
        self.young = True  # pte_young: accessed since last checked by reclaim


@dataclass(slots=True, eq=False, kw_only=True)
class AnonVma:
    """Linux: struct anon_vma. The vmas that may map its pages (fork shares it)."""

    lock: Spinlock  # protects head
    head: list[VmAreaStruct] = field(default_factory=list)  # protected by: lock


@dataclass(slots=True, eq=False)
class CacheRun:
    """Cached pages [start, start + len(pfns)) of one file, on the zone's file LRU
    (swapsh's run of struct pages in an address space's radix tree: mm/filemap.py)."""

    mapping: FileData = field(repr=False)  # the file's address space
    start: int  # first page index
    pfns: list[int] = field(repr=False)  # the frames holding pages start, start+1, ...

    @property
    def end(self) -> int:
        return self.start + len(self.pfns)


@dataclass(slots=True, eq=False, kw_only=True)
class ShmemSbInfo:
    """Linux: struct shmem_sb_info: a tmpfs mount's block limit (size=, by default
    half of RAM). The kernel's internal mount behind SysV segments has none."""

    max_blocks: int  # pages the mount may hold, in RAM or in swap; immutable
    free_blocks: int  # max_blocks less the pages its files hold; protected by: stat_lock


class AddressSpaceOperations(Protocol):
    """Linux: struct address_space_operations, the one hook the model needs: how
    reclaim writes out a page of a file (shmem_aops for SysV segments and tmpfs).
    Reclaim (vmscan) calls it through the page's mapping, as pageout() does, so it
    need not import the file system above it."""

    def writepage(self, k: Kernel, page: Page) -> bool:
        """Write page out and free it. Returns: False if it must stay (redirtied)."""
        ...


@dataclass(slots=True, eq=False, kw_only=True)
class ShmemInodeInfo:
    """Linux: struct shmem_inode_info, with its inode's page cache and i_mmap: the
    file behind a SysV shared memory segment or a tmpfs file (mm/shmem.py)."""

    name: str  # "SYSV%08x" (the key) for a SysV segment
    size: int  # i_size in bytes
    a_ops: AddressSpaceOperations  # mapping->a_ops: shmem_aops; immutable
    pages: dict[int, Page] = field(default_factory=dict)  # index -> page in RAM
    swap: dict[int, int] = field(default_factory=dict)  # index -> swap entry (i_swap)
    i_mmap: list[VmAreaStruct] = field(default_factory=list)  # vmas mapping the file
    sbinfo: ShmemSbInfo | None = None  # the tmpfs mount's limit (SHMEM_SB); immutable


class VmOperations:
    """Linux: struct vm_operations_struct, the two hooks the model's shared mappings
    need: a vma is made (fork, split) or goes (munmap, exit)."""

    def open(self, vma: VmAreaStruct) -> None:
        """A new vma maps the object."""

    def close(self, vma: VmAreaStruct) -> None:
        """A vma stops mapping the object."""


@dataclass(slots=True, eq=False, kw_only=True)
class VmAreaStruct:
    """Linux: struct vm_area_struct: anonymous private mappings, and shared mappings
    of a shmem file (SysV shared memory)."""

    vm_mm: MmStruct  # immutable
    vm_start: int  # first byte; protected by: mmap_sem
    vm_end: int  # one past the last byte; protected by: mmap_sem
    vm_flags: int  # VM_*; protected by: mmap_sem
    anon_vma: AnonVma | None = None  # set at the first fault (anon_vma_prepare)
    name: str = ""  # for /proc/<pid>/maps: "[heap]", "[stack]" or ""
    vm_file: ShmemInodeInfo | None = None  # the shmem file of a shared mapping
    vm_pgoff: int = 0  # file page at vm_start
    vm_ops: VmOperations | None = None  # open/close hooks (shm_open, shm_close)


@dataclass(slots=True, eq=False, kw_only=True)
class MmStruct:
    """Linux: struct mm_struct, with 2.6.26's owner (DESIGN.md)."""

    mmap: list[VmAreaStruct] = field(default_factory=list)  # sorted by vm_start; mmap_sem
    # vpn -> pte; 2.6.25's page_table_lock is not modelled (kernel/locking.py)
    pgd: dict[int, Pte] = field(default_factory=dict)
    mm_users: int = 1  # tasks using it
    owner: TaskStruct | None = None  # the task that owns it (CONFIG_MM_OWNER, 2.6.26)
    total_vm: int = 0  # pages of all vmas
    anon_rss: int = 0  # present anonymous pages
    file_rss: int = 0  # present pages of shared (shmem) mappings
    hiwater_rss: int = 0  # the most anon_rss has been (VmHWM)
    hiwater_vm: int = 0  # the most total_vm has been (VmPeak)
    swap_ents: int = 0  # ptes holding swap entries
    start_brk: int = 0  # heap start
    brk: int = 0  # heap end
    start_stack: int = 0  # top of the stack vma
    arg_start: int = 0  # argv strings on the stack
    env_start: int = 0  # environment strings on the stack
    on_mmlist: bool = False  # on init_mm.mmlist (has had swap entries); mmlist_lock
    mmap_cache: VmAreaStruct | None = None  # the last vma find_vma returned

    @property
    def nr_ptes(self) -> int:
        """Linux: mm->nr_ptes. Page-table pages in use: one per 512 virtual pages that
        have an entry."""
        return len({vpn >> 9 for vpn in self.pgd})

    def find_vma(self, addr: int) -> VmAreaStruct | None:
        """Linux: find_vma() restricted to the vma containing addr. Like Linux it
        tries mmap_cache first: faults come in runs on one vma."""
        vma = self.mmap_cache
        if vma is not None and vma.vm_start <= addr < vma.vm_end:
            return vma
        for vma in self.mmap:
            if vma.vm_start <= addr < vma.vm_end:
                self.mmap_cache = vma
                return vma
        return None


def new_anon_vma(lockdep: Lockdep) -> AnonVma:
    return AnonVma(lock=Spinlock(name="anon_vma.lock", lockdep=lockdep))
