"""tty: print the file name of the terminal connected to standard input (models
coreutils 9.1 src/tty.c, with glibc's ttyname())."""

from __future__ import annotations

import stat as st

from swapsh.userland.coreutils.common import (
    HELP_TAIL,
    Prog,
    coreutil,
    parse_opts,
    version_text,
)
from swapsh.userland.getopt import NO, LongOpt
from swapsh.userland.libc import Libc

__all__ = ["main", "ttyname"]

TTY_STDIN_NOTTY, TTY_FAILURE = 1, 2  # exit statuses
LONGOPTS = [
    LongOpt("silent", NO, "s"),
    LongOpt("quiet", NO, "s"),
    LongOpt("help", NO),
    LongOpt("version", NO),
]
HELP = """\
Usage: {0} [OPTION]...
Print the file name of the terminal connected to standard input.

  -s, --silent, --quiet   print nothing, only return an exit status
"""
FOOTER = """
GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/tty>
or available locally via: info '(coreutils) tty invocation'
"""


async def ttyname(libc: Libc, fd: int) -> str | None:
    """glibc ttyname(): None unless fd is a terminal. The /proc/self/fd link first,
    then /dev: the entry with fd's inode number, else any with its device number."""
    if not await libc.isatty(fd):
        return None
    try:
        mine = await libc.fstat(fd)
    except OSError:
        return None
    try:
        link = await libc.readlink(f"/proc/self/fd/{fd}")
        if link.startswith("/") and (await libc.stat(link)).st_rdev == mine.st_rdev:
            return link
    except OSError:
        pass
    try:
        entries = [
            d
            for d in await libc.listdir("/dev")
            if d.d_name not in (".", "..", "stdin", "stdout", "stderr")
        ]
    except OSError:
        return None
    for by_inode in (True, False):
        for d in entries:
            if by_inode and d.d_ino != mine.st_ino:
                continue
            try:
                s = await libc.stat("/dev/" + d.d_name)
            except OSError:
                continue
            if st.S_ISCHR(s.st_mode) and s.st_rdev == mine.st_rdev:
                return "/dev/" + d.d_name
    return None


@coreutil("/usr/bin/tty")
async def main(p: Prog, argv: list[str]) -> int:
    """tty [OPTION]..."""
    silent = False
    opts, args = await parse_opts(p, argv, "s", LONGOPTS, TTY_FAILURE)
    for o, _ in opts:
        if o == "help":
            await p.libc.out(HELP.format(p.name) + HELP_TAIL + FOOTER)
            return 0
        if o == "version":
            await p.libc.out(version_text("tty", "David MacKenzie"))
            return 0
        silent = True
    if args:
        await p.usage_error(f"extra operand {p.quote(args[0])}", TTY_FAILURE)
    if silent:
        return 0 if await p.libc.isatty(0) else TTY_STDIN_NOTTY
    name = await ttyname(p.libc, 0)
    await p.libc.out((name or "not a tty") + "\n")
    return 0 if name else TTY_STDIN_NOTTY
