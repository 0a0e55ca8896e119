"""Virtual consoles: which one is on the screen, and switching it (models the parts of
drivers/char/vt.c and vt_ioctl.c of 2.6.25 that chvt and the keyboard use).

tty1..tty6 exist from boot (init logs root in on each); a switch to tty7..tty63
allocates that console, as vc_allocate() does, with nobody on it. Linux switches in
a work queue (console_callback) after VT_ACTIVATE returns, and VT_WAITACTIVE waits for
it; the model switches at once, so VT_WAITACTIVE only sleeps when another switch came
in between. Interface: `set_console` (the keyboard's Alt-Fn and VT_ACTIVATE),
`vt_ioctl`, `vt_waitactive`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from swapsh.kernel.cred import Cap, capable_cred
from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.sched import sleep_on, wake_up
from swapsh.kernel.tty import TtyStruct

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel
    from swapsh.kernel.task import TaskStruct

__all__ = [
    "KB_101",
    "KDGKBTYPE",
    "MAX_NR_CONSOLES",
    "VT_ACTIVATE",
    "VT_GETSTATE",
    "VT_WAITACTIVE",
    "is_vt_ioctl",
    "set_console",
    "vc_allocate",
    "vc_cons_allocated",
    "vt_ioctl",
    "vt_waitactive",
]

MAX_NR_CONSOLES = 63  # include/linux/vt.h
KDGKBTYPE = 0x4B33  # get keyboard type
KB_101 = 0x02  # the only answer 2.6.25 gives ("this is naive")
VT_GETSTATE = 0x5603  # the active console (v_active) and which are open (v_state)
VT_ACTIVATE = 0x5606  # make vt active
VT_WAITACTIVE = 0x5607  # wait for vt active
_VT_REQUESTS = (KDGKBTYPE, VT_GETSTATE, VT_ACTIVATE, VT_WAITACTIVE)


def is_vt_ioctl(req: int) -> bool:
    """Whether req is one of the console requests the model answers."""
    return req in _VT_REQUESTS


def vc_cons_allocated(k: Kernel, i: int) -> bool:
    """Linux: vc_cons_allocated(). Console i (0-based) exists."""
    return 0 <= i < len(k.ttys)


def vc_allocate(k: Kernel, currcons: int) -> None:
    """Linux: vc_allocate(). Console currcons (0-based) comes into existence.

    The ones before it come too: the model keeps consoles in one list.
    Raises: ENXIO if currcons is not below MAX_NR_CONSOLES."""
    if not 0 <= currcons < MAX_NR_CONSOLES:
        raise KernelError(Errno.ENXIO)
    while len(k.ttys) <= currcons:
        n = len(k.ttys) + 1
        k.ttys.append(TtyStruct(name=f"tty{n}", index=n))


def set_console(k: Kernel, nr: int) -> None:
    """Linux: set_console() with console_callback(). Console nr comes to the screen.

    nr is 0-based and allocated. The switch completes at once (change_console,
    complete_change_console): kernel messages go there from now on, and whoever
    waits in VT_WAITACTIVE wakes up."""
    if not vc_cons_allocated(k, nr) or nr == k.active_console:
        return
    k.active_console = nr
    wake_up(k.sched, k.vt_activate_queue)


def _perm(k: Kernel, tsk: TaskStruct, tty: TtyStruct) -> bool:
    """vt_ioctl's perm: the terminal is the caller's controlling terminal, or the
    caller has CAP_SYS_TTY_CONFIG."""
    return tsk.tty is tty or capable_cred(tsk.cred, Cap.CAP_SYS_TTY_CONFIG)


def vt_ioctl(k: Kernel, tsk: TaskStruct, tty: TtyStruct, cmd: int, arg: int) -> int:
    """Linux: vt_ioctl(). KDGKBTYPE, VT_GETSTATE and VT_ACTIVATE (they do not sleep).

    VT_WAITACTIVE is vt_waitactive below. VT_GETSTATE returns v_active (the model's
    ioctl returns a number, not a struct). Raises: EPERM without perm for
    VT_ACTIVATE, ENXIO for a console number outside 1..MAX_NR_CONSOLES."""
    if cmd == KDGKBTYPE:
        return KB_101
    if cmd == VT_GETSTATE:
        return k.active_console + 1
    if cmd == VT_ACTIVATE:
        if not _perm(k, tsk, tty):
            raise KernelError(Errno.EPERM)
        if arg == 0 or arg > MAX_NR_CONSOLES or arg < 0:
            raise KernelError(Errno.ENXIO)
        vc_allocate(k, arg - 1)
        set_console(k, arg - 1)
        return 0
    raise KernelError(Errno.EINVAL)


async def vt_waitactive(k: Kernel, tsk: TaskStruct, tty: TtyStruct, arg: int) -> int:
    """Linux: VT_WAITACTIVE (vt_waitactive()). Sleep until console arg is on screen.

    arg is 1-based. Raises: EPERM without perm, ENXIO for a number outside
    1..MAX_NR_CONSOLES, EINTR when a signal comes first."""
    if not _perm(k, tsk, tty):
        raise KernelError(Errno.EPERM)
    if arg <= 0 or arg > MAX_NR_CONSOLES:
        raise KernelError(Errno.ENXIO)
    while k.active_console != arg - 1:
        if tsk.signal_pending():
            raise KernelError(Errno.EINTR)
        await sleep_on(k.vt_activate_queue)
    return 0
