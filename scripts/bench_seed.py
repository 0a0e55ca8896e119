"""Benchmark of the seed's whole experiment (issue #3): two 512 MiB swap files, a
second login's namespace holding /s2, LTP run with runltp inside a namespace holding
/s1, then `strings -t d` on both files. Prints host wall time (target: under 5 s)
and the peak host RSS.

Run: python scripts/bench_seed.py [--debug-checks]  (a checked build: it also prints
how many times the kernel checked its invariants and the host time they took)
"""

from __future__ import annotations

import resource
import sys
import time

import swapsh.syscalls.entry
from swapsh.kernel.kernel import Kernel
from swapsh.machine import DEBUG_CHECKS_INTERVAL, Machine, MachineOptions

STEPS = [
    "dd if=/dev/zero of=/s1 bs=1M count=512",
    "dd if=/dev/zero of=/s2 bs=1M count=512",
    "chmod 600 /s1 /s2",
    "mkswap /s1",
    "mkswap /s2",
    "strings /s2",
    "clone64(CLONE_NEWSWAP|CLONE_NEWIPC)",  # login 2
    "swapon /s2",
    "clone64(CLONE_NEWSWAP|CLONE_NEWIPC)",  # login 1
    "swapon /s1",
    "cd $LTPDIR",
    "./runltp -p -l out1 > txt1 2>&1",
    "cat results/out1",
    "exit",
    "strings -t d /s2",
    "strings -t d /s1 > /dev/null",
]


def _timed_checks() -> list[float]:
    """Count the checked build's checks and their host time (a wrapper around them)."""
    spent = [0, 0.0]
    real = swapsh.syscalls.entry.check_all

    def timed(k: Kernel, *, quiescent: bool = True) -> None:
        t = time.perf_counter()
        real(k, quiescent=quiescent)
        spent[0] += 1
        spent[1] += time.perf_counter() - t

    swapsh.syscalls.entry.check_all = timed
    return spent


def main() -> None:
    checked = "--debug-checks" in sys.argv[1:]
    spent = _timed_checks() if checked else []
    t0 = time.perf_counter()
    m = Machine(MachineOptions(debug_checks=DEBUG_CHECKS_INTERVAL if checked else 0))
    out = []
    for line in STEPS:
        m.type_line(line)
        m.run()
        out += [d.decode() for _, d in m.take_output()]
    elapsed = time.perf_counter() - t0
    text = "".join(out)
    assert "Total Failures: 5" in text and "Killed process" in text, text
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"seed experiment: {elapsed:.2f} s host time   (target 5 s)")
    print(f"peak host RSS:   {rss:.0f} MiB")
    if checked:
        print(f"debug checks:    {spent[0]:.0f} runs, {spent[1]:.2f} s host time")


if __name__ == "__main__":
    main()
