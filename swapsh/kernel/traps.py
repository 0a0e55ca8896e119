"""Oopses: a failure inside the kernel kills the task, not the machine (models
arch/x86/kernel/traps_64.c die/oops_begin/__die/oops_end of 2.6.25, with lib/bug.c
report_bug and warn_on_slowpath).

Any exception that escapes kernel code while a task is in the kernel is caught where
the task entered it -- the syscall gate, the fault path, a kernel thread's entry --
and handed to die(). A KernelBug (BUG(), bug_on()) is reported as the ud2 trap
reports BUG(): "kernel BUG at FILE:LINE!" and "invalid opcode"; any other Python
exception is the model's closest case of a wild pointer, a "general protection
fault". die() prints the oops, taints the kernel (D), and the task dies with SIGSEGV
as oops_end()'s do_exit(SIGSEGV) kills it. The machine goes on, unless
panic_on_oops is set, the task is init, or the oops came in interrupt context.

What the model cannot fill truthfully is left out: registers, the "Process ...
threadinfo ... task ..." line, the stack words, the code bytes, the RIP/RSP summary,
and the addresses and offsets of the Call Trace, whose frames are the model's own
functions (named after Linux's), innermost first.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, NoReturn

from swapsh.kernel.bug import KernelBug, source_path
from swapsh.kernel.panic import (
    TAINT_DIE,
    add_taint,
    panic,
    print_oops_end_marker,
    print_tainted,
)
from swapsh.kernel.printk import KERN_CRIT, KERN_EMERG, KERN_ERR, KERN_WARNING
from swapsh.kernel.signal import Sig
from swapsh.kernel.task import TaskExit

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel
    from swapsh.kernel.task import TaskStruct

__all__ = ["WARN_ON", "die", "die_in_interrupt", "oops", "userland_fault"]

# printk() without a level: default_message_loglevel.
_DEFAULT_LEVEL = KERN_WARNING
_PKG = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # .../swapsh
_KERNEL_DIRS = tuple(os.path.join(_PKG, d) + os.sep for d in ("kernel", "syscalls"))
# Frames of the machinery itself (the trap, the bug macros, the syscall entry).
_NOT_IN_TRACE = frozenset(
    os.path.join(_PKG, f)
    for f in ("kernel/bug.py", "kernel/traps.py", "kernel/panic.py", "syscalls/entry.py")
)


def die(k: Kernel, tsk: TaskStruct, exc: BaseException) -> NoReturn:
    """Linux: die() for an exception that escaped kernel code in tsk's context.

    Raises: TaskExit(SIGSEGV) (oops_end's do_exit), or KernelPanic.
    """
    oops(k, tsk, exc)
    raise TaskExit(int(Sig.SIGSEGV))


def oops(k: Kernel, tsk: TaskStruct | None, exc: BaseException) -> None:
    """Linux: die() up to oops_end()'s do_exit: print the oops and taint the kernel.
    tsk None: no task's context (the idle loop, a timer).

    Raises: KernelPanic if panic_on_oops is set.
    """
    oops_begin(k)
    title = "invalid opcode" if report_bug(k, exc) else "general protection fault"
    k.oops.die_counter += 1
    k.printk(KERN_EMERG, f"{title}: 0000 [{k.oops.die_counter}] SMP ")
    k.printk(_DEFAULT_LEVEL, "CPU 0 ")
    k.printk(_DEFAULT_LEVEL, "Modules linked in:")
    k.printk(_DEFAULT_LEVEL, _pid_line(k, tsk))
    show_trace(k, _traceback_frames(exc.__traceback__))
    k.printk(_DEFAULT_LEVEL, "")  # show_registers' newline after the stack
    add_taint(k, TAINT_DIE)
    # The model's locks are context managers: the unwinding released those taken
    # with `with`. Linux would leave them held; the model lets go of the rest too,
    # so that the machine goes on (docs/ARCHITECTURE.md, "Oopses").
    k.lockdep.held.clear()
    if k.oops.panic_on_oops:
        panic(k, "Fatal exception")
    print_oops_end_marker(k)


def oops_begin(k: Kernel) -> None:
    """Linux: oops_begin(): console_verbose(), so the whole oops reaches the console."""
    if k.log.console_loglevel:
        k.log.console_loglevel = 15


def report_bug(k: Kernel, exc: BaseException) -> bool:
    """Linux: report_bug(). "kernel BUG at FILE:LINE!" for a KernelBug.

    Returns: whether exc is a KernelBug (a BUG trap); for anything else, says that
    the model itself failed, and how."""
    if not isinstance(exc, KernelBug):
        k.printk(KERN_ERR, f"swapsh: internal error in the kernel model: {_describe(exc)}")
        return False
    if str(exc):
        k.printk(KERN_EMERG, str(exc))  # what the code printed before its BUG()
    k.printk(KERN_EMERG, "------------[ cut here ]------------")
    k.printk(KERN_CRIT, f"kernel BUG at {exc.file}:{exc.line}!")
    return True


def show_trace(k: Kernel, frames: Iterator[FrameType]) -> None:
    """Linux: show_trace(): "Call Trace:" and one line per kernel frame."""
    k.printk(_DEFAULT_LEVEL, "Call Trace:")
    for f in frames:
        path = os.path.abspath(f.f_code.co_filename)
        name = f.f_code.co_name
        if path.startswith(_KERNEL_DIRS) and path not in _NOT_IN_TRACE and name[0] != "<":
            k.printk(_DEFAULT_LEVEL, f" {name}")
    k.printk(_DEFAULT_LEVEL, "")


def _traceback_frames(tb: TracebackType | None) -> Iterator[FrameType]:
    """The frames an exception went through, innermost first."""
    frames = []
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    return reversed(frames)


def _stack_frames(f: FrameType | None) -> Iterator[FrameType]:
    while f is not None:
        yield f
        f = f.f_back


def _pid_line(k: Kernel, tsk: TaskStruct | None) -> str:
    """The "Pid:" line of __show_regs() and dump_stack(). No task: the idle task."""
    pid, comm = (tsk.pid, tsk.comm) if tsk is not None else (0, "swapper")
    cfg = k.config
    return (
        f"Pid: {pid}, comm: {comm[:20]} {print_tainted(k)} {cfg.release} "
        f"{cfg.version.split(' ', 1)[0]}"
    )


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def die_in_interrupt(k: Kernel, exc: BaseException) -> NoReturn:
    """An oops in interrupt context (a timer): die() prints it, and do_exit()
    panics, as 2.6.25 does, since no task can be killed for it.

    Raises: KernelPanic, always.
    """
    oops(k, None, exc)
    panic(k, "Aiee, killing interrupt handler!")


def userland_fault(k: Kernel, tsk: TaskStruct, exc: Exception) -> int:
    """A Python exception in a userland program's own code: a bug in swapsh's
    userland, not the kernel's. The task dies of SIGSEGV with a log line naming the
    error (as show_unhandled_signals logs a segfault). Returns: the exit status."""
    k.printk(KERN_ERR, f"swapsh: {tsk.comm}[{tsk.pid}]: internal error: {_describe(exc)}")
    return int(Sig.SIGSEGV)


def WARN_ON(k: Kernel, cond: object, msg: str = "") -> bool:  # Linux's name
    """Linux: WARN_ON(cond), with 2.6.25's warn_on_slowpath() output.

    If cond holds, print msg (if any), the warning with the caller's place and a
    stack trace, and go on.

    Returns: bool(cond), as WARN_ON does.
    """
    if not cond:
        return False
    caller = sys._getframe(1)
    if msg:
        k.printk(KERN_WARNING, msg)
    k.printk(KERN_WARNING, "------------[ cut here ]------------")
    where = f"{source_path(caller.f_code.co_filename)}:{caller.f_lineno}"
    k.printk(KERN_WARNING, f"WARNING: at {where} {caller.f_code.co_name}()")
    k.printk(_DEFAULT_LEVEL, "Modules linked in:")
    k.printk(_DEFAULT_LEVEL, _pid_line(k, k.sched.current))
    k.printk(_DEFAULT_LEVEL, "")
    show_trace(k, _stack_frames(caller))
    print_oops_end_marker(k)
    return True
