"""Growable buffers in process memory (models gnulib's xalloc: xmalloc, x2realloc
and xalloc_die, as the programs that hold their input use them).

A program that must hold data it has not yet written out (head -c -N, tail of a
pipe, grep's line, bash's `.` file) keeps it in a MemBuf: a queue of chunks it
malloc'ed, whose bytes live in its simulated memory. So holding data costs the task
its pages, as on Linux: it is swapped out with them, meets the OOM killer when RAM
and swap are full, and a failed malloc is the program's own "memory exhausted"
(MemoryExhausted). The host holds at most the piece one read() brings in.
"""

from __future__ import annotations

from dataclasses import dataclass

from swapsh.userland.libc import MALLOC_HEADER, Libc

__all__ = ["IO_BUFSIZE", "MemBuf", "MemoryExhausted", "xalloc_die"]

IO_BUFSIZE = 128 * 1024  # coreutils' read size (io_blksize)
CHUNK_MIN = 128 * 1024  # the first chunk's mapping; later ones grow with the data...
CHUNK_MAX = 16 << 20  # ...up to this, so a big buffer is few mappings


class MemoryExhausted(Exception):
    """malloc() returned NULL for a buffer the program cannot do without."""

    def __init__(self, size: int, held: int = 0) -> None:
        super().__init__(size)
        self.size = size  # the request that failed, in bytes
        self.held = held  # what the buffer held already: a realloc asks for both


async def xalloc_die(libc: Libc, exit_failure: int = 1) -> int:
    """gnulib's xalloc_die(): "PROG: memory exhausted". Returns: the program's
    exit_failure, the status to exit with (1; grep's is 2)."""
    await libc.err(f"{libc.progname}: memory exhausted\n")
    return exit_failure


@dataclass(slots=True)
class _Chunk:
    """One malloc'ed piece of the buffer."""

    addr: int  # the pointer malloc returned
    cap: int  # bytes it can hold
    used: int = 0  # bytes it holds
    eols: int = 0  # line terminators among them


class MemBuf:
    """A queue of bytes held in the process's memory: read() appends at the back,
    pop_front() and take_all() give the bytes back and free their memory. Line
    terminators (eol) are counted as the data comes in, for line-wise callers."""

    def __init__(self, libc: Libc, eol: bytes = b"\n") -> None:
        self.libc, self.eol = libc, eol
        self.chunks: list[_Chunk] = []
        self.len = 0  # bytes held
        self.eols = 0  # terminators held

    async def _room(self) -> _Chunk:
        """The last chunk if it has room, else a new one (x2realloc's growth: a
        quarter of what is held, within CHUNK_MIN..CHUNK_MAX). Raises MemoryExhausted."""
        if self.chunks and self.chunks[-1].used < self.chunks[-1].cap:
            return self.chunks[-1]
        size = min(max(CHUNK_MIN, 1 << (self.len // 4).bit_length()), CHUNK_MAX)
        cap = size - MALLOC_HEADER  # the mapping, header included, is whole pages
        addr = await self.libc.malloc(cap)
        if not addr:
            raise MemoryExhausted(cap, self.len)
        self.chunks.append(_Chunk(addr=addr, cap=cap))
        return self.chunks[-1]

    async def read(self, fd: int, limit: int = IO_BUFSIZE) -> bytes:
        """One read(2) of up to limit bytes into the back of the buffer.

        Returns: the bytes read (a look at them; b"" at end of file). Raises:
        OSError from read, MemoryExhausted if no memory could be had for them.
        """
        ch = await self._room()
        data = await self.libc.read_to(fd, ch.addr + ch.used, min(limit, ch.cap - ch.used))
        n = len(data)
        eols = data.count(self.eol) if n else 0
        ch.used += n
        ch.eols += eols
        self.len += n
        self.eols += eols
        return data

    async def append(self, data: bytes) -> None:
        """Copy data (bytes the program made itself) to the back of the buffer."""
        while data:
            ch = await self._room()
            piece = data[: ch.cap - ch.used]
            await self.libc.store(ch.addr + ch.used, piece)
            n, eols = len(piece), piece.count(self.eol)
            ch.used += n
            ch.eols += eols
            self.len += n
            self.eols += eols
            data = data[n:]

    def front(self) -> tuple[int, int] | None:
        """(bytes, terminators) of the first chunk if it is full and another follows
        (one that can go without touching the data still coming in), else None."""
        if len(self.chunks) < 2:
            return None
        ch = self.chunks[0]
        return ch.used, ch.eols

    async def pop_front(self, load: bool = True) -> bytes:
        """The first chunk's bytes (b"" unless load), its memory freed."""
        ch = self.chunks.pop(0)
        data = await self.libc.load(ch.addr, ch.used) if ch.used and load else b""
        await self.libc.free(ch.addr)
        self.len -= ch.used
        self.eols -= ch.eols
        return data

    async def contents(self) -> bytes:
        """Everything held, loaded from memory (which stays the buffer's)."""
        parts = [await self.libc.load(ch.addr, ch.used) for ch in self.chunks if ch.used]
        return b"".join(parts)

    async def drain(self) -> bytes:
        """Everything held, the buffer emptied but its first chunk kept for the
        next reads (as a C program reuses its buffer)."""
        data = await self.contents()
        while len(self.chunks) > 1:
            await self.libc.free(self.chunks.pop().addr)
        if self.chunks:
            self.chunks[0].used = self.chunks[0].eols = 0
        self.len = self.eols = 0
        return data

    async def take_all(self) -> bytes:
        """Everything held, the memory freed (the buffer is empty after)."""
        parts = [await self.pop_front() for _ in range(len(self.chunks))]
        return b"".join(parts)

    async def free(self) -> None:
        """free() every chunk, dropping what they hold."""
        for ch in self.chunks:
            await self.libc.free(ch.addr)
        self.chunks.clear()
        self.len = self.eols = 0
