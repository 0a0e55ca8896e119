"""Page faults and user memory access (models mm/memory.c and the fault entry of
arch/x86/mm/fault.c, 2.6.25).

Userland reaches its memory only through access_user(): the model's CPU doing loads
and stores. A store or load on a page that is not present faults: a fresh zeroed
page (do_anonymous_page), the page read back from swap (do_swap_page), or a private
copy of a page shared copy-on-write since fork (do_wp_page).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from swapsh.kernel.bug import BUG
from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.fs.inode import page_head, zero_bytes
from swapsh.kernel.mm.mm_types import (
    VM_WRITE,
    MmStruct,
    Page,
    PG_dirty,
    Pte,
    ShmemInodeInfo,
    VmAreaStruct,
)
from swapsh.kernel.mm.page_alloc import alloc_page_nowait, alloc_page_wait
from swapsh.kernel.mm.rmap import anon_vma_prepare, page_add_anon_rmap, page_remove_rmap
from swapsh.kernel.mm.shmem import do_shmem_fault
from swapsh.kernel.mm.swap_alloc import swap_free, vm_swap_full
from swapsh.kernel.mm.swap_state import (
    add_to_swap_cache,
    can_share_swap_page,
    lookup_swap_cache,
    remove_exclusive_swap_page,
    swap_readpage,
)
from swapsh.kernel.mm.vmscan import free_swap_and_cache, lru_cache_add_active, put_page
from swapsh.kernel.params import PAGE_SHIFT, PAGE_SIZE
from swapsh.kernel.signal import Sig
from swapsh.kernel.task import TaskExit

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel
    from swapsh.kernel.task import TaskStruct

__all__ = [
    "access_range",
    "access_user",
    "do_page_fault",
    "finish_access",
    "user_range",
    "zap_page_range",
]


def _fault_vma(mm: MmStruct, addr: int, write: bool) -> VmAreaStruct:
    """do_page_fault()'s checks. Raises: EFAULT for an address outside every vma or
    a write to a read-only one (the caller turns it into SIGSEGV or an EFAULT
    return)."""
    vma = mm.find_vma(addr)
    if vma is None or (write and not vma.vm_flags & VM_WRITE):
        raise KernelError(Errno.EFAULT)
    return vma


def handle_mm_fault(
    k: Kernel,
    tsk: TaskStruct,
    mm: MmStruct,
    vma: VmAreaStruct,
    vpn: int,
    write: bool,
    spare: list[Page],
) -> bool:
    """Linux: handle_mm_fault() -> handle_pte_fault() for an anonymous vma, without
    sleeping. Returns: False if a page allocation must wait (do_page_fault then
    waits for one and calls again with it in spare)."""
    pte = mm.pgd.get(vpn)
    if pte is None:
        return do_anonymous_page(k, tsk, mm, vma, vpn, spare)
    if pte.page is None:
        return do_swap_page(k, tsk, mm, vma, vpn, pte, write, spare)
    if write and not pte.write:
        return do_wp_page(k, tsk, mm, vma, vpn, pte, spare)
    return True


def _ready(pte: Pte | None, write: bool) -> bool:
    return pte is not None and pte.page is not None and (pte.write or not write)


def do_page_fault_nowait(
    k: Kernel, tsk: TaskStruct, mm: MmStruct, addr: int, write: bool
) -> Pte | None:
    """Linux: do_page_fault(), for the faults that finish without sleeping: nearly
    all, so they cost no coroutine. Returns: the present pte, or None if the fault
    needs to sleep -- a shared (shmem) mapping's fault, or a page allocation that
    must wait -- and do_page_fault() must finish it.
    Raises: EFAULT (see _fault_vma)."""
    vma = _fault_vma(mm, addr, write)
    if vma.vm_file is not None:
        return None
    vpn = addr >> PAGE_SHIFT
    z, pgd = k.zone, mm.pgd
    while True:
        z.events["pgfault"] += 1
        k.sched.advance(k.costs.fault_ns)
        if not handle_mm_fault(k, tsk, mm, vma, vpn, write, []):
            return None  # do_page_fault() goes on with this same fault
        pte = pgd.get(vpn)
        if pte is not None and pte.page is not None and (pte.write or not write):  # _ready
            pte.young = True
            return pte
        # direct reclaim unmapped it while we allocated: fault again


async def do_page_fault(k: Kernel, tsk: TaskStruct, mm: MmStruct, addr: int, write: bool) -> Pte:
    """Linux: do_page_fault() -> handle_mm_fault(), the part that may sleep: it
    finishes a fault do_page_fault_nowait() returned None for. A shared (shmem)
    mapping's fault runs here from the start; an anonymous one found that the
    allocator must wait, so this waits for a page (alloc_page_wait) and runs the
    fault again with it in hand -- what the kernel's allocation inside the fault
    does. Returns: the present pte.
    Raises: EFAULT (see _fault_vma), or TaskExit if killed while waiting.
    """
    vma = _fault_vma(mm, addr, write)
    vpn = addr >> PAGE_SHIFT
    spare: list[Page] = []  # a page waited for, used by the next attempt
    if vma.vm_file is None:  # do_page_fault_nowait counted it, and must wait
        spare.append(await alloc_page_wait(k, tsk))
    else:  # do_page_fault_nowait left a shmem fault to us at once
        k.zone.events["pgfault"] += 1
        k.sched.advance(k.costs.fault_ns)
    while True:
        if vma.vm_file is not None and vpn not in mm.pgd:
            await do_shmem_fault(k, tsk, mm, vma, vpn)
        elif not handle_mm_fault(k, tsk, mm, vma, vpn, write, spare):
            spare.append(await alloc_page_wait(k, tsk))  # the same fault goes on
            continue
        pte = mm.pgd.get(vpn)
        if _ready(pte, write):
            if pte is None:  # _ready() holds only for a present pte
                BUG("access_range: ready pte is none")
            while spare:
                put_page(k, spare.pop())
            pte.young = True
            return pte
        # another task reclaimed it while we slept, or direct reclaim unmapped it
        # while we allocated: a fault again
        k.zone.events["pgfault"] += 1
        k.sched.advance(k.costs.fault_ns)


def _new_page(k: Kernel, tsk: TaskStruct, spare: list[Page]) -> Page | None:
    """The page a handler allocates: one already waited for, or the allocator's
    without sleeping (None: handle_mm_fault must wait)."""
    return spare.pop() if spare else alloc_page_nowait(k, tsk)


def do_anonymous_page(
    k: Kernel, tsk: TaskStruct, mm: MmStruct, vma: VmAreaStruct, vpn: int, spare: list[Page]
) -> bool:
    """Linux: do_anonymous_page(). A zeroed page (2.6.25 has no ZERO_PAGE for
    anonymous read faults: a read fault allocates too). Returns: False if it needs
    to wait for memory."""
    if vma.anon_vma is None:
        anon_vma_prepare(k, vma)
    page = _new_page(k, tsk, spare)
    if page is None:
        return False
    if vpn in mm.pgd:  # direct reclaim cannot map it, but stay safe like the kernel
        put_page(k, page)
        return True
    page_add_anon_rmap(page, vma, vpn)
    lru_cache_add_active(k, page)
    mm.pgd[vpn] = Pte(page, 0, bool(vma.vm_flags & VM_WRITE))
    mm.anon_rss += 1
    if mm.anon_rss > mm.hiwater_rss:
        mm.hiwater_rss = mm.anon_rss
    return True


def do_swap_page(
    k: Kernel,
    tsk: TaskStruct,
    mm: MmStruct,
    vma: VmAreaStruct,
    vpn: int,
    pte: Pte,
    write: bool,
    spare: list[Page],
) -> bool:
    """Linux: do_swap_page(). Bring the page back from its slot (or find it in the
    swap cache) and map it. The page stays in the swap cache, its slot kept, unless
    swap is more than half full (vm_swap_full: remove_exclusive_swap_page). A write
    fault maps it writable if no one else shares it, else goes on to copy it
    (do_wp_page). Returns: False if it needs to wait for memory."""
    entry = pte.swp
    page = lookup_swap_cache(k, entry)
    if page is None:
        new = _new_page(k, tsk, spare)
        if new is None:
            return False
        if mm.pgd.get(vpn) is not pte or pte.swp != entry:
            put_page(k, new)  # someone else brought it in while we allocated
            return True
        page = lookup_swap_cache(k, entry)
        if page is None:
            page = new
            add_to_swap_cache(k, page, entry, new_entry=False)
            swap_readpage(k, page, entry)
            lru_cache_add_active(k, page)
            k.zone.events["pgmajfault"] += 1
        else:
            put_page(k, new)
    pte.page, pte.swp, pte.write = page, 0, False
    page_add_anon_rmap(page, vma, vpn)
    mm.anon_rss += 1
    if mm.anon_rss > mm.hiwater_rss:
        mm.hiwater_rss = mm.anon_rss
    mm.swap_ents -= 1
    swap_free(k, entry)  # the pte's reference
    # 2.6.25 decides the write before the swap_free; with the pte's reference gone
    # and the rmap added, can_share_swap_page counts the same users
    if write and can_share_swap_page(k, page):
        pte.write = bool(vma.vm_flags & VM_WRITE)
        page.flags |= PG_dirty
        write = False
    if vm_swap_full(k):
        remove_exclusive_swap_page(k, page)
    if write:  # shared with another mm since fork: copy it now
        return do_wp_page(k, tsk, mm, vma, vpn, pte, spare)
    return True


def do_wp_page(
    k: Kernel,
    tsk: TaskStruct,
    mm: MmStruct,
    vma: VmAreaStruct,
    vpn: int,
    pte: Pte,
    spare: list[Page],
) -> bool:
    """Linux: do_wp_page(). Write to a write-protected page: reuse it if this pte is
    its only user (can_share_swap_page; a swap-cache page stays there, dirty), else
    copy it (copy-on-write after fork). Returns: False if it needs to wait for
    memory."""
    old = pte.page
    if old is None:
        BUG("do_wp_page on a pte without a page")
    if can_share_swap_page(k, old):
        pte.write = True
        old.flags |= PG_dirty
        return True
    new = _new_page(k, tsk, spare)
    if new is None:
        return False
    if mm.pgd.get(vpn) is not pte or pte.page is not old:
        put_page(k, new)  # direct reclaim took the old page while we allocated
        return True
    d = old.data
    new.data = d if d is None or type(d) is bytes else bytearray(d)
    k.sched.advance(k.costs.page_copy_ns)
    page_remove_rmap(old)
    put_page(k, old)
    page_add_anon_rmap(new, vma, vpn)
    lru_cache_add_active(k, new)
    pte.page, pte.write = new, True
    return True


def _store(page: Page, data: bytes, at: int, off: int, n: int) -> None:
    """The store of data[at:at + n] at offset off of page, which becomes dirty."""
    page.flags |= PG_dirty
    d = page.data
    if n == PAGE_SIZE:  # the whole page is replaced
        page.data = page_head(data, at) or None
    elif d is None and off == 0:  # a fresh page's first store (mem01's int)
        page.data = bytearray(data[at : at + n])
    else:
        if not isinstance(d, bytearray):  # zeros, or shared bytes: a private copy first
            d = page.data = bytearray(d or b"")
        if len(d) < off + n:  # grow the stored head of the page (the rest is zeros)
            d.extend(bytes(off + n - len(d)))
        d[off : off + n] = data[at : at + n]


def _load(d: bytes | bytearray | None, off: int, n: int, out: list[bytes | bytearray]) -> None:
    """The load of n bytes at offset off of a page whose stored head is d."""
    if d is None or off >= len(d):
        out.append(zero_bytes(n))
    elif n == PAGE_SIZE:  # the head, then the zeros after it: one copy, in the join
        out.append(d)
        if len(d) < PAGE_SIZE:
            out.append(zero_bytes(PAGE_SIZE - len(d)))
    else:
        piece = bytes(d[off : off + n])
        out.append(piece if len(piece) == n else piece.ljust(n, b"\0"))


def access_range(
    k: Kernel,
    tsk: TaskStruct,
    mm: MmStruct,
    addr: int,
    end: int,
    pos: int,
    data: bytes | None,
    out: list[bytes | bytearray],
) -> int:
    """The CPU's loads (data None: into out) or stores (data, which starts at addr) on
    [pos, end) of mm, as far as they get without sleeping: pages fault in through
    do_page_fault_nowait. Returns: where it stopped (end: done; else the page there
    needs do_page_fault). Raises: EFAULT; TaskExit when killed (the OOM killer)."""
    write = data is not None
    pgd = mm.pgd
    while pos < end:
        vpn, off = pos >> PAGE_SHIFT, pos & (PAGE_SIZE - 1)
        n = min(PAGE_SIZE - off, end - pos)
        pte = pgd.get(vpn)
        if pte is None or pte.page is None or (write and not pte.write):
            pte = do_page_fault_nowait(k, tsk, mm, pos, write)
            if tsk.pending and Sig.SIGKILL in tsk.pending:
                raise TaskExit(Sig.SIGKILL)  # killed (the OOM killer): no more faults
            if pte is None:
                return pos
        page = pte.page
        if page is None:
            BUG("finish_access: present pte without a page")
        pte.young = True
        if data is not None:
            _store(page, data, pos - addr, off, n)
        else:
            _load(page.data, off, n, out)
        pos += n
    return pos


def user_range(tsk: TaskStruct, addr: int, data: bytes | None, length: int) -> tuple[MmStruct, int]:
    """The mm and end of an access (access_ok()). Raises: EFAULT."""
    mm = tsk.mm
    end = addr + (len(data) if data is not None else length)
    if mm is None or addr < 0 or end > 1 << 47:
        raise KernelError(Errno.EFAULT)
    return mm, end


async def finish_access(
    k: Kernel,
    tsk: TaskStruct,
    mm: MmStruct,
    addr: int,
    end: int,
    pos: int,
    data: bytes | None,
    out: list[bytes | bytearray],
) -> None:
    """Go on with an access that access_range() stopped at pos: fault that page in,
    sleeping as needed, and continue."""
    while pos < end:
        await do_page_fault(k, tsk, mm, pos, data is not None)
        if tsk.pending and Sig.SIGKILL in tsk.pending:
            raise TaskExit(Sig.SIGKILL)
        pos = access_range(k, tsk, mm, addr, end, pos, data, out)


async def access_user(
    k: Kernel, tsk: TaskStruct, addr: int, *, data: bytes | None = None, length: int = 0
) -> bytes:
    """The CPU's loads (data None: read length bytes) and stores (write data) at addr
    in tsk's address space, faulting pages in as needed.

    Returns: the bytes loaded (b"" for a store). Raises: EFAULT (the caller sends
    SIGSEGV), or what the allocator raises.
    """
    mm, end = user_range(tsk, addr, data, length)
    out: list[bytes | bytearray] = []
    pos = access_range(k, tsk, mm, addr, end, addr, data, out)
    if pos < end:
        await finish_access(k, tsk, mm, addr, end, pos, data, out)
    return b"".join(out)


def zap_page_range(k: Kernel, mm: MmStruct, start: int, end: int) -> None:
    """Linux: zap_page_range(). Unmap [start, end): drop present pages, free the
    swap entries of swapped ones (free_swap_and_cache)."""
    first, last = start >> PAGE_SHIFT, (end - 1) >> PAGE_SHIFT
    pgd = mm.pgd
    span = range(first, last + 1)
    vpns = (
        [v for v in span if v in pgd]
        if len(span) <= len(pgd)
        else [v for v in pgd if first <= v <= last]
    )
    for vpn in vpns:
        pte = pgd.pop(vpn)
        page = pte.page
        if page is not None and isinstance(page.mapping, ShmemInodeInfo):  # its file keeps it
            page_remove_rmap(page)
            mm.file_rss -= 1
        elif page is not None:
            # free_page_and_swap_cache(): an exclusive swap-cache page goes with its
            # slot (tested while this pte still counts as its one user)
            remove_exclusive_swap_page(k, page)
            page_remove_rmap(page)
            mm.anon_rss -= 1
            put_page(k, page)
        elif pte.swp:
            mm.swap_ents -= 1
            free_swap_and_cache(k, pte.swp)
