"""`swapsh replay` on a real machine, one login: printing, checking, updating,
stopping what does not finish, refusing bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.pty_helpers import HANG
from tests.transcript.helpers import replay, write

SESSION = """\
A short session.

  1$ echo hello
  hello
  1$ echo -n abc
  abc (no-eol)
  1$ dd if=/dev/zero of=/x bs=1M count=4
  4+0 records in
  4+0 records out
  4194304 bytes \\(4.2 MB, 4.0 MiB\\) copied, [0-9.]+ s, .* (re)
  1$ cat /proc/swaps
  Filename\\t\\t\\t\\tType\\t\\tSize\\tUsed\\tPriority (esc)
  1$ echo 'a
  > b'
  a
  b
"""


def test_check_passes_when_every_output_matches(tmp_path: Path) -> None:
    r = replay("--check", write(tmp_path, SESSION))
    assert (r.status, r.err) == (0, "")
    assert r.out == f"swapsh: {tmp_path / 'x.t'}: all 5 outputs match\n"


def test_replay_prints_the_session_with_the_real_output(tmp_path: Path) -> None:
    r = replay(write(tmp_path, SESSION))
    assert r.status == 0
    lines = r.out.splitlines()
    assert lines[:6] == SESSION.splitlines()[:6]
    assert any(
        line.startswith("  4194304 bytes (4.2 MB, 4.0 MiB) copied, ") and not line.endswith("(re)")
        for line in lines
    )
    # the printed session is a transcript that checks
    assert replay("--check", write(tmp_path, r.out, "printed.t")).status == 0


def test_a_mismatch_is_a_unified_diff_naming_file_and_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "# one\n  1$ echo hello\n  hullo\n  1$ echo a; echo b; echo c\n"
        "  a\n  c\n  1$ uname -r\n  2.6.* (glob)\n",
    )
    r = replay("--check", path)
    assert r.status == 1
    assert r.out == (
        f"--- {path}\n+++ {path} (replayed)\n"
        "@@ -1,8 +1,9 @@\n"
        " # one\n   1$ echo hello\n-  hullo\n+  hello\n"
        "   1$ echo a; echo b; echo c\n   a\n+  b\n   c\n"
        "   1$ uname -r\n   2.6.* (glob)\n"
        f"swapsh: {path}: 2 of 3 outputs differ\n"
    )


def test_update_rewrites_what_differs_and_keeps_matching_patterns(tmp_path: Path) -> None:
    path = write(tmp_path, "  1$ uname -r\n  2.6.* (glob)\n  1$ echo new\n  old\n")
    r = replay("--update", path)
    assert r.status == 0 and r.out.endswith(f"swapsh: {path}: updated\n")
    assert path.read_text() == "  1$ uname -r\n  2.6.* (glob)\n  1$ echo new\n  new\n"
    assert replay("--check", path).status == 0


def test_output_on_no_command_of_the_transcript_shows_as_a_new_block(tmp_path: Path) -> None:
    r = replay(write(tmp_path, "  1$ true\n  1$ echo x 1>&2\n"))
    assert r.out == "  1$ true\n  1$ echo x 1>&2\n  x\n"


def test_a_command_past_the_step_limit_gets_ctrl_c(tmp_path: Path) -> None:
    path = write(
        tmp_path, "#: max-steps 40\n  1$ cat /dev/zero > /dev/null\n  \n  1$ echo after\n  after\n"
    )
    r = replay("--check", path)
    assert r.status == 1
    assert r.err == (
        f"swapsh: {path}:2: the command did not finish within 40 steps "
        "(max-steps); sent ^C to login 1\n"
    )
    assert r.out == f"swapsh: {path}: all 2 outputs match\n"  # bash's newline after ^C


def test_the_command_line_limit_wins_over_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "#: max-steps 1000000\n  1$ cat /dev/zero > /dev/null\n")
    r = replay("--max-steps", "30", path)
    assert r.status == 1 and "within 30 steps" in r.err


def test_a_stuck_command_gets_ctrl_c(tmp_path: Path) -> None:
    """cat reads another console's terminal: every task sleeps, nobody reads tty1."""
    path = write(tmp_path, "  1$ cat /dev/tty2\n  \n  1$ echo after\n  after\n")
    r = replay("--check", path)
    assert r.status == 1
    assert r.err == (
        f"swapsh: {path}:1: the command is stuck: every task sleeps and none "
        "reads login 1's terminal; sent ^C\n"
    )


def test_ctrl_c_after_a_number_of_steps_interrupts_a_running_command(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "  1$ cat /dev/zero > /dev/null\n  1$ ^C (after 25 steps)\n  \n  1$ echo $?\n  130\n",
    )
    r = replay("--check", path)
    assert (r.status, r.err) == (0, ""), r.out


def test_ctrl_z_after_a_number_of_steps_stops_a_running_command(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "  1$ cat /dev/zero > /dev/null\n  1$ ^Z (after 25 steps)\n  \n"
        "  [1]+  Stopped                 cat /dev/zero > /dev/null\n"
        "  1$ echo $?; kill %1\n  148\n  1$ jobs\n"
        "  [1]+  Terminated              cat /dev/zero > /dev/null\n",
    )
    r = replay("--check", path)
    assert (r.status, r.err) == (0, ""), r.out


def test_typing_at_a_login_that_logged_out_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "  1$ exit\n  logout\n  1$ echo hi\n")
    r = replay("--check", path)
    assert r.status == 1
    assert f"{path}:3: login 1 has logged out" in r.err


def test_machine_directives_and_options(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "#: mem 64M\n#: seed 3\n#: swap-ns off\n"
        "  1$ grep MemTotal /proc/meminfo\n  MemTotal:        60544 kB\n"
        "  1$ clone64(CLONE_NEWSWAP|CLONE_NEWIPC)\n"
        "  clone64: Invalid argument\n",
    )
    assert replay("--check", path).status == 0
    r = replay("--check", "--mem", "128M", path)  # the command line wins
    assert r.status == 1 and "+  MemTotal:" in r.out


def test_bad_input_exits_2_naming_file_and_line(tmp_path: Path) -> None:
    good = write(tmp_path, "  1$ echo ok\n  ok\n", "good.t")
    bad = write(tmp_path, "# fine\n\n  1$ ls\n  7$ ls\n", "seed.t")
    r = replay("--check", good, bad, tmp_path / "missing.t")
    assert r.status == 2
    assert r.err == (
        f"swapsh: {bad}:4: unknown login 7 (logins are 1 to 6, one for each "
        "virtual console tty1..tty6)\n"
        f"swapsh: {tmp_path / 'missing.t'}: No such file or directory\n"
    )
    assert r.out == f"swapsh: {good}: all 1 outputs match\n"


def test_bad_input_from_the_installed_command_has_no_traceback(tmp_path: Path) -> None:
    write(tmp_path, "intro\n  1$ ls \\\n", "seed.t")
    p = subprocess.run(
        [sys.executable, "-m", "swapsh", "replay", "seed.t"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=HANG,
    )
    assert p.returncode == 2
    assert p.stderr == (
        "swapsh: seed.t:2: unterminated command: the line ends with '\\', so "
        "the shell waits for more, but no '  > ' line follows\n"
    )
    assert p.stdout == ""


DETERMINISM = """\
#: mem 32M
#: seed 5
  1$ dd if=/dev/zero of=/sw bs=1M count=64 2>/dev/null; chmod 600 /sw; mkswap /sw
  1$ clone64(CLONE_NEWSWAP|CLONE_NEWIPC)
  1$ swapon /sw
  1$ memtouch 48M 2
  1$ cat /proc/swaps
  1$ dmesg | tail -n 3
  1$ dd if=/dev/urandom bs=16 count=1 2>/dev/null | strings -n 1
  1$ cat /proc/uptime
"""


@pytest.mark.slow  # replays the seed transcript twice
def test_replaying_twice_gives_byte_identical_output(tmp_path: Path) -> None:
    write(tmp_path, DETERMINISM, "d.t")
    runs = [
        subprocess.run(
            [sys.executable, "-m", "swapsh", "replay", "d.t"],
            cwd=tmp_path,
            capture_output=True,
            timeout=HANG,
        )
        for _ in range(2)
    ]
    assert runs[0].returncode == 0 and runs[0].stderr == b""
    assert b"memtouch: 12288 pages, 2 passes" in runs[0].stdout
    assert runs[0].stdout == runs[1].stdout
    side = [
        subprocess.run(
            [sys.executable, "-m", "swapsh", "replay", "--side-by-side", "--width", "100", "d.t"],
            cwd=tmp_path,
            capture_output=True,
            timeout=HANG,
        ).stdout
        for _ in range(2)
    ]
    assert side[0] == side[1] and b"login 1" in side[0]


def test_a_closed_output_pipe_ends_the_replay_quietly(tmp_path: Path) -> None:
    """`swapsh replay x.t | head -1`: exit 141, like SIGPIPE, and no traceback."""
    write(tmp_path, "".join(f"  1$ echo line {i}\n" for i in range(200)), "many.t")
    p = subprocess.Popen(
        [sys.executable, "-m", "swapsh", "replay", "many.t"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert p.stdout is not None and p.stderr is not None
    assert p.stdout.readline() == b"  1$ echo line 0\n"
    p.stdout.close()
    err = p.stderr.read()
    assert (p.wait(timeout=HANG), err) == (141, b"")
