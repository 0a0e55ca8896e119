"""Open files and descriptor tables (models include/linux/fs.h struct file,
include/linux/file.h struct files_struct, fs/read_write.c)."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from swapsh.kernel.bug import BUG
from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.fs.inode import Inode, is_zero_buffer, zero_bytes
from swapsh.kernel.mm.filemap import add_to_page_cache_lru
from swapsh.kernel.params import PAGE_SIZE

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel

__all__ = [
    "FMODE_READ",
    "FMODE_WRITE",
    "O_ACCMODE",
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
    "File",
    "FileOperations",
    "FilesStruct",
    "RegularFileOps",
    "write_end",
]

O_RDONLY, O_WRONLY, O_RDWR, O_ACCMODE = 0, 1, 2, 3
O_CREAT, O_EXCL, O_NOCTTY, O_TRUNC, O_APPEND = 0o100, 0o200, 0o400, 0o1000, 0o2000
O_DIRECTORY, O_NOFOLLOW = 0o200000, 0o400000
FMODE_READ, FMODE_WRITE = 1, 2
SEEK_SET, SEEK_CUR, SEEK_END = 0, 1, 2
NR_OPEN = 1024  # RLIMIT_NOFILE default
MAX_LFS_FILESIZE = 0x7FFFFFFFFFFFFFFF


class FileOperations:
    """Linux: struct file_operations. The defaults are what a missing op gives.

    read and write return their result, or, in ops that may sleep (terminals,
    pipes, tmpfs pages coming back from swap), a coroutine of it: the ones that
    never sleep (disk files, /dev/zero) cost no coroutine per call -- dd makes
    hundreds of thousands."""

    def read(self, k: Kernel, f: File, n: int) -> bytes | Awaitable[bytes]:
        raise KernelError(Errno.EINVAL)

    def write(self, k: Kernel, f: File, data: bytes) -> int | Awaitable[int]:
        raise KernelError(Errno.EINVAL)

    def llseek(self, k: Kernel, f: File, off: int, whence: int) -> int:
        raise KernelError(Errno.ESPIPE)

    def release(self, k: Kernel, f: File) -> None:
        """Called when the last reference to the open file goes."""


def generic_file_llseek(f: File, size: int, off: int, whence: int) -> int:
    """Linux: generic_file_llseek()."""
    if whence == SEEK_SET:
        pos = off
    elif whence == SEEK_CUR:
        pos = f.f_pos + off
    elif whence == SEEK_END:
        pos = size + off
    else:
        raise KernelError(Errno.EINVAL)
    if pos < 0 or pos > MAX_LFS_FILESIZE:
        raise KernelError(Errno.EINVAL)
    f.f_pos = pos
    return pos


class RegularFileOps(FileOperations):
    """Regular files on a block filesystem (ext3): page-cache reads and writes, which
    never sleep."""

    def read(self, k: Kernel, f: File, n: int) -> bytes:
        ino = f.f_inode
        if ino.data is None:
            BUG("regular file read of an inode without data")
        n = max(0, min(n, ino.i_size - f.f_pos))
        buf = ino.data.read(f.f_pos, n)
        if n and ino.i_sb.allocator is not None:
            add_to_page_cache_lru(
                k, ino.data, f.f_pos // PAGE_SIZE, (f.f_pos + n - 1) // PAGE_SIZE + 1
            )
        f.f_pos += n
        k.sched.advance(k.costs.copy_ns_per_kib * n // 1024)
        return buf

    def write(self, k: Kernel, f: File, data: bytes) -> int:
        ino = f.f_inode
        if ino.data is None:
            BUG("regular file write of an inode without data")
        if f.f_flags & O_APPEND:
            f.f_pos = ino.i_size
        n = len(data)
        if f.f_pos + n > MAX_LFS_FILESIZE:
            raise KernelError(Errno.EFBIG)
        n = allocate_blocks(ino, f.f_pos, n)
        if n < len(data):
            data = zero_bytes(n) if is_zero_buffer(data) else data[:n]
        ino.data.write(f.f_pos, data)
        if ino.i_sb.allocator is not None:
            add_to_page_cache_lru(
                k, ino.data, f.f_pos // PAGE_SIZE, (f.f_pos + n - 1) // PAGE_SIZE + 1
            )
        return write_end(k, f, n)

    def llseek(self, k: Kernel, f: File, off: int, whence: int) -> int:
        return generic_file_llseek(f, f.f_inode.i_size, off, whence)


def write_end(k: Kernel, f: File, n: int) -> int:
    """Linux: generic_write_end() + file_update_time() after n bytes were written at
    f_pos of a regular file (on disk or tmpfs): the position moves on, the file
    grows to it, its times are stamped, and the copy is charged. Returns: n."""
    ino = f.f_inode
    f.f_pos += n
    ino.i_size = max(ino.i_size, f.f_pos)
    ino.i_mtime = ino.i_ctime = k.wall_seconds()
    k.sched.advance(k.costs.copy_ns_per_kib * n // 1024)
    return n


def allocate_blocks(ino: Inode, pos: int, n: int) -> int:
    """Give the pages under [pos, pos+n) disk blocks (ext3_get_block with create=1).

    Returns: how many of the n bytes have blocks: all, or as many whole pages as the
    disk had room for. Raises: ENOSPC if not even the first byte fits.
    """
    alloc = ino.i_sb.allocator
    if alloc is None or n == 0:
        return n
    data = ino.data
    if data is None:
        BUG("allocate_blocks on an inode without data")
    first, last = pos // PAGE_SIZE, (pos + n - 1) // PAGE_SIZE + 1
    runs = data.blocks.runs
    if runs and runs[-1][0] <= first and last <= runs[-1][0] + runs[-1][2]:
        return n  # inside the last extent: a rewrite or a small append to a block
    written = n
    for start, length in data.blocks.unmapped_in(first, last):
        if length > alloc.nr_free:
            length = alloc.nr_free
            written = min(written, max(0, (start + length) * PAGE_SIZE - pos))
            if length == 0:
                break
        lpos = start
        for ps, pn in alloc.alloc(length):
            data.blocks.insert(lpos, ps, pn)
            lpos += pn
    if written <= 0:
        raise KernelError(Errno.ENOSPC)
    return written


class DirectoryOps(FileOperations):
    """Directories: read() gives EISDIR; entries come from getdents."""

    async def read(self, k: Kernel, f: File, n: int) -> bytes:
        raise KernelError(Errno.EISDIR)

    def llseek(self, k: Kernel, f: File, off: int, whence: int) -> int:
        return generic_file_llseek(f, 0, off, whence)


@dataclass(slots=True, eq=False, kw_only=True)
class File:
    """Linux: struct file."""

    f_op: FileOperations  # immutable
    f_inode: Inode  # immutable
    f_path: str  # the absolute path it was opened by (d_path)
    f_flags: int  # O_* flags; owned by the file
    f_mode: int  # FMODE_READ | FMODE_WRITE
    f_pos: int = 0  # protected by: f_pos_lock (uncontended: one CPU, no preemption)
    f_count: int = 1  # references from descriptor tables
    private_data: object = None  # driver state (procfs text, tty stream)
    stream: int = 1  # for ttys: which host stream the terminal shows this on (1 or 2)


@dataclass(slots=True, eq=False, kw_only=True)
class FilesStruct:
    """Linux: struct files_struct. Owned by one task (CLONE_FILES is not modelled)."""

    fd: list[File | None] = field(default_factory=list)  # index = descriptor

    def get(self, fd: int) -> File:
        """Linux: fget(). Raises: EBADF."""
        if 0 <= fd < len(self.fd):
            f = self.fd[fd]
            if f is not None:
                return f
        raise KernelError(Errno.EBADF)

    def alloc_fd(self, start: int = 0) -> int:
        """Linux: get_unused_fd(): the lowest free descriptor >= start. Raises: EMFILE."""
        for i in range(start, len(self.fd)):
            if self.fd[i] is None:
                return i
        if len(self.fd) >= NR_OPEN or start >= NR_OPEN:
            raise KernelError(Errno.EMFILE)
        i = max(start, len(self.fd))
        self.fd.extend([None] * (i + 1 - len(self.fd)))
        return i

    def install(self, fd: int, f: File) -> None:
        """Linux: fd_install()."""
        if fd >= len(self.fd):
            self.fd.extend([None] * (fd + 1 - len(self.fd)))
        self.fd[fd] = f

    def dup_table(self) -> FilesStruct:
        """Linux: dup_fd() at fork: the child shares every open file."""
        for f in self.fd:
            if f is not None:
                f.f_count += 1
        return FilesStruct(fd=list(self.fd))


def fput(k: Kernel, f: File) -> None:
    """Linux: fput(). Drop one reference; the last one releases the file."""
    f.f_count -= 1
    if f.f_count == 0:
        f.f_op.release(k, f)
        f.f_inode.i_count -= 1
        if f.f_inode.i_count == 0 and f.f_inode.i_nlink == 0:
            k.vfs.evict_if_unused(f.f_inode)
