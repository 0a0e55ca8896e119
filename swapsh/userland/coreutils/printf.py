"""printf: format and print data (models coreutils 9.1 src/printf.c).

Not bash's builtin: no -v, %(fmt)T or %Q; %b and %q take no flags, width or
precision; \\u and \\U need exactly 4 and 8 hex digits; a bad escape or conversion
ends the program ("missing hexadecimal number in escape", "%z: invalid conversion
specification"); bad numbers say "‘x’: expected a numeric value" or "value not
completely converted". The conversions themselves are glibc's, shared with the
builtin (swapsh/userland/cformat.py); %q is gnulib's shell-escape quoting.
"""

from __future__ import annotations

from fractions import Fraction

from swapsh.userland.cformat import (
    Field,
    LongDouble,
    Spec,
    format_char,
    format_float,
    format_int,
    format_str,
    strtoimax,
    strtold,
    strtoumax,
)
from swapsh.userland.coreutils.common import Die, Prog, coreutil, shell_quote, version_text
from swapsh.userland.sh.printf_escape import u32toutf8

__all__ = ["main"]

INT_MIN, INT_MAX = -(1 << 31), (1 << 31) - 1
CFCC = "warning: {}: character(s) following character constant have been ignored"
SIMPLE = {
    ord("a"): b"\a",
    ord("b"): b"\b",
    ord("e"): b"\x1b",
    ord("f"): b"\f",
    ord("n"): b"\n",
    ord("r"): b"\r",
    ord("t"): b"\t",
    ord("v"): b"\v",
    ord('"'): b'"',
    ord("\\"): b"\\",
}
HEXDIGITS = b"0123456789abcdefABCDEF"
ALL_CONVERSIONS = frozenset(b"aAcdeEfFgGiosuxX")
# flags that rule conversions out (the `ok` table of print_formatted)
FLAG_FORBIDS = {ord("'"): b"aAceEosxX", ord("#"): b"cdisu", ord("0"): b"cs", ord("I"): b"aAceEosxX"}


# `printf --help` after its two usage lines (coreutils 9.1, C.UTF-8)
HELP_BODY = (
    "Print ARGUMENT(s) according to FORMAT, or execute according to OPTION:\n"
    "\n"
    "      --help        display this help and exit\n"
    "      --version     output version information and exit\n"
    "\n"
    "FORMAT controls the output as in C printf.  Interpreted sequences are:\n"
    "\n"
    '  \\"      double quote\n'
    "  \\\\      backslash\n"
    "  \\a      alert (BEL)\n"
    "  \\b      backspace\n"
    "  \\c      produce no further output\n"
    "  \\e      escape\n"
    "  \\f      form feed\n"
    "  \\n      new line\n"
    "  \\r      carriage return\n"
    "  \\t      horizontal tab\n"
    "  \\v      vertical tab\n"
    "  \\NNN    byte with octal value NNN (1 to 3 digits)\n"
    "  \\xHH    byte with hexadecimal value HH (1 to 2 digits)\n"
    "  \\uHHHH  Unicode (ISO/IEC 10646) character with hex value HHHH (4 digits)\n"
    "  \\UHHHHHHHH  Unicode character with hex value HHHHHHHH (8 digits)\n"
    "  %%      a single %\n"
    "  %b      ARGUMENT as a string with '\\' escapes interpreted,\n"
    "          except that octal escapes are of the form \\0 or \\0NNN\n"
    "  %q      ARGUMENT is printed in a format that can be reused as shell input,\n"
    "          escaping non-printable characters with the proposed POSIX $'' syntax.\n"
    "\n"
    "and all C format specifications ending with one of diouxXfeEgGcs, with\n"
    "ARGUMENTs converted to proper type first.  Variable widths are handled.\n"
    "\n"
    "NOTE: your shell may have its own version of printf, which usually supersedes\n"
    "the version described here.  Please refer to your shell's documentation\n"
    "for details about the options it supports.\n"
    "\n"
    "GNU coreutils online help: <https://www.gnu.org/software/coreutils/>\n"
    "Report any translation bugs to <https://translationproject.org/team/>\n"
    "Full documentation <https://www.gnu.org/software/coreutils/printf>\n"
    "or available locally via: info '(coreutils) printf invocation'\n"
)


class _Cancel(Exception):
    """\\c: no further output, status 0."""


def _text(s: bytes) -> str:
    return s.decode("utf-8", "surrogateescape")


async def print_esc(p: Prog, s: bytes, i: int, octal_0: bool) -> tuple[bytes, int]:
    """The escape whose letter is s[i]: (its bytes, index after it). Raises Die
    for a bad \\x, \\u or \\U, and _Cancel for \\c."""
    c = s[i] if i < len(s) else 0
    if c == ord("x"):
        j = i + 1
        while j < len(s) and j < i + 3 and s[j] in HEXDIGITS:
            j += 1
        if j == i + 1:
            await p.die("missing hexadecimal number in escape")
        return bytes((int(s[i + 1 : j], 16),)), j
    if ord("0") <= c <= ord("7"):
        j = i + (octal_0 and c == ord("0"))
        k = j
        while k < len(s) and k < j + 3 and ord("0") <= s[k] <= ord("7"):
            k += 1
        return bytes((int(s[j:k] or b"0", 8) & 0xFF,)), k
    if c == ord("c"):
        raise _Cancel
    if c in SIMPLE:
        return SIMPLE[c], i + 1
    if c in (ord("u"), ord("U")):
        return await _unicode(p, s, i)
    if i < len(s):
        return b"\\" + s[i : i + 1], i + 1
    return b"\\", i


async def _unicode(p: Prog, s: bytes, i: int) -> tuple[bytes, int]:
    n = 4 if s[i] == ord("u") else 8
    digits = s[i + 1 : i + 1 + n]
    if len(digits) < n or any(d not in HEXDIGITS for d in digits):
        await p.die("missing hexadecimal number in escape")
    value = int(digits, 16)
    if (value <= 0x9F and value not in (0x24, 0x40, 0x60)) or 0xD800 <= value <= 0xDFFF:
        await p.die(f"invalid universal character name \\{chr(s[i])}{value:0{n}x}")
    return u32toutf8(value), i + 1 + n


class _Stdout:
    """stdout as stdio keeps it: line-buffered on a terminal, else written in
    BUFSIZ pieces; a failed write is remembered for close_stdout."""

    BUFSIZ = 4096

    def __init__(self, p: Prog, line_buffered: bool) -> None:
        self.p, self.line_buffered = p, line_buffered
        self.buf = bytearray()
        self.failed: OSError | None = None

    async def put(self, data: bytes | str) -> None:
        self.buf += data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data
        if self.line_buffered and b"\n" in self.buf:
            await self._write(self.buf.rindex(b"\n") + 1)
        elif len(self.buf) >= self.BUFSIZ:
            await self._write(len(self.buf))

    async def _write(self, n: int) -> None:
        chunk, self.buf = bytes(self.buf[:n]), self.buf[n:]
        if self.failed is None:
            try:
                await self.p.libc.write_all(1, chunk)
            except OSError as e:
                self.failed = e

    async def close(self) -> int:
        """close_stdout: the rest written; "write error" and 1 if any write failed."""
        await self._write(len(self.buf))
        if self.failed is not None:
            await self.p.error("write error", self.failed)
            return 1
        return 0


class _Formatter:
    """print_formatted: one pass over the format, taking arguments as it goes."""

    def __init__(self, p: Prog, out: _Stdout, fmt: bytes, args: list[bytes]) -> None:
        self.p, self.out, self.fmt, self.args, self.i = p, out, fmt, args, 0
        self.status = 0

    def take(self) -> bytes | None:
        if self.i >= len(self.args):
            return None
        self.i += 1
        return self.args[self.i - 1]

    async def _verify(self, s: bytes, end: int, erange: bool) -> None:
        """verify_numeric."""
        q = self.p.quote(_text(s))
        if erange:
            await self.p.error(q + ": Numerical result out of range")
        elif end < len(s):
            what = "expected a numeric value" if end == 0 else "value not completely converted"
            await self.p.error(f"{q}: {what}")
        else:
            return
        self.status = 1

    async def _char_constant(self, s: bytes) -> int | None:
        """'c or "c: the character's code, with a warning for what follows it."""
        if s[:1] not in (b"'", b'"') or len(s) < 2:
            return None
        value, n = s[1], 1
        if len(s) > 2:  # mbrtowc: a whole UTF-8 character counts as one
            for k in (2, 3, 4) if s[1] >= 0xC2 else ():
                try:
                    value, n = ord(s[1 : 1 + k].decode("utf-8")), k
                    break
                except UnicodeDecodeError:
                    continue
        if len(s) > 1 + n:
            await self.p.error(CFCC.format(_text(s[1 + n :])))
        return value

    async def intmax(self, s: bytes) -> int:
        c = await self._char_constant(s)
        if c is not None:
            return c
        value, end, erange = strtoimax(s)
        await self._verify(s, end, erange)
        return value

    async def uintmax(self, s: bytes) -> int:
        c = await self._char_constant(s)
        if c is not None:
            return c
        value, end, erange = strtoumax(s)
        await self._verify(s, end, erange)
        return value

    async def longdouble(self, s: bytes) -> LongDouble:
        c = await self._char_constant(s)
        if c is not None:
            return LongDouble(False, Fraction(c))
        value, end, erange = strtold(s)
        await self._verify(s, end, erange)
        return value

    async def directive(self, start: int) -> int:
        """The % directive at fmt[start]; returns the index after it."""
        fmt, f = self.fmt, start + 1
        ok = set(ALL_CONVERSIONS)
        while f < len(fmt) and fmt[f] in b"'-+ #0I":
            ok -= set(FLAG_FORBIDS.get(fmt[f], b""))
            f += 1
        flags = bytes(b for b in fmt[start + 1 : f] if b != ord("I"))
        width, f = await self._width(f)
        precision: int | None = None
        if fmt[f : f + 1] == b".":
            ok.discard(ord("c"))
            precision, f = await self._precision(f + 1)
        while f < len(fmt) and fmt[f] in b"lLhjtz":
            f += 1
        conv = fmt[f] if f < len(fmt) else 0
        if conv not in ok:
            await self.p.die(f"{_text(fmt[start : f + 1])}: invalid conversion specification")
        if width < 0:
            flags, width = flags + b"-", -width
        spec = Spec(flags, width, precision)
        await self._convert(spec, chr(conv), self.take() or b"")
        return f + 1

    async def _width(self, f: int) -> tuple[int, int]:
        fmt = self.fmt
        if fmt[f : f + 1] == b"*":
            arg = self.take()
            if arg is None:
                return 0, f + 1
            width = await self.intmax(arg)
            if not INT_MIN <= width <= INT_MAX:
                await self.p.die(f"invalid field width: {self.p.quote(_text(arg))}")
            return width, f + 1
        j = f
        while fmt[j : j + 1].isdigit():
            j += 1
        return (min(int(fmt[f:j]), INT_MAX) if j > f else 0), j

    async def _precision(self, f: int) -> tuple[int | None, int]:
        fmt = self.fmt
        if fmt[f : f + 1] == b"*":
            arg = self.take()
            if arg is None:
                return 0, f + 1
            prec = await self.intmax(arg)
            if prec > INT_MAX:
                await self.p.die(f"invalid precision: {self.p.quote(_text(arg))}")
            return (prec if prec >= 0 else None), f + 1
        j = f
        while fmt[j : j + 1].isdigit():
            j += 1
        return min(int(fmt[f:j] or b"0"), INT_MAX), j

    async def _convert(self, spec: Spec, conv: str, arg: bytes) -> None:
        if conv in "di":
            field = format_int(spec, conv, await self.intmax(arg))
        elif conv in "ouxX":
            field = format_int(spec, conv, await self.uintmax(arg))
        elif conv == "c":
            field = format_char(spec, arg[0] if arg else 0)
        elif conv == "s":
            field = format_str(spec, arg)
        else:
            field = format_float(spec, conv, await self.longdouble(arg))
        await _put(self.out, field)

    async def run(self) -> int:
        """The format once; returns the number of arguments used."""
        fmt, f = self.fmt, 0
        while f < len(fmt):
            c = fmt[f]
            if c == ord("\\"):
                data, f = await print_esc(self.p, fmt, f + 1, False)
                await self.out.put(data)
            elif c != ord("%"):
                await self.out.put(fmt[f : f + 1])
                f += 1
            elif fmt[f + 1 : f + 2] == b"%":
                await self.out.put(b"%")
                f += 2
            elif fmt[f + 1 : f + 2] in (b"b", b"q"):
                arg = self.take()
                if arg is not None:
                    await self._b_or_q(fmt[f + 1], arg)
                f += 2
            else:
                f = await self.directive(f)
        return self.i

    async def _b_or_q(self, conv: int, arg: bytes) -> None:
        if conv == ord("q"):
            await self.out.put((_text(arg) and shell_quote(_text(arg), False)) or "''")
            return
        i = 0
        while i < len(arg):
            if arg[i] == ord("\\"):
                data, i = await print_esc(self.p, arg, i + 1, True)
                await self.out.put(data)
            else:
                await self.out.put(arg[i : i + 1])
                i += 1


async def _put(out: _Stdout, field: Field) -> None:
    for data, count in field.runs:
        while count > 0:
            n = min(count, max(65536 // max(len(data), 1), 1))
            await out.put(data * n)
            count -= n


@coreutil("/usr/bin/printf")
async def main(p: Prog, argv: list[str]) -> int:
    """printf FORMAT [ARGUMENT]...; printf OPTION"""
    if len(argv) == 2 and argv[1] == "--help":
        await p.libc.out(f"Usage: {p.name} FORMAT [ARGUMENT]...\n  or:  {p.name} OPTION\n")
        await p.libc.out(HELP_BODY)
        return 0
    if len(argv) == 2 and argv[1] == "--version":
        await p.libc.out(version_text("printf", "David MacKenzie"))
        return 0
    args = [w.encode("utf-8", "surrogateescape") for w in argv[1:]]
    if args[:1] == [b"--"]:
        args = args[1:]
    if not args:
        await p.error("missing operand")
        await p.usage_error(None)
    fmt, rest = args[0], args[1:]
    out = _Stdout(p, await p.libc.isatty(1))
    status = 0
    try:
        while True:
            f = _Formatter(p, out, fmt, rest)
            used = await f.run()
            status |= f.status
            rest = rest[used:]
            if not used or not rest:
                break
        if rest:
            first = p.quote(_text(rest[0]))
            await p.error(f"warning: ignoring excess arguments, starting with {first}")
    except _Cancel:
        status = 0
    except Die:
        await out.close()
        raise
    return await out.close() or status
