"""The seed's checkpoint caveat at the console: SysV shared memory has no anon owner,
so its pages swap to the init namespace's files even when every task using it lives
in a swap namespace with a file of its own; with no swap in the init namespace they
cannot be swapped at all."""

from __future__ import annotations

import re

import pytest

from tests.conftest import Session

SETUP = (
    "dd if=/dev/zero of=/s0 bs=1M count=64 2>/dev/null; "
    "dd if=/dev/zero of=/s1 bs=1M count=64 2>/dev/null; chmod 600 /s0 /s1; "
    "mkswap /s0 >/dev/null; mkswap /s1 >/dev/null"
)


def _stamps(sh: Session, path: str) -> int:
    return len(re.findall(r"memtouch pid \d+ page \d+ pass \d+", sh.run(f"strings {path}").out))


def test_shm_pages_go_to_the_init_namespace_file() -> None:
    sh = Session(mem_bytes=32 << 20)
    assert sh.run(SETUP + "; swapon /s0").status == 0
    sh.type("clone64(CLONE_NEWSWAP|CLONE_NEWIPC)")
    assert sh.run("swapon /s1").status == 0
    r = sh.run("memtouch --shm 30M 2")
    assert (r.status, r.out.splitlines()[-1]) == (0, "pass 2: 7680 written, 7680 verified")
    sh.type("exit")
    assert _stamps(sh, "/s0") > 1000  # the segment's pages
    assert _stamps(sh, "/s1") == 0  # the namespace's own file never saw them


@pytest.mark.slow
def test_anonymous_memory_in_the_same_namespace_stays_in_its_file() -> None:
    sh = Session(mem_bytes=32 << 20)
    assert sh.run(SETUP + "; swapon /s0").status == 0
    sh.type("clone64(CLONE_NEWSWAP|CLONE_NEWIPC)")
    assert sh.run("swapon /s1; memtouch 30M 2").status == 0
    sh.type("exit")
    assert _stamps(sh, "/s1") > 1000 and _stamps(sh, "/s0") == 0


def test_without_init_namespace_swap_shm_cannot_be_swapped() -> None:
    sh = Session(mem_bytes=32 << 20)
    assert sh.run(SETUP).status == 0
    sh.type("clone64(CLONE_NEWSWAP|CLONE_NEWIPC)")
    assert sh.run("swapon /s1").status == 0
    r = sh.run("memtouch --shm 30M 1")
    assert r.status == 137
    assert re.search(r"Out of memory: kill process \d+ \(memtouch\)", r.console)
    assert _stamps(sh, "/s1") == 0


def test_memtouch_shm_errors(sh: Session) -> None:
    r = sh.run("memtouch --shm 40M")  # above 2.6.25's SHMMAX of 32 MiB
    assert (r.err, r.status) == ("memtouch: shmget: Invalid argument\n", 1)
    assert sh.run("memtouch --shm").err == "Usage: memtouch [--shm] SIZE [PASSES]\n"
