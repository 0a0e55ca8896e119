"""Fuzz the front-ends: transcript parsing (only TranscriptError, never another
exception), the plain front-end in this process, and the installed `swapsh` fed raw
bytes on stdin and generated lines with -c (a few: a process start is slow)."""

from __future__ import annotations

import contextlib
import io
import random
import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swapsh.frontend.plain import run_plain
from swapsh.machine import Machine
from swapsh.transcript.format import Transcript, TranscriptError, parse
from tests.fuzz.grammar import RandomChooser, gen_line
from tests.fuzz.harness import BAD_TEXTS, FuzzMachine

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)

FRAGMENTS = [
    "  $ echo hi", "  2$ ls /", "  7$ ls", "  $", "  $ ", "  > count=1", "  >", "hi",
    "  hi", "  hi (re)", "  [ (re)", "  * (glob)", "  \\x1 (esc)", "  a (no-eol)",
    "  1$ ^C", "  1$ ^D", "  1$ ^C (after 5 steps)", "  $ x (after -1 steps)",
    "  (login 2)", "  (login 9)", "  (chvt 3)", "  (chvt 70) (after 2 steps)", "#: mem 1M",
    "#: mem 0", "#: mem 1T", "#: seed x", "#: swap-ns off", "#: max-steps 5", "#: bogus",
    "#:", "#", "", "   ", "\t$ x", "  $ \udcff", "  (login 1)",
]  # fmt: skip


@FUZZ
@given(st.binary(max_size=3000))
def test_transcript_parse_raw_bytes(data: bytes) -> None:
    with contextlib.suppress(TranscriptError):
        assert isinstance(parse(data, "fuzz.t"), Transcript)


@FUZZ
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=20))
def test_transcript_parse_fragments(lines: list[str]) -> None:
    data = "\n".join(lines).encode("utf-8", "surrogateescape")
    try:
        assert isinstance(parse(data, "fuzz.t"), Transcript)
    except TranscriptError as e:
        assert "fuzz.t" in str(e)  # every error names the file


def _finite_lines(n: int, seed: int) -> list[str]:
    """Generated lines that come back to the prompt without ^C (run_plain has no
    step budget: an endless command would run for ever, as at a real terminal), and
    that leave the login alive (the plain front-end ends with it)."""
    c = RandomChooser(random.Random(seed))
    fm = FuzzMachine()
    out: list[str] = []
    while len(out) < n:
        line = gen_line(c, long_lines=False)
        boots = fm.boots
        if fm.run_line(line).kind == "ok" and fm.boots == boots:  # the login lives on
            out.append(line)
    return out


def test_plain_front_end_with_generated_lines() -> None:
    lines = _finite_lines(30, seed=6)
    out, err = io.BytesIO(), io.BytesIO()
    status = run_plain(Machine(), lines, out, err)
    text = (out.getvalue() + err.getvalue()).decode("utf-8", "surrogateescape")
    assert 0 <= status <= 255
    assert not [bad for bad in BAD_TEXTS if bad in text], text[-3000:]


SWAPSH = shutil.which("swapsh")


@pytest.mark.skipif(SWAPSH is None, reason="swapsh must be installed (pip install -e .)")
@pytest.mark.parametrize(
    "stdin",
    [
        b"echo a\rb | wc -c\n/bin/echo a\0b\n\xff\xfe\x80 ls\n\x1b[A\x03\x04echo end\n",
        bytes(range(1, 256)).replace(b"\n", b"") + b"\necho end\n",
        b"echo " + b"z" * (1 << 20) + b" | wc -c\n",
        b"'unterminated\n",
    ],
    ids=["controls", "every-byte", "1MB", "open-quote"],
)
def test_installed_swapsh_reads_raw_bytes(stdin: bytes) -> None:
    assert SWAPSH is not None
    # timeout: a safety net so a hang fails instead of stalling CI; no assertion on time
    p = subprocess.run([SWAPSH], input=stdin, capture_output=True, timeout=300, check=False)
    text = (p.stdout + p.stderr).decode("utf-8", "surrogateescape")
    assert 0 <= p.returncode <= 255
    assert not [bad for bad in BAD_TEXTS if bad in text], text[-3000:]


@pytest.mark.skipif(SWAPSH is None, reason="swapsh must be installed (pip install -e .)")
def test_installed_swapsh_dash_c_generated() -> None:
    assert SWAPSH is not None
    # an argv string cannot hold a NUL (execve takes C strings)
    script = "\n".join(_finite_lines(15, seed=5)).replace("\0", "")
    p = subprocess.run([SWAPSH, "-c", script], capture_output=True, timeout=300, check=False)
    text = (p.stdout + p.stderr).decode("utf-8", "surrogateescape")
    assert 0 <= p.returncode <= 255
    assert not [bad for bad in BAD_TEXTS if bad in text], text[-3000:]
