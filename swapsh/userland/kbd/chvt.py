"""chvt: change the foreground virtual terminal (models kbd 2.5.1 src/chvt.c with
src/libcommon/getfd.c, error.c and version.c).

chvt N asks the kernel for console N with VT_ACTIVATE, then waits with VT_WAITACTIVE
until it is on the screen. The descriptor comes from getfd(): the first of its paths
(or of descriptors 0-2) that is a terminal whose KDGKBTYPE answers KB_101. kbd re-arms
a one-second SIGALRM to retry a switch stuck behind a VT_PROCESS console; the model
has no such consoles, so it retries only when a signal interrupts the wait.
"""

from __future__ import annotations

from swapsh.syscalls.abi import (
    KB_101,
    KDGKBTYPE,
    O_RDONLY,
    O_RDWR,
    O_WRONLY,
    VT_ACTIVATE,
    VT_WAITACTIVE,
)
from swapsh.userland.getopt import NO, GetoptError, LongOpt, getopt_long
from swapsh.userland.libc import Libc
from swapsh.userland.registry import program

__all__ = ["main"]

PACKAGE_STRING = "kbd 2.5.1"
EX_USAGE = 64  # sysexits.h
EINTR = 4
CONSPATH = ("/proc/self/fd/0", "/dev/tty", "/dev/tty0", "/dev/vc/0", "/dev/systty", "/dev/console")
LONGOPTS = [LongOpt("help", NO, "h"), LongOpt("version", NO, "V")]
OPTHELP = [("-h, --help", "print this usage message."), ("-V, --version", "print version number.")]


class _Exit(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


async def _usage(libc: Libc, rc: int) -> None:
    """usage(): everything on stderr, options aligned two past the longest."""
    width = max(len(o) for o, _ in OPTHELP) + 2
    text = f"Usage: {libc.progname} [option...] N\n\nOptions:\n"
    text += "".join(f"  {o:<{width}} {d}\n" for o, d in OPTHELP)
    await libc.err(text + "\nReport bugs to authors.\n\n")
    raise _Exit(rc)


async def _kbd_error(libc: Libc, msg: str, e: OSError | None = None) -> None:
    """kbd_error(EXIT_FAILURE, errno, ...): 'chvt: msg[: strerror]'."""
    tail = f": {e.strerror}" if e is not None else ""
    await libc.err(f"{libc.progname}: {msg}{tail}\n")
    raise _Exit(1)


async def _is_a_console(libc: Libc, fd: int) -> bool:
    if not await libc.isatty(fd):
        return False
    try:
        return await libc.ioctl(fd, KDGKBTYPE) == KB_101
    except OSError:
        return False


async def _open_a_console(libc: Libc, path: str) -> int:
    for flags in (O_RDWR, O_WRONLY, O_RDONLY):
        try:
            return await libc.open(path, flags)
        except OSError:
            continue
    return -1


async def getfd(libc: Libc) -> int:
    """getfd(NULL): a descriptor referring to the console. Exits 1 if none does."""
    for path in CONSPATH:
        fd = await _open_a_console(libc, path)
        if fd >= 0:
            if await _is_a_console(libc, fd):
                return fd
            await libc.close(fd)
    for fd in range(3):
        if await _is_a_console(libc, fd):
            return fd
    await libc.err("Couldn't get a file descriptor referring to the console.\n")
    raise _Exit(1)


def atoi(s: str) -> int:
    """glibc atoi(): (int) strtol(s, NULL, 10), 0 when no digits lead."""
    i, n = 0, len(s)
    while i < n and s[i] in " \t\n\v\f\r":
        i += 1
    neg = i < n and s[i] == "-"
    if i < n and s[i] in "+-":
        i += 1
    start = i
    while i < n and "0" <= s[i] <= "9":
        i += 1
    if i == start:
        return 0
    value = min(int(s[start:i]), (1 << 63) - (0 if neg else 1))  # strtol saturates
    value = -value if neg else value
    return (value + (1 << 31)) % (1 << 32) - (1 << 31)  # the cast to int


async def _chvt(libc: Libc, argv: list[str]) -> int:
    try:
        opts, args = getopt_long(argv, "hV", LONGOPTS)
    except GetoptError as e:
        await libc.err(f"{argv[0]}: {e.message}\n")
        await _usage(libc, EX_USAGE)
    for key, _val in opts:
        if key == "V":
            await libc.out(f"{libc.progname} from {PACKAGE_STRING}\n")
            return 0
        await _usage(libc, 0)  # -h
    if not args:
        await libc.err(f"{libc.progname}: Not enough arguments.\n")
        await _usage(libc, EX_USAGE)
    fd = await getfd(libc)
    num = atoi(args[0])
    while True:
        try:
            await libc.ioctl(fd, VT_ACTIVATE, num)
        except OSError as e:
            if e.errno != EINTR:
                await _kbd_error(libc, f"Couldn't activate vt {num}", e)
        try:
            await libc.ioctl(fd, VT_WAITACTIVE, num)
        except OSError as e:
            if e.errno != EINTR:
                await _kbd_error(libc, f"ioctl({num},VT_WAITACTIVE)", e)  # sic: num
            continue
        return 0


@program("/bin/chvt")
async def main(libc: Libc, argv: list[str]) -> int:
    """chvt [option...] N"""
    try:
        return await _chvt(libc, argv if argv else ["chvt"])
    except _Exit as e:
        return e.code
