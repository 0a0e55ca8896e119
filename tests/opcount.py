"""Host work as a count, not a time: the function calls (Python and C) made inside a
block, or the system calls programs make. Counts depend on the code and its input,
not on how fast or busy the host is, so tests can budget them; tests never assert
host seconds (scripts/ benchmarks time things).

Work done inside one C call (a regex scan, a bytes copy) counts once, whatever its
size: call budgets catch Python-level loops over pages, lines or characters, which is
where swapsh's fast paths live (scripts/bench_hot_paths.py times the same commands).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from swapsh.syscalls.entry import Gate

__all__ = ["Calls", "count_calls", "syscalls"]


class Calls:
    """The number of calls counted so far (read it after the block)."""

    def __init__(self) -> None:
        self.n = 0

    def _profile(self, _frame: FrameType, event: str, _arg: object) -> None:
        if event == "call" or event == "c_call":
            self.n += 1


@contextmanager
def count_calls() -> Iterator[Calls]:
    """Count the calls made in this thread inside the with block."""
    calls = Calls()
    old = sys.getprofile()
    sys.setprofile(calls._profile)
    try:
        yield calls
    finally:
        sys.setprofile(old)


@contextmanager
def syscalls(gate: Gate) -> Iterator[list[tuple[str, tuple[Any, ...], Any]]]:
    """Record every system call made through gate inside the block, as
    (name, arguments, return value): what a program asked of the kernel, which
    does not depend on the host."""
    log: list[tuple[str, tuple[Any, ...], Any]] = []
    real = gate.call

    async def call(name: str, *args: Any) -> Any:
        ret = await real(name, *args)
        log.append((name, args, ret))
        return ret

    gate.call = call  # type: ignore[method-assign]
    try:
        yield log
    finally:
        del gate.call
