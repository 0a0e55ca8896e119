"""/proc/meminfo and /proc/vmstat (models fs/proc/proc_misc.c meminfo_read_proc and
mm/vmstat.c, 2.6.25 keys and widths).

Cached counts the page cache of regular files (mm/filemap.py), which sits on the
inactive list, and the pages of shmem files in RAM (SysV shared memory and tmpfs
files; 2.6.25 has no Shmem line of their own); Mapped counts the shmem pages some
process maps. Lines for memory the model does not have are 0: no
buffer heads (Buffers), no slab, no dirty file pages (writes go through), no bounce
buffers. docs/ARCHITECTURE.md lists them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from swapsh.kernel.mm.mm_types import ShmemInodeInfo
from swapsh.kernel.mm.page_alloc import VM_EVENTS
from swapsh.kernel.mm.swapfile import si_swapinfo
from swapsh.kernel.params import PAGE_SIZE

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel

__all__ = ["meminfo_show", "vmstat_show"]

VMALLOC_TOTAL_KB = 34359738367  # x86_64: VMALLOC_END - VMALLOC_START


def _kb(pages: int) -> int:
    return pages * (PAGE_SIZE // 1024)


def _shmem_pages(k: Kernel) -> tuple[int, int]:
    """Pages of shmem files in RAM, and how many of them are mapped (NR_FILE_MAPPED)."""
    z = k.zone
    shmem = [
        p
        for lst in (z.active_list, z.inactive_list)
        for p in lst
        if isinstance(p.mapping, ShmemInodeInfo)
    ]
    return len(shmem), sum(1 for p in shmem if p._mapcount)


def _anon_pages(k: Kernel, shmem: int) -> int:
    """NR_ANON_PAGES: the LRU's pages less unmapped swap cache and the shmem pages."""
    return (
        sum(len(lst) for lst in (k.zone.active_list, k.zone.inactive_list))
        - sum(1 for p in k.swapper_space.values() if not p._mapcount)
        - shmem
    )


def _page_tables(k: Kernel) -> int:
    """Pages of page tables of every mm (NR_PAGETABLE)."""
    return sum(t.mm.nr_ptes for t in k.tasks.values() if t.mm is not None)


def _committed(k: Kernel) -> int:
    return sum(t.mm.total_vm for t in k.tasks.values() if t.mm is not None)


def _vmalloc_pages(k: Kernel) -> int:
    """Pages the kernel vmalloc()ed: the swap maps (2 bytes per slot)."""
    return sum(
        (2 * p.max + PAGE_SIZE - 1) // PAGE_SIZE for p in k.swap.swap_info if p.swap_map is not None
    )


def meminfo_show(k: Kernel) -> str:
    z = k.zone
    free_swap, total_swap = si_swapinfo(k.swap)
    vmalloc_used = _kb(_vmalloc_pages(k))
    commit_limit = z.managed_pages * 50 // 100 + total_swap  # overcommit_ratio 50
    shmem, mapped = _shmem_pages(k)
    rows = [
        ("MemTotal", _kb(z.managed_pages)),
        ("MemFree", _kb(z.nr_free)),
        ("Buffers", 0),
        ("Cached", _kb(z.nr_file_pages + shmem)),
        ("SwapCached", _kb(len(k.swapper_space))),
        ("Active", _kb(len(z.active_list))),
        ("Inactive", _kb(len(z.inactive_list) + z.nr_file_pages)),
        ("SwapTotal", _kb(total_swap)),
        ("SwapFree", _kb(free_swap)),
        ("Dirty", 0),
        ("Writeback", 0),
        ("AnonPages", _kb(_anon_pages(k, shmem))),
        ("Mapped", _kb(mapped)),
        ("Slab", 0),
        ("SReclaimable", 0),
        ("SUnreclaim", 0),
        ("PageTables", _kb(_page_tables(k))),
        ("NFS_Unstable", 0),
        ("Bounce", 0),
        ("CommitLimit", _kb(commit_limit)),
        ("Committed_AS", _kb(_committed(k))),
        ("VmallocTotal", VMALLOC_TOTAL_KB),
        ("VmallocUsed", vmalloc_used),
        ("VmallocChunk", VMALLOC_TOTAL_KB - vmalloc_used),
    ]
    return "".join(f"{(name + ':'):<14}{value:8d} kB\n" for name, value in rows)


def vmstat_show(k: Kernel) -> str:
    z = k.zone
    shmem, mapped = _shmem_pages(k)
    counters = [
        ("nr_free_pages", z.nr_free),
        ("nr_inactive", len(z.inactive_list) + z.nr_file_pages),
        ("nr_active", len(z.active_list)),
        ("nr_anon_pages", _anon_pages(k, shmem)),
        ("nr_mapped", mapped),
        ("nr_file_pages", z.nr_file_pages + shmem + len(k.swapper_space)),
        ("nr_dirty", 0),
        ("nr_writeback", 0),
        ("nr_slab_reclaimable", 0),
        ("nr_slab_unreclaimable", 0),
        ("nr_page_table_pages", _page_tables(k)),
        ("nr_unstable", 0),
        ("nr_bounce", 0),
        ("nr_vmscan_write", z.events["pswpout"]),
    ]
    events = [(name, z.events[name]) for name in VM_EVENTS]
    return "".join(f"{name} {value}\n" for name, value in counters + events)
