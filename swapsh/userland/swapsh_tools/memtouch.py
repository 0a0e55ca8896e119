"""memtouch [--shm] SIZE [PASSES]: a load for the paging engine.

It maps SIZE of anonymous memory and, on each pass, checks the text stamp the last
pass wrote at the start of every page and writes a new one. A page that comes back
wrong (lost or corrupted on its way through swap) is reported and makes the exit
status 1. SIZE takes K, M or G (binary) suffixes. With --shm the memory is a SysV
shared memory segment (shmget(IPC_PRIVATE), shmat, removed with IPC_RMID at once so
it goes when memtouch does): its pages swap to the init namespace's swap files.
"""

from __future__ import annotations

import re

from swapsh.syscalls.abi import IPC_CREAT, IPC_PRIVATE, IPC_RMID
from swapsh.userland.libc import Libc
from swapsh.userland.registry import program

__all__ = ["main"]

PAGE = 4096
BATCH = 64  # pages per load/store: one long run of faults, as a memset would make
USAGE = "Usage: memtouch [--shm] SIZE [PASSES]\n"
_PADS: dict[int, bytes] = {}  # zeros that fill a page after a stamp of each length
_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def parse_size(text: str) -> int | None:
    m = re.fullmatch(r"(\d{1,15})([KMG]?)(?:i?B)?", text, re.IGNORECASE)
    if not m:
        return None
    return int(m.group(1)) * _UNITS[m.group(2).upper()]


def stamp(pid: int, page: int, npass: int) -> bytes:
    return b"memtouch pid %d page %d pass %d\n" % (pid, page, npass)


async def _pass(libc: Libc, addr: int, pages: int, pid: int, npass: int) -> list[str]:
    """Verify the previous pass's stamps (from pass 2 on) and write this pass's."""
    bad: list[str] = []
    for first in range(0, pages, BATCH):
        n = min(BATCH, pages - first)
        base = addr + first * PAGE
        if npass > 1:
            got = await libc.load(base, n * PAGE)
            if got != _pages(pid, first, n, npass - 1):  # one memcmp when all is well
                bad += _report(got, pid, first, n, npass - 1, base)
        await libc.store(base, _pages(pid, first, n, npass))
    return bad


def _pages(pid: int, first: int, n: int, npass: int) -> bytes:
    """What pages first..first+n-1 hold after pass npass: the stamp, then zeros."""
    parts: list[bytes] = []
    for i in range(n):
        s = stamp(pid, first + i, npass)
        pad = _PADS.get(len(s))
        if pad is None:
            pad = _PADS[len(s)] = bytes(PAGE - len(s))
        parts += (s, pad)
    return b"".join(parts)


def _report(got: bytes, pid: int, first: int, n: int, npass: int, base: int) -> list[str]:
    """A line for each page of got that is not what pass npass left there."""
    bad = []
    for i in range(n):
        want = stamp(pid, first + i, npass)
        page = got[i * PAGE : (i + 1) * PAGE]
        where = f"memtouch: page {first + i} at {base + i * PAGE:#x}"
        if page[: len(want)] != want:
            found = page[: len(want)].rstrip(bytes(1)).decode(errors="replace")
            bad.append(f"{where}: expected {want[:-1].decode()!r}, found {found!r}\n")
        elif page.count(0) != PAGE - len(want):
            bad.append(f"{where}: bytes after the stamp are not zero\n")
    return bad


async def _shm_map(libc: Libc, length: int) -> int:
    """A private SysV segment, attached and marked for removal at the last detach."""
    try:
        shmid = await libc.shmget(IPC_PRIVATE, length, IPC_CREAT | 0o600)
    except OSError as e:
        raise OSError(e.errno, e.strerror, "shmget") from e
    try:
        addr = await libc.shmat(shmid)
    except OSError as e:
        raise OSError(e.errno, e.strerror, "shmat") from e
    await libc.shmctl(shmid, IPC_RMID)
    return addr


@program("/usr/bin/memtouch")
async def main(libc: Libc, argv: list[str]) -> int:
    args = argv[1:]
    shm = bool(args) and args[0] == "--shm"
    if shm:
        args = args[1:]
    if not 1 <= len(args) <= 2:
        await libc.err(USAGE)
        return 2
    size = parse_size(args[0])
    if len(args) == 1:
        passes: int | None = 1
    else:
        passes = int(args[1]) if args[1].isdigit() else None
    if size is None or size <= 0:
        await libc.err(f"memtouch: invalid size: '{args[0]}'\n{USAGE}")
        return 2
    if passes is None or not 1 <= passes <= 1_000_000:
        await libc.err(f"memtouch: invalid number of passes: '{args[1]}'\n{USAGE}")
        return 2
    pages = (size + PAGE - 1) // PAGE
    try:
        addr = await _shm_map(libc, pages * PAGE) if shm else await libc.mmap(pages * PAGE)
    except OSError as e:
        await libc.err(f"memtouch: {e.filename or 'mmap'}: {e.strerror}\n")
        return 1
    pid = await libc.getpid()
    await libc.out(f"memtouch: {pages} pages, {passes} pass{'es' if passes > 1 else ''}\n")
    errors = 0
    for npass in range(1, passes + 1):
        bad = await _pass(libc, addr, pages, pid, npass)
        errors += len(bad)
        for line in bad[:20]:
            await libc.err(line)
        verified = f", {pages - len(bad)} verified" if npass > 1 else ""
        await libc.out(f"pass {npass}: {pages} written{verified}\n")
    if errors:
        await libc.err(f"memtouch: {errors} pages came back wrong\n")
        return 1
    return 0
