"""Transcripts with several logins: each login is a console with its own shell;
output on another login gets a (login N) block; kernel messages go to the login
typed at last; the side-by-side view has a column per login."""

from __future__ import annotations

import io
from pathlib import Path

from swapsh.frontend.plain import run_plain
from swapsh.machine import MachineOptions
from swapsh.transcript.recorder import RecordingMachine
from tests.transcript.helpers import replay, write

TWO = """\
Two logins, one machine.

#: mem 32M

  2$ cd /tmp
  1$ pwd
  /root
  2$ pwd
  /tmp
  1$ echo hello > /dev/tty2
  (login 2)
  hello
  2$ memtouch 40M
  memtouch: 10240 pages, 1 pass
  \\[ *[0-9.]+\\] Out of memory: kill process [0-9]+ \\(memtouch\\) score [0-9]+ or a child (re)
  [*] Killed process * (memtouch) (glob)
  Killed
"""


def test_two_logins_check(tmp_path: Path) -> None:
    r = replay("--check", write(tmp_path, TWO))
    assert (r.status, r.err) == (0, ""), r.out


def test_output_at_another_login_becomes_a_login_block(tmp_path: Path) -> None:
    r = replay(write(tmp_path, "  1$ echo hi > /dev/tty3\n"))
    assert r.out == "  1$ echo hi > /dev/tty3\n  (login 3)\n  hi\n"


def test_kernel_messages_go_to_the_login_typed_at_last(tmp_path: Path) -> None:
    """The OOM killer's lines go to the active console: the login typed at last."""
    text = "#: mem 32M\n  2$ memtouch 40M 2>/dev/null\n  1$ memtouch 40M 2>/dev/null\n"
    out = replay(write(tmp_path, text)).out.splitlines()
    assert out[1] == "  2$ memtouch 40M 2>/dev/null"
    assert "] Out of memory: kill process " in out[3]
    assert out[6] == "  1$ memtouch 40M 2>/dev/null"  # after bash's "Killed"
    assert "] Out of memory: kill process " in out[8]
    assert len(out) == 11


def test_side_by_side_has_a_column_per_login(tmp_path: Path) -> None:
    r = replay("--side-by-side", "--width", "72", write(tmp_path, TWO))
    assert r.status == 0
    lines = r.out.splitlines()
    head = next(line for line in lines if "login 1" in line)
    assert "login 2" in head and head.index("login 1") < head.index("login 2")
    row = next(line for line in lines if "$ echo hello > /dev/tty2" in line)
    assert row.index("$ echo") < head.index("login 2")  # in login 1's column


def test_a_recorded_session_at_two_logins_replays_identically(tmp_path: Path) -> None:
    m = RecordingMachine(MachineOptions())
    for tty, line in [(1, "cd /opt"), (2, "echo two"), (1, "pwd"), (2, "echo x > /dev/tty1")]:
        m.type_line(line, tty=tty)
        assert m.run()
    path = tmp_path / "two.t"
    path.write_text(m.transcript_text(), encoding="utf-8", errors="surrogateescape")
    text = path.read_text()
    assert "  1$ cd /opt\n  2$ echo two\n  two\n  1$ pwd\n  /opt\n" in text
    assert "  2$ echo x > /dev/tty1\n  (login 1)\n  x\n" in text
    assert replay("--check", path).status == 0
    assert replay(path).out == text


def test_a_plain_session_that_switches_consoles_replays_identically(tmp_path: Path) -> None:
    """The plain front-end types into the active console: after `chvt 2` the lines go
    to login 2, and the recording says so."""
    m = RecordingMachine(MachineOptions())
    lines = [
        "echo one",
        "chvt 2",
        "echo two; cd /tmp",
        "echo x > /dev/tty1",
        "chvt 1",
        "pwd",
        "exit",
    ]
    assert run_plain(m, lines, io.BytesIO(), io.BytesIO()) == 0
    path = tmp_path / "chvt.t"
    path.write_text(m.transcript_text(), encoding="utf-8", errors="surrogateescape")
    text = path.read_text()
    assert (
        "  1$ chvt 2\n  2$ echo two; cd /tmp\n  two\n  2$ echo x > /dev/tty1\n"
        "  (login 1)\n  x\n  2$ chvt 1\n  1$ pwd\n  /root\n"
    ) in text
    assert replay("--check", path).status == 0
    assert replay(path).out == text


SWITCH = """\
#: mem 32M
  1$ memtouch 40M
  memtouch: 10240 pages, 1 pass
  Killed
  (chvt 2) (after 1 steps)
  (login 2)
  \\[ *[0-9.]+\\] Out of memory: kill process [0-9]+ \\(memtouch\\) score [0-9]+ or a child (re)
  [*] Killed process * (memtouch) (glob)
"""


def test_a_switch_while_a_command_runs_sends_kernel_messages_there(tmp_path: Path) -> None:
    r = replay("--check", write(tmp_path, SWITCH))
    assert (r.status, r.err) == (0, ""), r.out


def test_a_switch_while_something_runs_is_recorded_one_when_idle_is_not(tmp_path: Path) -> None:
    m = RecordingMachine(MachineOptions(mem_bytes=32 << 20))
    m.chvt(3)  # idle: the replay's switch before the next line does the same
    m.chvt(1)
    m.type_line("memtouch 40M")
    assert not m.run(max_steps=1)
    m.chvt(2)  # while memtouch runs: the OOM killer's lines go to tty2
    assert m.run()
    path = tmp_path / "sw.t"
    path.write_text(m.transcript_text(), encoding="utf-8", errors="surrogateescape")
    text = path.read_text()
    assert "(chvt 3)" not in text and "(chvt 1)" not in text
    assert "  Killed\n  (chvt 2) (after 1 steps)\n  (login 2)\n  [" in text
    assert replay("--check", path).status == 0
    assert replay(path).out == text
