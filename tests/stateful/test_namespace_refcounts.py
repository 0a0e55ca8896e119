"""Random clone/exit/swapon/swapoff sequences keep every count equal to its holders.

Invariants (STYLE.md): each nsproxy's count equals the live tasks using it; each swap
namespace's kref equals the live nsproxies pointing at it; the swap counters equal
what the areas hold; a namespace and its area point at each other; /proc/swaps views
partition the active areas; no spinlock is held between system calls.
"""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import settings
from hypothesis import strategies as s
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule

from swapsh.kernel.errno import KernelError
from swapsh.kernel.mm.swap_namespace import CLONE_NEWSWAP
from swapsh.kernel.mm.swapfile import (
    SWP_USED,
    SWP_WRITEOK,
    proc_swaps_show,
    sys_swapon,
)
from swapsh.kernel.nsproxy import CLONE_NEWIPC, CLONE_NEWUTS
from swapsh.kernel.task import TaskState, TaskStruct
from tests.unit.kernel_helpers import boot, kill, make_swapfile, spawn, swapoff

pytestmark = pytest.mark.slow  # a long Hypothesis run

FLAGS = [0, CLONE_NEWUTS, CLONE_NEWSWAP | CLONE_NEWIPC, CLONE_NEWSWAP | CLONE_NEWIPC | CLONE_NEWUTS]
FILES = [f"/sw{i}" for i in range(4)]


class NamespaceMachine(RuleBasedStateMachine):
    tasks = Bundle("tasks")

    def __init__(self) -> None:
        super().__init__()
        self.m, self.k, self.sh = boot()
        for f in FILES:
            make_swapfile(self.k, self.sh, f, 32)

    def live(self) -> list[TaskStruct]:
        return [t for t in self.k.tasks.values() if t.state is not TaskState.ZOMBIE]

    @rule(target=tasks, flags=s.sampled_from(FLAGS))
    def clone_from_shell(self, flags: int) -> TaskStruct:
        return spawn(self.m, self.sh, flags)

    @rule(target=tasks, parent=tasks, flags=s.sampled_from(FLAGS))
    def clone_from_task(self, parent: TaskStruct, flags: int) -> TaskStruct:
        if parent.state is TaskState.ZOMBIE:
            return parent
        return spawn(self.m, parent, flags)

    @rule(t=consumes(tasks))
    def exit(self, t: TaskStruct) -> None:
        if t.state is not TaskState.ZOMBIE:
            kill(self.m, t)

    @rule(t=tasks, f=s.sampled_from(FILES))
    def swapon(self, t: TaskStruct, f: str) -> None:
        if t.state is TaskState.ZOMBIE:
            return
        with contextlib.suppress(KernelError):
            sys_swapon(self.k, t, f, 0)

    @rule(t=tasks, f=s.sampled_from(FILES))
    def swapoff(self, t: TaskStruct, f: str) -> None:
        if t.state is TaskState.ZOMBIE:
            return
        with contextlib.suppress(KernelError):
            swapoff(self.m, t, f)

    @invariant()
    def nsproxy_counts_equal_tasks(self) -> None:
        holders: dict[int, int] = {}
        proxies = {}
        for t in self.live():
            holders[id(t.nsproxy)] = holders.get(id(t.nsproxy), 0) + 1
            proxies[id(t.nsproxy)] = t.nsproxy
        for key, ns in proxies.items():
            assert ns.count == holders[key]

    @invariant()
    def swap_ns_krefs_equal_nsproxies(self) -> None:
        proxies = {id(t.nsproxy): t.nsproxy for t in self.live()}
        refs: dict[int, int] = {}
        nss = {}
        for p in proxies.values():
            if p.swap_ns is not None:
                refs[id(p.swap_ns)] = refs.get(id(p.swap_ns), 0) + 1
                nss[id(p.swap_ns)] = p.swap_ns
        for key, ns in nss.items():
            assert ns.kref.refcount == refs[key]
            if ns.si is not None:
                assert ns.si.swap_namespace is ns and ns.type == ns.si.type

    @invariant()
    def swap_counters_match_areas(self) -> None:
        swap = self.k.swap
        ok = [p for p in swap.swap_info if p.flags & SWP_WRITEOK]
        assert swap.total_swap_pages == sum(p.pages for p in ok)
        assert swap.nr_swap_pages == sum(p.pages - p.inuse_pages for p in ok)
        for p in swap.swap_info:
            if p.swap_map is not None:
                assert sum(1 for c in p.swap_map[1:] if c) == p.inuse_pages

    @invariant()
    def proc_swaps_views_partition_active_areas(self) -> None:
        seen: list[str] = []
        views = {id(t.nsproxy.swap_ns): t for t in self.live()}
        for t in views.values():
            seen += proc_swaps_show(self.k, t).splitlines()[1:]
        active = [p for p in self.k.swap.swap_info if p.flags & SWP_USED and p.swap_map]
        visible = [p for p in active if p.swap_namespace is None or id(p.swap_namespace) in views]
        assert len(seen) == len(visible)

    @invariant()
    def no_lock_held(self) -> None:
        assert not self.k.lockdep.held


NamespaceMachine.TestCase.settings = settings(
    max_examples=60, stateful_step_count=25, deadline=None
)
TestNamespaces = NamespaceMachine.TestCase
