"""BUG, BUG_ON and WARN_ON (models include/asm-generic/bug.h and lib/bug.c).

A broken invariant is a bug in the model, never an errno. BUG() raises KernelBug,
which kernel code does not catch: it unwinds to where the task entered the kernel
(the syscall gate, the fault path, a kernel thread's entry), and kernel/traps.py
turns it into an oops there, as the ud2 trap turns BUG() into one on x86 (die()).
KernelBug carries where it was raised, as the bug table gives report_bug() the file
and line of a BUG().
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

__all__ = ["BUG", "KernelBug", "bug_on", "source_path"]

_THIS_FILE = os.path.normcase(__file__)
# The tree a "kernel BUG at FILE:LINE!" path is relative to: the one holding swapsh/.
_SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class KernelBug(Exception):
    """A kernel invariant was broken (Linux: BUG()).

    `file` and `line` say where: the code that raised it or called
    BUG()/bug_on() (the bug table's entry), `file` relative to the source tree.
    """

    def __init__(self, msg: str = "") -> None:
        super().__init__(msg)
        f = sys._getframe(1)
        # Skip BUG/bug_on and a subclass's own __init__, to name the code that
        # found the bug.
        while f.f_back is not None and (
            os.path.normcase(f.f_code.co_filename) == _THIS_FILE or f.f_locals.get("self") is self
        ):
            f = f.f_back
        self.file = source_path(f.f_code.co_filename)  # e.g. swapsh/kernel/mm/rmap.py
        self.line = f.f_lineno


def source_path(path: str) -> str:
    """A source file's path as a bug report names it: relative to the tree that
    holds swapsh/ (Linux names mm/rmap.c from the top of its tree)."""
    try:
        rel = os.path.relpath(path, _SOURCE_ROOT)
    except ValueError:  # another drive (Windows)
        return path
    return path if rel.startswith("..") else rel.replace(os.sep, "/")


def BUG(msg: str = "") -> NoReturn:  # Linux's name
    """Linux: BUG(). The caller found its state impossible: an oops.

    `msg` is what the code would printk before its BUG() (as rmap.c prints
    "Eeek! ..."), or empty. Raises: KernelBug, always."""
    raise KernelBug(msg)


def bug_on(cond: object, msg: str) -> None:
    """Linux: BUG_ON(cond). BUG(msg) if cond holds."""
    if cond:
        raise KernelBug(msg)
