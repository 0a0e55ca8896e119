"""System call entry and exit (models arch/x86/kernel/entry_64.S: system_call,
ret_from_sys_call with its signal and reschedule checks)."""

from __future__ import annotations

from collections.abc import Iterable
from types import CoroutineType
from typing import TYPE_CHECKING, Any

from swapsh.kernel.bug import KernelBug
from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.exit import TaskExit
from swapsh.kernel.kernel import Kernel
from swapsh.kernel.mm.memory import access_range, finish_access, user_range
from swapsh.kernel.sched import cond_resched
from swapsh.kernel.signal import Sig, fatal_signal, force_sig_info
from swapsh.syscalls import sys_fs, sys_ipc, sys_mm, sys_proc, sys_swap  # noqa: F401 - they register
from swapsh.syscalls.table import SYSCALLS

if TYPE_CHECKING:
    from swapsh.kernel.mm.mm_types import MmStruct
    from swapsh.kernel.task import TaskStruct

__all__ = ["Gate"]


class Gate:
    """The syscall instruction for one machine: userland's only door into the kernel."""

    def __init__(self, k: Kernel) -> None:
        self.k = k

    async def call(self, name: str, *args: Any) -> Any:
        """Enter the kernel for `name`. Returns the call's value, or -errno."""
        k = self.k
        tsk = k.current()
        entry = SYSCALLS.get(name)
        k.sched.advance(k.costs.syscall_ns)
        if entry is None:
            ret: Any = -int(Errno.ENOSYS)
        else:
            try:
                ret = entry.fn(k, tsk, *args)
                if entry.is_async and type(ret) is CoroutineType:  # it sleeps, or may
                    ret = await ret
            except KernelError as e:
                ret = -int(e.errno)
        if k.lockdep.held:
            raise KernelBug(f"{name} returned to user with {k.lockdep.held[0].name} held")
        if self._exit_work(tsk):
            await self._exit_to_user(tsk)
        return ret

    async def access(self, addr: int, data: bytes | None, length: int) -> bytes:
        """The CPU's loads and stores on user memory: not a system call but the page
        fault path (arch/x86/mm/fault.c). A bad address is SIGSEGV, as on Linux."""
        k = self.k
        tsk = k.current()
        out: list[bytes | bytearray] = []
        rest = self._access_nowait(tsk, addr, data, length, out)
        if rest is not None:
            await self._access_finish(tsk, addr, data, out, rest)
        await self._after_access(tsk)
        return b"".join(out)

    async def store_many(self, stores: Iterable[tuple[int, bytes]]) -> None:
        """A run of stores, one after another, as compiled C code's loop of `*p = v`
        makes them: each is an access(); those that need no sleeping fault cost no
        coroutine."""
        k = self.k
        tsk = k.current()
        out: list[bytes | bytearray] = []
        for addr, data in stores:
            rest = self._access_nowait(tsk, addr, data, 0, out)
            if rest is not None:
                await self._access_finish(tsk, addr, data, out, rest)
            if k.lockdep.held or self._exit_work(tsk):
                await self._after_access(tsk)

    def _access_nowait(
        self,
        tsk: TaskStruct,
        addr: int,
        data: bytes | None,
        length: int,
        out: list[bytes | bytearray],
    ) -> tuple[MmStruct, int, int] | None:
        """As much of an access as needs no sleep. Returns: None when done (or a bad
        address got its SIGSEGV), else (mm, end, pos) for _access_finish."""
        k = self.k
        try:
            mm, end = user_range(tsk, addr, data, length)
            pos = access_range(k, tsk, mm, addr, end, addr, data, out)
        except KernelError:
            force_sig_info(k, Sig.SIGSEGV, tsk)
            return None
        return (mm, end, pos) if pos < end else None

    async def _access_finish(
        self,
        tsk: TaskStruct,
        addr: int,
        data: bytes | None,
        out: list[bytes | bytearray],
        rest: tuple[MmStruct, int, int],
    ) -> None:
        mm, end, pos = rest
        try:
            await finish_access(self.k, tsk, mm, addr, end, pos, data, out)
        except KernelError:
            force_sig_info(self.k, Sig.SIGSEGV, tsk)

    async def _after_access(self, tsk: TaskStruct) -> None:
        k = self.k
        if k.lockdep.held:
            raise KernelBug(f"page fault returned to user with {k.lockdep.held[0].name} held")
        if self._exit_work(tsk):
            await self._exit_to_user(tsk)

    def _slice_over(self) -> bool:
        sched = self.k.sched
        return sched.clock_ns - sched.slice_start_ns >= self.k.costs.timeslice_ns

    def _exit_work(self, tsk: TaskStruct) -> bool:
        """Whether the way back to user mode has work to do (tested before awaiting
        _exit_to_user, which is a coroutine: most returns have none)."""
        return bool(tsk.pending) or self._slice_over()

    async def _exit_to_user(self, tsk: Any) -> None:
        """Deliver fatal signals; give up the CPU when the time slice is over."""
        if tsk.pending:
            sig = fatal_signal(tsk)
            if sig is not None:
                tsk.pending.discard(sig)
                raise TaskExit(sig)
            tsk.pending.clear()
        if self._slice_over():
            await cond_resched()
