"""Address spaces: creation, fork, exec, exit, mmap/munmap/brk (models mm/mmap.c,
kernel/fork.c dup_mmap/mmput/mm_update_next_owner, fs/exec.c setup_arg_pages).

Only anonymous private memory exists: a stack, a heap (brk) and mmap regions. The
program text of a simulated program is Python, not mapped memory; what a process
holds in memory is what it stores there (its argv and environment on the stack,
the buffers it allocates).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from swapsh.kernel.bug import BUG
from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.mm.memory import access_user, zap_page_range
from swapsh.kernel.mm.mm_types import (
    VM_GROWSDOWN,
    VM_READ,
    VM_WRITE,
    MmStruct,
    Pte,
    VmAreaStruct,
)
from swapsh.kernel.mm.rmap import anon_vma_link, anon_vma_unlink, page_add_anon_rmap
from swapsh.kernel.mm.swap_alloc import swap_duplicate
from swapsh.kernel.params import PAGE_SHIFT, PAGE_SIZE

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel
    from swapsh.kernel.task import TaskStruct

__all__ = [
    "TASK_SIZE",
    "do_brk",
    "do_mmap",
    "do_munmap",
    "dup_mm",
    "exec_mmap",
    "exit_mm",
    "mm_alloc",
]

TASK_SIZE = 0x7FFFFFFFF000  # x86_64 user address space
STACK_TOP = TASK_SIZE
STACK_SIZE = 128 * 1024  # the stack vma as exec sets it up
TASK_UNMAPPED_BASE = 0x2AAAAAAAB000  # PAGE_ALIGN(TASK_SIZE / 3): legacy mmap base
ELF_BRK_START = 0x601000  # where a small x86_64 binary's heap starts
RW = VM_READ | VM_WRITE


def _page_align(n: int) -> int:
    return (n + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1)


def mm_alloc(k: Kernel, owner: TaskStruct) -> MmStruct:
    """Linux: mm_alloc() + mm_init_owner()."""
    return MmStruct(owner=owner)


def _vma_link(vma: VmAreaStruct) -> None:
    """A new vma joins its anon_vma, or its file's i_mmap (and the object's open)."""
    if vma.vm_file is not None:
        vma.vm_file.i_mmap.append(vma)
        if vma.vm_ops is not None:
            vma.vm_ops.open(vma)
    else:
        anon_vma_link(vma)


def _vma_unlink(vma: VmAreaStruct) -> None:
    """Linux: remove_vma(): leave the anon_vma or the file's i_mmap, then close."""
    if vma.vm_file is not None:
        vma.vm_file.i_mmap.remove(vma)
        if vma.vm_ops is not None:
            vma.vm_ops.close(vma)
    else:
        anon_vma_unlink(vma)


def insert_shared_vma(mm: MmStruct, vma: VmAreaStruct) -> None:
    """do_mmap_pgoff() of a shared file mapping, once its place is chosen."""
    _vma_link(vma)
    _insert_vma(mm, vma)


def _insert_vma(mm: MmStruct, vma: VmAreaStruct) -> None:
    mm.mmap.append(vma)
    mm.mmap.sort(key=lambda v: v.vm_start)
    mm.total_vm += (vma.vm_end - vma.vm_start) >> PAGE_SHIFT
    mm.hiwater_vm = max(mm.hiwater_vm, mm.total_vm)


def free_range(mm: MmStruct, length: int, base: int) -> int:
    """Linux: arch_get_unmapped_area(), bottom-up from TASK_UNMAPPED_BASE."""
    addr = base
    for vma in mm.mmap:
        if vma.vm_end <= addr:
            continue
        if addr + length <= vma.vm_start:
            break
        addr = max(addr, vma.vm_end)
    if addr + length > STACK_TOP - STACK_SIZE:
        raise KernelError(Errno.ENOMEM)
    return addr


async def exec_mmap(k: Kernel, tsk: TaskStruct, argv: list[str], envp: dict[str, str]) -> None:
    """Linux: exec_mmap() + setup_arg_pages() + create_elf_tables(), in outline: a
    fresh mm whose stack holds the argument and environment strings, and an empty
    heap. The old mm is released."""
    mm = mm_alloc(k, tsk)
    stack = VmAreaStruct(
        vm_mm=mm,
        vm_start=STACK_TOP - STACK_SIZE,
        vm_end=STACK_TOP,
        vm_flags=RW | VM_GROWSDOWN,
        name="[stack]",
    )
    _insert_vma(mm, stack)
    mm.start_brk = mm.brk = ELF_BRK_START
    mm.start_stack = STACK_TOP
    old = tsk.mm
    tsk.mm = mm
    if old is not None:
        mmput(k, old)
    strings = b"".join(a.encode("utf-8", "surrogateescape") + b"\0" for a in argv)
    env = b"".join(f"{n}={v}".encode("utf-8", "surrogateescape") + b"\0" for n, v in envp.items())
    blob = strings + env
    if len(blob) > STACK_SIZE // 2:
        raise KernelError(Errno.E2BIG)
    mm.arg_start = STACK_TOP - 16 - len(blob)
    mm.env_start = mm.arg_start + len(strings)
    await access_user(k, tsk, mm.arg_start, data=blob)


def do_mmap(k: Kernel, mm: MmStruct, length: int) -> int:
    """Linux: do_mmap_pgoff() for MAP_PRIVATE|MAP_ANONYMOUS, PROT_READ|PROT_WRITE.

    Returns: the address. Raises: EINVAL (length 0), ENOMEM (no room).
    """
    if length <= 0 or length > TASK_SIZE:
        raise KernelError(Errno.EINVAL)
    length = _page_align(length)
    addr = free_range(mm, length, TASK_UNMAPPED_BASE)
    _insert_vma(mm, VmAreaStruct(vm_mm=mm, vm_start=addr, vm_end=addr + length, vm_flags=RW))
    return addr


def do_munmap(k: Kernel, mm: MmStruct, addr: int, length: int) -> None:
    """Linux: do_munmap(). Unmap [addr, addr+length), splitting vmas as needed.

    Raises: EINVAL for an unaligned address or a zero length.
    """
    if addr & (PAGE_SIZE - 1) or length <= 0 or addr + length > TASK_SIZE:
        raise KernelError(Errno.EINVAL)
    end = addr + _page_align(length)
    for vma in list(mm.mmap):
        if vma.vm_end <= addr or vma.vm_start >= end:
            continue
        lo, hi = max(vma.vm_start, addr), min(vma.vm_end, end)
        zap_page_range(k, mm, lo, hi)
        mm.mmap.remove(vma)
        mm.mmap_cache = None
        mm.total_vm -= (vma.vm_end - vma.vm_start) >> PAGE_SHIFT
        keep = [(vma.vm_start, lo), (hi, vma.vm_end)]
        pieces = [(s, e) for s, e in keep if s < e]
        if not pieces:
            _vma_unlink(vma)
        for i, (s, e) in enumerate(pieces):
            pgoff = vma.vm_pgoff + ((s - vma.vm_start) >> PAGE_SHIFT)
            if i == 0:
                vma.vm_start, vma.vm_end, vma.vm_pgoff = s, e, pgoff
                _insert_vma(mm, vma)
                continue
            piece = VmAreaStruct(
                vm_mm=mm,
                vm_start=s,
                vm_end=e,
                vm_flags=vma.vm_flags,
                anon_vma=vma.anon_vma,
                name=vma.name,
                vm_file=vma.vm_file,
                vm_pgoff=pgoff,
                vm_ops=vma.vm_ops,
            )
            _vma_link(piece)
            _insert_vma(mm, piece)


def do_brk(k: Kernel, mm: MmStruct, new_brk: int) -> int:
    """Linux: sys_brk(). Grow or shrink the heap; an impossible request leaves it.

    Returns: the (possibly unchanged) break.
    """
    if new_brk < mm.start_brk:
        return mm.brk
    old_end, new_end = _page_align(mm.brk), _page_align(new_brk)
    if new_end > old_end:
        for vma in mm.mmap:  # find_vma_intersection(oldbrk, newbrk + PAGE_SIZE)
            if vma.vm_start < new_end + PAGE_SIZE and vma.vm_end > old_end:
                return mm.brk
        # extend the vma that ends at the old break (vma_merge), or start a new one
        heap = next((v for v in mm.mmap if v.vm_end == old_end and v.name == "[heap]"), None)
        if heap is None:
            _insert_vma(
                mm,
                VmAreaStruct(
                    vm_mm=mm, vm_start=old_end, vm_end=new_end, vm_flags=RW, name="[heap]"
                ),
            )
        else:
            mm.total_vm += (new_end - heap.vm_end) >> PAGE_SHIFT
            mm.hiwater_vm = max(mm.hiwater_vm, mm.total_vm)
            heap.vm_end = new_end
    elif new_end < old_end:
        do_munmap(k, mm, new_end, old_end - new_end)
    mm.brk = new_brk
    return mm.brk


def dup_mm(k: Kernel, child: TaskStruct, old: MmStruct) -> MmStruct:
    """Linux: dup_mm() -> dup_mmap() + copy_page_range(). The child's vmas join the
    parent's anon_vmas; present pages are shared read-only (copy-on-write), swap
    entries gain a reference."""
    mm = mm_alloc(k, child)
    mm.start_brk, mm.brk, mm.start_stack = old.start_brk, old.brk, old.start_stack
    mm.arg_start, mm.env_start = old.arg_start, old.env_start
    for vma in old.mmap:
        new = VmAreaStruct(
            vm_mm=mm,
            vm_start=vma.vm_start,
            vm_end=vma.vm_end,
            vm_flags=vma.vm_flags,
            anon_vma=vma.anon_vma,
            name=vma.name,
            vm_file=vma.vm_file,
            vm_pgoff=vma.vm_pgoff,
            vm_ops=vma.vm_ops,
        )
        _vma_link(new)
        _insert_vma(mm, new)
    for vpn, pte in old.pgd.items():
        child_vma = mm.find_vma(vpn << PAGE_SHIFT)
        if child_vma is None:
            BUG(f"dup_mm: no vma for page {vpn:#x} of the parent")
        if child_vma.vm_file is not None:
            continue  # a shared mapping: the child's faults find the pages in the file
        if pte.page is not None:
            pte.write = False
            page_add_anon_rmap(pte.page, child_vma, vpn)
            mm.pgd[vpn] = Pte(pte.page)
            mm.anon_rss += 1
        elif pte.swp:
            swap_duplicate(k, pte.swp)
            mm.pgd[vpn] = Pte(None, pte.swp)
            mm.swap_ents += 1
    if mm.swap_ents:
        mm.on_mmlist = True
        k.mmlist.append(mm)
    return mm


def mmput(k: Kernel, mm: MmStruct) -> None:
    """Linux: mmput() -> exit_mmap(). The last user unmaps everything."""
    mm.mm_users -= 1
    if mm.mm_users:
        return
    for vma in list(mm.mmap):
        zap_page_range(k, mm, vma.vm_start, vma.vm_end)
        _vma_unlink(vma)
    mm.mmap.clear()
    mm.mmap_cache = None
    mm.total_vm = 0
    if mm.on_mmlist:
        k.mmlist.remove(mm)
        mm.on_mmlist = False
    mm.owner = None


def exit_mm(k: Kernel, tsk: TaskStruct) -> None:
    """Linux: exit_mm(). Drop the task's mm; hand ownership on if others use it."""
    mm = tsk.mm
    if mm is None:
        return
    tsk.mm = None
    if mm.owner is tsk:
        mm_update_next_owner(k, mm, tsk)
    mmput(k, mm)


def mm_update_next_owner(k: Kernel, mm: MmStruct, p: TaskStruct) -> None:
    """Linux (2.6.26): mm_update_next_owner(). If others still use mm, the owner
    becomes one of them: a child, else a sibling, else any task. Without CLONE_VM
    (not modelled) no other task shares an mm, so the search finds none and the
    owner goes with the last user."""
    if mm.mm_users <= 1:
        return
    parent = p.parent
    candidates = [*p.children, *(parent.children if parent else []), *k.tasks.values()]
    for c in candidates:
        if c is not p and c.mm is mm:
            mm.owner = c
            return
    mm.owner = None
