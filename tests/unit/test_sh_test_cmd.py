"""The `test` engine (swapsh/userland/sh/test_cmd.py) on a made-up file system: the
primaries the machine cannot show (symlinks, fifos, sockets, block devices, other
owners, differing mtimes) and the interface `[[ ]]` reuses."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from swapsh.syscalls.abi import Stat
from swapsh.userland.coreutils.test import _strintcmp
from swapsh.userland.sh import test_cmd as tc
from swapsh.userland.sh.test_cmd import SET_O_DEFAULTS, binary_test, legal_number, unary_test


def _st(
    mode: int,
    *,
    ino: int = 1,
    uid: int = 0,
    gid: int = 0,
    size: int = 0,
    mtime: int = 0,
    atime: int = 0,
) -> Stat:
    return Stat(
        st_dev=1,
        st_ino=ino,
        st_mode=mode,
        st_nlink=1,
        st_uid=uid,
        st_gid=gid,
        st_rdev=0,
        st_size=size,
        st_blksize=4096,
        st_blocks=0,
        st_atime=atime,
        st_mtime=mtime,
        st_ctime=0,
    )


FILES = {
    "reg": _st(0o100644, ino=2, size=3, mtime=100, atime=50),
    "old": _st(0o100644, ino=3, mtime=10, atime=10),
    "dir": _st(0o040755, ino=4),
    "blk": _st(0o060660, ino=5),
    "chr": _st(0o020666, ino=6),
    "fifo": _st(0o010644, ino=7),
    "sock": _st(0o140755, ino=8),
    "theirs": _st(0o100600, ino=9, uid=1000, gid=1000),
    "mine": _st(0o100600, ino=12, uid=0, gid=0),
    "nomode": _st(0o000644, ino=10),
    "hard": _st(0o100644, ino=2, size=3, mtime=100, atime=50),  # reg's inode
}
LINKS = {"link": _st(0o120777, ino=11)}  # lstat sees the link, stat follows it to reg


class FakeEnv:
    """A TestEnv over FILES; euid/egid 1000 unless told; fd 0 is a terminal."""

    def __init__(self, euid: int = 1000, interactive: bool = False) -> None:
        self.euid, self.interactive = euid, interactive
        self.vars = {"HOME": "/root", "EMPTY": ""}

    async def stat(self, path: str) -> Stat:
        if path == "link":
            return FILES["reg"]
        if path not in FILES:
            raise OSError(2, "No such file or directory")
        return FILES[path]

    async def lstat(self, path: str) -> Stat:
        return LINKS[path] if path in LINKS else await self.stat(path)

    async def access(self, path: str, mode: int) -> None:
        st = await self.stat(path)
        if not st.st_mode & (mode << (6 if st.st_uid == self.euid else 0)):
            raise OSError(13, "Permission denied")

    async def isatty(self, fd: int) -> bool:
        return fd == 0

    async def euid_egid(self) -> tuple[int, int]:
        return self.euid, self.euid

    def var_isset(self, name: str) -> bool:
        return name in self.vars

    def nargs(self) -> int:
        return 2

    def option(self, name: str) -> bool | None:
        if name not in SET_O_DEFAULTS:
            return None
        return SET_O_DEFAULTS[name] or (self.interactive and name == "emacs")


def run(*args: str, env: FakeEnv | None = None) -> int | str:
    """test ARGS: the status, or the syntax error's message."""
    try:
        return asyncio.run(tc.test_command(env or FakeEnv(), ["test", *args]))
    except tc.TestSyntaxError as e:
        return e.message


@pytest.mark.parametrize(
    ("args", "want"),
    [
        (("-b", "blk"), 0),
        (("-b", "chr"), 1),
        (("-c", "chr"), 0),
        (("-p", "fifo"), 0),
        (("-S", "sock"), 0),
        (("-S", "fifo"), 1),
        (("-f", "nomode"), 0),  # a mode without a type counts as a regular file
        (("-h", "link"), 0),
        (("-L", "link"), 0),
        (("-h", "reg"), 1),
        (("-f", "link"), 0),  # the other primaries follow the link
        (("-O", "theirs"), 0),
        (("-O", "reg"), 1),
        (("-G", "theirs"), 0),
        (("-N", "reg"), 0),  # modified since last read
        (("-N", "old"), 1),
        (("reg", "-nt", "old"), 0),
        (("old", "-nt", "reg"), 1),
        (("old", "-ot", "reg"), 0),
        (("reg", "-ot", "reg"), 1),
        (("reg", "-ef", "hard"), 0),
        (("reg", "-ef", "link"), 0),
        (("reg", "-ef", "old"), 1),
        (("-r", "theirs"), 0),
        (("-r", "mine"), 1),
        (("-r", "reg"), 0),
        (("-w", "reg"), 1),
        (("-x", "reg"), 1),
        (("-t", "0"), 0),
        (("-t", "1"), 1),
        (("-t", " 0 "), 0),
        (("-t", "4294967296"), 1),  # not an int: never a descriptor
        (("-v", "EMPTY"), 0),
        (("-v", "2"), 0),
        (("-v", "3"), 1),
        (("-o", "noclobber"), 1),
        (("-o", "interactive-comments"), 0),
    ],
)
def test_primaries(args: tuple[str, ...], want: int) -> None:
    assert run(*args) == want


def test_options_follow_interactivity() -> None:
    assert run("-o", "emacs") == 1
    assert run("-o", "emacs", env=FakeEnv(interactive=True)) == 0


def test_ownership_follows_the_effective_ids() -> None:
    assert run("-O", "reg", env=FakeEnv(euid=0)) == 0
    assert run("-r", "mine", env=FakeEnv(euid=0)) == 0


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("5", 5),
        (" \t\n5", 5),
        ("5 \t", 5),
        ("5\n", None),  # trailing: blanks only
        ("+5", 5),
        ("-0", 0),
        ("", None),
        ("-", None),
        ("0x10", None),
        ("9223372036854775807", 2**63 - 1),
        ("-9223372036854775808", -(2**63)),
        ("9223372036854775808", None),
    ],
)
def test_legal_number(text: str, value: int | None) -> None:
    assert legal_number(text) == value


def test_operator_tables() -> None:
    assert all(tc.test_unop(f"-{c}") for c in "abcdefghknoprstuvwxzGLOSNR")
    assert not tc.test_unop("-q") and not tc.test_unop("-ab") and not tc.test_unop("-")
    binops = (
        "=",
        "==",
        "!=",
        "<",
        ">",
        "-eq",
        "-ne",
        "-lt",
        "-le",
        "-gt",
        "-ge",
        "-nt",
        "-ot",
        "-ef",
    )
    assert all(tc.test_binop(op) for op in binops)
    assert not tc.test_binop("=~") and not tc.test_binop("-xx")


def test_syntax_errors_name_the_word() -> None:
    assert run("a", "-q", "b") == "-q: binary operator expected"
    assert run("(", "a", "b", "c") == "`)' expected, found b"
    assert run("1", "-eq", "x") == "x: integer expression expected"
    assert run("a", "b", "c", "d", "e") == "too many arguments"
    assert run("a", "=", "a", "-z") == "syntax error: `-z' unexpected"


def _cond(
    op: str,
    lhs: str,
    rhs: str,
    *,
    patmatch: Callable[[str, str], bool] | None = None,
    arith: Callable[[str], Awaitable[int | None]] | None = None,
) -> bool:
    return asyncio.run(binary_test(FakeEnv(), op, lhs, rhs, patmatch=patmatch, arith=arith))


def test_cond_command_hooks() -> None:
    """[[ ]] passes a glob matcher for = == != and an arithmetic evaluator for
    -eq...; a failed evaluation makes the test false, not an error."""
    star = lambda s, p: p == "*" or s == p  # noqa: E731
    assert _cond("==", "abc", "*", patmatch=star)
    assert not _cond("!=", "abc", "*", patmatch=star)
    assert not _cond("==", "abc", "*")

    async def arith(expr: str) -> int | None:
        return {"1+1": 2, "2": 2}.get(expr)

    assert _cond("-eq", "1+1", "2", arith=arith)
    assert not _cond("-eq", "bad", "2", arith=arith)
    with pytest.raises(tc.TestSyntaxError):
        _cond("-eq", "1+1", "2")


def test_unary_test_on_strings() -> None:
    env = FakeEnv()
    assert asyncio.run(unary_test(env, "-z", ""))
    assert asyncio.run(unary_test(env, "-n", "x"))
    assert not asyncio.run(unary_test(env, "-R", "HOME"))  # no name references
    assert not asyncio.run(unary_test(env, "-e", ""))


def test_coreutils_integers_have_any_length() -> None:
    """coreutils' test compares integers as strings of digits (gnulib strintcmp)."""
    big = "9" * 5000
    assert _strintcmp(big, "-" + big) == 1
    assert _strintcmp("-" + big, "-1") == -1
    assert _strintcmp("-0", "000") == 0
    assert _strintcmp("10", "9") == 1
    assert _strintcmp("-10", "-9") == -1
