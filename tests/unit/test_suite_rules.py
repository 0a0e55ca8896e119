"""The suite's own rules: no test depends on how fast or busy the host is.

Host time is read in one place, tests/pty_helpers.py, to call a pty session hung
after HANG seconds; everywhere else a test waits for a state and budgets work in
simulated steps, calls or system calls (tests/opcount.py), never in host seconds.
"""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
HOST_TIME = re.compile(
    r"\btime\.(?:time|perf_counter|monotonic|process_time|sleep)\b"
    r"|\bfrom time import\b"
    r"|\bdeadline=(?!None)"
)
ALLOWED = {TESTS / "pty_helpers.py"}


def test_no_test_reads_host_time_or_sleeps() -> None:
    bad = []
    for path in sorted(TESTS.rglob("*.py")):
        if path in ALLOWED or "generator" in path.parts or path == Path(__file__).resolve():
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if HOST_TIME.search(line):
                bad.append(f"{path.relative_to(TESTS)}:{n}: {line.strip()}")
    assert not bad, "\n".join(bad)
