"""Shared memory pages (models mm/shmem.c, 2.6.25, for the files behind SysV shared
memory segments).

A shmem file keeps its pages in RAM (`pages`, on the LRU lists like anonymous pages)
or, once reclaim has pushed them out, in swap (`swap`, the i_swap vector). Its pages
have no anon_vma, so `get_swap_page()` finds no swap namespace for them through
vma_page_to_swapns: they always go to the init namespace's areas, whichever
namespace the tasks that use them live in. This is the seed's checkpoint caveat:
a job's SysV shared memory is not in its namespace's swap file. With no swap in the
init namespace such a page stays in RAM (shmem_writepage redirties it).

`Kernel.shmem_swap` maps each such entry back to its file and page (shmem_swaplist's
job in Linux, indexed), for swapoff. Swap I/O of a shmem page takes no swap-cache
round trip: nothing can run between
reclaim giving it a slot and writing it (as with `_swap_out_single`), nor between
reading it back and freeing the slot, so the counts end where Linux's end.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from swapsh.kernel.bug import KernelBug
from swapsh.kernel.mm.mm_types import VM_WRITE, Page, PG_dirty, Pte, ShmemInodeInfo
from swapsh.kernel.mm.page_alloc import alloc_page
from swapsh.kernel.mm.swap_state import delete_from_swap_cache, swap_readpage, swap_writepage
from swapsh.kernel.mm.swapfile import get_swap_page, swap_free
from swapsh.kernel.mm.vmscan import lru_cache_add_active, lru_del
from swapsh.kernel.params import PAGE_SHIFT

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel
    from swapsh.kernel.mm.mm_types import MmStruct, VmAreaStruct
    from swapsh.kernel.task import TaskStruct

__all__ = [
    "do_shmem_fault",
    "shmem_getpage",
    "shmem_truncate",
    "shmem_unuse",
    "shmem_writepage",
]


async def shmem_getpage(k: Kernel, tsk: TaskStruct, info: ShmemInodeInfo, idx: int) -> Page:
    """Linux: shmem_getpage(). The file's page idx: in RAM, read back from its swap
    slot (the slot is freed: the vector held its only reference), or a new zero page.
    """
    while True:
        page = info.pages.get(idx)
        if page is not None:
            return page
        new = await alloc_page(k, tsk)
        if idx in info.pages:  # another task brought it in while we allocated
            k.zone.give_back(new)
            continue
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


def _free_page(k: Kernel, page: Page) -> None:
    lru_del(k, page)
    k.zone.give_back(page)


async def do_shmem_fault(k: Kernel, tsk: TaskStruct, mm: MmStruct, vma: VmAreaStruct,
                         vpn: int) -> None:
    """Linux: __do_fault() through shmem_fault() for a shared mapping: map the file's
    page; a shared page is written in place, so the pte is writable if the vma is."""
    info = vma.vm_file
    assert info is not None
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
    assert isinstance(info, ShmemInodeInfo)
    entry = get_swap_page(k, None)
    if not entry:
        return False
    swap_writepage(k, page, entry)
    del info.pages[page.index]
    info.swap[page.index] = entry
    k.shmem_swap[entry] = (info, page.index)
    _free_page(k, page)
    return True


def shmem_truncate(k: Kernel, info: ShmemInodeInfo) -> None:
    """Linux: shmem_truncate() to size 0 when the file goes: free its pages and the
    swap entries of its swapped-out ones. No vma maps it any more."""
    for page in info.pages.values():
        if page._mapcount:
            raise KernelBug(f"shmem_truncate: page still mapped {page!r}")
        _free_page(k, page)
    info.pages.clear()
    for entry in info.swap.values():
        del k.shmem_swap[entry]
        swap_free(k, entry)
    info.swap.clear()


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
