"""/proc/<pid>/status and /proc/<pid>/stat, /proc/stat (models fs/proc/array.c and the
stat part of fs/proc/proc_misc.c, 2.6.25 formats).

stat's vsize and rss, and status's Vm lines, come from the task's mm (a kernel
thread has none: 0, and no Vm lines).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from swapsh.kernel.params import BOOT_EPOCH
from swapsh.kernel.signal import SIG_IGN
from swapsh.kernel.task import TaskStruct

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel

__all__ = ["proc_pid_stat", "proc_pid_status", "proc_stat_show"]

USER_HZ = 100
_STATE = {
    "R": "R (running)",
    "S": "S (sleeping)",
    "T": "T (stopped)",
    "Z": "Z (zombie)",
    "X": "X (dead)",
}


def _ticks(ns: int) -> int:
    return ns * USER_HZ // 1_000_000_000


def _sigmask(sigs: object) -> int:
    return sum(1 << (s - 1) for s in sigs)  # type: ignore[attr-defined]


def proc_pid_status(t: TaskStruct) -> str:
    """Linux: proc_pid_status(), without the mm lines."""
    c = t.cred
    ppid = t.parent.pid if t.parent is not None else 0
    ign = _sigmask(s for s, h in t.sighand.items() if h == SIG_IGN)
    pnd = _sigmask(t.pending)
    caps = sum(1 << int(cap) for cap in c.cap_effective)
    groups = "".join(f"{g} " for g in c.groups)
    return (
        f"Name:\t{t.comm}\nState:\t{_STATE[t.state_char]}\nTgid:\t{t.tgid}\n"
        f"Pid:\t{t.pid}\nPPid:\t{ppid}\nTracerPid:\t0\n"
        f"Uid:\t{c.uid}\t{c.euid}\t{c.suid}\t{c.euid}\n"
        f"Gid:\t{c.gid}\t{c.egid}\t{c.sgid}\t{c.egid}\n"
        f"FDSize:\t{max(64, len(t.files.fd))}\nGroups:\t{groups}\n"
        f"{task_mem(t)}Threads:\t1\n"
        f"SigPnd:\t{pnd:016x}\nShdPnd:\t{pnd:016x}\nSigBlk:\t{0:016x}\n"
        f"SigIgn:\t{ign:016x}\nSigCgt:\t{0:016x}\n"
        f"CapInh:\t{0:016x}\nCapPrm:\t{caps:016x}\nCapEff:\t{caps:016x}\n"
    )


def task_mem(t: TaskStruct) -> str:
    """Linux: task_mem() (fs/proc/task_mmu.c, 2.6.25 keys). No file mappings exist,
    so VmExe and VmLib are 0; nothing is mlocked."""
    mm = t.mm
    if mm is None:
        return ""
    kb = 4
    stack = sum((v.vm_end - v.vm_start) >> 12 for v in mm.mmap if v.name == "[stack]")
    rows = [
        ("VmPeak", max(mm.hiwater_vm, mm.total_vm) * kb),
        ("VmSize", mm.total_vm * kb),
        ("VmLck", 0),
        ("VmHWM", max(mm.hiwater_rss, mm.anon_rss + mm.file_rss) * kb),
        ("VmRSS", (mm.anon_rss + mm.file_rss) * kb),
        ("VmData", (mm.total_vm - stack) * kb),
        ("VmStk", stack * kb),
        ("VmExe", 0),
        ("VmLib", 0),
        ("VmPTE", mm.nr_ptes * 4),
    ]
    return "".join(f"{name}:\t{value:8d} kB\n" for name, value in rows)


def proc_pid_stat(k: Kernel, t: TaskStruct) -> str:
    """Linux: do_task_stat() (2.6.25 field list). Kernel time is all the model charges,
    so it is reported as stime."""
    ppid = t.parent.pid if t.parent is not None else 0
    vsize = t.mm.total_vm * 4096 if t.mm is not None else 0
    rss = t.mm.anon_rss + t.mm.file_rss if t.mm is not None else 0
    tty_nr = (4 << 8) | t.tty.index if t.tty is not None else 0
    tpgid = t.tty.pgrp if t.tty is not None and t.tty.pgrp else -1
    ign = _sigmask(s for s, h in t.sighand.items() if h == SIG_IGN)
    fields = [
        t.pid,
        f"({t.comm})",
        t.state_char,
        ppid,
        t.pgrp,
        t.session,
        tty_nr,
        tpgid,
        t.flags,
        0,
        0,
        0,
        0,  # flags, minflt, cminflt, majflt, cmajflt
        0,
        _ticks(k.sched.task_sched_runtime(t)),
        0,
        _ticks(t.cstime_ns),  # utime, stime, cutime, cstime
        20,
        0,
        1,
        0,
        _ticks(t.start_time_ns),  # priority, nice, threads, itrealvalue, start
        vsize,
        rss,
        18446744073709551615,  # vsize (bytes), rss (pages), rsslim
        0,
        0,
        0,
        0,
        0,  # startcode, endcode, startstack, kstkesp, kstkeip
        _sigmask(t.pending),
        0,
        ign,
        0,  # signal, blocked, sigignore, sigcatch
        0,
        0,
        0,
        17,
        0,
        0,
        0,
        0,
        0,
        0,  # wchan, nswap, cnswap, exit_signal, cpu, rt, policy,
    ]  # delayacct_blkio_ticks, gtime, cgtime
    return " ".join(str(f) for f in fields) + "\n"


def proc_stat_show(k: Kernel) -> str:
    """Linux: show_stat(): CPU time in USER_HZ ticks, boot time, process counts."""
    busy = _ticks(sum(k.sched.task_sched_runtime(t) for t in k.tasks.values()))
    idle = max(0, _ticks(k.sched.clock_ns) - busy)
    cpu = f"0 0 {busy} {idle} 0 0 0 0 0"
    running = 1 + len(k.sched.run_queue)
    return (
        f"cpu  {cpu}\ncpu0 {cpu}\nintr 0\nctxt {k.sched.switches}\nbtime {BOOT_EPOCH}\n"
        f"processes {k.last_pid}\nprocs_running {running}\nprocs_blocked 0\n"
    )
