"""Input helpers shared by head, tail and wc: open a FILE operand (or standard input),
read it in big blocks, print the "==> FILE <==" headers, parse counts (models the
parts of coreutils' head.c / tail.c / wc.c that the three share)."""

from __future__ import annotations

from swapsh.userland.coreutils.common import (
    LONGINT_INVALID_SUFFIX_CHAR,
    LONGINT_OK,
    LONGINT_OVERFLOW,
    Die,
    Prog,
    quoteaf,
    xstrtoumax,
)

__all__ = ["IO_BUFSIZE", "Input", "open_input", "parse_count", "read_all", "show_name"]

IO_BUFSIZE = 128 * 1024
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


async def read_all(p: Prog, inp: Input) -> bytes | None:
    """Everything left in the input; None after printing "error reading 'F'"."""
    chunks: list[bytes] = []
    while True:
        try:
            b = await p.libc.read(inp.fd, IO_BUFSIZE)
        except OSError as e:
            await p.error(f"error reading {quoteaf(show_name(inp.name))}", e)
            return None
        if not b:
            return b"".join(chunks)
        chunks.append(b)


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
