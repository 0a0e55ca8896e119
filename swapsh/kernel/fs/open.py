"""Opening files (models fs/open.c do_filp_open and fs/namei.c open_namei, may_open)."""

from __future__ import annotations

import stat as st
from typing import TYPE_CHECKING

from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.fs.devices import chrdev_open
from swapsh.kernel.fs.file import (
    FMODE_READ,
    FMODE_WRITE,
    O_ACCMODE,
    O_CREAT,
    O_DIRECTORY,
    O_EXCL,
    O_NOFOLLOW,
    O_RDONLY,
    O_RDWR,
    O_TRUNC,
    O_WRONLY,
    DirectoryOps,
    File,
    FileOperations,
    RegularFileOps,
)
from swapsh.kernel.fs.namei import MAY_READ, MAY_WRITE, PathRef, inode_permission
from swapsh.kernel.fs.procfs import ProcEntry, ProcFileOps, open_proc_file
from swapsh.kernel.mm.mm_types import ShmemInodeInfo
from swapsh.kernel.mm.shmem import ShmemFileOps

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel
    from swapsh.kernel.task import TaskStruct

__all__ = ["filp_open"]


def _open_ref(k: Kernel, tsk: TaskStruct, path: str, flags: int, mode: int) -> PathRef:
    vfs = k.vfs
    if not flags & O_CREAT:
        return vfs.lookup(tsk, path, follow=not flags & O_NOFOLLOW)
    d, name = vfs.lookup_parent(tsk, path)
    if name in (".", "..") or path.endswith("/"):
        raise KernelError(Errno.EISDIR)
    existing = vfs.child(tsk, d.inode, name)
    if existing is not None:
        if flags & O_EXCL:
            raise KernelError(Errno.EEXIST)
        return vfs.lookup(tsk, path, follow=not flags & O_NOFOLLOW)
    return vfs.create(tsk, d, name, st.S_IFREG | (mode & 0o7777 & ~tsk.fs.umask))


def filp_open(k: Kernel, tsk: TaskStruct, path: str, flags: int, mode: int = 0o666) -> File:
    """Linux: filp_open(). Open path for tsk with O_* flags.

    Raises: ENOENT, EACCES, EISDIR (a directory opened for writing), ENOTDIR
    (O_DIRECTORY on a non-directory), EEXIST, ELOOP, ENXIO/ENODEV (devices), EROFS.
    """
    ref = _open_ref(k, tsk, path, flags, mode)
    ino = ref.inode
    acc = flags & O_ACCMODE
    fmode = {O_RDONLY: FMODE_READ, O_WRONLY: FMODE_WRITE, O_RDWR: FMODE_READ | FMODE_WRITE}.get(
        acc, FMODE_READ | FMODE_WRITE
    )
    if ino.is_lnk:
        raise KernelError(Errno.ELOOP)
    if ino.is_dir and fmode & FMODE_WRITE:
        raise KernelError(Errno.EISDIR)
    if flags & O_DIRECTORY and not ino.is_dir:
        raise KernelError(Errno.ENOTDIR)
    mask = (MAY_READ if fmode & FMODE_READ else 0) | (MAY_WRITE if fmode & FMODE_WRITE else 0)
    inode_permission(tsk.cred, ino, mask)
    private: object = None
    ops: FileOperations
    if ino.is_dir:
        ops = DirectoryOps()
    elif ino.is_chr:
        ops = chrdev_open(k, tsk, ino.i_rdev)
    elif isinstance(ino.i_private, ProcEntry):
        if fmode & FMODE_WRITE:
            raise KernelError(Errno.EACCES)
        ops, private = ProcFileOps(), open_proc_file(tsk, ino)
    elif ino.is_reg and isinstance(ino.i_private, ShmemInodeInfo):
        ops = ShmemFileOps()  # tmpfs
        if flags & O_TRUNC and fmode & FMODE_WRITE and ino.i_size:
            k.vfs.truncate(ino, 0)
    elif ino.is_reg:
        ops = RegularFileOps()
        if flags & O_TRUNC and fmode & FMODE_WRITE and ino.i_size:
            k.vfs.truncate(ino, 0)
    else:
        raise KernelError(Errno.ENXIO)
    ino.i_count += 1
    return File(
        f_op=ops, f_inode=ino, f_path=ref.path, f_flags=flags, f_mode=fmode, private_data=private
    )
