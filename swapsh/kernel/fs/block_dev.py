"""The disk under the root filesystem, its blocks kept in a private host file (models
include/linux/fs.h struct block_device, with fs/buffer.c's dirty buffers in outline).

Block b of the simulated disk is bytes [b * 4096, (b + 1) * 4096) of a host
temporary file, so what the disk holds costs host disk, not host memory. The file is
made at the first write that leaves RAM, unlinked at once (nothing is left behind,
even if swapsh is killed) and closed with the machine. Small writes (a swap slot, a
line appended to a file) wait in RAM as dirty buffers, each kept without its trailing
zeros, up to BUFFER_BYTES of host memory; past that the ones dirtied first go to the
host file a batch at a time, as sorted runs. Paging that swaps short pages (a stamp and zeros, as
memtouch's) thus costs no host I/O until the buffers fill. A write of many whole
blocks (dd bs=1M) goes to the host file at once.

Which blocks hold anything but zeros is kept in RAM, one byte per block (`state`):
a hole, a freed block or a block of zeros reads as zeros without host I/O, and a
block freed and given to another file never shows its old bytes. The host file is
storage only: what a program reads is exactly what was written, wherever it lies.
If the host file cannot be made or written (its file system is full), the blocks
stay in RAM: the machine goes on unchanged, only host memory grows.
"""

from __future__ import annotations

import errno
import os
import tempfile
from dataclasses import dataclass, field
from typing import IO

from swapsh.kernel.fs.inode import ZERO_PAGE, page_head, without_trailing_zeros, zero_bytes
from swapsh.kernel.params import PAGE_SIZE

__all__ = [
    "BLK_BUFFER",
    "BLK_HOST",
    "BLK_ZERO",
    "BUFFER_BYTES",
    "DIRECT_PAGES",
    "BlockDevice",
]

BLK_ZERO = 0  # the block holds only zeros (every free block does)
BLK_HOST = 1  # its bytes are in the host file
BLK_BUFFER = 2  # its bytes are in a dirty buffer in RAM

BUFFER_BYTES = 16 << 20  # host RAM the dirty buffers may take before writeback
BUFFER_OVERHEAD = 112  # what a buffer costs besides its bytes: dict slot, key, bytes header
WRITEBACK_BYTES = 1 << 20  # how much a writeback frees at least, first dirtied first
DIRECT_PAGES = 64  # a write of this many whole blocks or more skips the buffers
IOV_BLOCKS = 512  # blocks per pwritev: two iovecs each (bytes, zeros) within IOV_MAX, 1024


def _host_tmpdir() -> str:
    """Where the host file goes: $TMPDIR if set, else /var/tmp (on disk, where /tmp is
    often a tmpfs, i.e. host memory again), else Python's default."""
    if os.environ.get("TMPDIR"):
        return tempfile.gettempdir()
    if os.path.isdir("/var/tmp") and os.access("/var/tmp", os.W_OK | os.X_OK):
        return "/var/tmp"
    return tempfile.gettempdir()


@dataclass(slots=True, eq=False, kw_only=True)
class BlockDevice:
    """Linux: struct block_device (include/linux/fs.h), with its dirty buffers.

    The disk a block filesystem lives on, addressed by the block numbers its files'
    block maps (bmap) give."""

    nr_blocks: int  # immutable
    state: bytearray  # per block: BLK_*; owned by the device (one CPU: no lock)
    # block -> its bytes up to the last non-zero one (never b""), first dirtied first
    buffers: dict[int, bytes] = field(default_factory=dict)
    buffered: int = 0  # host bytes the buffers take: their lengths plus BUFFER_OVERHEAD each
    max_buffered: int = BUFFER_BYTES  # immutable
    host: IO[bytes] | None = None  # the host file, made at the first writeback
    host_failed: bool = False  # the host file could not be made or written: stay in RAM
    closed: bool = False  # the machine is gone; the host file with it

    @classmethod
    def for_disk(cls, nr_blocks: int, max_buffered: int = BUFFER_BYTES) -> BlockDevice:
        return cls(nr_blocks=nr_blocks, state=bytearray(nr_blocks), max_buffered=max_buffered)

    # -- reading ----------------------------------------------------------------------------
    def has_data(self, block: int, n: int) -> bool:
        """Whether any of blocks [block, block+n) holds anything but zeros."""
        return self.state.count(BLK_ZERO, block, block + n) != n

    def read(self, block: int, n: int) -> list[bytes]:
        """Blocks [block, block+n), as parts that add up to n * PAGE_SIZE bytes."""
        state, end = self.state, block + n
        if state.count(BLK_ZERO, block, end) == n:
            return [zero_bytes(n * PAGE_SIZE)]
        if state.count(BLK_HOST, block, end) == n:
            return [self._pread(block, n)]
        parts: list[bytes] = []
        b = block
        while b < end:
            s = state[b]
            run = b + 1
            while run < end and state[run] == s and s != BLK_BUFFER:
                run += 1
            if s == BLK_HOST:
                parts.append(self._pread(b, run - b))
            elif s == BLK_ZERO:
                parts.append(zero_bytes((run - b) * PAGE_SIZE))
            else:
                d = self.buffers[b]
                parts.append(d)
                if len(d) < PAGE_SIZE:
                    parts.append(zero_bytes(PAGE_SIZE - len(d)))
            b = run
        return parts

    def read_block(self, block: int) -> bytes:
        """Block's bytes up to its last non-zero one (b"" for a block of zeros)."""
        d = self.buffers.get(block)
        if d is not None:
            return d
        if self.state[block] == BLK_ZERO:
            return b""
        return without_trailing_zeros(self._pread(block, 1))

    def _pread(self, block: int, n: int) -> bytes:
        want = n * PAGE_SIZE
        if self.host is None:
            raise OSError(errno.EIO, "the disk's host file is gone")
        buf = os.pread(self.host.fileno(), want, block * PAGE_SIZE)
        if len(buf) != want:  # the host file was cut short behind our back
            raise OSError(errno.EIO, f"short read of block {block} from the disk's host file")
        return buf

    # -- writing ----------------------------------------------------------------------------
    def write_block(self, block: int, stored: bytes) -> None:
        """Block's contents become stored: its bytes up to the last non-zero one
        (b"" for zeros). Kept as a dirty buffer, the newest."""
        buffers = self.buffers
        if not stored:
            old = buffers.pop(block, None)
            if old is not None:
                self.buffered -= len(old) + BUFFER_OVERHEAD
            self.state[block] = BLK_ZERO
            return
        old = buffers.get(block)
        # A rewrite keeps its place: buffers go back in the order first dirtied, as
        # Linux's writeback goes by dirtied_when.
        buffers[block] = stored
        if old is None:
            self.state[block] = BLK_BUFFER
            size = self.buffered + len(stored) + BUFFER_OVERHEAD
        else:
            size = self.buffered + len(stored) - len(old)
        self.buffered = size
        if size > self.max_buffered and not self.host_failed:
            self._writeback()

    def write(self, block: int, data: bytes, off: int, n: int) -> None:
        """Blocks [block, block+n) become data[off : off + n * PAGE_SIZE]."""
        if n >= DIRECT_PAGES and self._write_direct(block, data, off, n):
            return
        for i in range(n):
            self.write_block(block + i, page_head(data, off + i * PAGE_SIZE))

    def _write_direct(self, block: int, data: bytes, off: int, n: int) -> bool:
        """Write whole blocks straight to the host file. Returns: whether it did."""
        host = self._host()
        if host is None:
            return False
        size = n * PAGE_SIZE
        try:
            done = os.pwrite(host.fileno(), memoryview(data)[off : off + size], block * PAGE_SIZE)
        except OSError:
            done = -1
        if done != size:
            self.host_failed = True
            return False
        self.discard(block, n)  # drops older buffers; zero pages stay BLK_ZERO
        state = self.state
        for i in range(n):
            if not data.startswith(ZERO_PAGE, off + i * PAGE_SIZE):
                state[block + i] = BLK_HOST
        return True

    def _writeback(self) -> None:
        """Write the buffers dirtied first, WRITEBACK_BYTES of them or more, to the host
        file: a pwritev per run of consecutive blocks. On a host failure they stay."""
        host = self._host()
        if host is None:
            return
        buffers, state = self.buffers, self.state
        batch: list[int] = []
        freed = 0
        for b, d in buffers.items():
            batch.append(b)
            freed += len(d) + BUFFER_OVERHEAD
            if freed >= WRITEBACK_BYTES:
                break
        batch.sort()
        i = 0
        while i < len(batch):
            j = i + 1
            while j < len(batch) and batch[j] == batch[j - 1] + 1 and j - i < IOV_BLOCKS:
                j += 1
            parts: list[bytes] = []
            for b in batch[i:j]:
                d = buffers[b]
                parts.append(d)
                if len(d) < PAGE_SIZE:
                    parts.append(zero_bytes(PAGE_SIZE - len(d)))
            try:
                done = os.pwritev(host.fileno(), parts, batch[i] * PAGE_SIZE)
            except OSError:
                done = -1
            if done != (j - i) * PAGE_SIZE:
                self.host_failed = True
                return
            for b in batch[i:j]:
                self.buffered -= len(buffers.pop(b)) + BUFFER_OVERHEAD
                state[b] = BLK_HOST
            i = j

    def _host(self) -> IO[bytes] | None:
        """The host file, made (and unlinked) now if this is the first writeback."""
        if self.host is None and not self.host_failed and not self.closed:
            try:
                self.host = tempfile.TemporaryFile(dir=_host_tmpdir())  # noqa: SIM115 (lives with the machine)
            except OSError:
                self.host_failed = True
        return self.host

    # -- freeing ----------------------------------------------------------------------------
    def discard(self, block: int, n: int) -> None:
        """Blocks [block, block+n) now hold zeros (freed, or overwritten by zeros): the
        host file's old bytes there are never read again."""
        state, end = self.state, block + n
        if state.count(BLK_ZERO, block, end) == n:
            return
        buffers = self.buffers
        if state.count(BLK_BUFFER, block, end):
            gone = (
                [b for b in buffers if block <= b < end]
                if n > len(buffers)
                else [b for b in range(block, end) if state[b] == BLK_BUFFER]
            )
            for b in gone:
                self.buffered -= len(buffers.pop(b)) + BUFFER_OVERHEAD
        state[block:end] = bytes(n)

    def close(self) -> None:
        """The machine is switched off: the host file goes (it was never named)."""
        self.closed = True
        if self.host is not None:
            self.host.close()
            self.host = None
