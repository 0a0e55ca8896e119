"""The namespaces an nsproxy points at, other than swap (models include/linux/utsname.h,
ipc_namespace.h, mnt_namespace.h, pid_namespace.h, user_namespace.h, net_namespace.h).

Only uts and ipc can be cloned in the modelled .config (params.KernelConfig); the
others exist as their init instances so the nsproxy has its full 2.6.25 shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from swapsh.kernel.kref import Kref, kref_init

if TYPE_CHECKING:
    from swapsh.kernel.ipc.shm import ShmidKernel

__all__ = [
    "IpcNamespace",
    "MntNamespace",
    "Net",
    "NewUtsname",
    "PidNamespace",
    "UserNamespace",
    "UtsNamespace",
    "clone_uts_ns",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class NewUtsname:
    """Linux: struct new_utsname."""

    sysname: str
    nodename: str
    release: str
    version: str
    machine: str
    domainname: str


@dataclass(slots=True, eq=False, kw_only=True)
class UtsNamespace:
    """Linux: struct uts_namespace."""

    kref: Kref = field(default_factory=Kref)  # holders: nsproxies
    name: NewUtsname  # protected by: uts_sem (never contended in the model)


@dataclass(slots=True, eq=False, kw_only=True)
class IpcNamespace:
    """Linux: struct ipc_namespace, with its SysV shared memory (ipc/shm.py); no
    semaphores or message queues are modelled."""

    kref: Kref = field(default_factory=Kref)  # holders: nsproxies, shm attaches
    ns_id: int  # creation order, for /proc views and traces
    shm_ids: dict[int, ShmidKernel] = field(default_factory=dict)  # slot -> segment
    shm_seq: int = 0  # sequence number of the next segment's id
    shm_tot: int = 0  # pages of all segments


@dataclass(slots=True, eq=False, kw_only=True)
class MntNamespace:
    """Linux: struct mnt_namespace. One mount tree is shared by every task."""

    count: int = 1  # atomic_t in 2.6.25; holders: nsproxies


@dataclass(slots=True, eq=False, kw_only=True)
class PidNamespace:
    """Linux: struct pid_namespace (only the init one: CONFIG_PID_NS=n)."""

    kref: Kref = field(default_factory=Kref)  # holders: nsproxies
    level: int = 0


@dataclass(slots=True, eq=False, kw_only=True)
class UserNamespace:
    """Linux: struct user_namespace (only the init one: CONFIG_USER_NS=n)."""

    kref: Kref = field(default_factory=Kref)  # holders: nsproxies


@dataclass(slots=True, eq=False, kw_only=True)
class Net:
    """Linux: struct net (only init_net: CONFIG_NET_NS=n)."""

    count: int = 1  # atomic_t; holders: nsproxies


def clone_uts_ns(old: UtsNamespace) -> UtsNamespace:
    """Linux: clone_uts_ns(). The copy starts with the parent's names."""
    ns = UtsNamespace(name=replace(old.name))
    kref_init(ns.kref)
    return ns
