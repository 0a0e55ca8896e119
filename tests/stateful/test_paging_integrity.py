"""Random workloads never lose or corrupt a byte, and the kernel's invariants
(swapsh/kernel/debug_vm.py: swap_map counts equal the references, every frame counted
once, ...) hold after every step. Kernel-level: tasks' memory is written and
read through access_user, the path every user load and store takes."""

from __future__ import annotations

import contextlib
import os

import pytest
from hypothesis import settings
from hypothesis import strategies as s
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule

from swapsh.kernel.debug_vm import check_all
from swapsh.kernel.errno import KernelError
from swapsh.kernel.fs.file import FMODE_READ, FMODE_WRITE, O_RDWR, File, RegularFileOps
from swapsh.kernel.ipc.shm import IPC_PRIVATE, IPC_RMID, do_shmat, sys_shmctl, sys_shmget
from swapsh.kernel.mm.memory import access_user
from swapsh.kernel.mm.mmap import do_mmap, do_munmap
from swapsh.kernel.mm.swapfile import sys_swapon
from swapsh.kernel.task import TaskState, TaskStruct
from tests.unit.kernel_helpers import (
    boot,
    drive,
    kill,
    make_file,
    make_swapfile,
    spawn,
    swapoff,
)

pytestmark = pytest.mark.slow  # a long Hypothesis run

PAGE = 4096
REGION = 64  # pages each task maps


class PagingMachine(RuleBasedStateMachine):
    tasks = Bundle("tasks")
    shm_tasks = Bundle("shm_tasks")

    def __init__(self) -> None:
        super().__init__()
        self.m, self.k, self.sh = boot(mem_bytes=16 << 20)
        for f in ("/sa", "/sb"):
            make_swapfile(self.k, self.sh, f, 1024)
        self.expect: dict[int, dict[int, bytes]] = {}  # pid -> page -> its 4096 bytes
        self.base: dict[int, int] = {}

    @rule(target=tasks)
    def new_task(self) -> TaskStruct:
        """A child of the shell (a copy of its mm) that maps a region of its own."""
        t = spawn(self.m, self.sh, 0)
        assert t.mm is not None
        self.base[t.pid] = do_mmap(self.k, t.mm, REGION * PAGE)
        self.expect[t.pid] = {}
        return t

    @rule(target=tasks, parent=tasks)
    def fork(self, parent: TaskStruct) -> TaskStruct:
        """fork(): same addresses, same contents, copy-on-write."""
        if parent.state is TaskState.ZOMBIE:
            return parent
        t = spawn(self.m, parent, 0)
        self.base[t.pid] = self.base[parent.pid]
        self.expect[t.pid] = dict(self.expect[parent.pid])
        return t

    @rule(t=tasks, page=s.integers(0, REGION - 1), tag=s.integers(0, 10**6))
    def write(self, t: TaskStruct, page: int, tag: int) -> None:
        self._store(t, page * PAGE, f"{t.pid}:{page}:{tag};".encode() * 3)

    @rule(
        t=tasks,
        start=s.integers(0, REGION * PAGE - 1),
        shape=s.sampled_from(["page", "two pages", "short", "zeros", "zero tail"]),
        tag=s.integers(0, 255),
    )
    def write_anywhere(self, t: TaskStruct, start: int, shape: str, tag: int) -> None:
        """Stores of every shape the access path treats apart: whole aligned pages,
        spans across a page boundary, short stores into a page whose bytes are shared
        with its swap slot, and stores of zeros that end or empty a page."""
        if shape in ("page", "zeros"):
            start -= start % PAGE
        length = {
            "page": PAGE,
            "two pages": PAGE + 512,
            "short": 7,
            "zeros": PAGE,
            "zero tail": 300,
        }[shape]
        length = min(length, REGION * PAGE - start)
        if shape == "zeros":
            data = bytes(length)
        elif shape == "zero tail":
            data = bytes([tag | 1]) * (length // 2) + bytes(length - length // 2)
        else:
            data = bytes((tag + i) % 255 + 1 for i in range(length))
        self._store(t, start, data)

    def _store(self, t: TaskStruct, start: int, data: bytes) -> None:
        if t.state is TaskState.ZOMBIE:
            return
        drive(self.m, t, access_user(self.k, t, self.base[t.pid] + start, data=data))
        pages = self.expect[t.pid]
        for page in range(start // PAGE, (start + len(data) - 1) // PAGE + 1):
            old = bytearray(pages.get(page, bytes(PAGE)))
            lo = max(start, page * PAGE)
            hi = min(start + len(data), (page + 1) * PAGE)
            old[lo - page * PAGE : hi - page * PAGE] = data[lo - start : hi - start]
            pages[page] = bytes(old)

    @rule(target=shm_tasks)
    def new_shm_task(self) -> TaskStruct:
        """A child whose region is a SysV segment (removed at once, so it goes with
        the task): its pages swap through the shmem file."""
        t = spawn(self.m, self.sh, 0)
        shmid = sys_shmget(self.k, t, IPC_PRIVATE, REGION * PAGE, 0o600)
        self.base[t.pid] = do_shmat(self.k, t, shmid, 0, 0)
        sys_shmctl(self.k, t, shmid, IPC_RMID)
        self.expect[t.pid] = {}
        return t

    @rule(t=shm_tasks, page=s.integers(0, REGION - 1), tag=s.integers(0, 255))
    def shm_write(self, t: TaskStruct, page: int, tag: int) -> None:
        self._store(t, page * PAGE, f"{t.pid}:{page}:{tag};".encode() * 3)

    @rule(t=consumes(shm_tasks))
    def shm_exit(self, t: TaskStruct) -> None:
        self.exit(t)

    @rule(t=consumes(tasks))
    def exit(self, t: TaskStruct) -> None:
        if t.state is not TaskState.ZOMBIE:
            kill(self.m, t)
        self.expect.pop(t.pid, None)

    @rule(pages=s.integers(500, 4000))
    def pressure(self, pages: int) -> None:
        """A hog fills memory and goes: reclaim pushes others' pages out."""
        hog = spawn(self.m, self.sh, 0)
        assert hog.mm is not None
        addr = do_mmap(self.k, hog.mm, pages * PAGE)
        with contextlib.suppress(BaseException):
            drive(self.m, hog, access_user(self.k, hog, addr, data=b"h" * (pages * PAGE)))
        if hog.mm is not None:
            do_munmap(self.k, hog.mm, addr, pages * PAGE)
        kill(self.m, hog)

    @rule(
        name=s.sampled_from(["/c1", "/c2"]),
        pages=s.integers(1, 3000),
        keep=s.sampled_from(["keep", "truncate", "unlink"]),
    )
    def file_io(self, name: str, pages: int, keep: str) -> None:
        """Write a file and read it back: its pages enter the page cache, taking
        frames that reclaim may take back; truncate and unlink drop them."""
        if name[1:] not in (self.k.vfs.root.children or {}):
            make_file(self.k, self.sh, name, 0)
        ino = self.k.vfs.lookup(self.sh, name).inode
        f = File(
            f_op=RegularFileOps(),
            f_inode=ino,
            f_path=name,
            f_flags=O_RDWR,
            f_mode=FMODE_READ | FMODE_WRITE,
        )
        with contextlib.suppress(KernelError):  # ENOSPC
            f.f_op.write(self.k, f, b"f" * (pages * PAGE))  # a disk file's: never sleeps
        f.f_pos = 0
        f.f_op.read(self.k, f, pages * PAGE)
        if keep == "truncate":
            self.k.vfs.truncate(ino, pages * PAGE // 2)
        elif keep == "unlink":
            self.k.vfs.unlink(self.sh, name)
            self.k.vfs.evict_if_unused(ino)

    @rule(f=s.sampled_from(["/sa", "/sb"]))
    def swapon(self, f: str) -> None:
        with contextlib.suppress(KernelError):
            sys_swapon(self.k, self.sh, f, 0)

    @rule(f=s.sampled_from(["/sa", "/sb"]))
    def swapoff(self, f: str) -> None:
        with contextlib.suppress(KernelError):
            swapoff(self.m, self.sh, f)

    @invariant()
    def every_byte_is_where_it_was_written(self) -> None:
        for pid, pages in self.expect.items():
            t = self.k.tasks.get(pid)
            if t is None or t.state is TaskState.ZOMBIE:
                continue
            for page, data in pages.items():
                got = drive(
                    self.m,
                    t,
                    access_user(self.k, t, self.base[pid] + page * PAGE, length=len(data)),
                )
                assert got == data, (pid, page)

    @invariant()
    def kernel_invariants_hold(self) -> None:
        """swap_map counts equal the references (ptes, swap cache, shmem files), every
        frame is counted once, resident + swapped == mapped per mm, no page in another
        namespace's file, krefs and locks (debug_vm)."""
        check_all(self.k)


# SWAPSH_STATEFUL_EXAMPLES raises the example count for a long soak run.
PagingMachine.TestCase.settings = settings(
    max_examples=int(os.environ.get("SWAPSH_STATEFUL_EXAMPLES", "25")),
    stateful_step_count=30,
    deadline=None,
)
TestPaging = PagingMachine.TestCase
