"""System call entry and exit (models arch/x86/kernel/entry_64.S: system_call,
ret_from_sys_call with its signal and reschedule checks)."""

from __future__ import annotations

from typing import Any

from swapsh.kernel.bug import KernelBug
from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.exit import TaskExit
from swapsh.kernel.kernel import Kernel
from swapsh.kernel.mm.memory import access_user
from swapsh.kernel.sched import cond_resched
from swapsh.kernel.signal import Sig
from swapsh.syscalls import sys_fs, sys_ipc, sys_mm, sys_proc, sys_swap  # noqa: F401 - they register
from swapsh.syscalls.table import SYSCALLS

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
                if entry.is_async:
                    ret = await ret
            except KernelError as e:
                ret = -int(e.errno)
        if k.lockdep.held:
            raise KernelBug(f"{name} returned to user with {k.lockdep.held[0].name} held")
        if tsk.pending or k.sched.clock_ns - k.sched.slice_start_ns >= k.costs.timeslice_ns:
            await self._exit_to_user(tsk)  # work to do on the way out (tested inline: cheap)
        return ret

    async def access(self, addr: int, data: bytes | None, length: int) -> bytes:
        """The CPU's loads and stores on user memory: not a system call but the page
        fault path (arch/x86/mm/fault.c). A bad address is SIGSEGV, as on Linux."""
        k = self.k
        tsk = k.current()
        try:
            out = await access_user(k, tsk, addr, data=data, length=length)
        except KernelError:
            k.send_signal(tsk, Sig.SIGSEGV)
            out = b""
        if k.lockdep.held:
            raise KernelBug(f"page fault returned to user with {k.lockdep.held[0].name} held")
        if tsk.pending or k.sched.clock_ns - k.sched.slice_start_ns >= k.costs.timeslice_ns:
            await self._exit_to_user(tsk)
        return out

    async def _exit_to_user(self, tsk: Any) -> None:
        """Deliver fatal signals; give up the CPU when the time slice is over."""
        k = self.k
        if tsk.pending:
            sig = tsk.fatal_signal()
            if sig is not None:
                tsk.pending.discard(sig)
                raise TaskExit(sig)
            tsk.pending.clear()
        if k.sched.clock_ns - k.sched.slice_start_ns >= k.costs.timeslice_ns:
            await cond_resched()
