"""Paging engine rules found by review, each from a real sequence of events."""

from __future__ import annotations

import contextlib
import itertools
import re

from swapsh.kernel.fs.proc_meminfo import meminfo_show
from swapsh.kernel.mm.memory import access_user
from swapsh.kernel.mm.mm_types import VmAreaStruct
from swapsh.kernel.mm.mmap import do_brk, do_mmap, do_munmap
from swapsh.kernel.mm.swapfile import proc_swaps_show, sys_swapon
from swapsh.kernel.mm.vmscan import shrink_active_list, shrink_page_cache, try_to_free_pages
from swapsh.kernel.task import CloneFlags
from tests.unit.kernel_helpers import boot, drive, kill, make_swapfile, spawn

PAGE = 4096


def _pressure(m, sh, pages: int) -> None:  # type: ignore[no-untyped-def]
    """An init-namespace hog fills memory, then goes."""
    k = m.kernel
    hog = spawn(m, sh, 0)
    addr = do_mmap(k, hog.mm, pages * PAGE)
    with contextlib.suppress(BaseException):
        drive(m, hog, access_user(k, hog, addr, data=b"h" * (pages * PAGE)))
    kill(m, hog)


def test_exit_frees_exclusive_swap_cache_pages_and_their_slots() -> None:
    m, k, sh = boot(mem_bytes=16 << 20)
    make_swapfile(k, sh, "/a", 8192)
    sys_swapon(k, sh, "/a", 0)
    t = spawn(m, sh, 0)
    addr = do_mmap(k, t.mm, 256 * PAGE)
    drive(m, t, access_user(k, t, addr, data=b"x" * (256 * PAGE)))
    _pressure(m, sh, 3000)
    assert t.mm.swap_ents > 0
    drive(m, t, access_user(k, t, addr, length=256 * PAGE))  # read faults only
    before = k.swap.swap_info[0].inuse_pages
    kill(m, t)
    assert not any(e for e in k.swapper_space if e >> 59 == 0 and k.swapper_space[e]._mapcount == 0)
    assert k.swap.swap_info[0].inuse_pages < before


def test_heap_grown_after_a_hole_does_not_overlap() -> None:
    m, k, sh = boot(mem_bytes=16 << 20)
    t = spawn(m, sh, 0)
    mm = t.mm
    base = mm.brk
    do_brk(k, mm, base + 3 * PAGE)
    do_munmap(k, mm, (base + PAGE + PAGE - 1) // PAGE * PAGE, PAGE)
    do_brk(k, mm, base + 8 * PAGE)
    spans = sorted((v.vm_start, v.vm_end) for v in mm.mmap)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    assert mm.total_vm == sum((e - s) // PAGE for s, e in spans)


def test_a_namespace_dying_with_entries_still_shared_keeps_its_area_until_freed() -> None:
    """A task cloned with CloneFlags.CLONE_NEWSWAP but no exec shares its parent's anon_vmas: the
    parent's pages go to the parent's namespace area, which must outlive it."""
    m, k, sh = boot(mem_bytes=16 << 20)
    make_swapfile(k, sh, "/a", 2048)
    t = spawn(m, sh, CloneFlags.CLONE_NEWSWAP | CloneFlags.CLONE_NEWIPC)
    sys_swapon(k, t, "/a", 0)
    addr = do_mmap(k, t.mm, 256 * PAGE)
    drive(m, t, access_user(k, t, addr, data=b"x" * (256 * PAGE)))
    c = spawn(m, t, CloneFlags.CLONE_NEWSWAP | CloneFlags.CLONE_NEWIPC)
    _pressure(m, sh, 3500)
    assert c.mm.swap_ents > 0
    kill(m, t)
    assert m.panic is None
    area = k.swap.swap_info[0]
    assert area.orphan_release is not None and "/a" not in proc_swaps_show(k, sh)
    # c still reads back what t wrote
    assert drive(m, c, access_user(k, c, addr, length=8)) == b"x" * 8
    kill(m, c)
    assert area.orphan_release is None and area.swap_file is None  # the last entry finished it
    assert sys_swapon(k, sh, "/a", 0) == 0


def test_brk_keeps_a_page_below_the_next_mapping() -> None:
    """2.6.25's sys_brk refuses a break whose heap would come within a page of a
    mapping (find_vma_intersection(oldbrk, newbrk + PAGE_SIZE))."""
    m, k, sh = boot(mem_bytes=16 << 20)
    t = spawn(m, sh, 0)
    mm = t.mm
    assert mm is not None
    base = (mm.brk + PAGE - 1) // PAGE * PAGE
    above = base + 4 * PAGE  # a one-page mapping four pages above the break
    mm.mmap.append(VmAreaStruct(vm_mm=mm, vm_start=above, vm_end=above + PAGE, vm_flags=3))
    mm.mmap.sort(key=lambda v: v.vm_start)
    assert do_brk(k, mm, above) == mm.brk != above  # refused
    assert do_brk(k, mm, above - PAGE) == above - PAGE


def test_direct_reclaim_makes_progress_when_the_lists_are_short() -> None:
    """With only a few reclaimable pages, direct reclaim may scan nothing while its
    scan goals build up to SWAP_CLUSTER_MAX (2.6.25 does the same); it reports
    progress all the same -- no OOM kill -- and the allocator's next try reclaims."""
    m, k, sh = boot()
    make_swapfile(k, sh, "/s0", 64)
    assert sys_swapon(k, sh, "/s0", 0) == 0
    t = spawn(m, sh, 0)
    assert t.mm is not None
    base = do_mmap(k, t.mm, 10 * 4096)
    for i in range(10):
        drive(m, t, access_user(k, t, base + i * 4096, data=b"page %d" % i))
    for pte in t.mm.pgd.values():
        pte.young = False
    shrink_active_list(k, len(k.zone.active_list))  # everything unreferenced ages out
    assert len(k.zone.inactive_list) < 32
    shrink_page_cache(k.zone, k.zone.nr_file_pages)  # no clean cache to fall back on
    assert drive(m, t, try_to_free_pages(k, t)) and drive(m, t, try_to_free_pages(k, t))
    assert k.swap.swap_info[0].inuse_pages > 0


def _swapped_out(pages: int, swap_pages: int):  # type: ignore[no-untyped-def]
    """A task whose `pages` pages (each stamped with its number) were pushed out to
    /a by pressure. Returns (m, k, t, addr, area)."""
    m, k, sh = boot(mem_bytes=16 << 20)
    make_swapfile(k, sh, "/a", swap_pages)
    assert sys_swapon(k, sh, "/a", 0) == 0
    t = spawn(m, sh, 0)
    addr = do_mmap(k, t.mm, pages * PAGE)
    for i in range(pages):
        drive(m, t, access_user(k, t, addr + i * PAGE, data=b"page %d" % i))
    _pressure(m, sh, 3500)
    assert all(t.mm.pgd[addr // PAGE + i].swp for i in range(pages))
    return m, k, t, addr, k.swap.swap_info[0]


def _ptes(t, addr: int, pages: int):  # type: ignore[no-untyped-def]
    return {addr // PAGE + i: t.mm.pgd[addr // PAGE + i] for i in range(pages)}


def test_a_page_written_after_swap_in_keeps_its_slot_while_swap_is_not_full() -> None:
    """2.6.25: do_swap_page leaves the page in the swap cache, do_wp_page reuses it
    there (can_share_swap_page), and reclaim writes it back to the same slot with
    no new get_swap_page. Only vm_swap_full() frees slots at swap-in."""
    m, k, t, addr, area = _swapped_out(64, 8192)
    slots = {vpn: pte.swp for vpn, pte in _ptes(t, addr, 64).items()}
    used = area.inuse_pages
    for i in range(64):
        drive(m, t, access_user(k, t, addr + i * PAGE, data=b"PAGE %d" % i))
    assert area.inuse_pages == used  # every slot still held, by the swap cache
    assert all(
        pte.page is not None and pte.page.private == slots[vpn] and pte.write
        for vpn, pte in _ptes(t, addr, 64).items()
    )
    cached = re.search(r"^SwapCached: +(\d+) kB$", meminfo_show(k), re.M)
    assert cached is not None and int(cached.group(1)) >= 256
    pswpout = k.zone.events["pswpout"]
    assert t.parent is not None
    _pressure(m, t.parent, 3500)
    out = {vpn: pte.swp for vpn, pte in _ptes(t, addr, 64).items() if pte.swp}
    assert out and k.zone.events["pswpout"] - pswpout >= len(out)  # dirty: written again
    assert all(slots[vpn] == entry for vpn, entry in out.items())  # to the same slots
    for i in range(64):
        got = drive(m, t, access_user(k, t, addr + i * PAGE, length=16))
        assert got.rstrip(b"\0") == b"PAGE %d" % i


def test_swap_in_frees_the_slot_once_swap_is_more_than_half_full() -> None:
    """vm_swap_full(): remove_exclusive_swap_page at swap-in gives the slot back."""
    m, k, t, addr, area = _swapped_out(64, 100)  # 64 of 99 slots: more than half
    assert k.swap.nr_swap_pages * 2 < k.swap.total_swap_pages
    used = area.inuse_pages
    drive(m, t, access_user(k, t, addr, length=PAGE))  # a read fault
    pte = t.mm.pgd[addr // PAGE]
    assert pte.page is not None and not pte.write  # read-only, but out of the cache
    assert pte.page.private == 0 and area.inuse_pages == used - 1
