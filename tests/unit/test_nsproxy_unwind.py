"""create_new_namespaces: a step that fails leaves every count as it found it."""

from __future__ import annotations

from typing import Any

import pytest

import swapsh.kernel.nsproxy as nsproxy
from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.kref import Kref
from swapsh.kernel.mm.swap_namespace import SwapNamespace
from swapsh.kernel.nsproxy import NsProxy, create_new_namespaces
from swapsh.kernel.task import CloneFlags
from tests.unit.kernel_helpers import boot

FLAGS = CloneFlags.CLONE_NEWSWAP | CloneFlags.CLONE_NEWIPC | CloneFlags.CLONE_NEWUTS


def _counts(ns: NsProxy) -> tuple[int, ...]:
    return (
        ns.uts_ns.kref.refcount,
        ns.ipc_ns.kref.refcount,
        ns.mnt_ns.count,
        ns.pid_ns.kref.refcount,
        ns.user_ns.kref.refcount,
        ns.net_ns.count,
    )


def _enomem(*_args: Any) -> Any:
    raise KernelError(Errno.ENOMEM)


@pytest.mark.parametrize("step", ["copy_ipcs", "user_ns"])
def test_a_failing_step_drops_every_reference_taken_before_it(
    monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    _m, k, sh = boot()
    old = sh.nsproxy
    before = _counts(old)
    made: list[SwapNamespace | None] = []
    real_copy_swap_ns = nsproxy.copy_swap_ns

    def copy_swap_ns(*args: Any, **kwargs: Any) -> SwapNamespace | None:
        made.append(real_copy_swap_ns(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(nsproxy, "copy_swap_ns", copy_swap_ns)
    if step == "copy_ipcs":
        monkeypatch.setattr(nsproxy, "copy_ipcs", _enomem)
    else:  # the last reference taken before the nsproxy is built
        real_kref_get = nsproxy.kref_get

        def kref_get(kref: Kref) -> None:
            if kref is old.user_ns.kref:
                _enomem()
            real_kref_get(kref)

        monkeypatch.setattr(nsproxy, "kref_get", kref_get)

    with pytest.raises(KernelError) as e:
        create_new_namespaces(k, FLAGS, sh)
    assert e.value.errno == Errno.ENOMEM
    assert _counts(old) == before
    new_swap_ns = made[0]
    assert new_swap_ns is not None and new_swap_ns.kref.refcount == 0  # freed again
    assert sh.nsproxy is old


def test_success_takes_one_reference_on_each_shared_namespace() -> None:
    _m, k, sh = boot()
    old = sh.nsproxy
    uts, ipc, mnt, pid, user, net = _counts(old)
    new = create_new_namespaces(k, CloneFlags.CLONE_NEWUTS, sh)
    assert new.uts_ns is not old.uts_ns and new.ipc_ns is old.ipc_ns
    assert _counts(old) == (uts, ipc + 1, mnt + 1, pid + 1, user + 1, net + 1)
