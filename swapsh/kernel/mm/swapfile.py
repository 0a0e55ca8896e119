"""Swap areas: swapon, swapoff, /proc/swaps (models mm/swapfile.c of 2.6.25 with the
swap namespaces patch).

The patch's rules, each at the place the patch puts it:
- swapon in a child swap namespace that already has an area fails with EPERM,
  checked under swap_lock before the path is looked at (DESIGN.md: "as if
  MAX_SWAPFILES were reached for that namespace");
- a successful swapon binds the area to the caller's namespace (si.swap_namespace,
  ns.type, ns.si);
- /proc/swaps and swapoff only see areas of the caller's namespace;
- free_swap_ns releases a dying namespace's area (release_swap_ns_area).
Lock order: swap_lock, then ns.lock (kernel/locking.py LOCK_ORDER).
"""

from __future__ import annotations

import struct
from array import array
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from swapsh.kernel.bug import KernelBug
from swapsh.kernel.cred import Cap, capable_cred
from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.fs.file import O_RDWR, File, fput
from swapsh.kernel.fs.inode import S_SWAPFILE
from swapsh.kernel.locking import Lockdep, Spinlock, assert_held
from swapsh.kernel.mm.mm_types import SWP_OFFSET_MASK, SWP_TYPE_SHIFT, swp_entry
from swapsh.kernel.mm.swap_namespace import SwapNamespace
from swapsh.kernel.params import PAGE_SHIFT, PAGE_SIZE, PF_SWAPOFF
from swapsh.kernel.printk import KERN_ERR, KERN_INFO, KERN_WARNING

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel
    from swapsh.kernel.mm.mm_types import MmStruct, Page, Pte
    from swapsh.kernel.task import TaskStruct

__all__ = [
    "SWAP_FLAG_PREFER",
    "SWP_ACTIVE",
    "SWP_USED",
    "SWP_WRITEOK",
    "SwapInfoStruct",
    "SwapState",
    "proc_swaps_show",
    "release_swap_ns_area",
    "si_swapinfo",
    "sys_swapoff",
    "sys_swapon",
]

SWP_USED, SWP_WRITEOK = 1, 2
SWP_ACTIVE = SWP_USED | SWP_WRITEOK
SWAP_FLAG_PREFER, SWAP_FLAG_PRIO_MASK, SWAP_FLAG_PRIO_SHIFT = 0x8000, 0x7FFF, 0
SWAP_MAP_MAX, SWAP_MAP_BAD = 0x7FFF, 0x8000
MAX_SWAP_BADPAGES = (4086 - 1536) // 4
# swp_offset(pte_to_swp_entry(swp_entry_to_pte(swp_entry(0, ~0UL)))) - 1 on x86_64
ARCH_MAX_SWAP_OFFSET = (1 << 56) - 2


@dataclass(slots=True, eq=False, kw_only=True)
class SwapInfoStruct:
    """Linux: struct swap_info_struct (include/linux/swap.h), with the patch's field."""

    type: int  # index in swap_info; immutable
    flags: int = 0  # SWP_*; protected by: swap_lock
    swap_namespace: SwapNamespace | None = None  # the patch; protected by: swap_lock
    prio: int = 0  # protected by: swap_lock
    swap_file: File | None = None  # protected by: swapon_mutex (here: swap_lock)
    swap_map: array[int] | None = None  # per-slot use counts; protected by: swap_lock
    lowest_bit: int = 0  # protected by: swap_lock
    highest_bit: int = 0  # protected by: swap_lock
    cluster_next: int = 0  # protected by: swap_lock
    cluster_nr: int = 0  # protected by: swap_lock
    pages: int = 0  # usable slots; immutable while active
    max: int = 0  # slots including the header; immutable while active
    inuse_pages: int = 0  # protected by: swap_lock
    next: int = -1  # next in the priority list; protected by: swap_lock
    nr_extents: int = 0  # physically contiguous runs (setup_swap_extents)
    span: int = 0  # pages from the lowest to the highest block used
    # swapsh's search index beside swap_map: b"\0" for a free slot, b"\1" otherwise, so
    # scan_swap_map's "256 free slots in a row" search is one bytes.find().
    slot_used: bytearray | None = None  # protected by: swap_lock
    orphaned: bool = False  # its namespace died with entries in use; protected by: swap_lock


@dataclass(slots=True, eq=False, kw_only=True)
class SwapState:
    """The globals of mm/swapfile.c: swap_info[], swap_list, the counters, swap_lock."""

    max_swapfiles: int  # MAX_SWAPFILES
    swap_lock: Spinlock  # protects everything below
    swap_info: list[SwapInfoStruct] = field(default_factory=list)
    nr_swapfiles: int = 0  # high-water mark of slots ever used
    swap_list_head: int = -1  # swap_list.head
    swap_list_next: int = -1  # swap_list.next
    nr_swap_pages: int = 0  # free slots in WRITEOK areas
    total_swap_pages: int = 0  # slots in WRITEOK areas
    least_priority: int = 0  # static int least_priority (never restored in 2.6.25)
    k: Kernel | None = None  # the machine, for printk

    @classmethod
    def create(cls, max_swapfiles: int, lockdep: Lockdep) -> SwapState:
        s = cls(max_swapfiles=max_swapfiles, swap_lock=Spinlock(name="swap_lock", lockdep=lockdep))
        s.swap_info = [SwapInfoStruct(type=i) for i in range(max_swapfiles)]
        return s


def _current_swap_ns(tsk: TaskStruct) -> SwapNamespace | None:
    return tsk.nsproxy.swap_ns


def _claim_slot_locked(swap: SwapState, ns: SwapNamespace | None) -> SwapInfoStruct:
    """Steps 2-3 of sys_swapon, with the patch's one-area-per-namespace check.

    Locking: swap_lock held; takes ns.lock. Raises: EPERM.
    """
    assert_held(swap.swap_lock)
    if ns is not None:
        with ns.lock:
            if ns.si is not None:
                raise KernelError(Errno.EPERM, "swap namespace already has a swap file")
    for p in swap.swap_info[: swap.nr_swapfiles]:
        if not p.flags & SWP_USED:
            break
    else:
        if swap.nr_swapfiles >= swap.max_swapfiles:
            raise KernelError(Errno.EPERM, "MAX_SWAPFILES")
        p = swap.swap_info[swap.nr_swapfiles]
        swap.nr_swapfiles += 1
    p.flags = SWP_USED
    p.next = -1
    if ns is not None:
        with ns.lock:
            ns.si = p  # claimed: a racing swapon in ns now gets EPERM
    return p


def _unclaim_slot(
    swap: SwapState, p: SwapInfoStruct, ns: SwapNamespace | None, swap_flags: int
) -> None:
    """The bad_swap exit of sys_swapon: give the slot and the priority back."""
    with swap.swap_lock:
        if not swap_flags & SWAP_FLAG_PREFER:
            swap.least_priority += 1
        p.flags = 0
        p.swap_map = None
        if ns is not None:
            with ns.lock:
                ns.si = None


def _read_swap_header(k: Kernel, f: File) -> tuple[int, int]:
    """read_mapping_page(mapping, 0) and the magic checks (steps 8-10).

    Returns: (last_page, nr_badpages). Raises: EINVAL.
    """
    ino = f.f_inode
    from swapsh.kernel.mm.shmem import read_file_head

    page = read_file_head(k, ino, min(PAGE_SIZE, ino.i_size)).ljust(PAGE_SIZE, b"\0")
    magic = page[PAGE_SIZE - 10 :]
    if magic == b"SWAP-SPACE":
        k.printk(KERN_ERR, f"version 0 swap is no longer supported. Use mkswap -v1 {f.f_path}")
        raise KernelError(Errno.EINVAL)
    if magic != b"SWAPSPACE2":
        k.printk(KERN_ERR, "Unable to find swap-space signature")
        raise KernelError(Errno.EINVAL)
    version, last_page, nr_badpages = struct.unpack_from("<III", page, 1024)
    if version != 1:
        k.printk(KERN_WARNING, f"Unable to handle swap header version {version}")
        raise KernelError(Errno.EINVAL)
    return last_page, nr_badpages


def setup_swap_extents(k: Kernel, p: SwapInfoStruct, f: File) -> None:
    """Linux: setup_swap_extents() for a regular file: bmap() every page.

    Sets p.max, p.pages, p.highest_bit (the 2.6.25 off-by-one: the last header page
    index is used as a count), p.nr_extents and p.span. Raises: EINVAL on a hole.
    """
    ino = f.f_inode
    data = ino.data
    if not ino.i_sb.has_bmap or data is None:
        k.printk(KERN_ERR, "swapon: swapfile has holes")
        raise KernelError(Errno.EINVAL)
    last_block = ino.i_size >> PAGE_SHIFT
    nr_pages = min(last_block, p.max)
    # Walk the block map run by run: the same result as bmap() page by page.
    if data.blocks.unmapped_in(0, nr_pages):
        k.printk(KERN_ERR, "swapon: swapfile has holes")
        raise KernelError(Errno.EINVAL)
    lowest, highest, extents, prev = None, 0, 0, -2
    for ls, ps, n in data.blocks.runs:
        if ls >= nr_pages:
            break
        n = min(n, nr_pages - ls)
        first = ps if ls else ps + 1  # the header page does not count for the span
        if n > (0 if ls else 1):
            lowest = first if lowest is None else min(lowest, first)
            highest = max(highest, ps + n - 1)
        if ps != prev + 1:
            extents += 1
        prev = ps + n - 1
    page_no = max(nr_pages, 1)
    p.max = page_no
    p.pages = page_no - 1
    p.highest_bit = page_no - 1
    p.nr_extents = extents
    p.span = 1 + highest - (lowest if lowest is not None else 1)


def _insert_by_prio_locked(swap: SwapState, p: SwapInfoStruct) -> None:
    """Insert p before the first area of lower or equal priority (swapon's loop)."""
    assert_held(swap.swap_lock)
    prev, i = -1, swap.swap_list_head
    while i >= 0:
        if p.prio >= swap.swap_info[i].prio:
            break
        prev, i = i, swap.swap_info[i].next
    p.next = i
    if prev < 0:
        swap.swap_list_head = swap.swap_list_next = p.type
    else:
        swap.swap_info[prev].next = p.type


def sys_swapon(k: Kernel, tsk: TaskStruct, specialfile: str, swap_flags: int) -> int:
    """Linux: sys_swapon() (2.6.25 order of checks, reference §1.3, plus the patch).

    Raises: EPERM (no CAP_SYS_ADMIN; no free slot; the namespace has its area),
    ENOENT/EACCES/EISDIR... from the open, EBUSY (active anywhere), EINVAL (not a
    regular file, bad header, holes, empty).
    """
    if not capable_cred(tsk.cred, Cap.CAP_SYS_ADMIN):
        raise KernelError(Errno.EPERM)
    swap = k.swap
    ns = _current_swap_ns(tsk)
    with swap.swap_lock:
        p = _claim_slot_locked(swap, ns)
        p.prio = (
            (swap_flags & SWAP_FLAG_PRIO_MASK) >> SWAP_FLAG_PRIO_SHIFT
            if swap_flags & SWAP_FLAG_PREFER
            else swap.least_priority - 1
        )
        if not swap_flags & SWAP_FLAG_PREFER:
            swap.least_priority -= 1
    f: File | None = None
    try:
        if not specialfile:
            raise KernelError(Errno.ENOENT)
        f = k.filp_open(tsk, specialfile, O_RDWR)
        _bind_area(k, p, f, ns)
    except KernelError:
        if f is not None:
            fput(k, f)
        _unclaim_slot(swap, p, ns, swap_flags)
        raise
    with swap.swap_lock:
        p.flags = SWP_ACTIVE
        swap.nr_swap_pages += p.pages
        swap.total_swap_pages += p.pages
        k.printk(
            KERN_INFO,
            f"Adding {p.pages << 2}k swap on {specialfile}.  "
            f"Priority:{p.prio} extents:{p.nr_extents} across:{p.span << 2}k",
        )
        _insert_by_prio_locked(swap, p)
        p.swap_namespace = ns
        if ns is not None:
            with ns.lock:
                ns.type = p.type
    return 0


def _bind_area(k: Kernel, p: SwapInfoStruct, f: File, ns: SwapNamespace | None) -> None:
    """Steps 6-15 of sys_swapon: the busy checks, the header, the extents, the map."""
    ino = f.f_inode
    for q in k.swap.swap_info[: k.swap.nr_swapfiles]:
        if q is not p and q.swap_file is not None and q.swap_file.f_inode is ino:
            raise KernelError(Errno.EBUSY)
    if not ino.is_reg:
        raise KernelError(Errno.EINVAL)  # block devices are not modelled; others: EINVAL
    if ino.i_flags & S_SWAPFILE:
        raise KernelError(Errno.EBUSY)
    last_page, nr_badpages = _read_swap_header(k, f)
    maxpages = min(ARCH_MAX_SWAP_OFFSET, last_page)
    if maxpages == 0:
        raise KernelError(Errno.EINVAL)
    swapfilesize = ino.i_size >> PAGE_SHIFT
    if swapfilesize and maxpages > swapfilesize:
        k.printk(KERN_WARNING, "Swap area shorter than signature indicates")
        raise KernelError(Errno.EINVAL)
    if nr_badpages:  # any bad page list is refused for a regular file
        raise KernelError(Errno.EINVAL)
    p.lowest_bit = p.cluster_next = 1
    p.cluster_nr = 0
    p.max = maxpages
    nr_good_pages = last_page - 1
    if nr_good_pages:
        setup_swap_extents(k, p, f)
        nr_good_pages = p.pages
    if not nr_good_pages:
        k.printk(KERN_WARNING, "Empty swap-file")
        raise KernelError(Errno.EINVAL)
    swap_map = array("H", bytes(2 * p.max))
    swap_map[0] = SWAP_MAP_BAD
    p.swap_map = swap_map
    p.slot_used = bytearray(p.max)
    p.slot_used[0] = 1
    p.swap_file = f
    p.inuse_pages = 0
    ino.i_flags |= S_SWAPFILE


def _next_in_use(p: SwapInfoStruct, start: int) -> int:
    """Linux: find_next_to_unuse(): the next used slot at or after start, cyclically
    (0 when none)."""
    used = p.slot_used
    assert used is not None
    i = used.find(1, max(start, 1))
    if i < 0:
        i = used.find(1, 1)
    return max(i, 0)


async def try_to_unuse(k: Kernel, p: SwapInfoStruct) -> None:
    """Linux: try_to_unuse(). Bring every page stored in p back into memory and point
    the ptes that referred to its slots at it.

    The caller (sys_swapoff) has cleared SWP_WRITEOK, so reclaim will not put pages
    back here. The task is marked PF_SWAPOFF: the OOM killer chooses it first.
    Raises: EINTR when a signal arrives (the OOM killer's SIGKILL among them),
    ENOMEM when no page can be had.
    """
    from swapsh.kernel.mm.mm_types import PG_dirty
    from swapsh.kernel.mm.page_alloc import alloc_page
    from swapsh.kernel.mm.shmem import shmem_unuse
    from swapsh.kernel.mm.swap_state import (
        add_to_swap_cache,
        delete_from_swap_cache,
        lookup_swap_cache,
        swap_readpage,
    )
    from swapsh.kernel.mm.vmscan import lru_cache_add_active, put_page
    from swapsh.kernel.sched import cond_resched

    tsk = k.current()
    tsk.flags |= PF_SWAPOFF
    try:
        pos = 1
        while p.inuse_pages:
            index = _swap_pte_index(k, p.type)
            for _ in range(SWAPFILE_CLUSTER):
                pos = _next_in_use(p, pos)
                if not pos:
                    break
                entry = swp_entry(p.type, pos)
                page = lookup_swap_cache(k, entry)
                if page is None:
                    new = await alloc_page(k, tsk)
                    page = lookup_swap_cache(k, entry)
                    if page is not None or p.swap_map is None or not p.swap_map[pos]:
                        put_page(k, new)
                        continue
                    page = new
                    add_to_swap_cache(k, page, entry, new_entry=False)
                    swap_readpage(k, page, entry)
                    lru_cache_add_active(k, page)
                _unuse_ptes(k, index.pop(entry, []), entry, page)
                if shmem_unuse(k, entry, page):  # a shmem file's page: it has it back
                    continue
                if swap_count(k, entry) == 1:  # only the swap cache is left
                    delete_from_swap_cache(k, page)
                    page.flags |= PG_dirty
                    put_page(k, page)
                if tsk.signal_pending():
                    raise KernelError(Errno.EINTR)
            await cond_resched()
    finally:
        tsk.flags &= ~PF_SWAPOFF


def _swap_pte_index(k: Kernel, type_: int) -> dict[int, list[tuple[MmStruct, int, Pte]]]:
    """Every swap pte of area type_ on init_mm.mmlist, by entry (unuse_mm's walk, done
    once per batch rather than once per entry)."""
    from swapsh.kernel.mm.mm_types import swp_type

    index: dict[int, list[tuple[MmStruct, int, Pte]]] = {}
    for mm in k.mmlist:
        for vpn, pte in mm.pgd.items():
            if pte.swp and swp_type(pte.swp) == type_:
                index.setdefault(pte.swp, []).append((mm, vpn, pte))
    return index


def _unuse_ptes(k: Kernel, ptes: list[tuple[MmStruct, int, Pte]], entry: int, page: Page) -> None:
    """Linux: unuse_pte() for each pte still holding entry."""
    from swapsh.kernel.mm.rmap import page_add_anon_rmap

    for mm, vpn, pte in ptes:
        if mm.pgd.get(vpn) is not pte or pte.swp != entry:
            continue  # changed since the index was built
        vma = mm.find_vma(vpn << PAGE_SHIFT)
        if vma is None:
            continue
        pte.page, pte.swp, pte.write = page, 0, False
        page_add_anon_rmap(page, vma, vpn)
        mm.anon_rss += 1
        mm.swap_ents -= 1
        swap_free(k, entry)


def _unlink_area_locked(swap: SwapState, p: SwapInfoStruct) -> None:
    """Step 5 of sys_swapoff: take p off the list, its pages off the counters."""
    assert_held(swap.swap_lock)
    prev, i = -1, swap.swap_list_head
    while i >= 0 and swap.swap_info[i] is not p:
        prev, i = i, swap.swap_info[i].next
    if prev < 0:
        swap.swap_list_head = p.next
    else:
        swap.swap_info[prev].next = p.next
    if p.type == swap.swap_list_next:
        swap.swap_list_next = swap.swap_list_head
    swap.nr_swap_pages -= p.pages
    swap.total_swap_pages -= p.pages
    p.flags &= ~SWP_WRITEOK
    ns = p.swap_namespace
    if ns is not None:
        with ns.lock:
            ns.type = -1  # no new allocations; ns.si stays claimed until the end


def _swapoff_abort(k: Kernel, p: SwapInfoStruct) -> None:
    """Step 7 of sys_swapoff: put the area back as it was (its original priority)."""
    swap = k.swap
    with swap.swap_lock:
        _insert_by_prio_locked(swap, p)
        swap.nr_swap_pages += p.pages
        swap.total_swap_pages += p.pages
        p.flags |= SWP_WRITEOK
        if p.swap_namespace is not None:
            with p.swap_namespace.lock:
                p.swap_namespace.type = p.type


def _swapoff_finish(k: Kernel, p: SwapInfoStruct) -> None:
    """Step 8 of sys_swapoff: forget the area; the namespace may bind a file again."""
    swap = k.swap
    f = p.swap_file
    with swap.swap_lock:
        ns = p.swap_namespace
        p.swap_file = None
        p.max = 0
        p.swap_map = None
        p.slot_used = None
        p.flags = 0
        p.swap_namespace = None
        if ns is not None:
            with ns.lock:
                ns.si = None
    if f is not None:
        f.f_inode.i_flags &= ~S_SWAPFILE
        fput(k, f)


async def swapoff_area(k: Kernel, p: SwapInfoStruct) -> None:
    """Steps 5-8 of sys_swapoff for an area already chosen. Raises: what
    try_to_unuse raises, after re-inserting the area as it was."""
    with k.swap.swap_lock:
        _unlink_area_locked(k.swap, p)
    try:
        await try_to_unuse(k, p)
    except BaseException:
        _swapoff_abort(k, p)
        raise
    _swapoff_finish(k, p)


async def sys_swapoff(k: Kernel, tsk: TaskStruct, specialfile: str) -> int:
    """Linux: sys_swapoff() (reference §2), seeing only the caller's namespace.

    Raises: EPERM (no CAP_SYS_ADMIN), open errors, EINVAL (not an active area of
    the caller's swap namespace).
    """
    if not capable_cred(tsk.cred, Cap.CAP_SYS_ADMIN):
        raise KernelError(Errno.EPERM)
    if not specialfile:
        raise KernelError(Errno.ENOENT)
    victim = k.filp_open(tsk, specialfile, O_RDWR)
    try:
        ns = _current_swap_ns(tsk)
        swap = k.swap
        with swap.swap_lock:
            i = swap.swap_list_head
            while i >= 0:
                p = swap.swap_info[i]
                if (
                    p.flags & SWP_ACTIVE == SWP_ACTIVE
                    and p.swap_file is not None
                    and p.swap_file.f_inode is victim.f_inode
                    and p.swap_namespace is ns
                ):
                    break
                i = p.next
            if i < 0:
                raise KernelError(Errno.EINVAL)
        await swapoff_area(k, swap.swap_info[i])
    finally:
        fput(k, victim)
    return 0


def release_swap_ns_area(swap: SwapState, ns: SwapNamespace) -> None:
    """free_swap_ns(): swap off the dying namespace's area, if it has one."""
    p = ns.si
    if p is None or swap.k is None:
        return
    if p.swap_map is None:
        raise KernelBug("swap namespace freed during its own swapon")
    k = swap.k
    with swap.swap_lock:
        _unlink_area_locked(swap, p)
    _drop_cached_entries(k, p)
    if p.inuse_pages:
        # Ptes outside the namespace still hold entries: a task cloned with
        # CLONE_NEWSWAP but no exec shares its parent's anon_vmas, so pages of the
        # parent's mm that the child's mm still maps went to the parent's area. The
        # area stays, unwritable and in no one's /proc/swaps, until its last entry
        # is freed (swap_free finishes the swapoff then).
        p.orphaned = True
        return
    _swapoff_finish(k, p)


def _drop_cached_entries(k: Kernel, p: SwapInfoStruct) -> None:
    """Free the swap-cache pages whose entries belong to p and that nothing maps."""
    from swapsh.kernel.mm.mm_types import swp_type
    from swapsh.kernel.mm.swap_state import delete_from_swap_cache
    from swapsh.kernel.mm.vmscan import put_page

    for entry, page in list(k.swapper_space.items()):
        if swp_type(entry) == p.type and page._mapcount == 0 and swap_count(k, entry) == 1:
            delete_from_swap_cache(k, page)
            put_page(k, page)


def _escape_path(path: str) -> str:
    """seq_path(..., " \\t\\n\\\\"): those characters become \\ooo."""
    return "".join(f"\\{ord(c):03o}" if c in " \t\n\\" else c for c in path)


def proc_swaps_show(k: Kernel, tsk: TaskStruct) -> str:
    """Linux: swap_show() for /proc/swaps, 2.6.25 format, filtered by the reader's
    swap namespace (the patch: the init namespace sees only init entries)."""
    ns = _current_swap_ns(tsk)
    lines = ["Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n"]
    with k.swap.swap_lock:
        for p in k.swap.swap_info[: k.swap.nr_swapfiles]:
            if not p.flags & SWP_USED or p.swap_map is None or p.swap_file is None:
                continue
            if p.swap_namespace is not ns:
                continue
            f = p.swap_file
            path = _escape_path(f.f_path + (" (deleted)" if f.f_inode.i_nlink == 0 else ""))
            pad = 40 - len(path) if len(path) < 40 else 1
            lines.append(
                f"{path}{' ' * pad}file\t\t{p.pages << 2}\t{p.inuse_pages << 2}\t{p.prio}\n"
            )
    return "".join(lines)


def si_swapinfo(swap: SwapState) -> tuple[int, int]:
    """Linux: si_swapinfo(). (free, total) swap pages of the whole system, every
    namespace included: sysinfo() and free are not filtered by the patch."""
    free, total = swap.nr_swap_pages, swap.total_swap_pages
    for p in swap.swap_info[: swap.nr_swapfiles]:
        if p.flags & SWP_USED and not p.flags & SWP_WRITEOK:
            free += p.inuse_pages
            total += p.inuse_pages
    return free, total


# -- slot allocation (2.6.25 get_swap_page / scan_swap_map, with the patch) --------------

SWAPFILE_CLUSTER = 256
_FREE_CLUSTER = bytes(SWAPFILE_CLUSTER)


def scan_swap_map(si: SwapInfoStruct) -> int:  # noqa: C901, PLR0912 - mirrors mm/swapfile.c:scan_swap_map
    """Linux: scan_swap_map(). A free slot of si, clustered as 2.6.25 does: 256
    allocations in a row go to one run of free slots, then a new run is looked for
    from lowest_bit. Returns: the offset, or 0 if the area is full.

    Locking: swap_lock held.
    """
    swap_map, used = si.swap_map, si.slot_used
    assert swap_map is not None and used is not None
    if not si.flags & SWP_WRITEOK or si.highest_bit == 0:
        return 0
    offset = 0
    if si.cluster_nr == 0:
        si.cluster_nr = SWAPFILE_CLUSTER - 1
        if si.pages - si.inuse_pages >= SWAPFILE_CLUSTER:
            start = used.find(_FREE_CLUSTER, si.lowest_bit, si.highest_bit + 1)
            if start >= 0:
                offset = si.cluster_next = start
        if not offset:
            offset = si.lowest_bit
    else:
        si.cluster_nr -= 1
        offset = si.cluster_next
        if offset > si.highest_bit:
            offset = si.lowest_bit
    if swap_map[offset]:
        nxt = used.find(0, offset + 1, si.highest_bit + 1)
        if nxt < 0:
            nxt = used.find(0, si.lowest_bit, si.highest_bit + 1)
        if nxt < 0:
            return 0
        offset = nxt
    if offset == si.lowest_bit:
        si.lowest_bit += 1
    if offset == si.highest_bit:
        si.highest_bit -= 1
    si.inuse_pages += 1
    if si.inuse_pages == si.pages:
        si.lowest_bit, si.highest_bit = si.max, 0
    swap_map[offset] = 1
    used[offset] = 1
    si.cluster_next = offset + 1
    return offset


def get_swap_page(k: Kernel, ns: SwapNamespace | None) -> int:
    """Linux (patch): get_swap_page(page), after vma_page_to_swapns(page) found ns.

    A child namespace's page may only go to its namespace's area (none bound, or
    being swapped off: no slot). An init-namespace page goes to the init
    namespace's areas by priority, round robin within equal priority (reference §1.5).
    Returns: the swap entry (its count is 1: the swap cache's), or 0 for none.
    """
    swap = k.swap
    with swap.swap_lock:
        if swap.nr_swap_pages <= 0:
            return 0
        if ns is not None:
            with ns.lock:
                t = ns.type
            if t < 0:
                return 0
            off = scan_swap_map(swap.swap_info[t])
            if not off:
                return 0
            swap.nr_swap_pages -= 1
            return swp_entry(t, off)
        swap.nr_swap_pages -= 1
        wrapped, t = 0, swap.swap_list_next
        while t >= 0 and wrapped < 2:
            si = swap.swap_info[t]
            nxt = si.next
            if nxt < 0 or (not wrapped and si.prio != swap.swap_info[nxt].prio):
                nxt, wrapped = swap.swap_list_head, wrapped + 1
            if si.swap_namespace is not None or si.highest_bit == 0 or not si.flags & SWP_WRITEOK:
                t = nxt
                continue
            swap.swap_list_next = nxt
            off = scan_swap_map(si)
            if off:
                return swp_entry(t, off)
            t = swap.swap_list_next
        swap.nr_swap_pages += 1
        return 0


def _entry_area(k: Kernel, entry: int) -> tuple[SwapInfoStruct, array[int], int]:
    """The area, its swap_map and the offset of a live entry (Linux: the checks of
    swap_info_get()). A dead or foreign entry is a model bug. Called only where
    the inline test in swap_free / swap_duplicate / swap_count failed, or to
    raise."""
    t, off = entry >> SWP_TYPE_SHIFT, entry & SWP_OFFSET_MASK
    try:
        si = k.swap.swap_info[t]
        swap_map = si.swap_map
        if swap_map is not None and swap_map[off]:
            return si, swap_map, off
    except IndexError:
        pass
    raise KernelBug(f"bad swap entry {entry:#x}: type {t} offset {off} not in use")


# swap_duplicate, swap_free and swap_count run several times per page swapped in: each
# looks its entry up inline (swap_info[type].swap_map[offset] non-zero), falling back
# to _entry_area() -- which raises -- for anything else.


def swap_duplicate(k: Kernel, entry: int) -> None:
    """Linux: swap_duplicate(). One more reference (a pte, the swap cache) to entry."""
    with k.swap.swap_lock:
        swap_map = k.swap.swap_info[entry >> SWP_TYPE_SHIFT].swap_map
        off = entry & SWP_OFFSET_MASK
        if swap_map is None or not swap_map[off]:
            _si, swap_map, off = _entry_area(k, entry)
        if swap_map[off] < SWAP_MAP_MAX:
            swap_map[off] += 1


def swap_free(k: Kernel, entry: int) -> None:
    """Linux: swap_free() -> swap_entry_free(). The last reference frees the slot."""
    swap = k.swap
    with swap.swap_lock:
        si = swap.swap_info[entry >> SWP_TYPE_SHIFT]
        swap_map, off = si.swap_map, entry & SWP_OFFSET_MASK
        if swap_map is None or not swap_map[off]:
            si, swap_map, off = _entry_area(k, entry)
        count = swap_map[off]
        if count < SWAP_MAP_MAX:
            count -= 1
            swap_map[off] = count
        if count:
            return
        assert si.slot_used is not None
        si.slot_used[off] = 0
        if off < si.lowest_bit:
            si.lowest_bit = off
        if off > si.highest_bit:
            si.highest_bit = off
        si.inuse_pages -= 1
        nxt = swap.swap_list_next
        if nxt >= 0 and si.prio > swap.swap_info[nxt].prio:
            swap.swap_list_next = si.type
        # also while the area is being swapped off: sys_swapoff took all its pages
        # off the counter, and each entry freed since gives one back
        swap.nr_swap_pages += 1
        last_of_orphan = si.orphaned and not si.inuse_pages
    if last_of_orphan:
        si.orphaned = False
        _swapoff_finish(k, si)


def swap_count(k: Kernel, entry: int) -> int:
    """The references on entry (swap_map[offset])."""
    with k.swap.swap_lock:
        swap_map = k.swap.swap_info[entry >> SWP_TYPE_SHIFT].swap_map
        off = entry & SWP_OFFSET_MASK
        if swap_map is None or not swap_map[off]:
            _si, swap_map, off = _entry_area(k, entry)
        return int(swap_map[off])


def vm_swap_full(k: Kernel) -> bool:
    """Linux: vm_swap_full(). More than half of all swap is in use."""
    return k.swap.nr_swap_pages * 2 < k.swap.total_swap_pages
