"""The swap cache and swap I/O (models mm/swap_state.c and mm/page_io.c).

A page in the swap cache is findable by its swap entry while it travels between
memory and its slot. Swap I/O copies the page's bytes to and from the swap file at
slot * 4096: the very bytes `strings` and `hexdump` find there. I/O is synchronous
in the model; it costs simulated time (params.Costs.swap_io_ns).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from swapsh.kernel.bug import BUG, KernelBug
from swapsh.kernel.fs.inode import FileData, without_trailing_zeros
from swapsh.kernel.mm.mm_types import (
    SWP_OFFSET_MASK,
    SWP_TYPE_SHIFT,
    Page,
    PG_dirty,
    PG_swapcache,
    swp_offset,
)
from swapsh.kernel.mm.swap_alloc import swap_count, swap_duplicate, swap_free

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel

__all__ = [
    "add_to_swap_cache",
    "can_share_swap_page",
    "delete_from_swap_cache",
    "lookup_swap_cache",
    "remove_exclusive_swap_page",
    "swap_readpage",
    "swap_slot_bytes",
    "swap_writepage",
]


def lookup_swap_cache(k: Kernel, entry: int) -> Page | None:
    """Linux: lookup_swap_cache()."""
    return k.swapper_space.get(entry)


def add_to_swap_cache(k: Kernel, page: Page, entry: int, *, new_entry: bool) -> None:
    """Linux: add_to_swap_cache(). The cache holds one reference on entry: a fresh
    entry from get_swap_page already counts it; an existing one is duplicated."""
    if entry in k.swapper_space:
        raise KernelBug(f"swap entry {entry:#x} cached twice")
    if not new_entry:
        swap_duplicate(k, entry)
    page.flags |= PG_swapcache
    page.private = entry
    k.swapper_space[entry] = page


def delete_from_swap_cache(k: Kernel, page: Page) -> None:
    """Linux: delete_from_swap_cache(). Drops the cache's reference on the entry."""
    entry = page.private
    if k.swapper_space.pop(entry, None) is not page:
        raise KernelBug(f"{page!r} not in the swap cache")
    page.flags &= ~PG_swapcache
    page.private = 0
    swap_free(k, entry)


def can_share_swap_page(k: Kernel, page: Page) -> bool:
    """Linux: can_share_swap_page() (mm/swapfile.c). Whether the faulting pte may
    write to an anonymous page in place: no other pte maps it, and no other swap
    pte still refers to its slot (swap_map less the cache's own reference). A page
    so reused stays in the swap cache: its slot is kept, and written again when
    the page is reclaimed."""
    count = page._mapcount
    if count <= 1 and page.flags & PG_swapcache:
        count += swap_count(k, page.private) - 1
    return count == 1


def remove_exclusive_swap_page(k: Kernel, page: Page) -> bool:
    """Linux: remove_exclusive_swap_page() (mm/swapfile.c). Take a page out of the
    swap cache and free its slot when only the cache and the caller's one mapping
    use them (2.6.25's page_count() == 2); the page is dirty again, as its only
    copy is now in memory. Returns: whether it was removed."""
    if not page.flags & PG_swapcache or page._mapcount != 1:
        return False
    if swap_count(k, page.private) != 1:
        return False
    delete_from_swap_cache(k, page)
    page.flags |= PG_dirty
    return True


def _swap_file_data(k: Kernel, entry: int) -> FileData:
    si = k.swap.swap_info[entry >> SWP_TYPE_SHIFT]  # swp_type(), inline: once per swap I/O
    if si.swap_file is None:
        raise KernelBug(f"swap I/O on entry {entry:#x} of an inactive area")
    data = si.swap_file.f_inode.data
    if data is None:
        BUG(f"swap file of area {si.type} has no data")
    return data


def swap_slot_bytes(k: Kernel, entry: int) -> bytes:
    """What the slot of entry holds on disk (without its trailing zeros)."""
    return _swap_file_data(k, entry).read_page(swp_offset(entry))


def swap_writepage(k: Kernel, page: Page, entry: int = 0) -> None:
    """Linux: swap_writepage(). Write the page's bytes into its slot (the swap cache's
    entry for the page, unless entry is given)."""
    entry = entry or page.private
    data = _swap_file_data(k, entry)
    off = entry & SWP_OFFSET_MASK  # swp_offset()
    d = page.data
    stored = d if type(d) is bytes else without_trailing_zeros(d) if d is not None else b""
    data.write_page(off, stored)  # trailing zeros are implicit, as in FileData
    page.flags &= ~PG_dirty
    events = k.zone.events
    events["pswpout"] += 1
    events["pgpgout"] += 4
    k.sched.advance(k.costs.swap_io_ns)


def swap_readpage(k: Kernel, page: Page, entry: int) -> None:
    """Linux: swap_readpage(). Fill the page from its slot."""
    stored = _swap_file_data(k, entry).read_page(entry & SWP_OFFSET_MASK)  # swp_offset()
    page.data = stored or None  # shared: FileData's pages are immutable bytes
    events = k.zone.events
    events["pswpin"] += 1
    events["pgpgin"] += 4
    k.sched.advance(k.costs.swap_io_ns)
