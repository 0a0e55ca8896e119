"""Fuzz the shell and its programs with generated lines (CI's bounded slice of
scripts/fuzz_campaign.py): no traceback, no internal error, no panic Linux would not
print, back at the prompt within the step budget, host memory bounded."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.endless import CATALOGUE
from tests.fuzz.grammar import RandomChooser, command_lines, gen_line
from tests.fuzz.harness import FuzzMachine, rss_bytes

MEM = 256 << 20
# issue #11's bound on the host: 2x the simulated RAM + 200 MiB, over what the test
# process held before (pytest, hypothesis, the modules)
RSS_LIMIT = rss_bytes() + 2 * MEM + (200 << 20)

FUZZ = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,  # CI runs the same examples every time
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)


def _check(lines: list[str]) -> None:
    fm = FuzzMachine(mem_bytes=MEM, rss_limit=RSS_LIMIT)
    for line in lines:
        o = fm.run_line(line)
        assert not o.failed, f"{o.kind}: {o.detail}\nline: {line!r}\n{o.output[-2000:]}"


@FUZZ
@given(st.lists(command_lines(), min_size=1, max_size=3))
@pytest.mark.slow
def test_generated_lines(lines: list[str]) -> None:
    _check(lines)


def test_seeded_campaign_slice() -> None:
    """200 lines of the campaign's own generator (seed 0), one machine throughout, as
    the campaign drives it."""
    c = RandomChooser(random.Random(0))
    _check([gen_line(c, long_lines=False) for _ in range(200)])


@pytest.mark.parametrize(
    "line",
    [
        "echo " + "a" * (1 << 20),
        "x" * (1 << 20),
        "echo " + " ".join(["w"] * (1 << 16)) + " | wc -w",  # 128 KiB: words cost more
        "echo '" + "b" * (1 << 20),
        "echo " + "\udcff\x01\x7f" * (1 << 18),
    ],
    ids=["echo-1MB", "word-1MB", "many-words", "open-quote", "raw-bytes"],
)
@pytest.mark.slow
def test_one_megabyte_lines(line: str) -> None:
    _check([line, "echo after"])


@pytest.mark.parametrize("line", CATALOGUE)
@pytest.mark.slow
def test_endless_commands_are_interrupted(line: str) -> None:
    """Each rule of the endless catalogue: the line runs past its budget, ^C brings
    the prompt back within the budget, and the login goes on. (A budget of 20 steps,
    not the campaign's 600: a step of `dd if=/dev/zero of=/dev/null` is thousands of
    system calls, and what is checked is the same at any budget.)"""
    fm = FuzzMachine(mem_bytes=MEM, budget=20)
    o = fm.run_line(line)
    assert (o.kind, o.detail) == ("interrupted", "^C")
    assert fm.run_line("echo still here").output.startswith("still here\n")
