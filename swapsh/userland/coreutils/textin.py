"""Input helpers shared by head, tail and wc: open a FILE operand (or standard input),
read it in big blocks, print the "==> FILE <==" headers, parse counts (models the
parts of coreutils' head.c / tail.c / wc.c that the three share)."""

from __future__ import annotations

import stat
from collections.abc import Awaitable, Callable

from swapsh.userland.coreutils.common import (
    LONGINT_INVALID_SUFFIX_CHAR,
    LONGINT_OK,
    LONGINT_OVERFLOW,
    Die,
    Prog,
    quoteaf,
    xstrtoumax,
)
from swapsh.userland.membuf import IO_BUFSIZE, MemBuf, MemoryExhausted

__all__ = [
    "IO_BUFSIZE",
    "Input",
    "copy_range",
    "held_input",
    "last_lines_start",
    "open_input",
    "parse_count",
    "regular_size",
    "show_name",
]

ST_BLKSIZE = 4096  # st_blksize of the machine's files
BACK_BLOCK = 8192  # tail.c's BUFSIZ: the step of a backwards scan
COUNT_SUFFIXES = "bkKmMGTPEZYRQ0"


def show_name(name: str) -> str:
    """The name shown in headers and messages: '-' is standard input."""
    return "standard input" if name == "-" else name


class Input:
    """An open FILE operand: its descriptor and whether to close it."""

    def __init__(self, fd: int, name: str) -> None:
        self.fd, self.name = fd, name

    async def close(self, p: Prog) -> None:
        if self.fd != 0:
            await p.libc.close(self.fd)


async def open_input(p: Prog, name: str) -> Input | None:
    """open(name) for reading, or standard input for '-'. On failure: the message
    "cannot open 'F' for reading: strerror" and None."""
    if name == "-":
        return Input(0, name)
    try:
        return Input(await p.libc.open(name), name)
    except OSError as e:
        await p.error(f"cannot open {quoteaf(name)} for reading", e)
        return None


async def held_input(
    p: Prog, inp: Input, drop: Callable[[MemBuf], Awaitable[bool]]
) -> MemBuf | None:
    """Read the input to its end into a MemBuf. After each read, drop(buf) may take
    chunks off its front (to write or forget them) and says whether it took one; it
    is asked again until it takes none. Returns: the buffer, or None after "error
    reading 'F'". Raises Die(1) after "memory exhausted" (xalloc_die)."""
    buf = MemBuf(p.libc)
    try:
        while True:
            try:
                got = len(await buf.read(inp.fd))
            except OSError as e:
                await buf.free()
                await p.error(f"error reading {quoteaf(show_name(inp.name))}", e)
                return None
            if not got:
                return buf
            while await drop(buf):
                pass
    except MemoryExhausted:
        await buf.free()
        await p.die("memory exhausted")
        raise


async def regular_size(p: Prog, inp: Input) -> int | None:
    """The size of a regular file operand bigger than a block, which head and tail
    read from where they need; None for anything else, which they read through as
    a pipe (as head.c and tail.c do below ST_BLKSIZE, which takes in /proc's
    zero-sized files). fstat failing is "error reading 'F'", Die(1)."""
    try:
        st = await p.libc.fstat(inp.fd)
    except OSError as e:
        await p.die(f"error reading {quoteaf(show_name(inp.name))}", e)
        raise
    return st.st_size if stat.S_ISREG(st.st_mode) and st.st_size > ST_BLKSIZE else None


async def last_lines_start(p: Prog, inp: Input, size: int, n: int, eol: bytes) -> int:
    """Where the last n lines of a regular file start (an unterminated last line
    counts), found reading backwards block by block as tail.c's file_lines does, so
    nothing but a block is held. 0 if the file has fewer lines."""
    if n == 0:
        return size
    pos = size
    while pos > 0:
        step = pos % BACK_BLOCK or BACK_BLOCK  # block-aligned after the first
        pos -= step
        await p.libc.lseek(inp.fd, pos, 0)
        b = await _read_exact(p, inp, step)
        end = len(b) - 1 if pos + len(b) == size and b.endswith(eol) else len(b)
        while (i := b.rfind(eol, 0, end)) >= 0:
            n -= 1
            if n == 0:
                return pos + i + 1
            end = i
    return 0


async def _read_exact(p: Prog, inp: Input, n: int) -> bytes:
    chunks: list[bytes] = []
    while n > 0:
        b = await p.libc.read(inp.fd, n)
        if not b:
            break
        chunks.append(b)
        n -= len(b)
    return b"".join(chunks)


async def copy_range(p: Prog, inp: Input, start: int, end: int | None) -> None:
    """Write the input's bytes from start to end (None: to end of file) to stdout,
    a block at a time (dump_remainder)."""
    await p.libc.lseek(inp.fd, start, 0)
    left = None if end is None else end - start
    while left is None or left > 0:
        b = await p.libc.read(inp.fd, IO_BUFSIZE if left is None else min(left, IO_BUFSIZE))
        if not b:
            return
        await p.libc.out(b)
        if left is not None:
            left -= len(b)


async def parse_count(p: Prog, s: str, what: str) -> int:
    """xdectoumax(s, 0, UINTMAX_MAX, suffixes, "invalid number of <what>"): die with
    coreutils' message on a bad count."""
    err, n, _ = xstrtoumax(s, COUNT_SUFFIXES)
    if err == LONGINT_OK:
        return n
    if (
        err & ~LONGINT_INVALID_SUFFIX_CHAR == LONGINT_OVERFLOW
        and not err & LONGINT_INVALID_SUFFIX_CHAR
    ):
        await p.error(
            f"invalid number of {what}: {p.quote(s)}: Value too large for defined data type"
        )
    else:
        await p.error(f"invalid number of {what}: {p.quote(s)}")
    raise Die(1)
