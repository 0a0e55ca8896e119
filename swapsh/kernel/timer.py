"""Sleeping for a while (models kernel/timer.c schedule_timeout and hrtimer nanosleep).

Time is simulated: when no task can run, the clock jumps to the earliest timer.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.sched import WaitQueue, sleep_on, wake_up

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel

__all__ = ["Timers", "schedule_timeout"]


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
        """The CPU is idle: jump the clock to the next timer and fire it."""
        if not self.heap:
            return False
        k.sched.clock_ns = max(k.sched.clock_ns, self.heap[0][0])
        self.run_expired(k)
        return True


async def schedule_timeout(k: Kernel, ns: int) -> None:
    """Sleep ns of simulated time. Raises: EINTR if a signal arrives first."""
    tsk = k.current()
    expires = k.sched.clock_ns + ns
    wq = WaitQueue(name="timer")
    k.timers.add(expires, wq)
    while k.sched.clock_ns < expires:
        if tsk.signal_pending():
            k.timers.cancel(wq)
            raise KernelError(Errno.EINTR)
        await sleep_on(wq)
