"""Direct reclaim's scan goals: the case six idle logins exposed."""

from __future__ import annotations

from swapsh.kernel.mm.memory import access_user
from swapsh.kernel.mm.mmap import do_mmap
from swapsh.kernel.mm.swapfile import sys_swapon
from swapsh.kernel.mm.vmscan import shrink_page_cache, try_to_free_pages
from swapsh.kernel.task import CloneFlags
from tests.unit.kernel_helpers import boot, drive, make_swapfile, spawn

PAGE = 4096


def test_direct_reclaim_looks_past_unswappable_pages_at_the_head_of_the_lists() -> None:
    """Everything active and just referenced, the inactive list empty, and the oldest
    pages the init namespace's, which has no swap (idle login shells): a direct
    reclaim that frees nothing still reports progress (kswapd has not marked the
    zone all_unreclaimable), so there is no OOM kill, and the allocator's retry
    reclaims the namespace's pages, aged meanwhile, to its file (mem01 was once
    killed here with nothing swapped, 14 s early)."""
    m, k, sh = boot(mem_bytes=32 << 20)
    idle = spawn(m, sh, 0)  # init namespace, no swap there: its pages stay
    addr = do_mmap(k, idle.mm, 40 * PAGE)
    drive(m, idle, access_user(k, idle, addr, data=b"i" * (40 * PAGE)))
    make_swapfile(k, sh, "/s1", 1024)
    t = spawn(m, sh, CloneFlags.CLONE_NEWSWAP | CloneFlags.CLONE_NEWIPC)
    assert sys_swapon(k, t, "/s1", 0) == 0
    addr = do_mmap(k, t.mm, 400 * PAGE)
    drive(m, t, access_user(k, t, addr, data=b"t" * (400 * PAGE)))
    for pte in idle.mm.pgd.values():
        pte.young = False
    shrink_page_cache(k.zone, k.zone.nr_file_pages)
    z = k.zone
    assert not z.inactive_list and not z.nr_scan_inactive
    for _retry in range(3):
        assert drive(m, t, try_to_free_pages(k, t))  # progress: no OOM kill
        if t.mm.swap_ents:
            break
    assert t.mm.swap_ents > 0 and not z.all_unreclaimable
