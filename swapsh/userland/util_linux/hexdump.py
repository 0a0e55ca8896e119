"""hexdump: display file contents in hexadecimal, decimal, octal, or ascii (models
util-linux 2.38.1 text-utils/hexdump*.c for its built-in formats: the default, -b, -c,
-C, -d, -o and -x; custom -e/-f format strings are not supported).

The input files form one stream. A line equal to the one before it is shown as a
single '*' unless -v. Long runs are skipped a block at a time: the kernel hands out
one shared bytes object for zero regions of sparse files, so comparing a block with
the repeated line first checks identity and costs nothing (a 512 MiB sparse file
dumps in a few milliseconds).
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from swapsh.userland.getopt import NO, REQUIRED, GetoptError, LongOpt, getopt_long
from swapsh.userland.libc import Libc
from swapsh.userland.registry import program
from swapsh.userland.util_linux.common import (
    UlExit,
    errtryhelp,
    print_version,
    warn,
    warnx,
)

__all__ = ["main"]

LONGOPTS = [
    LongOpt("one-byte-octal", NO, "b"),
    LongOpt("one-byte-char", NO, "c"),
    LongOpt("canonical", NO, "C"),
    LongOpt("two-bytes-decimal", NO, "d"),
    LongOpt("two-bytes-octal", NO, "o"),
    LongOpt("two-bytes-hex", NO, "x"),
    LongOpt("format", REQUIRED, "e"),
    LongOpt("format-file", REQUIRED, "f"),
    LongOpt("color", NO, "L"),
    LongOpt("length", REQUIRED, "n"),
    LongOpt("skip", REQUIRED, "s"),
    LongOpt("no-squeezing", NO, "v"),
    LongOpt("help", NO, "h"),
    LongOpt("version", NO, "V"),
]
HELP = """

Usage:
 hexdump [options] <file>...

Display file contents in hexadecimal, decimal, octal, or ascii.

Options:
 -b, --one-byte-octal      one-byte octal display
 -c, --one-byte-char       one-byte character display
 -C, --canonical           canonical hex+ASCII display
 -d, --two-bytes-decimal   two-byte decimal display
 -o, --two-bytes-octal     two-byte octal display
 -x, --two-bytes-hex       two-byte hexadecimal display
 -L, --color[=<mode>]      interpret color formatting specifiers
                             colors are enabled by default
 -e, --format <format>     format string to be used for displaying data
 -f, --format-file <file>  file that contains format strings
 -n, --length <length>     interpret only length bytes of input
 -s, --skip <offset>       skip offset bytes from the beginning
 -v, --no-squeezing        output identical lines

 -h, --help                display this help
 -V, --version             display version

Arguments:
 <length> and <offset> arguments may be followed by the suffixes for
   GiB, TiB, PiB, EiB, ZiB, and YiB (the "iB" is optional)

For more details see hexdump(1).
"""
BLOCK = 4 << 20  # bytes per read(); a multiple of 16
LINE = 16
PAGE = 4096
_CHAR_ESC = {0: "\\0", 7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r"}


def _unit_texts(kind: str) -> tuple[int, Callable[[bytes], str], int]:
    """(unit size, formatter of one unit, width of a unit's text) for a built-in format."""
    if kind == "b":
        return 1, lambda u: f"{u[0]:03o} ", 4
    if kind == "c":
        return 1, _char_unit, 4
    w = {"d": ("  {:05d} ", 8), "o": (" {:06o} ", 8), "x": ("   {:04x} ", 8), "": ("{:04x} ", 5)}[
        kind
    ]
    fmt = w[0]
    return 2, lambda u: fmt.format(int.from_bytes(u.ljust(2, b"\0"), "little")), w[1]


def _char_unit(u: bytes) -> str:
    b = u[0]
    if b in _CHAR_ESC:
        return f"{_CHAR_ESC[b]:>3} "
    return f"{chr(b):>3} " if 0x20 <= b < 0x7F else f"{b:03o} "


def _canonical(addr: int, line: bytes) -> str:
    hexes = [f"{b:02x} " for b in line] + ["   "] * (LINE - len(line))
    text = "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in line)
    return f"{addr:08x}  {''.join(hexes[:8])} {''.join(hexes[8:])} |{text}|\n"


def _line_format(kind: str) -> str:
    """str.format() of one whole 16-byte line, the same text as Dump.line_text()."""
    if kind == "C":
        return "{:08x}  " + "{:02x} " * 8 + " " + "{:02x} " * 8 + " |{}|\n"
    unit = {"b": "{:03o} ", "c": "{}", "d": "  {:05d} ", "o": " {:06o} ", "x": "   {:04x} "}
    u = unit.get(kind, "{:04x} ")
    n = LINE if kind in ("b", "c") else LINE // 2
    return "{:07x} " + u * (n - 1) + u.rstrip(" ") + "\n"


_LINE_FORMAT = {k: _line_format(k) for k in ("", "b", "c", "C", "d", "o", "x")}
_CHAR_TEXT = [_char_unit(bytes([b])) for b in range(256)]
_CHAR_TEXT_LAST = [t[:-1] for t in _CHAR_TEXT]  # the line's last unit loses its space
_DOTS = bytes(b if 0x20 <= b < 0x7F else 0x2E for b in range(256))


def _page_text(kind: str, addr: int, data: bytes) -> str:
    """line_text() of each 16-byte line of data (whole lines), formatted by C loops
    (map, struct, translate) rather than a byte at a time."""
    cols: list[Iterable[object]]
    if kind == "c":
        cols = [map(_CHAR_TEXT.__getitem__, data[j::LINE]) for j in range(LINE - 1)]
        cols.append(map(_CHAR_TEXT_LAST.__getitem__, data[LINE - 1 :: LINE]))
    elif kind in ("b", "C"):
        cols = [data[j::LINE] for j in range(LINE)]
    else:
        values = struct.unpack(f"<{len(data) // 2}H", data)
        cols = [values[j :: LINE // 2] for j in range(LINE // 2)]
    if kind == "C":
        text = data.translate(_DOTS).decode("latin-1")
        cols.append([text[i : i + LINE] for i in range(0, len(text), LINE)])
    addrs = range(addr, addr + len(data), LINE)
    return "".join(map(_LINE_FORMAT[kind].format, addrs, *cols))


def _has_repeated_line(data: bytes) -> bool:
    """Whether some 16 bytes of data equal the 16 before them (a superset of two equal
    consecutive lines: a hit only sends the block down the line-by-line path)."""
    if len(data) <= LINE:
        return False
    a = int.from_bytes(data[LINE:], "big") ^ int.from_bytes(data[:-LINE], "big")
    return b"\0" * LINE in a.to_bytes(len(data) - LINE, "big")


@dataclass
class Dump:
    """The output state: the format, the address, the line being repeated."""

    libc: Libc
    kind: str  # "C", "", or one of "bcdox"
    squeeze: bool
    addr: int = 0
    prev: bytes | None = None  # the last full line shown
    starred: bool = False  # a '*' stands for lines equal to prev
    reps: dict[int, bytes] = field(default_factory=dict)  # size -> prev repeated to it
    out: list[str] = field(default_factory=list)

    def line_text(self, line: bytes) -> str:
        if self.kind == "C":
            return _canonical(self.addr, line)
        size, fmt, width = _unit_texts(self.kind)
        units = [fmt(line[i : i + size]) for i in range(0, len(line), size)]
        units += [" " * width] * (LINE // size - len(units))
        return f"{self.addr:07x} {''.join(units)[:-1]}\n"

    def lines(self, data: bytes) -> None:
        """Show whole 16-byte lines of data (len(data) is a multiple of 16). A block
        that differs from the repeated line is halved until it is a page or less, so
        only the lines near a change are formatted one by one."""
        if self.squeeze and self.prev is not None and self._all_repeat(data, self.prev):
            if not self.starred:
                self.out.append("*\n")
                self.starred = True
            self.addr += len(data)
            return
        if len(data) > PAGE:
            half = len(data) // 2 // LINE * LINE
            self.lines(data[:half])
            self.lines(data[half:])
            return
        if not data:
            return
        if not (self.squeeze and (data[:LINE] == self.prev or _has_repeated_line(data))):
            self.out.append(_page_text(self.kind, self.addr, data))
            self.prev, self.starred = data[-LINE:], False
            self.reps.clear()
            self.addr += len(data)
            return
        for i in range(0, len(data), LINE):
            line = data[i : i + LINE]
            if self.squeeze and line == self.prev:
                if not self.starred:
                    self.out.append("*\n")
                    self.starred = True
            else:
                self.out.append(self.line_text(line))
                self.prev, self.starred = line, False
                self.reps.clear()
            self.addr += LINE

    def _all_repeat(self, data: bytes, prev: bytes) -> bool:
        """Whether data is prev (the last line shown) over and over."""
        rep = self.reps.get(len(data))
        if rep is None:
            rep = self.reps[len(data)] = prev * (len(data) // LINE)
        if data == rep:  # identity first: shared zero blocks compare at once
            self.reps[len(data)] = data
            return True
        return False

    def tail(self, data: bytes) -> None:
        """The last, partial line, then the end address."""
        if data:
            self.out.append(self.line_text(data))
            self.addr += len(data)
        if self.addr:
            self.out.append(f"{self.addr:08x}\n" if self.kind == "C" else f"{self.addr:07x}\n")


# strtoumax(base 0): hex, octal (a leading 0: "08" stops at the 8) or decimal
_SIZE = re.compile(
    r"\s*(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)(?:([KMGTPEZYkmgtpezy])(iB|ib|B|b)?)?"
)


async def _strtosize(libc: Libc, s: str, what: str) -> int:
    """strtosize_or_err(): a number (C base prefixes) with an optional K/M/G... suffix."""
    m = _SIZE.fullmatch(s)
    if m is None:
        await warnx(libc, f"{what}: '{s}': Invalid argument")
        raise UlExit(1)
    num = m.group(1)
    n = int(num, 16) if num[:2] in ("0x", "0X") else int(num, 8 if num.startswith("0") else 10)
    if m.group(2):
        base = 1000 if m.group(3) in ("B", "b") else 1024
        n *= base ** ("KMGTPEZY".index(m.group(2).upper()) + 1)
    if n >= 1 << 64:
        await warnx(libc, f"{what}: '{s}': Numerical result out of range")
        raise UlExit(1)
    return n


@dataclass
class Reader:
    """The input stream over all files: -s skip, -n length, and the files' errors."""

    libc: Libc
    skip: int
    length: int | None
    failed: int = 0

    async def _skip(self, d: Dump, fd: int, name: str) -> bool:
        """Skip into this file; False if the whole file is skipped."""
        if not self.skip:
            return True
        try:
            st = await self.libc.fstat(fd)
            if st.st_mode & 0o170000 == 0o100000:
                if self.skip >= st.st_size:
                    self.skip -= st.st_size
                    d.addr += st.st_size
                    return False
                await self.libc.lseek(fd, self.skip, 0)
                d.addr += self.skip
                self.skip = 0
                return True
            while self.skip:
                b = await self.libc.read(fd, min(self.skip, BLOCK))
                if not b:
                    return False
                self.skip -= len(b)
                d.addr += len(b)
        except OSError as e:
            await warn(self.libc, name, e)
            return False
        return True

    async def blocks(self, d: Dump, fd: int, name: str, carry: bytes) -> bytes:
        """Feed one file's data to d in whole lines; returns the partial line left."""
        if not await self._skip(d, fd, name):
            return carry
        while self.length is None or self.length > 0:
            want = BLOCK if self.length is None else min(BLOCK, self.length)
            try:
                b = await self.libc.read(fd, want)
            except OSError as e:
                await warn(self.libc, name, e)
                break
            if not b:
                break
            if self.length is not None:
                self.length -= len(b)
            data = carry + b if carry else b
            cut = len(data) - len(data) % LINE
            carry = data[cut:]
            d.lines(data[:cut] if cut != len(data) else data)
            if len(d.out) > 256:
                await self.libc.out("".join(d.out))
                d.out.clear()
        return carry


async def _parse(libc: Libc, argv: list[str]) -> tuple[str, bool, int, int | None, list[str]]:
    try:
        opts, files = getopt_long(argv, "bcCde:f:L::n:os:vxhV", LONGOPTS)
    except GetoptError as e:
        await warnx(libc, e.message)
        await errtryhelp(libc, 1)
    kind, squeeze, skip, length = "", True, 0, None
    for o, v in opts:
        if o in "bcCdox":
            kind = o
        elif o in "ef":
            await warnx(libc, "custom formats (-e, -f) are not supported by swapsh")
            raise UlExit(1)
        elif o == "n":
            length = await _strtosize(libc, v or "", "failed to parse length")
        elif o == "s":
            skip = await _strtosize(libc, v or "", "failed to parse offset")
        elif o == "v":
            squeeze = False
        elif o == "h":
            await libc.out(HELP)
            raise UlExit(0)
        elif o == "V":
            await print_version(libc)
    return kind, squeeze, skip, length, files


async def _run(libc: Libc, argv: list[str]) -> int:
    kind, squeeze, skip, length, files = await _parse(libc, argv)
    d, r = Dump(libc, kind, squeeze), Reader(libc, skip, length)
    carry = b""
    for name in files or ["-"]:
        if name == "-":
            carry = await r.blocks(d, 0, "stdin", carry)
            continue
        try:
            fd = await libc.open(name)
        except OSError as e:
            await warn(libc, name, e)
            r.failed += 1
            continue
        try:
            carry = await r.blocks(d, fd, name, carry)
        finally:
            await libc.close(fd)
    if files and r.failed == len(files):
        await warnx(libc, "all input file arguments failed")
        return 1
    d.tail(carry)
    await libc.out("".join(d.out))
    return 1 if r.failed else 0


@program("/usr/bin/hexdump")
async def main(libc: Libc, argv: list[str]) -> int:
    """hexdump [options] <file>..."""
    try:
        return await _run(libc, argv or ["hexdump"])
    except UlExit as e:
        return e.code
