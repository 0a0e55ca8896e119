"""tail: output the last part of files (models coreutils 9.1 src/tail.c).

swapsh's tail has no follow mode: -f, -F and --follow are refused with a message,
since a simulated session has no second terminal to append to the file meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass

from swapsh.userland.coreutils.common import Prog, coreutil, parse_opts, quoteaf, version_text
from swapsh.userland.coreutils.textin import (
    IO_BUFSIZE,
    Input,
    copy_range,
    held_input,
    last_lines_start,
    open_input,
    parse_count,
    regular_size,
    show_name,
)
from swapsh.userland.getopt import NO, OPTIONAL, REQUIRED, LongOpt
from swapsh.userland.membuf import MemBuf

__all__ = ["main"]

LONGOPTS = [
    LongOpt("bytes", REQUIRED, "c"),
    LongOpt("follow", OPTIONAL, "f"),
    LongOpt("lines", REQUIRED, "n"),
    LongOpt("max-unchanged-stats", REQUIRED),
    LongOpt("pid", REQUIRED),
    LongOpt("quiet", NO, "q"),
    LongOpt("silent", NO, "q"),
    LongOpt("retry", NO),
    LongOpt("sleep-interval", REQUIRED, "s"),
    LongOpt("verbose", NO, "v"),
    LongOpt("zero-terminated", NO, "z"),
    LongOpt("presume-input-pipe", NO),
    LongOpt("help", NO),
    LongOpt("version", NO),
]
NO_FOLLOW = "following files (-f, -F, --follow) is not supported by swapsh"
HELP = """\
Usage: {0} [OPTION]... [FILE]...
Print the last 10 lines of each FILE to standard output.
With more than one FILE, precede each with a header giving the file name.

With no FILE, or when FILE is -, read standard input.

Mandatory arguments to long options are mandatory for short options too.
  -c, --bytes=[+]NUM       output the last NUM bytes; or use -c +NUM to
                             output starting with byte NUM of each file
  -f, --follow[={{name|descriptor}}]
                           output appended data as the file grows;
                             an absent option argument means 'descriptor'
  -F                       same as --follow=name --retry
  -n, --lines=[+]NUM       output the last NUM lines, instead of the last 10;
                             or use -n +NUM to output starting with line NUM
      --max-unchanged-stats=N
                           with --follow=name, reopen a FILE which has not
                             changed size after N (default 5) iterations
                             to see if it has been unlinked or renamed
                             (this is the usual case of rotated log files);
                             with inotify, this option is rarely useful
      --pid=PID            with -f, terminate after process ID, PID dies
  -q, --quiet, --silent    never output headers giving file names
      --retry              keep trying to open a file if it is inaccessible
  -s, --sleep-interval=N   with -f, sleep for approximately N seconds
                             (default 1.0) between iterations;
                             with inotify and --pid=P, check process P at
                             least once every N seconds
  -v, --verbose            always output headers giving file names
  -z, --zero-terminated    line delimiter is NUL, not newline
      --help        display this help and exit
      --version     output version information and exit

NUM may have a multiplier suffix:
b 512, kB 1000, K 1024, MB 1000*1000, M 1024*1024,
GB 1000*1000*1000, G 1024*1024*1024, and so on for T, P, E, Z, Y.
Binary prefixes can be used, too: KiB=K, MiB=M, and so on.

With --follow (-f), tail defaults to following the file descriptor, which
means that even if a tail'ed file is renamed, tail will continue to track
its end.  This default behavior is not desirable when you really want to
track the actual name of the file, not the file descriptor (e.g., log
rotation).  Use --follow=name in that case.  That causes tail to track the
named file in a way that accommodates renaming, removal and creation.

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/tail>
or available locally via: info '(coreutils) tail invocation'
"""


def _obsolete(argv: list[str]) -> list[str]:
    """tail [+-]NUM[bcl][f] [FILE]: the traditional form (one option, at most one file)."""
    if not (
        len(argv) == 2 or (len(argv) == 3 and not (argv[2].startswith("-") and len(argv[2]) > 1))
    ):
        return argv
    a = argv[1]
    if len(a) < 2 or a[0] not in "+-" or a == "-c":
        return argv
    i = 1
    while i < len(a) and a[i].isdigit():
        i += 1
    num, unit, rest = a[1:i] or "10", "n", a[i:]
    if rest[:1] in ("b", "c", "l"):
        if rest[0] == "b":
            num += "b"
        unit = "n" if rest[0] == "l" else "c"
        rest = rest[1:]
    if rest not in ("", "f"):
        return argv
    out = [argv[0], f"-{unit}{'+' if a[0] == '+' else ''}{num}"]
    return out + (["-f"] if rest else []) + argv[2:]


def _last(data: bytes, n: int, lines: bool, eol: bytes) -> bytes:
    """The last n bytes or lines (an unterminated last line counts)."""
    if n == 0:
        return b""
    if not lines:
        return data[-n:]
    pos = len(data) - 1 if data.endswith(eol) else len(data)
    for _ in range(n):
        pos = data.rfind(eol, 0, pos)
        if pos < 0:
            return data
    return data[pos + 1 :]


async def _last_regular(p: Prog, inp: Input, size: int, n: int, lines: bool, eol: bytes) -> None:
    """The end of a regular file: find where it starts (reading backwards for
    lines, as file_lines does) and copy from there, so nothing is held."""
    start = await last_lines_start(p, inp, size, n, eol) if lines else max(0, size - n)
    await copy_range(p, inp, start, None)


async def _last_pipe(p: Prog, inp: Input, n: int, lines: bool, eol: bytes) -> bool:
    """The end of a pipe or device: what is read is held in memory, and a chunk
    that can no longer be among the last n is forgotten (pipe_lines, pipe_bytes)."""

    async def forget_old(buf: MemBuf) -> bool:
        front = buf.front()
        if front is None or (buf.eols - front[1] <= n if lines else buf.len - front[0] < n):
            return False
        await buf.pop_front(load=False)
        return True

    held = await held_input(p, inp, forget_old)
    if held is None:
        return False
    await p.libc.out(_last(await held.take_all(), n, lines, eol))
    return True


async def _from_start(p: Prog, inp: Input, n: int, lines: bool, eol: bytes) -> bool:
    """Starting with byte or line n (1-based; 0 is the same as 1): skip what comes
    before, then copy the rest as it is read."""
    skip = max(0, n - 1)
    while True:
        try:
            b = await p.libc.read(inp.fd, IO_BUFSIZE)
        except OSError as e:
            await p.error(f"error reading {quoteaf(show_name(inp.name))}", e)
            return False
        if not b:
            return True
        pos = 0
        if skip and lines:
            while skip and (i := b.find(eol, pos)) >= 0:
                skip, pos = skip - 1, i + 1
            if skip:
                continue
        elif skip:
            pos = min(skip, len(b))
            skip -= pos
        await p.libc.out(b[pos:])


async def _tail(p: Prog, inp: Input, n: int, lines: bool, start: bool, eol: bytes) -> bool:
    if start:
        return await _from_start(p, inp, n, lines, eol)
    try:
        size = await regular_size(p, inp) if inp.fd != 0 else None
        if size is not None:
            await _last_regular(p, inp, size, n, lines, eol)
            return True
    except OSError as e:
        await p.error(f"error reading {quoteaf(show_name(inp.name))}", e)
        return False
    return await _last_pipe(p, inp, n, lines, eol)


@dataclass(slots=True)
class _Config:
    """What the options asked for."""

    n: int = 10  # how many lines or bytes
    lines: bool = True  # -n (else -c)
    start: bool = False  # +N: from the Nth on
    header: bool | None = None  # -v / -q; None: a header if several files
    eol: bytes = b"\n"  # -z: NUL
    exit: bool = False  # --help or --version was answered


async def _options(p: Prog, argv: list[str]) -> tuple[_Config, list[str]]:
    opts, files = await parse_opts(p, _obsolete(argv), "c:n:fFqs:vz", LONGOPTS)
    cfg = _Config()
    for o, v in opts:
        if o == "help":
            await p.libc.out(HELP.format(p.name))
            cfg.exit = True
        elif o == "version":
            await p.libc.out(
                version_text(
                    "tail", "Paul Rubin, David MacKenzie, Ian Lance Taylor,\nand Jim Meyering"
                )
            )
            cfg.exit = True
        elif o in ("f", "F"):
            await p.usage_error(NO_FOLLOW)
        elif o in "cn" and v is not None:
            cfg.lines = o == "n"
            cfg.start = v.startswith("+")
            num = v[1:] if v[:1] in "+-" else v
            cfg.n = await parse_count(p, num, "lines" if o == "n" else "bytes")
        elif o in "qv":
            cfg.header = o == "v"
        elif o == "z":
            cfg.eol = b"\0"
        if cfg.exit:
            break
    return cfg, files


@coreutil("/usr/bin/tail")
async def main(p: Prog, argv: list[str]) -> int:
    """tail [OPTION]... [FILE]..."""
    cfg, files = await _options(p, argv)
    if cfg.exit:
        return 0
    files = files or ["-"]
    header = cfg.header if cfg.header is not None else len(files) > 1
    ok, first = True, True
    for name in files:
        inp = await open_input(p, name)
        if inp is None:
            ok = False
            continue
        if header:
            await p.libc.out(f"{'' if first else chr(10)}==> {show_name(name)} <==\n")
            first = False
        ok = await _tail(p, inp, cfg.n, cfg.lines, cfg.start, cfg.eol) and ok
        await inp.close(p)
    return 0 if ok else 1
