"""Panic, taint and the oops bookkeeping (models kernel/panic.c of 2.6.25).

panic() is the end of the machine: it prints "Kernel panic - not syncing: ..." and
raises KernelPanic, which no kernel or userland code catches (a BaseException, as
TaskExit is); the Machine stops and the front-ends show the message. An oops is not a
panic: kernel/traps.py prints it, taints the kernel and kills the task, and the
machine goes on, unless panic_on_oops is set or the task cannot die (init, an
interrupt).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn

from swapsh.kernel.printk import KERN_EMERG, KERN_WARNING

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel

__all__ = [
    "TAINT_BAD_PAGE",
    "TAINT_DIE",
    "KernelPanic",
    "OopsState",
    "add_taint",
    "panic",
    "print_oops_end_marker",
    "print_tainted",
]

# Linux 2.6.25 include/linux/kernel.h: the taint bits, in print_tainted()'s order.
TAINT_PROPRIETARY_MODULE, TAINT_FORCED_MODULE, TAINT_UNSAFE_SMP = 1 << 0, 1 << 1, 1 << 2
TAINT_FORCED_RMMOD, TAINT_MACHINE_CHECK, TAINT_BAD_PAGE = 1 << 3, 1 << 4, 1 << 5
TAINT_USER, TAINT_DIE, TAINT_OVERRIDDEN_ACPI_TABLE = 1 << 6, 1 << 7, 1 << 8
# print_tainted(): each bit's letter, or ' ' (the first bit prints 'G' when clear).
_TAINT_LETTERS = (
    (TAINT_PROPRIETARY_MODULE, "P", "G"),
    (TAINT_FORCED_MODULE, "F", " "),
    (TAINT_UNSAFE_SMP, "S", " "),
    (TAINT_FORCED_RMMOD, "R", " "),
    (TAINT_MACHINE_CHECK, "M", " "),
    (TAINT_BAD_PAGE, "B", " "),
    (TAINT_USER, "U", " "),
    (TAINT_DIE, "D", " "),
    (TAINT_OVERRIDDEN_ACPI_TABLE, "A", " "),
)


class KernelPanic(BaseException):
    """The kernel called panic(): the machine stops. Not an Exception, so that no
    `except Exception` in the kernel or in userland can swallow it."""


@dataclass(slots=True, eq=False, kw_only=True)
class OopsState:
    """Linux: the globals of kernel/panic.c and traps_64.c's die_counter."""

    tainted: int = 0  # TAINT_* bits
    die_counter: int = 0  # oopses so far: __die() prints [die_counter]
    oops_id: int = 0  # the end-of-trace id, drawn once (0: not yet)
    panic_on_oops: int = 0  # the kernel.panic_on_oops sysctl (no /proc/sys here)


def print_tainted(k: Kernel) -> str:
    """Linux: print_tainted(). "Not tainted", or "Tainted: " and a letter per bit."""
    t = k.oops.tainted
    if not t:
        return "Not tainted"
    return "Tainted: " + "".join(on if t & bit else off for bit, on, off in _TAINT_LETTERS)


def add_taint(k: Kernel, flag: int) -> None:
    """Linux: add_taint()."""
    k.oops.tainted |= flag


def print_oops_end_marker(k: Kernel) -> None:
    """Linux: print_oops_end_marker(). "---[ end trace ID ]---".

    The id is random, drawn once per boot (from the machine's seeded randomness),
    so every trace of one boot ends alike, as on 2.6.25."""
    if not k.oops.oops_id:
        k.oops.oops_id = k.rng.getrandbits(64) or 1
    k.printk(KERN_WARNING, f"---[ end trace {k.oops.oops_id:016x} ]---")


def panic(k: Kernel, msg: str) -> NoReturn:
    """Linux: panic(). Print the reason and stop the machine.

    Raises: KernelPanic(msg), always.
    """
    k.printk(KERN_EMERG, f"Kernel panic - not syncing: {msg}")
    raise KernelPanic(msg.rstrip("\n"))
