"""Character devices: /dev/null, /dev/zero, /dev/urandom, /dev/tty, /dev/ttyN
(models drivers/char/mem.c, random.c and the tty open path)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.fs.file import File, FileOperations
from swapsh.kernel.fs.inode import zero_bytes
from swapsh.kernel.tty import TtyOps

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel
    from swapsh.kernel.task import TaskStruct

__all__ = ["MKDEV", "STATIC_DEVICES", "chrdev_open"]


def MKDEV(major: int, minor: int) -> int:
    return (major << 8) | minor


# name -> (major, minor, mode): the nodes udev would create for this machine
STATIC_DEVICES: dict[str, tuple[int, int, int]] = {
    "null": (1, 3, 0o666),
    "zero": (1, 5, 0o666),
    "urandom": (1, 9, 0o666),
    "tty": (5, 0, 0o666),
    "console": (5, 1, 0o600),
    **{f"tty{i}": (4, i, 0o620) for i in range(1, 7)},
}


class NullOps(FileOperations):
    def read(self, k: Kernel, f: File, n: int) -> bytes:
        return b""

    def write(self, k: Kernel, f: File, data: bytes) -> int:
        return len(data)

    def llseek(self, k: Kernel, f: File, off: int, whence: int) -> int:
        f.f_pos = 0
        return 0


class ZeroOps(NullOps):
    def read(self, k: Kernel, f: File, n: int) -> bytes:
        k.sched.advance(k.costs.copy_ns_per_kib * n // 1024)
        return zero_bytes(n)


class UrandomOps(NullOps):
    def read(self, k: Kernel, f: File, n: int) -> bytes:
        """Bytes from the machine's seeded generator (never the host's)."""
        k.sched.advance(k.costs.urandom_ns_per_kib * n // 1024)
        # randbytes counts n*8 bits in a C int: a read of 256 MiB or more is drawn in
        # pieces (reads up to a piece give the same bytes as one draw)
        piece = 1 << 20
        return b"".join(k.rng.randbytes(min(piece, n - i)) for i in range(0, n, piece))


def chrdev_open(k: Kernel, tsk: TaskStruct, rdev: int) -> FileOperations:
    """Linux: chrdev_open(). The driver for device number rdev.

    Raises: ENXIO for /dev/tty without a controlling terminal, ENODEV for an
    unknown device number.
    """
    major, minor = rdev >> 8, rdev & 0xFF
    if major == 1:
        ops = {3: NullOps, 5: ZeroOps, 9: UrandomOps}.get(minor)
        if ops is not None:
            return ops()
    if (major, minor) == (5, 0):
        if tsk.tty is None:
            raise KernelError(Errno.ENXIO)
        return TtyOps(tsk.tty)
    if (major, minor) == (5, 1):  # the console: the virtual console on the screen
        return TtyOps(k.ttys[k.active_console])
    if major == 4 and 1 <= minor <= len(k.ttys):
        return TtyOps(k.ttys[minor - 1])
    raise KernelError(Errno.ENODEV)
