"""init: starts a login shell on each virtual console and reaps orphans (models
sysvinit's init with one inittab line per console, tty1 to tty6, minus getty and
login: the consoles log in as root directly, as the seed's two logins did).

A login is started once, as an inittab `once` line would start it, not respawned:
a console whose login ended stays without one, and the front-ends can tell that its
session is over. init's arguments, when given, name the consoles instead.

Run again by a user (pid other than 1), init is telinit, as sysvinit 3.06's is: it
checks its arguments and writes the request to /run/initctl, which this machine does
not have (no runlevels are modelled): a valid request fails there unless a user made
that file."""

from __future__ import annotations

import struct

from swapsh.syscalls.abi import O_RDWR, O_WRONLY, STREAM_STDERR, SWAPSH_TTY_STREAM
from swapsh.userland.getopt import GetoptError, getopt_long
from swapsh.userland.libc import Libc
from swapsh.userland.registry import LOGIN_PATH, program

__all__ = ["CONSOLES", "LOGIN_ENV", "main"]

CONSOLES = [f"tty{n}" for n in range(1, 7)]  # /etc/inittab's getty lines

LOGIN_ENV = {
    "HOME": "/root",
    "LANG": "C.UTF-8",
    "LOGNAME": "root",
    "PATH": LOGIN_PATH,
    "SHELL": "/bin/bash",
    "TERM": "linux",
    "USER": "root",
}


def _login(tty: str) -> object:
    async def child(c: Libc) -> int:
        await c.setsid()
        fd = await c.open(f"/dev/{tty}", O_RDWR)  # the session's controlling terminal
        if fd != 0:
            await c.dup2(fd, 0)
            await c.close(fd)
        await c.dup2(0, 1)
        err = await c.open(f"/dev/{tty}", O_RDWR)
        await c.ioctl(err, SWAPSH_TTY_STREAM, STREAM_STDERR)
        if err != 2:
            await c.dup2(err, 2)
            await c.close(err)
        await c.chdir("/root")
        await c.execve("/bin/bash", ["-bash"], dict(LOGIN_ENV))
        return 1

    return child


INIT_FIFO = "/run/initctl"
RUNLEVELS = "0123456789SsQqAaBbCcUu"
INIT_MAGIC = 0x03091969


async def telinit(libc: Libc, progname: str, argv: list[str]) -> int:
    """sysvinit's telinit(): check the request and write it to init's FIFO."""
    usage = (
        f"Usage: {progname} {{-e VAR[=VAL] | [-t SECONDS] "
        "{0|1|2|3|4|5|6|S|s|Q|q|A|a|B|b|C|c|U|u}}\n"
    )
    try:
        _opts, args = getopt_long(argv, "t:e:")
    except GetoptError as e:
        await libc.err(f"{progname}: {e.message}\n{usage}")
        return 1
    if (await libc.getresuid())[1] != 0:
        await libc.err(f"{progname}: must be superuser.\n")
        return 1
    if len(args) != 1 or len(args[0]) != 1 or args[0] not in RUNLEVELS:
        await libc.err(usage)
        return 1
    # struct init_request: magic, cmd (INIT_CMD_RUNLVL), runlevel, sleeptime; 384 bytes
    request = struct.pack("<iiii", INIT_MAGIC, 1, ord(args[0]), 5).ljust(384, b"\0")
    try:
        fd = await libc.open(INIT_FIFO, O_WRONLY)
    except OSError as e:
        await libc.err(f"{progname}: {INIT_FIFO}: {e.strerror}\n")
        return 1
    try:
        await libc.write_all(fd, request)
    except OSError as e:
        await libc.err(f"{progname}: {INIT_FIFO}: {e.strerror}\n")
        return 1
    finally:
        await libc.close(fd)
    return 0


@program("/sbin/init")
async def main(libc: Libc, argv: list[str]) -> int:
    if await libc.getpid() != 1:
        name = (argv[0] if argv else "init").rsplit("/", 1)[-1]
        return await telinit(libc, name, argv)
    for tty in argv[1:] or CONSOLES:
        await libc.fork(_login(tty))  # type: ignore[arg-type]
    while True:
        try:
            await libc.waitpid(-1)
        except OSError:
            try:
                await libc.pause()
            except OSError:
                continue
