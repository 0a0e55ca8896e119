"""Per-task namespace bundles (models kernel/nsproxy.c and include/linux/nsproxy.h, 2.6.25
plus the patch's swap_ns field).

Every nsproxy holds one reference on each namespace it points at; every task holds
one reference on its nsproxy. Tasks that clone without CLONE_NEW* flags share their
parent's nsproxy.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass
from typing import TYPE_CHECKING

from swapsh.kernel.bug import KernelBug
from swapsh.kernel.cred import Cap, capable_cred
from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.ipc.namespace import clone_ipc_ns, put_ipc_ns
from swapsh.kernel.kref import kref_get, kref_put
from swapsh.kernel.mm.swap_namespace import (
    CLONE_NEWSWAP,
    SwapNamespace,
    copy_swap_ns,
    put_swap_ns,
)
from swapsh.kernel.namespaces import (
    IpcNamespace,
    MntNamespace,
    Net,
    PidNamespace,
    UserNamespace,
    UtsNamespace,
    clone_uts_ns,
)

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel
    from swapsh.kernel.task import TaskStruct

__all__ = [
    "CLONE_NEWIPC",
    "CLONE_NEWNET",
    "CLONE_NEWNS",
    "CLONE_NEWPID",
    "CLONE_NEWUSER",
    "CLONE_NEWUTS",
    "NS_FLAGS",
    "NsProxy",
    "copy_namespaces",
    "get_nsproxy",
    "put_nsproxy",
    "switch_task_namespaces",
]

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
NS_FLAGS = (
    CLONE_NEWNS
    | CLONE_NEWUTS
    | CLONE_NEWIPC
    | CLONE_NEWUSER
    | CLONE_NEWPID
    | CLONE_NEWNET
    | CLONE_NEWSWAP
)


@dataclass(slots=True, eq=False, kw_only=True)
class NsProxy:
    """Linux: struct nsproxy (include/linux/nsproxy.h), with the patch's swap_ns."""

    count: int  # atomic_t; holders: tasks
    uts_ns: UtsNamespace  # counted reference
    ipc_ns: IpcNamespace  # counted reference
    mnt_ns: MntNamespace  # counted reference
    pid_ns: PidNamespace  # counted reference
    user_ns: UserNamespace  # counted reference
    net_ns: Net  # counted reference
    swap_ns: SwapNamespace | None  # counted reference; None is the init swap namespace


def get_nsproxy(ns: NsProxy) -> None:
    """Linux: get_nsproxy()."""
    if ns.count <= 0:
        raise KernelBug("get_nsproxy on a freed nsproxy")
    ns.count += 1


def put_nsproxy(k: Kernel, ns: NsProxy) -> None:
    """Linux: put_nsproxy(). The last put frees it and drops its namespaces."""
    if ns.count <= 0:
        raise KernelBug("put_nsproxy on a freed nsproxy")
    ns.count -= 1
    if ns.count == 0:
        free_nsproxy(k, ns)


def free_nsproxy(k: Kernel, ns: NsProxy) -> None:
    """Linux: free_nsproxy(). Drop the reference on each namespace."""
    ns.mnt_ns.count -= 1
    kref_put(ns.uts_ns.kref, lambda _: None)
    put_ipc_ns(k, ns.ipc_ns)
    kref_put(ns.pid_ns.kref, lambda _: None)
    kref_put(ns.user_ns.kref, lambda _: None)
    ns.net_ns.count -= 1
    put_swap_ns(k.swap, ns.swap_ns)


def _unsupported(k: Kernel, flags: int) -> int:
    cfg = k.config
    bad = CLONE_NEWNS  # one mount tree for all: mount namespaces are not modelled
    if not cfg.uts_ns:
        bad |= CLONE_NEWUTS
    if not cfg.ipc_ns:
        bad |= CLONE_NEWIPC
    if not cfg.user_ns:
        bad |= CLONE_NEWUSER
    if not cfg.pid_ns:
        bad |= CLONE_NEWPID
    if not cfg.net_ns:
        bad |= CLONE_NEWNET
    return flags & bad


def create_new_namespaces(k: Kernel, flags: int, tsk: TaskStruct) -> NsProxy:
    """Linux: create_new_namespaces(). A new nsproxy (count 1): fresh namespaces for
    the CLONE_NEW* flags set, new references to the task's others.

    Raises: EINVAL for a namespace type the .config leaves out; on failure every
    reference taken so far is dropped again (the goto chain, as an ExitStack).
    """
    if _unsupported(k, flags):
        raise KernelError(Errno.EINVAL, "namespace type not configured")
    old = tsk.nsproxy
    with ExitStack() as stack:
        swap_ns = copy_swap_ns(
            flags,
            old.swap_ns,
            enabled=k.config.swap_ns,
            lockdep=k.lockdep,
            ns_id=k.next_ns_id() if flags & CLONE_NEWSWAP else 0,
        )
        stack.callback(put_swap_ns, k.swap, swap_ns)
        if flags & CLONE_NEWUTS:
            uts = clone_uts_ns(old.uts_ns)
        else:
            uts = old.uts_ns
            kref_get(uts.kref)
        if flags & CLONE_NEWIPC:
            ipc = clone_ipc_ns(k.next_ns_id())
        else:
            ipc = old.ipc_ns
            kref_get(ipc.kref)
        old.mnt_ns.count += 1
        kref_get(old.pid_ns.kref)
        kref_get(old.user_ns.kref)
        old.net_ns.count += 1
        stack.pop_all()
    return NsProxy(
        count=1,
        uts_ns=uts,
        ipc_ns=ipc,
        mnt_ns=old.mnt_ns,
        pid_ns=old.pid_ns,
        user_ns=old.user_ns,
        net_ns=old.net_ns,
        swap_ns=swap_ns,
    )


def copy_namespaces(k: Kernel, flags: int, tsk: TaskStruct) -> None:
    """Linux: copy_namespaces() at fork. Without CLONE_NEW* flags the child shares
    the parent's nsproxy; otherwise it gets a new one.

    Raises: EPERM without CAP_SYS_ADMIN; EINVAL from create_new_namespaces.
    """
    old = tsk.nsproxy
    if not flags & NS_FLAGS:
        get_nsproxy(old)
        return
    if not capable_cred(tsk.cred, Cap.CAP_SYS_ADMIN):
        raise KernelError(Errno.EPERM, "copy_namespaces needs CAP_SYS_ADMIN")
    tsk.nsproxy = create_new_namespaces(k, flags, tsk)


def switch_task_namespaces(k: Kernel, tsk: TaskStruct, new: NsProxy | None) -> None:
    """Linux: switch_task_namespaces(). Install new (already counted), drop the old."""
    old = tsk.nsproxy
    tsk.nsproxy = new  # type: ignore[assignment]  # None only at exit
    if old is not None:
        put_nsproxy(k, old)
