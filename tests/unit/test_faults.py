"""Faults survived with nothing lost (issue #10): a full disk, full swap, OOM without
swap, swapoff with too little memory, kill -9 of swapoff, and 2,000 namespaces. Each
test checks the state afterwards: the kernel's invariants (debug_vm.check_all), the
counts a user sees, and that the machine goes on. Budgets are simulated steps or
object counts, never host time."""

from __future__ import annotations

import gc
import re

import pytest

from swapsh.kernel.debug_vm import check_all
from swapsh.kernel.exit import release_task
from swapsh.kernel.kernel import Kernel
from swapsh.kernel.mm.memory import access_user
from swapsh.kernel.mm.mmap import do_mmap
from swapsh.kernel.mm.swap_alloc import SWP_USED
from swapsh.kernel.mm.swap_namespace import SwapNamespace
from swapsh.kernel.mm.swapfile import sys_swapon
from swapsh.kernel.namespaces import IpcNamespace
from swapsh.kernel.nsproxy import NsProxy
from swapsh.kernel.params import PF_SWAPOFF
from swapsh.kernel.task import CloneFlags, TaskStruct
from swapsh.machine import STREAM_PROMPT, Machine
from tests.conftest import Session
from tests.unit.kernel_helpers import boot, drive, kill, make_file, make_swapfile, spawn

PAGE = 4096
MKSWAP = "dd if=/dev/zero of={f} bs=1M count={mb} 2>/dev/null; chmod 600 {f}; mkswap {f} >/dev/null"


def _shell(sh: Session) -> TaskStruct:
    return sh.m.console.read_wait.tasks[0]


def _swap_used_kb(sh: Session, name: str) -> int | None:
    """The Used column of name's line in /proc/swaps, None if it is not there."""
    for line in sh.run("cat /proc/swaps").out.splitlines()[1:]:
        if line.split()[0] == name:
            return int(line.split("\t")[-2])
    return None


# -- a full disk --------------------------------------------------------------------------


def test_dd_until_the_disk_is_full_then_rm_gives_the_room_back() -> None:
    sh = Session(mem_bytes=64 << 20, debug_checks=1)
    k = sh.kernel
    alloc = k.vfs.root.i_sb.allocator
    assert alloc is not None
    # fill the disk straight through the VFS, leaving 10.5 MiB for dd
    make_file(k, _shell(sh), "/filler", (alloc.nr_free - 2688) * PAGE)
    free_before = alloc.nr_free
    assert free_before == 2688
    r = sh.run("dd if=/dev/zero of=/x bs=1M")
    assert r.status == 1
    lines = r.err.splitlines()
    assert lines[:3] == [
        "dd: error writing '/x': No space left on device",
        "11+0 records in",
        "10+1 records out",
    ]
    assert lines[3].startswith("11010048 bytes (11 MB, 10 MiB) copied, ")
    assert alloc.nr_free == 0
    assert sh.run("ls -l /x").out.split()[4] == "11010048"
    x = k.vfs.lookup(_shell(sh), "/x").inode.data
    assert x is not None and sum(n for _l, _p, n in x.blocks.runs) == 2688  # every block its
    assert sh.run("echo more >> /x").err == "bash: echo: write error: No space left on device\n"
    check_all(k)
    assert sh.run("rm /x").status == 0
    assert alloc.nr_free == free_before  # every block back
    assert sh.run("dd if=/dev/zero of=/y bs=1M count=2 2>/dev/null; wc -c < /y").out == "2097152\n"
    check_all(k)


# -- full swap, and OOM without swap -------------------------------------------------------


def _oom_victim(console: str, comm: str) -> int:
    killed = re.search(rf"Killed process (\d+) \({comm}\)", console)
    assert killed, console
    pid = int(killed.group(1))
    assert re.search(rf"Out of memory: kill process {pid} \({comm}\) score \d+ or a child", console)
    return pid


@pytest.mark.slow
def test_a_full_swap_file_ends_in_the_oom_killer_and_frees_the_victims_slots() -> None:
    sh = Session(mem_bytes=32 << 20, debug_checks=1)
    assert sh.run(MKSWAP.format(f="/s1", mb=8) + "; swapon /s1").status == 0
    si = sh.kernel.swap.swap_info[0]
    r = sh.run("memtouch 64M 1")
    assert (r.status, r.err) == (137, "Killed\n")
    pid = _oom_victim(r.console, "memtouch")
    assert pid not in sh.kernel.tasks  # reaped: its mm, pages and slots are gone
    check_all(sh.kernel)  # every slot still in use is held by a live pte or the cache
    held = si.inuse_pages
    assert held < si.pages // 4  # the victim's were most of them (8 MiB is 2047 slots)
    assert _swap_used_kb(sh, "/s1") == held * 4
    # the area is usable: a load that fits goes through it and comes back intact
    r = sh.run("memtouch 32M 2")
    assert r.status == 0 and r.out.endswith("pass 2: 8192 written, 8192 verified\n")
    check_all(sh.kernel)


def test_oom_without_swap_kills_the_hog_and_returns_its_memory() -> None:
    sh = Session(mem_bytes=32 << 20, debug_checks=1)
    z = sh.kernel.zone
    sh.run("true")
    free_before = z.nr_free + z.nr_file_pages
    r = sh.run("memtouch 48M 1")
    assert (r.status, r.err) == (137, "Killed\n")
    _oom_victim(r.console, "memtouch")
    assert sh.run("echo alive").out == "alive\n"
    check_all(sh.kernel)
    # every frame it had is free again (the page cache may have given some up too)
    assert z.nr_free + z.nr_file_pages >= free_before
    assert sum(1 for _ in z.active_list) + sum(1 for _ in z.inactive_list) < 1000


# -- swapoff that fails: the area is re-inserted ------------------------------------------


def _task_with_swapped_memory(m: Machine, k: Kernel, pages: int) -> tuple[TaskStruct, int]:
    """A parked child of the login shell that has written pages (each page's bytes
    name it), some of them pushed out to swap."""
    t = spawn(m, k.tasks[3], 0)
    assert t.mm is not None
    addr = do_mmap(k, t.mm, pages * PAGE)
    data = b"".join(b"page %6d" % i + bytes(PAGE - 11) for i in range(pages))
    drive(m, t, access_user(k, t, addr, data=data))
    return t, addr


def _intact(m: Machine, k: Kernel, t: TaskStruct, addr: int, pages: int) -> bool:
    got = drive(m, t, access_user(k, t, addr, length=pages * PAGE))
    return bool(got == b"".join(b"page %6d" % i + bytes(PAGE - 11) for i in range(pages)))


def _type(m: Machine, line: str, tty: int | None = None) -> str:
    m.type_line(line, tty)
    assert m.run() and m.panic is None, m.panic
    return _screen(m, tty)


def _screen(m: Machine, tty: int | None = None) -> str:
    """What the console showed since last asked, prompts left out."""
    return "".join(d.decode() for s, d in m.take_output(tty) if s != STREAM_PROMPT)


@pytest.mark.slow  # seconds of CPU: paging with the checks at every system call
def test_swapoff_with_too_little_memory_is_killed_and_the_area_put_back() -> None:
    """2.6.25: try_to_unuse needs a page per slot; the OOM killer picks the task
    marked PF_SWAPOFF first (badness ULONG_MAX, printed as %li: -1), try_to_unuse
    sees the signal and returns EINTR, and sys_swapoff re-inserts the area at its own
    priority with its counts intact. (ENOMEM comes only when even the OOM victim's
    reserve is gone.)"""
    m, k, _sh = boot(mem_bytes=32 << 20, debug_checks=1)
    _type(m, MKSWAP.format(f="/s1", mb=64) + "; swapon /s1")
    t, addr = _task_with_swapped_memory(m, k, 15000)  # 58 MiB on a 32 MiB machine
    m.run()
    si = k.swap.swap_info[0]
    assert si.inuse_pages > 7000
    out = _type(m, "swapoff /s1; echo status $?")
    pid = re.search(r"Out of memory: kill process (\d+) \(swapoff\) score -1 or a child", out)
    assert pid, out
    assert f"Killed process {pid.group(1)} (swapoff)" in out
    assert out.endswith("Killed\nstatus 137\n")
    lines = _type(m, "cat /proc/swaps").splitlines()
    assert lines[1].split()[0] == "/s1" and lines[1].endswith("\t-1")
    assert int(lines[1].split("\t")[-2]) == si.inuse_pages * 4 > 0
    check_all(k)  # counts intact: nr_swap_pages, total, the list, swap_map = references
    assert _intact(m, k, t, addr, 15000)
    kill(m, t)
    assert _type(m, "swapoff /s1; echo $?") == "0\n"
    check_all(k)


@pytest.mark.slow  # seconds of CPU: paging with the checks at every system call
def test_kill_9_of_swapoff_while_it_brings_pages_back_puts_the_area_back() -> None:
    m, k, sh = boot(mem_bytes=32 << 20, debug_checks=1)
    _type(m, MKSWAP.format(f="/s1", mb=64) + "; swapon /s1")
    t, addr = _task_with_swapped_memory(m, k, 5000)
    _type(m, "memtouch 60M 1")  # pushes t's pages out, then goes
    si = k.swap.swap_info[0]
    start = si.inuse_pages
    assert start > 4000
    m.type_line("swapoff /s1; echo status $?")
    for _ in range(50):  # until swapoff is inside try_to_unuse, part way
        m.run(max_steps=1)
        swapoff = [x for x in k.tasks.values() if x.comm == "swapoff"]
        if swapoff and swapoff[0].flags & PF_SWAPOFF and si.inuse_pages < start - 500:
            break
    else:
        raise AssertionError("swapoff did not get going")
    assert si.inuse_pages > 0
    _type(m, f"kill -9 {swapoff[0].pid}", tty=2)
    assert _screen(m, 1) == "Killed\nstatus 137\n"
    assert si.flags & SWP_USED and si.inuse_pages > 0
    lines = _type(m, "cat /proc/swaps").splitlines()
    assert lines[1].split("\t")[-2:] == [str(si.inuse_pages * 4), "-1"]
    check_all(k)
    assert _intact(m, k, t, addr, 5000)
    assert _type(m, "swapoff /s1; echo $?; cat /proc/swaps").splitlines()[0] == "0"
    assert t.mm is not None and t.mm.swap_ents == 0
    assert _intact(m, k, t, addr, 5000)
    check_all(k)
    del sh


# -- 2,000 namespaces created and released -------------------------------------------------


def _live(kind: type) -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is kind)


def _come_and_go(m: Machine, k: Kernel, sh: TaskStruct, n: int) -> None:
    """n tasks cloned into a new swap and ipc namespace each, and exited (reaped by
    their parent's wait); every other one binds /s1 first, which goes with it."""
    for i in range(n):
        t = spawn(m, sh, CloneFlags.CLONE_NEWSWAP | CloneFlags.CLONE_NEWIPC)
        if i % 2:
            assert sys_swapon(k, t, "/s1", 0) == 0
        kill(m, t)
        release_task(k, t)
        if i % 250 == 0:
            check_all(k)


@pytest.mark.slow  # 2,000 clones and exits, and gc walks
def test_2000_swap_namespaces_come_and_go_leaving_nothing() -> None:
    m, k, sh = boot()
    make_swapfile(k, sh, "/s1", 16)
    _come_and_go(m, k, sh, 2)  # warm up: the first swapon's printk and such
    prio = k.swap.least_priority
    check_all(k)
    gc.collect()
    objects = len(gc.get_objects())
    start = (
        sh.nsproxy.count,
        len(k.tasks),
        _live(NsProxy),
        _live(SwapNamespace),
        _live(IpcNamespace),
        _live(TaskStruct),
        len(k.mmlist),
        len(k.swapper_space),
    )
    _come_and_go(m, k, sh, 2000)
    check_all(k)
    assert all(not si.flags for si in k.swap.swap_info)  # no area left
    assert k.swap.nr_swapfiles == 1  # one slot, reused each time
    assert k.swap.least_priority == prio - 1000  # 2.6.25 never gives a priority back
    assert (k.swap.nr_swap_pages, k.swap.total_swap_pages) == (0, 0)
    end = (
        sh.nsproxy.count,
        len(k.tasks),
        _live(NsProxy),
        _live(SwapNamespace),
        _live(IpcNamespace),
        _live(TaskStruct),
        len(k.mmlist),
        len(k.swapper_space),
    )
    assert end == start
    gc.collect()
    assert len(gc.get_objects()) - objects < 200  # host memory: flat, not 2,000 of anything
