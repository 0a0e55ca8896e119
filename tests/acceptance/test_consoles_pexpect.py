"""Virtual consoles in the installed `swapsh`, as a person uses them on a terminal
(pexpect): console keys, separate screens and histories, chvt, a job that goes on on
another console, kernel messages on the console on the screen, and `-c` scripts."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pexpect  # type: ignore[import-untyped]
import pytest

from tests.acceptance.test_interactive_pexpect import PS1, drawn, finish
from tests.pty_helpers import HANG, accepted, wait_for_job_mode

pytestmark = [
    pytest.mark.slow,  # long sessions, jobs running
    pytest.mark.skipif(
        shutil.which("swapsh") is None, reason="swapsh is not installed (pip install -e .)"
    ),
]

ALT_F1, ALT_F2 = "\x1b[1;3P", "\x1b[1;3Q"  # as xterm sends them
CLEAR = "\x1b[H\x1b[2J"
UP = "\x1b[A"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path


def spawn(home: Path, *args: str, cpr: bool = False) -> pexpect.spawn:
    """swapsh on a 24x100 xterm; cpr: the test answers cursor-position requests."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "PROMPT_TOOLKIT_NO_CPR")}
    env.update({"TERM": "xterm-256color", "HOME": str(home)})
    if not cpr:
        env["PROMPT_TOOLKIT_NO_CPR"] = "1"
    child = pexpect.spawn(
        "swapsh", list(args), env=env, timeout=HANG, encoding="utf-8", dimensions=(24, 100)
    )
    child.logfile_read = io.StringIO()
    return child


def test_two_consoles_keep_their_own_screen_and_history(home: Path) -> None:
    child = spawn(home)
    child.expect(PS1)
    child.send("echo first on one\r")
    accepted(child)  # not the line as typed
    child.expect_exact("first on one")
    child.expect(PS1)
    child.send(ALT_F2)
    child.expect_exact(CLEAR)
    child.expect(PS1)
    child.send("echo first on two\r")
    accepted(child)  # not the line as typed
    child.expect_exact("first on two")
    child.expect(PS1)
    child.send(UP)  # tty2's history: its own line ("echo" is highlighted)
    child.expect_exact("\x1b[0m first on two")
    child.send("\r")
    child.expect_exact("first on two")
    child.expect(PS1)
    child.send(ALT_F1)
    child.expect_exact(CLEAR)
    child.expect_exact("first on one")  # tty1's screen, redrawn
    child.expect(PS1)
    child.send(UP)
    child.expect_exact("\x1b[0m first on one")
    child.send("\r")
    child.expect_exact("first on one")
    child.expect(PS1)
    child.send("tty\r")
    child.expect_exact("/dev/tty1")
    child.expect(PS1)
    child.send("exit 4\r")
    assert finish(child) == 4
    screen_of_one = drawn(child).rsplit(CLEAR, 1)[-1]
    assert "two" not in screen_of_one


def test_chvt_switches_and_the_status_line_names_the_console(home: Path) -> None:
    """The status line is prompt_toolkit's bottom toolbar, drawn once the terminal
    has answered a cursor-position request (here the test answers them)."""
    child = spawn(home, cpr=True)
    for expected in ("tty1", "tty2"):
        child.expect_exact("\x1b[6n")
        child.send("\x1b[1;1R")
        child.expect_exact(f" {expected}  (Alt-F1..F6")
        if expected == "tty1":
            child.send("chvt 2\r")
            child.expect_exact(CLEAR)
    child.send("tty\r")
    child.expect_exact("/dev/tty2")
    child.expect_exact("\x1b[6n")
    child.send("\x1b[1;1R")
    child.send("exit\r")
    child.expect_exact("logout")
    assert finish(child) == 0


def test_a_job_goes_on_on_another_console_and_its_oom_shows_on_this_one(home: Path) -> None:
    """On tty2 a job runs for a while, then is OOM-killed; meanwhile the person is at
    tty1, where the kernel's messages appear (the console on the screen)."""
    child = spawn(home, "--mem", "32M")
    child.expect(PS1)
    child.send(ALT_F2)
    child.expect_exact(CLEAR)
    child.expect(PS1)
    child.send("dd if=/dev/zero of=/dev/null bs=1k count=300000 2>/dev/null; memtouch 64M\r")
    wait_for_job_mode(child)
    child.send(ALT_F1)  # while the job runs
    child.expect_exact(CLEAR)
    child.expect(PS1)
    child.expect(r"Out of memory: kill process \d+ \(memtouch\)")
    child.send("tty\r")
    child.expect_exact("/dev/tty1")
    child.expect(PS1)
    child.send(ALT_F2)
    child.expect_exact(CLEAR)
    child.expect_exact("memtouch: 16384 pages, 1 pass")
    child.expect_exact("Killed")
    child.expect(PS1)
    child.send("exit\r")
    assert finish(child) == 137  # bash's $? after the killed job
    assert "Out of memory" not in drawn(child).rsplit(CLEAR, 1)[-1]


def test_a_console_without_a_login(home: Path) -> None:
    child = spawn(home)
    child.expect(PS1)
    child.send("chvt 7\r")
    child.expect_exact("swapsh: no login on tty7")
    child.send(ALT_F1)
    child.expect(PS1)
    child.send("tty\r")
    child.expect_exact("/dev/tty1")
    child.expect(PS1)
    child.send("\x04")
    assert finish(child) == 0


def test_dash_c_lines_after_chvt_run_on_tty2() -> None:
    r = subprocess.run(
        ["swapsh", "-c", "tty\nchvt 2\ntty\nexit 3"], capture_output=True, text=True, timeout=HANG
    )
    assert r.stdout == "/dev/tty1\n/dev/tty2\n" and r.returncode == 3
    r = subprocess.run(
        ["swapsh", "--mem", "32M", "-c", "chvt 2\nmemtouch 64M"],
        capture_output=True,
        text=True,
        timeout=HANG,
    )
    assert r.stdout == "memtouch: 16384 pages, 1 pass\n" and r.returncode == 137
    assert "Out of memory: kill process" in r.stderr and r.stderr.endswith("Killed\n")


def test_keys_typed_while_a_job_runs_are_typed_ahead(home: Path) -> None:
    """As on a terminal: echoed at once (backspace included), run when the shell
    reads again, and the unfinished line is there to go on with."""
    child = spawn(home)
    child.expect(PS1)
    child.send("dd if=/dev/zero of=/dev/null bs=1k count=200000 2>/dev/null\r")
    wait_for_job_mode(child)
    child.send("echo typ\x7fped\recho sec")
    child.expect_exact("echo typ\b \bped\r\necho sec")  # the echo, while dd runs
    child.expect_exact("typed\r\n")
    child.expect(PS1)
    child.send("ond\r")
    child.expect_exact("second\r\n")
    child.expect(PS1)
    child.send("\x04")
    assert finish(child) == 0


def test_a_switch_made_by_a_job_elsewhere_takes_the_screen_while_a_line_is_edited(
    home: Path,
) -> None:
    """tty2's job ends with `chvt 3` while the person is typing at tty1: tty3 comes to
    the screen, and the half-typed line is still there back on tty1."""
    child = spawn(home)
    child.expect(PS1)
    child.send(ALT_F2)
    child.expect_exact(CLEAR)
    child.expect(PS1)
    child.send("dd if=/dev/zero of=/dev/null bs=1k count=600000 2>/dev/null; chvt 3\r")
    wait_for_job_mode(child)
    child.send(ALT_F1)
    child.expect_exact(CLEAR)
    child.expect(PS1)
    child.send("echo half")
    child.expect_exact(CLEAR)  # the job's chvt 3
    child.expect(PS1)
    child.send("tty\r")
    child.expect_exact("/dev/tty3")
    child.expect(PS1)
    child.send(ALT_F1)
    child.expect_exact(CLEAR)
    child.expect_exact("\x1b[0m half")  # ("echo" is highlighted)
    child.send("way\r")
    child.expect_exact("halfway")
    child.expect(PS1)
    child.send("exit\r")
    assert finish(child) == 0
