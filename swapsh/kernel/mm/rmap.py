"""Reverse mapping of anonymous pages (models mm/rmap.c, 2.6.25).

An anonymous page points at its anon_vma; the anon_vma lists every vma that may map
it (the vmas of a process and of its forked children). From a page, reclaim finds
each pte that maps it: the vma's mm and the address index << PAGE_SHIFT.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from swapsh.kernel.bug import BUG, KernelBug
from swapsh.kernel.mm.mm_types import (
    AnonVma,
    MmStruct,
    Page,
    Pte,
    ShmemInodeInfo,
    VmAreaStruct,
    new_anon_vma,
)
from swapsh.kernel.params import PAGE_SHIFT

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel

__all__ = [
    "anon_vma_link",
    "anon_vma_prepare",
    "anon_vma_unlink",
    "file_page_ptes",
    "page_add_anon_rmap",
    "page_lock_anon_vma",
    "page_referenced",
    "page_remove_rmap",
    "ptes_referenced",
    "try_to_unmap_file",
    "vma_address_ptes",
]


def anon_vma_prepare(k: Kernel, vma: VmAreaStruct) -> AnonVma:
    """Linux: anon_vma_prepare(). Give vma an anon_vma at its first anonymous fault."""
    if vma.anon_vma is None:
        av = new_anon_vma(k.lockdep)
        with av.lock:
            av.head.append(vma)
        vma.anon_vma = av
    return vma.anon_vma


def anon_vma_link(vma: VmAreaStruct) -> None:
    """Linux: anon_vma_link(). A forked vma joins its parent's anon_vma."""
    av = vma.anon_vma
    if av is not None:
        with av.lock:
            av.head.append(vma)


def anon_vma_unlink(vma: VmAreaStruct) -> None:
    """Linux: anon_vma_unlink() at munmap and exit."""
    av = vma.anon_vma
    if av is not None:
        with av.lock:
            av.head.remove(vma)
        vma.anon_vma = None


def page_add_anon_rmap(page: Page, vma: VmAreaStruct, vpn: int) -> None:
    """Linux: page_add_anon_rmap() / page_add_new_anon_rmap()."""
    if page._mapcount == 0:
        page.mapping = vma.anon_vma
        page.index = vpn
    page._mapcount += 1


def page_remove_rmap(page: Page) -> None:
    """Linux: page_remove_rmap()."""
    page._mapcount -= 1
    if page._mapcount < 0:
        raise KernelBug(f"page_remove_rmap: negative mapcount {page!r}")


def page_lock_anon_vma(page: Page) -> AnonVma | None:
    """Linux: page_lock_anon_vma() without the lock (the caller takes av.lock): the
    anon_vma of a mapped anonymous page, or None (unmapped, or a shmem page)."""
    mapping = page.mapping
    if page._mapcount == 0 or not isinstance(mapping, AnonVma):
        return None
    return mapping


def file_page_ptes(page: Page, info: ShmemInodeInfo) -> list[tuple[MmStruct, int, Pte]]:
    """Every (mm, vpn, pte) mapping a shmem page: the walk of its file's i_mmap
    (page_referenced_file / try_to_unmap_file)."""
    found: list[tuple[MmStruct, int, Pte]] = []
    for vma in info.i_mmap:
        vpn = (vma.vm_start >> PAGE_SHIFT) + page.index - vma.vm_pgoff
        if vma.vm_start >> PAGE_SHIFT <= vpn < vma.vm_end >> PAGE_SHIFT:
            pte = vma.vm_mm.pgd.get(vpn)
            if pte is not None and pte.page is page:
                found.append((vma.vm_mm, vpn, pte))
    return found


def try_to_unmap_file(mappings: list[tuple[MmStruct, int, Pte]]) -> None:
    """Linux: try_to_unmap_file(). A shared page's ptes are cleared, not turned into
    swap entries: the next fault finds the page through its file again."""
    for mm, vpn, pte in mappings:
        del mm.pgd[vpn]
        if pte.page is None:
            BUG(f"unmapping a file page: pte of {vpn:#x} has no page")
        page_remove_rmap(pte.page)
        mm.file_rss -= 1


def vma_address_ptes(page: Page) -> list[tuple[MmStruct, int, Pte]]:
    """Every (mm, vpn, pte) that maps page, found through its anon_vma (the walk of
    try_to_unmap_anon / page_referenced_anon)."""
    av = page_lock_anon_vma(page)
    if av is None:
        mapping = page.mapping
        if page._mapcount and isinstance(mapping, ShmemInodeInfo):
            return file_page_ptes(page, mapping)
        return []
    vpn = page.index
    addr = vpn << PAGE_SHIFT
    with av.lock:
        head = av.head
        if len(head) == 1:  # never forked: one vma, at most one pte
            vma = head[0]
            if vma.vm_start <= addr < vma.vm_end:
                pte = vma.vm_mm.pgd.get(vpn)
                if pte is not None and pte.page is page:
                    return [(vma.vm_mm, vpn, pte)]
            return []
        found: list[tuple[MmStruct, int, Pte]] = []
        for vma in head:
            if vma.vm_start <= addr < vma.vm_end:
                pte = vma.vm_mm.pgd.get(vpn)
                if pte is not None and pte.page is page and all(f[2] is not pte for f in found):
                    found.append((vma.vm_mm, vpn, pte))
    return found


def ptes_referenced(mappings: list[tuple[MmStruct, int, Pte]]) -> int:
    """Test and clear the young bit of each of a page's mapping ptes."""
    n = 0
    for _mm, _vpn, pte in mappings:
        if pte.young:
            pte.young = False
            n += 1
    return n


def page_referenced(page: Page) -> int:
    """Linux: page_referenced(). Test and clear the young bit of each mapping pte.

    Returns: how many ptes had been accessed since the last call.
    """
    av = page.mapping  # page_lock_anon_vma(), inline: this runs for every page aged
    if page._mapcount and type(av) is AnonVma and len(av.head) == 1:  # never forked
        vpn = page.index
        with av.lock:
            vma = av.head[0]
            pte = (
                vma.vm_mm.pgd.get(vpn)
                if vma.vm_start >> PAGE_SHIFT <= vpn < vma.vm_end >> PAGE_SHIFT
                else None
            )
            if pte is None or pte.page is not page or not pte.young:
                return 0
            pte.young = False
            return 1
    return ptes_referenced(vma_address_ptes(page))
