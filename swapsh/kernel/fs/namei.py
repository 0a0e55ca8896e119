"""Path lookup and directory operations (models fs/namei.c, fs/open.c, fs/attr.c).

The model has no dentry cache: lookup walks inodes and returns the canonical
absolute path beside the inode, which stands in for d_path().
"""

from __future__ import annotations

import stat as st
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from swapsh.kernel.bug import BUG
from swapsh.kernel.cred import Cap, Cred, capable_cred
from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.fs.inode import S_SWAPFILE, FileData, Inode, SyntheticDir
from swapsh.kernel.fs.namespace import MountTable
from swapsh.kernel.fs.super import SuperBlock
from swapsh.kernel.mm.mm_types import ShmemInodeInfo, ShmemSbInfo
from swapsh.kernel.mm.shmem import shmem_aops
from swapsh.kernel.mm.truncate import truncate_inode_pages
from swapsh.kernel.params import PAGE_SIZE

if TYPE_CHECKING:
    from swapsh.kernel.mm.page_alloc import Zone
    from swapsh.kernel.task import TaskStruct

__all__ = [
    "MAY_EXEC",
    "MAY_READ",
    "MAY_WRITE",
    "PathRef",
    "Vfs",
    "inode_permission",
]

MAY_EXEC, MAY_WRITE, MAY_READ = 1, 2, 4
PATH_MAX = 4096
NAME_MAX = 255
MAXSYMLINKS = 40


@dataclass(frozen=True, slots=True)
class PathRef:
    """An inode with the absolute path it was reached by (struct path + d_path)."""

    inode: Inode
    path: str


def inode_permission(cred: Cred, inode: Inode, mask: int) -> None:
    """Linux: generic_permission() with CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH.

    Raises: EACCES.
    """
    mode = inode.i_mode
    if capable_cred(cred, Cap.CAP_DAC_OVERRIDE):
        # Even root needs one x bit to execute a non-directory.
        if mask & MAY_EXEC and not inode.is_dir and not mode & 0o111:
            raise KernelError(Errno.EACCES)
        return
    if cred.euid == inode.i_uid:
        bits = (mode >> 6) & 7
    elif inode.i_gid in (cred.egid, *cred.groups):
        bits = (mode >> 3) & 7
    else:
        bits = mode & 7
    if mask & ~bits & 7:
        raise KernelError(Errno.EACCES)


@dataclass(slots=True, eq=False, kw_only=True)
class Vfs:
    """The mount tree: the root filesystem and what is mounted where."""

    root: Inode  # "/" of the root filesystem
    mounts: MountTable = field(default_factory=MountTable)  # what is mounted where
    clock: object = None  # callable giving the simulated time in seconds
    zone: Zone | None = None  # whose page cache holds file pages
    # tmpfs's truncate (shmem_truncate with the kernel behind it), set at boot
    shmem_truncate: Callable[[ShmemInodeInfo, int], None] | None = None

    def time(self) -> int:
        return self.clock() if callable(self.clock) else 0

    # -- inode creation -------------------------------------------------------------
    def new_inode(self, sb: SuperBlock, mode: int, cred: Cred) -> Inode:
        """Linux: new_inode() plus the fs's own fields for the inode's type."""
        t = self.time()
        ino = Inode(
            i_ino=sb.next_ino,
            i_mode=mode,
            i_uid=cred.euid,
            i_gid=cred.egid,
            i_sb=sb,
            i_atime=t,
            i_mtime=t,
            i_ctime=t,
        )
        sb.next_ino += 1
        if st.S_ISDIR(mode):
            ino.children = {}
            ino.i_nlink = 2
            ino.i_size = PAGE_SIZE
        elif st.S_ISREG(mode) and sb.s_type == "tmpfs":
            sbinfo = sb.s_fs_info if isinstance(sb.s_fs_info, ShmemSbInfo) else None
            ino.i_private = ShmemInodeInfo(
                name=f"tmpfs ino {ino.i_ino}", size=0, a_ops=shmem_aops, sbinfo=sbinfo
            )
        elif st.S_ISREG(mode):
            ino.data = FileData(bdev=sb.s_bdev)
        return ino

    # -- lookup -------------------------------------------------------------------------
    def lookup(self, tsk: TaskStruct, path: str, *, follow: bool = True) -> PathRef:
        """Linux: path_lookup(). Resolve path for tsk.

        Raises: ENOENT, ENOTDIR, EACCES (search permission), ELOOP, ENAMETOOLONG.
        """
        return self._walk(tsk, path, follow, 0)

    def lookup_parent(self, tsk: TaskStruct, path: str) -> tuple[PathRef, str]:
        """Resolve all but the last component. Returns (directory, last name).

        Raises: as lookup; ENOENT for an empty path. The last name may be "." or "..".
        """
        if not path:
            raise KernelError(Errno.ENOENT)
        if len(path) >= PATH_MAX:
            raise KernelError(Errno.ENAMETOOLONG)
        stripped = path.rstrip("/")
        if not stripped:
            return PathRef(self.root, "/"), "."
        head, _, last = stripped.rpartition("/")
        if "/" not in stripped:
            head = "."
        elif not head:
            head = "/"
        d = self._walk(tsk, head, True, 0)
        if not d.inode.is_dir:
            raise KernelError(Errno.ENOTDIR)
        if len(last) > NAME_MAX:
            raise KernelError(Errno.ENAMETOOLONG)
        return d, last

    def _walk(self, tsk: TaskStruct, path: str, follow: bool, depth: int) -> PathRef:
        if not path:
            raise KernelError(Errno.ENOENT)
        if len(path) >= PATH_MAX:
            raise KernelError(Errno.ENAMETOOLONG)
        if path.startswith("/"):
            cur = PathRef(self.root, "/")
        else:
            cur = PathRef(tsk.fs.cwd, tsk.fs.cwd_path)
        parts = [p for p in path.split("/") if p]
        # A trailing slash asks for a directory: the last symlink is followed, as
        # link_path_walk's LOOKUP_FOLLOW | LOOKUP_DIRECTORY (`ls -l /proc/self/`).
        follow = follow or path.endswith("/")
        for i, name in enumerate(parts):
            last = i == len(parts) - 1
            if not cur.inode.is_dir:
                raise KernelError(Errno.ENOTDIR)
            inode_permission(tsk.cred, cur.inode, MAY_EXEC)
            nxt = self._step(tsk, cur, name)
            if nxt.inode.is_lnk and (follow or not last):
                if depth >= MAXSYMLINKS:
                    raise KernelError(Errno.ELOOP)
                target = nxt.inode.target or ""
                base = cur if not target.startswith("/") else PathRef(self.root, "/")
                saved = tsk.fs.cwd, tsk.fs.cwd_path
                tsk.fs.cwd, tsk.fs.cwd_path = base.inode, base.path
                try:
                    nxt = self._walk(tsk, target, True, depth + 1)
                finally:
                    tsk.fs.cwd, tsk.fs.cwd_path = saved
            cur = nxt
        if path.endswith("/") and not cur.inode.is_dir:
            raise KernelError(Errno.ENOTDIR)
        return cur

    def _step(self, tsk: TaskStruct, cur: PathRef, name: str) -> PathRef:
        if len(name) > NAME_MAX:
            raise KernelError(Errno.ENAMETOOLONG)
        if name == ".":
            return cur
        if name == "..":
            if cur.inode is self.root:
                return cur
            inode = cur.inode
            up = inode.parent or self.root
            return PathRef(up, cur.path.rsplit("/", 1)[0] or "/")
        child = self.child(tsk, cur.inode, name)
        if child is None:
            raise KernelError(Errno.ENOENT)
        return PathRef(self.mounts.follow_mount(child), cur.path.rstrip("/") + "/" + name)

    def child(self, tsk: TaskStruct, d: Inode, name: str) -> Inode | None:
        """Linux: d_lookup(), then i_op->lookup() for a synthetic directory (procfs).
        One entry of d, as it is on d's own filesystem (mounts are not crossed)."""
        if d.children is not None:
            return d.children.get(name)
        if isinstance(d.i_private, SyntheticDir):
            return d.i_private.lookup(tsk, name)
        return None

    # -- directory operations ---------------------------------------------------------------
    def create(self, tsk: TaskStruct, d: PathRef, name: str, mode: int) -> PathRef:
        """Linux: vfs_create() / vfs_mkdir() in a real (not synthetic) directory.

        Raises: EACCES, EROFS for synthetic filesystems, EEXIST.
        """
        if d.inode.children is None:
            raise KernelError(Errno.EACCES if d.inode.i_sb.s_type == "proc" else Errno.EROFS)
        inode_permission(tsk.cred, d.inode, MAY_WRITE | MAY_EXEC)
        if name in d.inode.children or name in (".", ".."):
            raise KernelError(Errno.EEXIST)
        ino = self.new_inode(d.inode.i_sb, mode, tsk.cred)
        d.inode.children[name] = ino
        if ino.is_dir:
            ino.parent = d.inode
            d.inode.i_nlink += 1
        d.inode.i_mtime = d.inode.i_ctime = self.time()
        return PathRef(ino, d.path.rstrip("/") + "/" + name)

    def may_delete(self, tsk: TaskStruct, d: PathRef, name: str) -> Inode:
        """Linux: may_delete(). Returns the victim inode.

        Raises: ENOENT, EACCES, EPERM (sticky directory), EBUSY (mount point), EROFS.
        """
        if d.inode.children is None:
            raise KernelError(Errno.EACCES if d.inode.i_sb.s_type == "proc" else Errno.EROFS)
        victim = d.inode.children.get(name)
        if victim is None:
            raise KernelError(Errno.ENOENT)
        inode_permission(tsk.cred, d.inode, MAY_WRITE | MAY_EXEC)
        c = tsk.cred
        if (
            d.inode.i_mode & st.S_ISVTX
            and c.euid not in (victim.i_uid, d.inode.i_uid)
            and not capable_cred(c, Cap.CAP_FOWNER)
        ):
            raise KernelError(Errno.EPERM)
        if self.mounts.lookup_mnt(victim) is not None:
            raise KernelError(Errno.EBUSY)
        return victim

    def unlink(self, tsk: TaskStruct, path: str) -> Inode:
        """Linux: do_unlinkat(). Returns the unlinked inode.

        Raises: EISDIR (a directory), and what may_delete raises.
        """
        d, name = self.lookup_parent(tsk, path)
        if name in (".", ".."):
            raise KernelError(Errno.EISDIR)
        victim = self.may_delete(tsk, d, name)
        if victim.is_dir:
            raise KernelError(Errno.EISDIR)
        if d.inode.children is None:
            BUG("unlink in a directory without entries")
        del d.inode.children[name]
        victim.i_nlink -= 1
        victim.i_ctime = d.inode.i_mtime = self.time()
        return victim

    def rmdir(self, tsk: TaskStruct, path: str) -> None:
        """Linux: do_rmdir().

        Raises: EINVAL for '.', ENOTEMPTY for '..' or a non-empty directory, ENOTDIR.
        """
        d, name = self.lookup_parent(tsk, path)
        if name == ".":
            raise KernelError(Errno.EINVAL)
        if name == "..":
            raise KernelError(Errno.ENOTEMPTY)
        victim = self.may_delete(tsk, d, name)
        if not victim.is_dir:
            raise KernelError(Errno.ENOTDIR)
        if victim.children:
            raise KernelError(Errno.ENOTEMPTY)
        if d.inode.children is None:
            BUG("rmdir in a directory without entries")
        del d.inode.children[name]
        victim.i_nlink = 0
        d.inode.i_nlink -= 1
        d.inode.i_mtime = self.time()

    def chmod(self, tsk: TaskStruct, ref: PathRef, mode: int) -> None:
        """Linux: sys_chmod() -> notify_change(). Only the owner or CAP_FOWNER.

        Raises: EPERM, EROFS (procfs).
        """
        ino = ref.inode
        if ino.i_sb.s_type == "proc":
            raise KernelError(Errno.EPERM if tsk.cred.euid != ino.i_uid else Errno.EROFS)
        if tsk.cred.euid != ino.i_uid and not capable_cred(tsk.cred, Cap.CAP_FOWNER):
            raise KernelError(Errno.EPERM)
        ino.i_mode = (ino.i_mode & ~0o7777) | (mode & 0o7777)
        ino.i_ctime = self.time()

    def evict_if_unused(self, ino: Inode) -> None:
        """Linux: iput_final() -> ext3_delete_inode(): an inode with no names and no
        open files gives its blocks back."""
        if (
            ino.i_nlink == 0
            and ino.i_count == 0
            and (ino.data is not None or isinstance(ino.i_private, ShmemInodeInfo))
        ):
            ino.i_flags = 0
            self.truncate(ino, 0)

    def truncate(self, ino: Inode, size: int) -> None:
        """Linux: do_truncate() -> ext3_truncate(). Frees blocks past the new size.

        Raises: ETXTBSY when shrinking an active swap file (2.6.25 vmtruncate).
        """
        if ino.i_flags & S_SWAPFILE and size < ino.i_size:
            raise KernelError(Errno.ETXTBSY)
        if isinstance(ino.i_private, ShmemInodeInfo) and self.shmem_truncate is not None:
            self.shmem_truncate(ino.i_private, size)  # tmpfs: shmem_truncate_range
            ino.i_size = size
            ino.i_mtime = ino.i_ctime = self.time()
            return
        data = ino.data
        if data is None:
            return
        if self.zone is not None:
            truncate_inode_pages(self.zone, data, (size + PAGE_SIZE - 1) // PAGE_SIZE)
        alloc = ino.i_sb.allocator
        for ps, n in data.truncate(size):
            if alloc is not None:
                alloc.release(ps, n)
        ino.i_size = size
        ino.i_mtime = ino.i_ctime = self.time()
