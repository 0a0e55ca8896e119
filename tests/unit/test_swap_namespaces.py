"""The patch's rules, checked on the kernel model without any front-end."""

from __future__ import annotations

import pytest

from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.fork import copy_process
from swapsh.kernel.mm.swapfile import proc_swaps_show, sys_swapon
from swapsh.kernel.task import CloneFlags
from tests.unit.kernel_helpers import boot, kill, make_file, make_swapfile, reap, spawn, swapoff

NEWSWAP = CloneFlags.CLONE_NEWSWAP | CloneFlags.CLONE_NEWIPC


def errno_of(fn, *args) -> Errno:  # type: ignore[no-untyped-def]
    with pytest.raises(KernelError) as e:
        fn(*args)
    return e.value.errno


def test_new_swap_namespace_starts_without_a_swap_file() -> None:
    m, _k, sh = boot()
    child = spawn(m, sh, NEWSWAP)
    ns = child.nsproxy.swap_ns
    assert ns is not None and ns.type == -1 and ns.si is None
    assert sh.nsproxy.swap_ns is None  # the init swap namespace is None


def test_first_swapon_binds_the_file_to_the_namespace() -> None:
    m, k, sh = boot()
    make_swapfile(k, sh, "/s1", 256)
    child = spawn(m, sh, NEWSWAP)
    assert sys_swapon(k, child, "/s1", 0) == 0
    ns = child.nsproxy.swap_ns
    assert ns is not None and ns.si is not None
    assert ns.type == ns.si.type and ns.si.swap_namespace is ns


def test_second_swapon_in_child_namespace_is_eperm_before_the_path_is_looked_at() -> None:
    m, k, sh = boot()
    make_swapfile(k, sh, "/s1", 256)
    make_swapfile(k, sh, "/s3", 256)
    child = spawn(m, sh, NEWSWAP)
    sys_swapon(k, child, "/s1", 0)
    assert errno_of(sys_swapon, k, child, "/s3", 0) == Errno.EPERM
    assert errno_of(sys_swapon, k, child, "/does/not/exist", 0) == Errno.EPERM


def test_active_file_is_ebusy_from_every_namespace() -> None:
    m, k, sh = boot()
    make_swapfile(k, sh, "/s1", 256)
    a, b = spawn(m, sh, NEWSWAP), spawn(m, sh, NEWSWAP)
    sys_swapon(k, a, "/s1", 0)
    assert errno_of(sys_swapon, k, b, "/s1", 0) == Errno.EBUSY
    assert errno_of(sys_swapon, k, sh, "/s1", 0) == Errno.EBUSY
    # the failed swapon in b released its claim: b can still bind another file
    make_swapfile(k, sh, "/s2", 256)
    assert sys_swapon(k, b, "/s2", 0) == 0


def test_init_namespace_holds_many_files_and_all_share_max_swapfiles() -> None:
    m, k, sh = boot()
    child = spawn(m, sh, NEWSWAP)
    make_swapfile(k, sh, "/c", 16)
    sys_swapon(k, child, "/c", 0)
    for i in range(31):
        make_swapfile(k, sh, f"/f{i}", 16)
        sys_swapon(k, sh, f"/f{i}", 0)
    make_swapfile(k, sh, "/extra", 16)
    assert errno_of(sys_swapon, k, sh, "/extra", 0) == Errno.EPERM  # 32 slots used
    swapoff(m, child, "/c")
    assert sys_swapon(k, sh, "/extra", 0) == 0


def test_proc_swaps_is_filtered_by_namespace_with_2_6_25_format() -> None:
    m, k, sh = boot()
    make_swapfile(k, sh, "/s1", 131072)  # 512 MiB
    make_swapfile(k, sh, "/s2", 131072)
    a, b = spawn(m, sh, NEWSWAP), spawn(m, sh, NEWSWAP)
    make_swapfile(k, sh, "/init0", 4096)
    sys_swapon(k, sh, "/init0", 0)
    sys_swapon(k, a, "/s1", 0)
    sys_swapon(k, b, "/s2", 0)
    header = "Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n"
    assert proc_swaps_show(k, sh) == header + "/init0" + " " * 34 + "file\t\t16376\t0\t-1\n"
    assert proc_swaps_show(k, a) == header + "/s1" + " " * 37 + "file\t\t524280\t0\t-2\n"
    assert proc_swaps_show(k, b) == header + "/s2" + " " * 37 + "file\t\t524280\t0\t-3\n"


def test_swapoff_sees_only_the_callers_namespace() -> None:
    m, k, sh = boot()
    make_swapfile(k, sh, "/s1", 256)
    child = spawn(m, sh, NEWSWAP)
    sys_swapon(k, child, "/s1", 0)
    assert errno_of(swapoff, m, sh, "/s1") == Errno.EINVAL
    assert swapoff(m, child, "/s1") == 0
    ns = child.nsproxy.swap_ns
    assert ns is not None and ns.si is None and ns.type == -1
    # with the area gone the namespace may bind a file again
    assert sys_swapon(k, child, "/s1", 0) == 0


def test_clone_flag_checks() -> None:
    _m, k, sh = boot()
    assert errno_of(copy_process, k, sh, CloneFlags.CLONE_NEWSWAP, None) == Errno.EINVAL
    assert (
        errno_of(copy_process, k, sh, CloneFlags.CLONE_NEWSWAP | CloneFlags.CLONE_NEWUTS, None)
        == Errno.EINVAL
    )
    assert errno_of(copy_process, k, sh, NEWSWAP | CloneFlags.CLONE_VM, None) == Errno.EINVAL


def test_no_swap_ns_kernel_refuses_clone_newswap() -> None:
    m, k, sh = boot(swap_ns=False)
    assert errno_of(copy_process, k, sh, NEWSWAP, None) == Errno.EINVAL
    # other namespaces still work
    spawn(m, sh, CloneFlags.CLONE_NEWIPC)


def test_caller_without_cap_sys_admin_gets_eperm() -> None:
    from swapsh.kernel.cred import cred_setresuid

    _m, k, sh = boot()
    make_swapfile(k, sh, "/s1", 256)
    sh.cred = cred_setresuid(sh.cred, 65534, 65534, 65534)
    assert errno_of(copy_process, k, sh, NEWSWAP, None) == Errno.EPERM
    assert errno_of(sys_swapon, k, sh, "/s1", 0) == Errno.EPERM
    assert errno_of(sys_swapon, k, sh, "/nonexistent", 0) == Errno.EPERM


def test_krefs_follow_clone_second_task_exit_and_release() -> None:
    m, k, sh = boot()
    make_swapfile(k, sh, "/s1", 256)
    first = spawn(m, sh, NEWSWAP)
    nsproxy = first.nsproxy
    ns = nsproxy.swap_ns
    assert ns is not None
    assert (nsproxy.count, ns.kref.refcount) == (1, 1)
    sys_swapon(k, first, "/s1", 0)
    second = spawn(m, first, 0)  # a plain fork shares the nsproxy
    assert second.nsproxy is nsproxy and (nsproxy.count, ns.kref.refcount) == (2, 1)
    third = spawn(m, first, CloneFlags.CLONE_NEWUTS)  # new nsproxy, same swap namespace
    assert third.nsproxy is not nsproxy and ns.kref.refcount == 2
    kill(m, third)
    assert ns.kref.refcount == 1
    kill(m, first)
    assert nsproxy.count == 1 and ns.si is not None  # second still holds it
    assert "/s1" in proc_swaps_show(k, second)
    kill(m, second)
    assert nsproxy.count == 0 and ns.kref.refcount == 0
    # free_swap_ns released the file: swapped off, gone from /proc/swaps, usable again
    assert ns.si is None and ns.type == -1
    ino = k.vfs.lookup(sh, "/s1").inode
    assert ino.i_flags == 0
    for t in (first, second, third):
        reap(m, t)
    assert sys_swapon(k, sh, "/s1", 0) == 0
    assert "/s1" in proc_swaps_show(k, sh)


def test_swapon_errors_in_2_6_25_order() -> None:
    _m, k, sh = boot()
    make_file(k, sh, "/empty", 0)
    make_file(k, sh, "/zeros", 1 << 20)
    make_file(k, sh, "/holes", 1 << 20, head=bytes(0), sparse=True)
    from tests.unit.kernel_helpers import swap_header

    make_file(k, sh, "/v0", 1 << 20, swap_header(256, magic=b"SWAP-SPACE"))
    make_file(k, sh, "/v2", 1 << 20, swap_header(256, version=2))
    make_file(k, sh, "/short", 1 << 20, swap_header(256, last_page=1000))
    make_file(k, sh, "/sparse", 1 << 20, swap_header(256), sparse=True)
    make_file(k, sh, "/lp1", 1 << 20, swap_header(256, last_page=1))
    k.log.clear()
    cases = {
        "/empty": Errno.EINVAL,
        "/zeros": Errno.EINVAL,
        "/v0": Errno.EINVAL,
        "/v2": Errno.EINVAL,
        "/short": Errno.EINVAL,
        "/sparse": Errno.EINVAL,
        "/lp1": Errno.EINVAL,
        "/nonexistent": Errno.ENOENT,
        "/tmp": Errno.EISDIR,
        "/dev/null": Errno.EINVAL,
        "": Errno.ENOENT,
    }
    for path, err in cases.items():
        assert errno_of(sys_swapon, k, sh, path, 0) == err, path
    log = [line.split("] ", 1)[1] for line in k.log.text.splitlines()]
    assert log == [
        "Unable to find swap-space signature",
        "Unable to find swap-space signature",
        "version 0 swap is no longer supported. Use mkswap -v1 /v0",
        "Unable to handle swap header version 2",
        "Swap area shorter than signature indicates",
        "swapon: swapfile has holes",
        "Empty swap-file",
    ]
    # every failure gave its priority back: the next default priority is still -1
    make_swapfile(k, sh, "/ok", 64)
    sys_swapon(k, sh, "/ok", 0)
    assert proc_swaps_show(k, sh).endswith("\t-1\n")


def test_swapon_printk_and_priorities() -> None:
    m, k, sh = boot()
    make_swapfile(k, sh, "/a", 4096)
    make_swapfile(k, sh, "/b", 4096)
    make_swapfile(k, sh, "/c", 4096)
    sys_swapon(k, sh, "/a", 0)
    sys_swapon(k, sh, "/b", 0x8000 | 5)
    sys_swapon(k, sh, "/c", 0)
    msgs = [line.split("] ", 1)[1] for line in k.log.text.splitlines() if "Adding" in line]
    assert msgs == [
        "Adding 16376k swap on /a.  Priority:-1 extents:1 across:16376k",
        "Adding 16376k swap on /b.  Priority:5 extents:1 across:16376k",
        "Adding 16376k swap on /c.  Priority:-2 extents:1 across:16376k",
    ]
    # 2.6.25 never gives a default priority back on swapoff
    swapoff(m, sh, "/c")
    sys_swapon(k, sh, "/c", 0)
    assert "Priority:-3" in k.log.text.splitlines()[-1]
    assert k.swap.swap_list_head == 1  # /b, prio 5, heads the list


def test_seteuid_back_to_root_restores_capabilities() -> None:
    from swapsh.kernel.cred import Cap, cred_setresuid

    _m, _k, sh = boot()
    c = cred_setresuid(sh.cred, 0, 65534, 0)  # seteuid(nobody)
    assert Cap.CAP_SYS_ADMIN not in c.cap_effective
    c = cred_setresuid(c, 0, 0, 0)  # seteuid(0)
    assert Cap.CAP_SYS_ADMIN in c.cap_effective
    c = cred_setresuid(c, 65534, 65534, 65534)  # setuid(nobody) for good
    c = cred_setresuid(c, 65534, 0, 65534)
    assert not c.cap_effective and not c.cap_permitted
