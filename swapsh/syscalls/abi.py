"""The user-visible ABI: structures and constants userland may use (models the
uapi headers: asm/stat.h, linux/utsname.h, linux/kernel.h sysinfo, fcntl.h).

Userland imports these from here and never from swapsh.kernel.
"""

from __future__ import annotations

from dataclasses import dataclass

from swapsh.kernel.fork import (
    CLONE_FILES,
    CLONE_FS,
    CLONE_SIGHAND,
    CLONE_THREAD,
    CLONE_VM,
    UNMODELLED_CLONE_FLAGS,
)
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
from swapsh.kernel.fs.inode import is_zero_buffer
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
from swapsh.kernel.mm.swap_namespace import CLONE_NEWSWAP
from swapsh.kernel.mm.swapfile import SWAP_FLAG_PREFER, SWAP_FLAG_PRIO_MASK
from swapsh.kernel.nsproxy import (
    CLONE_NEWIPC,
    CLONE_NEWNET,
    CLONE_NEWNS,
    CLONE_NEWPID,
    CLONE_NEWUSER,
    CLONE_NEWUTS,
)
from swapsh.kernel.signal import SIG_CATCH, SIG_DFL, SIG_IGN, Sig, signame
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
    "CLONE_FILES",
    "CLONE_FLAG_NAMES",
    "CLONE_FS",
    "CLONE_NEWIPC",
    "CLONE_NEWNET",
    "CLONE_NEWNS",
    "CLONE_NEWPID",
    "CLONE_NEWSWAP",
    "CLONE_NEWUSER",
    "CLONE_NEWUTS",
    "CLONE_SIGHAND",
    "CLONE_THREAD",
    "CLONE_VM",
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
    "WNOHANG",
    "Dirent",
    "ShmidDs",
    "Sig",
    "Stat",
    "Sysinfo",
    "Utsname",
    "is_zero_bytes",
    "signame",
]

WNOHANG = 1

CLONE_FLAG_NAMES: dict[str, int] = {
    "CLONE_VM": CLONE_VM,
    "CLONE_FS": CLONE_FS,
    "CLONE_FILES": CLONE_FILES,
    "CLONE_SIGHAND": CLONE_SIGHAND,
    "CLONE_PTRACE": 0x2000,
    "CLONE_VFORK": 0x4000,
    "CLONE_PARENT": 0x8000,
    "CLONE_THREAD": CLONE_THREAD,
    "CLONE_NEWNS": CLONE_NEWNS,
    "CLONE_SYSVSEM": 0x40000,
    "CLONE_SETTLS": 0x80000,
    "CLONE_PARENT_SETTID": 0x100000,
    "CLONE_CHILD_CLEARTID": 0x200000,
    "CLONE_DETACHED": 0x400000,
    "CLONE_UNTRACED": 0x800000,
    "CLONE_CHILD_SETTID": 0x1000000,
    "CLONE_STOPPED": 0x2000000,
    "CLONE_NEWUTS": CLONE_NEWUTS,
    "CLONE_NEWIPC": CLONE_NEWIPC,
    "CLONE_NEWUSER": CLONE_NEWUSER,
    "CLONE_NEWPID": CLONE_NEWPID,
    "CLONE_NEWNET": CLONE_NEWNET,
    "CLONE_IO": 0x80000000,
    "CLONE_NEWSWAP": CLONE_NEWSWAP,
    "CLONE_SWAPNS": CLONE_NEWSWAP,  # the name in the seed's prose
}


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
