"""--record at the installed swapsh's interactive front-end on a terminal (pexpect):
a job runs on tty1 while the person switches to tty2, types there, switches back
and presses ^C. Where the machine was when each key came differs from run to run;
the recording says, and its replay is the same session byte for byte."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pexpect  # type: ignore[import-untyped]
import pytest

from tests.pty_helpers import HANG, accepted, wait_for_job_mode
from tests.transcript.helpers import replay

pytestmark = pytest.mark.skipif(
    shutil.which("swapsh") is None, reason="swapsh is not installed (pip install -e .)"
)

PS1 = re.compile(r"root@swapsh:[^#\n]*#")
ALT_F1, ALT_F2 = "\x1b[1;3P", "\x1b[1;3Q"  # as xterm sends them
CLEAR = "\x1b[H\x1b[2J"  # a console switch redraws the screen


@pytest.mark.slow
def test_a_terminal_session_with_a_running_job_replays_identically(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update({"TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1", "HOME": str(tmp_path)})
    child = pexpect.spawn(
        "swapsh",
        ["--record", "live.t", "--mem", "64M"],
        cwd=tmp_path,
        env=env,
        encoding="utf-8",
        timeout=HANG,
        dimensions=(24, 100),
    )
    child.expect(PS1)
    child.send("cat /dev/zero > /dev/null\r")
    wait_for_job_mode(child)  # it runs
    child.send(ALT_F2)
    child.expect_exact(CLEAR)  # (the prompt drawn while typing on tty1 came before)
    child.expect(PS1)
    child.send("echo hi from two\r")
    accepted(child)
    child.expect_exact("hi from two")
    child.expect(PS1)
    child.send(ALT_F1)
    wait_for_job_mode(child)  # back at the running job
    child.send("\x03")
    child.expect(PS1)
    child.send("exit 3\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 3
    path = tmp_path / "live.t"
    text = path.read_text()
    assert re.search(
        r"  1\$ cat /dev/zero > /dev/null\n  \(chvt 2\) \(after \d+ steps\)\n"
        r"  2\$ echo hi from two( \(after \d+ steps\))?\n  hi from two\n"
        r"  \(chvt 1\) \(after \d+ steps\)\n  1\$ \^C \(after \d+ steps\)\n",
        text,
    )
    assert replay("--check", path).status == 0
    assert replay(path).out == text
