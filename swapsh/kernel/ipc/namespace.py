"""The ipc namespace's life (models ipc/namespace.c, 2.6.25).

A namespace is held by the nsproxies that point at it and by every shm attach made
in it (ipc/shm.py); the last put destroys what is left in it. Only SysV shared
memory is modelled, so that is all free_ipc_ns() has to tear down.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from swapsh.kernel.kref import kref_init, kref_put
from swapsh.kernel.namespaces import IpcNamespace

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel

__all__ = ["clone_ipc_ns", "free_ipc_ns", "put_ipc_ns"]


def clone_ipc_ns(ns_id: int) -> IpcNamespace:
    """Linux: clone_ipc_ns(). A fresh, empty ipc namespace with one reference."""
    ns = IpcNamespace(ns_id=ns_id)
    kref_init(ns.kref)
    return ns


def free_ipc_ns(k: Kernel, ns: IpcNamespace) -> None:
    """Linux: free_ipc_ns(): its shared memory segments are destroyed."""
    k.ipc_exit_ns(k, ns)  # shm_exit_ns(), registered at boot: shm.py calls put_ipc_ns


def put_ipc_ns(k: Kernel, ns: IpcNamespace) -> None:
    """Linux: put_ipc_ns(). Drop a reference; the last one frees the namespace."""
    kref_put(ns.kref, lambda _: free_ipc_ns(k, ns))
