"""The filesystems at boot (models init/do_mounts.c and init/initramfs.c).

mount_root() makes the root filesystem, an ext3 on /dev/sda1, and mounts it at /.
populate_rootfs() then puts userland's files on it, as an installed disk would hold
them: directories, the programs (each a binfmt header naming its entry point) and
configuration files, unpacked in order as initramfs unpacks its archive. What a
distribution's boot scripts do once a directory exists is done when it is made:
proc is mounted on /proc, /dev gets its device nodes (as udev would make them) and
/dev/shm a tmpfs (as fstab mounts it).
"""

from __future__ import annotations

import stat as st
from collections.abc import Iterable
from typing import TYPE_CHECKING

from swapsh.kernel.bug import BUG
from swapsh.kernel.fs.block_dev import BlockDevice
from swapsh.kernel.fs.devices import MKDEV, STATIC_DEVICES
from swapsh.kernel.fs.file import allocate_blocks
from swapsh.kernel.fs.inode import Inode
from swapsh.kernel.fs.namei import PathRef, Vfs
from swapsh.kernel.fs.namespace import VfsMount
from swapsh.kernel.fs.procfs import proc_fill_super
from swapsh.kernel.fs.super import BlockAllocator, SuperBlock
from swapsh.kernel.mm.mm_types import ShmemSbInfo
from swapsh.kernel.mm.shmem import shmem_truncate
from swapsh.kernel.params import PAGE_SIZE

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel
    from swapsh.kernel.task import TaskStruct

__all__ = ["close_root_disk", "mount_root", "populate_rootfs"]

ROOT_DEV = MKDEV(8, 1)  # /dev/sda1
ROOT_RESERVED_BLOCKS = 1024  # the ext3 metadata's share of the disk
TMPFS_ANON_MINOR = 7  # the anonymous device number (0:7) the /dev/shm tmpfs gets
DIR_MODE = 0o755  # of the directories a path needs that the list does not name


def mount_root(k: Kernel) -> None:
    """Linux: mount_root(): the root filesystem, an empty ext3 filling the disk, at /."""
    nblocks = k.config.disk_bytes // PAGE_SIZE
    sb = SuperBlock(
        s_type="ext3",
        s_dev=ROOT_DEV,
        allocator=BlockAllocator.for_disk(nblocks, reserved=ROOT_RESERVED_BLOCKS),
        s_bdev=BlockDevice.for_disk(nblocks),
    )
    vfs = Vfs(root=Inode(i_ino=0, i_mode=0, i_sb=sb), clock=k.wall_seconds, zone=k.zone)
    vfs.shmem_truncate = lambda info, size: shmem_truncate(k, info, size)
    root = vfs.new_inode(sb, st.S_IFDIR | 0o755, k.root_cred)
    root.parent = root
    vfs.root = root
    vfs.mounts.do_new_mount(
        VfsMount(
            mnt_sb=sb, mnt_root=root, mnt_mountpoint=None, mnt_devname="/dev/sda1", mnt_path="/"
        )
    )
    k.vfs = vfs


def close_root_disk(k: Kernel) -> None:
    """The machine is switched off: the root disk's host file goes with it (it was
    never named, so nothing is left behind either way). Safe to call twice."""
    bdev = k.vfs.root.i_sb.s_bdev
    if bdev is not None:
        bdev.close()


def populate_rootfs(k: Kernel, tsk: TaskStruct, files: Iterable[tuple[str, int, bytes]]) -> None:
    """Linux: populate_rootfs(). Put userland's files on the root filesystem.

    Each (path, mode, contents) is created by tsk (root), in order, with the
    directories its path needs (mode 0755 unless listed). A directory's contents are
    ignored; one that already exists is left as it is."""
    for path, mode, data in files:
        parts = path.strip("/").split("/")
        is_dir = st.S_ISDIR(mode)
        cur, prefix = k.vfs.root, ""
        for i, name in enumerate(parts if is_dir else parts[:-1]):
            prefix += "/" + name
            if cur.children is None:
                BUG(f"boot: {prefix} is not a directory")
            nxt = cur.children.get(name)
            if nxt is None:
                named = is_dir and i == len(parts) - 1
                nxt = _mkdir(k, tsk, cur, prefix, st.S_IMODE(mode) if named else DIR_MODE)
            cur = nxt
        if not is_dir:
            _create_file(k.vfs, tsk, cur, parts[-1], mode, data)


def _mkdir(k: Kernel, tsk: TaskStruct, parent: Inode, path: str, mode: int) -> Inode:
    """Make directory path in parent, then what the boot scripts do with it."""
    head, _, name = path.rpartition("/")
    d = k.vfs.create(tsk, PathRef(parent, head or "/"), name, st.S_IFDIR | mode).inode
    if path == "/proc":
        k.vfs.mounts.do_new_mount(
            VfsMount(
                mnt_sb=k.proc.sb,
                mnt_root=proc_fill_super(k.proc),
                mnt_mountpoint=d,
                mnt_devname="proc",
                mnt_path=path,
            )
        )
    elif path == "/dev":
        for dev, (major, minor, dmode) in STATIC_DEVICES.items():
            node = k.vfs.new_inode(d.i_sb, st.S_IFCHR | dmode, tsk.cred)
            node.i_rdev = MKDEV(major, minor)
            if d.children is None:
                BUG("boot: /dev is not a directory")
            d.children[dev] = node
    elif path == "/dev/shm":
        sb = _tmpfs_super(k)
        k.vfs.mounts.do_new_mount(
            VfsMount(
                mnt_sb=sb,
                mnt_root=k.vfs.new_inode(sb, st.S_IFDIR | 0o1777, tsk.cred),
                mnt_mountpoint=d,
                mnt_devname="tmpfs",
                mnt_path=path,
            )
        )
    return d


def _tmpfs_super(k: Kernel) -> SuperBlock:
    """A fresh tmpfs's superblock (shmem_fill_super) with 2.6.25's default size, half
    of RAM (shmem_default_max_blocks: totalram_pages / 2). Its root is mode 1777, as
    mount -t tmpfs gives /dev/shm."""
    blocks = k.zone.managed_pages // 2
    return SuperBlock(
        s_type="tmpfs",
        s_dev=MKDEV(0, TMPFS_ANON_MINOR),
        s_fs_info=ShmemSbInfo(max_blocks=blocks, free_blocks=blocks),
    )


def _create_file(vfs: Vfs, tsk: TaskStruct, d: Inode, name: str, mode: int, data: bytes) -> None:
    """A regular file with contents data, or a symlink to data, in directory d."""
    if d.children is None:
        BUG(f"boot: no directory to create {name} in")
    if st.S_IFMT(mode) == st.S_IFLNK:
        ino = vfs.new_inode(d.i_sb, mode, tsk.cred)
        ino.target = data.decode()
        ino.i_size = len(data)
        d.children[name] = ino
        return
    ino = vfs.new_inode(d.i_sb, st.S_IFREG | (mode & 0o7777), tsk.cred)
    if ino.data is None:
        BUG(f"boot: new file {name} has no data")
    allocate_blocks(ino, 0, len(data))
    ino.data.write(0, data)
    ino.i_size = len(data)
    d.children[name] = ino
