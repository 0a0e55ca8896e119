"""bash's `printf` builtin (models bash 5.2's builtins/printf.def).

`printf [-v var] format [arguments]`: the format is reused until the arguments are
used up; a missing argument is "" or 0. Conversions: %d %i %o %u %x %X (64-bit,
with 0x / 0 prefixes and 'c "c character values), %e %E %f %F %g %G %a %A (x86
long double), %c %s, %b (escapes in the argument; \\c stops all output), %q and
%Q (quoted for the shell), %(fmt)T (strftime of a time, -1 now, -2 the shell's
start), %n, %%; flags #'-+ space 0, widths and precisions, `*` for either. A bad
number is "invalid number" (status 1; the value read so far is printed and the
rest goes on); a bad conversion ends printf with status 1.

The engine (printf_format) works on bytes and is independent of the shell: it
takes the output, error and clock callbacks in a PrintfEnv.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

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
from swapsh.userland.membuf import MemoryExhausted
from swapsh.userland.offtime import localtime
from swapsh.userland.sh.builtins import builtin
from swapsh.userland.sh.printf_escape import bexpand, tescape
from swapsh.userland.sh.shquote import quote_word
from swapsh.userland.strftime import strftime

if TYPE_CHECKING:
    from swapsh.userland.sh.shell import Shell

__all__ = ["PrintfEnv", "PrintfStop", "printf_format"]

INT_MIN, INT_MAX = -(1 << 31), (1 << 31) - 1
SKIP1 = b"#'-+ 0"  # flags
LENMODS = b"hjlLtz"  # length modifiers: read and ignored (bash converts with intmax_t)
TIMELEN_MAX = 128  # strftime's buffer for %(fmt)T
USER_HZ = 100  # /proc/self/stat's clock ticks
FILL_CHUNK = 65536
USAGE = "printf: usage: printf [-v var] format [arguments]\n"
# `printf --help` (bash 5.2.15's builtin_help: to stdout, status 2)
PRINTF_HELP = (
    "printf: printf [-v var] format [arguments]\n"
    "    Formats and prints ARGUMENTS under control of the FORMAT.\n"
    "    \n"
    "    Options:\n"
    "      -v var\tassign the output to shell variable VAR rather than\n"
    "    \t\tdisplay it on the standard output\n"
    "    \n"
    "    FORMAT is a character string which contains three types of objects: plain\n"
    "    characters, which are simply copied to standard output; character escape\n"
    "    sequences, which are converted and copied to the standard output; and\n"
    "    format specifications, each of which causes printing of the next successive\n"
    "    argument.\n"
    "    \n"
    "    In addition to the standard format specifications described in printf(1),\n"
    "    printf interprets:\n"
    "    \n"
    "      %b\texpand backslash escape sequences in the corresponding argument\n"
    "      %q\tquote the argument in a way that can be reused as shell input\n"
    "      %Q\tlike %q, but apply any precision to the unquoted argument before\n"
    "    \t\tquoting\n"
    "      %(fmt)T\toutput the date-time string resulting from using FMT as a format\n"
    "    \t        string for strftime(3)\n"
    "    \n"
    "    The format is re-used as necessary to consume all of the arguments.  If\n"
    "    there are fewer arguments than the format requires,  extra format\n"
    "    specifications behave as if a zero value or null string, as appropriate,\n"
    "    had been supplied.\n"
    "    \n"
    "    Exit Status:\n"
    "    Returns success unless an invalid option is given or a write or assignment\n"
    "    error occurs.\n"
)
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class PrintfStop(Exception):
    """printf ends early (PRETURN): a bad conversion (status 1) or \\c in %b."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


@dataclass
class PrintfEnv:
    """What the engine needs: where output goes, how to complain, the clock."""

    emit: Callable[[bytes], Awaitable[None]]  # output, in order
    complain: Callable[[str], Awaitable[None]]  # builtin_error's message (no prefix)
    clock: Callable[[], Awaitable[int]]  # now, in seconds since the epoch
    start_time: Callable[[], Awaitable[int]]  # the shell's start (%(...)T of -2)
    assign: Callable[[str, str], None]  # %n: set a shell variable
    conversion_error: bool = False
    tw: int = 0  # bytes written in this pass over the format (for %n)

    async def put(self, data: bytes) -> None:
        self.tw += len(data)
        await self.emit(data)

    async def put_field(self, f: Field) -> None:
        for data, count in f.runs:
            if count == 1 or not data:
                await self.put(data * count)
                continue
            left = count
            while left > 0:  # a long run in pieces
                n = min(left, max(FILL_CHUNK // len(data), 1))
                await self.put(data * n)
                left -= n


class _Args:
    """The argument list and bash's get* readers (garglist)."""

    def __init__(self, env: PrintfEnv, args: list[bytes]) -> None:
        self.env, self.args, self.i = env, args, 0

    def more(self) -> bool:
        return self.i < len(self.args)

    def getstr(self) -> bytes:
        if self.i >= len(self.args):
            return b""
        self.i += 1
        return self.args[self.i - 1]

    def getchr(self) -> int:
        s = self.getstr()
        return s[0] if s else 0

    async def _invalid(self, s: bytes) -> None:
        """sh_invalidnum."""
        text = s.decode("utf-8", "surrogateescape")
        if s[:1] == b"0" and s[1:2].isdigit():
            kind = "invalid octal number"
        elif s[:2] == b"0x":
            kind = "invalid hex number"
        else:
            kind = "invalid number"
        await self.env.complain(f"{text}: {kind}")
        self.env.conversion_error = True

    async def _erange(self, s: bytes) -> None:
        await self.env.complain(
            f"warning: {s.decode('utf-8', 'surrogateescape')}: Numerical result out of range"
        )

    def _char_value(self) -> int | None:
        """A next argument starting with ' or ": the code of the character after it
        (bash's asciicode: mbtowc, or the byte when that is not UTF-8)."""
        s = self.args[self.i]
        if s[:1] not in (b"'", b'"'):
            return None
        self.i += 1
        rest = s[1:]
        if not rest:
            return 0
        for n in (1, 2, 3, 4):
            try:
                return ord(rest[:n].decode("utf-8"))
            except UnicodeDecodeError:
                continue
        return rest[0] if rest else 0

    async def _checked(self, s: bytes, end: int, erange: bool) -> None:
        """A conversion that stopped before the end is an invalid number (the value
        read so far is used); one out of range a warning."""
        if end < len(s):
            await self._invalid(s)
        elif erange:
            await self._erange(s)

    async def getintmax(self) -> int:
        return await self._getint(strtoimax)

    async def getuintmax(self) -> int:
        return await self._getint(strtoumax)

    async def _getint(self, strto: Callable[[bytes], tuple[int, int, bool]]) -> int:
        """The next argument as strtoimax or strtoumax reads it (0 when none is left;
        a leading quote gives the next character's value)."""
        if not self.more():
            return 0
        c = self._char_value()
        if c is not None:
            return c
        s = self.getstr()
        value, end, erange = strto(s)
        await self._checked(s, end, erange)
        return value

    async def getfloatmax(self) -> LongDouble:
        if not self.more():
            return LongDouble(False)
        c = self._char_value()
        if c is not None:
            return LongDouble(False, Fraction(c))
        s = self.getstr()
        value, end, erange = strtold(s)
        await self._checked(s, end, erange)
        return value

    async def getint(self) -> int:
        """A `*` width or precision: an int, clamped with a warning that names the
        argument after it (as bash's getint does)."""
        ret = await self.getintmax()
        if not self.more():
            return (ret + (1 << 31)) % (1 << 32) - (1 << 31)  # C's conversion to int
        if not INT_MIN <= ret <= INT_MAX:
            await self._erange(self.args[self.i])
            ret = max(INT_MIN, min(INT_MAX, ret))
        return ret


@dataclass
class _Conv:
    """One parsed conversion."""

    end: int  # index after the conversion letter (len(fmt) + 1: the format ended)
    spec: Spec  # flags, width and precision as printf(3) gets them
    conv: int  # the conversion character (0: the format ended first)
    star_precision: int | None  # the value of a `.*` precision
    written_precision: bytes | None  # what follows a '.' that is not `.*` ("-3" too)
    bad_precision: bytes | None  # ".-N" as written: glibc prints such a spec as text


async def _parse_conv(fmt: bytes, i: int, args: _Args) -> _Conv:
    """The conversion at fmt[i] == '%' (not %%): flags, width (or *), precision (or *)
    and length modifiers; a `*` reads its argument now."""
    start, i = i, i + 1
    while i < len(fmt) and fmt[i] in SKIP1:
        i += 1
    flags = fmt[start + 1 : i]
    if fmt[i : i + 1] == b"*":
        i += 1
        width = await args.getint()
        if width < 0:
            flags, width = flags + b"-", -width
    else:
        j = i
        while fmt[i : i + 1].isdigit():
            i += 1
        width = min(int(fmt[j:i]), INT_MAX) if i > j else 0
    precision, star, written, bad = None, None, None, None
    if fmt[i : i + 1] == b".":
        i += 1
        if fmt[i : i + 1] == b"*":
            i += 1
            star = await args.getint()
            precision = star if star >= 0 else None
        else:
            j = i
            negative = fmt[i : i + 1] == b"-"
            i += negative
            while fmt[i : i + 1].isdigit():
                i += 1
            written = fmt[j:i]
            if negative:  # printf(3) gets ".-N", which glibc prints as text
                bad = b"%" + fmt[start + 1 : j - 1] + b".0" + written
            else:
                precision = min(int(written or b"0"), INT_MAX)
    while i < len(fmt) and fmt[i] in LENMODS:
        i += 1
    conv = fmt[i] if i < len(fmt) else 0
    return _Conv(i + 1, Spec(flags, width, precision), conv, star, written, bad)


def printstr(c: _Conv, data: bytes, pvar: int | None = None) -> Field:
    """bash's printstr (%b %q %Q %T): the precision cuts bytes, the width pads.
    pvar is bash's `precision` variable (a `.*` value, or what %Q needs): a `.*`
    precision is it, a written one is raised to it."""
    pvar = (c.star_precision or 0) if pvar is None else pvar
    if c.star_precision is not None:
        pr = pvar
    elif c.written_precision is None:
        pr = -1
    elif c.written_precision[:1].isdigit():
        pr = min(int(c.written_precision), INT_MAX)
        pr = pvar if pr < pvar < INT_MAX else pr
    else:
        pr = 0  # "." alone or ".-N"
    if 0 <= pr <= len(data):
        data = data[:pr]
    fill = max(c.spec.width - len(data), 0)
    if c.spec.has("-"):
        return Field(((data, 1), (b" ", fill)))
    return Field(((b" ", fill), (data, 1)))


async def _numeric(env: PrintfEnv, args: _Args, c: _Conv) -> Field:
    """%d %i %o %u %x %X and the floating conversions."""
    conv = chr(c.conv)
    if conv in "di":
        value = await args.getintmax()
        mod = b"l"
    elif conv in "ouxX":
        value = await args.getuintmax()
        mod = b"l"
    else:
        ld = await args.getfloatmax()
        mod = b"L"
    if c.bad_precision is not None:
        return Field(((c.bad_precision + mod + bytes((c.conv,)), 1),))
    if conv in "diouxX":
        return format_int(c.spec, conv, value)
    return format_float(c.spec, conv, ld)


async def _time(
    env: PrintfEnv, args: _Args, fmt: bytes, c: _Conv, i: int
) -> tuple[Field | None, int]:
    """%(fmt)T at fmt[i] == '(': (the field, index after the 'T'); (None, index
    after the '%') when no 'T' follows the parentheses (a warning, and the '%' is
    printed as text)."""
    depth, j = 1, i + 1
    while j < len(fmt):
        depth += (fmt[j] == ord("(")) - (fmt[j] == ord(")"))
        if depth == 0:
            break
        j += 1
    timefmt = fmt[i + 1 : j]
    after = fmt[j + 1] if j + 1 < len(fmt) else 0
    if after != ord("T"):
        await env.complain(f"warning: `{chr(after)}': invalid time format specification")
        return None, 0
    arg = await args.getintmax() if args.more() else -1
    secs = await env.clock() if arg == -1 else await env.start_time() if arg == -2 else arg
    tm, ok = localtime(secs)
    if not ok:
        secs = 0
        tm, ok = localtime(0)
    text = strftime((timefmt or b"%X").decode("utf-8", "surrogateescape"), tm, secs)
    data = text.encode("utf-8", "surrogateescape")
    if len(data) >= TIMELEN_MAX:  # strftime's buffer is too small: it returns 0
        data = b""
    return printstr(c, data), j + 2


async def _quoted(args: _Args, c: _Conv) -> Field:
    """%q and %Q: %Q cuts the word to a written precision before quoting, and never
    cuts the quoted text."""
    word = args.getstr()
    if c.conv != ord("Q"):
        return printstr(c, quote_word(word))
    need = 0
    if c.written_precision and c.written_precision[:1].isdigit():
        need = min(int(c.written_precision), INT_MAX)
        word = word[:need]
    elif c.star_precision is not None:
        need = c.star_precision
    q = quote_word(word)
    return printstr(c, q, max(need, len(q)))


async def _convert(env: PrintfEnv, args: _Args, c: _Conv) -> Field:
    """One conversion other than %b, %(..)T and %n. Raises PrintfStop (1) for an
    unknown conversion character."""
    conv = chr(c.conv)
    if conv in "c":
        field = format_char(c.spec, args.getchr())
    elif conv == "s":
        field = format_str(c.spec, args.getstr())
    elif conv in "qQ":
        return await _quoted(args, c)
    elif conv in "diouxXeEfFgGaA":
        return await _numeric(env, args, c)
    else:
        await env.complain(f"`{conv}': invalid format character")
        raise PrintfStop(1)
    if c.bad_precision is not None:
        return Field(((c.bad_precision + bytes((c.conv,)), 1),))
    return field


async def _escape(env: PrintfEnv, fmt: bytes, i: int) -> int:
    """A backslash escape in the format at fmt[i - 1]; returns the index after it."""
    data, j, _, msg = tescape(fmt, i, False)
    if msg:
        await env.complain(msg)
    await env.put(data)
    return j


async def _one_pass(env: PrintfEnv, fmt: bytes, args: _Args) -> None:
    """The format once through. Raises PrintfStop."""
    i = 0
    while i < len(fmt):
        ch = fmt[i]
        if ch == ord("\\"):
            i = await _escape(env, fmt, i + 1)
            continue
        if ch != ord("%"):
            await env.put(fmt[i : i + 1])
            i += 1
            continue
        if fmt[i + 1 : i + 2] == b"%":
            await env.put(b"%")
            i += 2
            continue
        c = await _parse_conv(fmt, i, args)
        if c.conv == 0:
            await env.complain(
                f"`{fmt[i:].decode('utf-8', 'surrogateescape')}': missing format character"
            )
            raise PrintfStop(1)
        if c.conv == ord("("):
            field, nxt = await _time(env, args, fmt, c, c.end - 1)
            if field is None:
                await env.put(b"%")
                i += 1
                continue
            await env.put_field(field)
            i = nxt
            continue
        i = c.end
        if c.conv == ord("b"):
            data, saw_c, msgs = bexpand(args.getstr())
            for msg in msgs:
                await env.complain(msg)
            await env.put_field(printstr(c, data))
            if saw_c:  # bash returns at once, with no regard to earlier bad numbers
                raise PrintfStop(0)
        elif c.conv == ord("n"):
            await _store_count(env, args)
        else:
            await env.put_field(await _convert(env, args, c))


async def _store_count(env: PrintfEnv, args: _Args) -> None:
    name = args.getstr().decode("utf-8", "surrogateescape")
    if not name:
        return
    if not IDENTIFIER.match(name):
        await env.complain(f"`{name}': not a valid identifier")
        raise PrintfStop(1)
    env.assign(name, str(env.tw))


async def printf_format(env: PrintfEnv, fmt: bytes, args: list[bytes]) -> int:
    """The format, again and again while it uses up arguments. Returns: the exit
    status (1 after an invalid number or a bad conversion)."""
    a = _Args(env, args)
    try:
        while True:
            env.tw = 0
            await _one_pass(env, fmt, a)
            if not a.more() or a.i == 0:
                break
    except PrintfStop as e:
        return e.status
    return 1 if env.conversion_error else 0


# -- the builtin --------------------------------------------------------------------------------
class _Stdout:
    """The builtin's stdout as a stdio stream: line-buffered on a terminal, else
    written in BUFSIZ pieces. A failed write raises OSError (bash's write error)."""

    BUFSIZ = 4096

    def __init__(self, sh: Shell, line_buffered: bool) -> None:
        self.sh, self.line_buffered = sh, line_buffered
        self.buf = bytearray()

    async def emit(self, data: bytes) -> None:
        self.buf += data
        if self.line_buffered and b"\n" in data:
            cut = self.buf.rindex(b"\n") + 1
            chunk, self.buf = bytes(self.buf[:cut]), self.buf[cut:]
            await self.sh.libc.write_all(1, chunk)
        elif len(self.buf) >= self.BUFSIZ:
            chunk, self.buf = bytes(self.buf), bytearray()
            await self.sh.libc.write_all(1, chunk)

    async def flush(self) -> None:
        if self.buf:
            chunk, self.buf = bytes(self.buf), bytearray()
            await self.sh.libc.write_all(1, chunk)


async def shell_start_time(sh: Shell) -> int:
    """bash's shell_start_time: when this process started, in seconds since the
    epoch (/proc/stat's btime plus /proc/self/stat's starttime); now if /proc
    cannot tell."""
    try:
        stat = await sh.read_file("/proc/self/stat")
        btime = next(
            int(line.split()[1])
            for line in (await sh.read_file("/proc/stat")).splitlines()
            if line.startswith("btime ")
        )
        return btime + int(stat.rsplit(")", 1)[1].split()[19]) // USER_HZ
    except (OSError, MemoryExhausted, ValueError, IndexError, StopIteration):
        return await sh.libc.clock_gettime(0) // 1_000_000_000


def _word(s: str) -> bytes:
    return s.encode("utf-8", "surrogateescape")


async def _options(sh: Shell, args: list[str]) -> tuple[str | None, list[str]] | int:
    """internal_getopt(list, "v:"): (the -v name, the words after the options), or
    the exit status of a usage error."""
    vname, i = None, 0
    while i < len(args) and args[i].startswith("-") and args[i] != "-":
        word = args[i]
        i += 1
        if word == "--":
            break
        if word == "--help":
            await sh.libc.write_all(1, _word(PRINTF_HELP))
            return 2
        if word[1] != "v":
            await sh.error(f"printf: -{word[1]}: invalid option")
            await sh.libc.err(USAGE)
            return 2
        if len(word) > 2:
            vname = word[2:]
        elif i < len(args):
            vname, i = args[i], i + 1
        else:
            await sh.error("printf: -v: option requires an argument")
            await sh.libc.err(USAGE)
            return 2
        if not IDENTIFIER.match(vname):
            await sh.error(f"printf: `{vname}': not a valid identifier")
            return 2
    return vname, args[i:]


@builtin("printf")
async def printf_builtin(sh: Shell, argv: list[str]) -> int:
    parsed = await _options(sh, argv[1:])
    if isinstance(parsed, int):
        return parsed
    vname, words = parsed
    if not words:
        await sh.libc.err(USAGE)
        return 2
    if vname is not None and not words[0]:
        sh.vars[vname] = ""
        return 0
    if not words[0]:
        return 0
    captured = bytearray()

    async def to_var(data: bytes) -> None:
        captured.extend(data)

    out = _Stdout(sh, await sh.libc.isatty(1)) if vname is None else None

    async def complain(msg: str) -> None:
        await sh.error(f"printf: {msg}")  # stderr: unbuffered, stdout keeps its buffer

    async def now() -> int:
        return await sh.libc.clock_gettime(0) // 1_000_000_000

    async def start_time() -> int:
        return await shell_start_time(sh)

    def assign(name: str, value: str) -> None:
        sh.vars[name] = value

    env = PrintfEnv(out.emit if out else to_var, complain, now, start_time, assign)
    status = await printf_format(env, _word(words[0]), [_word(w) for w in words[1:]])
    if out is not None:
        await out.flush()
    elif vname is not None:
        # the variable is a C string: it ends at the first NUL
        sh.vars[vname] = bytes(captured).split(b"\0", 1)[0].decode("utf-8", "surrogateescape")
    return status
