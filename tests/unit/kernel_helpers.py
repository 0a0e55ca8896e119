"""Helpers for kernel unit tests: a booted machine, parked tasks, swap files written
straight through the VFS (an oracle independent of the userland mkswap)."""

from __future__ import annotations

import stat as st
import struct
from collections.abc import Awaitable, Callable
from typing import Any

from swapsh.kernel.exit import release_task
from swapsh.kernel.fork import copy_process
from swapsh.kernel.fs.file import allocate_blocks
from swapsh.kernel.fs.namei import PathRef
from swapsh.kernel.kernel import Kernel
from swapsh.kernel.mm.swapfile import sys_swapoff
from swapsh.kernel.sched import WaitQueue, sleep_on
from swapsh.kernel.signal import Sig, get_signal_to_deliver, send_sig_info
from swapsh.kernel.task import TaskState, TaskStruct
from swapsh.machine import Machine, MachineOptions

PARK = WaitQueue(name="test park")


def boot(**opts: object) -> tuple[Machine, Kernel, TaskStruct]:
    """A machine at its first prompt; returns it, its kernel and the login shell."""
    m = Machine(MachineOptions(**opts))  # type: ignore[arg-type]
    k = m.kernel
    shell = m.console.read_wait.tasks[0]
    return m, k, shell


def parked(k: Kernel) -> Callable[[], Awaitable[int]]:
    async def park() -> int:
        """Sleep until a fatal signal, then die of it as the syscall exit path would
        (which also stops the task on a stop signal, until SIGCONT)."""
        while True:
            await sleep_on(PARK)
            await get_signal_to_deliver(k, k.current())

    return park


def spawn(m: Machine, parent: TaskStruct, flags: int) -> TaskStruct:
    """A child of parent, cloned with flags, that sleeps until killed."""
    child = copy_process(m.kernel, parent, flags, parked(m.kernel))
    m.run()
    return child


def kill(m: Machine, tsk: TaskStruct) -> None:
    send_sig_info(m.kernel, Sig.SIGKILL, tsk)
    m.run()


def reap(m: Machine, tsk: TaskStruct) -> None:
    """Remove a zombie from the task table as its parent's wait would."""
    if m.kernel.tasks.get(tsk.pid) is tsk and tsk.state is TaskState.ZOMBIE:
        release_task(m.kernel, tsk)


def swap_header(
    pages: int, *, magic: bytes = b"SWAPSPACE2", version: int = 1, last_page: int | None = None
) -> bytes:
    """A swap header page as mkswap -v1 writes it."""
    page = bytearray(4096)
    struct.pack_into("<III", page, 1024, version, pages - 1 if last_page is None else last_page, 0)
    page[4086:] = magic
    return bytes(page)


def make_file(
    k: Kernel,
    tsk: TaskStruct,
    path: str,
    size: int,
    head: bytes = b"",
    mode: int = 0o600,
    sparse: bool = False,
) -> None:
    """Create path with size bytes (blocks allocated unless sparse), head at offset 0."""
    d, name = k.vfs.lookup_parent(tsk, path)
    ref: PathRef = k.vfs.create(tsk, d, name, st.S_IFREG | mode)
    ino = ref.inode
    assert ino.data is not None
    if not sparse:
        allocate_blocks(ino, 0, size)
    elif head:
        allocate_blocks(ino, 0, len(head))
    ino.data.write(0, head)
    ino.i_size = size


def make_swapfile(k: Kernel, tsk: TaskStruct, path: str, pages: int) -> None:
    make_file(k, tsk, path, pages * 4096, swap_header(pages))


def drive(m: Machine, tsk: TaskStruct, coro: Any) -> Any:
    """Run a kernel coroutine on behalf of tsk, as if tsk were in a system call, while
    no other task runs (it may give up the CPU, or nap on a timer -- the clock jumps
    to its end -- but not sleep on anything else). Returns its value.
    A coroutine that keeps yielding (waiting, say, for an OOM victim that cannot run
    here) fails the test instead of spinning forever."""
    sched = m.kernel.sched
    for _ in range(DRIVE_MAX_YIELDS):
        sched.current = tsk
        try:
            req = coro.send(None)
        except StopIteration as stop:
            return stop.value
        finally:
            sched.current = None
        if req.wq is not None:
            assert req.wq.name == "timer", f"{coro} slept on {req.wq.name}"
            _nap(m, tsk, req.wq)
    raise AssertionError(
        f"{coro} yielded {DRIVE_MAX_YIELDS} times without finishing: it "
        "waits for another task, which drive() does not run"
    )


DRIVE_MAX_YIELDS = 100_000


def _nap(m: Machine, tsk: TaskStruct, wq: WaitQueue) -> None:
    """Let a nap of the driven coroutine (a timer on wq) pass as the machine would:
    the other runnable tasks run -- kswapd, an OOM victim on its way out -- and the
    clock jumps from timer to timer until this one fires. tsk itself is kept off
    the CPU: its coroutine is the one being driven."""
    k = m.kernel
    queue = k.sched.run_queue
    while any(t[2] is wq for t in k.timers.heap):
        held = tsk in queue
        if held:
            queue.remove(tsk)
        ran = k.sched.run_one()
        if held:
            queue.append(tsk)
        if not ran:
            k.timers.advance_to_next(k)


def swapoff(m: Machine, tsk: TaskStruct, path: str) -> int:
    return int(drive(m, tsk, sys_swapoff(m.kernel, tsk, path)))
