"""What a program holds is its own simulated memory (issue #11, item 5): head, tail,
dd, grep and bash's `.` keep their data in pages charged to the task, so an endless
input meets the machine's OOM killer (or the program's "memory exhausted"), never
the host's memory; and what they print is still what the real tools print."""

from __future__ import annotations

import re
import resource
import subprocess
import sys

import pytest

from tests.conftest import Session

HOST_LIMIT = 1 << 30  # RLIMIT_AS of the swapsh process: far less than the old code took


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (HOST_LIMIT, HOST_LIMIT))


def _swapsh(line: str) -> subprocess.CompletedProcess[str]:
    """`swapsh --mem 16M -c line` with its address space bounded (ulimit -v)."""
    return subprocess.run(
        [sys.executable, "-m", "swapsh", "--mem", "16M", "-c", line],
        capture_output=True,
        text=True,
        preexec_fn=_limit,
        timeout=300,
        check=False,
    )


def _no_internal_error(r: subprocess.CompletedProcess[str]) -> None:
    both = r.stdout + r.stderr
    assert "internal error" not in both and "MemoryError" not in both, both[-2000:]


@pytest.mark.parametrize(
    ("line", "victim", "out"),
    [
        ("head -c -1G /dev/urandom | wc -c", "head", "0\n"),  # head never had 1G to write
        ("head -n -1 /dev/zero | wc -c", "head", "0\n"),  # one endless line
        ("tail -c 4G /dev/urandom; echo st=$?", "tail", "st=137\n"),
        ("tail -n 1 /dev/zero; echo st=$?", "tail", "st=137\n"),
        (
            "dd if=/etc/passwd of=/tmp/d ibs=2G obs=4G count=1 conv=sync; echo st=$?",
            "dd",
            "st=137\n",
        ),
        ("dd if=/dev/urandom of=/dev/null bs=1G count=1; echo st=$?", "dd", "st=137\n"),
    ],
)
@pytest.mark.slow
def test_an_endless_input_meets_the_oom_killer_not_the_hosts_limit(
    line: str, victim: str, out: str
) -> None:
    r = _swapsh(line)
    _no_internal_error(r)
    assert re.search(rf"Killed process \d+ \({victim}\)", r.stderr), r.stderr
    assert r.stdout == out
    assert r.returncode == 0


@pytest.mark.parametrize("line", ["source /dev/urandom; echo never", ". /dev/zero; echo never"])
@pytest.mark.slow
def test_sourcing_an_endless_file_kills_the_shell_that_holds_it(line: str) -> None:
    """bash reads a `.` file to its end into its own memory: the OOM killer picks
    it (the login shell), as on Linux; the host is untouched."""
    r = _swapsh(line)
    _no_internal_error(r)
    assert re.search(r"Killed process 3 \(bash\)", r.stderr), r.stderr
    assert r.stdout == "" and r.returncode == 137


@pytest.mark.slow
def test_grep_searches_a_binary_file_bigger_than_the_hosts_limit() -> None:
    """A file of zeros (a fresh swap file) is binary: NULs end its lines, so grep
    holds one line at a time, not the 1.5 GiB file."""
    r = _swapsh("dd if=/dev/zero of=/big bs=1M count=1536 status=none; grep -l '' /big; echo ok")
    _no_internal_error(r)
    assert r.stdout == "/big\nok\n", r.stdout + r.stderr


@pytest.mark.slow
def test_grep_r_from_root_reads_no_device() -> None:
    """grep -r reads devices and FIFOs only when named (GNU grep's default): /dev/zero
    and /dev/urandom under / are passed by, so `grep -rL x *` ends."""
    r = _swapsh(
        "dd if=/dev/zero of=/sw bs=1M count=40 status=none; cd /; grep -rL x * | grep -c ^dev/"
    )
    _no_internal_error(r)
    assert r.stdout == "0\n" and r.stderr == ""


@pytest.mark.parametrize(
    ("line", "out"),
    [
        ("dd if=/dev/zero bs=1M count=1 status=none | head -c -1000 | wc -c", "1047576\n"),
        ("dd if=/dev/zero bs=1M count=3 status=none | head -c -1M | wc -c", "2097152\n"),
        ("dd if=/dev/zero bs=1M count=3 status=none | tail -c 1000 | wc -c", "1000\n"),
        ("dd if=/dev/zero bs=1M count=3 status=none | tail -c +1000 | wc -c", "3144729\n"),
        ("ls -l /etc | tail -n +2 | head -n -1 | wc -l", None),
    ],
)
def test_head_and_tail_of_a_pipe_bigger_than_a_chunk(
    sh: Session, line: str, out: str | None
) -> None:
    r = sh.run(line)
    assert r.err == "" and r.status == 0
    if out is not None:
        assert r.out == out
    else:
        n = len(sh.run("ls -l /etc").out.splitlines())
        assert r.out == f"{n - 2}\n"


def test_dd_says_memory_exhausted_when_malloc_fails(sh: Session) -> None:
    """A buffer no address space can hold: dd's own message, before any I/O."""
    r = sh.run("dd if=/dev/zero of=/dev/null ibs=1 obs=1E count=1")
    assert r.err == (
        "dd: memory exhausted by output buffer of size 1152921504606846976 bytes (1.0 EiB)\n"
    )
    assert r.status == 1


@pytest.mark.parametrize(
    ("data", "opts", "out"),
    [
        (r"a\0a\nb\n", "-c a", "2\n"),  # the NUL ends a line, as in GNU grep 3.8
        (r"xa\0\0\0a\nb", "-c -v a", "3\n"),  # the empty lines between NULs too
        (r"\0\0\0\n\n", "-c ''", "5\n"),
        (r"q\nxa\0a\nb\nzz\0", "-m1 -c a", "1\n"),
    ],
)
def test_grep_counts_the_lines_of_a_binary_file_as_gnu_grep(
    sh: Session, data: str, opts: str, out: str
) -> None:
    sh.run(f"/bin/echo -ne '{data}' > /tmp/b")
    assert sh.run(f"grep {opts} /tmp/b").out == out


def test_ctrl_c_interrupts_a_sleeping_source(sh: Session) -> None:
    """`. /dev/tty` sleeps reading the terminal; ^C brings the shell back to its
    prompt (bash's zread checks for signals), and the shell goes on."""
    sh.m.type_line(". /dev/tty")
    sh._settle()
    assert sh.m.waiting_for_input
    sh.m.interrupt()
    out, err, _ = sh._settle()
    assert (out, err) == ("", "")  # no "Interrupted system call": back at the prompt
    assert sh.run("echo alive").out == "alive\n"


def test_strings_prints_a_run_longer_than_its_chunk_as_real_strings(sh: Session) -> None:
    """A printable run of 4 MiB is printed as it is read (binutils putchar()s it), not
    held; the output is real strings' (checked against binutils 2.40: 8388628 bytes)."""
    sh.run("/bin/echo -n abcdefgh > /a")
    for _ in range(19):
        sh.run("cat /a /a > /b; cat /b > /a")
    sh.run("/bin/echo -ne 'xx\\0' > /c; cat /c /a /c /a > /d; strings -t x /d > /e")
    assert sh.run("wc -c < /e").out == "8388628\n"
    assert sh.run("head -c 16 /e").out == "      3 abcdefgh"
    assert sh.run("head -c 4194324 /e | tail -c 20").out == "abcdefghxx\n 400006 a"


@pytest.mark.slow
def test_a_shell_reading_zeros_drops_them_and_holds_nothing(sh: Session) -> None:
    """`bash < /dev/zero`: bash drops NULs from its input (shell_getc), so it reads on
    holding no line, as real bash does; ^C ends it (it does not catch SIGINT)."""
    sh.m.type_line("bash < /dev/zero; echo st=$?")
    assert not sh.m.run(max_steps=20)  # still reading (a step is thousands of reads)
    pids = [t.pid for t in sh.kernel.tasks.values() if t.comm == "bash" and t.pid > 1]
    inner = sh.kernel.tasks[max(pids)]
    assert inner.mm is not None and inner.mm.total_vm < 1024  # pages: no growing line
    sh.m.interrupt()
    out, _, _ = sh._settle()
    assert out == ""  # the rest of the line is dropped after the job's ^C
    sh.run("echo -e 'echo a\\x00b\\0c' > /f")
    assert sh.run("bash < /f").out == "abc\n"


def test_a_script_on_stdin_runs_as_it_is_read(sh: Session) -> None:
    """A shell without a terminal runs each command as it reads it (it never holds
    the whole input): the first line's output comes while the input goes on."""
    sh.run("echo echo one > /f")
    sh.m.type_line("cat /f /dev/zero | bash")
    assert not sh.m.run(max_steps=50)  # the input has no end
    assert b"".join(d for _, d in sh.m.take_output()) == b"one\n"
    sh.m.interrupt()
    sh._settle()
    assert sh.run("echo alive").out == "alive\n"


def test_a_line_longer_than_a_read_runs_whole(sh: Session) -> None:
    """A line longer than a read is held (in the shell's memory, bash's xrealloc'ed
    input line) until its newline, or the end of the input."""
    word = "x" * (1 << 20)
    sh.run(f"echo -n 'echo ' > /f; echo -n {word} >> /f")
    assert sh.run("bash < /f").out == word + "\n"
