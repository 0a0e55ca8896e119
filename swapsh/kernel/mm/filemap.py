"""The page cache of regular files: filling it (models mm/filemap.c's
add_to_page_cache_lru and the file pages on 2.6.25's LRU lists, in outline).

Reading or writing a regular file on the disk brings its pages into RAM, as on Linux:
each cached page holds a frame, so after `dd` of a 512 MiB file MemFree is low and
Cached high, and reclaim can free those frames again without any I/O (the model
writes file data through at once, so cached pages are always clean).

The bytes themselves stay in the file (FileData): a cached page is accounting, a
frame taken from the free list. Frames are kept per *run* of consecutive pages of one
file, so that dd of 512 MiB costs a few list operations per write rather than one
object per page. Runs are reclaimed oldest first (use-once, as a streaming read or
write is on Linux); a hit on a cached page does not promote it. Swap I/O to an
active swap file goes around the cache, as Linux's does (bmap), and reading the file
afterwards sees what swap wrote: the model's cache never holds stale data.

Pages leave the cache through truncate.py (truncate, and the removal both share) and
vmscan.py (shrink_page_cache), which sit below this module: filling the cache may
reclaim, and reclaim empties the cache.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from swapsh.kernel.mm.mm_types import CacheRun
from swapsh.kernel.mm.vmscan import SWAP_CLUSTER_MAX, do_try_to_free_pages, wakeup_kswapd

if TYPE_CHECKING:
    from swapsh.kernel.fs.inode import FileData
    from swapsh.kernel.kernel import Kernel

__all__ = ["add_to_page_cache_lru"]


def _holes(mapping: FileData, first: int, last: int) -> list[tuple[int, int]]:
    """The page ranges within [first, last) that are not cached, as (start, end)."""
    runs, starts = mapping.cache_runs, mapping.cache_starts
    holes: list[tuple[int, int]] = []
    pos = first
    i = max(bisect.bisect_right(starts, first) - 1, 0)
    while pos < last and i < len(runs):
        r = runs[i]
        if r.end <= pos:
            i += 1
            continue
        if r.start > pos:
            holes.append((pos, min(r.start, last)))
        pos = max(pos, r.end)
        i += 1
    if pos < last:
        holes.append((pos, last))
    return holes


def _take_frames(k: Kernel, n: int) -> list[int]:
    """Frames for n new cache pages (GFP_HIGHUSER for the page cache): take them while
    above pages_min, reclaiming older cache (and, failing that, anonymous pages) to
    get there. Returns: up to n frames; fewer if reclaim could not free enough, in
    which case the rest of the data is simply not cached."""
    z = k.zone
    if len(z.free_list) - n <= z.pages_low:
        wakeup_kswapd(k)
        short = n - (z.nr_free - z.pages_min)
        if short > 0:  # below pages_min: reclaim directly, as __alloc_pages would
            z.count("allocstall")
            do_try_to_free_pages(k, max(short, SWAP_CLUSTER_MAX))
    n = max(0, min(n, z.nr_free - z.pages_min))
    if not n:
        return []
    pfns = z.free_list[-n:]
    del z.free_list[-n:]
    z.count("pgalloc_normal", n)
    return pfns


def add_to_page_cache_lru(k: Kernel, mapping: FileData, first: int, last: int) -> None:
    """Linux: find_or_create_page() + add_to_page_cache_lru() for pages [first, last)
    of a file being read or written."""
    runs = mapping.cache_runs
    if runs and runs[-1].start <= first and last <= runs[-1].end:
        return  # all cached already (the common small write at a file's end)
    z = k.zone
    for start, end in _holes(mapping, first, last):
        pfns = _take_frames(k, end - start)
        if not pfns:
            return
        z.nr_file_pages += len(pfns)
        tail = next(reversed(z.file_lru), None) if z.file_lru else None
        if tail is not None and tail.mapping is mapping and tail.end == start:
            tail.pfns += pfns  # a sequential stream grows its newest run
            continue
        run = CacheRun(mapping, start, pfns)
        i = bisect.bisect_left(mapping.cache_starts, start)
        mapping.cache_starts.insert(i, start)
        mapping.cache_runs.insert(i, run)
        z.file_lru[run] = None
