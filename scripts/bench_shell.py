"""The shell's speed against issue #12's targets, and against the host's bash:

1. parsing a 10,000-line script (target: under 1 s of host time), beside `bash -n`;
2. a `for ((i=0; i<100000; i++)); do :; done` loop run in the machine (target: under
   2 s), beside the host's bash running it;
3. running a script whose one compound command is 5,000 lines long (it was parsed
   again at every line: quadratic).

Host seconds are measured here, never in tests. Run: python scripts/bench_shell.py
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time

from swapsh.machine import Machine, MachineOptions
from swapsh.userland.sh.parser import parse_next

LOOP = "for ((i=0; i<100000; i++)); do :; done"


def script_10k() -> str:
    lines = []
    for i in range(2500):
        lines += [
            f"if [ $x -eq {i} ]; then",
            f'  echo line {i} "$y" | cat > /dev/null',
            "fi",
            f"y=$((y + {i}))",
        ]
    return "\n".join(lines) + "\n"


def parse_all(text: str) -> float:
    start, pos = time.perf_counter(), 0
    while pos < len(text):
        _, pos, _ = parse_next(text, pos)
    return time.perf_counter() - start


def host_bash(*args: str, stdin: str = "") -> float:
    bash = shutil.which("bash")
    if bash is None:
        return float("nan")
    start = time.perf_counter()
    subprocess.run([bash, "--norc", "--noprofile", *args], input=stdin.encode(), check=False)
    return time.perf_counter() - start


def in_machine(line: str, files: dict[str, tuple[int, bytes]] | None = None) -> float:
    """Host seconds from typing line until the shell reads again."""
    m = Machine(MachineOptions(extra_files=files or {}))
    m.run()
    m.take_output()
    m.type_line(line)
    start = time.perf_counter()
    while not m.run(max_steps=100_000):  # until every task waits: the shell reads
        pass
    took = time.perf_counter() - start
    if not m.waiting_for_input:
        raise SystemExit(f"the machine stopped without reading: {line!r}")
    m.close()
    return took


def main() -> None:
    text = script_10k()
    ours = parse_all(text)
    with tempfile.NamedTemporaryFile("w", suffix=".sh") as f:
        f.write(text)
        f.flush()
        theirs = host_bash("-n", f.name)
    print(
        f"parse a 10,000-line script: {ours:.2f} s (target < 1 s); bash -n: {theirs:.3f} s, "
        f"ratio {ours / theirs:.0f}x"
    )
    ours = in_machine(LOOP)
    theirs = host_bash("-c", LOOP)
    print(
        f"for loop of 100,000 ':' in the machine: {ours:.2f} s (target < 2 s); "
        f"host bash: {theirs:.3f} s, ratio {ours / theirs:.0f}x"
    )
    body = "\n".join(["for i in 1; do"] + [f"  x={i}" for i in range(5000)] + ["done"])
    took = in_machine("bash /long.sh", {"/long.sh": (0o644, body.encode())})
    print(f"a 5,000-line compound command run from a file: {took:.2f} s")


if __name__ == "__main__":
    main()
