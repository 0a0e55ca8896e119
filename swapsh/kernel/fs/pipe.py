"""Pipes (models fs/pipe.c): a 64 KiB buffer with blocking readers and writers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from swapsh.kernel.errno import Errno, KernelError
from swapsh.kernel.fs.file import File, FileOperations
from swapsh.kernel.sched import WaitQueue, sleep_on, wake_up
from swapsh.kernel.signal import Sig, send_sig_info

if TYPE_CHECKING:
    from swapsh.kernel.kernel import Kernel

__all__ = ["PIPE_BUF_SIZE", "PipeInodeInfo", "PipeReadOps", "PipeWriteOps"]

PIPE_BUF_SIZE = 16 * 4096  # PIPE_BUFFERS pages


@dataclass(slots=True, eq=False, kw_only=True)
class PipeInodeInfo:
    """Linux: struct pipe_inode_info."""

    buf: bytearray = field(default_factory=bytearray)  # unread bytes
    readers: int = 0  # open read ends
    writers: int = 0  # open write ends
    wait: WaitQueue = field(default_factory=lambda: WaitQueue(name="pipe wait"))


class PipeReadOps(FileOperations):
    def __init__(self, pipe: PipeInodeInfo) -> None:
        self.pipe = pipe

    async def read(self, k: Kernel, f: File, n: int) -> bytes:
        """Linux: pipe_read(). Blocks while empty and a writer exists."""
        p = self.pipe
        while not p.buf:
            if p.writers == 0:
                return b""
            if k.current().signal_pending():
                raise KernelError(Errno.ERESTARTSYS)
            await sleep_on(p.wait)
        out = bytes(p.buf[:n])
        del p.buf[:n]
        wake_up(k.sched, p.wait)
        return out

    def release(self, k: Kernel, f: File) -> None:
        self.pipe.readers -= 1
        wake_up(k.sched, self.pipe.wait)


class PipeWriteOps(FileOperations):
    def __init__(self, pipe: PipeInodeInfo) -> None:
        self.pipe = pipe

    async def write(self, k: Kernel, f: File, data: bytes) -> int:
        """Linux: pipe_write(). Blocks while full; EPIPE and SIGPIPE with no reader."""
        p = self.pipe
        done = 0
        while done < len(data):
            cur = k.current()
            if p.readers == 0:
                send_sig_info(k, Sig.SIGPIPE, cur)
                if done:
                    return done
                raise KernelError(Errno.EPIPE)
            room = PIPE_BUF_SIZE - len(p.buf)
            if room <= 0:
                if cur.signal_pending():
                    if done:
                        return done
                    raise KernelError(Errno.ERESTARTSYS)
                await sleep_on(p.wait)
                continue
            chunk = data[done : done + room]
            p.buf += chunk
            done += len(chunk)
            wake_up(k.sched, p.wait)
        return done

    def release(self, k: Kernel, f: File) -> None:
        self.pipe.writers -= 1
        wake_up(k.sched, self.pipe.wait)
