"""read (models bash 5.2's builtins/read.def).

Input is read a byte at a time, so a pipe or file is left just past the delimiter
for the next reader. `read -t` times out in the machine's simulated time: a helper
process sleeps the timeout and sends the shell SIGALRM, which the shell catches for
the while, as bash's alarm() does (2.6.25 in the model has no alarm or select).
`-e`/`-i` (readline) are not there; `-s` is accepted and has
no effect (the model's terminal has no termios to turn echo off); `-t 0` can only
answer for files and devices (no poll or select to ask a pipe or terminal).
"""

from __future__ import annotations

import contextlib
import errno
from typing import TYPE_CHECKING

from swapsh.syscalls.abi import SIG_CATCH, Sig
from swapsh.userland.libc import Libc
from swapsh.userland.sh.builtins import builtin
from swapsh.userland.sh.execute import Interrupted
from swapsh.userland.sh.variables import VarError

if TYPE_CHECKING:
    from swapsh.userland.sh.shell import Shell

__all__ = ["read", "split_fields"]

READ_USAGE = (
    "read: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars]"
    " [-p prompt] [-t timeout] [-u fd] [name ...]\n"
)
_WITH_ARG = "adinNptu"
_IFS_WS = " \t\n"

Chars = list[tuple[str, bool]]  # (character, escaped by a backslash)


class _Opts:
    """read's parsed options."""

    def __init__(self) -> None:
        self.raw = False  # -r
        self.delim = "\n"  # -d
        self.nchars = -1  # -n / -N
        self.exact = False  # -N: the delimiter is an ordinary character
        self.prompt = ""  # -p
        self.timeout_ns: int | None = None  # -t
        self.fd = 0  # -u
        self.array: str | None = None  # -a: the words go to this indexed array


async def _parse(sh: Shell, args: list[str]) -> tuple[_Opts, list[str]] | int:
    """read's options. Returns: (options, names), or the status after bash's message."""
    o = _Opts()
    while args and args[0].startswith("-") and len(args[0]) > 1:
        arg = args.pop(0)
        if arg == "--":
            break
        i = 1
        while i < len(arg):
            c = arg[i]
            if c not in _WITH_ARG + "ers" + "E":
                await sh.error(f"read: -{c}: invalid option")
                await sh.libc.err(READ_USAGE)
                return 2
            if c not in _WITH_ARG:
                o.raw = o.raw or c == "r"
                i += 1
                continue
            value = arg[i + 1 :] or (args.pop(0) if args else None)
            if value is None:
                await sh.error(f"read: -{c}: option requires an argument")
                await sh.libc.err(READ_USAGE)
                return 2
            status = await _set_opt(sh, o, c, value)
            if status:
                return status
            break
    return o, args


async def _set_opt(sh: Shell, o: _Opts, c: str, value: str) -> int:
    if c == "d":
        o.delim = value[:1] or "\0"
    elif c == "p":
        o.prompt = value
    elif c in "nN":
        if not (value.isdigit() and value.isascii()):
            await sh.error(f"read: {value}: invalid number")
            return 1
        o.nchars, o.exact = int(value), c == "N"
    elif c == "t":
        ns = _seconds_ns(value)
        if ns is None:
            await sh.error(f"read: {value}: invalid timeout specification")
            return 1
        o.timeout_ns = ns
    elif c == "u":
        if not (value.isdigit() and value.isascii()):
            await sh.error(f"read: {value}: invalid file descriptor specification")
            return 1
        o.fd = int(value)
    elif c == "a":
        o.array = value
    return 0


def _seconds_ns(text: str) -> int | None:
    """A -t timeout: seconds with an optional fraction."""
    whole, _, frac = text.partition(".")
    if not (whole + frac).isdigit() or not text.isascii():
        return None
    return int(whole or "0") * 10**9 + int((frac + "000000000")[:9])


async def _read_chars(sh: Shell, o: _Opts, out: Chars) -> bool:
    """The line into out: characters up to the delimiter (not kept), backslash
    escapes undone unless -r. Returns: whether EOF came first. Raises: OSError
    (EINTR when a signal interrupts the read; out holds what came before)."""
    pending = b""
    escaped = False
    while o.nchars < 0 or len(out) < o.nchars:
        byte = await sh.libc.read(o.fd, 1)
        if not byte:
            return True
        if byte == b"\0" and o.delim != "\0":
            continue  # bash drops NULs
        pending += byte
        try:
            ch = pending.decode("utf-8")
        except UnicodeDecodeError:
            if len(pending) < 4:
                continue
            ch = pending.decode("utf-8", "surrogateescape")
        pending = b""
        if escaped:
            escaped = False
            if ch != "\n":  # backslash-newline continues the line
                out.append((ch, True))
            continue
        if ch == "\\" and not o.raw:
            escaped = True
            continue
        if ch == o.delim and not o.exact:
            return False
        out.append((ch, False))
    return False


def _is_ifs(c: tuple[str, bool], ifs: str) -> bool:
    return not c[1] and c[0] in ifs


def _skip_ifs_ws(s: Chars, i: int, ifs: str) -> int:
    while i < len(s) and _is_ifs(s[i], ifs) and s[i][0] in _IFS_WS:
        i += 1
    return i


def _word(s: Chars, i: int, ifs: str) -> tuple[str, int]:
    """get_word_from_string: the next field from i, and where the one after starts."""
    i = _skip_ifs_ws(s, i, ifs)
    start = i
    while i < len(s) and not _is_ifs(s[i], ifs):
        i += 1
    word = "".join(c for c, _ in s[start:i])
    i = _skip_ifs_ws(s, i, ifs)
    if i < len(s) and _is_ifs(s[i], ifs) and s[i][0] not in _IFS_WS:
        i = _skip_ifs_ws(s, i + 1, ifs)
    return word, i


def _strip(s: Chars, ifs: str) -> str:
    """The characters with leading and trailing IFS whitespace taken off."""
    i, j = _skip_ifs_ws(s, 0, ifs), len(s)
    while j > i and _is_ifs(s[j - 1], ifs) and s[j - 1][0] in _IFS_WS:
        j -= 1
    return "".join(c for c, _ in s[i:j])


def all_fields(s: Chars, ifs: str) -> list[str]:
    """read -a: every field of the line."""
    fields, i = [], _skip_ifs_ws(s, 0, ifs)
    while i < len(s):
        word, i = _word(s, i, ifs)
        fields.append(word)
    return fields


def split_fields(s: Chars, ifs: str, count: int) -> list[str]:
    """read's assignment of a line to count names: a field each, the rest of the
    line to the last (only one more field there: that field alone)."""
    if count == 1:
        return [_strip(s, ifs)]
    fields, i = [], 0
    for _ in range(count - 1):
        word, i = _word(s, i, ifs)
        fields.append(word)
    rest = s[i:]
    word, j = _word(rest, 0, ifs)
    fields.append(word if j >= len(rest) else _strip(rest, ifs))
    return fields


async def _timer(libc: Libc, target: int, ns: int) -> int:
    """read -t's helper: sleep the timeout, then SIGALRM the shell."""
    with contextlib.suppress(OSError):
        await libc.nanosleep(ns)
        await libc.kill(target, Sig.SIGALRM)
    return 0


async def _read_timed(sh: Shell, o: _Opts, out: Chars) -> tuple[bool, bool]:
    """_read_chars, under -t's timeout if any. Returns: (EOF, timed out)."""
    if o.timeout_ns is None:
        return await _read_chars(sh, o, out), False
    me = await sh.libc.getpid()
    old = await sh.libc.signal(Sig.SIGALRM, SIG_CATCH)
    pid = await sh.libc.fork(lambda c: _timer(c, me, o.timeout_ns or 0))
    try:
        return await _read_chars(sh, o, out), False
    except OSError as e:
        if e.errno != errno.EINTR or (sh.interactive and sh.tty):
            raise
        return True, True
    finally:
        with contextlib.suppress(OSError):
            await sh.libc.kill(pid, Sig.SIGKILL)
            await sh.libc.waitpid(pid)
        await sh.libc.signal(Sig.SIGALRM, old)


@builtin("read")
async def read(sh: Shell, argv: list[str]) -> int:
    parsed = await _parse(sh, argv[1:])
    if isinstance(parsed, int):
        return parsed
    o, names = parsed
    for name in names if o.array is None else [o.array]:
        if not (name.isidentifier() and name.isascii()):
            await sh.error(f"read: `{name}': not a valid identifier")
            return 1
    try:
        await sh.libc.fstat(o.fd)
    except OSError as e:
        await sh.error(f"read: {o.fd}: invalid file descriptor: {e.strerror}")
        return 1
    if o.prompt and await sh.libc.isatty(o.fd):
        await sh.libc.err(o.prompt)
    if o.timeout_ns == 0:
        return await _input_ready(sh, o.fd)
    chars: Chars = []
    try:
        eof, timed_out = await _read_timed(sh, o, chars)
    except OSError as e:
        if e.errno == errno.EINTR and sh.interactive and sh.tty:
            raise Interrupted from None  # ^C: the command line is dropped
        await sh.error(f"read: read error: {o.fd}: {e.strerror}")
        return 1
    if o.array is not None:
        try:
            sh.vars.assign_array(o.array, all_fields(chars, sh.vars.get("IFS", _IFS_WS)))
        except VarError as e:
            await sh.error(f"read: {e.message}")
            return 1
    else:
        await _assign(sh, names, chars)
    return 128 + Sig.SIGALRM if timed_out else 1 if eof else 0


async def _input_ready(sh: Shell, fd: int) -> int:
    """read -t 0: whether input is there. A regular file, or a device that is not a
    terminal, always reads at once (select(2) says so); for a pipe or a terminal the
    model has no poll or select to ask."""
    st = await sh.libc.fstat(fd)
    kind = st.st_mode & 0o170000
    if kind == 0o100000 or (kind == 0o020000 and not await sh.libc.isatty(fd)):
        return 0
    await sh.error("read: -t 0: polling a pipe or terminal is not modelled in swapsh")
    return 1


async def _assign(sh: Shell, names: list[str], chars: Chars) -> None:
    """The line to REPLY (as it is) or to the names (split on $IFS)."""
    if not names:
        sh.vars["REPLY"] = "".join(c for c, _ in chars)
    else:
        ifs = sh.vars.get("IFS", " \t\n")
        for name, value in zip(names, split_fields(chars, ifs, len(names)), strict=True):
            sh.vars[name] = value
