"""Helpers shared by the coreutils programs (models gnulib's quotearg.c, human.c,
xstrtol.c, error.c and coreutils' system.h usage/version boilerplate).

Locale: the machine's default locale is C.UTF-8 (as on the Debian host the golden
fixtures were recorded on), so locale quotes are ‘…’ unless LC_ALL / LC_CTYPE / LANG
name a locale whose charset is not UTF-8 (e.g. LC_ALL=C), which gives '…'.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from swapsh.userland.getopt import GetoptError, LongOpt, getopt_long
from swapsh.userland.libc import Libc, Main
from swapsh.userland.registry import program

__all__ = [
    "HUMAN_AUTOSCALE",
    "HUMAN_B",
    "HUMAN_BASE_1024",
    "HUMAN_CEILING",
    "HUMAN_ROUND",
    "HUMAN_SI",
    "HUMAN_SPACE",
    "Die",
    "Prog",
    "coreutil",
    "human_readable",
    "parse_opts",
    "quote",
    "quoteaf",
    "quotef",
    "read_id_db",
    "utf8_locale",
    "version_text",
]

VERSION = "9.1"


class Die(Exception):
    """Unwinds main with an exit status (coreutils' die() / usage(EXIT_FAILURE))."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


@dataclass
class Prog:
    """What a coreutils main needs besides libc: its name for messages."""

    libc: Libc
    name: str  # program_invocation_name: argv[0] as typed

    async def error(self, msg: str, err: OSError | None = None) -> None:
        """error(0, errno, fmt...): 'prog: msg[: strerror]'."""
        tail = f": {err.strerror}" if err is not None else ""
        await self.libc.err(f"{self.name}: {msg}{tail}\n")

    async def die(self, msg: str, err: OSError | None = None, status: int = 1) -> None:
        await self.error(msg, err)
        raise Die(status)

    async def usage_error(self, msg: str | None, status: int = 1) -> None:
        """A usage mistake: the message, then the "Try ... --help" hint."""
        if msg is not None:
            await self.error(msg)
        await self.libc.err(f"Try '{self.name} --help' for more information.\n")
        raise Die(status)

    def quote(self, s: str) -> str:
        return quote(s, utf8_locale(self.libc))


def coreutil(path: str) -> Callable[[Callable[[Prog, list[str]], Awaitable[int]]], Main]:
    """Register a coreutils main at path; Die unwinds to its exit status."""

    def wrap(fn: Callable[[Prog, list[str]], Awaitable[int]]) -> Main:
        default = path.rsplit("/", 1)[-1]

        async def main(libc: Libc, argv: list[str]) -> int:
            p = Prog(libc, argv[0] if argv else default)
            try:
                return await fn(p, argv if argv else [default])
            except Die as d:
                return d.status

        main.__doc__ = fn.__doc__
        main.__name__ = fn.__name__
        return program(path)(main)

    return wrap


async def parse_opts(
    p: Prog, argv: list[str], shortopts: str, longopts: list[LongOpt], status: int = 1
) -> tuple[list[tuple[str, str | None]], list[str]]:
    """getopt_long with the usual failure: the message, the hint, exit `status`."""
    try:
        return getopt_long(argv, shortopts, longopts)
    except GetoptError as e:
        await p.usage_error(e.message, status)
        raise AssertionError("unreachable") from e


def version_text(name: str, authors: str, package: str = "GNU coreutils") -> str:
    return (
        f"{name} ({package}) {VERSION}\n"
        "Copyright (C) 2022 Free Software Foundation, Inc.\n"
        "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n"
        "This is free software: you are free to change and redistribute it.\n"
        "There is NO WARRANTY, to the extent permitted by law.\n\n"
        f"Written by {authors}.\n"
    )


HELP_TAIL = (
    "      --help        display this help and exit\n"
    "      --version     output version information and exit\n"
)


def help_footer(name: str) -> str:
    return (
        "\nGNU coreutils online help: <https://www.gnu.org/software/coreutils/>\n"
        "Full documentation <https://www.gnu.org/software/coreutils/" + name + ">\n"
        f"or available locally via: info '(coreutils) {name} invocation'\n"
    )


# -- quoting (gnulib quotearg.c) ----------------------------------------------------------


def utf8_locale(libc: Libc) -> bool:
    """Whether LC_CTYPE's charset is UTF-8 (the default locale is C.UTF-8)."""
    for var in ("LC_ALL", "LC_CTYPE", "LANG"):
        val = libc.getenv(var)
        if val:
            low = val.lower().replace("-", "")
            return "utf8" in low
    return True


def quote(s: str, utf8: bool = True) -> str:
    """quote(): locale quoting style, ‘s’ under UTF-8 and 's' otherwise."""
    # locale quoting escapes backslashes too (gnulib: backslash_escapes)
    body = "".join(
        _c_escape(ch) if not _printable(ch) else "\\\\" if ch == "\\" else ch for ch in s
    )
    return f"‘{body}’" if utf8 else f"'{body}'"


_SHELL_SPECIAL = set(' !"$&()*;<=>?[\\]^`|\t')
_C_ESC = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v"}


def _printable(ch: str) -> bool:
    if "\udc80" <= ch <= "\udcff":
        return False
    if ch == " ":
        return True
    return ch.isprintable() or unicodedata.category(ch) in ("Zs",)


def _octal(ch: str) -> str:
    if "\udc80" <= ch <= "\udcff":
        return f"\\{ord(ch) - 0xDC00:03o}"
    return "".join(f"\\{b:03o}" for b in ch.encode("utf-8"))


def _c_escape(ch: str) -> str:
    return "\\" + _C_ESC[ch] if ch in _C_ESC else _octal(ch)


def _needs_shell_quote(s: str) -> bool:
    if not s:
        return True
    if s[0] in "#~" or (len(s) == 1 and s in "{}"):
        return True
    return any(ch in _SHELL_SPECIAL or ch == "'" or not _printable(ch) for ch in s)


def shell_quote(s: str, always: bool) -> str:
    """shell_escape(_always)_quoting_style: '...' with $'\\n' escapes."""
    if not always and not _needs_shell_quote(s):
        return s
    if "'" in s and all(_printable(c) for c in s) and not any(c in '\\"$`!' for c in s):
        return f'"{s}"'
    out, open_ = ["'"], True
    for ch in s:
        if _printable(ch):
            if not open_:
                out.append("'")
                open_ = True
            out.append("'\\''" if ch == "'" else ch)
        else:
            if open_:
                out.append("'")
                open_ = False
            out.append(f"$'{_c_escape(ch)}'")
    if open_:
        out.append("'")
    return "".join(out)


def quoteaf(s: str) -> str:
    """quoteaf(): shell-escape, always quoted: '/x'."""
    return shell_quote(s, True)


def quotef(s: str) -> str:
    """quotef(): shell-escape, quoted only when needed: /x, 'a b'."""
    return shell_quote(s, False)


# -- human-readable numbers (gnulib human.c) --------------------------------------------

HUMAN_CEILING, HUMAN_ROUND = 0, 1  # gnulib's human_floor (2) is not used
HUMAN_AUTOSCALE, HUMAN_SI, HUMAN_BASE_1024, HUMAN_B, HUMAN_SPACE = 16, 32, 64, 128, 256
_POWER = " KMGTPEZY"


def _adjust(style: int, v: float) -> float:
    if style != HUMAN_ROUND:
        u = int(v)
        return u + (1 if style == HUMAN_CEILING and u != v else 0)
    return v


def human_readable(n: int, opts: int, from_bs: int = 1, to_bs: int = 1) -> str:
    """human_readable(n, opts, from_block_size, to_block_size)."""
    style = opts & 3
    base = 1024 if opts & HUMAN_BASE_1024 else 1000
    if to_bs <= from_bs and from_bs % to_bs == 0:
        text, exponent = _human_int(n * (from_bs // to_bs), 0, 0, opts, style, base)
    elif from_bs and to_bs % from_bs == 0:
        d = to_bs // from_bs
        r10 = (n % d) * 10
        r2 = (r10 % d) * 2
        rounding = (1 if r2 > 0 else 0) if r2 < d else 2 + (1 if d < r2 else 0)
        text, exponent = _human_int(n // d, r10 // d, rounding, opts, style, base)
    else:
        text, exponent = _human_float(n * (from_bs / to_bs), opts, style, base)
    return text + _human_suffix(exponent, opts, base, to_bs)


def _human_int(
    amt: int, tenths: int, rounding: int, opts: int, style: int, base: int
) -> tuple[str, int]:
    exponent, frac = -1, ""
    if opts & HUMAN_AUTOSCALE:
        exponent = 0
        if base <= amt:
            while True:
                r10 = (amt % base) * 10 + tenths
                r2 = (r10 % base) * 2 + (rounding >> 1)
                amt //= base
                tenths = r10 // base
                rounding = (
                    (1 if r2 + rounding else 0)
                    if r2 < base
                    else 2 + (1 if base < r2 + rounding else 0)
                )
                exponent += 1
                if not (base <= amt and exponent < 8):
                    break
            if amt < 10:
                if (
                    (rounding + (tenths & 1) > 2)
                    if style == HUMAN_ROUND
                    else (style == HUMAN_CEILING and rounding > 0)
                ):
                    tenths += 1
                    rounding = 0
                    if tenths == 10:
                        amt += 1
                        tenths = 0
                if amt < 10:
                    frac = f".{tenths}"
                    tenths = rounding = 0
    if (
        (tenths + (1 if rounding + (amt & 1) > 0 else 0) > 5)
        if style == HUMAN_ROUND
        else (style == HUMAN_CEILING and tenths + rounding > 0)
    ):
        amt += 1
        if opts & HUMAN_AUTOSCALE and amt == base and exponent < 8:
            exponent += 1
            frac = ".0"
            amt = 1
    return f"{amt}{frac}", exponent


def _human_float(damt: float, opts: int, style: int, base: int) -> tuple[str, int]:
    if not opts & HUMAN_AUTOSCALE:
        return f"{_adjust(style, damt):.0f}", -1
    e, exponent = 1.0, 0
    while True:
        e *= base
        exponent += 1
        if not (e * base <= damt and exponent < 8):
            break
    damt /= e
    buf = f"{_adjust(style, damt):.1f}"
    if 1 + 2 + (0 if opts & HUMAN_BASE_1024 else 1) < len(buf):
        buf = f"{_adjust(style, damt * 10) / 10:.0f}"
    return buf, exponent


def _human_suffix(exponent: int, opts: int, base: int, to_bs: int) -> str:
    if not opts & HUMAN_SI:
        return ""
    if exponent < 0:
        exponent, power = 0, 1
        while power < to_bs:
            power *= base
            exponent += 1
            if exponent == 8:
                break
    s = " " if (exponent or opts & HUMAN_B) and opts & HUMAN_SPACE else ""
    if exponent:
        s += "k" if not opts & HUMAN_BASE_1024 and exponent == 1 else _POWER[exponent]
    if opts & HUMAN_B:
        s += ("i" if opts & HUMAN_BASE_1024 and exponent else "") + "B"
    return s


# -- user and group names ----------------------------------------------------------------


async def read_id_db(libc: Libc, path: str) -> list[list[str]]:
    """The colon-separated records of /etc/passwd or /etc/group ([] if unreadable)."""
    try:
        fd = await libc.open(path)
    except OSError:
        return []
    chunks: list[bytes] = []
    try:
        while True:
            b = await libc.read(fd, 65536)
            if not b:
                break
            chunks.append(b)
    except OSError:
        pass
    finally:
        await libc.close(fd)
    text = b"".join(chunks).decode("utf-8", "surrogateescape")
    return [line.split(":") for line in text.split("\n") if line and not line.startswith("#")]


# -- numbers with size suffixes (gnulib xstrtol.c) --------------------------------------

LONGINT_OK, LONGINT_OVERFLOW, LONGINT_INVALID_SUFFIX_CHAR, LONGINT_INVALID = 0, 1, 2, 4
UINTMAX_MAX = 2**64 - 1
_SUFFIX_POWER = {"E": 6, "G": 3, "k": 1, "K": 1, "M": 2, "P": 5, "T": 4, "Y": 8, "Z": 7}


def _scan_digits(s: str) -> tuple[int, int] | None:
    """strtoumax's scan: blanks, an optional '+', digits. Returns: where the digits
    start and end, or None for a '-' (xstrtoumax rejects negative numbers)."""
    i = len(s) - len(s.lstrip(" \t\n\v\f\r"))
    if s[i : i + 1] == "-":
        return None
    if s[i : i + 1] == "+":
        i += 1
    j = i
    while j < len(s) and "0" <= s[j] <= "9":
        j += 1
    return i, j


def _clamp(n: int) -> tuple[int, int]:
    """n saturated at UINTMAX_MAX, and LONGINT_OVERFLOW if it had to be."""
    return (UINTMAX_MAX, LONGINT_OVERFLOW) if n > UINTMAX_MAX else (n, LONGINT_OK)


def _suffix_scale(s: str, j: int, valid: str) -> tuple[int, int] | None:
    """The size suffix at s[j]: its multiplier and length ("k", "KB" in 1000s, "KiB"
    in 1024s, the last two only when valid has '0'); None if s[j] is no suffix."""
    if s[j] not in valid:
        return None
    base, nsuf = 1024, 1
    if "0" in valid:
        nxt = s[j + 1 : j + 3]
        if nxt[:1] == "i" and nxt[1:2] == "B":
            nsuf += 2
        elif nxt[:1] in ("B", "D"):
            base, nsuf = 1000, nsuf + 1
    c = s[j]
    if c in "bBcw":
        return {"b": 512, "B": 1024, "c": 1, "w": 2}[c], nsuf
    if c in _SUFFIX_POWER:
        return base ** _SUFFIX_POWER[c], nsuf
    return None


def xstrtoumax(s: str, valid: str | None) -> tuple[int, int, int]:
    """xstrtoumax(s, &end, 10, &n, valid). Returns (error bits, n, index of end)."""
    digits = _scan_digits(s)
    if digits is None:
        return LONGINT_INVALID, 0, 0
    i, j = digits
    if j == i:
        j = 0  # nothing converted: strtoumax leaves the end at the start
        if not valid or not s or s[0] not in valid:
            return LONGINT_INVALID, 0, 0
        n, err = 1, LONGINT_OK
    else:
        n, err = _clamp(int(s[i:j]))
    if j >= len(s) or valid is None:
        return err, n, j
    scale = _suffix_scale(s, j, valid)
    if scale is None:
        return err | LONGINT_INVALID_SUFFIX_CHAR, n, j
    n, overflow = _clamp(n * scale[0])
    err |= overflow
    j += scale[1]
    if j < len(s):
        err |= LONGINT_INVALID_SUFFIX_CHAR
    return err, n, j
