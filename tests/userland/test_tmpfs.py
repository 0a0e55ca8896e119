"""tmpfs at the console: /dev/shm is mounted at boot, its files live in shmem pages,
and -- the seed's checkpoint caveat -- those pages swap to the init namespace's file
even when dd wrote them from a swap namespace with a file of its own; with no swap
in the init namespace they stay in RAM. The mount holds half of RAM, as 2.6.25's
default size does."""

from __future__ import annotations

import pytest

from tests.conftest import Session

SETUP = (
    "dd if=/dev/zero of=/s0 bs=1M count=32 2>/dev/null; "
    "dd if=/dev/zero of=/s1 bs=1M count=32 2>/dev/null; chmod 600 /s0 /s1; "
    "mkswap /s0 >/dev/null; mkswap /s1 >/dev/null"
)
MARK = "tmpfs-marker-line"
# a 2**17-line file of markers on the disk (2.25 MiB), grown by doubling: the shell
# has no loops; dd then copies it to tmpfs from inside the namespace
GROW = (
    f"echo {MARK} > /tmp/a; "
    + "; ".join(["cat /tmp/a /tmp/a > /tmp/b; cat /tmp/b > /tmp/a"] * 17)
    + "; rm /tmp/b"
)
LINES = 1 << 17


def _marks(sh: Session, path: str) -> list[int]:
    """The offsets in path of every marker `strings -t d` finds (a page of markers
    right after the header's SWAPSPACE2 is one string that starts inside it)."""
    lines = sh.run(f"strings -t d {path}").out.splitlines()
    return [
        int(off) + rest.index(MARK)
        for off, rest in (x.split(None, 1) for x in lines)
        for _ in range(rest.count(MARK))
    ]


def _dd_in_a_namespace(sh: Session) -> None:
    """Markers written with dd to /dev/shm/f by a task in a child swap namespace
    with a swap file of its own, then memory pressure there."""
    assert sh.run(GROW).status == 0
    sh.type("clone64(CLONE_NEWSWAP|CLONE_NEWIPC)")
    assert sh.run("swapon /s1").status == 0
    r = sh.run("dd if=/tmp/a of=/dev/shm/f bs=64k")
    assert (r.status, r.err.splitlines()[:2]) == (0, ["36+0 records in", "36+0 records out"])
    r = sh.run("memtouch 14M 2")  # pressure: the namespace's own pages go to /s1
    assert (r.status, r.out.splitlines()[-1]) == (0, "pass 2: 3584 written, 3584 verified")


def test_dev_shm_is_a_tmpfs_mount(sh: Session) -> None:
    assert "tmpfs /dev/shm tmpfs rw 0 0\n" in sh.run("cat /proc/mounts").out
    assert sh.run("ls -ld /dev/shm").out.startswith("drwxrwxrwt 2 root root 4096 ")
    r = sh.run("echo hello > /dev/shm/f; cat /dev/shm/f; ls -l /dev/shm")
    assert r.out.startswith("hello\ntotal 4\n-rw-r--r-- 1 root root 6 ")


def test_truncate_zeroes_what_lies_past_the_new_end(sh: Session) -> None:
    r = sh.run(
        "echo abcdefghij > /dev/shm/t; dd if=/dev/null of=/dev/shm/t bs=1 seek=4 "
        "2>/dev/null; dd if=/dev/null of=/dev/shm/t bs=1 seek=8 2>/dev/null; "
        "hexdump -C /dev/shm/t"
    )
    assert r.out == (
        "00000000  61 62 63 64 00 00 00 00                           |abcd....|\n00000008\n"
    )


def test_swapon_on_tmpfs_fails_as_on_2_6_25(sh: Session) -> None:
    r = sh.run(
        "dd if=/dev/zero of=/dev/shm/sw bs=1M count=1 2>/dev/null; chmod 600 "
        "/dev/shm/sw; mkswap /dev/shm/sw >/dev/null; swapon /dev/shm/sw"
    )
    assert r.err == "swapon: /dev/shm/sw: swapon failed: Invalid argument\n"
    assert "swapon: swapfile has holes" in sh.run("dmesg").out


@pytest.mark.slow
def test_a_namespaced_tmpfs_file_swaps_to_the_init_namespace_file() -> None:
    sh = Session(mem_bytes=16 << 20)
    assert sh.run(SETUP + "; swapon /s0").status == 0
    _dd_in_a_namespace(sh)
    swapped = sh.run("grep -e Cached -e SwapFree /proc/meminfo").out
    assert "Cached:              0 kB\n" in swapped  # the file's pages are all out
    r = sh.run(f"grep -c {MARK} /dev/shm/f; wc -c < /dev/shm/f; tail -n 1 /dev/shm/f")
    assert r.out == f"{LINES}\n{LINES * (len(MARK) + 1)}\n{MARK}\n"  # read back intact
    sh.type("exit")
    s0 = _marks(sh, "/s0")
    assert len(s0) == LINES and min(s0) >= 4096  # every line went to the init file
    assert _marks(sh, "/s1") == []  # and none to the namespace's own file


@pytest.mark.slow
def test_without_init_namespace_swap_tmpfs_pages_stay_in_ram() -> None:
    sh = Session(mem_bytes=16 << 20)
    assert sh.run(SETUP).status == 0
    _dd_in_a_namespace(sh)  # its anonymous pages can go to /s1
    cached = int(sh.run("grep Cached: /proc/meminfo").out.split()[1])
    assert cached >= LINES * (len(MARK) + 1) // 1024  # the file is still in RAM
    assert sh.run(f"grep -c {MARK} /dev/shm/f").out == f"{LINES}\n"
    sh.type("exit")
    assert _marks(sh, "/s1") == []  # the tmpfs pages had nowhere to go
    assert sh.run("cat /proc/swaps").out.count("\n") == 1  # /s1 went with its namespace


def test_a_full_dev_shm_is_enospc_and_the_machine_goes_on() -> None:
    sh = Session(mem_bytes=32 << 20)
    r = sh.run("dd if=/dev/zero of=/dev/shm/big bs=1M count=100")
    total = int(sh.run("grep MemTotal /proc/meminfo").out.split()[1])
    pages = total // 4 // 2  # 2.6.25's default size: half of RAM
    assert (
        r.status == 1
        and r.err.splitlines()[0] == "dd: error writing '/dev/shm/big': No space left on device"
    )
    assert f"{pages * 4096} bytes" in r.err
    r = sh.run("echo x > /dev/shm/more")
    assert (r.status, r.err) == (1, "bash: echo: write error: No space left on device\n")
    assert sh.run("rm /dev/shm/big; echo x > /dev/shm/more; cat /dev/shm/more").out == "x\n"
