"""The scheduler: run queue, wait queues and simulated time (models kernel/sched.c).

Tasks are Python coroutines. A task runs until it awaits a scheduler request: sleep on
a wait queue, or give up the CPU (cond_resched). Nothing else switches tasks, so every
interleaving is reproducible from the input alone. Time is simulated: work advances
`clock_ns` by the amounts in params.Costs; timeouts in jiffies (HZ) are converted
to it where they are set.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from swapsh.kernel.bug import KernelBug

if TYPE_CHECKING:
    from swapsh.kernel.task import TaskStruct

__all__ = [
    "Scheduler",
    "WaitQueue",
    "cond_resched",
    "sleep_on",
    "sleep_uninterruptible",
    "wake_up",
]


@dataclass(slots=True, eq=False, kw_only=True)
class WaitQueue:
    """Linux: wait_queue_head_t."""

    name: str  # for traces
    tasks: list[TaskStruct] = field(default_factory=list)  # sleepers, FIFO


class _Request:
    """What a task hands the scheduler when it stops running."""

    __slots__ = ("interruptible", "wq")

    def __init__(self, wq: WaitQueue | None, interruptible: bool = True) -> None:
        self.wq = wq  # None: just give up the CPU
        self.interruptible = interruptible  # a pending signal keeps the task runnable

    def __await__(self) -> Generator[_Request, None, None]:
        yield self


async def sleep_on(wq: WaitQueue) -> None:
    """Sleep interruptibly on wq until wake_up() or a signal (TASK_INTERRUPTIBLE).

    The caller rechecks its condition and signal_pending() afterwards.
    """
    await _Request(wq)


async def sleep_uninterruptible(wq: WaitQueue) -> None:
    """Sleep where a pending signal does not keep the task runnable (TASK_STOPPED,
    TASK_KILLABLE): only a wake_up, or the sender of a signal, makes it so; the
    caller decides whether that signal ends its wait."""
    await _Request(wq, interruptible=False)


async def cond_resched() -> None:
    """Give other runnable tasks the CPU (Linux: cond_resched / yield)."""
    await _Request(None)


def wake_up(sched: Scheduler, wq: WaitQueue) -> None:
    """Linux: wake_up(). Make every sleeper on wq runnable.

    2.6.25's wake_up() wakes every non-exclusive waiter and one exclusive one
    (__wake_up_common with nr_exclusive 1). The model has no exclusive waits
    (no prepare_to_wait_exclusive: sleep_on is the only way to sleep), so that is
    every sleeper, in the order they went to sleep.
    """
    for tsk in wq.tasks:
        tsk.sleeping_on = None
        sched.run_queue.append(tsk)
    wq.tasks.clear()


@dataclass(slots=True, eq=False, kw_only=True)
class Scheduler:
    """Linux: struct rq for the machine's one CPU, plus the clock."""

    run_queue: deque[TaskStruct] = field(default_factory=deque)  # runnable, FIFO
    current: TaskStruct | None = None  # the running task
    clock_ns: int = 0  # simulated time since boot
    slice_start_ns: int = 0  # when current got the CPU (its runtime is charged at the switch)
    switches: int = 0  # context switches so far
    atomic_check: Any = None  # callable returning held spinlocks (set by Kernel)

    def advance(self, ns: int) -> None:
        """Let ns of simulated time pass on the CPU: the running task's, charged to it
        when it stops running (run_one, as update_curr() does at a switch)."""
        self.clock_ns += ns

    def task_sched_runtime(self, tsk: TaskStruct) -> int:
        """Linux: task_sched_runtime(). tsk's CPU time so far, with the running
        task's current slice."""
        ns = tsk.se_sum_exec_runtime
        if tsk is self.current:
            ns += self.clock_ns - self.slice_start_ns
        return ns

    def wake_task(self, tsk: TaskStruct) -> None:
        """Make a sleeping task runnable (signal_wake_up, wake_up_process)."""
        wq = tsk.sleeping_on
        if wq is not None:
            wq.tasks.remove(tsk)
            tsk.sleeping_on = None
            self.run_queue.append(tsk)

    def run_one(self) -> bool:
        """Run the next runnable task until it stops. Returns False if none was runnable."""
        if not self.run_queue:
            return False
        tsk = self.run_queue.popleft()
        if tsk.coro is None:
            return True
        self.current = tsk
        self.slice_start_ns = self.clock_ns
        self.switches += 1
        try:
            req = tsk.coro.send(None)
        except StopIteration:
            tsk.coro = None
            req = None
        finally:
            tsk.se_sum_exec_runtime += self.clock_ns - self.slice_start_ns
            self.current = None
        if self.atomic_check is not None and self.atomic_check():
            raise KernelBug(f"scheduling while atomic: {tsk.comm}/{tsk.pid}")
        if not isinstance(req, _Request):
            if tsk.coro is not None:
                raise KernelBug(f"task {tsk.pid} yielded {req!r} to the scheduler")
            return True
        if req.wq is None or (req.interruptible and tsk.signal_pending()):
            self.run_queue.append(tsk)
        else:
            tsk.sleeping_on = req.wq
            req.wq.tasks.append(tsk)
        return True
