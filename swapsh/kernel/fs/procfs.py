"""The proc filesystem (models fs/proc/: root.c, base.c, generic.c; the fixed files
are registered by proc_misc.py).

Every file's text is generated from kernel state when it is opened (as seq_file
does on first read), so /proc always shows the caller's view at that moment.
"""

from __future__ import annotations

import stat as st
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from swapsh.kernel.bug import BUG
from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.fs.file import File, FileOperations, generic_file_llseek
from swapsh.kernel.fs.inode import Inode
from swapsh.kernel.fs.proc_array import proc_pid_stat, proc_pid_status
from swapsh.kernel.fs.proc_misc import proc_misc_init
from swapsh.kernel.fs.super import SuperBlock
from swapsh.kernel.mm.swapfile import proc_swaps_show

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel
    from swapsh.kernel.task import TaskStruct

__all__ = ["ProcEntry", "ProcFileOps", "ProcRoot", "proc_fill_super", "proc_root_init"]

PROC_DEV = 3  # the anonymous device number (0:3) proc's superblock gets at boot

Show = Callable[["TaskStruct"], str]


@dataclass(slots=True, eq=False, kw_only=True)
class ProcEntry:
    """Linux: struct proc_dir_entry for a file: show() gives its text for a reader."""

    show: Show


class ProcFileOps(FileOperations):
    """Reads the text generated at open (private_data)."""

    async def read(self, k: Kernel, f: File, n: int) -> bytes:
        text = f.private_data
        if not isinstance(text, bytes):
            BUG("proc file read without its text")
        out = text[f.f_pos : f.f_pos + n]
        f.f_pos += len(out)
        return out

    async def write(self, k: Kernel, f: File, data: bytes) -> int:
        raise KernelError(Errno.EIO)

    def llseek(self, k: Kernel, f: File, off: int, whence: int) -> int:
        text = f.private_data
        if not isinstance(text, bytes):
            BUG("proc file llseek without its text")
        return generic_file_llseek(f, len(text), off, whence)


def _cmdline(t: TaskStruct) -> str:
    """A zombie has no mm and so no command line."""
    if t.state_char == "Z" or not t.argv:
        return ""
    return "\0".join(t.argv) + "\0"


@dataclass(slots=True, eq=False, kw_only=True)
class ProcPidDir:
    """Linux: /proc/<pid> (proc_pid_lookup / proc_pident_lookup)."""

    root: ProcRoot
    pid: int
    inodes: dict[str, Inode] = field(default_factory=dict)

    def _entries(self) -> dict[str, Show]:
        k = self.root.k
        return {
            "cmdline": lambda _r: _cmdline(k.task_by_pid(self.pid)),
            "stat": lambda _r: proc_pid_stat(k, k.task_by_pid(self.pid)),
            "status": lambda _r: proc_pid_status(k.task_by_pid(self.pid)),
        }

    def readdir(self, tsk: TaskStruct) -> list[str]:
        return list(self._entries())

    def lookup(self, tsk: TaskStruct, name: str) -> Inode | None:
        if self.root.k.find_task(self.pid) is None:
            return None
        show = self._entries().get(name)
        if show is None:
            return None
        if name not in self.inodes:
            self.inodes[name] = self.root.file_inode(ProcEntry(show=show), 0o444)
        return self.inodes[name]


@dataclass(slots=True, eq=False, kw_only=True)
class ProcRoot:
    """Linux: proc_root: fixed entries plus one directory per live task."""

    k: Kernel
    sb: SuperBlock
    root_inode: Inode | None = None  # the mounted root directory, once proc_fill_super ran
    entries: dict[str, Inode] = field(default_factory=dict)  # fixed files and links
    pid_dirs: dict[int, Inode] = field(default_factory=dict)  # cached per pid

    def file_inode(self, entry: ProcEntry, mode: int) -> Inode:
        ino = self.k.vfs.new_inode(self.sb, st.S_IFREG | mode, self.k.root_cred)
        ino.i_private = entry
        ino.data = None
        return ino

    def create(self, name: str, show: Show, mode: int = 0o444) -> None:
        """Linux: create_proc_entry() / proc_create()."""
        self.entries[name] = self.file_inode(ProcEntry(show=show), mode)

    def symlink(self, name: str, target: Callable[[TaskStruct], str]) -> None:
        ino = self.k.vfs.new_inode(self.sb, st.S_IFLNK | 0o777, self.k.root_cred)
        ino.i_private = target
        self.entries[name] = ino

    def readdir(self, tsk: TaskStruct) -> list[str]:
        return [*self.entries, *(str(p) for p in self.k.live_pids())]

    def lookup(self, tsk: TaskStruct, name: str) -> Inode | None:
        ino = self.entries.get(name)
        if ino is not None:
            if ino.is_lnk:
                make_target = ino.i_private
                if not callable(make_target):
                    BUG("proc symlink without a target function")
                ino.target = make_target(tsk)
            return ino
        if not name.isdigit() or self.k.find_task(int(name)) is None:
            return None
        pid = int(name)
        d = self.pid_dirs.get(pid)
        if d is None:
            d = self.k.vfs.new_inode(self.sb, st.S_IFDIR | 0o555, self.k.root_cred)
            d.children = None
            d.i_private = ProcPidDir(root=self, pid=pid)
            d.parent = self.root_inode  # /proc/<pid>/.. is /proc
            self.pid_dirs[pid] = d
        return d


def proc_root_init(k: Kernel) -> ProcRoot:
    """Linux: proc_root_init(): proc's superblock and its fixed entries (the
    filesystem's root directory comes at mount time, from proc_fill_super)."""
    proc = ProcRoot(k=k, sb=SuperBlock(s_type="proc", s_dev=PROC_DEV))
    proc.create("swaps", lambda t: proc_swaps_show(k, t))  # mm/swapfile.c's procswaps_init
    proc_misc_init(k, proc)
    proc.symlink("self", lambda t: str(t.pid))  # base.c's proc_self
    return proc


def proc_fill_super(proc: ProcRoot) -> Inode:
    """Linux: proc_fill_super(): the root directory of the mount, which lists proc_root."""
    k = proc.k
    ino = k.vfs.new_inode(proc.sb, st.S_IFDIR | 0o555, k.root_cred)
    ino.children = None
    ino.i_private = proc
    proc.root_inode = ino
    return ino


def open_proc_file(tsk: TaskStruct, inode: Inode) -> bytes:
    """Generate a proc file's text for the opening task."""
    entry = inode.i_private
    if not isinstance(entry, ProcEntry):
        BUG("open_proc_file of an inode that is no proc entry")
    return entry.show(tsk).encode("utf-8", "surrogateescape")  # names are bytes
