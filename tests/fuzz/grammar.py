"""A grammar of swapsh command lines for fuzzing the shell and its programs.

The grammar is written once against a small `Chooser` interface, so the same code
generates lines for Hypothesis (which shrinks a failure to a small example) and for
the scripts/fuzz_campaign.py campaign (a seeded random.Random: fast, and a seed plus a
line number names every line). Lines are built as bytes and handed over as str with
surrogateescape, which is how the front-ends turn what is typed into text.

What it covers: every installed program and shell builtin with its real options;
numbers (0, -1, 2**63, 1M, 1G, 08, 0x10, inf, 1e400...); paths (existing, missing,
/proc, /dev, very long); redirections with any fd (0 to 2**63); pipes, ;, &, &&, ||,
!; quotes, backslashes, variables and assignments; clone64(...); self-sourcing
scripts; raw bytes, non-UTF-8 and control characters; and, rarely, 1 MB lines.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from hypothesis import strategies as st

from swapsh.userland.manifest import PROGRAM_MODULES

__all__ = [
    "BUILTINS",
    "OPTIONS",
    "PROGRAMS",
    "Chooser",
    "DrawChooser",
    "RandomChooser",
    "command_lines",
    "gen_line",
]

T = TypeVar("T")


class Chooser(Protocol):
    """The few decisions a generator makes; Hypothesis or random.Random answers them."""

    def choice(self, seq: Sequence[T]) -> T: ...
    def integer(self, lo: int, hi: int) -> int: ...
    def chance(self, p: float) -> bool: ...
    def raw(self, n: int) -> bytes: ...


class RandomChooser:
    """A Chooser over random.Random (the campaign's: no shrinking, but fast)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def choice(self, seq: Sequence[T]) -> T:
        return seq[self.rng.randrange(len(seq))]

    def integer(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def raw(self, n: int) -> bytes:
        return self.rng.randbytes(n)


PROGRAMS = sorted(PROGRAM_MODULES)
BUILTINS = ["echo", "true", "false", ":", "pwd", "cd", "exit", "export", "unset", "source", "."]

# program -> (short options, ":" after a letter taking an argument; long options, "="
# after a name taking one). Taken from each tool's option table.
OPTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "cat": ("benstuvAET", ("number", "show-all", "squeeze-blank", "show-ends")),
    "chmod": ("Rcfv", ("recursive", "reference=", "preserve-root", "changes")),
    "chvt": ("hV", ("help", "version")),
    "dd": ("", ("help", "version")),
    "dmesg": (
        "CcDdEeF:f:HhJkL::l:n:iPprSs:TtuVWwx",
        ("level=", "console-level=", "facility=", "since=", "until=", "time-format=", "json"),
    ),
    "echo": ("neE", ("help", "version")),
    "free": ("bkmghltvc:ws:V", ("bytes", "human", "si", "total", "seconds=", "count=", "wide")),
    "grep": (
        "0123456789A:B:C:D:EFGHIJLNPRTUVX:abcd:e:f:hiLlm:noqRrsuvwxyZz",
        ("regexp=", "max-count=", "context=", "count", "binary-files=", "color=", "null-data"),
    ),
    "head": ("c:n:qvz", ("bytes=", "lines=", "quiet", "verbose", "zero-terminated")),
    "hexdump": ("bcCde:f:L::n:os:vxhV", ("length=", "skip=", "format=", "canonical")),
    "id": ("agnruzGZ", ("group", "groups", "name", "real", "user", "zero")),
    "kill": ("lLs:n:q:", ("list", "table", "signal=")),
    "ls": ("aAdFhilnRrsStU1CgopT:w:x", ("all", "color=", "time-style=", "classify=", "size")),
    "memtouch": ("", ("shm",)),
    "mkdir": ("pm:vZ", ("mode=", "parents", "verbose")),
    "mkswap": ("cfp:qL:v:U:Vh", ("pagesize=", "label=", "uuid=", "swapversion=", "lock=")),
    "pan": ("ea:Sn:pqf:l:o:", ()),
    "ps": ("AadefFHjlLMNTuUwxyp:o:", ("pid=", "format=", "forest", "sort=")),
    "pwd": ("LP", ("logical", "physical")),
    "rm": ("dfirvIR", ("force", "recursive", "dir", "interactive=", "preserve-root=")),
    "runltp": ("l:pqf:s:o:", ()),
    "sleep": ("", ("help", "version")),
    "strings": (
        "adfhHn:wot:e:T:s:U:Vv0123456789",
        ("bytes=", "radix=", "encoding=", "output-separator=", "all"),
    ),
    "su": ("c:fg:G:lmpPs:hVw:", ("command=", "shell=", "login", "group=")),
    "swapoff": ("ahvVL:U:", ("all", "label=", "uuid=", "verbose")),
    "swapon": ("ahd::efo:p:svVL:U:", ("priority=", "discard=", "show=", "summary", "bytes")),
    "tail": ("c:n:fFqs:vz", ("bytes=", "lines=", "follow=", "pid=", "sleep-interval=", "retry")),
    "touch": ("acd:fhmr:t:", ("date=", "reference=", "time=", "no-create")),
    "tty": ("s", ("silent", "quiet")),
    "uname": ("asnrvmpio", ("all", "kernel-name", "nodename", "machine")),
    "unshare": (
        "fhVmuinpCTUrR:w:S:G:c",
        ("swap", "fork", "ipc", "mount-proc", "setuid=", "root=", "wd=", "map-root-user"),
    ),
    "wc": ("clmwL", ("bytes", "chars", "lines", "words", "files0-from=", "max-line-length")),
}

NUMBERS = [
    "0", "1", "-1", "2", "7", "08", "010", "0x10", "4096", "65536", "1k", "1K", "1M", "1G", "1T",
    "1P", "1E", "1Z", "256M", "2G", "4G", "1kB", "1MB", "1MiB", "1x", "-1G", "+5", "2147483647",
    "2147483648", "4294967296", "9223372036854775807", "9223372036854775808",
    "18446744073709551615", "18446744073709551616", "99999999999999999999999", "1e400", "inf",
    "nan", "0.5", "-0", "1.5s", "1m", "1h", "1d", "abc", "2x3", "1b", "1w", "0b1", "1c", "", " ",
]  # fmt: skip
PATHS = [
    "/", ".", "..", "/tmp", "/tmp/x", "/tmp/y", "/tmp/s", "/swapfile", "/etc/passwd",
    "/etc/profile", "/proc", "/proc/swaps", "/proc/meminfo", "/proc/self", "/proc/self/",
    "/proc/self/stat", "/proc/self/status", "/proc/1/cmdline", "/proc/2/stat", "/proc/vmstat",
    "/proc/stat", "/proc/99999", "/dev", "/dev/null", "/dev/zero", "/dev/urandom", "/dev/tty",
    "/dev/tty1", "/dev/tty2", "/dev/console", "/dev/full", "/bin", "/bin/ls", "/sbin/init",
    "/root", "~", "~root", "~nobody", "/nonexistent", "/nonexistent/x", "/etc/passwd/x", "x", "-",
    "--", "/opt/ltp", "/opt/ltp/runltp", "/tmp/d/e",
]  # fmt: skip
WORDS = [
    "hi", "a b", "root", "swap", "-", "--", "*", "/*", "?", "[a]", "=", "%", "x=y", "é",
]  # fmt: skip
SIGNALS = [
    "-9", "-1", "-15", "-HUP", "-KILL", "-TERM", "-INT", "-0", "-64", "-99", "-s HUP",
]  # fmt: skip
PIDS = [
    "1", "2", "3", "4", "5", "9", "$$", "-1", "0", "99999", "4194304", "-3", "abc",
]  # fmt: skip
CLONE_FLAGS = [
    "CLONE_NEWSWAP", "CLONE_NEWIPC", "CLONE_SWAPNS", "CLONE_NEWNS", "CLONE_NEWUTS", "CLONE_NEWPID",
    "CLONE_NEWNET", "CLONE_NEWUSER", "CLONE_VM", "CLONE_FILES", "0", "0x100000000",
    "0xffffffffffffffff", "-1", "BOGUS", "",
]  # fmt: skip
DD_OPERANDS = [
    "if", "of", "bs", "ibs", "obs", "count", "skip", "seek", "conv", "iflag", "oflag", "status",
    "cbs", "bogus",
]  # fmt: skip
DD_VALUES = [
    "notrunc", "sync", "noerror", "fsync", "excl", "nocreat", "direct", "none", "noxfer",
    "progress", "bogus", "ascii", "ucase,lcase", "swab", "count_bytes",
]  # fmt: skip
VARS = [
    "$x", "${x}", "$?", "$$", "$#", "$0", "$1", "$@", "$*", "$!", "$-", "${#x}", "${x:-d}",
    "$HOME", "$PATH", "${", "$", "$(echo hi)", "`echo hi`", "$((1+1))",
]  # fmt: skip
FDS = [
    "", "0", "1", "2", "3", "9", "10", "255", "256", "1023", "1024", "4096", "65535", "1048576",
    "2147483647", "2147483648", "6854775", "9223372036854775807", "99999999999999999999",
]  # fmt: skip
REDIR_OPS = [">", ">>", "<", "<>", ">&", "<&", "&>", ">|"]
SEPARATORS = [" ; ", " && ", " || ", " | ", " |& ", " & ", ";", " ;; ", " &;", "|"]

# Whole lines: the known traps and the seed's experiment, as typed.
TEMPLATES = [
    "echo '. /tmp/x' > /tmp/x; . /tmp/x",
    "echo 'source /tmp/r' > /tmp/r; source /tmp/r",
    "echo hi 1024>/tmp/x",
    "echo hi 6854775>>x",
    "kill 2",
    "kill -9 2",
    "kill -HUP 2",
    "kill 1",
    "kill -9 1",
    "kill -9 -1",
    "mkswap /swapfile",
    "swapon /swapfile",
    "swapoff /swapfile",
    "clone64(CLONE_NEWSWAP|CLONE_NEWIPC)",
    "cat /proc/swaps",
    "strings /swapfile | head",
    "hexdump -n 08 /etc/passwd",
    "hexdump -s 08 /etc/passwd",
    "sleep inf",
    "sleep 1e400",
    "tail -f /etc/passwd",
    "dmesg -w",
    "cat",
    "ls -l /proc/self/",
    "exec 3>&-",
]
# Known traps that cost a second or more of host time each (a 256 MiB read of
# /dev/urandom, 16 MB through the terminal, tens of MB touched): a line in 2,000 is
# one of these, so they appear hundreds of times in a million lines without taking
# most of a campaign's time.
HEAVY_TEMPLATES = [
    "dd if=/dev/urandom of=/dev/null bs=256M count=1",
    "cat /dev/zero",
    "dd if=/dev/zero of=/swapfile bs=1M count=16",
    "memtouch 8M 2",
    "memtouch --shm 4M",
]


def _number(c: Chooser) -> str:
    if c.chance(0.2):
        return str(c.choice([0, 1, -1, 2**31, 2**32, 2**63, 2**64, -(2**63)]) + c.integer(-2, 2))
    return c.choice(NUMBERS)


def _path(c: Chooser) -> str:
    r = c.integer(0, 9)
    if r == 0:
        return "/" + "/".join("d" * c.integer(1, 300) for _ in range(c.integer(1, 20)))
    if r == 1:
        return "/tmp/" + "f" * c.choice([255, 256, 4095, 4096, 5000])
    return c.choice(PATHS)


def _raw_word(c: Chooser) -> str:
    data = bytes(b for b in c.raw(c.integer(1, 12)) if b != 0x0A)
    return data.decode("utf-8", "surrogateescape")


def _quote(c: Chooser, s: str) -> str:
    q = c.integer(0, 5)
    if q == 0:
        return "'" + s.replace("'", "") + "'"
    if q == 1:
        return '"' + s.replace('"', "") + '"'
    if q == 2:
        return "$'" + s + "'"
    if q == 3:
        return s.replace(" ", "\\ ")
    return s


def _word(c: Chooser) -> str:
    kind = c.integer(0, 11)
    w: str
    if kind <= 2:
        w = _path(c)
    elif kind <= 4:
        w = _number(c)
    elif kind == 5:
        w = c.choice(VARS)
    elif kind == 6:
        w = _raw_word(c)
    elif kind == 7:
        w = c.choice(WORDS) + c.choice(VARS)
    elif kind == 8:
        w = chr(c.integer(1, 31)).replace("\n", "\r") + c.choice(WORDS)
    else:
        w = c.choice(WORDS)
    return _quote(c, w) if c.chance(0.25) else w


def _option(c: Chooser, prog: str) -> str:
    shorts, longs = OPTIONS.get(prog, ("", ()))
    letters = [ch for ch in shorts if ch != ":"]
    if longs and c.chance(0.4):
        name = c.choice(longs)
        if name.endswith("="):
            return f"--{name}{_number(c) if c.chance(0.6) else _word(c)}"
        return f"--{name}"
    if not letters or c.chance(0.1):
        return c.choice(["-", "--", "-Z", "--bogus", "--help", "--version", "-?", "--=", "---"])
    ch = c.choice(letters)
    i = shorts.index(ch)
    if shorts[i + 1 : i + 2] == ":":
        arg = _number(c) if c.chance(0.6) else _word(c)
        return f"-{ch}{arg}" if c.chance(0.5) else f"-{ch} {arg}"
    return "-" + "".join(c.choice(letters) for _ in range(c.integer(1, 3)))


def _dd_args(c: Chooser) -> list[str]:
    out = []
    for _ in range(c.integer(0, 5)):
        op = c.choice(DD_OPERANDS)
        if op in ("if", "of"):
            v = _path(c)
        elif op in ("conv", "iflag", "oflag", "status"):
            v = c.choice(DD_VALUES)
        else:
            v = _number(c)
        out.append(f"{op}={v}")
    return out


def _args(c: Chooser, name: str) -> list[str]:
    if name == "dd":
        return _dd_args(c)
    if name == "kill":
        return [c.choice(SIGNALS) for _ in range(c.integer(0, 1))] + [
            c.choice(PIDS) for _ in range(c.integer(0, 2))
        ]
    out = []
    for _ in range(c.integer(0, 4)):
        out.append(_option(c, name) if c.chance(0.5) else _word(c))
    return out


def _redirect(c: Chooser) -> str:
    op = c.choice(REDIR_OPS)
    fd = "" if op == "&>" else c.choice(FDS)
    if op in (">&", "<&"):
        target = c.choice(["-", "1", "2", "0", "10", "255", "1024", _word(c)])
    else:
        target = _path(c) if c.chance(0.8) else _word(c)
    return f"{fd}{op}{c.choice(['', ' '])}{target}"


def _simple(c: Chooser) -> str:
    parts: list[str] = []
    while c.chance(0.1):
        parts.append(f"{c.choice(['x', 'y', 'HOME', 'PATH', 'PS2', '1x'])}={_word(c)}")
    r = c.integer(0, 19)
    if r == 0:
        flags = "|".join(c.choice(CLONE_FLAGS) for _ in range(c.integer(0, 3)))
        parts.append(f"clone64({flags})")
    else:
        if r <= 4:
            name = c.choice(BUILTINS)
        elif r == 5:
            name = c.choice(["nosuch", "/bin/nosuch", "/tmp/x", "./x", "/", "/etc/passwd", ""])
        else:
            name = c.choice(PROGRAMS)
        full = c.choice(["", "", "", "/bin/", "/usr/bin/", "/sbin/"]) + name
        parts.append(full if name != "" else "''")
        parts.extend(_args(c, name))
    while c.chance(0.2):
        parts.append(_redirect(c))
    return " ".join(parts)


def _pipeline(c: Chooser) -> str:
    cmds = [_simple(c) for _ in range(1 + (c.integer(0, 2) if c.chance(0.3) else 0))]
    return ("! " if c.chance(0.05) else "") + " | ".join(cmds)


def _command_line(c: Chooser) -> str:
    line = _pipeline(c)
    while c.chance(0.3):
        line += c.choice(SEPARATORS) + _pipeline(c)
    if c.chance(0.05):
        line += c.choice([" #", " # comment", " \\", " '", ' "', " |", " &&", " (", " )"])
    return line


def _mutate(c: Chooser, line: str) -> str:
    """Byte-level damage to a well-formed line: insert, delete, or splice raw bytes."""
    data = bytearray(line.encode("utf-8", "surrogateescape"))
    for _ in range(c.integer(1, 4)):
        pos = c.integer(0, len(data))
        op = c.integer(0, 2)
        if op == 0:
            data[pos:pos] = c.raw(c.integer(1, 4))
        elif op == 1:
            del data[pos : pos + c.integer(1, 4)]
        else:
            data[pos:pos] = c.choice([b"'", b'"', b"\\", b"$", b"|", b";", b"&", b">", b"\x00"])
    return bytes(data).replace(b"\n", b"\r").decode("utf-8", "surrogateescape")


def _long_line(c: Chooser) -> str:
    size = c.choice([1 << 12, 1 << 16, 1 << 20])
    kind = c.integer(0, 3)
    if kind == 0:
        return "echo " + "a" * size
    if kind == 1:
        return "echo " + " ".join(["w"] * (size // 16)) + " | wc -w"  # words cost most
    if kind == 2:
        return "x" * size
    return "echo " + "'" * c.integer(0, 1) + "b" * size


# Weights, per 2,000 lines. The generated lines are most of the input; the corpus
# lines (templates) are one in twelve, the costly ones one in 2,000, and the 4 KB to
# 1 MB lines (a 1 MB line costs about a second) one in 250.
GENERATORS: list[tuple[int, Callable[[Chooser], str]]] = [
    (1540, _command_line),
    (160, lambda c: c.choice(TEMPLATES)),
    (1, lambda c: c.choice(HEAVY_TEMPLATES)),
    (160, lambda c: _mutate(c, _command_line(c))),
    (131, lambda c: _raw_word(c) + _raw_word(c)),
    (8, _long_line),
]
_TOTAL = sum(w for w, _ in GENERATORS)


def gen_line(c: Chooser, *, long_lines: bool = True) -> str:
    """One generated command line (no newline in it: a front-end types lines)."""
    pick = c.integer(0, _TOTAL - 1)
    for weight, gen in GENERATORS:
        if pick < weight:
            if gen is _long_line and not long_lines:
                return _command_line(c)
            return gen(c).replace("\n", " ")
        pick -= weight
    raise AssertionError("unreachable")


class DrawChooser:
    """A Chooser over Hypothesis's draw: every decision shrinks towards the first
    choice, the low end, and "no" (so optional parts and loops shrink away)."""

    def __init__(self, draw: Callable[..., Any]) -> None:
        self.draw = draw

    def choice(self, seq: Sequence[T]) -> T:
        i: int = self.draw(st.integers(0, len(seq) - 1))
        return seq[i]

    def integer(self, lo: int, hi: int) -> int:
        return int(self.draw(st.integers(lo, hi)))

    def chance(self, p: float) -> bool:
        return bool(self.draw(st.integers(0, 999)) >= 1000 - p * 1000)

    def raw(self, n: int) -> bytes:
        return bytes(self.draw(st.binary(min_size=n, max_size=n)))


@st.composite
def command_lines(draw: Callable[..., Any], long_lines: bool = False) -> str:
    """Hypothesis strategy: one generated command line."""
    return gen_line(DrawChooser(draw), long_lines=long_lines)
