"""BUG_ON and WARN_ON (models include/asm-generic/bug.h).

A broken invariant is a bug in the model, never an errno: KernelBug is not caught
by kernel code, and the front-end shows it as a kernel panic.
"""

from __future__ import annotations

__all__ = ["KernelBug", "bug_on"]


class KernelBug(Exception):
    """A kernel invariant was broken (Linux: BUG())."""


def bug_on(cond: object, msg: str) -> None:
    """Linux: BUG_ON(cond). Raise KernelBug(msg) if cond holds."""
    if cond:
        raise KernelBug(msg)
