"""Reference counts with a release callback (models lib/kref.c, 2.6.25)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from swapsh.kernel.bug import KernelBug

__all__ = ["Kref", "kref_get", "kref_init", "kref_put"]


@dataclass(slots=True, eq=False, kw_only=True)
class Kref:
    """Linux: struct kref (include/linux/kref.h)."""

    refcount: int = 0  # atomic_t in Linux; no lock in the cooperative model


def kref_init(kref: Kref) -> None:
    """Linux: kref_init(). The creator holds the first reference."""
    kref.refcount = 1


def kref_get(kref: Kref) -> None:
    """Linux: kref_get(). Taking a reference on a dead object is a bug (WARN_ON)."""
    if kref.refcount == 0:
        raise KernelBug("kref_get on a released kref")
    kref.refcount += 1


def kref_put(kref: Kref, release: Callable[[Kref], None]) -> bool:
    """Linux: kref_put(). Drop a reference; call release at zero.

    Returns: True if this put released the object.
    """
    if kref.refcount <= 0:
        raise KernelBug("kref_put on a released kref")
    kref.refcount -= 1
    if kref.refcount == 0:
        release(kref)
        return True
    return False
