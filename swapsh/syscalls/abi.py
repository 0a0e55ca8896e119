"""The user-visible ABI: structures and constants userland may use (models the
uapi headers: asm/stat.h, linux/utsname.h, linux/kernel.h sysinfo, fcntl.h).

Userland imports these from here and never from swapsh.kernel.
"""

from __future__ import annotations

from dataclasses import dataclass

from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.exit import WCONTINUED, WNOHANG, WUNTRACED
from swapsh.kernel.fork import UNMODELLED_CLONE_FLAGS
from swapsh.kernel.fs.file import (
    O_APPEND,
    O_CREAT,
    O_DIRECTORY,
    O_EXCL,
    O_NOFOLLOW,
    O_RDONLY,
    O_RDWR,
    O_TRUNC,
    O_WRONLY,
    SEEK_CUR,
    SEEK_END,
    SEEK_SET,
)
from swapsh.kernel.fs.inode import is_zero_buffer, zero_bytes
from swapsh.kernel.ipc.shm import (
    IPC_CREAT,
    IPC_EXCL,
    IPC_PRIVATE,
    IPC_RMID,
    IPC_STAT,
    SHM_RDONLY,
    SHM_RND,
    ShmidDs,
)
from swapsh.kernel.mm.swapfile import SWAP_FLAG_PREFER, SWAP_FLAG_PRIO_MASK
from swapsh.kernel.signal import SIG_CATCH, SIG_DFL, SIG_IGN, Sig, signame
from swapsh.kernel.task import CloneFlags
from swapsh.kernel.tty import (
    STREAM_PROMPT,
    STREAM_STDERR,
    STREAM_STDOUT,
    SWAPSH_TTY_STREAM,
    TCGETS,
    TIOCGPGRP,
    TIOCSPGRP,
)
from swapsh.kernel.vt import KB_101, KDGKBTYPE, VT_ACTIVATE, VT_GETSTATE, VT_WAITACTIVE

__all__ = [
    "CLOCK_MONOTONIC",
    "CLOCK_REALTIME",
    "CLONE_FLAG_NAMES",
    "F_DUPFD",
    "IPC_CREAT",
    "IPC_EXCL",
    "IPC_PRIVATE",
    "IPC_RMID",
    "IPC_STAT",
    "KB_101",
    "KDGKBTYPE",
    "O_APPEND",
    "O_CREAT",
    "O_DIRECTORY",
    "O_EXCL",
    "O_NOFOLLOW",
    "O_RDONLY",
    "O_RDWR",
    "O_TRUNC",
    "O_WRONLY",
    "RUSAGE_CHILDREN",
    "RUSAGE_SELF",
    "SEEK_CUR",
    "SEEK_END",
    "SEEK_SET",
    "SHM_RDONLY",
    "SHM_RND",
    "SIG_CATCH",
    "SIG_DFL",
    "SIG_IGN",
    "STREAM_PROMPT",
    "STREAM_STDERR",
    "STREAM_STDOUT",
    "SWAPSH_TTY_STREAM",
    "SWAP_FLAG_PREFER",
    "SWAP_FLAG_PRIO_MASK",
    "TCGETS",
    "TIOCGPGRP",
    "TIOCSPGRP",
    "UNMODELLED_CLONE_FLAGS",
    "VT_ACTIVATE",
    "VT_GETSTATE",
    "VT_WAITACTIVE",
    "WCONTINUED",
    "WNOHANG",
    "WUNTRACED",
    "CloneFlags",
    "Dirent",
    "Rusage",
    "ShmidDs",
    "Sig",
    "Stat",
    "Sysinfo",
    "Utsname",
    "arg_bytes",
    "arg_int",
    "getname",
    "is_zero_bytes",
    "shared_zero_bytes",
    "signame",
]

F_DUPFD = 0  # fcntl.h
CLOCK_REALTIME, CLOCK_MONOTONIC = 0, 1  # time.h
RUSAGE_SELF, RUSAGE_CHILDREN = 0, -1  # resource.h

# The names clone64(...) accepts in the shell, CLONE_SWAPNS (the alias) included.
CLONE_FLAG_NAMES: dict[str, int] = {name: int(f) for name, f in CloneFlags.__members__.items()}


@dataclass(frozen=True, slots=True)
class Stat:
    """Linux: struct stat (x86_64)."""

    st_dev: int
    st_ino: int
    st_mode: int
    st_nlink: int
    st_uid: int
    st_gid: int
    st_rdev: int
    st_size: int
    st_blksize: int
    st_blocks: int  # 512-byte units
    st_atime: int
    st_mtime: int
    st_ctime: int


@dataclass(frozen=True, slots=True)
class Dirent:
    """Linux: struct linux_dirent64 (d_ino, d_type, d_name)."""

    d_ino: int
    d_type: int
    d_name: str


@dataclass(frozen=True, slots=True)
class Rusage:
    """Linux: struct rusage, the part 2.6.25's getrusage fills that the model
    accounts: the CPU time, in microseconds (whole jiffies, as cputime_t is)."""

    utime_us: int
    stime_us: int


@dataclass(frozen=True, slots=True)
class Utsname:
    """Linux: struct new_utsname."""

    sysname: str
    nodename: str
    release: str
    version: str
    machine: str
    domainname: str


@dataclass(frozen=True, slots=True)
class Sysinfo:
    """Linux: struct sysinfo. On a 64-bit kernel the sizes fit, so mem_unit is 1."""

    uptime: int
    totalram: int
    freeram: int
    totalswap: int
    freeswap: int
    procs: int
    mem_unit: int


def is_zero_bytes(data: bytes) -> bool:
    """Whether data is the kernel's shared zero buffer of its size (what /dev/zero and
    file holes return): known to be zeros without scanning it."""
    return is_zero_buffer(data)


def shared_zero_bytes(n: int) -> bytes:
    """n zeros as that shared buffer: what libc passes for memory it knows is zero,
    so the kernel need not scan it either."""
    return zero_bytes(n)


# -- argument decoders: how a handler takes what userland passed ------------------------
# The gate passes arguments as userland gave them; mypy checks libc's side, and these
# check at run time what a C program could still get wrong (a bad pointer: EFAULT).


def arg_int(v: object) -> int:
    """An integer argument (a register). Raises: EFAULT for anything else."""
    if type(v) is int:  # the common case, in one test
        return v
    if not isinstance(v, int) or isinstance(v, bool):
        raise KernelError(Errno.EFAULT)
    return int(v)  # an IntFlag or IntEnum member: its plain value


def getname(p: object) -> str:
    """Linux: getname(). A path argument, up to its first NUL. Raises: EFAULT."""
    if not isinstance(p, str):
        raise KernelError(Errno.EFAULT)
    if "\0" in p:
        return p.split("\0", 1)[0]
    return p


def arg_bytes(data: object) -> bytes:
    """A user buffer to copy from (copy_from_user). Raises: EFAULT."""
    if type(data) is bytes:
        return data
    if not isinstance(data, bytes | bytearray | memoryview):
        raise KernelError(Errno.EFAULT)
    return bytes(data)
