"""Replay bash 5.2.15's `test`, `[` and `printf` (tests/golden/sh_test.txt and
sh_printf.txt) and coreutils' /usr/bin/test, /usr/bin/[ and /usr/bin/printf
(coreutils_test.txt, coreutils_printf.txt),
recorded by tests/golden/generator/gen_sh_builtins.py, on the machine.

Each case is typed as `bash -c '<command line>'`, as the recorder ran it, on one
fresh machine per fixture (the cases do not change the machine: each runs in a
shell of its own), from a directory made like the recorder's scratch directory.
Every mismatch is reported, with the case's name.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Session
from tests.userland.test_golden_coreutils import Case, parse_fixture

GOLDEN = Path(__file__).resolve().parent.parent / "golden"

# gen_sh_builtins.py's TEST_SETUP, in a directory of the machine's own
SETUP = [
    "mkdir /golden-sh",
    "cd /golden-sh",
    "mkdir d k",
    "chmod 1777 k",
    "touch f e ro x su sg",
    "/bin/echo -n data > s",
    "chmod 000 ro",
    "chmod 755 x",
    "chmod 4755 su",
    "chmod 2755 sg",
]


def _typed(command: str) -> str:
    """bash -c with the command line in single quotes."""
    return "bash -c '" + command.replace("'", "'\\''") + "'"


def _replay(fixture: str) -> tuple[int, list[str]]:
    """Run every case of a fixture: (number of cases, descriptions of mismatches)."""
    cases: list[Case] = parse_fixture(GOLDEN / f"{fixture}.txt")
    sh = Session()
    try:
        for line in SETUP:
            assert sh.run(line).status == 0, line
        bad = []
        for case in cases:
            r = sh.run(_typed(case.command))
            got = (r.out, r.err, r.status)
            want = (case.stdout, case.stderr, case.status)
            if got != want:
                bad.append(f"{case.name!r}: got {got!r}, want {want!r}")
        return len(cases), bad
    finally:
        sh.m.close()


@pytest.mark.parametrize(
    ("fixture", "least"),
    [
        ("sh_test", 120),
        ("sh_printf", 150),
        ("sh_lang", 40),
        ("coreutils_test", 70),
        ("coreutils_printf", 45),
    ],
)
def test_golden_sh_builtin(fixture: str, least: int) -> None:
    n, bad = _replay(fixture)
    assert n >= least
    assert not bad, f"{len(bad)} of {n} cases differ:\n" + "\n".join(bad)
