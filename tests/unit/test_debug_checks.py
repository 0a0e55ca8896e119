"""The checked build (kernel/debug_vm.py, `swapsh --debug-checks`): a healthy machine
passes every check, and each kind of corruption is reported as a kernel BUG naming
the invariant."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest

import swapsh.syscalls.entry
from swapsh.cli import main
from swapsh.kernel.bug import KernelBug
from swapsh.kernel.debug_vm import check_all, check_isolation, walk_page_tables
from swapsh.kernel.kernel import Kernel
from swapsh.kernel.mm.memory import access_user
from swapsh.kernel.mm.mm_types import swp_type
from swapsh.kernel.mm.mmap import do_mmap
from swapsh.kernel.mm.swapfile import sys_swapon
from swapsh.kernel.task import CloneFlags, TaskStruct
from swapsh.machine import Machine, MachineOptions
from swapsh.transcript.cli import replay_main
from tests.conftest import Session
from tests.unit.kernel_helpers import boot, drive, make_swapfile, spawn

PAGE = 4096


def _swapped_machine() -> tuple[Machine, Kernel, TaskStruct]:
    """A 16 MiB machine whose task in a swap namespace of its own has written more
    than RAM holds: part of its memory is in its namespace's swap file."""
    m, k, sh = boot(mem_bytes=16 << 20)
    make_swapfile(k, sh, "/s1", 4096)
    t = spawn(m, sh, CloneFlags.CLONE_NEWSWAP | CloneFlags.CLONE_NEWIPC)
    sys_swapon(k, t, "/s1", 0)
    assert t.mm is not None
    pages = 5000
    addr = do_mmap(k, t.mm, pages * PAGE)
    drive(m, t, access_user(k, t, addr, data=b"x" * (pages * PAGE)))
    m.run()
    assert t.mm.swap_ents > 1000
    return m, k, t


def _poke_swap_map(k: Kernel, t: TaskStruct) -> None:
    k.swap.swap_info[0].swap_map[100] += 1  # type: ignore[index]  # a slot a pte holds


def _leak_swap_ns_ref(k: Kernel, t: TaskStruct) -> None:
    assert t.nsproxy.swap_ns is not None
    t.nsproxy.swap_ns.kref.refcount += 1


def _drop_rss(k: Kernel, t: TaskStruct) -> None:
    assert t.mm is not None
    t.mm.anon_rss -= 1


def _lose_a_frame(k: Kernel, t: TaskStruct) -> None:
    k.zone.free_list.pop()


def _hold_swap_lock(k: Kernel, t: TaskStruct) -> None:
    k.lockdep.held.append(k.swap.swap_lock)


def _nsproxy_count(k: Kernel, t: TaskStruct) -> None:
    t.nsproxy.count += 1


def _nr_swap_pages(k: Kernel, t: TaskStruct) -> None:
    k.swap.nr_swap_pages += 1


CORRUPTIONS: dict[str, tuple[Callable[[Kernel, TaskStruct], None], str]] = {
    "a swap_map count": (_poke_swap_map, "swap_map: area 0 slot 100 counts 2, 1 references"),
    "a swap namespace kref": (_leak_swap_ns_ref, "kref: swap_namespace"),
    "an nsproxy count": (_nsproxy_count, "kref: nsproxy count"),
    "anon_rss": (_drop_rss, "rss: mm of"),
    "a frame": (_lose_a_frame, "frames:"),
    "a held lock": (_hold_swap_lock, "locks: swap_lock held at return to user"),
    "nr_swap_pages": (_nr_swap_pages, "swap counters: total_swap_pages"),
}


def test_a_machine_with_swapped_memory_passes_every_check() -> None:
    _m, k, _t = _swapped_machine()
    check_all(k)


@pytest.mark.parametrize("what", list(CORRUPTIONS))
def test_a_corruption_is_a_bug_naming_its_invariant(what: str) -> None:
    _m, k, t = _swapped_machine()
    poke, message = CORRUPTIONS[what]
    poke(k, t)
    with pytest.raises(KernelBug, match=re.escape(message)):
        check_all(k)


def test_a_page_in_another_namespaces_file_is_a_bug() -> None:
    _m, k, t = _swapped_machine()
    si = k.swap.swap_info[0]
    assert t.mm is not None
    assert {swp_type(p.swp) for p in t.mm.pgd.values() if p.swp} == {0}
    si.swap_namespace = None  # as if the area were the init namespace's
    with pytest.raises(KernelBug, match=r"isolation: an anonymous page of .* sits in area 0 of"):
        check_isolation(k, walk_page_tables(k))


def test_a_lock_order_the_tree_does_not_allow_is_a_bug() -> None:
    _m, k, _t = _swapped_machine()
    k.lockdep.edges.add(("swap_namespace.lock", "swap_lock"))
    with pytest.raises(KernelBug, match=r"locks: swap_lock was taken under swap_namespace\.lock"):
        check_all(k)


def _count_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    runs = [0]
    real = swapsh.syscalls.entry.check_all

    def counted(k: Kernel, *, quiescent: bool = True) -> None:
        runs[0] += 1
        real(k, quiescent=quiescent)

    monkeypatch.setattr(swapsh.syscalls.entry, "check_all", counted)
    return runs


@pytest.mark.slow
def test_a_checked_session_of_the_seeds_steps_runs_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    """The seed's experiment in small (32 MiB of RAM, 64 MiB files, memtouch for
    runltp), checked at every system call exit: nothing is reported."""
    runs = _count_checks(monkeypatch)
    sh = Session(mem_bytes=32 << 20, debug_checks=1)
    for f in ("/s1", "/s2"):
        assert sh.run(f"dd if=/dev/zero of={f} bs=1M count=64 2>/dev/null").status == 0
        assert sh.run(f"chmod 600 {f}; mkswap {f} >/dev/null").status == 0
    sh.type("clone64(CLONE_NEWSWAP|CLONE_NEWIPC)")
    assert sh.run("swapon /s2").status == 0
    sh.type("clone64(CLONE_NEWSWAP|CLONE_NEWIPC)")
    assert sh.run("swapon /s1").status == 0
    assert sh.run("memtouch 40M 2").status == 0
    assert sh.run("memtouch --shm 8M 1").status == 0
    sh.type("exit")
    sh.type("exit")
    assert sh.run("cat /proc/swaps").out.count("\n") == 1  # both areas went with their ns
    assert sh.m.panic is None
    assert runs[0] > 500


def test_a_checked_session_reports_a_corrupted_swap_map_as_a_bug() -> None:
    m = Machine(MachineOptions(mem_bytes=32 << 20, debug_checks=1))
    for line in (
        "dd if=/dev/zero of=/s1 bs=1M count=8 2>/dev/null",
        "chmod 600 /s1; mkswap /s1 >/dev/null; swapon /s1",
    ):
        m.type_line(line)
        m.run()
    assert m.panic is None
    m.kernel.swap.swap_info[0].swap_map[7] = 1  # type: ignore[index]  # a slot nobody holds
    m.type_line("true")
    m.run()
    # VM_BUG_ON in the task whose system call ran the check: an oops naming the
    # invariant (a panic only if that task was init)
    log = m.kernel.log.text
    assert "swap_map: area 0 has 1 slots in use, 0 referenced (a leaked slot)" in log
    assert "kernel BUG at swapsh/kernel/debug_vm.py:" in log


def test_the_checks_change_nothing_a_session_shows() -> None:
    """Checked or not, the same input gives the same output, byte for byte."""
    outs = []
    for every in (0, 1):
        m = Machine(MachineOptions(mem_bytes=32 << 20, debug_checks=every))
        m.type_line("dd if=/dev/zero of=/s bs=1M count=16; mkswap /s; swapon /s; memtouch 40M 1")
        m.run()
        m.type_line("cat /proc/swaps /proc/meminfo; dmesg")
        m.run()
        outs.append(m.take_output())
    assert outs[0] == outs[1]


def test_swapsh_debug_checks_boots_a_checked_build(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = _count_checks(monkeypatch)
    assert main(["--debug-checks", "-c", "dd if=/dev/zero of=/x bs=1k count=3000 2>/dev/null"]) == 0
    assert runs[0] >= 6  # 6,000 system calls and more
    assert main(["-c", "dd if=/dev/zero of=/x bs=1k count=3000 2>/dev/null"]) == 0
    assert runs[0] < 10  # unchecked: none more
    capsys.readouterr()


def test_swapsh_replay_debug_checks_boots_a_checked_build(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    runs = _count_checks(monkeypatch)
    t = tmp_path / "dd.t"
    t.write_text("  1$ dd if=/dev/zero of=/x bs=1k count=3000 2>/dev/null; echo done\n  done\n")
    out, err = io.StringIO(), io.StringIO()
    assert replay_main(["--check", "--debug-checks", str(t)], out, err) == 0, err.getvalue()
    assert runs[0] >= 6
