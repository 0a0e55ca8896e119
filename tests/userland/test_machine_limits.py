"""The disk fills up; an unprivileged user cannot clone namespaces; --mem shows."""

from __future__ import annotations

from tests.conftest import Session


def test_disk_full_gives_enospc_and_frees_on_rm(sh: Session) -> None:
    r = sh.run("dd if=/dev/zero of=/big bs=1M count=9000")
    assert r.status == 1
    assert r.err.startswith("dd: error writing '/big': No space left on device\n")
    r = sh.run("echo hi > /x")
    assert (r.err, r.status) == ("bash: echo: write error: No space left on device\n", 1)
    sh.run("rm /big")
    assert sh.run("echo hi > /x; cat /x").out == "hi\n"


def test_nobody_cannot_clone_a_swap_namespace_or_swapon(sh: Session) -> None:
    sh.run("dd if=/dev/zero of=/tmp/s bs=1M count=1; chmod 644 /tmp/s; mkswap /tmp/s")
    r = sh.run("su nobody -s /bin/bash -c 'clone64(CLONE_NEWSWAP|CLONE_NEWIPC)'")
    assert (r.err, r.status) == ("clone64: Operation not permitted\n", 1)
    r = sh.run("su nobody -s /bin/bash -c 'clone64(CLONE_NEWSWAP)'")
    assert (r.err, r.status) == ("clone64: Invalid argument\n", 1)
    r = sh.run("su nobody -s /bin/bash -c 'id -u; unshare -i true'")
    assert r.out == "65534\n" and r.err == "unshare: unshare failed: Operation not permitted\n"


def test_mem_option_sets_memtotal() -> None:
    s = Session(mem_bytes=64 << 20)
    # 64 MiB less the kernel image (4096k) and struct pages (56 bytes per 4 KiB frame)
    assert s.run("cat /proc/meminfo").out.startswith("MemTotal:        60544 kB\n")


def test_no_swap_ns_kernel() -> None:
    s = Session(swap_ns=False)
    r = s.run("clone64(CLONE_NEWSWAP|CLONE_NEWIPC)")
    assert (r.err, r.status) == ("clone64: Invalid argument\n", 1)
    assert s.run("clone64(CLONE_NEWIPC|CLONE_NEWUTS)").status == 0
