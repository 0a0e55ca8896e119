"""Benchmarks of issue #2's targets; prints its figures.

1. dd of 512 MiB from /dev/zero + mkswap + strings on that file, host time (target 50 ms)
2. time to the first prompt of the installed `swapsh` on a pty (target 200 ms)
3. host RSS with two 512 MiB swap files made (target 80 MiB)

Run: python scripts/bench_foundation.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

RSS_PROBE = r"""
import resource
from swapsh.machine import Machine
m = Machine()
for f in ("/s1", "/s2"):
    for line in (f"dd if=/dev/zero of={f} bs=1M count=512", f"chmod 600 {f}", f"mkswap {f}"):
        m.type_line(line)
        m.run()
        m.take_output()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def bench_commands(rounds: int = 5) -> dict[str, float]:
    from swapsh.machine import Machine

    results: dict[str, list[float]] = {}
    for _ in range(rounds):
        m = Machine()
        m.take_output()
        for label, line in (
            ("dd", "dd if=/dev/zero of=/s2 bs=1M count=512"),
            ("mkswap", "mkswap /s2"),
            ("strings", "strings -t d /s2"),
        ):
            t0 = time.perf_counter()
            m.type_line(line)
            m.run()
            results.setdefault(label, []).append(time.perf_counter() - t0)
            m.take_output()
    return {k: statistics.median(v) * 1000 for k, v in results.items()}


def bench_first_prompt(rounds: int = 7) -> float:
    import os
    import shutil

    import pexpect

    exe = shutil.which("swapsh")
    if exe is None:
        raise SystemExit("swapsh is not installed: python3 -m pip install .")
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        child = pexpect.spawn(
            exe,
            env={
                "TERM": "xterm",
                "PROMPT_TOOLKIT_NO_CPR": "1",
                "PATH": os.environ.get("PATH", ""),
                "HOME": "/tmp",
            },
            timeout=10,
        )
        child.expect_exact("root@swapsh:~#")
        times.append(time.perf_counter() - t0)
        child.sendeof()
        child.expect(pexpect.EOF)
    return statistics.median(times) * 1000


def bench_rss() -> float:
    out = subprocess.run(
        [sys.executable, "-c", RSS_PROBE], capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def main() -> None:
    cmds = bench_commands()
    total = sum(cmds.values())
    print(f"dd 512 MiB   {cmds['dd']:7.1f} ms")
    print(f"mkswap       {cmds['mkswap']:7.1f} ms")
    print(f"strings -t d {cmds['strings']:7.1f} ms")
    print(f"total        {total:7.1f} ms   (target 50 ms)")
    print(
        f"first prompt {bench_first_prompt():7.1f} ms   (target 200 ms, installed swapsh on a pty)"
    )
    print(f"host RSS     {bench_rss():7.1f} MiB  (target 80 MiB, two 512 MiB swap files made)")


if __name__ == "__main__":
    main()
