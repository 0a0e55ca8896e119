"""bash's `time` keyword on the machine: the simulated clock and getrusage.

Formats recorded from the host's bash 5.2.15 (`bash -c 'time sleep 0.01; time -p
true; TIMEFORMAT="%R|%2U|%lS|%%|%P"; time true; TIMEFORMAT=; time true'`):
"\nreal\t0m0.012s\nuser\t0m0.001s\nsys\t0m0.000s\n", "real 0.00\nuser 0.00\nsys
0.00\n", "0.000|0.00|0m0.000s|%|100.00\n" and nothing. The figures are the
machine's own: its sleeps take exactly their time and its programs' CPU time is
all system time.
"""

from __future__ import annotations

import pytest

from swapsh.userland.sh.time_cmd import Times, format_time
from tests.conftest import Session


@pytest.mark.parametrize(
    ("line", "err"),
    [
        ("time sleep 61", "\nreal\t1m1.000s\nuser\t0m0.000s\nsys\t0m0.000s\n"),
        ("time -p sleep 2 | cat", "real 2.00\nuser 0.00\nsys 0.00\n"),
        ("time", "\nreal\t0m0.000s\nuser\t0m0.000s\nsys\t0m0.000s\n"),
        ("TIMEFORMAT='%R|%2U|%lS|%%|%1lE'; time sleep 1.5", "1.500|0.00|0m0.000s|%|0m1.5s\n"),
        ("TIMEFORMAT=; time sleep 1", ""),
        ("TIMEFORMAT='%x'; time true", "bash: TIMEFORMAT: `x': invalid format character\n"),
    ],
)
def test_time_prints_on_the_shells_stderr(sh: Session, line: str, err: str) -> None:
    r = sh.run(line + " 2>/dev/null")  # the pipeline's redirections are not time's
    assert (r.out, r.err, r.status) == ("", err, 0)


def test_time_counts_the_cpu_time_of_the_pipeline(sh: Session) -> None:
    """memtouch's page faults are kernel work: sys, in whole jiffies (4 ms)."""
    r = sh.run("TIMEFORMAT='%3R %3S'; time memtouch 100M 1 >/dev/null")
    real, sys = (float(x) for x in r.err.split())
    assert 0.008 <= sys <= real, r.err


def test_the_status_is_the_pipelines(sh: Session) -> None:
    assert sh.run("TIMEFORMAT=; time false").status == 1


@pytest.mark.parametrize(
    ("fmt", "times", "text"),
    [
        ("%P", Times(1_000_000, 250_000, 250_000), "50.00"),
        ("%P", Times(0, 0, 0), "0.00"),
        ("%3lR", Times(3_661_234_567, 0, 0), "61m1.235s"),
        ("%0R|%0lR", Times(1_999_600, 0, 0), "2|0m2s"),
        ("%9R", Times(1_234_000, 0, 0), "1.234"),
        ("100%", Times(0, 0, 0), "100%"),
    ],
)
def test_format_time_as_bash(fmt: str, times: Times, text: str) -> None:
    assert format_time(fmt, times) == text
