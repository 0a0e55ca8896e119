"""The C library (models glibc's syscall wrappers and stdio).

Each wrapper enters the kernel through the machine's syscall gate; a -errno result
becomes OSError(errno, strerror) with glibc's text, as errno and perror() would.
stdout is line-buffered on a terminal and block-buffered otherwise; stderr is not
buffered. exit() flushes; a program killed by a signal loses what it buffered.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, ParamSpec, Protocol, TypeVar

from swapsh.syscalls.abi import (
    F_DUPFD,
    O_CREAT,
    O_DIRECTORY,
    O_RDONLY,
    O_TRUNC,
    O_WRONLY,
    SIG_DFL,
    TCGETS,
    TIOCGPGRP,
    TIOCSPGRP,
    Dirent,
    Rusage,
    ShmidDs,
    Sig,
    Stat,
    Sysinfo,
    Utsname,
    is_zero_bytes,
    shared_zero_bytes,
)
from swapsh.syscalls.table import Syscall
from swapsh.syscalls.unistd import (
    SYS_access,
    SYS_brk,
    SYS_chdir,
    SYS_chmod,
    SYS_clock_gettime,
    SYS_clone,
    SYS_close,
    SYS_dup,
    SYS_dup2,
    SYS_execve,
    SYS_exit,
    SYS_fcntl,
    SYS_fstat,
    SYS_ftruncate,
    SYS_getcwd,
    SYS_getdents,
    SYS_getgroups,
    SYS_getpgrp,
    SYS_getpid,
    SYS_getresgid,
    SYS_getresuid,
    SYS_getrusage,
    SYS_ioctl,
    SYS_kill,
    SYS_lseek,
    SYS_lstat,
    SYS_mkdir,
    SYS_mmap,
    SYS_munmap,
    SYS_nanosleep,
    SYS_open,
    SYS_pause,
    SYS_pipe,
    SYS_read,
    SYS_readlink,
    SYS_rmdir,
    SYS_rt_sigaction,
    SYS_setgroups,
    SYS_setpgid,
    SYS_setresgid,
    SYS_setresuid,
    SYS_setsid,
    SYS_shmat,
    SYS_shmctl,
    SYS_shmdt,
    SYS_shmget,
    SYS_stat,
    SYS_swapoff,
    SYS_swapon,
    SYS_sysinfo,
    SYS_syslog,
    SYS_truncate,
    SYS_umask,
    SYS_uname,
    SYS_unlink,
    SYS_unshare,
    SYS_utimes,
    SYS_wait4,
    SYS_write,
)
from swapsh.userland.errlist import strerror
from swapsh.userland.glibc_random import Rand

__all__ = [
    "BUFSIZ",
    "MALLOC_HEADER",
    "RW_PIECE",
    "WEXITSTATUS",
    "WIFEXITED",
    "WIFSIGNALED",
    "WTERMSIG",
    "Gate",
    "Libc",
    "Main",
    "strerror",
]

P = ParamSpec("P")
R = TypeVar("R")

BUFSIZ = 8192
MALLOC_HEADER = 16  # glibc's chunk header (prev_size, size) before the user's bytes
RW_PIECE = 16 << 20  # the most of a big read or write that passes through the host at once
SIGCHLD = int(Sig.SIGCHLD)


class Gate(Protocol):
    """The syscall instruction (swapsh.syscalls.entry.Gate): call(SYS_x, *args) returns
    the call's value or -errno; access and store_many are the CPU's loads and stores."""

    async def call(self, sc: Syscall[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R | int: ...

    async def access(self, addr: int, data: bytes | None, length: int) -> bytes: ...

    async def store_many(self, stores: Iterable[tuple[int, bytes]]) -> None: ...


def WIFEXITED(status: int) -> bool:
    return status & 0x7F == 0


def WEXITSTATUS(status: int) -> int:
    return (status >> 8) & 0xFF


def WIFSIGNALED(status: int) -> bool:
    return status & 0x7F not in (0, 0x7F)  # 0x7f: stopped


def WTERMSIG(status: int) -> int:
    return status & 0x7F


def WIFSTOPPED(status: int) -> bool:
    return status & 0xFF == 0x7F


def WSTOPSIG(status: int) -> int:
    return (status >> 8) & 0xFF


def WIFCONTINUED(status: int) -> bool:
    return status == 0xFFFF


def WCOREDUMP(status: int) -> bool:
    return bool(status & 0x80) and WIFSIGNALED(status)


class _Stream:
    """A stdio FILE on a descriptor. Its buffer is process memory: what the program
    prints is stored there (and so can be swapped out) before write(2) sends it."""

    def __init__(self, libc: Libc, fd: int, buffered: bool) -> None:
        self.libc, self.fd, self.buffered = libc, fd, buffered
        self.buf = bytearray()
        self.line_buffered: bool | None = None  # decided at first write (isatty)
        self.mem = 0  # the buffer's address, mapped at the first write (as glibc mallocs)

    async def write(self, data: bytes) -> None:
        if not self.buffered:
            await self.libc.write_all(self.fd, data)
            return
        if self.line_buffered is None:
            self.line_buffered = await self.libc.isatty(self.fd)
        room = BUFSIZ - len(self.buf)
        if room > 0:
            if not self.mem:  # -1 once mapping failed: then it works unbuffered in memory
                self.mem = await self.libc.buffer_memory(BUFSIZ) or -1
            if self.mem > 0:
                await self.libc.store(self.mem + len(self.buf), data[:room])
        self.buf += data
        if len(self.buf) >= BUFSIZ or (self.line_buffered and b"\n" in data):
            await self.flush()

    async def flush(self) -> None:
        if self.buf:
            data, self.buf = bytes(self.buf), bytearray()
            with contextlib.suppress(OSError):  # as fflush() at exit: the error is lost
                await self.libc.write_all(self.fd, data)


class Libc:
    """One process's C library state: its gate, argv, environment and stdio."""

    def __init__(self, gate: Gate, argv: list[str], environ: dict[str, str]) -> None:
        self.gate = gate
        self.argv = argv
        self.environ = environ
        self.stdout = _Stream(self, 1, buffered=True)
        self.stderr = _Stream(self, 2, buffered=False)
        self._rand: Rand | None = None
        self._chunks: dict[int, int] = {}  # malloc'ed pointer -> mapping length
        self._iobuf, self._iobuf_len = 0, 0  # the read buffer in process memory
        self._iobuf_dirty = False  # whether it holds anything but zeros

    @property
    def progname(self) -> str:
        """program_invocation_short_name."""
        return (self.argv[0] if self.argv else "").rsplit("/", 1)[-1]

    if TYPE_CHECKING:
        # mypy checks each call against the syscall's handler; at run time _sys takes
        # no **kwargs (an empty dict per call would cost an allocation on the hot path)
        async def _sys(self, sc: Syscall[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
            """syscall(2): the value, or OSError(errno, strerror) for -errno."""

    else:

        async def _sys(self, sc, *args):
            ret = await self.gate.call(sc, *args)
            if type(ret) is int and ret < 0:
                raise OSError(-ret, strerror(-ret))
            return ret

    # -- stdio ---------------------------------------------------------------------------
    async def out(self, text: str | bytes) -> None:
        """fputs(text, stdout)."""
        await self.stdout.write(
            text.encode("utf-8", "surrogateescape") if isinstance(text, str) else text
        )

    async def err(self, text: str) -> None:
        """fputs(text, stderr): stdout is flushed first so the two stay in order."""
        await self.stdout.flush()
        with contextlib.suppress(OSError):  # stderr closed (`2>&-`): fputs fails quietly
            await self.stderr.write(text.encode("utf-8", "surrogateescape"))

    async def flush(self) -> None:
        await self.stdout.flush()

    async def write_all(self, fd: int, data: bytes) -> None:
        while data:
            n = await self._sys(SYS_write, fd, data)
            data = data[n:]

    # -- files -----------------------------------------------------------------------------
    async def open(self, path: str, flags: int = O_RDONLY, mode: int = 0o666) -> int:
        fd: int = await self._sys(SYS_open, path, flags, mode)
        return fd

    async def creat(self, path: str, mode: int = 0o666) -> int:
        return await self.open(path, O_WRONLY | O_CREAT | O_TRUNC, mode)

    async def close(self, fd: int) -> None:
        await self._sys(SYS_close, fd)

    async def read(self, fd: int, n: int) -> bytes:
        """read(2) into the process's I/O buffer (its memory, so the data can be swapped
        out with it), returning the bytes read."""
        data: bytes = await self._sys(SYS_read, fd, n)
        if data:
            zero = is_zero_bytes(data)
            if not zero or self._iobuf_dirty:  # (zeros into zeros change no byte)
                await self._into_iobuf(data, zero)
        return data

    async def read_to(self, fd: int, addr: int, n: int, zeroed: bool = False) -> bytes:
        """read(fd, addr, n): one read(2) into process memory at addr. Returns the
        bytes read, which the caller may look at without loading them back.
        zeroed: the memory is known to hold only zeros (fresh from malloc, or
        zeros read before), so zeros read into it change no byte and are not stored
        (as with the I/O buffer of read())."""
        data: bytes = await self._sys(SYS_read, fd, n)
        if data and not (zeroed and is_zero_bytes(data)):
            await self.store(addr, data)
        return data

    async def read_into(self, fd: int, addr: int, n: int, zeroed: bool = False) -> tuple[int, bool]:
        """read(fd, addr, n) for a buffer of any size: the kernel copies to user
        memory piece by piece (copy_to_user), and so does this, RW_PIECE at a time,
        a short piece ending the call (a pipe or terminal gives what it has, a file
        ends). An error after some bytes arrived ends the call with those, as read(2)
        returns a partial count. zeroed: as for read_to.
        Returns: the bytes read (0 at end of file), and whether they were all zeros."""
        done, zeros = 0, True
        while done < n:
            want = min(RW_PIECE, n - done)
            try:
                data = await self.read_to(fd, addr + done, want, zeroed and zeros)
            except OSError:
                if done:
                    return done, zeros
                raise
            if data:
                zeros = zeros and is_zero_bytes(data)
            done += len(data)
            if len(data) < want:
                break
        return done, zeros

    async def write_from(self, fd: int, addr: int, n: int, zeroed: bool = False) -> int:
        """write(fd, addr, n) for a buffer of any size, RW_PIECE at a time (as
        generic_perform_write copies from user memory a page at a time). An error
        after some bytes went ends the call with those. zeroed: the memory is known
        to hold only zeros (see read_to), which are written without loading them.
        Returns: the bytes written."""
        done = 0
        while done < n:
            want = min(RW_PIECE, n - done)
            data = shared_zero_bytes(want) if zeroed else await self.load(addr + done, want)
            try:
                put = await self.write(fd, data)
            except OSError:
                if done:
                    return done
                raise
            done += put
            if put < want:
                break
        return done

    async def memset(self, addr: int, byte: int, n: int) -> None:
        """memset(addr, byte, n), RW_PIECE at a time."""
        for off in range(0, n, RW_PIECE):
            await self.store(addr + off, bytes([byte]) * min(RW_PIECE, n - off))

    async def buffer_memory(self, size: int) -> int:
        """malloc() for a stdio or I/O buffer: 0 if there is no memory for it (the
        stream then works from the program's own bytes, as unbuffered stdio would)."""
        try:
            return await self.mmap(size)
        except OSError:
            return 0

    async def _into_iobuf(self, data: bytes, zero: bool) -> None:
        """Copy what read(2) returned (zero: all zeros) into the buffer the program
        reads into (one, grown to the largest read so far, as dd's or strings'
        buffer is). The caller skips a read of zeros into a buffer already all
        zeros: it would change no byte."""
        if len(data) > self._iobuf_len:
            if self._iobuf:
                await self.munmap(self._iobuf, self._iobuf_len)
            self._iobuf_len = -(-len(data) // 4096) * 4096
            self._iobuf = await self.buffer_memory(self._iobuf_len)
            if not self._iobuf:
                self._iobuf_len = 0
                return
        await self.store(self._iobuf, data)
        self._iobuf_dirty = not zero

    def write(self, fd: int, data: bytes) -> Awaitable[int]:
        # the syscall's own coroutine, not one wrapped around it: dd makes 65536
        # of these in each LTP swap test's setup
        return self._sys(SYS_write, fd, data)

    async def lseek(self, fd: int, off: int, whence: int) -> int:
        pos: int = await self._sys(SYS_lseek, fd, off, whence)
        return pos

    async def stat(self, path: str) -> Stat:
        st: Stat = await self._sys(SYS_stat, path)
        return st

    async def lstat(self, path: str) -> Stat:
        st: Stat = await self._sys(SYS_lstat, path)
        return st

    async def fstat(self, fd: int) -> Stat:
        st: Stat = await self._sys(SYS_fstat, fd)
        return st

    async def readlink(self, path: str) -> str:
        s: str = await self._sys(SYS_readlink, path)
        return s

    async def listdir(self, path: str) -> list[Dirent]:
        """opendir() + readdir() until the end, '.' and '..' included."""
        fd = await self.open(path, O_RDONLY | O_DIRECTORY)
        try:
            ents: list[Dirent] = await self._sys(SYS_getdents, fd)
        finally:
            await self.close(fd)
        return ents

    async def access(self, path: str, mode: int) -> None:
        await self._sys(SYS_access, path, mode)

    async def mkdir(self, path: str, mode: int = 0o777) -> None:
        await self._sys(SYS_mkdir, path, mode)

    async def rmdir(self, path: str) -> None:
        await self._sys(SYS_rmdir, path)

    async def unlink(self, path: str) -> None:
        await self._sys(SYS_unlink, path)

    async def chmod(self, path: str, mode: int) -> None:
        await self._sys(SYS_chmod, path, mode)

    async def utimes(self, path: str) -> None:
        await self._sys(SYS_utimes, path)

    async def truncate(self, path: str, length: int) -> None:
        await self._sys(SYS_truncate, path, length)

    async def ftruncate(self, fd: int, length: int) -> None:
        await self._sys(SYS_ftruncate, fd, length)

    async def chdir(self, path: str) -> None:
        await self._sys(SYS_chdir, path)

    async def getcwd(self) -> str:
        s: str = await self._sys(SYS_getcwd)
        return s

    async def umask(self, mask: int) -> int:
        old: int = await self._sys(SYS_umask, mask)
        return old

    async def dup(self, fd: int) -> int:
        n: int = await self._sys(SYS_dup, fd)
        return n

    async def dup2(self, old: int, new: int) -> int:
        n: int = await self._sys(SYS_dup2, old, new)
        return n

    async def dupfd(self, fd: int, start: int) -> int:
        """fcntl(fd, F_DUPFD, start)."""
        n: int = await self._sys(SYS_fcntl, fd, F_DUPFD, start)
        return n

    async def pipe(self) -> tuple[int, int]:
        fds: tuple[int, int] = await self._sys(SYS_pipe)
        return fds

    async def ioctl(self, fd: int, req: int, arg: int = 0) -> int:
        r: int = await self._sys(SYS_ioctl, fd, req, arg)
        return r

    async def isatty(self, fd: int) -> bool:
        try:
            await self.ioctl(fd, TCGETS)
        except OSError:
            return False
        return True

    async def tcsetpgrp(self, fd: int, pgrp: int) -> None:
        await self.ioctl(fd, TIOCSPGRP, pgrp)

    async def tcgetpgrp(self, fd: int) -> int:
        return await self.ioctl(fd, TIOCGPGRP)

    # -- processes ---------------------------------------------------------------------------
    async def clone(self, flags: int, child: Callable[[Libc], Awaitable[int]]) -> int:
        """clone(fn, stack, flags) / clone64: the child runs child(its own Libc)."""
        await self.flush()
        c = Libc(self.gate, list(self.argv), dict(self.environ))
        # the child's memory is a copy of ours: its stdio, I/O buffers, malloc'ed
        # chunks and rand() state are where and what ours are
        c.stdout.mem, c.stdout.line_buffered = self.stdout.mem, self.stdout.line_buffered
        c._iobuf, c._iobuf_len, c._iobuf_dirty = self._iobuf, self._iobuf_len, self._iobuf_dirty
        c._chunks = dict(self._chunks)
        if self._rand is not None:
            c._rand = copy.deepcopy(self._rand)

        async def run() -> int:
            code = await child(c)
            await c.flush()
            return code

        pid: int = await self._sys(SYS_clone, flags, run)
        return pid

    async def fork(self, child: Callable[[Libc], Awaitable[int]]) -> int:
        return await self.clone(SIGCHLD, child)

    async def execve(self, path: str, argv: list[str], env: dict[str, str]) -> None:
        """Never returns on success."""
        await self.flush()
        await self._sys(SYS_execve, path, argv, env)

    async def execvp(self, file: str, argv: list[str]) -> None:
        """execvp(): file as is if it has a '/', else each directory of $PATH in turn
        (glibc's default path when unset). Raises the last ENOENT, or EACCES if any
        candidate was not executable."""
        if "/" in file:
            await self.execve(file, argv, dict(self.environ))
            return
        path = self.environ.get("PATH", "/bin:/usr/bin")
        eacces: OSError | None = None
        last: OSError = OSError(2, strerror(2))
        for d in path.split(":"):
            try:
                await self.execve(f"{d or '.'}/{file}", argv, dict(self.environ))
            except OSError as e:
                if e.errno == 13:
                    eacces = e
                elif e.errno not in (2, 20):  # ENOENT, ENOTDIR: try the next one
                    raise
                last = e
        raise eacces or last

    async def exit(self, code: int) -> None:
        """exit(): flush stdio, then _exit."""
        await self.flush()
        await self._sys(SYS_exit, code)

    async def waitpid(self, pid: int, options: int = 0) -> tuple[int, int]:
        r: tuple[int, int] = await self._sys(SYS_wait4, pid, options)
        return r

    async def getpid(self) -> int:
        n: int = await self._sys(SYS_getpid)
        return n

    async def getresuid(self) -> tuple[int, int, int]:
        r: tuple[int, int, int] = await self._sys(SYS_getresuid)
        return r

    async def getresgid(self) -> tuple[int, int, int]:
        r: tuple[int, int, int] = await self._sys(SYS_getresgid)
        return r

    async def getgroups(self) -> tuple[int, ...]:
        r: tuple[int, ...] = await self._sys(SYS_getgroups)
        return r

    async def setresuid(self, r: int, e: int, s: int) -> None:
        await self._sys(SYS_setresuid, r, e, s)

    async def setresgid(self, r: int, e: int, s: int) -> None:
        await self._sys(SYS_setresgid, r, e, s)

    async def setgroups(self, groups: tuple[int, ...]) -> None:
        await self._sys(SYS_setgroups, groups)

    async def setsid(self) -> int:
        n: int = await self._sys(SYS_setsid)
        return n

    async def setpgid(self, pid: int, pgid: int) -> None:
        await self._sys(SYS_setpgid, pid, pgid)

    async def getpgrp(self) -> int:
        n: int = await self._sys(SYS_getpgrp)
        return n

    async def kill(self, pid: int, sig: int) -> None:
        await self._sys(SYS_kill, pid, sig)

    async def signal(self, sig: int, handler: int = SIG_DFL) -> int:
        old: int = await self._sys(SYS_rt_sigaction, sig, handler)
        return old

    async def nanosleep(self, ns: int) -> None:
        await self._sys(SYS_nanosleep, ns)

    async def pause(self) -> None:
        await self._sys(SYS_pause)

    async def clock_gettime(self, clock: int) -> int:
        """Nanoseconds on CLOCK_REALTIME (0) or CLOCK_MONOTONIC (1)."""
        n: int = await self._sys(SYS_clock_gettime, clock)
        return n

    async def getrusage(self, who: int) -> Rusage:
        """CPU time of the process (RUSAGE_SELF, 0) or its reaped children (-1)."""
        r: Rusage = await self._sys(SYS_getrusage, who)
        return r

    async def uname(self) -> Utsname:
        u: Utsname = await self._sys(SYS_uname)
        return u

    async def unshare(self, flags: int) -> None:
        await self._sys(SYS_unshare, flags)

    async def sysinfo(self) -> Sysinfo:
        s: Sysinfo = await self._sys(SYS_sysinfo)
        return s

    async def syslog(self, type_: int, arg: int = 0) -> str | int:
        return await self._sys(SYS_syslog, type_, arg)

    async def swapon(self, path: str, flags: int) -> None:
        await self._sys(SYS_swapon, path, flags)

    async def swapoff(self, path: str) -> None:
        await self._sys(SYS_swapoff, path)

    def getenv(self, name: str) -> str | None:
        return self.environ.get(name)

    # -- memory ----------------------------------------------------------------------------
    async def mmap(self, length: int) -> int:
        """mmap(NULL, length, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)."""
        addr: int = await self._sys(SYS_mmap, length)
        return addr

    async def munmap(self, addr: int, length: int) -> None:
        await self._sys(SYS_munmap, addr, length)

    async def brk(self, addr: int) -> int:
        """The raw brk system call: returns the new (or unchanged) break."""
        n: int = await self._sys(SYS_brk, addr)
        return n

    async def malloc(self, size: int) -> int:
        """malloc(size) as glibc serves a request above M_MMAP_THRESHOLD: a private
        mapping of the size plus the chunk header; the pointer follows the header.
        Returns: 0 (NULL) if the mapping fails. (Small requests, which glibc carves
        from the heap, are not modelled; every request is served this way.)"""
        try:
            base = await self.mmap(size + MALLOC_HEADER)
        except OSError:
            return 0
        self._chunks[base + MALLOC_HEADER] = size + MALLOC_HEADER
        return base + MALLOC_HEADER

    async def free(self, ptr: int) -> None:
        """free(): munmap the chunk malloc mapped."""
        length = self._chunks.pop(ptr, None)
        if length is not None:
            await self.munmap(ptr - MALLOC_HEADER, length)

    def srand(self, seed: int) -> None:
        self._rand = Rand(seed)

    def rand(self) -> int:
        """rand(): glibc's generator, seeded with 1 until srand() is called."""
        if self._rand is None:
            self._rand = Rand(1)
        return self._rand.rand()

    async def shmget(self, key: int, size: int, shmflg: int) -> int:
        shmid: int = await self._sys(SYS_shmget, key, size, shmflg)
        return shmid

    async def shmat(self, shmid: int, shmaddr: int = 0, shmflg: int = 0) -> int:
        addr: int = await self._sys(SYS_shmat, shmid, shmaddr, shmflg)
        return addr

    async def shmdt(self, shmaddr: int) -> None:
        await self._sys(SYS_shmdt, shmaddr)

    async def shmctl(self, shmid: int, cmd: int) -> ShmidDs | int:
        """IPC_STAT returns a ShmidDs; IPC_RMID returns 0."""
        return await self._sys(SYS_shmctl, shmid, cmd)

    async def store_many(self, stores: Iterable[tuple[int, bytes]]) -> None:
        """A loop of stores, one (addr, data) after another, as compiled C code such
        as `for (...) { *(int *)p = v; p += pagesize; }` runs them."""
        await self.gate.store_many(stores)

    async def store(self, addr: int, data: bytes) -> None:
        """Write data to this process's memory at addr (a bad address: SIGSEGV)."""
        await self.gate.access(addr, data, 0)

    async def load(self, addr: int, length: int) -> bytes:
        """Read length bytes of this process's memory at addr."""
        return await self.gate.access(addr, None, length)


Main = Callable[[Libc, list[str]], Awaitable[int]]
