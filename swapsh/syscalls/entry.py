"""System call entry and exit (models arch/x86/kernel/entry_64.S: system_call,
ret_from_sys_call with its signal and reschedule checks)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import CoroutineType
from typing import TYPE_CHECKING, Any, NoReturn, ParamSpec, TypeVar

from swapsh.kernel.bug import BUG, KernelBug
from swapsh.kernel.debug_vm import check_all
from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.kernel import Kernel
from swapsh.kernel.mm.memory import access_range, finish_access, user_range
from swapsh.kernel.sched import cond_resched
from swapsh.kernel.signal import SIG_CATCH, SIG_DFL, Sig, force_sig_info, get_signal_to_deliver
from swapsh.kernel.traps import die
from swapsh.syscalls import sys_fs, sys_ipc, sys_mm, sys_proc, sys_swap  # noqa: F401 - they register
from swapsh.syscalls.table import SYSCALLS, Syscall

if TYPE_CHECKING:
    from swapsh.kernel.mm.mm_types import MmStruct
    from swapsh.kernel.task import TaskStruct

__all__ = ["Gate"]

_RESTART = frozenset({Errno.ERESTARTSYS, Errno.ERESTARTNOHAND, Errno.ERESTART_RESTARTBLOCK})
P = ParamSpec("P")
R = TypeVar("R")


class Gate:
    """The syscall instruction for one machine: userland's only door into the kernel."""

    def __init__(self, k: Kernel) -> None:
        self.k = k
        self.debug_checks = k.config.debug_checks  # a checked build's cadence (0: off)
        self.debug_countdown = self.debug_checks

    if TYPE_CHECKING:
        # What mypy checks: the arguments are the handler's. (At run time call takes
        # no **kwargs: the empty dict would cost an allocation on every call.)
        async def call(self, sc: Syscall[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R | int:
            """Enter the kernel for sc. Returns: the call's value, or -errno."""

    else:

        async def call(self, sc, *args):
            k = self.k
            tsk = k.current()
            entry = SYSCALLS.get(sc.nr)  # by number, as system_call indexes its table
            k.sched.advance(k.costs.syscall_ns)
            if entry is None:
                ret = -int(Errno.ENOSYS)  # sys_ni_syscall
            else:
                try:
                    ret = entry.fn(k, tsk, *args)
                    if entry.is_async and type(ret) is CoroutineType:  # it sleeps, or may
                        ret = await ret
                except KernelError as e:
                    ret = -int(e.errno)
                    if e.errno in _RESTART:
                        ret = await self._restart(tsk, e.errno, lambda: entry.fn(k, tsk, *args))
                except Exception as e:  # a bug in the kernel: oops, the task dies
                    die(k, tsk, e)
            if k.lockdep.held:
                self._held_at_exit(tsk, sc.name)
            if self.debug_checks:
                try:
                    self._debug_checks()
                except Exception as e:  # CONFIG_DEBUG_VM's VM_BUG_ON: an oops here
                    die(k, tsk, e)
            if self._exit_work(tsk):
                await self._exit_to_user(tsk)
            return ret

    async def _restart(self, tsk: TaskStruct, errno: Errno, call: Callable[[], Any]) -> int:
        """A call a signal interrupted (-ERESTART*): deal with the signals as the way
        back to user mode does (a stop signal stops the task here, a fatal one ends
        it); then EINTR if one was caught, else the call again (arch/x86's
        do_signal restart: as if the call had never been interrupted)."""
        k = self.k
        while True:
            if k.lockdep.held:
                self._held_at_exit(tsk, "interrupted call")
            caught = any(tsk.sighand.get(s, SIG_DFL) == SIG_CATCH for s in tsk.pending)
            await get_signal_to_deliver(k, tsk)
            if caught:
                tsk.restart_block = None
                return -int(Errno.EINTR)
            if errno is Errno.ERESTART_RESTARTBLOCK and tsk.restart_block is not None:
                call, tsk.restart_block = tsk.restart_block, None
            try:
                ret = call()
                if type(ret) is CoroutineType:
                    ret = await ret
                return ret  # type: ignore[no-any-return]
            except KernelError as e:
                if e.errno not in _RESTART:
                    return -int(e.errno)
                errno = e.errno
            except Exception as e:  # a bug in the kernel: oops, the task dies
                die(k, tsk, e)

    def _debug_checks(self) -> None:
        """--debug-checks: the whole machine's invariants, at every debug_checks-th
        exit. Other tasks may be asleep inside the kernel, so it is not quiescent."""
        self.debug_countdown -= 1
        if self.debug_countdown <= 0:
            self.debug_countdown = self.debug_checks
            check_all(self.k, quiescent=False)

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
        except Exception as e:  # an oops in the fault path
            die(k, tsk, e)
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
        except Exception as e:  # an oops in the fault path
            die(self.k, tsk, e)

    async def _after_access(self, tsk: TaskStruct) -> None:
        k = self.k
        if k.lockdep.held:
            self._held_at_exit(tsk, "page fault")
        if self._exit_work(tsk):
            await self._exit_to_user(tsk)

    def _held_at_exit(self, tsk: TaskStruct, what: str) -> NoReturn:
        """A spinlock still held on the way back to user mode: a BUG (xv6's "sched
        locks"; lockdep's "lock held when returning to user space!")."""
        try:
            BUG(f"{what} returned to user with {self.k.lockdep.held[0].name} held")
        except KernelBug as e:
            die(self.k, tsk, e)

    def _slice_over(self) -> bool:
        sched = self.k.sched
        return sched.clock_ns - sched.slice_start_ns >= self.k.costs.timeslice_ns

    def _exit_work(self, tsk: TaskStruct) -> bool:
        """Whether the way back to user mode has work to do (tested before awaiting
        _exit_to_user, which is a coroutine: most returns have none)."""
        return bool(tsk.pending) or self._slice_over()

    async def _exit_to_user(self, tsk: Any) -> None:
        """Deliver signals (a fatal one ends the task, a stop signal stops it); give up
        the CPU when the time slice is over."""
        if tsk.pending:
            await get_signal_to_deliver(self.k, tsk)
        if self._slice_over():
            await cond_resched()
