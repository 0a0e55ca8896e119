"""Page reclaim (models mm/vmscan.c and the LRU half of mm/swap.c, 2.6.25, in outline).

Pages live on an active and an inactive list, oldest first. Reclaim ages the active
list (pages accessed since the last look stay active, the others move to inactive)
and reclaims from the inactive one: an anonymous page gets a swap slot from
get_swap_page(page) -- which asks the page's swap namespace through its anon_vma and
mm->owner (vma_page_to_swapns) -- is unmapped from every pte, written to its slot,
and freed. kswapd does this in the background between pages_low and pages_high;
an allocating task does it itself below pages_min. Clean page cache goes first
(shrink_page_cache); a shmem page is written out through its mapping's a_ops.
"""

from __future__ import annotations

import contextlib
from collections.abc import Generator
from typing import TYPE_CHECKING

from swapsh.kernel.errno import KernelError
from swapsh.kernel.mm.mm_types import (
    MmStruct,
    Page,
    PG_active,
    PG_dirty,
    PG_lru,
    PG_swapcache,
    Pte,
    ShmemInodeInfo,
)
from swapsh.kernel.mm.rmap import (
    page_referenced,
    page_remove_rmap,
    ptes_referenced,
    try_to_unmap_file,
    vma_address_ptes,
)
from swapsh.kernel.mm.swap_alloc import get_swap_page, swap_count, swap_duplicate, swap_free
from swapsh.kernel.mm.swap_namespace import vma_page_to_swapns
from swapsh.kernel.mm.swap_state import (
    add_to_swap_cache,
    delete_from_swap_cache,
    lookup_swap_cache,
    swap_writepage,
)
from swapsh.kernel.mm.truncate import free_cache_frames, unlink_cache_run
from swapsh.kernel.params import NSEC_PER_SEC
from swapsh.kernel.sched import cond_resched, sleep_on, wake_up
from swapsh.kernel.timer import schedule_timeout_killable

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel
    from swapsh.kernel.mm.page_alloc import Zone
    from swapsh.kernel.task import TaskStruct

__all__ = [
    "free_swap_and_cache",
    "kswapd",
    "lru_cache_add_active",
    "lru_del",
    "put_page",
    "shrink_page_cache",
    "shrink_zone",
    "try_to_free_pages",
    "wakeup_kswapd",
]

SWAP_CLUSTER_MAX = 32
DEF_PRIORITY = 12
RECLAIM_NAP_NS = NSEC_PER_SEC // 10  # congestion_wait(WRITE, HZ/10) between priorities


def lru_cache_add_active(k: Kernel, page: Page) -> None:
    """Linux: lru_cache_add_active()."""
    page.flags |= PG_lru | PG_active
    k.zone.active_list[page] = None


def lru_del(k: Kernel, page: Page) -> None:
    if page.flags & PG_lru:
        lst = k.zone.active_list if page.flags & PG_active else k.zone.inactive_list
        del lst[page]
        page.flags &= ~(PG_lru | PG_active)


def put_page(k: Kernel, page: Page) -> None:
    """Linux: put_page() on an anonymous page: free it once no pte maps it and the
    swap cache does not hold it."""
    if page._mapcount == 0 and not page.flags & PG_swapcache:
        lru_del(k, page)
        k.zone.give_back(page)


def free_swap_and_cache(k: Kernel, entry: int) -> None:
    """Linux: free_swap_and_cache(). Drop a pte's reference on entry; if only the
    swap cache still holds it and no pte maps the cached page, free both."""
    swap_free(k, entry)
    page = lookup_swap_cache(k, entry)
    if page is not None and page._mapcount == 0 and swap_count(k, entry) == 1:
        delete_from_swap_cache(k, page)
        put_page(k, page)


def _try_to_unmap(k: Kernel, page: Page, mappings: list[tuple[MmStruct, int, Pte]]) -> bool:
    """Linux: try_to_unmap() for an anonymous page in the swap cache, given the ptes
    that map it (the anon_vma walk shrink_page_list just made, with nothing able to
    run since): each pte becomes the swap entry. Returns: False if a pte was young
    (SWAP_FAIL), keeping the page."""
    entry = page.private
    if any(pte.young for _mm, _vpn, pte in mappings):
        for _mm, _vpn, pte in mappings:
            pte.young = False
        return False
    for mm, _vpn, pte in mappings:
        swap_duplicate(k, entry)
        _set_swap_pte(k, mm, pte, page, entry)
    return True


def _set_swap_pte(k: Kernel, mm: MmStruct, pte: Pte, page: Page, entry: int) -> None:
    """try_to_unmap_one(): the pte now holds the swap entry (set_pte_at: in place);
    the mm goes on mmlist."""
    pte.page, pte.swp, pte.write = None, entry, False
    page_remove_rmap(page)
    mm.anon_rss -= 1
    mm.swap_ents += 1
    if not mm.on_mmlist:
        mm.on_mmlist = True
        k.mmlist.append(mm)


def _activate(k: Kernel, page: Page) -> None:
    z = k.zone
    del z.inactive_list[page]
    page.flags |= PG_active
    z.active_list[page] = None
    z.events["pgactivate"] += 1


def _swap_out_single(k: Kernel, page: Page, entry: int, mapping: tuple[MmStruct, int, Pte]) -> None:
    """add_to_swap + try_to_unmap + pageout + remove from the swap cache, for a page
    mapped by exactly one pte: with nothing able to run in between, the cache's
    reference on entry becomes the pte's, and the page is written and freed."""
    mm, _vpn, pte = mapping
    _set_swap_pte(k, mm, pte, page, entry)
    swap_writepage(k, page, entry)
    lru_del(k, page)
    k.zone.give_back(page)


def shrink_page_list(k: Kernel, pages: list[Page]) -> int:
    """Linux: shrink_page_list(). Returns: how many pages were freed."""
    freed = 0
    for page in pages:
        mappings = vma_address_ptes(page) if page._mapcount else []
        if mappings and ptes_referenced(mappings):
            _activate(k, page)
            continue
        if isinstance(page.mapping, ShmemInodeInfo):
            try_to_unmap_file(mappings)
            if page.mapping.a_ops.writepage(k, page):  # pageout(): it freed the page
                freed += 1
            else:
                _activate(k, page)  # no init-namespace swap: redirtied
            continue
        if len(mappings) == 1 and not page.flags & PG_swapcache:
            entry = get_swap_page(k, vma_page_to_swapns(page))
            if not entry:
                _activate(k, page)  # no swap for this page's namespace
                continue
            _swap_out_single(k, page, entry, mappings[0])
            freed += 1
            continue
        if not page.flags & PG_swapcache:
            entry = get_swap_page(k, vma_page_to_swapns(page))
            if not entry:
                _activate(k, page)  # no swap for this page's namespace
                continue
            add_to_swap_cache(k, page, entry, new_entry=True)
            page.flags |= PG_dirty
        if page._mapcount and not _try_to_unmap(k, page, mappings):
            _activate(k, page)
            continue
        if page.flags & PG_dirty:
            swap_writepage(k, page)
        delete_from_swap_cache(k, page)
        lru_del(k, page)
        k.zone.give_back(page)
        freed += 1
    return freed


def shrink_active_list(k: Kernel, nr: int) -> None:
    """Linux: shrink_active_list(). Referenced pages stay active, the rest age out."""
    z = k.zone
    active = z.active_list
    n = min(nr, len(active))
    z.events["pgrefill_normal"] += n
    z.pages_scanned += n
    inactive = z.inactive_list
    oldest = active.popitem  # (bound once: this loop runs twice per page reclaimed)
    deactivated = 0
    for _ in range(n):
        page = oldest(False)[0]
        if page._mapcount and page_referenced(page):
            active[page] = None
        else:
            page.flags &= ~PG_active
            inactive[page] = None
            deactivated += 1
    z.events["pgdeactivate"] += deactivated


def shrink_inactive_list(k: Kernel, nr: int, kswapd: bool) -> int:
    """Linux: shrink_inactive_list(). Returns: pages freed."""
    z = k.zone
    pages = []
    it = iter(z.inactive_list)
    for _ in range(min(nr, len(z.inactive_list))):
        pages.append(next(it))
    z.count("pgscan_kswapd_normal" if kswapd else "pgscan_direct_normal", len(pages))
    z.pages_scanned += len(pages)
    freed = shrink_page_list(k, pages)
    z.count("pgsteal_normal", freed)
    if kswapd:
        z.count("kswapd_steal", freed)
    return freed


def shrink_page_cache(z: Zone, want: int) -> int:
    """Reclaim up to want clean file pages, oldest first (shrink_page_list on
    unmapped page cache: remove_mapping, then free). Returns: pages freed."""
    freed = 0
    while freed < want and z.file_lru:
        run = next(iter(z.file_lru))
        n = min(want - freed, len(run.pfns))
        free_cache_frames(z, run.pfns[:n])
        del run.pfns[:n]
        freed += n
        if run.pfns:
            m = run.mapping
            m.cache_starts[m.cache_runs.index(run)] = run.start = run.start + n
        else:
            unlink_cache_run(z, run)
    return freed


def shrink_zone(k: Kernel, priority: int, want: int, kswapd: bool) -> int:
    """Linux: shrink_zone(). Clean page cache goes first, up to want pages (2.6.25
    keeps mapped pages active while the zone is mostly cache: reclaim_mapped stays
    0); if that is not enough, (list size >> priority) + 1 anonymous pages of each
    list are added to the zone's scan goals, and a list whose goal has reached
    SWAP_CLUSTER_MAX is scanned, all of it, in batches of that size. Returns:
    pages freed."""
    z = k.zone
    freed = shrink_page_cache(z, want)
    if freed:
        z.count("pgscan_kswapd_normal" if kswapd else "pgscan_direct_normal", freed)
        z.count("pgsteal_normal", freed)
        if kswapd:
            z.count("kswapd_steal", freed)
        if freed >= want:
            return freed
    z.nr_scan_active += (len(z.active_list) >> priority) + 1
    z.nr_scan_inactive += (len(z.inactive_list) >> priority) + 1
    nr_active = nr_inactive = 0
    if z.nr_scan_active >= SWAP_CLUSTER_MAX:
        nr_active, z.nr_scan_active = z.nr_scan_active, 0
    if z.nr_scan_inactive >= SWAP_CLUSTER_MAX:
        nr_inactive, z.nr_scan_inactive = z.nr_scan_inactive, 0
    while nr_active or nr_inactive:
        if nr_active:
            n = min(nr_active, SWAP_CLUSTER_MAX)
            nr_active -= n
            shrink_active_list(k, n)
        if nr_inactive:
            n = min(nr_inactive, SWAP_CLUSTER_MAX)
            nr_inactive -= n
            freed += shrink_inactive_list(k, n, kswapd)
    return freed


def _priority_sweep(k: Kernel, want: int) -> Generator[None, None, int]:
    """Linux: do_try_to_free_pages()'s priority loop. Shrink the zone at rising
    priority (scanning more each time) until want pages are free. A zone kswapd
    marked all_unreclaimable is scanned at DEF_PRIORITY only ("let kswapd poll
    it"). Yields where 2.6.25 naps (congestion_wait(HZ/10) after a priority below
    DEF_PRIORITY - 2 that scanned the inactive list and fell short); the caller
    sleeps there, or goes straight on if it cannot sleep. Returns: pages freed."""
    z = k.zone
    freed = 0
    for priority in range(DEF_PRIORITY, -1, -1):
        if z.all_unreclaimable and priority != DEF_PRIORITY:
            break  # every lower priority skips it too
        scanned = z.events["pgscan_direct_normal"]
        freed += shrink_zone(k, priority, want - freed, kswapd=False)
        if freed >= want:
            break
        if z.events["pgscan_direct_normal"] != scanned and priority < DEF_PRIORITY - 2:
            yield
    return freed


def do_try_to_free_pages(k: Kernel, want: int) -> int:
    """The priority sweep for a caller that cannot sleep (the page cache's frames,
    taken inside read and write): no naps between priorities. Returns: pages
    freed."""
    sweep = _priority_sweep(k, want)
    while True:
        try:
            next(sweep)
        except StopIteration as done:
            return int(done.value)


async def try_to_free_pages(k: Kernel, tsk: TaskStruct) -> bool:
    """Linux: try_to_free_pages(). Direct reclaim of SWAP_CLUSTER_MAX pages,
    napping between the lower priorities -- other tasks, kswapd among them, run
    meanwhile. Returns: whether there was progress: enough freed, or the zone is
    not (yet) all_unreclaimable -- 2.6.25's "top priority shrink_caches still had
    more to do? don't OOM, then"."""
    sweep = _priority_sweep(k, SWAP_CLUSTER_MAX)
    while True:
        try:
            next(sweep)
        except StopIteration as done:
            freed = int(done.value)
            break
        await congestion_wait(k, RECLAIM_NAP_NS)
    return freed >= SWAP_CLUSTER_MAX or not k.zone.all_unreclaimable


def wakeup_kswapd(k: Kernel) -> None:
    """Linux: wakeup_kswapd()."""
    z = k.zone
    if len(z.free_list) <= z.pages_low and z.kswapd_wait.tasks:
        wake_up(k.sched, z.kswapd_wait)


async def congestion_wait(k: Kernel, ns: int) -> None:
    """Linux: congestion_wait(). Nap while writeback makes progress. The model's
    swap I/O is synchronous, so no queue is ever congested and the nap is the
    whole timeout, as 2.6.25 sleeps when nothing is congested. A fatal signal
    ends it early (io_schedule_timeout would not): the task dies a little sooner
    in simulated time; any other signal (^Z's SIGTSTP) waits for the return to user
    mode, as in Linux."""
    with contextlib.suppress(KernelError):
        await schedule_timeout_killable(k, ns)


async def kswapd(k: Kernel) -> int:
    """Linux: kswapd(). Sleep until an allocation below pages_low wakes it, then
    balance the zone."""
    while True:
        await sleep_on(k.zone.kswapd_wait)
        await balance_pgdat(k)


def _lru_pages(z: Zone) -> int:
    """NR_ACTIVE + NR_INACTIVE (the page cache counts as inactive, as in meminfo)."""
    return len(z.active_list) + len(z.inactive_list) + z.nr_file_pages


async def balance_pgdat(k: Kernel) -> int:
    """Linux: balance_pgdat() for the one zone. Shrink at rising priority until
    more than pages_high is free, or SWAP_CLUSTER_MAX pages were freed (then start
    over from DEF_PRIORITY), napping below DEF_PRIORITY - 2. Once the zone has
    been scanned six times over with nothing freed, mark it all_unreclaimable and
    stop. Returns: pages freed in the last round."""
    z = k.zone
    while True:  # loop_again
        z.count("pageoutrun")
        total_scanned = nr_reclaimed = 0
        for priority in range(DEF_PRIORITY, -1, -1):
            all_zones_ok = True
            if z.all_unreclaimable and priority != DEF_PRIORITY:
                break  # no zone left to scan: kswapd is done
            if len(z.free_list) > z.pages_high:  # zone_watermark_ok(pages_high)
                break
            all_zones_ok = False
            scanned = z.events["pgscan_kswapd_normal"]
            nr_reclaimed += shrink_zone(k, priority, SWAP_CLUSTER_MAX, kswapd=True)
            total_scanned += z.events["pgscan_kswapd_normal"] - scanned
            if not z.all_unreclaimable and z.pages_scanned >= _lru_pages(z) * 6:
                z.all_unreclaimable = True
            if total_scanned and priority < DEF_PRIORITY - 2:
                await congestion_wait(k, RECLAIM_NAP_NS)  # kswapd is in trouble
            if nr_reclaimed >= SWAP_CLUSTER_MAX:
                break
        if all_zones_ok:
            return nr_reclaimed
        await cond_resched()
