"""The page cache as a user sees it: files read or written take RAM (Cached in
/proc/meminfo, buff/cache in free), deleting or truncating gives it back, and
reclaim drops clean cache before it swaps anything out."""

from __future__ import annotations

import pytest

from tests.conftest import Session


def _meminfo(sh: Session) -> dict[str, int]:
    out = sh.run("cat /proc/meminfo").out
    return {k: int(v.split()[0]) for k, v in (line.split(":") for line in out.splitlines())}


def _vmstat(sh: Session) -> dict[str, int]:
    return {
        k: int(v) for k, v in (line.split() for line in sh.run("cat /proc/vmstat").out.splitlines())
    }


def test_writing_a_file_caches_its_pages_and_rm_frees_them(sh: Session) -> None:
    before = _meminfo(sh)
    assert sh.run("dd if=/dev/zero of=/f bs=1M count=8 2>/dev/null").status == 0
    after = _meminfo(sh)
    assert after["Cached"] - before["Cached"] == 8192
    assert before["MemFree"] - after["MemFree"] == 8192
    assert after["Inactive"] - before["Inactive"] == 8192
    sh.run("rm /f")
    assert _meminfo(sh)["Cached"] == before["Cached"]
    assert _meminfo(sh)["MemFree"] == before["MemFree"]


def test_reading_caches_once_and_truncating_drops_the_tail(sh: Session) -> None:
    sh.run("dd if=/dev/zero of=/f bs=1M count=4 2>/dev/null")
    base = _meminfo(sh)["Cached"]
    sh.run("cat /f > /dev/null; cat /f > /dev/null")
    assert _meminfo(sh)["Cached"] == base  # already cached: no second copy
    sh.run("dd if=/dev/zero of=/f bs=1M count=1 seek=1 2>/dev/null")  # truncates at 2M
    assert base - _meminfo(sh)["Cached"] == 2048


def test_free_shows_the_cache_in_buff_cache(sh: Session) -> None:
    sh.run("dd if=/dev/zero of=/f bs=1M count=100 2>/dev/null")
    mem = sh.run("free -m").out.splitlines()[1].split()
    assert mem[0] == "Mem:" and int(mem[5]) >= 100  # buff/cache


def test_a_large_write_fills_ram_with_cache_down_to_the_watermarks() -> None:
    sh = Session(mem_bytes=64 << 20)
    sh.run("dd if=/dev/zero of=/big bs=1M count=128 2>/dev/null")
    m = _meminfo(sh)
    z = sh.m.kernel.zone
    assert z.pages_min * 4 <= m["MemFree"] <= 2 * z.pages_high * 4
    assert m["Cached"] > 50 << 10
    assert _vmstat(sh)["pgsteal_normal"] > 0 and _vmstat(sh)["pswpout"] == 0


@pytest.mark.slow
def test_reclaim_drops_clean_cache_before_swapping() -> None:
    sh = Session(mem_bytes=64 << 20)
    sh.run(
        "dd if=/dev/zero of=/sw bs=1M count=64 2>/dev/null; chmod 600 /sw; "
        "mkswap /sw >/dev/null; swapon /sw"
    )
    sh.run("dd if=/dev/zero of=/big bs=1M count=40 2>/dev/null")
    assert _meminfo(sh)["Cached"] > 30 << 10
    assert sh.run("memtouch 24M 1").status == 0
    assert _vmstat(sh)["pswpout"] == 0  # the cache made room
    assert sh.run("memtouch 80M 1").status == 0
    assert _vmstat(sh)["pswpout"] > 0  # once the cache is gone, anon pages swap
