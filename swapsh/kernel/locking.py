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
    "LockOrderViolation",
    "Lockdep",
    "Spinlock",
    "assert_held",
    "lock_order_parents",
]

LOCK_ORDER = """\
tasklist_lock
  task_lock
swap_lock
  swap_namespace.lock
"""


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
    acquisitions: int = 0  # how many acquisitions under another lock were validated

    def acquire(self, lock: Spinlock) -> None:
        """Validate and record taking lock with the current held stack."""
        self.acquisitions += 1
        held = self.held
        if not held:  # the common case: nothing to check
            held.append(lock)
            return
        if lock in held:
            raise LockOrderViolation(f"recursive locking: {lock.name} already held")
        for h in held:
            if (h.name, lock.name) in self.edges:  # validated before
                continue
            if h.name not in self.ancestors.get(lock.name, ()):
                raise LockOrderViolation(
                    f"lock order violation: {lock.name} taken while holding {h.name}"
                    f" (LOCK_ORDER does not allow {lock.name} under {h.name})"
                )
            self._add_edge(h.name, lock.name)
        self.held.append(lock)

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

    def __post_init__(self) -> None:
        self._held = self.lockdep.held

    # The uncontended paths are kept to a few operations: the paging engine takes
    # a lock about four times per page it swaps.
    def __enter__(self) -> Spinlock:
        held = self._held
        if held:
            self.lockdep.acquire(self)
        else:  # nothing held, nothing to check
            held.append(self)
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
