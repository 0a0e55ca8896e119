"""--record: a live session, from either front-end, written as a transcript that
replays to the same bytes."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.plain_text import PlainTextOutput

from swapsh.frontend.interactive import Terminal, run_interactive
from swapsh.frontend.plain import run_plain
from swapsh.machine import MachineOptions
from swapsh.transcript import recorder
from swapsh.transcript.recorder import RecordingMachine
from tests.pty_helpers import HANG
from tests.transcript.helpers import replay

LINES = [
    "echo hi",
    "echo -n x",
    "ls \\",
    "/",
    "cat /proc/swaps",
    'echo "1$ looks like a command"; echo "  spaced "',
    "nosuchcmd",
    "clone64(CLONE_NEWSWAP|CLONE_NEWIPC)",
    "exit",
]


def _replays_identically(path: Path) -> str:
    text = path.read_text()
    assert replay("--check", path).status == 0
    printed = replay(path)
    assert (printed.status, printed.err) == (0, "")
    assert printed.out == text
    return text


def test_a_plain_session_replays_identically(tmp_path: Path) -> None:
    m = RecordingMachine(MachineOptions(mem_bytes=64 << 20, seed=9))
    out, err = io.BytesIO(), io.BytesIO()
    assert run_plain(m, LINES, out, err) == 0
    assert out.getvalue().startswith(b"hi\nx")  # the front-end saw everything
    path = tmp_path / "rec.t"
    path.write_text(m.transcript_text(), encoding="utf-8", errors="surrogateescape")
    text = _replays_identically(path)
    assert "#: mem 64M\n#: seed 9\n#: swap-ns on\n" in text
    assert "  1$ ls \\\n  > /\n" in text  # typed after PS2: a continuation
    assert "  \\x31$ looks like a command (esc)\n    spaced\\x20 (esc)\n" in text
    assert "  1$ nosuchcmd\n  bash: nosuchcmd: command not found\n" in text
    assert text.endswith("  1$ exit\n  exit\n  1$ ^D\n  logout\n")


def test_ctrl_c_while_a_command_runs_is_recorded_with_its_step(tmp_path: Path) -> None:
    """A front-end that ran 3 slices of 20 steps, then ^C: the replay does the same."""
    m = RecordingMachine()
    m.take_output()
    m.type_line("cat /dev/zero > /dev/null")
    assert [m.run(max_steps=20) for _ in range(3)] == [False] * 3
    m.interrupt()
    assert m.run()
    m.type_line("echo $?")
    assert m.run()
    path = tmp_path / "intr.t"
    path.write_text(m.transcript_text(), encoding="utf-8", errors="surrogateescape")
    text = _replays_identically(path)
    assert "  1$ cat /dev/zero > /dev/null\n  1$ ^C (after 60 steps)\n  \n" in text
    assert "  1$ echo $?\n  130\n" in text


def test_ctrl_z_is_recorded_with_its_step(tmp_path: Path) -> None:
    m = RecordingMachine()
    m.take_output()
    m.type_line("cat /dev/zero > /dev/null")
    assert [m.run(max_steps=20) for _ in range(2)] == [False] * 2
    m.suspend()
    assert m.run()
    path = tmp_path / "susp.t"
    path.write_text(m.transcript_text(), encoding="utf-8", errors="surrogateescape")
    text = _replays_identically(path)
    assert "  1$ ^Z (after 40 steps)\n  \n  [1]+  Stopped   " in text


def test_a_long_command_raises_the_recorded_step_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The replay would stop a command that took more steps than the default limit:
    the recording says how many it may take (here the default is made 50)."""
    monkeypatch.setattr(recorder, "DEFAULT_MAX_STEPS", 50)
    m = RecordingMachine()
    m.type_line("cat /dev/zero > /dev/null")
    for _ in range(3):
        m.run(max_steps=20)
    m.interrupt()
    m.run(max_steps=20)
    path = tmp_path / "long.t"
    path.write_text(m.transcript_text(), encoding="utf-8", errors="surrogateescape")
    assert "#: max-steps 60\n" in path.read_text()


def test_an_interactive_session_replays_identically(tmp_path: Path) -> None:
    m = RecordingMachine()
    with create_pipe_input() as pipe:
        pipe.send_text("echo one\recho a \\\rb\rcd /opt\rpwd\r")
        pipe.close()
        term = Terminal(
            input=pipe,
            output=PlainTextOutput(io.StringIO()),
            stdout=io.BytesIO(),
            stderr=io.BytesIO(),
            history=InMemoryHistory(),
            env={},
        )
        assert run_interactive(m, term) == 0
    path = tmp_path / "i.t"
    path.write_text(m.transcript_text(), encoding="utf-8", errors="surrogateescape")
    text = _replays_identically(path)
    # whether a line came while the machine still ran depends on the front-end's
    # slicing; a note says when it did, and the replay does the same
    plain = re.sub(r" \(after \d+ steps\)", "", text)
    assert "  1$ echo a \\\n  > b\n  a b\n  1$ cd /opt\n  1$ pwd\n  /opt\n" in plain


def test_record_option_of_the_command_line(tmp_path: Path) -> None:
    p = subprocess.run(
        [sys.executable, "-m", "swapsh", "--record", "s.t", "-c", "echo hi\nuname -r"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=HANG,
    )
    assert (p.returncode, p.stdout, p.stderr) == (0, "hi\n2.6.25-swapns\n", "")
    _replays_identically(tmp_path / "s.t")
    bad = subprocess.run(
        [sys.executable, "-m", "swapsh", "--record", "nodir/s.t", "-c", "true"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=HANG,
    )
    assert (bad.returncode, bad.stderr) == (2, "swapsh: nodir/s.t: No such file or directory\n")
