"""The paging engine at the console: pages go to their namespace's swap file, come
back intact, and a namespace without room gets the OOM killer."""

from __future__ import annotations

import re

from tests.conftest import Session

MKSWAP = "dd if=/dev/zero of={f} bs=1M count={mb} 2>/dev/null; chmod 600 {f}; mkswap {f} >/dev/null"


def _swapfiles(sh: Session, **files: int) -> None:
    for name, mb in files.items():
        assert sh.run(MKSWAP.format(f="/" + name, mb=mb)).status == 0


def _stamps(sh: Session, f: str) -> list[str]:
    return re.findall(r"memtouch pid \d+ page \d+ pass \d+", sh.run(f"strings {f}").out)


def test_a_namespace_swaps_only_to_its_own_file() -> None:
    sh = Session(mem_bytes=32 << 20)
    _swapfiles(sh, s1=64, s2=64)
    sh.type("clone64(CLONE_NEWSWAP|CLONE_NEWIPC)")
    assert sh.run("swapon /s1").status == 0
    r = sh.run("memtouch 40M 2")
    assert r.status == 0 and r.out.endswith("pass 2: 10240 written, 10240 verified\n")
    used = sh.run("cat /proc/swaps").out.splitlines()[1].split("\t")
    assert int(used[-2]) > 0
    sh.type("exit")
    assert _stamps(sh, "/s1")  # the run's memory is in its own file...
    assert _stamps(sh, "/s2") == []  # ...and none of it in the other
    offsets = [int(line.split()[0]) for line in sh.run("strings -t d /s2").out.splitlines()]
    assert all(o < 4096 for o in offsets)


def test_without_namespaces_every_file_takes_pages() -> None:
    sh = Session(mem_bytes=32 << 20, swap_ns=False)
    _swapfiles(sh, s1=32, s2=32)
    sh.run("swapon -p 1 /s1; swapon -p 1 /s2")  # equal priority: round robin
    assert sh.run("memtouch 48M 1").status == 0
    assert _stamps(sh, "/s1") and _stamps(sh, "/s2")


def test_a_namespace_without_room_meets_the_oom_killer() -> None:
    sh = Session(mem_bytes=32 << 20)
    _swapfiles(sh, s1=8, s2=64)
    sh.run("swapon /s2")  # plenty of swap, but in the init namespace
    sh.type("clone64(CLONE_NEWSWAP|CLONE_NEWIPC)")
    sh.run("swapon /s1")
    r = sh.run("memtouch 48M 1")
    assert r.status == 137 and r.err == "Killed\n"
    pid = re.search(r"Killed process (\d+) \(memtouch\)", r.console)
    assert pid, r.console
    assert f"Out of memory: kill process {pid.group(1)} (memtouch) score" in r.console
    log = sh.run("dmesg").out
    assert "memtouch invoked oom-killer: gfp_mask=0x1200d2, order=0, oomkilladj=0" in log
    # the machine goes on
    assert sh.run("echo alive").out == "alive\n"


def test_swapoff_brings_every_page_back() -> None:
    sh = Session(mem_bytes=32 << 20)
    _swapfiles(sh, s1=64)
    sh.run("swapon /s1")
    # a process holds its memory while /s1 is swapped off under it
    sh.run("memtouch 40M 1 > /tmp/out; swapoff /s1; echo $?")
    assert sh.run("grep -c . /proc/swaps").out == "1\n"
    vm = sh.run("cat /proc/vmstat").out
    assert int(re.search(r"pswpout (\d+)", vm).group(1)) > 0


def test_status_shows_the_memory_a_process_holds() -> None:
    sh = Session(mem_bytes=32 << 20)
    status = sh.run("cat /proc/self/status").out
    fields = dict(line.split(":\t") for line in status.splitlines())
    assert fields["VmStk"].strip() == "128 kB" and fields["VmRSS"].strip() == "4 kB"
    assert int(fields["VmPeak"].split()[0]) >= int(fields["VmSize"].split()[0])


def test_memtouch_reports_a_wrong_stamp_and_a_dirty_tail() -> None:
    from swapsh.userland.swapsh_tools.memtouch import PAGE, _pages, _report

    good = _pages(7, 0, 3, 1)
    assert _report(good, 7, 0, 3, 1, 0x1000) == []
    bad = bytearray(good)
    bad[PAGE : PAGE + 8] = b"garbage!"  # page 1's stamp
    bad[3 * PAGE - 1] = 1  # the last byte of page 2
    assert _report(bytes(bad), 7, 0, 3, 1, 0x1000) == [
        "memtouch: page 1 at 0x2000: expected 'memtouch pid 7 page 1 pass 1', "
        "found 'garbage! pid 7 page 1 pass 1\\n'\n",
        "memtouch: page 2 at 0x3000: bytes after the stamp are not zero\n",
    ]
