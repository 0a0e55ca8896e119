"""strings: print the runs of printable characters in files (models GNU binutils 2.40
binutils/strings.c).

A run is printed when at least string_min bytes long; printable is binutils' default
7-bit set (0x20-0x7e and TAB; -e S adds bytes above 127, -w all whitespace). Files are
read 1 MiB at a time and scanned with a regular expression; a run may straddle two
chunks. The kernel hands back one shared object for an all-zero range, so once a chunk
is known to be all zeros the same object is skipped without scanning it again: a 512
MiB swap file of zeros costs one scan of its header.

swapsh specifics: there are no object files, so -d scans the whole file as -a does
and -T is accepted and ignored; the 16- and 32-bit encodings (-e b/l/B/L) and
@response files are not modelled.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from swapsh.syscalls.abi import O_RDONLY
from swapsh.userland.getopt import NO, REQUIRED, GetoptError, LongOpt, getopt_long
from swapsh.userland.libc import Libc
from swapsh.userland.registry import program

__all__ = ["CHUNK", "Scanner", "main"]

CHUNK = 1 << 20
ENOENT = 2
S_IFMT, S_IFDIR = 0o170000, 0o040000
UINT_MASK = 0xFFFFFFFF

LONGOPTS = [
    LongOpt("all", NO, "a"),
    LongOpt("data", NO, "d"),
    LongOpt("print-file-name", NO, "f"),
    LongOpt("bytes", REQUIRED, "n"),
    LongOpt("radix", REQUIRED, "t"),
    LongOpt("include-all-whitespace", NO, "w"),
    LongOpt("encoding", REQUIRED, "e"),
    LongOpt("target", REQUIRED, "T"),
    LongOpt("output-separator", REQUIRED, "s"),
    LongOpt("unicode", REQUIRED, "U"),
    LongOpt("help", NO, "h"),
    LongOpt("version", NO, "v"),
]

USAGE = """Usage: strings [option(s)] [file(s)]
 Display printable strings in [file(s)] (stdin by default)
 The options are:
  -a - --all                Scan the entire file, not just the data section [default]
  -d --data                 Only scan the data sections in the file
  -f --print-file-name      Print the name of the file before each string
  -n <number>               Locate & print any sequence of at least <number>
    --bytes=<number>         displayable characters.  (The default is 4).
  -t --radix={o,d,x}        Print the location of the string in base 8, 10 or 16
  -w --include-all-whitespace Include all whitespace as valid string characters
  -o                        An alias for --radix=o
  -T --target=<BFDNAME>     Specify the binary file format
  -e --encoding={s,S,b,l,B,L} Select character size and endianness:
                            s = 7-bit, S = 8-bit, {b,l} = 16-bit, {B,L} = 32-bit
  --unicode={default|show|invalid|hex|escape|highlight}
  -U {d|s|i|x|e|h}          Specify how to treat UTF-8 encoded unicode characters
  -s --output-separator=<string> String used to separate strings in output.
  @<file>                   Read options from <file>
  -h --help                 Display this information
  -v -V --version           Print the program's version number
strings: supported targets: elf64-x86-64 elf32-i386 elf32-iamcu elf32-x86-64 pei-i386 \
pe-x86-64 pei-x86-64 elf64-little elf64-big elf32-little elf32-big pe-bigobj-x86-64 pe-i386 \
pdb srec symbolsrec verilog tekhex binary ihex plugin
"""
REPORT_BUGS = "Report bugs to <https://sourceware.org/bugzilla/>.\n"
VERSION = """GNU strings (GNU Binutils for Debian) 2.40
Copyright (C) 2023 Free Software Foundation, Inc.
This program is free software; you may redistribute it under the terms of
the GNU General Public License version 3 or (at your option) any later version.
This program has absolutely no warranty.
"""


class StringsExit(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


@dataclass(slots=True)
class Options:
    string_min: int = 4
    radix: int = 0  # 0: no addresses
    print_filenames: bool = False
    encoding: str = "s"
    all_whitespace: bool = False
    separator: bytes | None = None


def graphic_bytes(opts: Options) -> bytes:
    """STRING_ISGRAPHIC as a byte set."""
    chars = set(range(0x20, 0x7F)) | {0x09}
    if opts.encoding == "S":
        chars |= set(range(0x80, 0x100))
    if opts.all_whitespace:
        chars |= {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20}
    return bytes(sorted(chars))


PAGE = 4096
HEAD = 64
_TAIL_ZEROS = bytes(PAGE - HEAD)
_HEAD_ZEROS = bytes(HEAD)


def _sparse_segments(chunk: bytes) -> list[tuple[int, int]] | None:
    """The parts of a large chunk that may hold non-zero bytes, at page granularity
    (a page whose bytes past its first 64 are zeros contributes only its head), or
    None when the chunk is dense enough that one scan of it all is cheaper. Swap
    files and sparse data are mostly such pages: scanning only their heads gives
    the same runs, since the zeros between segments end any run anyway."""
    n = len(chunk)
    if n < 16 * PAGE:
        return None
    segments: list[tuple[int, int]] = []
    covered = 0
    for p in range(0, n - n % PAGE, PAGE):
        if chunk.endswith(_TAIL_ZEROS, p, p + PAGE):
            if chunk.startswith(_HEAD_ZEROS, p):
                continue  # a zero page
            lo, hi = p, p + HEAD
        else:
            lo, hi = p, p + PAGE
        covered += hi - lo
        if segments and segments[-1][1] == lo:
            segments[-1] = (segments[-1][0], hi)
        else:
            segments.append((lo, hi))
        if covered > n // 2:
            return None
    if n % PAGE:
        lo = n - n % PAGE
        if segments and segments[-1][1] == lo:
            segments[-1] = (segments[-1][0], n)
        else:
            segments.append((lo, n))
    return segments


@dataclass(slots=True)
class Scanner:
    """print_strings() over a stream fed chunk by chunk; the output collects in out."""

    opts: Options
    prefix: bytes  # "file: " with -f
    table: bytes = b""  # translate() table: graphic bytes -> 1, others -> 0
    needle: bytes = b""  # string_min ones: a run long enough to print
    pending: bytearray | None = None  # a run reaching the end of the last chunk
    pending_start: int = 0
    zero: bytes | None = None  # a chunk object known to hold only zeros
    out: list[bytes] = field(default_factory=list)
    open_run: bool = False  # the pending run's start is printed already (a long run)

    def __post_init__(self) -> None:
        graphic = set(graphic_bytes(self.opts))
        self.table = bytes(1 if c in graphic else 0 for c in range(256))
        self.needle = b"\x01" * self.opts.string_min if self.opts.string_min <= CHUNK else b""

    def _head(self, start: int) -> bytes:
        """What goes before a string: "file: " and its offset, as the options ask."""
        radix = self.opts.radix
        addr = b""
        if radix:
            addr = (b"%7o " if radix == 8 else b"%7d " if radix == 10 else b"%7x ") % start
        return self.prefix + addr

    def _sep(self) -> bytes:
        return self.opts.separator if self.opts.separator is not None else b"\n"

    def _emit(self, start: int, text: bytes) -> None:
        self.out.append(self._head(start) + text + self._sep())

    def _flush_pending(self) -> None:
        if self.open_run:
            self.out.append(bytes(self.pending or b"") + self._sep())
            self.open_run = False
        elif self.pending is not None and len(self.pending) >= self.opts.string_min:
            self._emit(self.pending_start, bytes(self.pending))
        self.pending = None

    def _spill(self) -> None:
        """A run that goes on past a chunk is printed as it comes (print_strings
        putchar()s a string once it is long enough), so nothing but a chunk is held."""
        if self.pending is None or len(self.pending) < max(CHUNK, self.opts.string_min):
            return
        head = b"" if self.open_run else self._head(self.pending_start)
        self.out.append(head + bytes(self.pending))
        self.pending, self.open_run = bytearray(), True

    def feed(self, chunk: bytes, base: int) -> None:
        """Scan chunk, which starts at file offset base."""
        if chunk is self.zero:
            self._flush_pending()
            return
        segments = _sparse_segments(chunk)
        if segments is None:
            self._feed_dense(chunk, base)
            return
        if not segments:  # all zeros: later reads of the same zero buffer skip at once
            self._flush_pending()
            if self.zero is None:
                self.zero = chunk
            return
        for lo, hi in segments:  # what lies between them is zeros: it ends any run
            if lo:
                self._flush_pending()
            self._feed_dense(chunk[lo:hi], base + lo)
        if not segments or segments[-1][1] < len(chunk):
            self._flush_pending()

    def _feed_dense(self, chunk: bytes, base: int) -> None:
        t = chunk.translate(self.table)  # runs of 1s are the printable runs
        pos = 0
        if self.pending is not None:
            lead = t.find(0)
            if lead < 0:
                self.pending += chunk
                self._spill()
                return
            self.pending += chunk[:lead]
            self._flush_pending()
            pos = lead
        found = self._runs(chunk, t, base, pos)
        if (
            not found
            and self.pending is None
            and self.zero is None
            and chunk[:1] == b"\0"
            and chunk == bytes(len(chunk))
        ):  # memcmp: stops early
            self.zero = chunk

    def _runs(self, chunk: bytes, t: bytes, base: int, pos: int) -> bool:
        """Print the complete runs from pos; keep one reaching the end as pending."""
        found = False
        while self.needle:
            start = t.find(self.needle, pos)
            if start < 0:
                break
            end = t.find(0, start)
            if end < 0:
                self.pending, self.pending_start = bytearray(chunk[start:]), base + start
                return True
            self._emit(base + start, chunk[start:end])
            found, pos = True, end
        tail = len(t) - len(t.rstrip(b"\x01"))
        if tail and len(t) - tail >= pos:
            self.pending = bytearray(chunk[len(t) - tail :])
            self.pending_start = base + len(t) - tail
        return found

    def finish(self) -> None:
        self._flush_pending()


async def _scan_fd(libc: Libc, fd: int, opts: Options, name: str) -> None:
    prefix = f"{name}: ".encode("utf-8", "surrogateescape") if opts.print_filenames else b""
    sc = Scanner(opts, prefix)
    base = 0
    while True:
        chunk = await libc.read(fd, CHUNK)
        if not chunk:
            break
        sc.feed(chunk, base)
        base += len(chunk)
        if sc.out:
            await libc.out(b"".join(sc.out))
            sc.out.clear()
    sc.finish()
    await libc.out(b"".join(sc.out))


async def strings_file(libc: Libc, path: str, opts: Options) -> bool:
    """Returns False (after a message) when the file could not be scanned."""
    try:
        st = await libc.stat(path)
    except OSError as e:
        if e.errno == ENOENT:
            await libc.err(f"strings: '{path}': No such file\n")
        else:
            await libc.err(f"strings: Warning: could not locate '{path}'.  reason: {e.strerror}\n")
        return False
    if st.st_mode & S_IFMT == S_IFDIR:
        await libc.err(f"strings: Warning: '{path}' is a directory\n")
        return False
    try:
        fd = await libc.open(path, O_RDONLY)
    except OSError as e:
        await libc.err(f"strings: {path}: {e.strerror}\n")
        return False
    try:
        await _scan_fd(libc, fd, opts, path)
    except OSError as e:
        await libc.err(f"strings: {path}: {e.strerror}\n")
        return False
    finally:
        await libc.close(fd)
    return True


async def usage(libc: Libc, status: int) -> None:
    if status == 0:
        await libc.out(USAGE + REPORT_BUGS)
    else:
        await libc.err(USAGE)
    raise StringsExit(status)


async def fatal(libc: Libc, msg: str) -> None:
    await libc.err(f"strings: {msg}\n")
    raise StringsExit(1)


def _strtoul(s: str) -> tuple[int, bool]:
    """strtoul(s, &end, 0) cast to unsigned int: (value, whole string consumed)."""
    t = s.lstrip(" \t\n\v\f\r")
    neg = t[:1] == "-"
    t = t[1:] if t[:1] in "+-" else t
    base, body = 10, t
    if t[:2].lower() == "0x" and t[2:3] and t[2:3].lower() in "0123456789abcdef":
        base, body = 16, t[2:]
    elif t[:1] == "0":
        base = 8
    digits = 0
    while (
        digits < len(body)
        and body[digits].isascii()
        and body[digits].isalnum()
        and int(body[digits], 36) < base
    ):
        digits += 1
    if digits == 0:
        return 0, s == ""
    value = min(int(body[:digits], base), (1 << 64) - 1)
    if neg:
        value = (-value) % (1 << 64)
    return value & UINT_MASK, digits == len(body)


def _numeric_option(argv: list[str]) -> str | None:
    """The argument holding the last -<number> option (numeric_opt), if any."""
    found = None
    i = 1
    while i < len(argv):
        a = argv[i]
        i += 1
        if a == "--":
            break
        if a.startswith("--"):
            name = a[2:].partition("=")[0]
            if "=" not in a and any(
                o.name.startswith(name) and o.has_arg == REQUIRED for o in LONGOPTS if name
            ):
                i += 1
            continue
        if a.startswith("-") and a != "-":
            for j, c in enumerate(a[1:], 1):
                if c in "ntesTU":
                    if j == len(a) - 1:
                        i += 1
                    break
                if c.isdigit():
                    found = a
    return found


async def _apply(libc: Libc, opts: Options, key: str, val: str) -> None:
    if key == "f":
        opts.print_filenames = True
    elif key in ("h", "H"):
        await usage(libc, 0)
    elif key == "n":
        opts.string_min = await _min_length(libc, val)
    elif key == "w":
        opts.all_whitespace = True
    elif key == "o":
        opts.radix = 8
    elif key == "t":
        opts.radix = await _radix(libc, val)
    elif key == "e":
        if len(val) != 1:
            await usage(libc, 1)
        opts.encoding = val
    elif key == "s":
        opts.separator = val.encode("utf-8", "surrogateescape")
    elif key == "U":
        await _check_unicode(libc, val)
    elif key in ("v", "V"):
        await libc.out(VERSION)
        raise StringsExit(0)


async def _radix(libc: Libc, val: str) -> int:
    """-t o|d|x: the radix offsets are printed in; anything else is a usage error."""
    if len(val) != 1 or val not in "odx":
        await usage(libc, 1)
    return {"o": 8, "d": 10, "x": 16}[val]


async def _min_length(libc: Libc, text: str) -> int:
    """The number of -n N or -N: strtoul's, or a fatal error if text is not all number."""
    n, ok = _strtoul(text)
    if not ok:
        await fatal(libc, f"invalid integer argument {text}")
    return n


async def _check_unicode(libc: Libc, val: str) -> None:
    """-U: swapsh models only the default and invalid modes; others are fatal."""
    if val in ("d", "default", "i", "invalid"):
        return
    await fatal(
        libc,
        f"swapsh: --unicode={val} is not supported (only default and invalid)"
        if val in ("s", "show", "x", "hex", "e", "escape", "h", "highlight")
        else f"invalid argument to -U/--unicode: {val}",
    )


async def _strings(libc: Libc, argv: list[str]) -> int:
    opts = Options()
    try:
        parsed, args = getopt_long(argv, "adfhHn:wot:e:T:s:U:Vv0123456789", LONGOPTS)
    except GetoptError as e:
        await libc.err(f"strings: {e.message}\n")
        await usage(libc, 1)
        return 1
    for key, val in parsed:
        await _apply(libc, opts, key, val or "")
    numeric = _numeric_option(argv)
    if numeric is not None:
        opts.string_min = await _min_length(libc, numeric[1:])
    if opts.string_min < 1:
        await fatal(libc, f"invalid minimum string length {opts.string_min}")
    if opts.encoding not in "sSblBL":
        await usage(libc, 1)
    if opts.encoding not in "sS":
        await fatal(libc, f"swapsh: encoding '{opts.encoding}' is not supported (only s and S)")
    if not args:
        await _scan_fd(libc, 0, opts, "{standard input}")
        return 0
    status, given = 0, False
    for path in args:
        if path != "-":
            given = True
            status |= not await strings_file(libc, path, opts)
    if not given:
        await usage(libc, 1)
    return status


@program("/usr/bin/strings")
async def main(libc: Libc, argv: list[str]) -> int:
    """strings [option(s)] [file(s)]"""
    try:
        return await _strings(libc, argv)
    except StringsExit as e:
        return e.code
    except OSError as e:
        await libc.err(f"strings: {e.strerror}\n")
        return 1
