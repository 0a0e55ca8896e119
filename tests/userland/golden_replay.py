"""Replay tests/golden/<tool>.txt for the text tools (head, tail, wc, grep, hexdump):
a fresh machine per case with the recorder's files made first (see the fixtures'
headers; their cases only read them), each case's stdout sent to a file as the
recorder's was a pipe."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Session
from tests.userland.test_golden_coreutils import (
    Case,
    _pattern,
    parse_fixture,
    run_case,
    run_setup,
)

__all__ = ["GOLDEN", "TEXT_SETUP", "cases_of", "replay"]

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
TEXT_SETUP = [
    "mkdir /d",
    "/bin/echo -ne 'l1\\nl2\\nl3\\nl4\\nl5\\n' > /f",
    "/bin/echo -n abc > /noeol",
    "/bin/echo -ne 'foo\\nbar\\nFoo bar\\nbaz\\n' > /g",
    "/bin/echo -ne 'a\\0b\\nfoo\\n' > /binf",
    "/bin/echo -ne 'a\\nfoo\\nb\\nc\\nfoo\\nd\\ne\\nf\\ng\\nfoo\\n' > /ctx",
    "/bin/echo -ne 'hello world\\n0123456789abcdefXYZ' > /hx",
    "dd if=/dev/zero of=/z bs=100 count=1 status=none",
    "touch /empty",
    "/bin/echo -ne 'h\u00e9llo w\u00f6rld\\n\\tx\\n' > /u",
]


def cases_of(tool: str) -> list[Case]:
    return parse_fixture(GOLDEN / f"{tool}.txt")


def replay(case: Case) -> None:
    """Run one recorded case on a fresh machine and compare all three outputs."""
    sh = Session()
    run_setup(sh, TEXT_SETUP)
    got = run_case(sh, case)
    out, err, status = got
    assert _pattern(case.stdout).fullmatch(out), got
    assert _pattern(case.stderr).fullmatch(err), got
    assert status == case.status, got
