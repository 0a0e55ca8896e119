"""The syscall table: every call userland can make, how completely it is modelled,
and where it lives (models arch/x86/kernel/syscall_table_64, with gVisor's habit of
declaring support per call). `sim syscalls` prints it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

__all__ = ["PARTIAL", "SUPPORTED", "SYSCALLS", "Support", "Syscall", "syscall"]


class Support(Enum):
    SUPPORTED = "supported"
    PARTIAL = "partial"


SUPPORTED, PARTIAL = Support.SUPPORTED, Support.PARTIAL


@dataclass(frozen=True, slots=True)
class Syscall:
    name: str
    fn: Callable[..., Any]  # (kernel, task, *args) -> value, or a coroutine of it
    is_async: bool  # whether fn may sleep (then it may return a coroutine)
    support: Support
    note: str


SYSCALLS: dict[str, Syscall] = {}


def syscall(
    name: str, support: Support = SUPPORTED, note: str = "", *, sleeps: bool = False
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register fn as the system call `name`."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        SYSCALLS[name] = Syscall(name, fn, sleeps, support, note)
        return fn

    return register
