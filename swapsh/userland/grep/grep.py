"""grep: print lines that match patterns (models GNU grep 3.8 src/grep.c: its options,
messages, binary-file rule and exit status 0 selected / 1 none / 2 trouble)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from swapsh.userland.coreutils.common import utf8_locale
from swapsh.userland.getopt import NO, OPTIONAL, REQUIRED, GetoptError, LongOpt, getopt_long
from swapsh.userland.grep.posix_re import RegexError, translate
from swapsh.userland.libc import Libc
from swapsh.userland.membuf import MemBuf, MemoryExhausted, xalloc_die
from swapsh.userland.registry import program

__all__ = ["main"]

SHORTOPTS = "0123456789A:B:C:D:EFGHIJLNPRTUVX:abcd:e:f:hiLlm:noqRrsuvwxyZz"
LONGOPTS = [
    LongOpt("basic-regexp", NO, "G"),
    LongOpt("extended-regexp", NO, "E"),
    LongOpt("fixed-regexp", NO, "F"),
    LongOpt("fixed-strings", NO, "F"),
    LongOpt("perl-regexp", NO, "P"),
    LongOpt("after-context", REQUIRED, "A"),
    LongOpt("before-context", REQUIRED, "B"),
    LongOpt("binary-files", REQUIRED),
    LongOpt("byte-offset", NO, "b"),
    LongOpt("context", REQUIRED, "C"),
    LongOpt("color", OPTIONAL),
    LongOpt("colour", OPTIONAL),
    LongOpt("count", NO, "c"),
    LongOpt("devices", REQUIRED, "D"),
    LongOpt("directories", REQUIRED, "d"),
    LongOpt("exclude", REQUIRED),
    LongOpt("include", REQUIRED),
    LongOpt("files-with-matches", NO, "l"),
    LongOpt("files-without-match", NO, "L"),
    LongOpt("group-separator", REQUIRED),
    LongOpt("no-group-separator", NO),
    LongOpt("help", NO),
    LongOpt("ignore-case", NO, "i"),
    LongOpt("no-ignore-case", NO),
    LongOpt("initial-tab", NO, "T"),
    LongOpt("label", REQUIRED),
    LongOpt("line-buffered", NO),
    LongOpt("line-number", NO, "n"),
    LongOpt("line-regexp", NO, "x"),
    LongOpt("max-count", REQUIRED, "m"),
    LongOpt("no-filename", NO, "h"),
    LongOpt("no-messages", NO, "s"),
    LongOpt("null", NO, "Z"),
    LongOpt("null-data", NO, "z"),
    LongOpt("only-matching", NO, "o"),
    LongOpt("quiet", NO, "q"),
    LongOpt("recursive", NO, "r"),
    LongOpt("dereference-recursive", NO, "R"),
    LongOpt("regexp", REQUIRED, "e"),
    LongOpt("invert-match", NO, "v"),
    LongOpt("silent", NO, "q"),
    LongOpt("text", NO, "a"),
    LongOpt("binary", NO, "U"),
    LongOpt("version", NO, "V"),
    LongOpt("with-filename", NO, "H"),
    LongOpt("word-regexp", NO, "w"),
    LongOpt("file", REQUIRED, "f"),
]
VERSION = """\
grep (GNU grep) 3.8
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by Mike Haertel and others; see
<https://git.sv.gnu.org/cgit/grep.git/tree/AUTHORS>.
"""
EXIT_TROUBLE = 2
_BINARY_EOL = re.compile(b"[\n\0]")  # where lines end in a binary file
_BINARY_LINE = re.compile(b"[^\n\0]+")  # its non-empty lines
# d_type of what -r does not read unless named on the command line (GNU grep's
# default --devices=read applies to command-line operands only): FIFOs, character
# and block devices, sockets
SKIPPED_IN_RECURSION = frozenset({1, 2, 6, 12})
NO_PCRE = "Perl matching not supported in a --disable-perl-regexp build"
HELP = """\
Usage: {0} [OPTION]... PATTERNS [FILE]...
Search for PATTERNS in each FILE.
Example: {0} -i 'hello world' menu.h main.c
PATTERNS can contain multiple patterns separated by newlines.

Pattern selection and interpretation:
  -E, --extended-regexp     PATTERNS are extended regular expressions
  -F, --fixed-strings       PATTERNS are strings
  -G, --basic-regexp        PATTERNS are basic regular expressions
  -P, --perl-regexp         PATTERNS are Perl regular expressions
  -e, --regexp=PATTERNS     use PATTERNS for matching
  -f, --file=FILE           take PATTERNS from FILE
  -i, --ignore-case         ignore case distinctions in patterns and data
      --no-ignore-case      do not ignore case distinctions (default)
  -w, --word-regexp         match only whole words
  -x, --line-regexp         match only whole lines
  -z, --null-data           a data line ends in 0 byte, not newline

Miscellaneous:
  -s, --no-messages         suppress error messages
  -v, --invert-match        select non-matching lines
  -V, --version             display version information and exit
      --help                display this help text and exit

Output control:
  -m, --max-count=NUM       stop after NUM selected lines
  -b, --byte-offset         print the byte offset with output lines
  -n, --line-number         print line number with output lines
      --line-buffered       flush output on every line
  -H, --with-filename       print file name with output lines
  -h, --no-filename         suppress the file name prefix on output
      --label=LABEL         use LABEL as the standard input file name prefix
  -o, --only-matching       show only nonempty parts of lines that match
  -q, --quiet, --silent     suppress all normal output
      --binary-files=TYPE   assume that binary files are TYPE;
                            TYPE is 'binary', 'text', or 'without-match'
  -a, --text                equivalent to --binary-files=text
  -I                        equivalent to --binary-files=without-match
  -d, --directories=ACTION  how to handle directories;
                            ACTION is 'read', 'recurse', or 'skip'
  -D, --devices=ACTION      how to handle devices, FIFOs and sockets;
                            ACTION is 'read' or 'skip'
  -r, --recursive           like --directories=recurse
  -R, --dereference-recursive  likewise, but follow all symlinks
      --include=GLOB        search only files that match GLOB (a file pattern)
      --exclude=GLOB        skip files that match GLOB
      --exclude-from=FILE   skip files that match any file pattern from FILE
      --exclude-dir=GLOB    skip directories that match GLOB
  -L, --files-without-match  print only names of FILEs with no selected lines
  -l, --files-with-matches  print only names of FILEs with selected lines
  -c, --count               print only a count of selected lines per FILE
  -T, --initial-tab         make tabs line up (if needed)
  -Z, --null                print 0 byte after FILE name

Context control:
  -B, --before-context=NUM  print NUM lines of leading context
  -A, --after-context=NUM   print NUM lines of trailing context
  -C, --context=NUM         print NUM lines of output context
  -NUM                      same as --context=NUM
      --group-separator=SEP  print SEP on line between matches with context
      --no-group-separator  do not print separator for matches with context
      --color[=WHEN],
      --colour[=WHEN]       use markers to highlight the matching strings;
                            WHEN is 'always', 'never', or 'auto'
  -U, --binary              do not strip CR characters at EOL (MSDOS/Windows)

When FILE is '-', read standard input.  With no FILE, read '.' if
recursive, '-' otherwise.  With fewer than two FILEs, assume -h.
Exit status is 0 if any line is selected, 1 otherwise;
if any error occurs and -q is not given, the exit status is 2.

Report bugs to: bug-grep@gnu.org
GNU grep home page: <https://www.gnu.org/software/grep/>
General help using GNU software: <https://www.gnu.org/gethelp/>
"""


class Trouble(Exception):
    """Exit with status 2 (usage errors, bad patterns)."""


@dataclass
class Opts:
    """The command line, digested."""

    mode: str = "G"  # G (BRE), E (ERE), F (fixed), P (Perl: not built in)
    patterns: list[str] = field(default_factory=list)
    icase: bool = False
    invert: bool = False
    word: bool = False
    line: bool = False
    count: bool = False
    list_files: str = ""  # "l" or "L"
    only: bool = False
    quiet: bool = False
    silent: bool = False
    number: bool = False
    byte_offset: bool = False
    with_name: bool | None = None
    recursive: bool = False
    text: bool = False
    max_count: int = -1
    after: int = 0
    before: int = 0
    label: str = "(standard input)"
    null_data: bool = False
    have_pattern: bool = False


@dataclass
class State:
    """What one run has seen: any selected line, any trouble."""

    libc: Libc
    o: Opts
    regexes: list[re.Pattern[str]]
    utf8: bool
    selected: bool = False
    trouble: bool = False


async def _usage(libc: Libc, msg: str | None) -> None:
    if msg:
        await libc.err(f"grep: {msg}\n")
    await libc.err(
        "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"
    )
    raise Trouble


def _context_num(v: str) -> int | None:
    return int(v) if v.isdigit() else None


async def _parse(libc: Libc, argv: list[str]) -> tuple[Opts, list[str]] | int:
    try:
        opts, args = getopt_long(argv, SHORTOPTS, LONGOPTS)
    except GetoptError as e:
        await _usage(libc, e.message)
        raise AssertionError("unreachable") from e
    o, digits = Opts(), ""
    for k, v in opts:
        if k.isdigit():
            digits += k
            o.after = o.before = int(digits)
            continue
        digits = ""
        r = await _apply(libc, o, k, v or "")
        if r is not None:
            return r
    if not o.have_pattern:
        if not args:
            await _usage(libc, None)
        o.patterns = args.pop(0).split("\n")
    return o, args


# the options that only switch an Opts flag on
_FLAGS = {
    "i": "icase",
    "y": "icase",
    "v": "invert",
    "w": "word",
    "x": "line",
    "c": "count",
    "o": "only",
    "q": "quiet",
    "s": "silent",
    "n": "number",
    "b": "byte_offset",
    "r": "recursive",
    "R": "recursive",
    "a": "text",
    "z": "null_data",
}


async def _apply(libc: Libc, o: Opts, k: str, v: str) -> int | None:
    """One option into o. Returns an exit status for --help / --version."""
    if k in _FLAGS:
        setattr(o, _FLAGS[k], True)
    elif k in "EFGP":
        o.mode = k
    elif k == "e":
        o.patterns += v.split("\n")
        o.have_pattern = True
    elif k == "f":
        await libc.err(f"grep: {v}: -f is not supported by swapsh\n")
        raise Trouble
    elif k in "lL":
        o.list_files = k
    elif k in "Hh":
        o.with_name = k == "H"
    elif k in "ABC" or k == "m":
        await _apply_count(libc, o, k, v)
    elif k == "label":
        o.label = v
    elif k == "no-ignore-case":
        o.icase = False
    elif k == "binary-files":
        o.text = v == "text"
    elif k in ("help", "V"):
        await libc.out(HELP.format("grep") if k == "help" else VERSION)
        return 0
    return None


async def _apply_count(libc: Libc, o: Opts, k: str, v: str) -> None:
    """-A/-B/-C NUM (context lines) and -m NUM (max count)."""
    n = _context_num(v)
    if n is None:
        msg = "invalid max count" if k == "m" else f"{v}: invalid context length argument"
        await libc.err(f"grep: {msg}\n")
        raise Trouble
    if k == "m":
        o.max_count = n
    if k in "AC":
        o.after = n
    if k in "BC":
        o.before = n


def _compile(o: Opts, utf8: bool) -> tuple[list[re.Pattern[str]], list[str]]:
    """One compiled regex per pattern, honouring -F -E -i -w -x."""
    out, warnings = [], []
    for pat in o.patterns:
        if o.mode == "F":
            body = re.escape(pat)
        else:
            body, w = translate(pat, o.mode == "E")
            warnings += w
        if o.line:
            body = f"^(?:{body})$"
        elif o.word:
            body = f"(?<!\\w)(?:{body})(?!\\w)"
        flags = (re.IGNORECASE if o.icase else 0) | (0 if utf8 else re.ASCII)
        try:
            out.append(re.compile(body, flags))
        except (re.error, RecursionError, OverflowError) as e:
            raise RegexError("Invalid regular expression") from e
    return out, warnings


class QuitMatch(Exception):
    """-q saw a selected line: exit 0 at once."""


def _selected(s: State, text: str) -> bool:
    return any(r.search(text) for r in s.regexes) != s.o.invert


def _prefix(s: State, name: str, lineno: int, offset: int, sep: str) -> str:
    out = f"{name}{sep}" if s.o.with_name else ""
    if s.o.number:
        out += f"{lineno}{sep}"
    if s.o.byte_offset:
        out += f"{offset}{sep}"
    return out


def _matches(s: State, text: str) -> list[tuple[int, str]]:
    """-o: the non-empty matches in a line, left to right (start, text)."""
    out, pos = [], 0
    while pos <= len(text):
        found = [m for r in s.regexes if (m := r.search(text, pos))]
        if not found:
            break
        m = min(found, key=lambda m: (m.start(), -len(m.group())))
        if m.end() == m.start():
            pos = m.end() + 1
            continue
        out.append((m.start(), m.group()))
        pos = m.end()
    return out


class _Printer:
    """Writes selected lines with their context (-A -B -C) and "--" separators."""

    def __init__(self, s: State, name: str, lines: list[bytes], offsets: list[int]) -> None:
        self.s, self.name, self.lines, self.offsets = s, name, lines, offsets
        self.last = -1  # index of the last line written
        self.eol = b"\0" if s.o.null_data else b"\n"

    async def line(self, i: int, sep: str) -> None:
        s = self.s
        if self.last >= 0 and i > self.last + 1 and (s.o.before or s.o.after):
            await s.libc.out("--\n")
        pre = _prefix(s, self.name, i + 1, self.offsets[i], sep)
        await s.libc.out(pre.encode("utf-8", "surrogateescape") + self.lines[i] + self.eol)
        self.last = i

    async def selected(self, i: int, text: str) -> None:
        s = self.s
        if s.o.only:
            if s.o.invert:
                return
            for start, m in _matches(s, text):
                off = self.offsets[i] + len(text[:start].encode("utf-8", "surrogateescape"))
                pre = _prefix(s, self.name, i + 1, off, ":")
                await s.libc.out((pre + m).encode("utf-8", "surrogateescape") + self.eol)
            return
        for j in range(max(self.last + 1, i - s.o.before), i):
            await self.line(j, "-")
        await self.line(i, ":")

    async def trailing(self, i: int, upto: int) -> None:
        for j in range(max(self.last + 1, i + 1), min(upto, len(self.lines))):
            await self.line(j, "-")


def _split(data: bytes, eol: bytes) -> tuple[list[bytes], list[int]]:
    lines = data.split(eol)
    if lines and lines[-1] == b"":
        lines.pop()
    offsets, off = [], 0
    for ln in lines:
        offsets.append(off)
        off += len(ln) + 1
    return lines, offsets


async def _binary_matches(s: State, name: str) -> None:
    await s.libc.err(f"grep: {name}: binary file matches\n")


async def _grep_data(s: State, data: bytes, name: str) -> None:
    """Select the lines of one file's data and report them as the options ask."""
    o = s.o
    lines, offsets = _split(data, b"\0" if o.null_data else b"\n")
    binary = not o.text and not o.null_data and b"\0" in data
    enc = "utf-8" if s.utf8 else "latin-1"
    pr, count, after_end = _Printer(s, name, lines, offsets), 0, -1
    for i, raw in enumerate(lines):
        if count == o.max_count:
            break
        text = raw.decode(enc, "surrogateescape")
        if not _selected(s, text):
            if i < after_end and not (o.count or o.list_files or binary):
                await pr.line(i, "-")
            continue
        count += 1
        s.selected = True
        if o.quiet:
            raise QuitMatch
        if o.list_files or o.count:
            if o.list_files:
                break
            continue
        bad = s.utf8 and not o.text and any("\udc80" <= c <= "\udcff" for c in text)
        if binary or bad:
            await _binary_matches(s, name)
            return
        await pr.selected(i, text)
        after_end = i + 1 + o.after
    await _report(s, name, count, pr, after_end)


async def _report(s: State, name: str, count: int, pr: _Printer, after_end: int) -> None:
    o = s.o
    if o.count:
        await s.libc.out(f"{name}:{count}\n" if o.with_name else f"{count}\n")
    if (o.list_files == "l" and count) or (o.list_files == "L" and not count):
        await s.libc.out(f"{name}\n")
    elif not (o.count or o.list_files) and after_end > 0:
        await pr.trailing(after_end - 1 - o.after, after_end)


async def _read_fd(s: State, fd: int, name: str) -> bytes | None:
    """The file's contents, held in process memory while it is read (grep keeps a
    whole line in its buffer); a file that shows a NUL is searched as it is read
    instead (_grep_binary), and None returned. None also after a read error.
    Raises MemoryExhausted when malloc fails."""
    buf = MemBuf(s.libc)
    binary_ok = not s.o.text and not s.o.null_data
    try:
        while piece := await buf.read(fd):
            if binary_ok and b"\0" in piece:
                await _grep_binary(s, fd, name, buf)
                return None
    except OSError as e:
        await buf.free()
        await _file_error(s, name, e)
        return None
    except MemoryExhausted:
        await buf.free()
        raise
    return await buf.take_all()


def _binary_lines(data: bytes, empty: bool, eof: bool) -> tuple[list[bytes], bytes]:
    """The lines of a binary file's data (NUL or newline ends each) and the
    unfinished one at its end (b"" at the end of the file, where it counts as a
    line). Empty lines are left out unless they are selected (empty)."""
    if empty:
        lines = _BINARY_EOL.split(data)
        rest = lines.pop()
    else:
        lines = _BINARY_LINE.findall(data)
        rest = lines.pop() if lines and data[-1:] not in (b"\n", b"\0") else b""
    if eof and rest:
        lines.append(rest)
        rest = b""
    return lines, rest


async def _grep_binary(s: State, fd: int, name: str, buf: MemBuf) -> None:
    """A binary file (one with a NUL, without -a or -z), as GNU grep searches it:
    NULs end lines too, and only whether (or how many) lines are selected is told,
    so lines are searched as they come in and only an unfinished one is held.
    buf holds what was read so far, a line end among it; it is freed."""
    o, count, eof = s.o, 0, False
    enc = "utf-8" if s.utf8 else "latin-1"
    empty = _selected(s, "")  # runs of NULs are runs of empty lines: skipped unless selected
    try:
        while True:
            lines, rest = _binary_lines(await buf.drain(), empty, eof)
            for raw in lines:
                if count == o.max_count or (count and o.list_files):
                    break
                if _selected(s, raw.decode(enc, "surrogateescape")) if raw else empty:
                    count += 1
                    s.selected = True
                    if o.quiet:
                        raise QuitMatch
                    if not (o.count or o.list_files):
                        await _binary_matches(s, name)
                        return
            if eof or count == o.max_count or (count and o.list_files):
                break
            await buf.append(rest)
            while True:  # on to the next line end, or the end of the file
                piece = await buf.read(fd)
                if not piece or _BINARY_EOL.search(piece):
                    eof = not piece
                    break
    finally:
        await buf.free()
    await _report(s, name, count, _Printer(s, name, [], []), -1)


async def _file_error(s: State, name: str, e: OSError) -> None:
    s.trouble = True
    if not s.o.silent:
        await s.libc.err(f"grep: {name}: {e.strerror}\n")


async def _grep_file(s: State, path: str, shown: str) -> None:
    if path == "-":
        data = await _read_fd(s, 0, s.o.label)
        if data is not None:
            await _grep_data(s, data, s.o.label)
        return
    try:
        fd = await s.libc.open(path)
    except OSError as e:
        await _file_error(s, shown, e)
        return
    try:
        if s.o.recursive and stat_is_dir((await s.libc.fstat(fd)).st_mode):
            await _grep_dir(s, path, shown)
            return
        data = await _read_fd(s, fd, shown)
    finally:
        await s.libc.close(fd)
    if data is not None:
        await _grep_data(s, data, shown)


def stat_is_dir(mode: int) -> bool:
    return mode & 0o170000 == 0o040000


async def _grep_dir(s: State, path: str, shown: str) -> None:
    try:
        ents = await s.libc.listdir(path)
    except OSError as e:
        await _file_error(s, shown, e)
        return
    for ent in ents:
        if ent.d_name in (".", "..") or ent.d_type in SKIPPED_IN_RECURSION:
            continue
        sub = f"{path.rstrip('/')}/{ent.d_name}" if path != "/" else f"/{ent.d_name}"
        await _grep_file(s, sub, f"{shown.rstrip('/')}/{ent.d_name}" if shown else ent.d_name)


@program("/bin/grep")
async def main(libc: Libc, argv: list[str]) -> int:
    """grep [OPTION]... PATTERNS [FILE]..."""
    try:
        parsed = await _parse(libc, argv or ["grep"])
        if isinstance(parsed, int):
            return parsed
        o, files = parsed
        if o.mode == "P":
            await libc.err(f"grep: {NO_PCRE}\n")
            return 2
        utf8 = utf8_locale(libc)
        regexes, warnings = _compile(o, utf8)
        for w in warnings:
            await libc.err(f"grep: warning: {w}\n")
        return await _run(State(libc, o, regexes, utf8), files)
    except RegexError as e:
        await libc.err(f"grep: {e}\n")
        return 2
    except Trouble:
        return 2
    except QuitMatch:
        return 0
    except MemoryExhausted:
        return await xalloc_die(libc, EXIT_TROUBLE)


async def _run(s: State, files: list[str]) -> int:
    o = s.o
    implicit = not files
    if implicit:
        files = ["."] if o.recursive else ["-"]
    if o.with_name is None:
        o.with_name = len(files) > 1 or o.recursive
    for f in files:
        if implicit and o.recursive:
            await _grep_dir(s, ".", "")
        else:
            await _grep_file(s, f, f)
    if s.trouble and not (o.quiet and s.selected):
        return 2
    return 0 if s.selected else 1
