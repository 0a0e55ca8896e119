"""The disk's blocks in a host file (kernel/fs/block_dev.py): what a file holds reads
back byte for byte whether its blocks are in RAM buffers or the host file, holes and
freed blocks read as zeros, and the host file is private and goes with the machine."""

from __future__ import annotations

import errno
import os
import random
import stat as st
import tempfile

import pytest
from hypothesis import given
from hypothesis import strategies as hs

from swapsh.kernel.fs.block_dev import (
    BLK_BUFFER,
    BLK_HOST,
    BLK_ZERO,
    BUFFER_OVERHEAD,
    DIRECT_PAGES,
    BlockDevice,
)
from swapsh.kernel.fs.file import allocate_blocks
from swapsh.kernel.fs.inode import FileData, Inode, is_zero_buffer, zero_bytes
from swapsh.kernel.fs.super import BlockAllocator, SuperBlock
from swapsh.kernel.params import PAGE_SIZE
from tests.conftest import Session

NBLOCKS = 4096  # a 16 MiB disk
SMALL_BUFFERS = 3 * (PAGE_SIZE + BUFFER_OVERHEAD)  # a few pages: writeback is frequent


class Disk:
    """A block filesystem in miniature: an allocator, a device and files on them, each
    with a bytearray model of what it must hold."""

    def __init__(self, max_buffered: int = SMALL_BUFFERS) -> None:
        self.bdev = BlockDevice.for_disk(NBLOCKS, max_buffered=max_buffered)
        self.sb = SuperBlock(
            s_type="ext3",
            s_dev=0x801,
            allocator=BlockAllocator.for_disk(NBLOCKS, reserved=8),
            s_bdev=self.bdev,
        )
        self.files = [self._new(i) for i in range(2)]
        self.models = [bytearray() for _ in self.files]

    def _new(self, ino: int) -> Inode:
        return Inode(
            i_ino=ino, i_mode=st.S_IFREG | 0o644, i_sb=self.sb, data=FileData(bdev=self.bdev)
        )

    def write(self, i: int, pos: int, data: bytes) -> None:
        ino, model = self.files[i], self.models[i]
        assert allocate_blocks(ino, pos, len(data)) == len(data)
        assert ino.data is not None
        ino.data.write(pos, data)
        if len(model) < pos + len(data):
            model.extend(bytes(pos + len(data) - len(model)))
        model[pos : pos + len(data)] = data

    def truncate(self, i: int, size: int) -> None:
        """What Vfs.truncate does with the file's data and blocks."""
        ino, model = self.files[i], self.models[i]
        assert ino.data is not None and self.sb.allocator is not None
        for ps, n in ino.data.truncate(size):
            self.sb.allocator.release(ps, n)
        del model[size:]
        model.extend(bytes(size - len(model)))

    def check_read(self, i: int, pos: int, n: int) -> None:
        """A read gives the model's bytes, and the shared zero buffer exactly when every
        page it touches holds only zeros (readers skip such buffers unscanned)."""
        ino, model = self.files[i], self.models[i]
        assert ino.data is not None
        want = bytes(model[pos : pos + n]).ljust(n, b"\0")
        got = ino.data.read(pos, n)
        assert got == want
        if n:
            lo, hi = (
                pos // PAGE_SIZE * PAGE_SIZE,
                (pos + n + PAGE_SIZE - 1) // PAGE_SIZE * PAGE_SIZE,
            )
            assert is_zero_buffer(got) == (model[lo:hi].count(0) == len(model[lo:hi]))

    def check_all(self) -> None:
        for i, model in enumerate(self.models):
            self.check_read(i, 0, len(model) + PAGE_SIZE)


def _payload(kind: str, n: int, seed: int) -> bytes:
    rnd = random.Random(seed)
    if kind == "random":
        return rnd.randbytes(n)
    if kind == "shared-zeros":  # what /dev/zero gives
        return zero_bytes(n)
    if kind == "zeros":  # zeros in a buffer of the program's own
        return bytes(n)
    head = rnd.randbytes(min(n, rnd.randrange(1, 64)))  # a stamp and zeros, as memtouch's
    return head.ljust(n, b"\0")


_op = hs.one_of(
    hs.tuples(
        hs.just("write"),
        hs.integers(0, 1),
        hs.integers(0, 96 * PAGE_SIZE),
        hs.sampled_from(["random", "shared-zeros", "zeros", "stamp"]),
        hs.sampled_from([1, 100, PAGE_SIZE - 1, PAGE_SIZE, 3 * PAGE_SIZE + 5, 70 * PAGE_SIZE]),
        hs.integers(0, 2**32),
    ),
    hs.tuples(hs.just("truncate"), hs.integers(0, 1), hs.integers(0, 100 * PAGE_SIZE)),
    hs.tuples(
        hs.just("read"),
        hs.integers(0, 1),
        hs.integers(0, 100 * PAGE_SIZE),
        hs.integers(0, 9 * PAGE_SIZE),
    ),
)


@given(hs.lists(_op, max_size=25))
def test_files_read_back_what_was_written_across_the_buffer_bound(ops: list[tuple]) -> None:
    disk = Disk()
    for op in ops:
        if op[0] == "write":
            _, i, pos, kind, n, seed = op
            disk.write(i, pos, _payload(kind, n, seed))
        elif op[0] == "truncate":
            disk.truncate(op[1], op[2])
        else:
            disk.check_read(op[1], op[2], op[3])
    disk.check_all()
    bdev = disk.bdev
    assert bdev.buffered == sum(len(d) + BUFFER_OVERHEAD for d in bdev.buffers.values())
    assert bdev.buffered <= SMALL_BUFFERS
    bdev.close()


def test_writes_past_the_buffer_bound_go_to_the_host_file_and_read_back() -> None:
    disk = Disk()
    pages = [random.Random(p).randbytes(PAGE_SIZE // 2) for p in range(20)]
    for p, head in enumerate(pages):
        disk.write(0, p * PAGE_SIZE, head)
    bdev = disk.bdev
    assert bdev.host is not None and bdev.buffered <= SMALL_BUFFERS
    assert bdev.state.count(BLK_HOST) >= 15 and bdev.state.count(BLK_BUFFER) <= 3
    disk.check_all()
    data = disk.files[0].data
    assert data is not None
    assert [data.read_page(p) for p in range(20)] == pages  # what swap_readpage gets
    bdev.close()


def test_a_long_run_of_short_buffers_is_written_back() -> None:
    # Thousands of consecutive stamps (memtouch's pages in a swap file): a writeback
    # splits the run into pwritev calls the host takes (IOV_MAX iovecs at most).
    disk = Disk(max_buffered=256 << 10)
    for p in range(3000):
        disk.write(0, p * PAGE_SIZE, b"stamp %d" % p)
    bdev = disk.bdev
    assert not bdev.host_failed and bdev.state.count(BLK_HOST) > 2000
    assert bdev.buffered <= 256 << 10
    disk.check_all()
    bdev.close()


def test_a_large_write_goes_straight_to_the_host_file_and_its_zero_pages_stay_zero() -> None:
    disk = Disk(max_buffered=16 << 20)
    data = bytearray(random.Random(1).randbytes(DIRECT_PAGES * PAGE_SIZE))
    data[5 * PAGE_SIZE : 7 * PAGE_SIZE] = bytes(2 * PAGE_SIZE)
    disk.write(0, 0, bytes(data))
    bdev = disk.bdev
    assert not bdev.buffers and bdev.state.count(BLK_HOST) == DIRECT_PAGES - 2
    disk.check_all()
    disk.check_read(0, 5 * PAGE_SIZE, 2 * PAGE_SIZE)  # the shared zero buffer
    bdev.close()


def test_sparse_holes_read_as_zeros() -> None:
    disk = Disk()
    disk.write(0, 1 << 20, b"tail")
    ino = disk.files[0]
    assert ino.data is not None
    assert ino.data.blocks.nr_pages == 1  # the hole has no blocks
    assert is_zero_buffer(ino.data.read(0, 1 << 20))
    assert ino.data.read((1 << 20) - 2, 8) == b"\0\0tail\0\0"
    disk.bdev.close()


def test_a_freed_block_given_to_another_file_never_shows_its_old_bytes() -> None:
    disk = Disk()
    secret = random.Random(7).randbytes(40 * PAGE_SIZE)
    disk.write(0, 0, secret)  # some blocks on the host file, some in buffers
    old_blocks = list(disk.files[0].data.blocks.runs)  # type: ignore[union-attr]
    disk.truncate(0, 0)  # rm: the last close truncates to 0 and frees the blocks
    assert disk.bdev.state.count(BLK_ZERO) == NBLOCKS and not disk.bdev.buffers
    disk.write(1, 0, zero_bytes(40 * PAGE_SIZE))  # dd if=/dev/zero: nothing to store
    disk.write(1, 50 * PAGE_SIZE, b"x")  # a partial page: read-modify-write of a block
    assert disk.files[1].data.blocks.runs[0][1] == old_blocks[0][1]  # type: ignore[union-attr]
    disk.check_all()
    disk.bdev.close()


def test_truncate_zeroes_the_tail_of_the_last_page_and_frees_the_rest() -> None:
    disk = Disk()
    disk.write(0, 0, random.Random(3).randbytes(10 * PAGE_SIZE))
    disk.truncate(0, 2 * PAGE_SIZE + 100)
    disk.truncate(0, 10 * PAGE_SIZE)  # extended again: a hole past the old tail
    disk.check_all()
    assert disk.files[0].data.blocks.nr_pages == 3  # type: ignore[union-attr]
    disk.bdev.close()


def test_without_a_host_file_the_blocks_stay_in_ram_and_read_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "TemporaryFile", full)
    disk = Disk()
    disk.write(0, 0, random.Random(5).randbytes(80 * PAGE_SIZE))
    for p in range(10):
        disk.write(1, p * PAGE_SIZE, random.Random(p).randbytes(PAGE_SIZE))
    assert disk.bdev.host is None and disk.bdev.host_failed
    disk.check_all()


def test_the_host_file_has_no_name_and_closes_with_the_machine() -> None:
    s = Session(mem_bytes=32 << 20)
    s.run("dd if=/dev/urandom of=/r bs=1M count=2")
    bdev = s.kernel.vfs.root.i_sb.s_bdev
    host = bdev.host
    assert host is not None
    assert os.readlink(f"/proc/self/fd/{host.fileno()}").endswith("(deleted)")
    s.m.close()
    assert host.closed and bdev.host is None
    s.m.close()  # twice is harmless


def test_rm_then_a_new_file_reads_zeros_not_the_old_data() -> None:
    s = Session(mem_bytes=32 << 20)
    s.kernel.vfs.root.i_sb.s_bdev.max_buffered = SMALL_BUFFERS
    for line in (
        "dd if=/dev/urandom of=/a bs=1M count=4",
        "dd if=/dev/urandom of=/b bs=4k count=30",  # through the buffers, written back
        "rm /a /b",
        # a hole, then a page that gets /a's first block: its head must read as zeros
        "dd if=/etc/passwd of=/c bs=1 seek=3000000",
    ):
        assert s.run(line).status == 0, line
    r = s.run("hexdump -C -n 3000000 /c")
    zeros = "00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00"
    assert r.out == f"00000000  {zeros}  |................|\n*\n002dc6c0\n"
    assert s.run("dd if=/c bs=1 skip=3000000 2>/dev/null").out == s.run("cat /etc/passwd").out
    s.m.close()


def test_swapped_pages_come_back_whole_through_the_host_file() -> None:
    s = Session(mem_bytes=32 << 20)
    s.kernel.vfs.root.i_sb.s_bdev.max_buffered = SMALL_BUFFERS  # every slot to the host
    for line in (
        "dd if=/dev/zero of=/swap bs=1M count=64",
        "chmod 600 /swap",
        "mkswap /swap",
        "swapon /swap",
    ):
        assert s.run(line).status == 0, line
    r = s.run("memtouch 48M 2")
    assert (r.status, r.err) == (0, "") and "pass 2: 12288 written, 12288 verified" in r.out
    vm = s.run("cat /proc/vmstat").out
    assert int(vm.split("pswpin ")[1].split()[0]) > 1000
    assert s.kernel.vfs.root.i_sb.s_bdev.state.count(BLK_HOST) > 1000
    s.m.close()
