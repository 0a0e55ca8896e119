"""File system calls (models fs/open.c, fs/read_write.c, fs/stat.c, fs/namei.c,
fs/readdir.c, fs/ioctl.c, fs/pipe.c)."""

from __future__ import annotations

import stat as st
from collections.abc import Awaitable

from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.fs.file import FMODE_READ, FMODE_WRITE, O_NOCTTY, File, fput
from swapsh.kernel.fs.inode import Inode
from swapsh.kernel.fs.namei import MAY_EXEC, MAY_READ, MAY_WRITE, inode_permission
from swapsh.kernel.fs.pipe import PipeInodeInfo, PipeReadOps, PipeWriteOps
from swapsh.kernel.fs.readdir import vfs_readdir
from swapsh.kernel.kernel import Kernel
from swapsh.kernel.mm.mm_types import ShmemInodeInfo
from swapsh.kernel.task import TaskStruct
from swapsh.kernel.tty import (
    STREAM_PROMPT,
    STREAM_STDERR,
    STREAM_STDOUT,
    SWAPSH_TTY_STREAM,
    TCGETS,
    TIOCGPGRP,
    TIOCSCTTY,
    TIOCSPGRP,
    TtyOps,
)
from swapsh.kernel.vt import VT_WAITACTIVE, is_vt_ioctl, vt_ioctl, vt_waitactive
from swapsh.syscalls.abi import F_DUPFD, Dirent, Stat, arg_bytes, arg_int, getname
from swapsh.syscalls.table import NR, PARTIAL, syscall

__all__ = [
    "sys_access",
    "sys_chdir",
    "sys_chmod",
    "sys_close",
    "sys_dup",
    "sys_dup2",
    "sys_fcntl",
    "sys_fstat",
    "sys_ftruncate",
    "sys_getcwd",
    "sys_getdents",
    "sys_ioctl",
    "sys_lseek",
    "sys_lstat",
    "sys_mkdir",
    "sys_open",
    "sys_pipe",
    "sys_read",
    "sys_readlink",
    "sys_rmdir",
    "sys_stat",
    "sys_truncate",
    "sys_umask",
    "sys_unlink",
    "sys_utimes",
    "sys_write",
]

MAX_RW_COUNT = 0x7FFFF000


@syscall(NR.open)
def sys_open(k: Kernel, tsk: TaskStruct, path: str, flags: int, mode: int = 0o666) -> int:
    f = k.filp_open(tsk, getname(path), arg_int(flags), arg_int(mode))
    try:
        fd = tsk.files.alloc_fd()
    except KernelError:
        fput(k, f)
        raise
    if (
        isinstance(f.f_op, TtyOps)
        and not arg_int(flags) & O_NOCTTY
        and tsk.session == tsk.pid
        and tsk.tty is None
        and f.f_op.tty.session == 0
    ):
        _set_ctty(tsk, f.f_op)
    tsk.files.install(fd, f)
    return fd


def _set_ctty(tsk: TaskStruct, ops: TtyOps) -> None:
    """Linux: __proc_set_tty(). A session leader's first terminal becomes its own."""
    ops.tty.session = tsk.session
    ops.tty.pgrp = tsk.pgrp
    ops.tty.session_exit = None
    tsk.tty = ops.tty


@syscall(NR.close)
def sys_close(k: Kernel, tsk: TaskStruct, fd: int) -> int:
    f = tsk.files.get(arg_int(fd))
    tsk.files.fd[arg_int(fd)] = None
    fput(k, f)
    return 0


@syscall(NR.read, sleeps=True)
def sys_read(k: Kernel, tsk: TaskStruct, fd: int, count: int) -> bytes | Awaitable[bytes]:
    f = tsk.files.get(arg_int(fd))
    n = arg_int(count)
    if n < 0:
        raise KernelError(Errno.EINVAL)
    if not f.f_mode & FMODE_READ:
        raise KernelError(Errno.EBADF)
    return f.f_op.read(k, f, min(n, MAX_RW_COUNT))  # (a coroutine if it may sleep)


@syscall(NR.write, sleeps=True)
def sys_write(k: Kernel, tsk: TaskStruct, fd: int, data: bytes) -> int | Awaitable[int]:
    f = tsk.files.get(arg_int(fd))
    buf = arg_bytes(data)
    if not f.f_mode & FMODE_WRITE:
        raise KernelError(Errno.EBADF)
    return f.f_op.write(k, f, buf)


@syscall(NR.lseek)
def sys_lseek(k: Kernel, tsk: TaskStruct, fd: int, off: int, whence: int) -> int:
    f = tsk.files.get(arg_int(fd))
    return f.f_op.llseek(k, f, arg_int(off), arg_int(whence))


def _stat(ino: Inode) -> Stat:
    """Linux: generic_fillattr() + cp_new_stat()."""
    blocks = 0
    if ino.data is not None:
        blocks = ino.data.blocks.nr_pages * 8
    elif isinstance(ino.i_private, ShmemInodeInfo):  # tmpfs: pages in RAM or in swap
        blocks = (len(ino.i_private.pages) + len(ino.i_private.swap)) * 8
    elif ino.is_dir:
        blocks = 8
    return Stat(
        st_dev=ino.i_sb.s_dev,
        st_ino=ino.i_ino,
        st_mode=ino.i_mode,
        st_nlink=ino.i_nlink,
        st_uid=ino.i_uid,
        st_gid=ino.i_gid,
        st_rdev=ino.i_rdev,
        st_size=ino.i_size,
        st_blksize=4096,
        st_blocks=blocks,
        st_atime=ino.i_atime,
        st_mtime=ino.i_mtime,
        st_ctime=ino.i_ctime,
    )


@syscall(NR.stat)
def sys_stat(k: Kernel, tsk: TaskStruct, path: str) -> Stat:
    return _stat(k.vfs.lookup(tsk, getname(path)).inode)


@syscall(NR.lstat)
def sys_lstat(k: Kernel, tsk: TaskStruct, path: str) -> Stat:
    return _stat(k.vfs.lookup(tsk, getname(path), follow=False).inode)


@syscall(NR.fstat)
def sys_fstat(k: Kernel, tsk: TaskStruct, fd: int) -> Stat:
    return _stat(tsk.files.get(arg_int(fd)).f_inode)


@syscall(NR.readlink)
def sys_readlink(k: Kernel, tsk: TaskStruct, path: str) -> str:
    ino = k.vfs.lookup(tsk, getname(path), follow=False).inode
    if not ino.is_lnk:
        raise KernelError(Errno.EINVAL)
    if callable(ino.i_private):
        return str(ino.i_private(tsk))
    return ino.target or ""


@syscall(NR.getdents)
def sys_getdents(k: Kernel, tsk: TaskStruct, fd: int) -> list[Dirent]:
    """All entries of an open directory at once, with '.' and '..' first."""
    f = tsk.files.get(arg_int(fd))
    d = f.f_inode
    if not d.is_dir:
        raise KernelError(Errno.ENOTDIR)
    if f.f_pos:
        return []
    out: list[Dirent] = []
    vfs_readdir(k.vfs, tsk, d, lambda name, ino, d_type: out.append(Dirent(ino, d_type, name)))
    f.f_pos = 1
    return out


@syscall(NR.access)
def sys_access(k: Kernel, tsk: TaskStruct, path: str, mode: int) -> int:
    ino = k.vfs.lookup(tsk, getname(path)).inode
    m = arg_int(mode)
    mask = (MAY_READ if m & 4 else 0) | (MAY_WRITE if m & 2 else 0) | (MAY_EXEC if m & 1 else 0)
    if mask:
        inode_permission(tsk.cred, ino, mask)
    return 0


@syscall(NR.mkdir)
def sys_mkdir(k: Kernel, tsk: TaskStruct, path: str, mode: int) -> int:
    d, name = k.vfs.lookup_parent(tsk, getname(path))
    if name in (".", ".."):
        raise KernelError(Errno.EEXIST)
    k.vfs.create(tsk, d, name, st.S_IFDIR | (arg_int(mode) & 0o7777 & ~tsk.fs.umask))
    return 0


@syscall(NR.rmdir)
def sys_rmdir(k: Kernel, tsk: TaskStruct, path: str) -> int:
    k.vfs.rmdir(tsk, getname(path))
    return 0


@syscall(NR.unlink)
def sys_unlink(k: Kernel, tsk: TaskStruct, path: str) -> int:
    ino = k.vfs.unlink(tsk, getname(path))
    if ino.i_count == 0:
        k.vfs.evict_if_unused(ino)
    return 0


@syscall(NR.chmod)
def sys_chmod(k: Kernel, tsk: TaskStruct, path: str, mode: int) -> int:
    k.vfs.chmod(tsk, k.vfs.lookup(tsk, getname(path)), arg_int(mode))
    return 0


@syscall(NR.utimes)
def sys_utimes(k: Kernel, tsk: TaskStruct, path: str) -> int:
    """utimes(path, NULL): set the times to now. Needs write permission or ownership."""
    ino = k.vfs.lookup(tsk, getname(path)).inode
    if tsk.cred.euid not in (0, ino.i_uid):
        inode_permission(tsk.cred, ino, MAY_WRITE)
    ino.i_atime = ino.i_mtime = ino.i_ctime = k.wall_seconds()
    return 0


@syscall(NR.truncate)
def sys_truncate(k: Kernel, tsk: TaskStruct, path: str, length: int) -> int:
    ino = k.vfs.lookup(tsk, getname(path)).inode
    n = arg_int(length)
    if n < 0:
        raise KernelError(Errno.EINVAL)
    if ino.is_dir:
        raise KernelError(Errno.EISDIR)
    if not ino.is_reg:
        raise KernelError(Errno.EINVAL)
    inode_permission(tsk.cred, ino, MAY_WRITE)
    k.vfs.truncate(ino, n)
    return 0


@syscall(NR.ftruncate)
def sys_ftruncate(k: Kernel, tsk: TaskStruct, fd: int, length: int) -> int:
    f = tsk.files.get(arg_int(fd))
    n = arg_int(length)
    if n < 0 or not f.f_inode.is_reg or not f.f_mode & FMODE_WRITE:
        raise KernelError(Errno.EINVAL)
    k.vfs.truncate(f.f_inode, n)
    return 0


@syscall(NR.chdir)
def sys_chdir(k: Kernel, tsk: TaskStruct, path: str) -> int:
    ref = k.vfs.lookup(tsk, getname(path))
    if not ref.inode.is_dir:
        raise KernelError(Errno.ENOTDIR)
    inode_permission(tsk.cred, ref.inode, MAY_EXEC)
    tsk.fs.cwd, tsk.fs.cwd_path = ref.inode, ref.path
    return 0


@syscall(NR.getcwd)
def sys_getcwd(k: Kernel, tsk: TaskStruct) -> str:
    return tsk.fs.cwd_path


@syscall(NR.umask)
def sys_umask(k: Kernel, tsk: TaskStruct, mask: int) -> int:
    old = tsk.fs.umask
    tsk.fs.umask = arg_int(mask) & 0o777
    return old


@syscall(NR.dup)
def sys_dup(k: Kernel, tsk: TaskStruct, fd: int) -> int:
    f = tsk.files.get(arg_int(fd))
    new = tsk.files.alloc_fd()
    f.f_count += 1
    tsk.files.install(new, f)
    return new


@syscall(NR.dup2)
def sys_dup2(k: Kernel, tsk: TaskStruct, old: int, new: int) -> int:
    f = tsk.files.get(arg_int(old))
    n = arg_int(new)
    if n < 0 or n >= 1024:
        raise KernelError(Errno.EBADF)
    if n == old:
        return n
    prev = tsk.files.fd[n] if n < len(tsk.files.fd) else None
    if prev is not None:
        fput(k, prev)
    f.f_count += 1
    tsk.files.install(n, f)
    return n


@syscall(NR.fcntl, PARTIAL, "F_DUPFD only")
def sys_fcntl(k: Kernel, tsk: TaskStruct, fd: int, cmd: int, arg: int = 0) -> int:
    """fcntl(fd, F_DUPFD, start): the lowest free descriptor >= start."""
    f = tsk.files.get(arg_int(fd))
    if arg_int(cmd) != F_DUPFD:
        raise KernelError(Errno.EINVAL)
    new = tsk.files.alloc_fd(arg_int(arg))
    f.f_count += 1
    tsk.files.install(new, f)
    return new


@syscall(NR.pipe)
def sys_pipe(k: Kernel, tsk: TaskStruct) -> tuple[int, int]:
    pipe = PipeInodeInfo(readers=1, writers=1)
    ino = k.vfs.new_inode(k.vfs.root.i_sb, st.S_IFIFO | 0o600, tsk.cred)
    ino.i_private = pipe
    ino.i_count = 2
    r = File(f_op=PipeReadOps(pipe), f_inode=ino, f_path="pipe:", f_flags=0, f_mode=FMODE_READ)
    w = File(f_op=PipeWriteOps(pipe), f_inode=ino, f_path="pipe:", f_flags=1, f_mode=FMODE_WRITE)
    rfd = tsk.files.alloc_fd()
    tsk.files.install(rfd, r)
    try:
        wfd = tsk.files.alloc_fd()
    except KernelError:
        tsk.files.fd[rfd] = None
        fput(k, r)
        fput(k, w)
        raise
    tsk.files.install(wfd, w)
    return rfd, wfd


@syscall(
    NR.ioctl,
    PARTIAL,
    "terminal requests only: TCGETS, TIOCGPGRP, TIOCSPGRP, TIOCSCTTY; "
    "consoles: KDGKBTYPE, VT_GETSTATE (v_active), VT_ACTIVATE, "
    "VT_WAITACTIVE",
    sleeps=True,
)
async def sys_ioctl(k: Kernel, tsk: TaskStruct, fd: int, req: int, arg: int = 0) -> int:
    f = tsk.files.get(arg_int(fd))
    ops = f.f_op
    if not isinstance(ops, TtyOps):
        raise KernelError(Errno.ENOTTY)
    r = arg_int(req)
    if r == TCGETS:
        return 0
    if r == TIOCGPGRP:
        return ops.tty.pgrp
    if r == TIOCSPGRP:
        if tsk.tty is not ops.tty:
            raise KernelError(Errno.ENOTTY)
        ops.tty.pgrp = arg_int(arg)
        return 0
    if r == TIOCSCTTY:
        if tsk.session != tsk.pid or tsk.tty is not None:
            raise KernelError(Errno.EPERM)
        _set_ctty(tsk, ops)
        return 0
    if r == SWAPSH_TTY_STREAM:
        if arg_int(arg) not in (STREAM_STDOUT, STREAM_STDERR, STREAM_PROMPT):
            raise KernelError(Errno.EINVAL)
        f.stream = arg_int(arg)
        return 0
    if is_vt_ioctl(r):  # every terminal here is a virtual console
        if r == VT_WAITACTIVE:
            return await vt_waitactive(k, tsk, ops.tty, arg_int(arg))
        return vt_ioctl(k, tsk, ops.tty, r, arg_int(arg))
    raise KernelError(Errno.EINVAL)
