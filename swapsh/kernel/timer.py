"""Sleeping for a while (models kernel/timer.c schedule_timeout and hrtimer nanosleep).

Time is simulated: when no task can run, the clock jumps to the earliest timer --
unless that timer is at the end of time (END_OF_TIME_NS, where hrtimer's overflow
check puts `sleep inf`): the machine then idles, and only a signal ends that sleep.
How far the clock jumps depends on the timers alone, never on the host's time.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.sched import WaitQueue, sleep_on, sleep_uninterruptible, wake_up
from swapsh.kernel.signal import fatal_signal_pending

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel
    from swapsh.kernel.task import TaskStruct

__all__ = [
    "END_OF_TIME_NS",
    "KTIME_MAX",
    "KTIME_SEC_MAX",
    "Timers",
    "hrtimer_nanosleep",
    "ktime_add_safe",
    "schedule_timeout_killable",
]

NSEC_PER_SEC = 10**9
KTIME_MAX = (1 << 63) - 1  # Linux: include/linux/ktime.h
KTIME_SEC_MAX = KTIME_MAX // NSEC_PER_SEC
# Where an overflowing timeout saturates (ktime_add_safe): 292 years after boot. The
# machine never gets there, so a timer at or past it never fires (swapsh's choice:
# Linux would fire it, had it run that long).
END_OF_TIME_NS = KTIME_SEC_MAX * NSEC_PER_SEC


def ktime_add_safe(lhs: int, rhs: int) -> int:
    """Linux: ktime_add_safe() (kernel/hrtimer.c). lhs + rhs, or KTIME_SEC_MAX
    seconds if the sum overflows a ktime_t."""
    res = lhs + rhs
    return res if res <= KTIME_MAX else END_OF_TIME_NS


@dataclass(slots=True, eq=False, kw_only=True)
class Timers:
    """Pending timers, earliest first."""

    heap: list[tuple[int, int, WaitQueue]] = field(default_factory=list)
    seq: int = 0  # tie-breaker: timers set earlier fire first

    def add(self, expires_ns: int, wq: WaitQueue) -> None:
        self.seq += 1
        heapq.heappush(self.heap, (expires_ns, self.seq, wq))

    def cancel(self, wq: WaitQueue) -> None:
        """Linux: del_timer(). Forget the timer that would wake wq."""
        self.heap = [t for t in self.heap if t[2] is not wq]
        heapq.heapify(self.heap)

    def run_expired(self, k: Kernel) -> None:
        while self.heap and self.heap[0][0] <= k.sched.clock_ns:
            _, _, wq = heapq.heappop(self.heap)
            wake_up(k.sched, wq)

    def advance_to_next(self, k: Kernel) -> bool:
        """The CPU is idle: jump the clock to the next timer and fire it. Returns
        False if there is none short of the end of time (the machine idles)."""
        if not self.heap or self.heap[0][0] >= END_OF_TIME_NS:
            return False
        k.sched.clock_ns = max(k.sched.clock_ns, self.heap[0][0])
        self.run_expired(k)
        return True

    def pending(self) -> bool:
        """Whether a task sleeps on a timer (at the end of time, if the CPU idles)."""
        return bool(self.heap)


async def _sleep_until(k: Kernel, expires: int, *, killable: bool = False) -> None:
    """Sleep until the clock reaches expires. Raises: EINTR when a signal comes first
    (killable: only a signal that ends the task; others wait for the expiry)."""
    tsk = k.current()
    wq = WaitQueue(name="timer")
    k.timers.add(expires, wq)
    while k.sched.clock_ns < expires:
        if fatal_signal_pending(tsk) if killable else tsk.signal_pending():
            k.timers.cancel(wq)
            raise KernelError(Errno.EINTR)
        if killable:
            await sleep_uninterruptible(wq)
        else:
            await sleep_on(wq)


async def schedule_timeout_killable(k: Kernel, ns: int) -> None:
    """Linux: schedule_timeout_killable() (TASK_KILLABLE, new in 2.6.25). Raises:
    EINTR if a signal that ends the task arrives first; a stop signal waits."""
    await _sleep_until(k, ktime_add_safe(k.sched.clock_ns, min(ns, KTIME_MAX)), killable=True)


async def hrtimer_nanosleep(k: Kernel, tsk: TaskStruct, ns: int) -> int:
    """Linux: hrtimer_nanosleep(). Interrupted, it leaves a restart_block that sleeps
    on to the same expiry (hrtimer_nanosleep_restart), so that a sleep stopped by ^Z
    and continued ends when it would have. Raises: ERESTART_RESTARTBLOCK."""
    return await _nanosleep_until(k, tsk, ktime_add_safe(k.sched.clock_ns, min(ns, KTIME_MAX)))


async def _nanosleep_until(k: Kernel, tsk: TaskStruct, expires: int) -> int:
    try:
        await _sleep_until(k, expires)
    except KernelError:
        # built only when interrupted: a closure per sleep would be garbage (a cycle)
        tsk.restart_block = partial(_nanosleep_until, k, tsk, expires)
        raise KernelError(Errno.ERESTART_RESTARTBLOCK) from None
    return 0
