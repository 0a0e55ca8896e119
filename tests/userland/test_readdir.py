"""One readdir for everyone: ls (getdents) and Machine.list_dir (the completer) list a
directory through the kernel's vfs_readdir, and a path through a mount point reaches
the mounted filesystem's root."""

from __future__ import annotations

import pytest

from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.fs.readdir import DT_DIR, vfs_readdir
from swapsh.kernel.task import TaskStruct
from tests.conftest import Session


def _ls(sh: Session, path: str) -> list[str]:
    r = sh.run(f"ls -a {path} | cat")
    assert r.status == 0, r.err
    return r.out.splitlines()


def _shell(sh: Session) -> TaskStruct:
    return sh.m.kernel.tasks[sh.m.console.session]


def _readdir(sh: Session, path: str) -> list[tuple[str, int, int]]:
    k = sh.m.kernel
    out: list[tuple[str, int, int]] = []
    d = k.vfs.lookup(_shell(sh), path).inode
    vfs_readdir(k.vfs, _shell(sh), d, lambda name, ino, t: out.append((name, ino, t)))
    return out


def test_ls_and_list_dir_agree_on_the_tmpfs_at_dev_shm(sh: Session) -> None:
    assert sh.run("mkdir /dev/shm/d && echo x > /dev/shm/f").status == 0
    listed = sh.m.list_dir("/dev/shm")
    assert sorted(listed) == [("d", True), ("f", False)]
    assert _ls(sh, "/dev/shm") == [".", "..", "d", "f"]
    # The ext3 directory under the mount holds nothing: the files are tmpfs's.
    covered = sh.m.kernel.vfs.root.children["dev"].children["shm"]  # type: ignore[index]
    assert covered.children == {}


def test_ls_and_list_dir_agree_on_proc(sh: Session) -> None:
    listed = dict(sh.m.list_dir("/proc"))
    shown = _ls(sh, "/proc")
    fixed = {n for n in listed if not n.isdigit()}
    assert fixed == {"swaps", "meminfo", "vmstat", "stat", "version", "uptime", "mounts", "self"}
    assert fixed == {n for n in shown if not n.isdigit()} - {".", ".."}
    # ls's own pids come and go; every task alive before it is in both.
    assert {n for n in listed if n.isdigit()} <= set(shown)
    assert listed["1"] is True and listed["self"] is False  # a pid directory, a symlink
    assert sorted(sh.m.list_dir("/proc/1")) == [
        ("cmdline", False),
        ("stat", False),
        ("status", False),
    ]


def test_a_mount_point_is_listed_as_the_directory_it_covers(sh: Session) -> None:
    """Linux's readdir reports the covered directory's inode; lookup crosses."""
    k = sh.m.kernel
    root = dict((n, (ino, t)) for n, ino, t in _readdir(sh, "/"))
    covered = k.vfs.root.children["proc"]  # type: ignore[index]
    assert root["proc"] == (covered.i_ino, DT_DIR)
    proc_root = k.vfs.lookup(_shell(sh), "/proc").inode
    assert proc_root is not covered and proc_root.i_sb.s_type == "proc"
    assert ("proc", True) in sh.m.list_dir("/")


def test_dot_dot_of_a_filesystem_root_is_itself(sh: Session) -> None:
    k = sh.m.kernel
    proc_root = k.vfs.lookup(_shell(sh), "/proc").inode
    assert _readdir(sh, "/proc")[:2] == [
        (".", proc_root.i_ino, DT_DIR),
        ("..", proc_root.i_ino, DT_DIR),
    ]
    assert _readdir(sh, "/proc/1")[1] == ("..", proc_root.i_ino, DT_DIR)
    tmp = k.vfs.lookup(_shell(sh), "/tmp").inode
    assert _readdir(sh, "/tmp")[:2] == [(".", tmp.i_ino, DT_DIR), ("..", k.vfs.root.i_ino, DT_DIR)]
    # .. as a path still climbs out of the mount, to /
    assert k.vfs.lookup(_shell(sh), "/proc/1/../..").inode is k.vfs.root


def test_a_removed_directory_cannot_be_read(sh: Session) -> None:
    k = sh.m.kernel
    tsk = _shell(sh)
    assert sh.run("mkdir /gone").status == 0
    d = k.vfs.lookup(tsk, "/gone").inode
    k.vfs.rmdir(tsk, "/gone")
    with pytest.raises(KernelError) as e:
        vfs_readdir(k.vfs, tsk, d, lambda *_: None)
    assert e.value.errno == Errno.ENOENT


def test_list_dir_of_a_file_or_a_missing_path_is_empty(sh: Session) -> None:
    assert sh.m.list_dir("/etc/passwd") == []
    assert sh.m.list_dir("/nonexistent") == []
