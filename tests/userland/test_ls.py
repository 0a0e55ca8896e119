"""ls on the simulated machine: long format, columns on a terminal, errors."""

from __future__ import annotations

import re

from tests.conftest import Session

DATE = r"[A-Z][a-z]{2} [ 0-9]\d \d\d:\d\d"


def _setup(sh: Session) -> None:
    for line in (
        "mkdir -p /lsdir/sub",
        "touch /lsdir/a",
        "/bin/echo -n hello > /lsdir/b",
        "dd if=/dev/zero of=/lsdir/c bs=1048 count=40 status=none",
    ):
        assert sh.run(line).status == 0


def test_long_listing_aligns_columns_and_counts_blocks(sh: Session) -> None:
    _setup(sh)
    out = sh.run("ls -l /lsdir").out
    lines = out.splitlines()
    assert lines[0] == "total 52"
    assert re.fullmatch(r"-rw-r--r-- 1 root root     0 " + DATE + " a", lines[1])
    assert re.fullmatch(r"-rw-r--r-- 1 root root 41920 " + DATE + " c", lines[3])
    assert re.fullmatch(r"drwxr-xr-x 2 root root  4096 " + DATE + " sub", lines[4])


def test_terminal_gets_columns_and_a_pipe_gets_lines(sh: Session) -> None:
    _setup(sh)
    assert sh.run("ls /lsdir").out == "a  b  c  sub\n"
    assert sh.run("ls /lsdir | cat").out == "a\nb\nc\nsub\n"


def test_terminal_quotes_odd_names(sh: Session) -> None:
    sh.run("mkdir /q")
    sh.run("touch '/q/with space' /q/x")
    assert sh.run("ls /q").out == "'with space'   x\n"


def test_human_sizes_and_devices(sh: Session) -> None:
    _setup(sh)
    assert re.search(r" 41K " + DATE + " c\n", sh.run("ls -lh /lsdir").out)
    out = sh.run("ls -l /dev/null").out
    assert re.fullmatch(r"crw-rw-rw- 1 root root 1, 3 " + DATE + " /dev/null\n", out)


def test_errors_and_status(sh: Session) -> None:
    r = sh.run("ls /nonexist")
    assert (r.err, r.status) == ("ls: cannot access '/nonexist': No such file or directory\n", 2)
    r = sh.run("ls --bogus")
    assert r.err == "ls: unrecognized option '--bogus'\nTry 'ls --help' for more information.\n"
    assert r.status == 2


def test_recursive_and_directory_only(sh: Session) -> None:
    _setup(sh)
    assert sh.run("ls -d /lsdir").out == "/lsdir\n"
    assert sh.run("ls -R /lsdir | cat").out == "/lsdir:\na\nb\nc\nsub\n\n/lsdir/sub:\n"


def test_a_trailing_slash_follows_a_symlink_to_a_directory(sh: Session) -> None:
    # Linux's path walk follows the last symlink when a slash comes after it
    # (LOOKUP_FOLLOW | LOOKUP_DIRECTORY); without the slash, lstat sees the link.
    r = sh.run("ls -l /proc/self/")
    assert r.status == 0 and r.err == ""
    assert [line.rsplit(" ", 1)[-1] for line in r.out.splitlines()[1:]] == [
        "cmdline",
        "stat",
        "status",
    ]
    assert re.fullmatch(
        r"lrwxrwxrwx 1 root root 0 " + DATE + r" /proc/self -> \d+\n",
        sh.run("ls -ld /proc/self").out,
    )
    r = sh.run("cat /etc/passwd/")
    assert (r.status, r.err) == (1, "cat: /etc/passwd/: Not a directory\n")
