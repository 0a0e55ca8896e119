"""The system calls by name, as userland's C library sees them (models glibc's
<sys/syscall.h>: SYS_read is __NR_read). Each SYS_* is the call's typed handle
(swapsh/syscalls/table.py): `gate.call(SYS_read, fd, count)` is checked by mypy
against the handler's own parameters, so a misspelt call or a wrong argument type
is a type error, not an ENOSYS at run time."""

from __future__ import annotations

from swapsh.syscalls.sys_fs import (
    sys_access,
    sys_chdir,
    sys_chmod,
    sys_close,
    sys_dup,
    sys_dup2,
    sys_fcntl,
    sys_fstat,
    sys_ftruncate,
    sys_getcwd,
    sys_getdents,
    sys_ioctl,
    sys_lseek,
    sys_lstat,
    sys_mkdir,
    sys_open,
    sys_pipe,
    sys_read,
    sys_readlink,
    sys_rmdir,
    sys_stat,
    sys_truncate,
    sys_umask,
    sys_unlink,
    sys_utimes,
    sys_write,
)
from swapsh.syscalls.sys_ipc import (
    sys_shmat,
    sys_shmctl,
    sys_shmdt,
    sys_shmget,
)
from swapsh.syscalls.sys_mm import (
    sys_brk,
    sys_mmap,
    sys_munmap,
)
from swapsh.syscalls.sys_proc import (
    sys_clock_gettime,
    sys_clone,
    sys_execve,
    sys_exit,
    sys_getgroups,
    sys_getpgrp,
    sys_getpid,
    sys_getppid,
    sys_getresgid,
    sys_getresuid,
    sys_getrusage,
    sys_kill,
    sys_nanosleep,
    sys_pause,
    sys_rt_sigaction,
    sys_setgroups,
    sys_sethostname,
    sys_setpgid,
    sys_setresgid,
    sys_setresuid,
    sys_setsid,
    sys_sysinfo,
    sys_syslog,
    sys_uname,
    sys_unshare,
    sys_wait4,
)
from swapsh.syscalls.sys_swap import (
    sys_swapoff,
    sys_swapon,
)

__all__ = [
    "SYS_access",
    "SYS_brk",
    "SYS_chdir",
    "SYS_chmod",
    "SYS_clock_gettime",
    "SYS_clone",
    "SYS_close",
    "SYS_dup",
    "SYS_dup2",
    "SYS_execve",
    "SYS_exit",
    "SYS_fcntl",
    "SYS_fstat",
    "SYS_ftruncate",
    "SYS_getcwd",
    "SYS_getdents",
    "SYS_getgroups",
    "SYS_getpgrp",
    "SYS_getpid",
    "SYS_getppid",
    "SYS_getresgid",
    "SYS_getresuid",
    "SYS_getrusage",
    "SYS_ioctl",
    "SYS_kill",
    "SYS_lseek",
    "SYS_lstat",
    "SYS_mkdir",
    "SYS_mmap",
    "SYS_munmap",
    "SYS_nanosleep",
    "SYS_open",
    "SYS_pause",
    "SYS_pipe",
    "SYS_read",
    "SYS_readlink",
    "SYS_rmdir",
    "SYS_rt_sigaction",
    "SYS_setgroups",
    "SYS_sethostname",
    "SYS_setpgid",
    "SYS_setresgid",
    "SYS_setresuid",
    "SYS_setsid",
    "SYS_shmat",
    "SYS_shmctl",
    "SYS_shmdt",
    "SYS_shmget",
    "SYS_stat",
    "SYS_swapoff",
    "SYS_swapon",
    "SYS_sysinfo",
    "SYS_syslog",
    "SYS_truncate",
    "SYS_umask",
    "SYS_uname",
    "SYS_unlink",
    "SYS_unshare",
    "SYS_utimes",
    "SYS_wait4",
    "SYS_write",
]

SYS_access = sys_access
SYS_brk = sys_brk
SYS_chdir = sys_chdir
SYS_chmod = sys_chmod
SYS_clock_gettime = sys_clock_gettime
SYS_clone = sys_clone
SYS_close = sys_close
SYS_dup = sys_dup
SYS_dup2 = sys_dup2
SYS_execve = sys_execve
SYS_exit = sys_exit
SYS_fcntl = sys_fcntl
SYS_fstat = sys_fstat
SYS_ftruncate = sys_ftruncate
SYS_getcwd = sys_getcwd
SYS_getdents = sys_getdents
SYS_getgroups = sys_getgroups
SYS_getpgrp = sys_getpgrp
SYS_getpid = sys_getpid
SYS_getrusage = sys_getrusage
SYS_getppid = sys_getppid
SYS_getresgid = sys_getresgid
SYS_getresuid = sys_getresuid
SYS_ioctl = sys_ioctl
SYS_kill = sys_kill
SYS_lseek = sys_lseek
SYS_lstat = sys_lstat
SYS_mkdir = sys_mkdir
SYS_mmap = sys_mmap
SYS_munmap = sys_munmap
SYS_nanosleep = sys_nanosleep
SYS_open = sys_open
SYS_pause = sys_pause
SYS_pipe = sys_pipe
SYS_read = sys_read
SYS_readlink = sys_readlink
SYS_rmdir = sys_rmdir
SYS_rt_sigaction = sys_rt_sigaction
SYS_setgroups = sys_setgroups
SYS_sethostname = sys_sethostname
SYS_setpgid = sys_setpgid
SYS_setresgid = sys_setresgid
SYS_setresuid = sys_setresuid
SYS_setsid = sys_setsid
SYS_shmat = sys_shmat
SYS_shmctl = sys_shmctl
SYS_shmdt = sys_shmdt
SYS_shmget = sys_shmget
SYS_stat = sys_stat
SYS_swapoff = sys_swapoff
SYS_swapon = sys_swapon
SYS_sysinfo = sys_sysinfo
SYS_syslog = sys_syslog
SYS_truncate = sys_truncate
SYS_umask = sys_umask
SYS_uname = sys_uname
SYS_unlink = sys_unlink
SYS_unshare = sys_unshare
SYS_utimes = sys_utimes
SYS_wait4 = sys_wait4
SYS_write = sys_write
