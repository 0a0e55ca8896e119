"""Replay tests/golden/<tool>.txt for the text tools (head, tail, wc, grep, hexdump):
one machine per fixture with the recorder's files made first (see the fixtures'
headers), each case's stdout sent to a file as the recorder's was a pipe."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Session
from tests.userland.test_golden_coreutils import OUT, Case, _machine_line, _pattern, parse_fixture

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
_RUNS: dict[str, Session] = {}


def cases_of(tool: str) -> list[Case]:
    return parse_fixture(GOLDEN / f"{tool}.txt")


def replay(case: Case) -> None:
    """Run one recorded case on the fixture's machine and compare all three outputs."""
    sh = _RUNS.get(case.fixture)
    if sh is None:
        sh = _RUNS[case.fixture] = Session()
        for line in TEXT_SETUP:
            r = sh.run(line)
            assert r.status == 0, (line, r)
    sh.type("cd /")
    r = sh.run(_machine_line(case.command))
    out, _, _ = sh.type(f"cat {OUT}")
    got = (out, r.err, r.status)
    assert _pattern(case.stdout).fullmatch(out), got
    assert _pattern(case.stderr).fullmatch(r.err), got
    assert r.status == case.status, got
