"""Host time of the fast paths the tests budget in calls (tests/opcount.py), which
tests must not time: a busy host would fail them. Prints milliseconds (median).

1. dd of 512 MiB from /dev/zero; hexdump -C and tail -c / -n of that file; wc -L and
   hexdump of 8 MiB from /dev/urandom (text a character or a line at a time)
2. sleep 1m (a timer: the simulated clock jumps)
3. the shell parser on 100 KB pathological inputs (tests/unit/test_sh_parser.py)

Run: python scripts/bench_hot_paths.py
"""

from __future__ import annotations

import contextlib
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from swapsh.machine import Machine
from swapsh.userland.sh.parser import Incomplete, ShSyntaxError, parse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/, for the inputs
from tests.unit.test_sh_parser import PATHOLOGICAL


def _median_ms(fn: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def _typed(m: Machine, line: str) -> None:
    m.type_line(line)
    m.run()
    m.take_output()


def bench_commands(rounds: int = 5) -> dict[str, float]:
    m = Machine()
    m.take_output()
    _typed(m, "dd if=/dev/zero of=/big bs=1M count=512 status=none")
    _typed(m, "/bin/echo -ne '\\nEND' >> /big")
    _typed(m, "dd if=/dev/urandom of=/rnd bs=1M count=8 status=none")
    lines = {
        "dd 512 MiB": "dd if=/dev/zero of=/s bs=1M count=512 status=none",
        "hexdump -C 512 MiB": "hexdump -C /big > /dev/null",
        "tail -c 3 512 MiB": "tail -c 3 /big",
        "tail -n 1 512 MiB": "tail -n 1 /big",
        "sleep 1m": "sleep 1m",
        "wc -L 8 MiB random": "wc -L /rnd",
        "hexdump 8 MiB random": "hexdump /rnd > /dev/null",
        "hexdump -C 8 MiB random": "hexdump -C /rnd > /dev/null",
    }
    for line in lines.values():  # programs imported
        _typed(m, line)
    return {
        label: _median_ms(lambda cmd=line: _typed(m, cmd), rounds) for label, line in lines.items()
    }


def bench_parser(rounds: int = 3) -> float:
    """The slowest of the pathological inputs, both parse modes."""

    def both(text: str) -> None:
        for at_eof in (False, True):
            with contextlib.suppress(Incomplete, ShSyntaxError):
                parse(text, at_eof=at_eof)

    texts = [head + unit * n + tail for head, unit, n, tail in PATHOLOGICAL]
    return max(_median_ms(lambda t=t: both(t), rounds) for t in texts)


def main() -> None:
    for label, ms in bench_commands().items():
        print(f"{label:24} {ms:8.1f} ms")
    print(f"{'parser, worst 100 KB':24} {bench_parser():8.1f} ms")


if __name__ == "__main__":
    main()
