"""The swap slot allocator (models the allocator half of mm/swapfile.c, 2.6.25, with
the swap namespaces patch): struct swap_info_struct and the globals it lives in,
scan_swap_map, get_swap_page, and the swap_map reference counts (swap_duplicate,
swap_free, swap_count).

Linux kept all of this in mm/swapfile.c beside swapon and swapoff (mm/swap_slots.c,
added in 4.11, is a per-cpu cache in front of it, not this). The model puts it in a
module of its own, below the swap cache, reclaim, shmem and the page allocator that
call it, so that swapfile.py -- swapon, swapoff, try_to_unuse, /proc/swaps -- can
import those at the top: nothing here calls upward. The two places where the patch's
rules need swapoff from below (a dying namespace's area, an orphaned area's last
entry) go through callbacks that swapfile.py registers (SwapState.release_ns_area at
boot, SwapInfoStruct.orphan_release when it orphans an area).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from swapsh.kernel.bug import KernelBug
from swapsh.kernel.locking import Lockdep, Spinlock
from swapsh.kernel.mm.mm_types import SWP_OFFSET_MASK, SWP_TYPE_SHIFT, swp_entry

if TYPE_CHECKING:
    from swapsh.kernel.fs.file import File
    from swapsh.kernel.kernel import Kernel
    from swapsh.kernel.mm.swap_namespace import SwapNamespace

__all__ = [
    "SWAPFILE_CLUSTER",
    "SWAP_MAP_BAD",
    "SWAP_MAP_MAX",
    "SWP_ACTIVE",
    "SWP_USED",
    "SWP_WRITEOK",
    "SwapInfoStruct",
    "SwapState",
    "get_swap_page",
    "scan_swap_map",
    "swap_count",
    "swap_duplicate",
    "swap_free",
    "vm_swap_full",
]

SWP_USED, SWP_WRITEOK = 1, 2
SWP_ACTIVE = SWP_USED | SWP_WRITEOK
SWAP_MAP_MAX, SWAP_MAP_BAD = 0x7FFF, 0x8000
SWAPFILE_CLUSTER = 256
_FREE_CLUSTER = bytes(SWAPFILE_CLUSTER)


@dataclass(slots=True, eq=False, kw_only=True)
class SwapInfoStruct:
    """Linux: struct swap_info_struct (include/linux/swap.h), with the patch's field."""

    type: int  # index in swap_info; immutable
    flags: int = 0  # SWP_*; protected by: swap_lock
    swap_namespace: SwapNamespace | None = None  # the patch; protected by: swap_lock
    prio: int = 0  # protected by: swap_lock
    swap_file: File | None = None  # protected by: swapon_mutex (here: swap_lock)
    swap_map: array[int] | None = None  # per-slot use counts; protected by: swap_lock
    lowest_bit: int = 0  # protected by: swap_lock
    highest_bit: int = 0  # protected by: swap_lock
    cluster_next: int = 0  # protected by: swap_lock
    cluster_nr: int = 0  # protected by: swap_lock
    pages: int = 0  # usable slots; immutable while active
    max: int = 0  # slots including the header; immutable while active
    inuse_pages: int = 0  # protected by: swap_lock
    next: int = -1  # next in the priority list; protected by: swap_lock
    nr_extents: int = 0  # physically contiguous runs (setup_swap_extents)
    span: int = 0  # pages from the lowest to the highest block used
    # swapsh's search index beside swap_map: b"\0" for a free slot, b"\1" otherwise, so
    # scan_swap_map's "256 free slots in a row" search is one bytes.find().
    slot_used: bytearray | None = None  # protected by: swap_lock
    # Set when its namespace died with entries in use (swapfile.release_swap_ns_area):
    # what finishes the swapoff once swap_free frees the last one. Protected by: swap_lock
    orphan_release: Callable[[SwapInfoStruct], None] | None = None


@dataclass(slots=True, eq=False, kw_only=True)
class SwapState:
    """The globals of mm/swapfile.c: swap_info[], swap_list, the counters, swap_lock."""

    max_swapfiles: int  # MAX_SWAPFILES
    swap_lock: Spinlock  # protects everything below
    # free_swap_ns()'s work, which is swapoff's (swapfile.release_swap_ns_area):
    # registered at boot, since swap_namespace.py sits below swapfile.py. Immutable.
    release_ns_area: Callable[[SwapState, SwapNamespace], None]
    swap_info: list[SwapInfoStruct] = field(default_factory=list)
    nr_swapfiles: int = 0  # high-water mark of slots ever used
    swap_list_head: int = -1  # swap_list.head
    swap_list_next: int = -1  # swap_list.next
    nr_swap_pages: int = 0  # free slots in WRITEOK areas
    total_swap_pages: int = 0  # slots in WRITEOK areas
    least_priority: int = 0  # static int least_priority (never restored in 2.6.25)
    k: Kernel | None = None  # the machine, for printk

    @classmethod
    def create(
        cls,
        max_swapfiles: int,
        lockdep: Lockdep,
        release_ns_area: Callable[[SwapState, SwapNamespace], None],
    ) -> SwapState:
        s = cls(
            max_swapfiles=max_swapfiles,
            swap_lock=Spinlock(name="swap_lock", lockdep=lockdep),
            release_ns_area=release_ns_area,
        )
        s.swap_info = [SwapInfoStruct(type=i) for i in range(max_swapfiles)]
        return s


def scan_swap_map(si: SwapInfoStruct) -> int:  # noqa: C901, PLR0912 - mirrors mm/swapfile.c:scan_swap_map
    """Linux: scan_swap_map(). A free slot of si, clustered as 2.6.25 does: 256
    allocations in a row go to one run of free slots, then a new run is looked for
    from lowest_bit. Returns: the offset, or 0 if the area is full.

    Locking: swap_lock held.
    """
    swap_map, used = si.swap_map, si.slot_used
    if swap_map is None or used is None:
        raise KernelBug(f"scan_swap_map on swap area {si.type} without a map")
    if not si.flags & SWP_WRITEOK or si.highest_bit == 0:
        return 0
    offset = 0
    if si.cluster_nr == 0:
        si.cluster_nr = SWAPFILE_CLUSTER - 1
        if si.pages - si.inuse_pages >= SWAPFILE_CLUSTER:
            start = used.find(_FREE_CLUSTER, si.lowest_bit, si.highest_bit + 1)
            if start >= 0:
                offset = si.cluster_next = start
        if not offset:
            offset = si.lowest_bit
    else:
        si.cluster_nr -= 1
        offset = si.cluster_next
        if offset > si.highest_bit:
            offset = si.lowest_bit
    if swap_map[offset]:
        nxt = used.find(0, offset + 1, si.highest_bit + 1)
        if nxt < 0:
            nxt = used.find(0, si.lowest_bit, si.highest_bit + 1)
        if nxt < 0:
            return 0
        offset = nxt
    if offset == si.lowest_bit:
        si.lowest_bit += 1
    if offset == si.highest_bit:
        si.highest_bit -= 1
    si.inuse_pages += 1
    if si.inuse_pages == si.pages:
        si.lowest_bit, si.highest_bit = si.max, 0
    swap_map[offset] = 1
    used[offset] = 1
    si.cluster_next = offset + 1
    return offset


def get_swap_page(k: Kernel, ns: SwapNamespace | None) -> int:
    """Linux (patch): get_swap_page(page), after vma_page_to_swapns(page) found ns.

    A child namespace's page may only go to its namespace's area (none bound, or
    being swapped off: no slot). An init-namespace page goes to the init
    namespace's areas by priority, round robin within equal priority (reference §1.5).
    Returns: the swap entry (its count is 1: the swap cache's), or 0 for none.
    """
    swap = k.swap
    with swap.swap_lock:
        if swap.nr_swap_pages <= 0:
            return 0
        if ns is not None:
            with ns.lock:
                t = ns.type
            if t < 0:
                return 0
            off = scan_swap_map(swap.swap_info[t])
            if not off:
                return 0
            swap.nr_swap_pages -= 1
            return swp_entry(t, off)
        swap.nr_swap_pages -= 1
        wrapped, t = 0, swap.swap_list_next
        while t >= 0 and wrapped < 2:
            si = swap.swap_info[t]
            nxt = si.next
            if nxt < 0 or (not wrapped and si.prio != swap.swap_info[nxt].prio):
                nxt, wrapped = swap.swap_list_head, wrapped + 1
            if si.swap_namespace is not None or si.highest_bit == 0 or not si.flags & SWP_WRITEOK:
                t = nxt
                continue
            swap.swap_list_next = nxt
            off = scan_swap_map(si)
            if off:
                return swp_entry(t, off)
            t = swap.swap_list_next
        swap.nr_swap_pages += 1
        return 0


def _entry_area(k: Kernel, entry: int) -> tuple[SwapInfoStruct, array[int], int]:
    """The area, its swap_map and the offset of a live entry (Linux: the checks of
    swap_info_get()). A dead or foreign entry is a model bug. Called only where
    the inline test in swap_free / swap_duplicate / swap_count failed, or to
    raise."""
    t, off = entry >> SWP_TYPE_SHIFT, entry & SWP_OFFSET_MASK
    try:
        si = k.swap.swap_info[t]
        swap_map = si.swap_map
        if swap_map is not None and swap_map[off]:
            return si, swap_map, off
    except IndexError:
        pass
    raise KernelBug(f"bad swap entry {entry:#x}: type {t} offset {off} not in use")


# swap_duplicate, swap_free and swap_count run several times per page swapped in: each
# looks its entry up inline (swap_info[type].swap_map[offset] non-zero), falling back
# to _entry_area() -- which raises -- for anything else.


def swap_duplicate(k: Kernel, entry: int) -> None:
    """Linux: swap_duplicate(). One more reference (a pte, the swap cache) to entry."""
    with k.swap.swap_lock:
        swap_map = k.swap.swap_info[entry >> SWP_TYPE_SHIFT].swap_map
        off = entry & SWP_OFFSET_MASK
        if swap_map is None or not swap_map[off]:
            _si, swap_map, off = _entry_area(k, entry)
        if swap_map[off] < SWAP_MAP_MAX:
            swap_map[off] += 1


def swap_free(k: Kernel, entry: int) -> None:
    """Linux: swap_free() -> swap_entry_free(). The last reference frees the slot;
    the last one of an orphaned area finishes its swapoff (orphan_release)."""
    swap = k.swap
    with swap.swap_lock:
        si = swap.swap_info[entry >> SWP_TYPE_SHIFT]
        swap_map, off = si.swap_map, entry & SWP_OFFSET_MASK
        if swap_map is None or not swap_map[off]:
            si, swap_map, off = _entry_area(k, entry)
        count = swap_map[off]
        if count < SWAP_MAP_MAX:
            count -= 1
            swap_map[off] = count
        if count:
            return
        used = si.slot_used
        if used is None:
            raise KernelBug(f"swap area {si.type} has a swap_map but no slot index")
        used[off] = 0
        if off < si.lowest_bit:
            si.lowest_bit = off
        if off > si.highest_bit:
            si.highest_bit = off
        si.inuse_pages -= 1
        nxt = swap.swap_list_next
        if nxt >= 0 and si.prio > swap.swap_info[nxt].prio:
            swap.swap_list_next = si.type
        # also while the area is being swapped off: sys_swapoff took all its pages
        # off the counter, and each entry freed since gives one back
        swap.nr_swap_pages += 1
        release = None
        if not si.inuse_pages and si.orphan_release is not None:
            release, si.orphan_release = si.orphan_release, None
    if release is not None:
        release(si)


def swap_count(k: Kernel, entry: int) -> int:
    """The references on entry (swap_map[offset])."""
    with k.swap.swap_lock:
        swap_map = k.swap.swap_info[entry >> SWP_TYPE_SHIFT].swap_map
        off = entry & SWP_OFFSET_MASK
        if swap_map is None or not swap_map[off]:
            _si, swap_map, off = _entry_area(k, entry)
        return int(swap_map[off])


def vm_swap_full(k: Kernel) -> bool:
    """Linux: vm_swap_full(). More than half of all swap is in use."""
    return k.swap.nr_swap_pages * 2 < k.swap.total_swap_pages
