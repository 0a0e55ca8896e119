"""Error numbers (models include/asm-generic/errno-base.h and errno.h).

The kernel knows only the numbers; their texts are the C library's
(swapsh/userland/errlist.py), as on Linux.
"""

from __future__ import annotations

from enum import IntEnum

__all__ = ["Errno", "KernelError"]


class Errno(IntEnum):
    """Linux: include/asm-generic/errno-base.h, errno.h (x86_64 numbering)."""

    EPERM = 1
    ENOENT = 2
    ESRCH = 3
    EINTR = 4
    EIO = 5
    ENXIO = 6
    E2BIG = 7
    ENOEXEC = 8
    EBADF = 9
    ECHILD = 10
    EAGAIN = 11
    ENOMEM = 12
    EACCES = 13
    EFAULT = 14
    EBUSY = 16
    EEXIST = 17
    ENODEV = 19
    ENOTDIR = 20
    EISDIR = 21
    EINVAL = 22
    EMFILE = 24
    ENOTTY = 25
    ETXTBSY = 26
    EFBIG = 27
    ENOSPC = 28
    ESPIPE = 29
    EROFS = 30
    EPIPE = 32
    ERANGE = 34
    ENAMETOOLONG = 36
    ENOSYS = 38
    ENOTEMPTY = 39
    ELOOP = 40
    EIDRM = 43
    # include/linux/errno.h: never seen by user space. The syscall exit restarts the
    # call once the signal that interrupted it is dealt with (stopped and continued),
    # or makes it EINTR when the signal is caught (SA_RESTART is not modelled)
    ERESTARTSYS = 512
    ERESTARTNOHAND = 514
    ERESTART_RESTARTBLOCK = 516  # restart through the task's restart_block


class KernelError(Exception):
    """A failed kernel operation: the -errno a Linux function would return."""

    def __init__(self, errno: Errno, why: str = "") -> None:
        super().__init__(errno, errno.name)
        self.errno = errno
        self.why = why  # a short note for traces; never shown as the error text
