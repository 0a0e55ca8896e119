"""Process system calls (models kernel/fork.c, exit.c, sys.c, signal.c, nsproxy.c,
timer.c, printk.c do_syslog, fs/exec.c)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

from swapsh.kernel.cred import Cap, capable_cred, cred_setresuid
from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.exec import exec_program
from swapsh.kernel.exit import WCONTINUED, WNOHANG, WUNTRACED, TaskExit, do_wait
from swapsh.kernel.fork import copy_process
from swapsh.kernel.kernel import Kernel
from swapsh.kernel.mm.swapfile import si_swapinfo
from swapsh.kernel.nsproxy import create_new_namespaces, switch_task_namespaces
from swapsh.kernel.params import HZ, PAGE_SIZE
from swapsh.kernel.printk import LOG_BUF_LEN
from swapsh.kernel.sched import WaitQueue, sleep_on
from swapsh.kernel.signal import SIG_CATCH, SIG_DFL, SIG_IGN, Sig, send_sig_info
from swapsh.kernel.task import CloneFlags, TaskState, TaskStruct
from swapsh.kernel.timer import hrtimer_nanosleep
from swapsh.kernel.traps import userland_fault
from swapsh.syscalls.abi import (
    CLOCK_MONOTONIC,
    CLOCK_REALTIME,
    RUSAGE_CHILDREN,
    RUSAGE_SELF,
    Rusage,
    Sysinfo,
    Utsname,
    arg_int,
    getname,
)
from swapsh.syscalls.table import NR, PARTIAL, syscall

__all__ = [
    "sys_clock_gettime",
    "sys_clone",
    "sys_execve",
    "sys_exit",
    "sys_getgroups",
    "sys_getpgrp",
    "sys_getpid",
    "sys_getppid",
    "sys_getresgid",
    "sys_getresuid",
    "sys_getrusage",
    "sys_kill",
    "sys_nanosleep",
    "sys_pause",
    "sys_rt_sigaction",
    "sys_setgroups",
    "sys_sethostname",
    "sys_setpgid",
    "sys_setresgid",
    "sys_setresuid",
    "sys_setsid",
    "sys_sysinfo",
    "sys_syslog",
    "sys_uname",
    "sys_unshare",
    "sys_wait4",
]


@syscall(
    NR.clone,
    PARTIAL,
    "namespaces and exit signal only: every sharing flag (CLONE_VM, CLONE_FILES, ...) gives EINVAL",
)
def sys_clone(k: Kernel, tsk: TaskStruct, flags: int, fn: Callable[[], Awaitable[int]]) -> int:
    """clone64(flags) with the child running fn (glibc clone()'s fn argument)."""
    f = arg_int(flags)
    if f < 0 or f >= 1 << 64:
        raise KernelError(Errno.EINVAL)
    return copy_process(k, tsk, f, fn).pid


@syscall(NR.execve, sleeps=True)
async def sys_execve(
    k: Kernel, tsk: TaskStruct, path: str, argv: list[str], envp: dict[str, str]
) -> int:
    if not isinstance(argv, list) or not isinstance(envp, dict):
        raise KernelError(Errno.EFAULT)
    prog = await exec_program(
        k, tsk, getname(path), [str(a) for a in argv], {str(a): str(b) for a, b in envp.items()}
    )
    try:
        code = await prog
    except Exception as e:  # the new program's own code failed: userland, not an oops
        raise TaskExit(userland_fault(k, tsk, e)) from None
    raise TaskExit((code & 0xFF) << 8)


@syscall(NR.exit)
def sys_exit(k: Kernel, tsk: TaskStruct, code: int) -> int:
    raise TaskExit((arg_int(code) & 0xFF) << 8)


@syscall(NR.wait4, sleeps=True)
async def sys_wait4(k: Kernel, tsk: TaskStruct, pid: int, options: int) -> tuple[int, int]:
    """Linux: sys_wait4(). Raises: EINVAL for an option it does not know."""
    opts = arg_int(options)
    if opts & ~(WNOHANG | WUNTRACED | WCONTINUED | _WNOTHREAD | _WALL | _WCLONE):
        raise KernelError(Errno.EINVAL)
    return await do_wait(k, tsk, arg_int(pid), opts)


_WNOTHREAD, _WALL, _WCLONE = 0x20000000, 0x40000000, 0x80000000  # accepted, no threads


@syscall(NR.getpid)
def sys_getpid(k: Kernel, tsk: TaskStruct) -> int:
    return tsk.tgid


@syscall(NR.getppid)
def sys_getppid(k: Kernel, tsk: TaskStruct) -> int:
    return tsk.parent.pid if tsk.parent is not None else 0


@syscall(NR.getresuid)
def sys_getresuid(k: Kernel, tsk: TaskStruct) -> tuple[int, int, int]:
    return tsk.cred.uid, tsk.cred.euid, tsk.cred.suid


@syscall(NR.getresgid)
def sys_getresgid(k: Kernel, tsk: TaskStruct) -> tuple[int, int, int]:
    return tsk.cred.gid, tsk.cred.egid, tsk.cred.sgid


@syscall(NR.getgroups)
def sys_getgroups(k: Kernel, tsk: TaskStruct) -> tuple[int, ...]:
    return tsk.cred.groups


@syscall(NR.setresuid)
def sys_setresuid(k: Kernel, tsk: TaskStruct, r: int, e: int, s: int) -> int:
    c = tsk.cred
    ids = [arg_int(r), arg_int(e), arg_int(s)]
    ids = [old if new == -1 else new for new, old in zip(ids, (c.uid, c.euid, c.suid), strict=True)]
    if not capable_cred(c, Cap.CAP_SETUID) and any(i not in (c.uid, c.euid, c.suid) for i in ids):
        raise KernelError(Errno.EPERM)
    tsk.cred = cred_setresuid(c, *ids)
    return 0


@syscall(NR.setresgid)
def sys_setresgid(k: Kernel, tsk: TaskStruct, r: int, e: int, s: int) -> int:
    c = tsk.cred
    ids = [arg_int(r), arg_int(e), arg_int(s)]
    ids = [old if new == -1 else new for new, old in zip(ids, (c.gid, c.egid, c.sgid), strict=True)]
    if not capable_cred(c, Cap.CAP_SETGID) and any(i not in (c.gid, c.egid, c.sgid) for i in ids):
        raise KernelError(Errno.EPERM)
    tsk.cred = replace(c, gid=ids[0], egid=ids[1], sgid=ids[2])
    return 0


@syscall(NR.setgroups)
def sys_setgroups(k: Kernel, tsk: TaskStruct, groups: tuple[int, ...]) -> int:
    if not isinstance(groups, tuple | list) or not all(isinstance(g, int) for g in groups):
        raise KernelError(Errno.EFAULT)
    if not capable_cred(tsk.cred, Cap.CAP_SETGID):
        raise KernelError(Errno.EPERM)
    tsk.cred = replace(tsk.cred, groups=tuple(groups))
    return 0


@syscall(NR.setsid)
def sys_setsid(k: Kernel, tsk: TaskStruct) -> int:
    # Linux: a process group (its own included) already uses our pid as its id
    if any(t.pgrp == tsk.pid for t in k.tasks.values()):
        raise KernelError(Errno.EPERM)
    tsk.session = tsk.pgrp = tsk.pid
    tsk.tty = None
    return tsk.pid


@syscall(NR.setpgid)
def sys_setpgid(k: Kernel, tsk: TaskStruct, pid: int, pgid: int) -> int:
    p = arg_int(pid) or tsk.pid
    g = arg_int(pgid) or p
    target = k.find_task(p)
    if target is None or (target is not tsk and target.parent is not tsk):
        raise KernelError(Errno.ESRCH)
    if g < 0:
        raise KernelError(Errno.EINVAL)
    if target.session != tsk.session or target.pid == target.session:
        raise KernelError(Errno.EPERM)
    if g != target.pid and not any(
        t.pgrp == g and t.session == tsk.session for t in k.tasks.values()
    ):
        raise KernelError(Errno.EPERM)
    target.pgrp = g
    return 0


@syscall(NR.getpgrp)
def sys_getpgrp(k: Kernel, tsk: TaskStruct) -> int:
    return tsk.pgrp


@syscall(NR.kill)
def sys_kill(k: Kernel, tsk: TaskStruct, pid: int, sig: int) -> int:
    p, s = arg_int(pid), arg_int(sig)
    if s < 0 or s > 64:
        raise KernelError(Errno.EINVAL)
    if p > 0:
        targets = [t for t in [k.find_task(p)] if t is not None]
    elif p == 0:
        targets = [t for t in k.tasks.values() if t.pgrp == tsk.pgrp]
    elif p == -1:
        targets = [t for t in k.tasks.values() if t.pid not in (1, tsk.pid)]
    else:
        targets = [t for t in k.tasks.values() if t.pgrp == -p]
    targets = [t for t in targets if t.state is not TaskState.DEAD]
    if not targets:
        raise KernelError(Errno.ESRCH)
    allowed = [
        t
        for t in targets
        if capable_cred(tsk.cred, Cap.CAP_KILL)
        or tsk.cred.euid in (t.cred.uid, t.cred.suid)
        or tsk.cred.uid in (t.cred.uid, t.cred.suid)
    ]
    if not allowed:
        raise KernelError(Errno.EPERM)
    if s:
        for t in allowed:
            send_sig_info(k, s, t)
    return 0


@syscall(
    NR.rt_sigaction,
    PARTIAL,
    "SIG_DFL, SIG_IGN and SIG_CATCH (a handler that only interrupts): handler code is not modelled",
)
def sys_rt_sigaction(k: Kernel, tsk: TaskStruct, sig: int, handler: int) -> int:
    s, h = arg_int(sig), arg_int(handler)
    if s < 1 or s > 64 or s in (Sig.SIGKILL, Sig.SIGSTOP) or h not in (SIG_DFL, SIG_IGN, SIG_CATCH):
        raise KernelError(Errno.EINVAL)
    old = tsk.sighand.get(s, SIG_DFL)
    if h == SIG_DFL:
        tsk.sighand.pop(s, None)
    else:
        tsk.sighand[s] = h
        tsk.pending.discard(s)
    return old


@syscall(NR.nanosleep, sleeps=True)
async def sys_nanosleep(k: Kernel, tsk: TaskStruct, ns: int) -> int:
    n = arg_int(ns)
    if n < 0:
        raise KernelError(Errno.EINVAL)
    return await hrtimer_nanosleep(k, tsk, n)


@syscall(NR.clock_gettime)
def sys_clock_gettime(k: Kernel, tsk: TaskStruct, clock: int) -> int:
    """Nanoseconds: CLOCK_REALTIME (0) or CLOCK_MONOTONIC (1), both simulated."""
    c = arg_int(clock)
    if c == CLOCK_REALTIME:
        return k.wall_seconds() * 10**9 + k.sched.clock_ns % 10**9
    if c == CLOCK_MONOTONIC:
        return k.sched.clock_ns
    raise KernelError(Errno.EINVAL)


@syscall(NR.getrusage, PARTIAL, "CPU time only: the other fields are 0")
def sys_getrusage(k: Kernel, tsk: TaskStruct, who: int) -> Rusage:
    """The caller's CPU time (RUSAGE_SELF) or its reaped children's (RUSAGE_CHILDREN),
    all as system time: kernel work is all the model charges (as /proc/PID/stat)."""
    w = arg_int(who)
    if w == RUSAGE_SELF:
        ns = k.sched.task_sched_runtime(tsk)
    elif w == RUSAGE_CHILDREN:
        ns = tsk.cstime_ns
    else:
        raise KernelError(Errno.EINVAL)
    jiffies = ns * HZ // 10**9  # cputime_t: whole jiffies
    return Rusage(0, jiffies * (10**6 // HZ))


@syscall(NR.uname)
def sys_uname(k: Kernel, tsk: TaskStruct) -> Utsname:
    n = tsk.nsproxy.uts_ns.name
    return Utsname(n.sysname, n.nodename, n.release, n.version, n.machine, n.domainname)


@syscall(NR.sethostname)
def sys_sethostname(k: Kernel, tsk: TaskStruct, name: str) -> int:
    s = getname(name)
    if not capable_cred(tsk.cred, Cap.CAP_SYS_ADMIN):
        raise KernelError(Errno.EPERM)
    if len(s) > 64:
        raise KernelError(Errno.EINVAL)
    ns = tsk.nsproxy.uts_ns
    ns.name = replace(ns.name, nodename=s)
    return 0


# sys_unshare's check_unshare_flags() mask in 2.6.25, and the namespace flags in it
# (plain ints: an IntFlag's ~ would keep only the bits CloneFlags names)
_UNSHARE_NS_FLAGS = int(
    CloneFlags.CLONE_NEWNS
    | CloneFlags.CLONE_NEWUTS
    | CloneFlags.CLONE_NEWIPC
    | CloneFlags.CLONE_NEWUSER
    | CloneFlags.CLONE_NEWNET
)
_UNSHARE_ALLOWED = int(
    _UNSHARE_NS_FLAGS
    | CloneFlags.CLONE_THREAD
    | CloneFlags.CLONE_FS
    | CloneFlags.CLONE_SIGHAND
    | CloneFlags.CLONE_VM
    | CloneFlags.CLONE_FILES
    | CloneFlags.CLONE_SYSVSEM
)


@syscall(
    NR.unshare,
    PARTIAL,
    "uts and ipc namespaces; CLONE_NEWNS gives EINVAL (one mount "
    "tree); CLONE_FS/FILES/SIGHAND/VM are no-ops (never shared)",
)
def sys_unshare(k: Kernel, tsk: TaskStruct, flags: int) -> int:
    """Linux: sys_unshare() (2.6.25). CLONE_NEWSWAP is not in its mask: EINVAL."""
    f = arg_int(flags)
    if f & CloneFlags.CLONE_NEWNS:
        f |= int(CloneFlags.CLONE_FS)
    if f & ~_UNSHARE_ALLOWED or f & (CloneFlags.CLONE_THREAD | CloneFlags.CLONE_SYSVSEM):
        raise KernelError(Errno.EINVAL)
    if not f & _UNSHARE_NS_FLAGS:
        return 0
    if not capable_cred(tsk.cred, Cap.CAP_SYS_ADMIN):
        raise KernelError(Errno.EPERM)
    switch_task_namespaces(k, tsk, create_new_namespaces(k, f, tsk))
    return 0


@syscall(NR.sysinfo)
def sys_sysinfo(k: Kernel, tsk: TaskStruct) -> Sysinfo:
    """Linux: do_sysinfo(). Swap counts every namespace's areas (the patch filters
    only /proc/swaps): this is what makes mem01 size itself past its own swap."""
    free, total = si_swapinfo(k.swap)
    return Sysinfo(
        uptime=k.sched.clock_ns // 10**9,
        totalram=k.zone.managed_pages * PAGE_SIZE,
        freeram=k.zone.nr_free * PAGE_SIZE,
        totalswap=total * PAGE_SIZE,
        freeswap=free * PAGE_SIZE,
        procs=len(k.tasks),
        mem_unit=1,
    )


@syscall(NR.syslog)
def sys_syslog(k: Kernel, tsk: TaskStruct, type_: int, arg: int = 0) -> str | int:
    """Linux: do_syslog(). 3 read all, 4 read and clear, 5 clear, 6/7 console off/on,
    8 set console level, 9 unread characters, 10 buffer size. Only 3 and 10 are open
    to everyone."""
    t = arg_int(type_)
    if t not in (3, 10) and not capable_cred(tsk.cred, Cap.CAP_SYS_ADMIN):
        raise KernelError(Errno.EPERM)
    log = k.log
    if t == 3:
        return log.text
    if t == 4:
        text = log.text
        log.clear()
        return text
    if t == 5:
        log.clear()
        return 0
    if t == 6:
        log.saved_loglevel, log.console_loglevel = log.console_loglevel, 1
        return 0
    if t == 7:
        log.console_loglevel = log.saved_loglevel
        return 0
    if t == 8:
        lvl = arg_int(arg)
        if lvl < 1 or lvl > 8:
            raise KernelError(Errno.EINVAL)
        log.console_loglevel = max(lvl, 1)
        return 0
    if t == 9:
        return len(log.text)
    if t == 10:
        return LOG_BUF_LEN
    raise KernelError(Errno.EINVAL)


@syscall(NR.pause, sleeps=True)
async def sys_pause(k: Kernel, tsk: TaskStruct) -> int:
    """Linux: sys_pause(). Sleep until a signal arrives; then EINTR if it was caught
    (a stop signal stops the task and it pauses again: ERESTARTNOHAND)."""
    wq = WaitQueue(name="pause")
    while not tsk.signal_pending():
        await sleep_on(wq)
    raise KernelError(Errno.ERESTARTNOHAND)
