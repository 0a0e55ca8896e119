"""The fuzz campaign's own parts: the endless catalogue's rules, the harness's
classification of lines that outrun the budget, and the failures file that
`scripts/fuzz_campaign.py --replay` reads back."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fuzz.endless import CATALOGUE, is_endless
from tests.fuzz.harness import FuzzMachine
from tests.fuzz.record import Failure, read_failures, write_failure

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("line", CATALOGUE)
def test_catalogue_lines_are_endless(line: str) -> None:
    assert is_endless(line)


@pytest.mark.parametrize(
    "line",
    [
        "cat /etc/passwd",
        "head -c 10 /dev/zero",
        "hexdump -n 16 /dev/urandom",
        "dd if=/dev/zero of=/swapfile bs=1M count=16",
        "cat /dev/zero | head -c 10",
        "cat /dev/urandom | head",  # lines end it: urandom has newlines
        "cat /dev/zero | echo hi",  # nothing reads the pipe: SIGPIPE
        "cat /dev/zero | grep x /etc/passwd",
        "head -c 1G /dev/urandom | wc -c",  # long, but it ends
        "echo hi | cat",
        "echo a#b | cat",
        "bash -c cat",
        "bash --help | cat",
        "cat < /etc/passwd",
        "cat /etc/passwd $x",  # one sure operand: no stdin
        "x=1 cat /etc/passwd # cat",
        "ls /dev/zero",
        "echo cat /dev/zero",
        "sleep 1d",  # simulated time jumps to the timer
        "sleep 99999999999999999999999",
        "sleep 1M",  # no such suffix (lower case only): refused at once (was a KeyError)
        "sleep INF1",
        "tail -f /etc/passwd",  # swapsh's tail refuses to follow
        "free -s 1 -c 2",
        "dmesg -w",  # no /dev/kmsg: prints once
        "tail /etc/passwd",
    ],
)
def test_lines_that_end_by_themselves_are_not_endless(line: str) -> None:
    assert not is_endless(line)


@pytest.mark.parametrize(
    "line",
    [
        "cat /dev/zero | head",  # /dev/zero has no newline: head -n never ends
        "unshare -i cat /dev/zero",
        "'cat' \"/dev/zero\"",
        "true; /bin/cat /dev/urandom && echo x",
        "rm -i /etc/passwd",  # waits for its answer
        "head # comment",  # reads the terminal
        "bash | cat",  # a shell reading the terminal, its prompt not shown
        "wc /dev/full | dd count=1 if=/etc/passwd",  # wc writes at the end: no SIGPIPE
        "source /dev/urandom",  # bash reads the whole file first
        "hexdump /dev/urandom",  # (CATALOGUE has /dev/zero: a step of this costs seconds)
        "cat $1",  # an expansion may leave no operand
        "head ?",  # a glob may match a file named -
    ],
)
def test_endless_through_bounds_wrappers_and_quotes(line: str) -> None:
    assert is_endless(line)


def test_a_long_line_not_in_the_catalogue_overran() -> None:
    """^C ends it, but it is reported apart from the endless ones."""
    fm = FuzzMachine(budget=40)
    o = fm.run_line("head -c 100M /dev/zero | wc -c")
    assert (o.kind, o.failed) == ("overran", False)
    assert fm.run_line("echo still here").output.startswith("still here\n")


def test_the_same_budget_counts_an_endless_line_as_interrupted() -> None:
    fm = FuzzMachine(budget=40)
    assert fm.run_line("cat /dev/zero | wc -c").kind == "interrupted"


@pytest.mark.parametrize("line", ["echo 'a", "echo a |", "echo a &&", "echo a \\"])
def test_a_line_the_shell_wants_completed_is_incomplete(line: str) -> None:
    fm = FuzzMachine()
    o = fm.run_line(line)
    assert (o.kind, o.failed) == ("incomplete", False)
    assert fm.run_line("echo next").output.startswith("next\n")  # ^C cancelled it


def _failure(history: list[str]) -> Failure:
    return Failure(
        case=1, kind="internal", detail="x: internal error: E", worker=0, seed=1000,
        line_no=7, boot_line=3, mem_mib=256, rss_limit_mib=712,
        line="echo 'a\r\udcff\"", minimal="echo \udcff", history=history,
    )  # fmt: skip


def test_failures_file_round_trip() -> None:
    f = io.StringIO()
    fl = _failure(["ls /tmp", "== not a header", "  indented", "line: x"])
    write_failure(f, fl, "f.txt")
    f.write("== overran: worker 0, seed 1000, line 9, 600 steps\n  'memtouch 1G 9'\n\n")
    assert read_failures(f.getvalue()) == [fl]


def test_replay_reproduces_a_recorded_failure(tmp_path: Path) -> None:
    """--replay runs the history and the line on a fresh machine and says whether
    the recorded outcome came back (here a kind the line cannot have: not again)."""
    path = tmp_path / "f.txt"
    with path.open("w", encoding="utf-8") as f:
        fl = _failure(["echo one > /tmp/one"])
        fl.line = fl.minimal = "cat /tmp/one"
        write_failure(f, fl, str(path))
    r = subprocess.run(
        [sys.executable, str(ROOT / "scripts/fuzz_campaign.py"), "--replay", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "case 1: recorded internal, replayed ok ''" in r.stdout
    assert "did NOT reproduce" in r.stdout
    assert r.returncode == 1


def test_the_campaign_figure_prints_every_count(tmp_path: Path) -> None:
    """The final figure has a row for each outcome, zero or not, so a note can quote
    it: lines run, tracebacks, internal errors, hangs, RSS, determinism."""
    r = subprocess.run(
        [sys.executable, str(ROOT / "scripts/fuzz_campaign.py"), "--lines", "20", "--jobs",
         "1", "--determinism", "10", "--failures", str(tmp_path / "f.txt")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    rows = r.stdout.split("== fuzz campaign ==\n", 1)[1].splitlines()
    assert rows[0].startswith("lines run: 20 in ")
    for label in ["tracebacks", 'internal errors ("internal error")', "hangs (not back",
                  "host RSS over the bound", "interrupted (endless", "overran (not in",
                  "incomplete (the shell", "nondeterministic replays (of 2 checks"]:  # fmt: skip
        assert any(row.split(maxsplit=1)[1].startswith(label) for row in rows[1:-2]), label
    assert rows[-2].startswith("host RSS peak (workers): ")
    assert rows[-1].startswith("failures: ")
