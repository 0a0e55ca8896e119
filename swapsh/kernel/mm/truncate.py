"""Taking pages out of the page cache (models mm/truncate.c, and the removal that
mm/filemap.c's __remove_from_page_cache does for it and for reclaim).

Below both filemap.py (which fills the cache and may reclaim to do so) and vmscan.py
(whose shrink_page_cache empties it), so that neither imports the other's caller.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from swapsh.kernel.fs.inode import FileData
    from swapsh.kernel.mm.mm_types import CacheRun
    from swapsh.kernel.mm.page_alloc import Zone

__all__ = ["free_cache_frames", "truncate_inode_pages", "unlink_cache_run"]


def unlink_cache_run(z: Zone, run: CacheRun) -> None:
    """Take run out of its file's cache and off the file LRU (its frames are the
    caller's to free)."""
    m = run.mapping
    i = m.cache_runs.index(run)
    del m.cache_runs[i]
    del m.cache_starts[i]
    del z.file_lru[run]


def free_cache_frames(z: Zone, pfns: list[int]) -> None:
    """Give the frames of removed cache pages back to the zone (NR_FILE_PAGES)."""
    z.nr_file_pages -= len(pfns)
    z.free_pages_bulk(pfns)


def truncate_inode_pages(z: Zone, mapping: FileData, first: int) -> None:
    """Linux: truncate_inode_pages(): drop every cached page from index first on."""
    while mapping.cache_runs and mapping.cache_runs[-1].end > first:
        run = mapping.cache_runs[-1]
        if run.start >= first:
            free_cache_frames(z, run.pfns)
            unlink_cache_run(z, run)
        else:
            keep = first - run.start
            free_cache_frames(z, run.pfns[keep:])
            del run.pfns[keep:]
