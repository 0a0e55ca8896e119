"""The installed `swapsh` on a pseudo-terminal, as a person would use it (pexpect)."""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import pexpect  # type: ignore[import-untyped]
import pytest

from tests.pty_helpers import HANG, accepted, wait_for_job_mode

pytestmark = pytest.mark.skipif(
    shutil.which("swapsh") is None, reason="swapsh is not installed (pip install -e .)"
)


def prompt(text: str) -> str:
    """A regex for a prompt as prompt_toolkit draws it: a trailing space may be drawn
    as cursor movement instead."""
    return re.escape(text.rstrip(" ")) + r"(?:[ \x08]|\x1b\[[0-9;?]*[A-Za-z])+"


PS1 = prompt("root@swapsh:~# ")


COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-9]|38;5;[0-9]+)m")  # a foreground colour


def spawn(home: Path, **env: str) -> pexpect.spawn:
    """swapsh on a 24x100 terminal; everything it draws is kept in child.logfile_read."""
    full = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    full.update({"TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1", "HOME": str(home)})
    full.update(env)
    child = pexpect.spawn("swapsh", env=full, timeout=HANG, encoding="utf-8", dimensions=(24, 100))
    child.logfile_read = io.StringIO()
    return child


def drawn(child: pexpect.spawn) -> str:
    log = child.logfile_read
    assert isinstance(log, io.StringIO)
    return log.getvalue()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A fresh home directory for the history file."""
    return tmp_path


def finish(child: pexpect.spawn) -> int:
    """Wait for the end of swapsh; returns its exit status."""
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus is None
    return int(child.exitstatus)


def test_a_session_at_the_terminal(home: Path) -> None:
    child = spawn(home)
    child.expect(PS1)
    child.send("echo hello\r")
    accepted(child)  # not the line as typed
    child.expect_exact("hello")
    child.expect(PS1)
    child.send("echo con \\\r")
    child.expect(prompt("> "))
    child.send("tinued\r")
    child.expect_exact("con tinued")
    child.expect(PS1)
    child.send("cd /tmp\r")
    child.expect(prompt("root@swapsh:/tmp# "))
    child.send("echo never")
    child.send("\x03")
    child.expect_exact("echo never^C")
    child.expect(prompt("root@swapsh:/tmp# "))
    child.send("\x04")
    child.expect_exact("logout")
    assert finish(child) == 130  # as bash: ^C at the prompt leaves $? at 130
    history = (home / ".swapsh_history").read_text()
    assert "+echo hello\n" in history and "never" not in history
    assert COLOUR.search(drawn(child)) is not None  # "echo" is highlighted


def test_exit_status_reaches_the_host(home: Path) -> None:
    child = spawn(home)
    child.expect(PS1)
    child.send("exit 3\r")
    assert finish(child) == 3


@pytest.mark.slow
def test_no_color_draws_no_colours(home: Path) -> None:
    child = spawn(home, NO_COLOR="1")
    child.expect(PS1)
    child.send("echo plain\r")
    accepted(child)  # not the line as typed
    child.expect_exact("plain")
    child.expect(PS1)
    child.send("\x04")
    child.expect_exact("logout")
    assert finish(child) == 0
    assert COLOUR.search(drawn(child)) is None


@pytest.mark.slow
def test_dumb_terminal_reads_plain_lines(home: Path) -> None:
    child = spawn(home, TERM="dumb")
    child.expect_exact("root@swapsh:~# ")
    child.send("echo hello\r")
    child.expect_exact("hello\r\n")
    child.expect_exact("root@swapsh:~# ")
    child.send("echo a \\\r")
    child.expect_exact("> ")
    child.send("b\r")
    child.expect_exact("a b\r\n")
    child.expect_exact("root@swapsh:~# ")
    child.sendeof()
    child.expect_exact("logout")
    assert finish(child) == 0
    assert "\x1b" not in drawn(child)


@pytest.mark.slow
def test_ctrl_d_leaves_the_clone64_shell_then_logs_out(home: Path) -> None:
    child = spawn(home)
    child.expect(PS1)
    child.send("clone64(CLONE_NEWSWAP|CLONE_NEWIPC)\r")
    accepted(child)
    child.expect(PS1)
    child.send("\x04")
    child.expect_exact("exit")
    child.expect(PS1)
    child.send("\x1b[200~echo one\necho two\n\x1b[201~")  # a bracketed paste
    child.expect_exact("one")
    child.expect_exact("two")
    child.expect(PS1)
    child.send("\x04")
    child.expect_exact("logout")
    assert finish(child) == 0


def test_programs_reading_the_terminal_and_ctrl_c(home: Path) -> None:
    child = spawn(home)
    child.expect(PS1)
    child.send("echo -n 'Name? '; cat\r")
    accepted(child)  # not the line as typed
    child.expect_exact("Name? ")
    child.send("ada\r")
    child.expect_exact("Name? ada")  # the partial line is redrawn as the prompt
    child.expect_exact("ada")  # cat's echo of it
    child.send("\x03")  # ^C while cat reads
    child.expect_exact("^C")
    child.expect(PS1)
    child.send("cat /dev/zero > /dev/null\r")
    accepted(child)
    wait_for_job_mode(child)
    child.send("\x03")  # ^C while the machine runs: the host's SIGINT
    child.expect(PS1)
    child.send("echo status $?\r")
    child.expect_exact("status 130")
    child.expect(PS1)
    child.send("\x04")
    assert finish(child) == 0


def test_ctrl_z_stops_the_foreground_job_and_fg_resumes_it(home: Path) -> None:
    """^Z while the machine runs a job: the host's SIGTSTP (swapsh is not stopped)
    becomes the console's ^Z; bash 5.2 tells of the stopped job, as on a terminal."""
    child = spawn(home)
    child.expect(PS1)
    child.send("echo a\x1ab\r")  # at the prompt ^Z is nothing (bash ignores SIGTSTP)
    child.expect_exact("ab\r\n")
    child.expect(PS1)
    child.send("cat /dev/zero > /dev/null\r")
    accepted(child)
    wait_for_job_mode(child)
    child.send("\x1a")  # ^Z
    child.expect_exact("^Z")
    child.expect_exact("[1]+  Stopped                 cat /dev/zero > /dev/null")
    child.expect(PS1)
    child.send("jobs; fg\r")
    child.expect_exact("[1]+  Stopped                 cat /dev/zero > /dev/null")
    child.expect_exact("cat /dev/zero > /dev/null")  # fg echoes the job
    wait_for_job_mode(child)
    child.send("\x03")
    child.expect(PS1)
    child.send("echo status $?; jobs\r")
    child.expect_exact("status 130")
    child.expect(PS1)
    child.send("\x04")
    assert finish(child) == 0
