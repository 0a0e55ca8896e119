"""Terminals (models drivers/char/tty_io.c and n_tty.c in canonical mode, subset).

A front-end is the other side of the terminal: it types lines into `input` and
takes what programs wrote from `output`. Each chunk of output carries the host
stream the terminal should show it on: 1 for what reached the tty through a
descriptor opened as stdout, 2 for stderr, 3 for a shell's prompt, 0 for kernel
console messages. A real
terminal mixes them on one screen, and the interactive front-end does too; the
plain front-end keeps them apart so swapsh can be used like any command.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.fs.file import File, FileOperations
from swapsh.kernel.sched import WaitQueue, sleep_on, wake_up
from swapsh.kernel.signal import SIG_DFL, SIG_IGN, Sig, is_orphaned_pgrp, kill_pgrp

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel

__all__ = [
    "OUTPUT_ROOM",
    "STREAM_CONSOLE",
    "STREAM_PROMPT",
    "STREAM_STDERR",
    "STREAM_STDOUT",
    "SWAPSH_TTY_STREAM",
    "TCGETS",
    "TIOCGPGRP",
    "TIOCSCTTY",
    "TIOCSPGRP",
    "TtyOps",
    "TtyStruct",
]

STREAM_CONSOLE, STREAM_STDOUT, STREAM_STDERR, STREAM_PROMPT = 0, 1, 2, 3
# What a console holds for its front-end before a writer waits for the front-end to
# take it (a front-end opts in: Machine.bound_output). A VT draws as it is written;
# here the host's terminal draws, and output it has not taken is host memory.
OUTPUT_ROOM = 1 << 20


@dataclass(slots=True, eq=False, kw_only=True)
class TtyStruct:
    """Linux: struct tty_struct for one virtual console."""

    name: str  # "tty1"
    index: int  # minor number
    input: deque[bytes] = field(default_factory=deque)  # complete lines; b"" is an EOF (^D)
    read_wait: WaitQueue = field(default_factory=lambda: WaitQueue(name="tty read_wait"))
    output: list[tuple[int, bytearray]] = field(default_factory=list)  # not yet shown
    output_len: int = 0  # bytes in output
    output_room: int | None = None  # bytes held before a writer waits (None: no bound)
    write_wait: WaitQueue = field(default_factory=lambda: WaitQueue(name="tty write_wait"))
    pgrp: int = 0  # foreground process group
    session: int = 0  # the session this is the controlling tty of (0: none)
    session_exit: int | None = None  # wait status of the last session leader that exited

    @property
    def waiting_for_input(self) -> bool:
        """Whether a task sleeps in read() on this terminal with nothing to read."""
        return bool(self.read_wait.tasks) and not self.input

    def type_line(self, k: Kernel, text: str) -> None:
        """The front-end types one line (without its newline)."""
        self.input.append(text.encode("utf-8", "surrogateescape") + b"\n")
        wake_up(k.sched, self.read_wait)

    def type_eof(self, k: Kernel) -> None:
        """The front-end types ^D at the start of a line."""
        self.input.append(b"")
        wake_up(k.sched, self.read_wait)

    def flush_input(self) -> None:
        """Linux: n_tty_flush_buffer(), as on ^C."""
        self.input.clear()

    @property
    def output_full(self) -> bool:
        """Whether a writer must wait for the front-end to take the output."""
        return self.output_room is not None and self.output_len >= self.output_room

    def write(self, stream: int, data: bytes) -> None:
        self.output_len += len(data)
        if self.output and self.output[-1][0] == stream:
            self.output[-1][1].extend(data)  # in place: a stream of writes stays linear
        else:
            self.output.append((stream, bytearray(data)))

    def take_output(self, k: Kernel) -> list[tuple[int, bytes]]:
        out, self.output = self.output, []
        self.output_len = 0
        wake_up(k.sched, self.write_wait)
        return [(stream, bytes(data)) for stream, data in out]


def job_control(k: Kernel, tty: TtyStruct) -> None:
    """Linux: n_tty's job_control(), at the start of a read and after each sleep: a
    process reading its controlling terminal from a background process group gets
    SIGTTIN (its whole group does) and the read restarts once it is continued in the
    foreground; EIO if it ignores SIGTTIN or its group is orphaned (nobody could
    continue it)."""
    cur = k.current()
    if cur.tty is not tty or not tty.pgrp or cur.pgrp == tty.pgrp:
        return
    if cur.sighand.get(Sig.SIGTTIN, SIG_DFL) == SIG_IGN or is_orphaned_pgrp(k, cur.pgrp):
        raise KernelError(Errno.EIO)
    kill_pgrp(k, cur.pgrp, Sig.SIGTTIN)
    raise KernelError(Errno.ERESTARTSYS)


class TtyOps(FileOperations):
    """File operations of an open terminal."""

    def __init__(self, tty: TtyStruct) -> None:
        self.tty = tty

    async def read(self, k: Kernel, f: File, n: int) -> bytes:
        """Canonical read: one line at most; 0 bytes at EOF. Raises: ERESTARTSYS on a
        signal; EIO for a background process that cannot be stopped."""
        tty = self.tty
        job_control(k, tty)
        while not tty.input:
            cur = k.current()
            if cur.signal_pending():
                raise KernelError(Errno.ERESTARTSYS)
            await sleep_on(tty.read_wait)
            job_control(k, tty)
        line = tty.input[0]
        if not line:
            tty.input.popleft()
            return b""
        if len(line) <= n:
            tty.input.popleft()
            return line
        tty.input[0] = line[n:]
        return line[:n]

    async def write(self, k: Kernel, f: File, data: bytes) -> int:
        """Raises: EINTR on a signal while the front-end has not taken the output."""
        tty = self.tty
        while tty.output_full:  # n_tty's write_chan: wait for room
            if k.current().signal_pending():
                raise KernelError(Errno.ERESTARTSYS)
            await sleep_on(tty.write_wait)
            if k.current().signal_pending():  # write_chan looks before it writes on
                raise KernelError(Errno.ERESTARTSYS)
        tty.write(f.stream, data)
        return len(data)


# ioctl requests
TCGETS = 0x5401  # isatty() asks this
TIOCSCTTY = 0x540E
TIOCGPGRP = 0x540F
TIOCSPGRP = 0x5410
# swapsh's own request (no Linux counterpart): say which stream of the terminal this
# open file description writes (STREAM_STDOUT, STREAM_STDERR, STREAM_PROMPT), so the
# plain front-end can send stderr to the host's stderr and leave prompts out.
SWAPSH_TTY_STREAM = 0x53570001
