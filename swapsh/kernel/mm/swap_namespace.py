"""Swap namespaces (models the patch's mm/swap_namespace.c and include/linux/swap_namespace.h).

The init swap namespace is None. A child namespace may hold exactly one swap file:
`type` is its index in swap_info (-1: none usable), `si` its swap_info_struct.
`si` is claimed first and released last around swapon and swapoff, so a racing
swapon sees the namespace busy for the whole window (the patch's header comment).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.kref import Kref, kref_get, kref_init, kref_put
from swapsh.kernel.locking import Lockdep, Spinlock
from swapsh.kernel.mm.rmap import page_lock_anon_vma
from swapsh.kernel.task import CloneFlags

if TYPE_CHECKING:
    from swapsh.kernel.mm.mm_types import Page
    from swapsh.kernel.mm.swap_alloc import SwapInfoStruct, SwapState

__all__ = [
    "SwapNamespace",
    "copy_swap_ns",
    "get_swap_ns",
    "put_swap_ns",
    "vma_page_to_swapns",
]


@dataclass(slots=True, eq=False, kw_only=True)
class SwapNamespace:
    """Linux (patch): struct swap_namespace (include/linux/swap_namespace.h)."""

    kref: Kref = field(default_factory=Kref)  # holders: nsproxies
    type: int = -1  # index into swap_info; protected by: swap_lock and lock
    si: SwapInfoStruct | None = None  # the bound area; protected by: swap_lock and lock
    lock: Spinlock  # only ever taken under swap_lock
    ns_id: int  # creation order; not in the patch, used by views and traces


def copy_swap_ns(
    flags: int, old: SwapNamespace | None, *, enabled: bool, lockdep: Lockdep, ns_id: int
) -> SwapNamespace | None:
    """Linux (patch): copy_swap_ns(). A new, empty namespace for CLONE_NEWSWAP,
    else a new reference to the old one.

    Returns: the namespace the child's nsproxy holds a reference on.
    Raises: EINVAL with CONFIG_SWAP_NS=n (the patch's inline stub).
    """
    if not flags & CloneFlags.CLONE_NEWSWAP:
        return get_swap_ns(old)
    if not enabled:
        raise KernelError(Errno.EINVAL, "CONFIG_SWAP_NS=n")
    ns = SwapNamespace(lock=Spinlock(name="swap_namespace.lock", lockdep=lockdep), ns_id=ns_id)
    kref_init(ns.kref)
    return ns


def get_swap_ns(ns: SwapNamespace | None) -> SwapNamespace | None:
    """Linux (patch): get_swap_ns(). The init namespace (None) is not counted."""
    if ns is not None:
        kref_get(ns.kref)
    return ns


def put_swap_ns(swap: SwapState, ns: SwapNamespace | None) -> None:
    """Linux (patch): put_swap_ns(); the last put frees the namespace (free_swap_ns)."""
    if ns is not None:
        kref_put(ns.kref, lambda _kref: free_swap_ns(swap, ns))


def free_swap_ns(swap: SwapState, ns: SwapNamespace) -> None:
    """Linux (patch): free_swap_ns(). Release the namespace's swap file, if any.

    The area is swapped off (its pages come back, it leaves /proc/swaps); the file's
    bytes stay as they are on disk, as with any swapoff.
    """
    swap.release_ns_area(swap, ns)  # swapfile's release_swap_ns_area, set at boot


def vma_page_to_swapns(page: Page) -> SwapNamespace | None:
    """Linux (patch): vma_page_to_swapns(). The swap namespace a page is swapped to:
    page -> anon_vma -> its first vma -> mm -> mm->owner -> nsproxy -> swap_ns.

    A page with no anon_vma (shmem, tmpfs, SysV shm) or whose mm has no owner
    belongs to the init namespace (None): the seed's checkpoint caveat.
    """
    av = page_lock_anon_vma(page)
    if av is None:
        return None
    with av.lock:
        if not av.head:
            return None
        mm = av.head[0].vm_mm
    owner = mm.owner
    if owner is None or owner.nsproxy is None:
        return None
    return owner.nsproxy.swap_ns
