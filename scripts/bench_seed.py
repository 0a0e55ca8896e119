"""Benchmark of the seed's whole experiment (issue #3): two 512 MiB swap files, a
second login's namespace holding /s2, LTP run with runltp inside a namespace holding
/s1, then `strings -t d` on both files. Prints host wall time (target: under 5 s)
and the peak host RSS.

Run: python scripts/bench_seed.py
"""

from __future__ import annotations

import resource
import time

from swapsh.machine import Machine, MachineOptions

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


def main() -> None:
    t0 = time.perf_counter()
    m = Machine(MachineOptions())
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


if __name__ == "__main__":
    main()
