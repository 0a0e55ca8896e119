"""pwd: print the name of the current working directory (models coreutils 9.1 src/pwd.c).

-P (the default for /bin/pwd unless POSIXLY_CORRECT) prints getcwd(); -L prints $PWD
when it names the current directory by an absolute path without . or .. components.
"""

from __future__ import annotations

from swapsh.userland.coreutils.common import (
    HELP_TAIL,
    Prog,
    coreutil,
    help_footer,
    parse_opts,
    version_text,
)
from swapsh.userland.getopt import NO, LongOpt

__all__ = ["main"]

LONGOPTS = [
    LongOpt("logical", NO, "L"),
    LongOpt("physical", NO, "P"),
    LongOpt("help", NO),
    LongOpt("version", NO),
]
HELP = """\
Usage: {0} [OPTION]...
Print the full filename of the current working directory.

  -L, --logical   use PWD from environment, even if it contains symlinks
  -P, --physical  avoid all symlinks
"""
HELP2 = """
If no option is specified, -P is assumed.

NOTE: your shell may have its own version of pwd, which usually supersedes
the version described here.  Please refer to your shell's documentation
for details about the options it supports.
"""


async def _logical(p: Prog) -> str | None:
    """$PWD if it is absolute, has no . or .. component and names the cwd."""
    env = p.libc.getenv("PWD")
    if not env or not env.startswith("/") or any(c in (".", "..") for c in env.split("/")):
        return None
    try:
        a, b = await p.libc.stat(env), await p.libc.stat(".")
    except OSError:
        return None
    return env if (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino) else None


@coreutil("/bin/pwd")
async def main(p: Prog, argv: list[str]) -> int:
    """pwd [-LP]"""
    opts, args = await parse_opts(p, argv, "LP", LONGOPTS)
    logical = False
    for o, _ in opts:
        if o == "help":
            await p.libc.out(HELP.format(p.name) + HELP_TAIL + HELP2 + help_footer("pwd"))
            return 0
        if o == "version":
            await p.libc.out(version_text("pwd", "Jim Meyering"))
            return 0
        logical = o == "L"
    if args:
        await p.error("ignoring non-option arguments")
    cwd = await _logical(p) if logical else None
    if cwd is None:
        try:
            cwd = await p.libc.getcwd()
        except OSError as e:
            await p.die("cannot determine current directory", e)
            return 1
    await p.libc.out(cwd + "\n")
    return 0
