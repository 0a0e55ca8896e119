"""Benchmark of the paging engine (issue #3): memtouch of 256 MiB, 4 passes, on a
64 MiB machine with a 1 GiB swap file. Prints swapped pages per second
(pswpout + pswpin over host wall time; target 110,000). This machine's speed
varies by up to 15% from minute to minute: run it a few times.

Run: python scripts/bench_paging.py
"""

from __future__ import annotations

import re
import time

from swapsh.machine import Machine, MachineOptions

SETUP = [
    "dd if=/dev/zero of=/swap bs=1M count=1024 2>/dev/null",
    "chmod 600 /swap",
    "mkswap /swap >/dev/null",
    "swapon /swap",
]


def type_and_run(m: Machine, line: str) -> str:
    m.type_line(line)
    m.run()
    return "".join(d.decode() for _, d in m.take_output())


def vmstat(m: Machine) -> dict[str, int]:
    text = type_and_run(m, "cat /proc/vmstat")
    return {k: int(v) for k, v in re.findall(r"^(\w+) (\d+)$", text, re.M)}


def run_once() -> tuple[float, float, int, int]:
    """One run on a fresh machine: (host seconds, CPU seconds, pswpout, pswpin)."""
    m = Machine(MachineOptions(mem_bytes=64 << 20))
    m.take_output()
    for line in SETUP:
        type_and_run(m, line)
    before = vmstat(m)
    t0, c0 = time.perf_counter(), time.process_time()
    out = type_and_run(m, "memtouch 256M 4")
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    after = vmstat(m)
    assert "pass 4: 65536 written, 65536 verified" in out, out
    return (elapsed, cpu, after["pswpout"] - before["pswpout"], after["pswpin"] - before["pswpin"])


def main() -> None:
    elapsed, cpu, pswpout, pswpin = run_once()
    print(f"memtouch 256M 4 on 64M RAM: {elapsed:.2f} s host time ({cpu:.2f} s CPU)")
    print(f"pswpout {pswpout}, pswpin {pswpin}")
    print(f"swapped pages per second: {(pswpout + pswpin) / elapsed:,.0f}   (target 110,000)")


if __name__ == "__main__":
    main()
