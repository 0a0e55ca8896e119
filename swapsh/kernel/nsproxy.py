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
from swapsh.kernel.mm.swap_namespace import SwapNamespace, copy_swap_ns, put_swap_ns
from swapsh.kernel.namespaces import (
    IpcNamespace,
    MntNamespace,
    Net,
    PidNamespace,
    UserNamespace,
    UtsNamespace,
    clone_uts_ns,
)
from swapsh.kernel.task import CloneFlags

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel
    from swapsh.kernel.task import TaskStruct

__all__ = [
    "NS_FLAGS",
    "NsProxy",
    "copy_namespaces",
    "create_new_namespaces",
    "get_nsproxy",
    "put_nsproxy",
    "switch_task_namespaces",
]

NS_FLAGS = (
    CloneFlags.CLONE_NEWNS
    | CloneFlags.CLONE_NEWUTS
    | CloneFlags.CLONE_NEWIPC
    | CloneFlags.CLONE_NEWUSER
    | CloneFlags.CLONE_NEWPID
    | CloneFlags.CLONE_NEWNET
    | CloneFlags.CLONE_NEWSWAP
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
    put_mnt_ns(ns.mnt_ns)
    put_uts_ns(ns.uts_ns)
    put_ipc_ns(k, ns.ipc_ns)
    put_pid_ns(ns.pid_ns)
    put_user_ns(ns.user_ns)
    put_net(ns.net_ns)
    put_swap_ns(k.swap, ns.swap_ns)


def put_mnt_ns(ns: MntNamespace) -> None:
    """Linux: put_mnt_ns() (the one mount tree is never freed)."""
    ns.count -= 1


def put_uts_ns(ns: UtsNamespace) -> None:
    """Linux: put_uts_ns()."""
    kref_put(ns.kref, lambda _: None)


def put_pid_ns(ns: PidNamespace) -> None:
    """Linux: put_pid_ns()."""
    kref_put(ns.kref, lambda _: None)


def put_user_ns(ns: UserNamespace) -> None:
    """Linux: put_user_ns()."""
    kref_put(ns.kref, lambda _: None)


def put_net(ns: Net) -> None:
    """Linux: put_net() (init_net is never freed)."""
    ns.count -= 1


def _unsupported(k: Kernel, flags: int) -> int:
    cfg = k.config
    bad = CloneFlags.CLONE_NEWNS  # one mount tree for all: mount namespaces are not modelled
    if not cfg.uts_ns:
        bad |= CloneFlags.CLONE_NEWUTS
    if not cfg.ipc_ns:
        bad |= CloneFlags.CLONE_NEWIPC
    if not cfg.user_ns:
        bad |= CloneFlags.CLONE_NEWUSER
    if not cfg.pid_ns:
        bad |= CloneFlags.CLONE_NEWPID
    if not cfg.net_ns:
        bad |= CloneFlags.CLONE_NEWNET
    return flags & bad


def copy_utsname(flags: int, old: UtsNamespace) -> UtsNamespace:
    """Linux: copy_utsname(). A copy for CLONE_NEWUTS, else a new reference to old."""
    if flags & CloneFlags.CLONE_NEWUTS:
        return clone_uts_ns(old)
    kref_get(old.kref)
    return old


def copy_ipcs(k: Kernel, flags: int, old: IpcNamespace) -> IpcNamespace:
    """Linux: copy_ipcs(). A fresh namespace for CLONE_NEWIPC, else a new reference."""
    if flags & CloneFlags.CLONE_NEWIPC:
        return clone_ipc_ns(k.next_ns_id())
    kref_get(old.kref)
    return old


def create_new_namespaces(k: Kernel, flags: int, tsk: TaskStruct) -> NsProxy:
    """Linux: create_new_namespaces(). A new nsproxy (count 1): fresh namespaces for
    the CLONE_NEW* flags set, new references to the task's others.

    Raises: EINVAL for a namespace type the .config leaves out. A step that fails
    leaves nothing behind: every reference taken before it is dropped again, in
    reverse order (Linux's goto chain, as an ExitStack).
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
            ns_id=k.next_ns_id() if flags & CloneFlags.CLONE_NEWSWAP else 0,
        )
        stack.callback(put_swap_ns, k.swap, swap_ns)
        uts = copy_utsname(flags, old.uts_ns)
        stack.callback(put_uts_ns, uts)
        ipc = copy_ipcs(k, flags, old.ipc_ns)
        stack.callback(put_ipc_ns, k, ipc)
        old.mnt_ns.count += 1
        stack.callback(put_mnt_ns, old.mnt_ns)
        kref_get(old.pid_ns.kref)
        stack.callback(put_pid_ns, old.pid_ns)
        kref_get(old.user_ns.kref)
        stack.callback(put_user_ns, old.user_ns)
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
