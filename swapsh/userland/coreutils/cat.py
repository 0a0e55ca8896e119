"""cat: concatenate files and print on the standard output (models coreutils 9.1
src/cat.c)."""

from __future__ import annotations

from dataclasses import dataclass

from swapsh.userland.coreutils.common import (
    HELP_TAIL,
    Prog,
    coreutil,
    help_footer,
    parse_opts,
    quotef,
    version_text,
)
from swapsh.userland.getopt import NO, LongOpt

__all__ = ["main"]

IO_BUFSIZE = 128 * 1024
LONGOPTS = [
    LongOpt("number-nonblank", NO, "b"),
    LongOpt("number", NO, "n"),
    LongOpt("squeeze-blank", NO, "s"),
    LongOpt("show-nonprinting", NO, "v"),
    LongOpt("show-ends", NO, "E"),
    LongOpt("show-tabs", NO, "T"),
    LongOpt("show-all", NO, "A"),
    LongOpt("help", NO),
    LongOpt("version", NO),
]
HELP = """\
Usage: {0} [OPTION]... [FILE]...
Concatenate FILE(s) to standard output.

With no FILE, or when FILE is -, read standard input.

  -A, --show-all           equivalent to -vET
  -b, --number-nonblank    number nonempty output lines, overrides -n
  -e                       equivalent to -vE
  -E, --show-ends          display $ at end of each line
  -n, --number             number all output lines
  -s, --squeeze-blank      suppress repeated empty output lines
  -t                       equivalent to -vT
  -T, --show-tabs          display TAB characters as ^I
  -u                       (ignored)
  -v, --show-nonprinting   use ^ and M- notation, except for LFD and TAB
"""
HELP2 = """
Examples:
  {0} f - g  Output f's contents, then standard input, then g's contents.
  {0}        Copy standard input to standard output.
"""
EXPAND = {"A": "vET", "e": "vE", "t": "vT"}


@dataclass
class Fmt:
    """The formatting options and the state carried from file to file."""

    flags: str
    line: int = 0
    at_line_start: bool = True
    blank_run: int = 0  # consecutive newlines seen at a line start

    @property
    def plain(self) -> bool:
        return not set(self.flags) & set("bnsvET")


def _visible(c: int, flags: str) -> bytes:
    """One byte under -v / -T."""
    if c == 9:
        return b"^I" if "T" in flags else b"\t"
    if "v" not in flags:
        return bytes([c])
    pre = b""
    if c >= 128:
        pre, c = b"M-", c - 128
    if c < 32:
        return pre + b"^" + bytes([c + 64])
    if c == 127:
        return pre + b"^?"
    return pre + bytes([c])


def _format(f: Fmt, data: bytes) -> bytes:
    """Apply -b -n -s -v -E -T to data, keeping line state across calls."""
    out = bytearray()
    for line in data.splitlines(keepends=True):
        nl = line.endswith(b"\n")
        body = line[:-1] if nl else line
        if f.at_line_start and not body and nl:
            f.blank_run += 1
            if "s" in f.flags and f.blank_run > 1:
                continue
            if "n" in f.flags and "b" not in f.flags:
                f.line += 1
                out += b"%6d\t" % f.line
            out += b"$\n" if "E" in f.flags else b"\n"
            continue
        if f.at_line_start:
            f.blank_run = 0
            if "b" in f.flags or "n" in f.flags:
                f.line += 1
                out += b"%6d\t" % f.line
        if "v" in f.flags or "T" in f.flags:
            out += b"".join(_visible(c, f.flags) for c in body)
        else:
            out += body
        if nl:
            out += b"$\n" if "E" in f.flags else b"\n"
        f.at_line_start = nl
    return bytes(out)


async def _cat_fd(p: Prog, f: Fmt, fd: int, name: str) -> bool:
    while True:
        try:
            data = await p.libc.read(fd, IO_BUFSIZE)
        except OSError as e:
            await p.error(quotef(name), e)
            return False
        if not data:
            return True
        await p.libc.out(data if f.plain else _format(f, data))


async def _cat_file(p: Prog, f: Fmt, name: str) -> bool:
    if name == "-":
        return await _cat_fd(p, f, 0, name)
    try:
        fd = await p.libc.open(name)
    except OSError as e:
        await p.error(quotef(name), e)
        return False
    try:
        return await _cat_fd(p, f, fd, name)
    finally:
        await p.libc.close(fd)


@coreutil("/bin/cat")
async def main(p: Prog, argv: list[str]) -> int:
    """cat [OPTION]... [FILE]..."""
    opts, files = await parse_opts(p, argv, "benstuvAET", LONGOPTS)
    flags = ""
    for o, _ in opts:
        if o == "help":
            await p.libc.out(
                HELP.format(p.name) + HELP_TAIL + HELP2.format(p.name) + help_footer("cat")
            )
            return 0
        if o == "version":
            await p.libc.out(version_text("cat", "Torbjorn Granlund and Richard M. Stallman"))
            return 0
        flags += EXPAND.get(o, o)
    f = Fmt(flags)
    ok = True
    for name in files or ["-"]:
        ok = await _cat_file(p, f, name) and ok
    return 0 if ok else 1
