"""The mount tree (models fs/namespace.c: struct vfsmount, do_new_mount, lookup_mnt,
/proc/mounts).

There is one mount tree, shared by every task (mount namespaces are not modelled),
and no dentries: a mount covers a directory inode, and the path it was mounted at is
kept beside it for /proc/mounts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from swapsh.kernel.fs.inode import Inode
from swapsh.kernel.fs.super import SuperBlock

__all__ = ["MountTable", "VfsMount", "show_vfsmnt"]


@dataclass(slots=True, eq=False, kw_only=True)
class VfsMount:
    """Linux: struct vfsmount (include/linux/mount.h). Immutable once mounted."""

    mnt_sb: SuperBlock  # the mounted filesystem
    mnt_root: Inode  # its root directory
    mnt_mountpoint: Inode | None  # the directory it covers; None for the root mount
    mnt_devname: str  # the device name /proc/mounts shows
    mnt_path: str  # where it is mounted (d_path of the mountpoint)


@dataclass(slots=True, eq=False, kw_only=True)
class MountTable:
    """Linux: the init mnt_namespace's list and the mount hash table."""

    mnt_list: list[VfsMount] = field(default_factory=list)  # in mount order
    # mountpoint -> the mount covering it. Linux hashes (parent mount, dentry); with one
    # tree and no dentries the covered inode object alone is the key.
    mount_hashtable: dict[Inode, VfsMount] = field(default_factory=dict)

    def do_new_mount(self, mnt: VfsMount) -> None:
        """Linux: do_new_mount() -> graft_tree(): attach mnt where it says. Its root's
        '..' becomes the mountpoint's, so lookup can climb out of it."""
        if mnt.mnt_mountpoint is not None:
            self.mount_hashtable[mnt.mnt_mountpoint] = mnt
            mnt.mnt_root.parent = mnt.mnt_mountpoint.parent
        self.mnt_list.append(mnt)

    def lookup_mnt(self, mountpoint: Inode) -> VfsMount | None:
        """Linux: lookup_mnt(). The mount covering mountpoint, if any."""
        return self.mount_hashtable.get(mountpoint)

    def follow_mount(self, inode: Inode) -> Inode:
        """Linux: follow_mount(). What a path reaching inode sees: the root of what is
        mounted on it, through any mounts stacked there."""
        mnt = self.mount_hashtable.get(inode)
        while mnt is not None:
            inode = mnt.mnt_root
            mnt = self.mount_hashtable.get(inode)
        return inode

    def is_mnt_root(self, inode: Inode) -> bool:
        """Whether inode is the root of a mounted filesystem (IS_ROOT of its dentry)."""
        return any(m.mnt_root is inode for m in self.mnt_list)


def show_vfsmnt(mounts: MountTable) -> str:
    """Linux: show_vfsmnt(), for /proc/mounts: one line per mount, in mount order."""
    return "".join(
        f"{m.mnt_devname} {m.mnt_path} {m.mnt_sb.s_type} rw 0 0\n" for m in mounts.mnt_list
    )
