"""The page allocator and the zone (models mm/page_alloc.c, include/linux/mmzone.h, and
the vmstat counters of mm/vmstat.c).

One zone holds all of RAM. Frames not yet handed out are a free list of frame
numbers; a Page object exists only while its frame is allocated. Watermarks follow
2.6.25: min_free_kbytes = sqrt(16 * lowmem_kbytes) clamped to [128, 65536], and
pages_low / pages_high are min + min/4 / min + min/2. A freed page is poisoned: any
later use of it is a KernelBug (xv6's kfree junk, Linux's PAGE_POISONING).
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from swapsh.kernel.bug import KernelBug
from swapsh.kernel.mm.mm_types import (
    CacheRun,
    Page,
    PG_active,
    PG_lru,
    PG_poison,
    PG_swapcache,
)
from swapsh.kernel.mm.oom_kill import out_of_memory
from swapsh.kernel.mm.vmscan import congestion_wait, try_to_free_pages, wakeup_kswapd
from swapsh.kernel.params import HZ, NSEC_PER_SEC, PAGE_SIZE, PF_MEMDIE
from swapsh.kernel.printk import KERN_WARNING
from swapsh.kernel.sched import WaitQueue
from swapsh.kernel.signal import Sig
from swapsh.kernel.task import TaskExit

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel
    from swapsh.kernel.task import TaskStruct

__all__ = ["GFP_HIGHUSER_MOVABLE", "VM_EVENTS", "Zone", "alloc_page"]

# free_pages_check(): a page freed while on an LRU list or in the swap cache is a bug
PAGE_FLAGS_CHECK_AT_FREE = PG_lru | PG_active | PG_swapcache

VM_EVENTS = (
    "pgpgin",
    "pgpgout",
    "pswpin",
    "pswpout",
    "pgalloc_normal",
    "pgfree",
    "pgactivate",
    "pgdeactivate",
    "pgfault",
    "pgmajfault",
    "pgrefill_normal",
    "pgsteal_normal",
    "pgscan_kswapd_normal",
    "pgscan_direct_normal",
    "kswapd_steal",
    "pageoutrun",
    "allocstall",
)


def min_free_kbytes(lowmem_kbytes: int) -> int:
    """Linux: init_per_zone_pages_min()."""
    return max(128, min(65536, math.isqrt(lowmem_kbytes * 16)))


@dataclass(slots=True, eq=False, kw_only=True)
class Zone:
    """Linux: struct zone (ZONE_NORMAL), with its LRU lists and counters."""

    present_pages: int  # frames in the zone
    reserved_pages: int  # frames the kernel keeps (text, data, memmap)
    free_list: list[int] = field(default_factory=list, repr=False)  # free frame numbers; zone->lock
    pages_min: int = 0  # watermarks, in pages
    pages_low: int = 0
    pages_high: int = 0
    # LRU lists, oldest first. OrderedDicts, not dicts: reclaim keeps taking from the
    # front, which a plain dict answers in time proportional to what was removed.
    active_list: OrderedDict[Page, None] = field(default_factory=OrderedDict, repr=False)
    inactive_list: OrderedDict[Page, None] = field(default_factory=OrderedDict, repr=False)
    nr_scan_active: int = 0  # shrink_zone's accumulated scan goals
    nr_scan_inactive: int = 0
    # Pages scanned since a page was last freed. kswapd marks the zone
    # all_unreclaimable once that reaches six times its LRU pages; direct reclaim
    # then skips it below DEF_PRIORITY, and reports no progress: the OOM killer's cue.
    pages_scanned: int = 0
    all_unreclaimable: bool = False
    # The page cache's frames, in runs, oldest first (filemap.py); NR_FILE_PAGES
    # without the swap cache.
    file_lru: OrderedDict[CacheRun, None] = field(default_factory=OrderedDict, repr=False)
    nr_file_pages: int = 0
    events: dict[str, int] = field(default_factory=dict)  # vm_event_states
    kswapd_wait: WaitQueue = field(default_factory=lambda: WaitQueue(name="kswapd_wait"))

    @classmethod
    def create(cls, mem_bytes: int, reserved_bytes: int) -> Zone:
        present = mem_bytes // PAGE_SIZE
        reserved = reserved_bytes // PAGE_SIZE
        z = cls(present_pages=present, reserved_pages=reserved)
        z.free_list = list(range(present - 1, reserved - 1, -1))  # pop() gives low pfns
        mn = min_free_kbytes((present - reserved) * PAGE_SIZE // 1024) * 1024 // PAGE_SIZE
        z.pages_min, z.pages_low, z.pages_high = mn, mn + mn // 4, mn + mn // 2
        z.events = dict.fromkeys(VM_EVENTS, 0)
        return z

    @property
    def nr_free(self) -> int:
        return len(self.free_list)

    @property
    def managed_pages(self) -> int:
        """totalram_pages: what the kernel hands out (all but the reserved frames)."""
        return self.present_pages - self.reserved_pages

    def count(self, event: str, n: int = 1) -> None:
        self.events[event] += n

    def take(self) -> Page:
        """Hand out one free frame (the caller checked the watermark)."""
        page = Page(self.free_list.pop())
        self.events["pgalloc_normal"] += 1
        return page

    def give_back(self, page: Page) -> None:
        """Linux: __free_pages(). The page must be unmapped and off every list."""
        flags = page.flags
        if flags & PG_poison:
            raise KernelBug(f"double free of pfn {page.pfn}")
        if page._mapcount or flags & PAGE_FLAGS_CHECK_AT_FREE:
            raise KernelBug(f"freeing a page still in use: {page!r}")
        page.flags = PG_poison
        page.data = None
        page.mapping = None
        self.free_list.append(page.pfn)
        self.events["pgfree"] += 1
        self.pages_scanned = 0  # free_one_page(): the zone is reclaimable again
        self.all_unreclaimable = False

    def free_pages_bulk(self, pfns: list[int]) -> None:
        """Linux: free_pages_bulk(). Frames the page cache let go of, all at once;
        like any free, they make the zone reclaimable again."""
        if pfns:
            self.free_list += pfns
            self.events["pgfree"] += len(pfns)
            self.pages_scanned = 0
            self.all_unreclaimable = False


GFP_HIGHUSER_MOVABLE = 0x1200D2  # what user page faults allocate with (2.6.25)
CONGESTION_WAIT_NS = NSEC_PER_SEC // 50  # congestion_wait(WRITE, HZ/50)
JIFFY_NS = NSEC_PER_SEC // HZ  # schedule_timeout_uninterruptible(1)


def alloc_page_nowait(k: Kernel, tsk: TaskStruct) -> Page | None:
    """Linux: __alloc_pages() for one user page (order 0, GFP_HIGHUSER_MOVABLE), up
    to its first sleep.

    Above pages_low: take a frame. Below it: wake kswapd, and take one while above
    pages_min (the OOM victim may take the reserve below it). Returns: the page, or
    None if the caller must reclaim directly, which sleeps (alloc_page_wait). A
    plain function, not a coroutine: most faults never sleep, and a coroutine per
    fault is what the paging benchmark paid most for.
    Raises: TaskExit(SIGKILL) when the current task was killed.
    """
    z = k.zone
    if len(z.free_list) > z.pages_low:  # (nr_free, without a property call per fault)
        return z.take()
    wakeup_kswapd(k)
    return _alloc_page_min(k, tsk)


def _alloc_page_min(k: Kernel, tsk: TaskStruct) -> Page | None:
    """get_page_from_freelist() at the pages_min watermark, or from the reserve for
    the OOM victim (ALLOC_NO_WATERMARKS). Returns: the page, or None."""
    z = k.zone
    if len(z.free_list) > z.pages_min:
        return z.take()
    if tsk.flags & PF_MEMDIE:  # the OOM victim may dip into the reserve to die
        if z.free_list:
            return z.take()
        k.printk(KERN_WARNING, f"VM: killing process {tsk.comm}")
        raise TaskExit(Sig.SIGKILL)
    if Sig.SIGKILL in tsk.pending:
        raise TaskExit(Sig.SIGKILL)  # killed while waiting for memory
    return None


async def alloc_page_wait(k: Kernel, tsk: TaskStruct) -> Page:
    """The sleeping rest of __alloc_pages after alloc_page_nowait() returned None:
    reclaim directly (try_to_free_pages, which naps) and take a frame at once if
    that made room; if it made progress but others took the room, nap
    (congestion_wait(HZ/50)) and rebalance; with no progress, call the OOM killer
    and give its victim a jiffy to exit (unless that is us). 2.6.25 retries an
    order-0 allocation until it succeeds or the task dies.
    Raises: TaskExit(SIGKILL) when the current task was chosen (or killed)."""
    z = k.zone
    while True:
        z.count("allocstall")
        if await try_to_free_pages(k, tsk):
            page = _alloc_page_min(k, tsk)
            if page is not None:
                return page
            await congestion_wait(k, CONGESTION_WAIT_NS)
        else:
            out_of_memory(k, tsk, GFP_HIGHUSER_MOVABLE)
            if not tsk.flags & PF_MEMDIE:
                await congestion_wait(k, JIFFY_NS)  # schedule_timeout_uninterruptible(1)
        page = alloc_page_nowait(k, tsk)  # restart
        if page is not None:
            return page


async def alloc_page(k: Kernel, tsk: TaskStruct) -> Page:
    """Linux: __alloc_pages() for one user page: alloc_page_nowait(), sleeping
    (alloc_page_wait) when it must."""
    page = alloc_page_nowait(k, tsk)
    return page if page is not None else await alloc_page_wait(k, tsk)
