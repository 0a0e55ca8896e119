"""The out-of-memory killer (models mm/oom_kill.c of 2.6.25).

badness() scores each task by its memory (total_vm, plus half of each child's with
its own mm), scaled down for CPU time and run time and for privileged tasks (nice,
which would double it, is always 0 here); the highest score dies. The console shows
what 2.6.25 prints at KERN_ERR; the stack dump and Mem-info that follow the first
line on Linux are not modelled (docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from swapsh.kernel.cred import Cap, capable_cred
from swapsh.kernel.panic import panic
from swapsh.kernel.params import PF_MEMDIE, PF_SWAPOFF
from swapsh.kernel.printk import KERN_ERR, KERN_WARNING
from swapsh.kernel.signal import Sig, force_sig_info
from swapsh.kernel.task import TaskState, TaskStruct

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel

__all__ = ["badness", "out_of_memory"]
ULONG_MAX = 2**64 - 1
SHIFT_HZ = 8  # HZ=250


def badness(k: Kernel, p: TaskStruct, uptime_s: int) -> int:
    """Linux: badness()."""
    mm = p.mm
    if mm is None:
        return 0
    if p.flags & PF_SWAPOFF:
        return ULONG_MAX
    points = mm.total_vm
    for c in p.children:
        if c.mm is not None and c.mm is not mm:
            points += c.mm.total_vm // 2 + 1
    cpu_time = (k.sched.task_sched_runtime(p) * 250 // 10**9) >> (SHIFT_HZ + 3)
    start_s = p.start_time_ns // 10**9
    run_time = (uptime_s - start_s) >> 10 if uptime_s >= start_s else 0
    s = math.isqrt(cpu_time)
    if s:
        points //= s
    s = math.isqrt(math.isqrt(run_time))
    if s:
        points //= s
    if capable_cred(p.cred, Cap.CAP_SYS_ADMIN) or capable_cred(p.cred, Cap.CAP_SYS_RESOURCE):
        points //= 4
    if capable_cred(p.cred, Cap.CAP_SYS_RAWIO):
        points //= 4
    return points


def select_bad_process(k: Kernel) -> tuple[TaskStruct | None, int]:
    """Linux: select_bad_process(). Skips kernel threads and init; a task already
    dying of the OOM killer makes the caller wait instead (returns it with -1)."""
    uptime = k.sched.clock_ns // 10**9
    chosen, best = None, 0
    for p in sorted(k.tasks.values(), key=lambda t: t.pid):
        if p.mm is None or p.pid == 1 or p.state is TaskState.ZOMBIE:
            continue
        if p.flags & PF_MEMDIE:
            return p, -1
        points = badness(k, p, uptime)
        if points > best or chosen is None:
            chosen, best = p, points
    return chosen, best


def oom_kill_task(k: Kernel, p: TaskStruct) -> None:
    """Linux: oom_kill_task() -> __oom_kill_task(force=1)."""
    k.printk(KERN_ERR, f"Killed process {p.pid} ({p.comm})")
    p.flags |= PF_MEMDIE
    force_sig_info(k, Sig.SIGKILL, p)


def out_of_memory(k: Kernel, tsk: TaskStruct, gfp_mask: int) -> None:
    """Linux: out_of_memory() with CONSTRAINT_NONE: choose and kill a victim (or the
    first child of it with its own mm)."""
    k.printk(
        KERN_WARNING,
        f"{tsk.comm} invoked oom-killer: gfp_mask=0x{gfp_mask:x}, order=0, oomkilladj=0",
    )
    p, points = select_bad_process(k)
    if p is None:
        panic(k, "Out of memory and no killable processes...\n")
    if points < 0:
        return  # a victim is already dying: wait for it
    score = points - 2**64 if points >= 2**63 else points  # printed as a signed long
    k.printk(KERN_ERR, f"Out of memory: kill process {p.pid} ({p.comm}) score {score} or a child")
    for c in p.children:
        if c.mm is not None and c.mm is not p.mm and c.state is not TaskState.ZOMBIE:
            oom_kill_task(k, c)
            return
    oom_kill_task(k, p)
