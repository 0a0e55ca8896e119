"""Whole-machine consistency checks for a checked build (models, in spirit,
CONFIG_DEBUG_VM's VM_BUG_ON and mm/debug.c, with lockdep's own self-checks).

Linux has local assertions: VM_BUG_ON at the place a rule matters (a page freed
while mapped, a bad swap entry in swap_info_get(), a lock taken out of order). The
model has those too (bug_on in page_alloc, swapfile, locking). What it adds here is
its own: global invariants recomputed from ground truth, as gVisor's mm tests
recompute their cached counters, each a KernelBug naming the invariant and the
object when it fails:

- krefs: every nsproxy's count is the tasks using it; each namespace's count is
  the nsproxies holding it (plus, for an ipc namespace, the shm attaches);
  mm_users is the tasks using the mm;
- swap: each slot's swap_map count is the ptes holding its entry plus the swap
  cache plus shmem files; inuse_pages, the slot index, the bit bounds, the swap
  list and nr_swap_pages/total_swap_pages agree with the maps;
- isolation: an anonymous page swapped out sits in the area of the swap namespace
  of a task mapping it (vma_page_to_swapns), never in another namespace's; a shmem
  or tmpfs page sits in an init-namespace area (the seed's checkpoint caveat);
  an orphaned area (its namespace died with entries in use, ARCHITECTURE.md) is
  exempt;
- locks: no spinlock held at the check (it runs where the kernel returns to user),
  every observed nesting allowed by LOCK_ORDER;
- memory: per mm, resident + swapped == mapped; each page's _mapcount is the ptes
  mapping it; every frame is free, on an LRU list or in the page cache, once.

The checks only read: a checked session's output is the same as an unchecked one's.
Cost: one walk over every page table, LRU list and swap-cache entry, and a few
C-speed scans of each swap_map: O(machine). check_all() runs them; the stateful
tests call it after every rule, and `swapsh --debug-checks` at every
DEBUG_CHECKS_INTERVAL-th system call exit (kernel/params.py).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from swapsh.kernel.bug import BUG, bug_on
from swapsh.kernel.ipc.shm import ShmVmOps
from swapsh.kernel.mm.mm_types import (
    SWP_OFFSET_MASK,
    SWP_TYPE_SHIFT,
    AnonVma,
    MmStruct,
    Page,
    PG_active,
    PG_lru,
    PG_poison,
    PG_swapcache,
)
from swapsh.kernel.mm.swap_alloc import SWAP_MAP_BAD, SWAP_MAP_MAX, SWP_USED, SWP_WRITEOK
from swapsh.kernel.params import PAGE_SHIFT

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel
    from swapsh.kernel.mm.swap_alloc import SwapInfoStruct
    from swapsh.kernel.mm.swap_namespace import SwapNamespace
    from swapsh.kernel.namespaces import IpcNamespace
    from swapsh.kernel.nsproxy import NsProxy
    from swapsh.kernel.task import TaskStruct

__all__ = [
    "check_all",
    "check_frames",
    "check_isolation",
    "check_krefs",
    "check_locks",
    "check_swap_maps",
    "walk_page_tables",
]


@dataclass(slots=True, eq=False)
class PteWalk:
    """What every page table holds, counted once for all the checks."""

    mms: list[MmStruct] = field(default_factory=list)  # every mm, once
    swap_refs: Counter[int] = field(default_factory=Counter)  # entry -> ptes holding it
    maps: Counter[Page] = field(default_factory=Counter)  # page -> ptes mapping it
    # (entry, anon_vma) of each swapped anonymous pte, for the isolation check
    swapped_anon: list[tuple[int, AnonVma | None]] = field(default_factory=list)


def _all_mms(k: Kernel) -> list[MmStruct]:
    seen: dict[int, MmStruct] = {}
    for t in k.tasks.values():
        if t.mm is not None:
            seen.setdefault(id(t.mm), t.mm)
    for mm in k.mmlist:
        seen.setdefault(id(mm), mm)
    return list(seen.values())


def walk_page_tables(k: Kernel) -> PteWalk:
    """One pass over every mm: per-mm counters checked on the way, references
    gathered for the swap and frame checks."""
    w = PteWalk(mms=_all_mms(k))
    for mm in w.mms:
        present = swapped = 0
        starts = [vma.vm_start for vma in mm.mmap]  # (not find_vma: it moves mmap_cache)
        for vpn, pte in mm.pgd.items():
            if pte.page is not None:
                present += 1
                w.maps[pte.page] += 1
                if pte.swp:
                    bug_on(True, f"pte {vpn:#x} of {_owner(mm)} is both present and swapped")
            elif pte.swp:
                swapped += 1
                w.swap_refs[pte.swp] += 1
                i = bisect_right(starts, vpn << PAGE_SHIFT) - 1
                vma = mm.mmap[i] if i >= 0 and vpn << PAGE_SHIFT < mm.mmap[i].vm_end else None
                if vma is not None and vma.vm_file is None:
                    w.swapped_anon.append((pte.swp, vma.anon_vma))
        bug_on(
            (mm.anon_rss + mm.file_rss, mm.swap_ents) != (present, swapped),
            f"rss: mm of {_owner(mm)} counts {mm.anon_rss}+{mm.file_rss} resident and "
            f"{mm.swap_ents} swapped, its page table holds {present} and {swapped}",
        )
    return w


def _owner(mm: MmStruct) -> str:
    o = mm.owner
    return f"{o.comm}/{o.pid}" if o is not None else "no owner"


# -- reference counts -----------------------------------------------------------------


def check_krefs(k: Kernel) -> None:
    """Every count equals its live holders (include/linux/nsproxy.h's rules)."""
    tasks = list(k.tasks.values())
    proxies: dict[int, NsProxy] = {}
    users: Counter[int] = Counter()
    mm_users: Counter[int] = Counter()
    for t in tasks:
        if t.nsproxy is not None:
            proxies[id(t.nsproxy)] = t.nsproxy
            users[id(t.nsproxy)] += 1
        if t.mm is not None:
            mm_users[id(t.mm)] += 1
    for key, p in proxies.items():
        bug_on(p.count != users[key], f"kref: nsproxy count {p.count}, {users[key]} tasks use it")
    for t in tasks:
        mm = t.mm
        if mm is not None:
            bug_on(
                mm.mm_users != mm_users[id(mm)],
                f"kref: mm_users {mm.mm_users} of {t.comm}/{t.pid}'s mm, "
                f"{mm_users[id(mm)]} tasks use it",
            )
    _check_ns_counts(k, list(proxies.values()))


def _check_ns_counts(k: Kernel, proxies: list[NsProxy]) -> None:
    holders: Counter[int] = Counter()
    objs: dict[int, tuple[str, int]] = {}  # id -> (its name, its count)
    for p in proxies:
        for kind, ns, count in (
            ("uts_namespace", p.uts_ns, p.uts_ns.kref.refcount),
            (f"ipc_namespace {p.ipc_ns.ns_id}", p.ipc_ns, p.ipc_ns.kref.refcount),
            ("mnt_namespace", p.mnt_ns, p.mnt_ns.count),
            ("pid_namespace", p.pid_ns, p.pid_ns.kref.refcount),
            ("user_namespace", p.user_ns, p.user_ns.kref.refcount),
            ("net", p.net_ns, p.net_ns.count),
        ):
            holders[id(ns)] += 1
            objs[id(ns)] = (kind, count)
        if p.swap_ns is not None:
            holders[id(p.swap_ns)] += 1
            objs[id(p.swap_ns)] = (f"swap_namespace {p.swap_ns.ns_id}", p.swap_ns.kref.refcount)
            _check_swap_ns_binding(p.swap_ns)
    for ipc in _shm_attaches(k):  # each attached vma holds its segment's namespace
        holders[id(ipc)] += 1
        objs[id(ipc)] = (f"ipc_namespace {ipc.ns_id}", ipc.kref.refcount)
    for key, (name, count) in objs.items():
        if count != holders[key]:
            bug_on(True, f"kref: {name} count {count}, {holders[key]} holders")


def _shm_attaches(k: Kernel) -> list[IpcNamespace]:
    """The ipc namespace of each vma of a SysV attach (ShmVmOps.open took it)."""
    out = []
    for mm in _all_mms(k):
        for vma in mm.mmap:
            if isinstance(vma.vm_ops, ShmVmOps):
                out.append(vma.vm_ops.shp.ns)
    return out


def _check_swap_ns_binding(ns: SwapNamespace) -> None:
    """A namespace and its area point at each other; type is -1 while it is off."""
    si = ns.si
    if si is None:
        bug_on(ns.type != -1, f"swap_namespace {ns.ns_id}: type {ns.type} but no area")
        return
    bug_on(
        si.swap_namespace is not ns and si.flags & SWP_WRITEOK,
        f"swap_namespace {ns.ns_id}: its area {si.type} belongs to another namespace",
    )
    want = si.type if si.flags & SWP_WRITEOK else -1
    bug_on(ns.type != want, f"swap_namespace {ns.ns_id}: type {ns.type}, its area is {want}")


# -- swap maps --------------------------------------------------------------------------


def check_swap_maps(k: Kernel, w: PteWalk) -> None:
    """swap_map counts == ptes + swap cache + shmem; the counters agree with the maps."""
    refs = Counter(w.swap_refs)
    for entry, page in k.swapper_space.items():
        refs[entry] += 1
        if page.private != entry or page.flags & (PG_swapcache | PG_poison) != PG_swapcache:
            bug_on(True, f"swap cache: entry {entry:#x} holds {page!r}, {page.private:#x}")
    for entry, (info, idx) in k.shmem_swap.items():
        refs[entry] += 1
        if info.swap.get(idx) != entry:
            bug_on(True, f"shmem: {info.name} page {idx} lost its entry {entry:#x}")
    per_area: dict[int, list[tuple[int, int]]] = {}
    for entry, n in refs.items():
        per_area.setdefault(entry >> SWP_TYPE_SHIFT, []).append((entry & SWP_OFFSET_MASK, n))
    swap = k.swap
    for t, offs in per_area.items():
        ok = t < len(swap.swap_info) and swap.swap_info[t].swap_map is not None
        bug_on(not ok, f"swap_map: {len(offs)} references to entries of area {t}, not active")
    for si in swap.swap_info:
        if si.swap_map is not None:
            _check_area(si, per_area.get(si.type, []))
    _check_counters(k)


def _check_area(si: SwapInfoStruct, offs: list[tuple[int, int]]) -> None:
    swap_map, used = si.swap_map, si.slot_used
    if swap_map is None or used is None:
        BUG(f"swap_map: area {si.type} is active without a map")
    name = f"area {si.type}"
    bug_on(swap_map[0] != SWAP_MAP_BAD, f"swap_map: {name}: header slot is {swap_map[0]:#x}")
    for off, n in offs:
        got = swap_map[off] if off < si.max else -1
        if got != n and not (got == SWAP_MAP_MAX and n >= got):
            bug_on(True, f"swap_map: {name} slot {off} counts {got}, {n} references hold it")
        if not used[off]:
            bug_on(True, f"swap_map: {name} slot {off} in use but free in the index")
    # each referenced slot is non-zero (above): as many non-zero slots as referenced
    # ones means no slot is counted that nothing holds
    nonzero = len(swap_map) - swap_map.count(0) - 1
    bug_on(
        nonzero != len(offs),
        f"swap_map: {name} has {nonzero} slots in use, {len(offs)} referenced (a leaked slot)",
    )
    bug_on(
        si.inuse_pages != nonzero or used.count(1) - 1 != nonzero,
        f"swap_map: {name} inuse_pages {si.inuse_pages}, {nonzero} slots used, "
        f"{used.count(1) - 1} in the index",
    )
    if si.flags & SWP_WRITEOK and si.inuse_pages < si.pages:
        first, last = used.find(0, 1), used.rfind(0)
        bug_on(
            first < si.lowest_bit or last > si.highest_bit,
            f"swap_map: {name} free slots {first}..{last} outside "
            f"lowest_bit {si.lowest_bit}..highest_bit {si.highest_bit}",
        )


def _check_counters(k: Kernel) -> None:
    """nr_swap_pages and total_swap_pages: the writable areas' free and total slots,
    less what areas being swapped off still use (si_swapinfo adds those back)."""
    swap = k.swap
    areas = swap.swap_info[: swap.nr_swapfiles]
    ok = [p for p in areas if p.flags & SWP_WRITEOK]
    off = [p for p in areas if p.flags & SWP_USED and not p.flags & SWP_WRITEOK and p.swap_map]
    total = sum(p.pages for p in ok)
    free = sum(p.pages - p.inuse_pages for p in ok) - sum(p.inuse_pages for p in off)
    bug_on(
        (swap.total_swap_pages, swap.nr_swap_pages) != (total, free),
        f"swap counters: total_swap_pages {swap.total_swap_pages} nr_swap_pages "
        f"{swap.nr_swap_pages}, the areas hold {total} and {free}",
    )
    listed: list[SwapInfoStruct] = []
    i = swap.swap_list_head
    while i >= 0 and len(listed) <= len(areas):
        listed.append(swap.swap_info[i])
        i = swap.swap_info[i].next
    bug_on(
        {id(p) for p in listed} != {id(p) for p in ok} or len(listed) != len(ok),
        f"swap_list: lists areas {[p.type for p in listed]}, writable are {[p.type for p in ok]}",
    )
    prios = [p.prio for p in listed]
    bug_on(prios != sorted(prios, reverse=True), f"swap_list: priorities out of order {prios}")


# -- swap namespace isolation ---------------------------------------------------------


def check_isolation(k: Kernel, w: PteWalk) -> None:
    """An anonymous page's slot is in the area of a swap namespace of a task that
    maps it (through its anon_vma, as vma_page_to_swapns chose); a shmem page's
    slot is in an init-namespace area."""
    swap_info = k.swap.swap_info
    allowed: dict[int, set[int]] = {}  # id(anon_vma) -> ids of its owners' namespaces
    for entry, av in w.swapped_anon:
        si = swap_info[entry >> SWP_TYPE_SHIFT]
        if si.orphan_release is not None:
            continue  # its namespace died with entries mapped elsewhere (documented)
        if av is None:
            bug_on(True, f"isolation: swap entry {entry:#x} in a vma without an anon_vma")
            continue
        ids = allowed.get(id(av))
        if ids is None:
            ids = allowed[id(av)] = {_ns_id(vma.vm_mm.owner) for vma in av.head}
        if id(si.swap_namespace) not in ids:
            bug_on(
                True,
                f"isolation: an anonymous page of {_owners(av)} sits in area {si.type} "
                f"of swap namespace {_ns_name(si.swap_namespace)}",
            )
    for entry, (info, idx) in k.shmem_swap.items():
        si = swap_info[entry >> SWP_TYPE_SHIFT]
        bug_on(
            si.swap_namespace is not None,
            f"isolation: shmem {info.name} page {idx} sits in area {si.type} of swap "
            f"namespace {_ns_name(si.swap_namespace)}, not the init namespace's",
        )


def _ns_id(owner: TaskStruct | None) -> int:
    if owner is None or owner.nsproxy is None:
        return id(None)
    return id(owner.nsproxy.swap_ns)


def _ns_name(ns: SwapNamespace | None) -> str:
    return "init" if ns is None else str(ns.ns_id)


def _owners(av: AnonVma) -> str:
    return ", ".join(_owner(vma.vm_mm) for vma in av.head) or "nobody"


# -- locks -------------------------------------------------------------------------------


def check_locks(k: Kernel) -> None:
    """No spinlock held; every nesting lockdep saw is one LOCK_ORDER allows."""
    ld = k.lockdep
    bug_on(ld.held, f"locks: {', '.join(s.name for s in ld.held)} held at return to user")
    for a, b in sorted(ld.edges):
        bug_on(
            not ld.allows(a, b),
            f"locks: {b} was taken under {a}, which LOCK_ORDER does not allow",
        )


# -- frames ------------------------------------------------------------------------------


def check_frames(k: Kernel, w: PteWalk, *, quiescent: bool) -> None:
    """Every frame is free, on an LRU list or in the page cache, once; an LRU
    page's flags and _mapcount match its lists and ptes. At a quiescent point (no
    task inside the kernel) no frame may be missing; otherwise a sleeping fault may
    hold a page it has not mapped yet (do_page_fault's spare)."""
    z, maps, cache = k.zone, w.maps, k.swapper_space
    seen = set(z.free_list)  # every frame met so far
    cached = 0
    for run in z.file_lru:
        seen.update(run.pfns)
        cached += len(run.pfns)
    bug_on(cached != z.nr_file_pages, f"zone: nr_file_pages {z.nr_file_pages}, {cached} cached")
    for lst, active in ((z.active_list, PG_active), (z.inactive_list, 0)):
        for page in lst:
            seen.add(page.pfn)
            flags = page.flags
            if flags & (PG_lru | PG_active | PG_poison) != PG_lru | active:
                bug_on(True, f"lru: {page!r} on the {'active' if active else 'inactive'} list")
            if page._mapcount != maps.get(page, 0):
                bug_on(True, f"lru: {page!r} _mapcount, {maps.get(page, 0)} ptes map it")
            if bool(flags & PG_swapcache) != (cache.get(page.private) is page):
                bug_on(True, f"lru: {page!r} PG_swapcache disagrees with the swap cache")
    for page in maps:
        if page.flags & (PG_lru | PG_poison) != PG_lru:
            bug_on(True, f"frames: mapped {page!r} is not on an LRU list")
    frames = len(z.free_list) + cached + len(z.active_list) + len(z.inactive_list)
    bug_on(len(seen) != frames, f"frames: {frames - len(seen)} frames counted twice")
    bug_on(
        frames > z.managed_pages or (quiescent and frames != z.managed_pages),
        f"frames: {frames} free, on LRU lists or cached, of {z.managed_pages}",
    )


def check_all(k: Kernel, *, quiescent: bool = True) -> None:
    """Run every check. Raises: KernelBug naming the first broken invariant."""
    check_locks(k)
    check_krefs(k)
    w = walk_page_tables(k)
    check_swap_maps(k, w)
    check_isolation(k, w)
    check_frames(k, w, quiescent=quiescent)
