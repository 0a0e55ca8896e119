"""The lock-order validator: the real paths are clean, an inversion is caught."""

from __future__ import annotations

import pytest

from swapsh.kernel.bug import KernelBug
from swapsh.kernel.locking import (
    LOCK_ORDER,
    Lockdep,
    LockOrderViolation,
    Spinlock,
    lock_order_parents,
)
from swapsh.kernel.mm.swapfile import proc_swaps_show, sys_swapon
from swapsh.kernel.task import CloneFlags
from tests.unit.kernel_helpers import boot, kill, make_swapfile, spawn, swapoff


def test_lock_order_tree_puts_ns_lock_under_swap_lock() -> None:
    parents = lock_order_parents(LOCK_ORDER)
    assert parents["swap_namespace.lock"] == {"swap_lock"}
    assert parents["swap_lock"] == set()


def test_real_swap_paths_take_locks_in_order() -> None:
    m, k, sh = boot()
    make_swapfile(k, sh, "/s1", 64)
    make_swapfile(k, sh, "/s2", 64)
    child = spawn(m, sh, CloneFlags.CLONE_NEWSWAP | CloneFlags.CLONE_NEWIPC)
    before = k.lockdep.acquisitions
    sys_swapon(k, child, "/s1", 0)
    sys_swapon(k, sh, "/s2", 0)
    proc_swaps_show(k, child)
    swapoff(m, child, "/s1")
    sys_swapon(k, child, "/s1", 0)
    kill(m, child)  # free_swap_ns releases /s1
    assert k.lockdep.acquisitions - before >= 4  # ns->lock under swap_lock, each time
    assert ("swap_lock", "swap_namespace.lock") in k.lockdep.edges
    assert ("swap_namespace.lock", "swap_lock") not in k.lockdep.edges
    assert not k.lockdep.held


def test_inverted_acquisition_is_caught() -> None:
    m, k, sh = boot()
    child = spawn(m, sh, CloneFlags.CLONE_NEWSWAP | CloneFlags.CLONE_NEWIPC)
    ns = child.nsproxy.swap_ns
    assert ns is not None
    with (
        pytest.raises(LockOrderViolation, match="swap_lock taken while holding"),
        ns.lock,
        k.swap.swap_lock,
    ):
        pass
    k.lockdep.held.clear()


def test_observed_cycle_is_reported_like_lockdep() -> None:
    ld = Lockdep(ancestors={"a": {"b"}, "b": {"a"}})  # a permissive (wrong) tree
    a, b = Spinlock(name="a", lockdep=ld), Spinlock(name="b", lockdep=ld)
    with a, b:
        pass
    with pytest.raises(LockOrderViolation, match="circular"), b, a:
        pass


def test_recursive_locking_and_stray_unlock_are_bugs() -> None:
    ld = Lockdep()
    lock = Spinlock(name="swap_lock", lockdep=ld)
    with pytest.raises(LockOrderViolation, match="recursive"), lock, lock:
        pass
    ld.held.clear()
    with pytest.raises(KernelBug):
        ld.release(lock)


def test_returning_to_user_with_a_spinlock_held_is_a_bug() -> None:
    m, k, _sh = boot()
    k.lockdep.held.append(k.swap.swap_lock)  # as if a syscall forgot to unlock
    m.type_line("echo hi")
    m.run()
    assert m.panic is not None and "returned to user with swap_lock held" in m.panic


def test_scheduling_while_atomic_is_a_bug() -> None:
    from swapsh.kernel.sched import Scheduler, cond_resched
    from swapsh.kernel.task import TaskStruct

    _m, k, sh = boot()

    async def sleeps_holding_lock() -> None:
        k.lockdep.acquire(k.swap.swap_lock)
        await cond_resched()

    sched = Scheduler(atomic_check=lambda: bool(k.lockdep.held))
    t = TaskStruct(
        pid=99,
        tgid=99,
        comm="t",
        parent=None,
        cred=sh.cred,
        nsproxy=sh.nsproxy,
        fs=sh.fs,
        files=sh.files,
    )
    t.coro = sleeps_holding_lock()
    sched.run_queue.append(t)
    with pytest.raises(KernelBug, match="scheduling while atomic"):
        sched.run_one()
    k.lockdep.held.clear()


def test_cpu_time_is_charged_at_the_switch_and_seen_mid_slice() -> None:
    """update_curr(): a running task's time shows while it runs and stays after."""
    from swapsh.kernel.sched import Scheduler, cond_resched
    from swapsh.kernel.task import TaskStruct

    _m, _k, sh = boot()
    sched = Scheduler()
    seen: list[int] = []
    t = TaskStruct(
        pid=99,
        tgid=99,
        comm="t",
        parent=None,
        cred=sh.cred,
        nsproxy=sh.nsproxy,
        fs=sh.fs,
        files=sh.files,
    )

    async def runs() -> None:
        sched.advance(300)
        seen.append(sched.task_sched_runtime(t))
        await cond_resched()
        sched.advance(50)

    t.coro = runs()
    sched.run_queue.append(t)
    sched.run_one()
    assert seen == [300] and t.se_sum_exec_runtime == 300
    sched.advance(1000)  # idle time: nobody's
    sched.run_one()
    assert t.se_sum_exec_runtime == 350 == sched.task_sched_runtime(t)
