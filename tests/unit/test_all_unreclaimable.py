"""2.6.25's all_unreclaimable rule: when the OOM killer may strike."""

from __future__ import annotations

from typing import Any

import pytest

from swapsh.kernel.mm import page_alloc
from swapsh.kernel.mm.memory import access_user
from swapsh.kernel.mm.mmap import do_mmap
from swapsh.kernel.mm.vmscan import _lru_pages, try_to_free_pages
from swapsh.kernel.signal import send_sig_info
from swapsh.machine import Machine, MachineOptions
from tests.unit.kernel_helpers import boot, drive, spawn

PAGE = 4096


def test_direct_reclaim_reports_no_progress_only_for_a_zone_marked_unreclaimable() -> None:
    """Nothing reclaimable (no swap, no cache): progress until kswapd marks the
    zone, then none -- the allocator's cue for the OOM killer."""
    m, k, sh = boot(mem_bytes=16 << 20)
    t = spawn(m, sh, 0)
    k.zone.file_lru.clear()
    k.zone.nr_file_pages = 0
    assert drive(m, t, try_to_free_pages(k, t))
    k.zone.all_unreclaimable = True
    assert not drive(m, t, try_to_free_pages(k, t))


def test_freeing_a_page_makes_the_zone_reclaimable_again() -> None:
    m, k, sh = boot(mem_bytes=16 << 20)
    t = spawn(m, sh, 0)
    addr = do_mmap(k, t.mm, PAGE)
    drive(m, t, access_user(k, t, addr, data=b"x"))
    k.zone.all_unreclaimable, k.zone.pages_scanned = True, 10**6
    send_sig_info(m.kernel, 9, t)
    m.run()  # t exits: its pages go back
    assert not k.zone.all_unreclaimable and k.zone.pages_scanned == 0


def test_the_oom_killer_waits_until_kswapd_has_scanned_the_lru_six_times(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With no swap, memtouch of twice RAM is OOM-killed -- but only once the zone
    has been found all_unreclaimable, after six LRUs' worth of scanning."""
    seen: list[tuple[bool, int, int]] = []
    real = page_alloc.out_of_memory

    def spy(k: Any, tsk: Any, gfp: int) -> None:
        z = k.zone
        seen.append((z.all_unreclaimable, z.pages_scanned, _lru_pages(z)))
        real(k, tsk, gfp)

    monkeypatch.setattr(page_alloc, "out_of_memory", spy)
    m = Machine(MachineOptions(mem_bytes=16 << 20))
    m.take_output()
    m.type_line("memtouch 32M; echo status $?")
    m.run()
    out = b"".join(d for _, d in m.take_output()).decode()
    assert "Out of memory: kill process" in out and "status 137" in out
    assert seen and all(marked and scanned >= 6 * lru for marked, scanned, lru in seen)


def test_kswapd_goes_back_to_sleep_on_a_zone_it_found_unreclaimable() -> None:
    """balance_pgdat skips an all_unreclaimable zone below DEF_PRIORITY and is done
    (2.6.25's all_zones_ok): kswapd sleeps until the next wake-up instead of
    spinning, and the machine goes idle."""
    m, k, _sh = boot(mem_bytes=16 << 20)
    z = k.zone
    z.file_lru.clear()  # nothing reclaimable: no cache, no swap
    z.nr_file_pages = 0
    taken = [z.take() for _ in range(len(z.free_list) - z.pages_min)]
    z.all_unreclaimable = True
    from swapsh.kernel.mm.vmscan import wakeup_kswapd

    wakeup_kswapd(k)
    assert m.run(max_steps=10_000)  # idle again, kswapd asleep
    assert z.kswapd_wait.tasks and z.all_unreclaimable and len(taken) > 0
