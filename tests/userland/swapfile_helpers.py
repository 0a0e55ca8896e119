"""Helpers for the util-linux/binutils tests: files made straight through the VFS (an
oracle independent of dd and mkswap) and the bytes a file holds."""

from __future__ import annotations

import stat as st

from swapsh.kernel.fs.file import allocate_blocks
from tests.conftest import Session

FIXED_UUID = "11111111-2222-3333-4444-555555555555"


def _shell_task(sh: Session):  # type: ignore[no-untyped-def]  # a kernel TaskStruct
    return sh.m.console.read_wait.tasks[0]


def make_file(
    sh: Session,
    path: str,
    size: int,
    head: bytes = b"",
    *,
    mode: int = 0o600,
    sparse: bool = False,
    fill: int = 0,
) -> None:
    """Create path with size bytes (blocks allocated unless sparse), head at offset 0,
    every other byte `fill`."""
    k, tsk = sh.kernel, _shell_task(sh)
    d, name = k.vfs.lookup_parent(tsk, path)
    ino = k.vfs.create(tsk, d, name, st.S_IFREG | mode).inode
    if not sparse:
        allocate_blocks(ino, 0, size)
    if fill:
        ino.data.write(0, bytes([fill]) * size)
    ino.data.write(0, head)
    ino.i_size = size


def file_bytes(sh: Session, path: str, off: int = 0, n: int = 4096) -> bytes:
    ino = sh.kernel.vfs.lookup(_shell_task(sh), path).inode
    return ino.data.read(off, min(n, ino.i_size - off))
