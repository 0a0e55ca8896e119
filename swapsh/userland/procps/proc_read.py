"""Reading /proc/<pid>/{stat,status,cmdline} the way procps-ng's library/readproc.c
does, into one record per process."""

from __future__ import annotations

from dataclasses import dataclass

from swapsh.userland.libc import Libc

__all__ = ["HZ", "Proc", "read_procs", "read_text"]

HZ = 100  # USER_HZ: /proc times are in these ticks


@dataclass
class Proc:
    """The fields ps shows (stat's numbering in the comments)."""

    pid: int
    comm: str  # (2)
    state: str  # (3)
    ppid: int  # (4)
    pgrp: int  # (5)
    session: int  # (6)
    tty_nr: int  # (7)
    tpgid: int  # (8)
    utime: int  # (14)
    stime: int  # (15)
    priority: int  # (18)
    nice: int  # (19)
    nlwp: int  # (20)
    start_time: int  # (22) ticks after boot
    vsize: int  # (23) bytes
    rss: int  # (24) pages
    ruid: int = 0
    euid: int = 0
    cmdline: list[str] | None = None


async def read_text(libc: Libc, path: str) -> str | None:
    """A whole (small) file's text, or None if it cannot be read."""
    try:
        fd = await libc.open(path)
    except OSError:
        return None
    try:
        chunks = []
        while b := await libc.read(fd, 65536):
            chunks.append(b)
        return b"".join(chunks).decode("utf-8", "surrogateescape")
    except OSError:
        return None
    finally:
        await libc.close(fd)


def _parse_stat(text: str) -> Proc | None:
    open_, close = text.find("("), text.rfind(")")
    if open_ < 0 or close < 0:
        return None
    f = text[close + 2 :].split()
    try:
        n = [int(x) for x in f[1:22]]
    except ValueError:
        return None
    return Proc(
        pid=int(text[:open_]),
        comm=text[open_ + 1 : close],
        state=f[0],
        ppid=n[0],
        pgrp=n[1],
        session=n[2],
        tty_nr=n[3],
        tpgid=n[4],
        utime=n[10],
        stime=n[11],
        priority=n[14],
        nice=n[15],
        nlwp=n[16],
        start_time=n[18],
        vsize=n[19],
        rss=n[20],
    )


async def read_proc(libc: Libc, pid: int) -> Proc | None:
    stat = await read_text(libc, f"/proc/{pid}/stat")
    p = _parse_stat(stat) if stat else None
    if p is None:
        return None
    status = await read_text(libc, f"/proc/{pid}/status") or ""
    for line in status.split("\n"):
        if line.startswith("Uid:"):
            ids = line.split()[1:]
            p.ruid, p.euid = int(ids[0]), int(ids[1])
    cmd = await read_text(libc, f"/proc/{pid}/cmdline")
    p.cmdline = cmd.rstrip("\0").split("\0") if cmd else None
    return p


async def read_procs(libc: Libc) -> list[Proc]:
    """Every process in /proc, by pid."""
    try:
        ents = await libc.listdir("/proc")
    except OSError:
        return []
    pids = sorted(int(e.d_name) for e in ents if e.d_name.isdigit())
    out = []
    for pid in pids:
        p = await read_proc(libc, pid)
        if p is not None:
            out.append(p)
    return out
