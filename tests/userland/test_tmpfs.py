"""tmpfs at the console: /dev/shm is mounted at boot, its files live in shmem pages,
and -- the seed's checkpoint caveat -- those pages swap to the init namespace's file
even when the writer lives in a swap namespace with a file of its own."""

from __future__ import annotations

import re

from tests.conftest import Session

SETUP = ("dd if=/dev/zero of=/s0 bs=1M count=32 2>/dev/null; "
         "dd if=/dev/zero of=/s1 bs=1M count=32 2>/dev/null; chmod 600 /s0 /s1; "
         "mkswap /s0 >/dev/null; mkswap /s1 >/dev/null")
MARK = "tmpfs-marker-line"
# a 2**17-line file of markers (2.25 MiB), grown by doubling: the shell has no loops
GROW = f"echo {MARK} > /dev/shm/a; " + "; ".join(
    ["cat /dev/shm/a /dev/shm/a > /dev/shm/b; cat /dev/shm/b > /dev/shm/a"] * 17
) + "; rm /dev/shm/b"


def _marks(sh: Session, path: str) -> int:
    return len(re.findall(MARK, sh.run(f"strings {path}").out))


def test_dev_shm_is_a_tmpfs_mount(sh: Session) -> None:
    assert "tmpfs /dev/shm tmpfs rw 0 0\n" in sh.run("cat /proc/mounts").out
    assert sh.run("ls -ld /dev/shm").out.startswith("drwxrwxrwt 2 root root 4096 ")
    r = sh.run("echo hello > /dev/shm/f; cat /dev/shm/f; ls -l /dev/shm")
    assert r.out.startswith("hello\ntotal 4\n-rw-r--r-- 1 root root 6 ")


def test_truncate_zeroes_what_lies_past_the_new_end(sh: Session) -> None:
    r = sh.run("echo abcdefghij > /dev/shm/t; dd if=/dev/null of=/dev/shm/t bs=1 seek=4 "
               "2>/dev/null; dd if=/dev/null of=/dev/shm/t bs=1 seek=8 2>/dev/null; "
               "hexdump -C /dev/shm/t")
    assert r.out == ("00000000  61 62 63 64 00 00 00 00                           "
                     "|abcd....|\n00000008\n")


def test_swapon_on_tmpfs_fails_as_on_2_6_25(sh: Session) -> None:
    r = sh.run("dd if=/dev/zero of=/dev/shm/sw bs=1M count=1 2>/dev/null; chmod 600 "
               "/dev/shm/sw; mkswap /dev/shm/sw >/dev/null; swapon /dev/shm/sw")
    assert r.err == "swapon: /dev/shm/sw: swapon failed: Invalid argument\n"
    assert "swapon: swapfile has holes" in sh.run("dmesg").out


def test_a_namespaced_tmpfs_file_swaps_to_the_init_namespace_file() -> None:
    sh = Session(mem_bytes=16 << 20)
    assert sh.run(SETUP + "; swapon /s0").status == 0
    sh.type("clone64(CLONE_NEWSWAP|CLONE_NEWIPC)")
    assert sh.run("swapon /s1").status == 0
    assert sh.run(GROW).status == 0
    r = sh.run("memtouch 14M 2")  # pressure: the namespace's own pages go to /s1
    assert (r.status, r.out.splitlines()[-1]) == (0, "pass 2: 3584 written, 3584 verified")
    assert sh.run(f"grep -c {MARK} /dev/shm/a").out == f"{1 << 17}\n"  # read back intact
    sh.type("exit")
    assert _marks(sh, "/s0") > 10_000  # the file's pages went to the init namespace
    assert _marks(sh, "/s1") == 0  # and never to the namespace's own file


def test_without_init_namespace_swap_tmpfs_pages_stay_in_ram() -> None:
    sh = Session(mem_bytes=16 << 20)
    assert sh.run(SETUP).status == 0
    sh.type("clone64(CLONE_NEWSWAP|CLONE_NEWIPC)")
    assert sh.run("swapon /s1").status == 0
    assert sh.run(GROW).status == 0
    assert sh.run("memtouch 14M 2").status == 0  # its anonymous pages can go to /s1
    assert sh.run(f"grep -c {MARK} /dev/shm/a").out == f"{1 << 17}\n"
    assert _marks(sh, "/s1") == 0  # the tmpfs pages had nowhere to go: RAM
