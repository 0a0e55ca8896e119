"""Spinlocks and the lock-order validator (models kernel/spinlock.c and, loosely, lockdep).

The order is declared once, in LOCK_ORDER, as an indented tree in the style of the
"Lock ordering" comment in mm/rmap.c: a lock may be taken while holding another only
if it sits below that one in the tree. The validator also records every observed
nesting (class A held while taking class B) and reports a cycle the way lockdep
reports a possible circular dependency. docs/lock-order.md is generated from the tree.

Only spinlocks are validated. The machine has one CPU and cooperative scheduling, so
the held-lock stack is per CPU: a task must never give up the CPU while holding a
spinlock (Linux: "scheduling while atomic"), and the scheduler checks that.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from swapsh.kernel.bug import KernelBug

__all__ = [
    "LOCK_ORDER",
    "LOCK_ORDER_NOTES",
    "LockOrderViolation",
    "Lockdep",
    "Spinlock",
    "assert_held",
    "lock_order_parents",
]

# Every spinlock class the model creates and takes, nested as in the "Lock ordering in
# mm" comment of 2.6.25's mm/rmap.c (anon_vma->lock, then -- through the pte lock,
# which the model does not take -- swap_lock), plus the patch's ns->lock.
LOCK_ORDER = """\
anon_vma.lock
  swap_lock
    swap_namespace.lock
"""

# What the tree leaves out, and why; docs/lock-order.md prints these beside it.
LOCK_ORDER_NOTES = (
    "`swap_namespace.lock` (the patch's ns->lock) is only ever taken under `swap_lock`.",
    "`anon_vma.lock` is taken around every walk and change of an anon_vma's vma list"
    " (anon_vma_prepare, anon_vma_link, anon_vma_unlink, the rmap walks, and the"
    " patch's vma_page_to_swapns). Reclaim lets go of it before it unmaps the ptes it"
    " found (2.6.25's try_to_unmap_anon holds it throughout): nothing else runs in"
    " between on the model's one CPU.",
    "Not modelled: mm->page_table_lock and the pte locks (between `anon_vma.lock` and"
    " `swap_lock` in 2.6.25), mmlist_lock, zone->lru_lock and zone->lock, tasklist_lock"
    " and task_lock. The model switches tasks only at explicit points, never with a"
    " page table, the LRU lists or the task list half changed. Taken where 2.6.25"
    " takes it, the page table lock made the paging benchmark about 16% slower"
    " (docs/ARCHITECTURE.md, Swap and the patch).",
    'No spinlock is held across a switch of tasks ("scheduling while atomic") or on'
    " return from a system call; both are kernel bugs (KernelBug).",
)


def lock_order_parents(tree: str = LOCK_ORDER) -> dict[str, set[str]]:
    """Parse the LOCK_ORDER tree: for each lock class, every class above it."""
    ancestors: dict[str, set[str]] = {}
    stack: list[tuple[int, str]] = []
    for line in tree.splitlines():
        if not line.strip():
            continue
        depth = (len(line) - len(line.lstrip(" "))) // 2
        name = line.strip()
        while stack and stack[-1][0] >= depth:
            stack.pop()
        ancestors[name] = {n for _, n in stack}
        stack.append((depth, name))
    return ancestors


class LockOrderViolation(KernelBug):
    """A lock was taken against the declared order, or the observed order has a cycle."""


@dataclass(slots=True, eq=False, kw_only=True)
class Lockdep:
    """The validator: declared order, observed edges, and the CPU's held-lock stack."""

    ancestors: dict[str, set[str]] = field(default_factory=lock_order_parents)
    edges: set[tuple[str, str]] = field(default_factory=set)  # observed (held, taken) classes
    held: list[Spinlock] = field(default_factory=list)  # this CPU's held spinlocks, in order
    # lock classes seen: initialised (spin_lock_init: lockdep_init_map) and acquired
    # at least once (lockdep registers a class at its first acquisition)
    classes_initialised: set[str] = field(default_factory=set)
    classes_acquired: set[str] = field(default_factory=set)

    def acquire(self, lock: Spinlock) -> None:
        """Validate and record taking lock with the current held stack."""
        held = self.held
        if not held:  # the common case: nothing to check
            held.append(lock)
            return
        if lock in held:
            raise LockOrderViolation(f"recursive locking: {lock.name} already held")
        for h in held:
            if (h.name, lock.name) in self.edges:  # validated before
                continue
            if not self.allows(h.name, lock.name):
                raise LockOrderViolation(
                    f"lock order violation: {lock.name} taken while holding {h.name}"
                    f" (LOCK_ORDER does not allow {lock.name} under {h.name})"
                )
            self._add_edge(h.name, lock.name)
        self.held.append(lock)

    def allows(self, held: str, taken: str) -> bool:
        """Whether LOCK_ORDER lets lock class `taken` be taken under `held`."""
        return held in self.ancestors.get(taken, ())

    def release(self, lock: Spinlock) -> None:
        """Record releasing lock (it need not be the innermost one)."""
        held = self.held
        if held and held[-1] is lock:
            held.pop()
            return
        if lock not in held:
            raise KernelBug(f"unlock of {lock.name}, which is not held")
        held.remove(lock)

    def _add_edge(self, a: str, b: str) -> None:
        if (a, b) in self.edges:
            return
        if self._reaches(b, a):
            raise LockOrderViolation(f"possible circular locking dependency: {a} -> {b} -> {a}")
        self.edges.add((a, b))

    def _reaches(self, src: str, dst: str) -> bool:
        seen, todo = {src}, [src]
        while todo:
            n = todo.pop()
            if n == dst:
                return True
            for a, b in self.edges:
                if a == n and b not in seen:
                    seen.add(b)
                    todo.append(b)
        return False


@dataclass(slots=True, eq=False, kw_only=True)
class Spinlock:
    """Linux: spinlock_t. `name` is the lock class (all ns->locks share one class)."""

    name: str  # lock class, as in LOCK_ORDER; immutable
    lockdep: Lockdep  # the machine's validator; immutable
    _held: list[Spinlock] = field(init=False, repr=False)  # lockdep.held, one hop nearer
    _seen: bool = field(init=False, repr=False, default=False)  # in classes_acquired

    def __post_init__(self) -> None:
        self._held = self.lockdep.held
        self.lockdep.classes_initialised.add(self.name)

    # The uncontended paths are kept to a few operations: the paging engine takes
    # a lock about four times per page it swaps.
    def __enter__(self) -> Spinlock:
        held = self._held
        if held:
            self.lockdep.acquire(self)
        else:  # nothing held, nothing to check
            held.append(self)
        if not self._seen:
            self._seen = True
            self.lockdep.classes_acquired.add(self.name)
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        held = self._held
        if held and held[-1] is self:
            held.pop()
        else:
            self.lockdep.release(self)

    @property
    def is_held(self) -> bool:
        return self in self.lockdep.held


def assert_held(lock: Spinlock) -> None:
    """Linux: lockdep_assert_held(). The caller must hold lock."""
    if not lock.is_held:
        raise KernelBug(f"{lock.name} must be held here")
