"""The lock-order validator: the real paths are clean, an inversion is caught."""

from __future__ import annotations

import re
from pathlib import Path

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
from swapsh.machine import Machine, MachineOptions
from tests.unit.kernel_helpers import boot, kill, make_swapfile, spawn, swapoff


def test_lock_order_tree_puts_ns_lock_under_swap_lock() -> None:
    parents = lock_order_parents(LOCK_ORDER)
    assert parents["swap_namespace.lock"] == {"swap_lock", "anon_vma.lock"}
    assert parents["swap_lock"] == {"anon_vma.lock"}  # through the pte lock, in 2.6.25
    assert parents["anon_vma.lock"] == set()


def test_real_swap_paths_take_locks_in_order() -> None:
    m, k, sh = boot()
    make_swapfile(k, sh, "/s1", 64)
    make_swapfile(k, sh, "/s2", 64)
    child = spawn(m, sh, CloneFlags.CLONE_NEWSWAP | CloneFlags.CLONE_NEWIPC)
    sys_swapon(k, child, "/s1", 0)
    sys_swapon(k, sh, "/s2", 0)
    proc_swaps_show(k, child)
    swapoff(m, child, "/s1")
    sys_swapon(k, child, "/s1", 0)
    kill(m, child)  # free_swap_ns releases /s1
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
    m, k, sh = boot()
    k.lockdep.held.append(k.swap.swap_lock)  # as if a syscall forgot to unlock
    m.type_line("echo hi")
    m.run()
    # An oops, not a panic: the shell whose syscall it was dies, the lock is let go.
    assert m.panic is None
    assert "returned to user with swap_lock held" in k.log.text
    assert "kernel BUG at swapsh/syscalls/entry.py:" in k.log.text
    assert sh.exit_code == 11 and not k.lockdep.held


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


def _type(m: Machine, line: str) -> str:
    m.type_line(line)
    m.run()
    return "".join(d.decode() for _, d in m.take_output())


def _spinlock_names_in_source() -> set[str]:
    """The class of every Spinlock(name=...) the code creates, read from the source."""
    names = set()
    for path in (Path(__file__).resolve().parents[2] / "swapsh").rglob("*.py"):
        names |= set(re.findall(r"Spinlock\(\s*name=\"([^\"]+)\"", path.read_text()))
    return names


def test_lock_order_names_exactly_the_locks_the_code_creates_and_takes() -> None:
    """swapon, paging in and out (forked mms share anon_vmas), a swap namespace with
    its own file, its death (free_swap_ns), swapoff: every lock class the machine
    initialised was taken, LOCK_ORDER names exactly those, and each nesting seen
    agrees with it."""
    m = Machine(MachineOptions(mem_bytes=32 << 20))
    m.take_output()
    for line in (
        "dd if=/dev/zero of=/s1 bs=1M count=64 2>/dev/null",
        "dd if=/dev/zero of=/s2 bs=1M count=64 2>/dev/null",
        "chmod 600 /s1 /s2",
        "mkswap /s1 >/dev/null",
        "mkswap /s2 >/dev/null",
        "swapon /s1",
        "memtouch 40M 2",
        "clone64(CLONE_NEWSWAP|CLONE_NEWIPC)",
        "swapon /s2",
        "memtouch 40M 2",
        "cat /proc/swaps",
        "exit",
        "swapoff /s1",
    ):
        out = _type(m, line)
    assert "/s1" not in out and "/s2" not in _type(m, "cat /proc/swaps")
    ld = m.kernel.lockdep
    declared = lock_order_parents(LOCK_ORDER)
    assert ld.classes_initialised == set(declared) == _spinlock_names_in_source()
    assert ld.classes_acquired == ld.classes_initialised
    assert ("swap_lock", "swap_namespace.lock") in ld.edges
    assert all(a in declared[b] for a, b in ld.edges), ld.edges
    assert not ld.held
