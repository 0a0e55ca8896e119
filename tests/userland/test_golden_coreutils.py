"""Replay the real coreutils 9.1 outputs in tests/golden/*.txt on the simulated machine.

Each case runs on a fresh machine of its own, after the setup its recorder did (see
each file's header and tests/golden/generator/) and after the earlier cases of its
chain (CHAINS: the recorder ran a file's cases one after another, and some act on what
an earlier one left). A case is run with its stdout redirected to a file, as the
recorder's stdout was a pipe, not a terminal. Cases whose commands the machine does
not have yet are skipped with the missing program named; SKIP lists the cases that can
never match, with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from swapsh.userland.programs import load_all
from swapsh.userland.registry import PROGRAMS
from swapsh.userland.sh.builtins import BUILTINS
from tests.conftest import Session

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
OUT = "/.golden_out"

# The recorder's unrecorded setup steps (generator/gen_core.py, gen_dd.py), with
# printf / cp / ln spelled with the machine's tools.
SETUP: dict[str, list[str]] = {
    "dd": [
        "mkdir /d",
        "/bin/echo -n abc > /three",
        "dd if=/dev/zero of=/t4k bs=4K count=1 status=none",
        "dd if=/dev/zero of=/t4k2 bs=4K count=1 status=none",
        "/bin/echo -n abcdefghij > /ten",
    ],
    "ls": [
        "mkdir -p /lsdir/sub /sortdir /old",
        "cd /lsdir",
        "touch a",
        "/bin/echo -n hello > b",
        "dd if=/dev/zero of=c bs=1048 count=40 status=none",
        "dd if=/dev/zero of=big bs=1M count=512 status=none",
        "cd /sortdir",
        "touch B a _x .hidden Z 10 9 'with space'",
        "mkdir dir",
        "cd /",
    ],
    "cat": [
        "mkdir /d",
        "/bin/echo -ne 'line1\\nline2\\n' > /f1",
        "/bin/echo -ne 'x\\ty\\n\\tz \\n' > /tabs",
        "/bin/echo -n noeol > /noeol",
    ],
    "chmod": ["mkdir /d", "/bin/echo -n x > /f", "chmod 644 /f"],
    "rm": [
        "mkdir /d",
        "/bin/echo -n x > /f",
        "mkdir -p /rd/sub",
        "/bin/echo -n y > /rd/sub/g",
        "mkdir /empty",
    ],
    "touch": ["mkdir /d"],
    "mkdir": ["mkdir /d", "/bin/echo -ne 'line1\\nline2\\n' > /f1"],
    "echo": [],
    "id": [],
    "uname": [],
    "true_false": [],
}

_HOST_ONLY = "records the host kernel's own strings, not a coreutils format"
SKIP: dict[tuple[str, str], str] = {
    ("ls", "-la"): "'..' is the machine's / whose link count and size differ from the "
    "recorder's scratch directory",
    (
        "cat",
        "/proc/swaps with nothing active",
    ): "the machine's /proc/swaps has the 2.6.25 header (kernel format, not cat's)",
    ("echo", "echo hi > /nodir/x"): "bash -c prefixes 'line 1: '; the console shell is interactive",
    ("uname", "cat /proc/sys/kernel/osrelease"): _HOST_ONLY,
    ("uname", "cat /proc/version"): _HOST_ONLY,
    ("true_false", "type true"): "a bash builtin's report, not coreutils",
}
for _c in (
    "-l old dates verbatim (touch -d 2008-05-01 12:34)",
    "-l --time-style=long-iso old dates",
    "-l --full-time old dates",
    "-F",
    "-R",
    "multiple args: file then dirs (headers)",
    "multiple dirs -l",
):
    SKIP[("ls", _c)] = (
        "/old needs symlinks and past mtimes (touch -d); the machine has "
        "no symlink() and only utimes(path, NULL)"
    )

# Cases that act on one file, in the recorder's order: each runs after the ones before
# it in its chain (their output unchecked), so it finds what the recorder's run did.
CHAINS: dict[str, list[list[str]]] = {
    "chmod": [
        [
            "600 silent",
            "mode after 600",
            "u+x",
            "mode after u+x",
            "ls -l after u+x",
            "0600 four digits",
            "-v",
            "-v unchanged",
            "-c changed",
        ]
    ],
    "rm": [
        [
            "file silent",
            "missing file",
            "missing file LC_ALL=C",
            "-v file",
            "as nobody in root-owned dir",
            "as nobody -f in root-owned dir",
        ],
        [
            "directory without -r",
            "-d non-empty directory",
            "-r dir silent",
            "-r missing",
            "-rv dir",
        ],
        ["empty directory without -r", "-d empty directory"],
    ],
    "touch": [["new file silent", "ls of new file", "existing file", "path through a file"]],
    "mkdir": [
        ["new silent", "exists", "exists LC_ALL=C", "several, one fails"],
        ["missing parent", "-p", "-p existing silent"],
    ],
    "dd": [
        ["bs=1M count=512", "size of 512 MiB result"],
        ["seek default truncation", "size after seek (truncated)"],
        ["seek conv=notrunc", "size after seek notrunc"],
        ["seek past end extends", "size after seek past end"],
    ],
}

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
PLACEHOLDERS = {
    "<TIME>": r"(?:[0-9.]+(?:e[-+][0-9]+)? s, (?:[0-9.]+ [kMGTPEZY]?B/s|Infinity B/s))",
    "<DATE>": _MONTH + r" [ 0-9][0-9] [0-9][0-9]:[0-9][0-9]",
    "<UUID>": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
}


@dataclass
class Case:
    fixture: str
    name: str
    command: str
    stdout: str
    stderr: str
    status: int


def _section(lines: list[str], start: int, end: int, label: str) -> str:
    body = lines[start:end]
    marker = f"\\ No newline at end of {label}"
    if body and body[-1] == marker:
        return "\n".join(body[:-1])
    return "".join(line + "\n" for line in body)


def parse_fixture(path: Path) -> list[Case]:
    """The cases of one tests/golden/*.txt file (format: tests/golden/README.md)."""
    text = path.read_text(encoding="utf-8")
    cases = []
    for chunk in text.split("\n### case: ")[1:]:
        lines = chunk.split("\n")
        if lines and lines[-1] == "":
            lines = lines[:-1]
        name, command = lines[0], lines[1][2:]
        i_out, i_err, i_st = (lines.index(f"--- {s}") for s in ("stdout", "stderr", "status"))
        cases.append(
            Case(
                path.stem,
                name,
                command,
                _section(lines, i_out + 1, i_err, "stdout"),
                _section(lines, i_err + 1, i_st, "stderr"),
                int(lines[i_st + 1]),
            )
        )
    return cases


def _available() -> set[str]:
    load_all()
    return set(PROGRAMS) | set(BUILTINS) | {"!"}


def missing_programs(command: str, have: set[str]) -> list[str]:
    """The command names in a (simple) command line that the machine lacks."""
    out = []
    for part in re.split(r"\|\||&&|[|;]", command):
        words = [w for w in part.split() if not re.match(r"^[A-Z_]+=", w)]
        if words:
            name = words[0].rsplit("/", 1)[-1]
            if name not in have and not name.startswith("<"):
                out.append(name)
    return out


def _pattern(expected: str) -> re.Pattern[str]:
    rx = re.escape(expected)
    for ph, sub in PLACEHOLDERS.items():
        rx = rx.replace(re.escape(ph), sub)
    return re.compile(rx, re.S)


def _machine_line(command: str) -> str:
    """What to type: printf spelled with /bin/echo, stdout into a file."""
    command = re.sub(r"\bprintf ", "/bin/echo -ne ", command)
    return f"{command} > {OUT}"


def run_setup(sh: Session, lines: list[str]) -> None:
    """The setup lines as one list joined by && (one prompt, not one per line)."""
    if lines:
        r = sh.run(" && ".join(lines))
        assert r.status == 0, (lines, r)


def run_case(sh: Session, case: Case) -> tuple[str, str, int]:
    """Run case's command as the recorder did (from /, stdout not a terminal):
    (stdout, stderr, status)."""
    sh.type("cd /")
    r = sh.run(_machine_line(case.command))
    out, _, _ = sh.type(f"cat {OUT}")
    return out, r.err, r.status


def earlier_in_chains(case: Case, chains: dict[str, list[list[str]]]) -> list[Case]:
    """The cases before case in its chains, in the fixture's order."""
    names = set()
    for chain in chains.get(case.fixture, []):
        if case.name in chain:
            names.update(chain[: chain.index(case.name)])
    return [c for c in parse_fixture(GOLDEN / f"{case.fixture}.txt") if c.name in names]


def check_chains(chains: dict[str, list[list[str]]]) -> None:
    """Every chain names cases of its fixture in the fixture's order."""
    for fixture, lists in chains.items():
        order = [c.name for c in parse_fixture(GOLDEN / f"{fixture}.txt")]
        for chain in lists:
            assert all(name in order for name in chain), (fixture, chain)
            assert chain == sorted(chain, key=order.index), (fixture, chain)


class FixtureRun:
    """A fresh machine with a fixture's setup done."""

    def __init__(self, fixture: str) -> None:
        self.sh = Session()
        run_setup(self.sh, SETUP[fixture])
        self.uname = (
            {flag: self.sh.run(f"uname -{flag}").out.strip() for flag in "nrv"}
            if fixture == "uname"
            else {}
        )

    def expected(self, fixture: str, text: str) -> str:
        if fixture != "uname":
            return text
        for host, flag in (("6.18.44-fc-v669", "r"), ("#1 SMP PREEMPT_DYNAMIC @0", "v")):
            text = text.replace(host, self.uname[flag])
        return re.sub(r"^vm$|(?<=Linux )vm(?= )", self.uname["n"], text, flags=re.M)


FIXTURES = sorted(SETUP)


SLOW = {("dd", "bs=1024 count=65536 (LTP 64 MiB)")}  # 65536 writes


def _cases() -> Iterator[object]:
    for fixture in FIXTURES:
        for case in parse_fixture(GOLDEN / f"{fixture}.txt"):
            marks = [pytest.mark.slow] if (fixture, case.name) in SLOW else []
            yield pytest.param(case, id=f"{fixture}:{case.name}", marks=marks)


@pytest.mark.parametrize("case", list(_cases()))
def test_golden(case: Case) -> None:
    reason = SKIP.get((case.fixture, case.name))
    if reason:
        pytest.skip(reason)
    missing = missing_programs(_machine_line(case.command).removesuffix(f" > {OUT}"), _available())
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (not on the machine yet)")
    run = FixtureRun(case.fixture)
    for before in earlier_in_chains(case, CHAINS):
        run_case(run.sh, before)
    got = run_case(run.sh, case)
    out, err, status = got
    want = (run.expected(case.fixture, case.stdout), run.expected(case.fixture, case.stderr))
    assert _pattern(want[0]).fullmatch(out), got
    assert _pattern(want[1]).fullmatch(err), got
    assert status == case.status, got


def test_chains_name_cases_in_their_fixtures_order() -> None:
    check_chains(CHAINS)


def test_parser_reads_every_case_of_a_fixture() -> None:
    cases = parse_fixture(GOLDEN / "cat.txt")
    noeol = next(c for c in cases if c.name == "no final newline")
    assert (noeol.stdout, noeol.status) == ("noeol", 0)
    assert next(c for c in cases if c.name == "file").stdout == "line1\nline2\n"
