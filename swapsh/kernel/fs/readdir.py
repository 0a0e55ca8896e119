"""Reading a directory (models fs/readdir.c: vfs_readdir, and the filesystems'
readdir: dcache_readdir for ext3 and tmpfs directories, proc_root_readdir and
proc_pident_readdir for /proc).

getdents(2) and Machine.list_dir (the completer's view) both list through
vfs_readdir, so the shell's `ls` and completion see the same entries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.fs.inode import Inode, SyntheticDir

if TYPE_CHECKING:
    from swapsh.kernel.fs.namei import Vfs
    from swapsh.kernel.task import TaskStruct

__all__ = ["DT_DIR", "Filldir", "dt_type", "vfs_readdir"]

DT_DIR = 4  # include/linux/fs.h; every DT_* is the inode's S_IFMT >> 12

# Linux: filldir_t, minus the offset (a directory is read whole): name, d_ino, d_type.
Filldir = Callable[[str, int, int], None]


def dt_type(inode: Inode) -> int:
    """Linux: dt_type(). The DT_* value of inode's file type."""
    return (inode.i_mode >> 12) & 15


def vfs_readdir(vfs: Vfs, tsk: TaskStruct, d: Inode, filldir: Filldir) -> None:
    """Linux: vfs_readdir(). Give filldir every entry of directory d: '.' and '..',
    then the others in creation order.

    An entry is its inode on d's own filesystem, as Linux's readdir reports it: a
    mount point shows the number and type of the directory it covers. Mounts are
    crossed by lookup (a path through /proc reaches proc's root), not here. The
    '..' of a filesystem's root is the root itself, as parent_ino() of a root dentry.

    Raises: ENOTDIR; ENOENT for a directory that was removed (IS_DEADDIR).
    """
    if not d.is_dir:
        raise KernelError(Errno.ENOTDIR)
    if d.i_nlink == 0:
        raise KernelError(Errno.ENOENT)
    up = d if d is vfs.root or vfs.mounts.is_mnt_root(d) or d.parent is None else d.parent
    filldir(".", d.i_ino, DT_DIR)
    filldir("..", up.i_ino, DT_DIR)
    if d.children is not None:
        names = list(d.children)
    elif isinstance(d.i_private, SyntheticDir):  # procfs lists itself
        names = d.i_private.readdir(tsk)
    else:
        names = []
    for name in names:
        child = vfs.child(tsk, d, name)
        if child is not None:  # a /proc/<pid> whose task died meanwhile
            filldir(name, child.i_ino, dt_type(child))
