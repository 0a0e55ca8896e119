"""The installed `swapsh` where it meets the host: the bytes of its input, the files
it writes, and signals sent to it (issue #11 items 7, 9 and 10)."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import termios
from pathlib import Path
from typing import IO

import pexpect  # type: ignore[import-untyped]
import pytest

from tests.pty_helpers import HANG, wait_for_job_mode, wait_for_line_editor

pytestmark = pytest.mark.skipif(
    shutil.which("swapsh") is None, reason="swapsh is not installed (pip install -e .)"
)


def test_swapsh_under_nohup_keeps_sighup_ignored() -> None:
    p = subprocess.Popen(
        ["swapsh"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN),  # nohup's
    )
    assert p.stdin is not None and p.stdout is not None
    p.stdin.write(b"echo first\n")
    p.stdin.flush()
    assert _read_until(p.stdout, b"\n") == b"first\n"
    p.send_signal(signal.SIGHUP)  # ignored: swapsh reads on, and ends at the input's end
    p.stdin.write(b"echo second\n")
    p.stdin.close()
    assert p.wait(timeout=HANG) == 0
    assert p.stdout.read() == b"second\n"


def swapsh(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["swapsh", *args], input=stdin, capture_output=True, timeout=HANG)


# -- input: every mode keeps a CR in its line and drops NULs, as bash does ----------------
@pytest.mark.slow
def test_a_cr_stays_in_its_line_in_every_mode(tmp_path: Path) -> None:
    # bash 5.2: `printf 'echo a\rb | wc -c\n' | bash` prints 4 (a, CR, b, newline).
    line = b"echo a\rb | wc -c\n"
    script = tmp_path / "script"
    script.write_bytes(line)
    for r in (swapsh(stdin=line), swapsh(str(script)), swapsh("-c", line.decode())):
        assert (r.returncode, r.stdout, r.stderr) == (0, b"4\n", b"")


def test_nuls_in_the_input_are_dropped(tmp_path: Path) -> None:
    # bash 5.2 drops a NUL in what it reads (a pipe, or a script file after its first
    # line), silently: `printf 'echo a\0b\n' | bash` prints "ab".
    text = b"/bin/echo a\0b\necho \0c\0\n"
    script = tmp_path / "script"
    script.write_bytes(text)
    for r in (swapsh(stdin=text), swapsh(str(script))):
        assert (r.returncode, r.stdout, r.stderr) == (0, b"ab\nc\n", b"")


# -- signals to swapsh itself: the terminal restored, output flushed, one line, 128+N ----
ENDING = [
    (signal.SIGTERM, "SIGTERM (Terminated)"),
    (signal.SIGHUP, "SIGHUP (Hangup)"),
    (signal.SIGQUIT, "SIGQUIT (Quit)"),
]


def _read_until(stream: IO[bytes], want: bytes) -> bytes:
    got = b""
    while not got.endswith(want):
        b = stream.read(1)
        assert b, f"swapsh ended before {want!r}: {got!r}"
        got += b
    return got


def test_a_signal_to_swapsh_c_flushes_and_exits_128_plus_it() -> None:
    p = subprocess.Popen(
        ["swapsh", "-c", "echo before-the-job; cat /dev/zero > /dev/null; echo never"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert p.stdout is not None and p.stderr is not None
    assert _read_until(p.stdout, b"\n") == b"before-the-job\n"  # printed as the job runs
    p.send_signal(signal.SIGTERM)
    assert p.wait(timeout=HANG) == 143
    assert p.stdout.read() == b""
    assert p.stderr.read() == b"swapsh: SIGTERM (Terminated); stopping\n"


def test_a_signal_while_swapsh_waits_for_its_next_line() -> None:
    p = subprocess.Popen(
        ["swapsh"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert p.stdin is not None and p.stdout is not None and p.stderr is not None
    p.stdin.write(b"echo first\n")
    p.stdin.flush()
    assert _read_until(p.stdout, b"\n") == b"first\n"
    p.send_signal(signal.SIGHUP)  # the pipe stays open: swapsh waits in its read
    assert p.wait(timeout=HANG) == 129
    assert p.stderr.read() == b"swapsh: SIGHUP (Hangup); stopping\n"
    p.stdin.close()


def _spawn(home: Path, command: str = "swapsh") -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update({"TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1", "HOME": str(home)})
    child = pexpect.spawn(
        "/bin/sh", ["-c", command], env=env, timeout=HANG, encoding="utf-8", dimensions=(24, 100)
    )
    child.logfile_read = io.StringIO()
    return child


@pytest.mark.parametrize("in_a_job", [False, True])
@pytest.mark.parametrize(("sig", "said"), ENDING)
@pytest.mark.slow
def test_a_signal_to_interactive_swapsh_gives_back_the_terminal(
    tmp_path: Path, sig: int, said: str, in_a_job: bool
) -> None:
    child = _spawn(tmp_path, "exec swapsh")
    if in_a_job:  # the terminal in job mode (keys read as typed, no echo)
        wait_for_line_editor(child)
        child.send("echo before-the-job; cat /dev/zero > /dev/null\r")
        child.expect_exact("before-the-job")
        wait_for_job_mode(child)
    else:  # the line editor's raw mode and bracketed paste
        wait_for_line_editor(child)
    child.kill(sig)
    child.expect(pexpect.EOF)
    lflag = termios.tcgetattr(child.child_fd)[3]
    child.close()
    assert (child.exitstatus, child.signalstatus) == (128 + sig, None)
    assert lflag & termios.ICANON and lflag & termios.ECHO and lflag & termios.ISIG
    log = child.logfile_read.getvalue()
    assert log.endswith(f"swapsh: {said}; stopping\r\n")
    assert log.rfind("\x1b[?2004l") > log.rfind("\x1b[?2004h")  # bracketed paste off


def test_a_hung_up_terminal_ends_swapsh_without_a_traceback(tmp_path: Path) -> None:
    err = tmp_path / "err"
    # swapsh leads the terminal's session (exec), so closing the terminal hangs it up
    child = _spawn(tmp_path, f"exec swapsh 2>{err}")
    wait_for_line_editor(child)
    os.close(child.child_fd)  # the terminal goes away: SIGHUP, then EIO on every write
    _, wstatus = os.waitpid(child.pid, 0)
    assert os.waitstatus_to_exitcode(wstatus) == 129
    assert err.read_text() == "swapsh: SIGHUP (Hangup); stopping\n"


# -- host files: a failed write is one line and a non-zero status; no overwriting ---------
def test_a_recording_that_cannot_be_written_is_one_line() -> None:
    r = swapsh("--record", "/dev/full", "-c", "echo hi")
    assert (r.returncode, r.stdout) == (1, b"hi\n")
    assert r.stderr == b"swapsh: /dev/full: No space left on device\n"


def test_an_existing_recording_is_kept_unless_overwrite(tmp_path: Path) -> None:
    # as asciinema rec: refused before the machine boots; --overwrite replaces it
    old = tmp_path / "old.t"
    old.write_text("precious\n")
    r = swapsh("--record", str(old), "-c", "echo hi")
    assert (r.returncode, r.stdout) == (2, b"")
    assert r.stderr == f"swapsh: {old}: File exists (--overwrite replaces it)\n".encode()
    assert old.read_text() == "precious\n"
    r = swapsh("--record", str(old), "--overwrite", "-c", "echo hi")
    assert (r.returncode, r.stdout, r.stderr) == (0, b"hi\n", b"")
    assert "  1$ echo hi\n  hi\n" in old.read_text()


def test_stdout_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    script = tmp_path / "s.t"
    script.write_text("  1$ echo hi\n  hi\n")
    for args in (["-c", "echo hi"], ["replay", str(script)]):
        with open("/dev/full", "wb") as full:
            r = subprocess.run(["swapsh", *args], stdout=full, stderr=subprocess.PIPE, timeout=HANG)
        assert (r.returncode, r.stderr) == (1, b"swapsh: write error: No space left on device\n")


def test_a_signal_ends_a_plain_read_under_term_dumb(tmp_path: Path) -> None:
    env = dict(os.environ, TERM="dumb", HOME=str(tmp_path))
    child = pexpect.spawn("swapsh", env=env, timeout=HANG, encoding="utf-8")
    child.expect_exact("root@swapsh:~# ")  # swapsh now waits in a read of the terminal
    child.kill(signal.SIGTERM)
    child.expect_exact("\r\nswapsh: SIGTERM (Terminated); stopping\r\n")  # on a line of its own
    child.expect(pexpect.EOF)
    child.close()
    assert (child.exitstatus, child.signalstatus) == (143, None)


# -- endless output into a pipe whose reader goes away ------------------------------------
def test_endless_output_into_a_pipe_that_closes_is_status_141_and_no_traceback() -> None:
    # `swapsh -c 'cat /dev/zero' | head -c 3M`: the console holds a bounded buffer
    # (Machine.bound_output), and the closed pipe ends swapsh as SIGPIPE would.
    p = subprocess.Popen(
        ["swapsh", "-c", "cat /dev/zero"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert p.stdout is not None and p.stderr is not None
    got = 0
    while got < 3 << 20:
        chunk = p.stdout.read(1 << 16)
        assert chunk == bytes(len(chunk)) and chunk
        got += len(chunk)
    p.stdout.close()
    err = p.stderr.read()
    assert (p.wait(timeout=HANG), err) == (141, b"")
