"""The fixed files at the top of /proc (models fs/proc/proc_misc.c: proc_misc_init,
version_read_proc, uptime_read_proc).

Each file's text comes from the subsystem that owns the numbers: meminfo and vmstat
from proc_meminfo, stat from proc_array, mounts from the mount tree (fs/namespace.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from swapsh.kernel.fs.namespace import show_vfsmnt
from swapsh.kernel.fs.proc_array import proc_stat_show
from swapsh.kernel.fs.proc_meminfo import meminfo_show, vmstat_show

if TYPE_CHECKING:
    from swapsh.kernel.fs.procfs import ProcRoot
    from swapsh.kernel.kernel import Kernel

__all__ = ["proc_misc_init"]


def _centiseconds(ns: int) -> str:
    """ns as uptime_read_proc prints it: seconds and hundredths."""
    return f"{ns // 10**9}.{ns // 10**7 % 100:02d}"


def uptime_show(k: Kernel) -> str:
    """Linux: uptime_read_proc(). Time since boot, and the idle task's share of it:
    whatever no task ran for."""
    ns = k.sched.clock_ns
    idle = ns - sum(k.sched.task_sched_runtime(t) for t in k.tasks.values())
    return f"{_centiseconds(ns)} {_centiseconds(idle)}\n"


def proc_misc_init(k: Kernel, proc: ProcRoot) -> None:
    """Linux: proc_misc_init(). Register the files; each is generated when opened.

    /proc/mounts is a file here; in 2.6.25 proc_misc_init makes it a symlink to
    self/mounts, which shows the same table since there is one mount tree.
    """
    proc.create("meminfo", lambda _t: meminfo_show(k))
    proc.create("vmstat", lambda _t: vmstat_show(k))
    proc.create("stat", lambda _t: proc_stat_show(k))
    proc.create("version", lambda _t: k.linux_banner + "\n")  # version_read_proc
    proc.create("uptime", lambda _t: uptime_show(k))
    proc.create("mounts", lambda _t: show_vfsmnt(k.vfs.mounts))
