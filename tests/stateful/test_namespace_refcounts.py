"""Random clone/exit/swapon/swapoff sequences keep every count equal to its holders.

Invariants: the kernel's own (swapsh/kernel/debug_vm.py, the checks of a checked
build: each nsproxy's count equals the live tasks using it, each namespace's kref the
nsproxies holding it, the swap counters what the areas hold, a namespace and its area
point at each other, no spinlock held between system calls), and /proc/swaps views
partition the active areas.
"""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import settings
from hypothesis import strategies as s
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule

from swapsh.kernel.debug_vm import check_all
from swapsh.kernel.errno import KernelError
from swapsh.kernel.mm.swap_alloc import SWP_USED
from swapsh.kernel.mm.swapfile import proc_swaps_show, sys_swapon
from swapsh.kernel.task import CloneFlags, TaskState, TaskStruct
from tests.unit.kernel_helpers import boot, kill, make_swapfile, spawn, swapoff

pytestmark = pytest.mark.slow  # a long Hypothesis run

FLAGS = [
    0,
    CloneFlags.CLONE_NEWUTS,
    CloneFlags.CLONE_NEWSWAP | CloneFlags.CLONE_NEWIPC,
    CloneFlags.CLONE_NEWSWAP | CloneFlags.CLONE_NEWIPC | CloneFlags.CLONE_NEWUTS,
]
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
    def kernel_invariants_hold(self) -> None:
        """krefs, swap maps and counters, namespace bindings, locks (debug_vm)."""
        check_all(self.k)

    @invariant()
    def proc_swaps_views_partition_active_areas(self) -> None:
        seen: list[str] = []
        views = {id(t.nsproxy.swap_ns): t for t in self.live()}
        for t in views.values():
            seen += proc_swaps_show(self.k, t).splitlines()[1:]
        active = [p for p in self.k.swap.swap_info if p.flags & SWP_USED and p.swap_map]
        visible = [p for p in active if p.swap_namespace is None or id(p.swap_namespace) in views]
        assert len(seen) == len(visible)


NamespaceMachine.TestCase.settings = settings(
    max_examples=60, stateful_step_count=25, deadline=None
)
TestNamespaces = NamespaceMachine.TestCase
