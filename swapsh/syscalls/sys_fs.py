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
from swapsh.syscalls.abi import Dirent, Stat
from swapsh.syscalls.table import PARTIAL, syscall

__all__: list[str] = []

MAX_RW_COUNT = 0x7FFFF000


def _path(p: object) -> str:
    """getname(): a path argument must be a string. Raises: EFAULT."""
    if not isinstance(p, str):
        raise KernelError(Errno.EFAULT)
    if "\0" in p:
        return p.split("\0", 1)[0]
    return p


def _int(v: object) -> int:
    if type(v) is int:  # the common case, in one test
        return v
    if not isinstance(v, int) or isinstance(v, bool):
        raise KernelError(Errno.EFAULT)
    return v


@syscall("open")
def sys_open(k: Kernel, tsk: TaskStruct, path: object, flags: object, mode: object = 0o666) -> int:
    f = k.filp_open(tsk, _path(path), _int(flags), _int(mode))
    try:
        fd = tsk.files.alloc_fd()
    except KernelError:
        fput(k, f)
        raise
    if (
        isinstance(f.f_op, TtyOps)
        and not _int(flags) & O_NOCTTY
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


@syscall("close")
def sys_close(k: Kernel, tsk: TaskStruct, fd: object) -> int:
    f = tsk.files.get(_int(fd))
    tsk.files.fd[_int(fd)] = None
    fput(k, f)
    return 0


@syscall("read", sleeps=True)
def sys_read(k: Kernel, tsk: TaskStruct, fd: object, count: object) -> bytes | Awaitable[bytes]:
    f = tsk.files.get(_int(fd))
    n = _int(count)
    if n < 0:
        raise KernelError(Errno.EINVAL)
    if not f.f_mode & FMODE_READ:
        raise KernelError(Errno.EBADF)
    return f.f_op.read(k, f, min(n, MAX_RW_COUNT))  # (a coroutine if it may sleep)


@syscall("write", sleeps=True)
def sys_write(k: Kernel, tsk: TaskStruct, fd: object, data: object) -> int | Awaitable[int]:
    f = tsk.files.get(_int(fd))
    if not isinstance(data, bytes | bytearray | memoryview):
        raise KernelError(Errno.EFAULT)
    if not f.f_mode & FMODE_WRITE:
        raise KernelError(Errno.EBADF)
    return f.f_op.write(k, f, bytes(data) if not isinstance(data, bytes) else data)


@syscall("lseek")
def sys_lseek(k: Kernel, tsk: TaskStruct, fd: object, off: object, whence: object) -> int:
    f = tsk.files.get(_int(fd))
    return f.f_op.llseek(k, f, _int(off), _int(whence))


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


@syscall("stat")
def sys_stat(k: Kernel, tsk: TaskStruct, path: object) -> Stat:
    return _stat(k.vfs.lookup(tsk, _path(path)).inode)


@syscall("lstat")
def sys_lstat(k: Kernel, tsk: TaskStruct, path: object) -> Stat:
    return _stat(k.vfs.lookup(tsk, _path(path), follow=False).inode)


@syscall("fstat")
def sys_fstat(k: Kernel, tsk: TaskStruct, fd: object) -> Stat:
    return _stat(tsk.files.get(_int(fd)).f_inode)


@syscall("readlink")
def sys_readlink(k: Kernel, tsk: TaskStruct, path: object) -> str:
    ino = k.vfs.lookup(tsk, _path(path), follow=False).inode
    if not ino.is_lnk:
        raise KernelError(Errno.EINVAL)
    if callable(ino.i_private):
        return str(ino.i_private(tsk))
    return ino.target or ""


@syscall("getdents")
def sys_getdents(k: Kernel, tsk: TaskStruct, fd: object) -> list[Dirent]:
    """All entries of an open directory at once, with '.' and '..' first."""
    f = tsk.files.get(_int(fd))
    d = f.f_inode
    if not d.is_dir:
        raise KernelError(Errno.ENOTDIR)
    if f.f_pos:
        return []
    out: list[Dirent] = []
    vfs_readdir(k.vfs, tsk, d, lambda name, ino, d_type: out.append(Dirent(ino, d_type, name)))
    f.f_pos = 1
    return out


@syscall("access")
def sys_access(k: Kernel, tsk: TaskStruct, path: object, mode: object) -> int:
    ino = k.vfs.lookup(tsk, _path(path)).inode
    m = _int(mode)
    mask = (MAY_READ if m & 4 else 0) | (MAY_WRITE if m & 2 else 0) | (MAY_EXEC if m & 1 else 0)
    if mask:
        inode_permission(tsk.cred, ino, mask)
    return 0


@syscall("mkdir")
def sys_mkdir(k: Kernel, tsk: TaskStruct, path: object, mode: object) -> int:
    d, name = k.vfs.lookup_parent(tsk, _path(path))
    if name in (".", ".."):
        raise KernelError(Errno.EEXIST)
    k.vfs.create(tsk, d, name, st.S_IFDIR | (_int(mode) & 0o7777 & ~tsk.fs.umask))
    return 0


@syscall("rmdir")
def sys_rmdir(k: Kernel, tsk: TaskStruct, path: object) -> int:
    k.vfs.rmdir(tsk, _path(path))
    return 0


@syscall("unlink")
def sys_unlink(k: Kernel, tsk: TaskStruct, path: object) -> int:
    ino = k.vfs.unlink(tsk, _path(path))
    if ino.i_count == 0:
        k.vfs.evict_if_unused(ino)
    return 0


@syscall("chmod")
def sys_chmod(k: Kernel, tsk: TaskStruct, path: object, mode: object) -> int:
    k.vfs.chmod(tsk, k.vfs.lookup(tsk, _path(path)), _int(mode))
    return 0


@syscall("utimes")
def sys_utimes(k: Kernel, tsk: TaskStruct, path: object) -> int:
    """utimes(path, NULL): set the times to now. Needs write permission or ownership."""
    ino = k.vfs.lookup(tsk, _path(path)).inode
    if tsk.cred.euid not in (0, ino.i_uid):
        inode_permission(tsk.cred, ino, MAY_WRITE)
    ino.i_atime = ino.i_mtime = ino.i_ctime = k.wall_seconds()
    return 0


@syscall("truncate")
def sys_truncate(k: Kernel, tsk: TaskStruct, path: object, length: object) -> int:
    ino = k.vfs.lookup(tsk, _path(path)).inode
    n = _int(length)
    if n < 0:
        raise KernelError(Errno.EINVAL)
    if ino.is_dir:
        raise KernelError(Errno.EISDIR)
    if not ino.is_reg:
        raise KernelError(Errno.EINVAL)
    inode_permission(tsk.cred, ino, MAY_WRITE)
    k.vfs.truncate(ino, n)
    return 0


@syscall("ftruncate")
def sys_ftruncate(k: Kernel, tsk: TaskStruct, fd: object, length: object) -> int:
    f = tsk.files.get(_int(fd))
    n = _int(length)
    if n < 0 or not f.f_inode.is_reg or not f.f_mode & FMODE_WRITE:
        raise KernelError(Errno.EINVAL)
    k.vfs.truncate(f.f_inode, n)
    return 0


@syscall("chdir")
def sys_chdir(k: Kernel, tsk: TaskStruct, path: object) -> int:
    ref = k.vfs.lookup(tsk, _path(path))
    if not ref.inode.is_dir:
        raise KernelError(Errno.ENOTDIR)
    inode_permission(tsk.cred, ref.inode, MAY_EXEC)
    tsk.fs.cwd, tsk.fs.cwd_path = ref.inode, ref.path
    return 0


@syscall("getcwd")
def sys_getcwd(k: Kernel, tsk: TaskStruct) -> str:
    return tsk.fs.cwd_path


@syscall("umask")
def sys_umask(k: Kernel, tsk: TaskStruct, mask: object) -> int:
    old = tsk.fs.umask
    tsk.fs.umask = _int(mask) & 0o777
    return old


@syscall("dup")
def sys_dup(k: Kernel, tsk: TaskStruct, fd: object) -> int:
    f = tsk.files.get(_int(fd))
    new = tsk.files.alloc_fd()
    f.f_count += 1
    tsk.files.install(new, f)
    return new


@syscall("dup2")
def sys_dup2(k: Kernel, tsk: TaskStruct, old: object, new: object) -> int:
    f = tsk.files.get(_int(old))
    n = _int(new)
    if n < 0 or n >= 1024:
        raise KernelError(Errno.EBADF)
    if n == old:
        return n
    if n < len(tsk.files.fd) and tsk.files.fd[n] is not None:
        prev = tsk.files.fd[n]
        assert prev is not None
        fput(k, prev)
    f.f_count += 1
    tsk.files.install(n, f)
    return n


@syscall("fcntl_dupfd")
def sys_fcntl_dupfd(k: Kernel, tsk: TaskStruct, fd: object, start: object) -> int:
    """fcntl(fd, F_DUPFD, start): the lowest free descriptor >= start."""
    f = tsk.files.get(_int(fd))
    new = tsk.files.alloc_fd(_int(start))
    f.f_count += 1
    tsk.files.install(new, f)
    return new


@syscall("pipe")
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
    "ioctl",
    PARTIAL,
    "terminal requests only: TCGETS, TIOCGPGRP, TIOCSPGRP, TIOCSCTTY; "
    "consoles: KDGKBTYPE, VT_GETSTATE (v_active), VT_ACTIVATE, "
    "VT_WAITACTIVE",
    sleeps=True,
)
async def sys_ioctl(k: Kernel, tsk: TaskStruct, fd: object, req: object, arg: object = 0) -> int:
    f = tsk.files.get(_int(fd))
    ops = f.f_op
    if not isinstance(ops, TtyOps):
        raise KernelError(Errno.ENOTTY)
    r = _int(req)
    if r == TCGETS:
        return 0
    if r == TIOCGPGRP:
        return ops.tty.pgrp
    if r == TIOCSPGRP:
        if tsk.tty is not ops.tty:
            raise KernelError(Errno.ENOTTY)
        ops.tty.pgrp = _int(arg)
        return 0
    if r == TIOCSCTTY:
        if tsk.session != tsk.pid or tsk.tty is not None:
            raise KernelError(Errno.EPERM)
        _set_ctty(tsk, ops)
        return 0
    if r == SWAPSH_TTY_STREAM:
        if _int(arg) not in (STREAM_STDOUT, STREAM_STDERR, STREAM_PROMPT):
            raise KernelError(Errno.EINVAL)
        f.stream = _int(arg)
        return 0
    if is_vt_ioctl(r):  # every terminal here is a virtual console
        if r == VT_WAITACTIVE:
            return await vt_waitactive(k, tsk, ops.tty, _int(arg))
        return vt_ioctl(k, tsk, ops.tty, r, _int(arg))
    raise KernelError(Errno.EINVAL)
