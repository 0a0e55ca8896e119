"""libc's strerror table covers every errno the kernel can return."""

from __future__ import annotations

from swapsh.kernel.errno import Errno
from swapsh.userland.errlist import strerror


def test_every_kernel_errno_has_glibcs_text() -> None:
    """But the ERESTART* codes (512 on), which never leave the kernel: glibc has no
    text for them either ("Unknown error 512")."""
    missing = [e.name for e in Errno if e < 512 and strerror(e).startswith("Unknown error")]
    assert not missing, missing
    assert strerror(Errno.ENOSYS) == "Function not implemented"


def test_zero_and_unknown_numbers_read_as_glibc_prints_them() -> None:
    assert strerror(0) == "Success"
    assert strerror(4000) == "Unknown error 4000"
