"""head: output the first part of files (models coreutils 9.1 src/head.c)."""

from __future__ import annotations

from swapsh.syscalls.abi import SEEK_CUR
from swapsh.userland.coreutils.common import Prog, coreutil, parse_opts, quoteaf, version_text
from swapsh.userland.coreutils.textin import (
    Input,
    copy_range,
    held_input,
    last_lines_start,
    open_input,
    parse_count,
    regular_size,
    show_name,
)
from swapsh.userland.getopt import NO, REQUIRED, LongOpt
from swapsh.userland.membuf import MemBuf

__all__ = ["main"]

LONGOPTS = [
    LongOpt("bytes", REQUIRED, "c"),
    LongOpt("lines", REQUIRED, "n"),
    LongOpt("quiet", NO, "q"),
    LongOpt("silent", NO, "q"),
    LongOpt("verbose", NO, "v"),
    LongOpt("zero-terminated", NO, "z"),
    LongOpt("presume-input-pipe", NO),
    LongOpt("help", NO),
    LongOpt("version", NO),
]
HELP = """\
Usage: {0} [OPTION]... [FILE]...
Print the first 10 lines of each FILE to standard output.
With more than one FILE, precede each with a header giving the file name.

With no FILE, or when FILE is -, read standard input.

Mandatory arguments to long options are mandatory for short options too.
  -c, --bytes=[-]NUM       print the first NUM bytes of each file;
                             with the leading '-', print all but the last
                             NUM bytes of each file
  -n, --lines=[-]NUM       print the first NUM lines instead of the first 10;
                             with the leading '-', print all but the last
                             NUM lines of each file
  -q, --quiet, --silent    never print headers giving file names
  -v, --verbose            always print headers giving file names
  -z, --zero-terminated    line delimiter is NUL, not newline
      --help        display this help and exit
      --version     output version information and exit

NUM may have a multiplier suffix:
b 512, kB 1000, K 1024, MB 1000*1000, M 1024*1024,
GB 1000*1000*1000, G 1024*1024*1024, and so on for T, P, E, Z, Y.
Binary prefixes can be used, too: KiB=K, MiB=M, and so on.

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/head>
or available locally via: info '(coreutils) head invocation'
"""


def _obsolete(argv: list[str]) -> list[str]:
    """head -NUM[bkmcl][qvz] FILE...: the old first-argument form, as -n NUM etc."""
    if len(argv) < 2 or len(argv[1]) < 2 or argv[1][0] != "-" or not argv[1][1].isdigit():
        return argv
    a, i = argv[1], 1
    while i < len(a) and a[i].isdigit():
        i += 1
    num, unit, rest = a[1:i], "n", ""
    for c in a[i:]:
        if c in "bkm":
            num += {"b": "b", "k": "K", "m": "M"}[c]
            unit = "c"
        elif c in "cl":
            unit = "c" if c == "c" else "n"
        else:
            rest += c
    return [argv[0], f"-{unit}{num}", *([f"-{rest}"] if rest else []), *argv[2:]]


def _first(data: bytes, n: int, lines: bool, eol: bytes) -> bytes:
    if not lines:
        return data[:n]
    pos = 0
    for _ in range(n):
        pos = data.find(eol, pos)
        if pos < 0:
            return data
        pos += 1
    return data[:pos]


def _elide(data: bytes, n: int, lines: bool, eol: bytes) -> bytes:
    """All but the last n bytes or lines (an unterminated last line counts)."""
    if not lines:
        return data[: max(0, len(data) - n)]
    if n == 0:
        return data
    pos = len(data) - 1 if data.endswith(eol) else len(data)
    for _ in range(n):
        pos = data.rfind(eol, 0, pos)
        if pos < 0:
            return b""
    return data[: pos + 1]


async def _head_lines_stream(p: Prog, inp: Input, n: int, eol: bytes) -> bool:
    """The first n lines, reading only as far as needed."""
    while n > 0:
        try:
            b = await p.libc.read(inp.fd, 128 * 1024)
        except OSError as e:
            await p.error(f"error reading {quoteaf(show_name(inp.name))}", e)
            return False
        if not b:
            return True
        out = _first(b, n, True, eol)
        n -= out.count(eol)
        await p.libc.out(out)
    return True


async def _head_bytes_stream(p: Prog, inp: Input, n: int) -> bool:
    while n > 0:
        try:
            b = await p.libc.read(inp.fd, min(n, 128 * 1024))
        except OSError as e:
            await p.error(f"error reading {quoteaf(show_name(inp.name))}", e)
            return False
        if not b:
            return True
        n -= len(b)
        await p.libc.out(b)
    return True


async def _elide_regular(p: Prog, inp: Input, size: int, n: int, lines: bool, eol: bytes) -> None:
    """All but the last n bytes or lines of a regular file: find where they start
    (reading backwards for lines) and copy up to there (elide_tail_*_file)."""
    pos = await p.libc.lseek(inp.fd, 0, SEEK_CUR)
    if lines:
        end = await last_lines_start(p, inp, size, n, eol)
    else:
        end = max(0, size - n)
    if pos < end:
        await copy_range(p, inp, pos, end)


async def _elide_pipe(p: Prog, inp: Input, n: int, lines: bool, eol: bytes) -> bool:
    """All but the last n bytes or lines of a pipe or device: what is read is held
    in memory (elide_tail_*_pipe), and a chunk that can no longer be among the last
    n is written out as the next comes in."""

    async def write_old(buf: MemBuf) -> bool:
        front = buf.front()
        if front is None or (buf.eols - front[1] <= n if lines else buf.len - front[0] < n):
            return False
        await p.libc.out(await buf.pop_front())
        return True

    held = await held_input(p, inp, write_old)
    if held is None:
        return False
    await p.libc.out(_elide(await held.take_all(), n, lines, eol))
    return True


async def _head(p: Prog, inp: Input, n: int, lines: bool, elide: bool, eol: bytes) -> bool:
    if not elide:
        if lines:
            return await _head_lines_stream(p, inp, n, eol)
        return await _head_bytes_stream(p, inp, n)
    try:
        size = await regular_size(p, inp)
        if size is not None:
            await _elide_regular(p, inp, size, n, lines, eol)
            return True
    except OSError as e:
        await p.error(f"error reading {quoteaf(show_name(inp.name))}", e)
        return False
    return await _elide_pipe(p, inp, n, lines, eol)


@coreutil("/usr/bin/head")
async def main(p: Prog, argv: list[str]) -> int:
    """head [OPTION]... [FILE]..."""
    opts, files = await parse_opts(p, _obsolete(argv), "c:n:qvz", LONGOPTS)
    n, lines, elide, header, eol = 10, True, False, None, b"\n"
    for o, v in opts:
        if o == "help":
            await p.libc.out(HELP.format(p.name))
            return 0
        if o == "version":
            await p.libc.out(version_text("head", "David MacKenzie and Jim Meyering"))
            return 0
        if o in "cn" and v is not None:
            lines = o == "n"
            elide = v.startswith("-")
            n = await parse_count(p, v[1:] if elide else v, "lines" if lines else "bytes")
        elif o == "q":
            header = False
        elif o == "v":
            header = True
        elif o == "z":
            eol = b"\0"
    files = files or ["-"]
    if header is None:
        header = len(files) > 1
    ok, first = True, True
    for name in files:
        inp = await open_input(p, name)
        if inp is None:
            ok = False
            continue
        if header:
            await p.libc.out(f"{'' if first else chr(10)}==> {show_name(name)} <==\n")
            first = False
        ok = await _head(p, inp, n, lines, elide, eol) and ok
        await inp.close(p)
    return 0 if ok else 1
