"""init: starts a login shell on each virtual console and reaps orphans (models
sysvinit's init with one inittab line per console, tty1 to tty6, minus getty and
login: the consoles log in as root directly, as the seed's two logins did).

A login is started once, as an inittab `once` line would start it, not respawned:
a console whose login ended stays without one, and the front-ends can tell that its
session is over. init's arguments, when given, name the consoles instead."""

from __future__ import annotations

from swapsh.syscalls.abi import O_RDWR, STREAM_STDERR, SWAPSH_TTY_STREAM
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


@program("/sbin/init")
async def main(libc: Libc, argv: list[str]) -> int:
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
