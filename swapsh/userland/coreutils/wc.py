"""wc: print newline, word, and byte counts for each file (models coreutils 9.1
src/wc.c, its counting rules and its column width).

Words: a word is a run of characters between separators (space, \\t \\n \\r \\f \\v and,
in a UTF-8 locale, the Unicode spaces) that holds at least one printable character;
non-printable characters neither start nor end a word. Invalid UTF-8 bytes count as
bytes but not as characters.
"""

from __future__ import annotations

import codecs
import re
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from swapsh.userland.coreutils.common import (
    Prog,
    coreutil,
    parse_opts,
    quotef,
    utf8_locale,
    version_text,
)
from swapsh.userland.coreutils.textin import IO_BUFSIZE, Input, show_name
from swapsh.userland.getopt import NO, REQUIRED, LongOpt

__all__ = ["main"]

LONGOPTS = [
    LongOpt("bytes", NO, "c"),
    LongOpt("chars", NO, "m"),
    LongOpt("lines", NO, "l"),
    LongOpt("words", NO, "w"),
    LongOpt("max-line-length", NO, "L"),
    LongOpt("files0-from", REQUIRED),
    LongOpt("help", NO),
    LongOpt("version", NO),
]
HELP = """\
Usage: {0} [OPTION]... [FILE]...
  or:  {0} [OPTION]... --files0-from=F
Print newline, word, and byte counts for each FILE, and a total line if
more than one FILE is specified.  A word is a non-zero-length sequence of
printable characters delimited by white space.

With no FILE, or when FILE is -, read standard input.

The options below may be used to select which counts are printed, always in
the following order: newline, word, character, byte, maximum line length.
  -c, --bytes            print the byte counts
  -m, --chars            print the character counts
  -l, --lines            print the newline counts
      --files0-from=F    read input from the files specified by
                           NUL-terminated names in file F;
                           If F is - then read names from standard input
  -L, --max-line-length  print the maximum display width
  -w, --words            print the word counts
      --help        display this help and exit
      --version     output version information and exit

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/wc>
or available locally via: info '(coreutils) wc invocation'
"""

_ASCII_SEP = " \t\n\r\f\v"
_UNI_SEP = "\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_SEP_C = re.compile(f"[{_ASCII_SEP}]+")
_SEP_U = re.compile(f"[{_ASCII_SEP}{_UNI_SEP}]+")
_ASCII_PRINT = re.compile("[\x21-\x7e]")


@dataclass
class Counts:
    """One file's counts (the order wc prints them in)."""

    lines: int = 0
    words: int = 0
    chars: int = 0
    bytes: int = 0
    maxlen: int = 0
    printable: bool = False  # the open run holds a printable character
    linepos: int = 0  # display column at the end of what was counted
    failed: bool = False  # reading stopped at an error


def _printable(ch: str, utf8: bool) -> bool:
    if not utf8 or ch < "\x80":
        return "\x20" <= ch <= "\x7e"
    return ch.isprintable() or unicodedata.category(ch) == "Zs"


def _has_printable(s: str, utf8: bool) -> bool:
    if s.isascii():
        return _ASCII_PRINT.search(s) is not None
    return bool(s.translate(_PRINTABLES[utf8]))


def _width(ch: str, utf8: bool) -> int:
    """wcwidth() of a character (0 for what is not printable)."""
    if not _printable(ch, utf8):
        return 0
    if ch < "\x80":
        return 1
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


class _CharTable(dict[int, int | str | None]):
    """A str.translate() table filled as characters are met: `fn` gives a character's
    image. Only the BMP is kept, so the table stays under 64K entries."""

    def __init__(self, fn: Callable[[str], int | str | None]) -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, cp: int) -> int | str | None:
        image = self.fn(chr(cp))
        if cp < 0x10000:
            self[cp] = image
        return image


def _column_image(ch: str, utf8: bool) -> str | None:
    """ch as wc -L sees it: a '.' per display column, line breaks as '\\n', tabs kept."""
    if ch in "\n\r\f":
        return "\n"
    return ch if ch == "\t" else "..."[: _width(ch, utf8)] or None


def _printable_image(ch: str, utf8: bool) -> str | None:
    return ch if _printable(ch, utf8) else None


_COLUMNS = {u: _CharTable(partial(_column_image, utf8=u)) for u in (False, True)}
_PRINTABLES = {u: _CharTable(partial(_printable_image, utf8=u)) for u in (False, True)}


def _count_words(c: Counts, text: str, utf8: bool) -> None:
    runs = (_SEP_U if utf8 else _SEP_C).split(text)
    for i, run in enumerate(runs):
        if run and _has_printable(run, utf8):
            c.printable = True
        if i < len(runs) - 1:  # a separator follows: the run ends here
            c.words += c.printable
            c.printable = False


def _count_maxlen(c: Counts, text: str, utf8: bool) -> None:
    """Once translated to columns, expandtabs() places the tabs and each line's length
    is its width. The open line's column is carried in as its remainder mod 8 (the
    tab stops are the same) plus a shift, so a long line costs nothing per buffer."""
    shift = c.linepos - c.linepos % 8
    lines = ("." * (c.linepos % 8) + text.translate(_COLUMNS[utf8])).expandtabs(8).split("\n")
    c.linepos = len(lines[-1]) + (shift if len(lines) == 1 else 0)
    c.maxlen = max(c.maxlen, shift + len(lines[0]), c.linepos, *map(len, lines[1:]))


def _count_text(c: Counts, text: str, want: str, utf8: bool) -> None:
    c.chars += len(text)
    if "w" in want:
        _count_words(c, text, utf8)
    if "L" in want:
        _count_maxlen(c, text, utf8)


async def _count(p: Prog, inp: Input, want: str, utf8: bool) -> Counts:
    """Count what can be read; a read error is reported and counting stops there
    (the counts so far are still printed, as wc.c does)."""
    c = Counts()
    dec = codecs.getincrementaldecoder("utf-8" if utf8 else "latin-1")("ignore")
    need_text = bool(set(want) & set("wmL"))
    while True:
        try:
            b = await p.libc.read(inp.fd, IO_BUFSIZE)
        except OSError as e:
            await p.error(quotef(show_name(inp.name)), e)
            c.failed = True
            break
        c.bytes += len(b)
        c.lines += b.count(b"\n")
        if need_text:
            _count_text(c, dec.decode(b, final=not b), want, utf8)
        if not b:
            break
    c.words += c.printable
    return c


async def _bytes_only(p: Prog, inp: Input) -> Counts | None:
    """-c alone on a regular file: its size, without reading it."""
    try:
        st = await p.libc.fstat(inp.fd)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return Counts(bytes=st.st_size)


def _number_width(sizes: list[int | None]) -> int:
    """compute_number_width(): the digits of the regular files' total size, at
    least 7 if an input is not a regular file. `sizes` holds each input's st_size,
    -1 if it is not a regular file, None if it could not be stat'ed."""
    total, minimum = 0, 1
    for s in sizes:
        if s is None:
            continue
        if s < 0:
            minimum = 7
        else:
            total += s
    return max(minimum, len(str(total)))


async def _stat_sizes(p: Prog, files: list[str]) -> list[int | None]:
    out: list[int | None] = []
    for name in files:
        try:
            st = await (p.libc.fstat(0) if name == "-" else p.libc.stat(name))
        except OSError:
            out.append(None)
            continue
        out.append(st.st_size if stat.S_ISREG(st.st_mode) else -1)
    return out


def _line(c: Counts, want: str, width: int, name: str | None) -> str:
    vals = {"l": c.lines, "w": c.words, "m": c.chars, "c": c.bytes, "L": c.maxlen}
    cols = [f"{vals[k]:>{width}}" for k in "lwmcL" if k in want]
    return " ".join(cols) + (f" {name}" if name is not None else "") + "\n"


async def _one(p: Prog, name: str, want: str, utf8: bool) -> Counts | None:
    try:
        inp = Input(0 if name == "-" else await p.libc.open(name), name)
    except OSError as e:
        await p.error(quotef(name), e)
        return None
    try:
        c = await _bytes_only(p, inp) if want == "c" else None
        if c is None:
            c = await _count(p, inp, want, utf8)
        return c
    finally:
        await inp.close(p)


@coreutil("/usr/bin/wc")
async def main(p: Prog, argv: list[str]) -> int:
    """wc [OPTION]... [FILE]..."""
    opts, files = await parse_opts(p, argv, "clLmw", LONGOPTS)
    want = ""
    for o, _ in opts:
        if o == "help":
            await p.libc.out(HELP.format(p.name))
            return 0
        if o == "version":
            await p.libc.out(version_text("wc", "Paul Rubin and David MacKenzie"))
            return 0
        if o == "files0-from":
            await p.error("--files0-from is not supported by swapsh")
            return 1
        want += o
    want = want or "lwc"
    named = bool(files)
    files = files or ["-"]
    single = len(files) == 1 and len(set(want)) == 1
    width = 1 if single else _number_width(await _stat_sizes(p, files))
    utf8 = utf8_locale(p.libc)
    total, ok = Counts(), True
    for name in files:
        c = await _one(p, name, want, utf8)
        if c is None or c.failed:
            ok = False
        if c is None:
            continue
        for k in ("lines", "words", "chars", "bytes"):
            setattr(total, k, getattr(total, k) + getattr(c, k))
        total.maxlen = max(total.maxlen, c.maxlen)
        await p.libc.out(_line(c, want, width, name if named else None))
    if len(files) > 1:
        await p.libc.out(_line(total, want, width, "total"))
    return 0 if ok else 1
