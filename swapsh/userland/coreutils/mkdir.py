"""mkdir: make directories (models coreutils 9.1 src/mkdir.c with gnulib mkancesdirs)."""

from __future__ import annotations

import contextlib

from swapsh.userland.coreutils.common import (
    HELP_TAIL,
    Prog,
    coreutil,
    help_footer,
    parse_opts,
    quoteaf,
    version_text,
)
from swapsh.userland.coreutils.modes import mode_adjust, mode_compile
from swapsh.userland.getopt import NO, REQUIRED, LongOpt

__all__ = ["main"]

LONGOPTS = [
    LongOpt("mode", REQUIRED, "m"),
    LongOpt("parents", NO, "p"),
    LongOpt("verbose", NO, "v"),
    LongOpt("context", 2, "Z"),
    LongOpt("help", NO),
    LongOpt("version", NO),
]
HELP = """\
Usage: {0} [OPTION]... DIRECTORY...
Create the DIRECTORY(ies), if they do not already exist.

Mandatory arguments to long options are mandatory for short options too.
  -m, --mode=MODE   set file mode (as in chmod), not a=rwx - umask
  -p, --parents     no error if existing, make parent directories as needed,
                    with their file modes unaffected by any -m option.
  -v, --verbose     print a message for each created directory
  -Z                   set SELinux security context of each created directory
                         to the default type
"""


async def _made(p: Prog, verbose: bool, path: str) -> None:
    if verbose:
        await p.libc.out(f"{p.name}: created directory {quoteaf(path)}\n")


async def _ancestors(p: Prog, path: str, verbose: bool, umask: int) -> bool:
    """mkdir -p: make each missing ancestor of path (u+wx, like mkancesdirs)."""
    parts = path.split("/")
    prefix = "/" if path.startswith("/") else ""
    for comp in parts[:-1]:
        if not comp:
            continue
        prefix = prefix + comp
        if comp not in (".", ".."):
            try:
                await p.libc.mkdir(prefix, (0o777 & ~umask) | 0o300)
                await _made(p, verbose, prefix)
            except OSError as e:
                if e.errno != 17 or not await _is_dir(p, prefix):
                    err = OSError(20, "Not a directory") if e.errno == 17 else e
                    await p.error(f"cannot create directory {p.quote(prefix)}", err)
                    return False
        prefix += "/"
    return True


async def _is_dir(p: Prog, path: str) -> bool:
    try:
        return (await p.libc.stat(path)).st_mode & 0o170000 == 0o040000
    except OSError:
        return False


async def _mkdir_one(
    p: Prog, path: str, mode: int, parents: bool, verbose: bool, umask: int
) -> bool:
    if parents and not await _ancestors(p, path.rstrip("/") or "/", verbose, umask):
        return False
    try:
        await p.libc.mkdir(path, mode)
    except OSError as e:
        if parents and e.errno == 17 and await _is_dir(p, path):
            return True
        await p.error(f"cannot create directory {p.quote(path)}", e)
        return False
    await _made(p, verbose, path)
    return True


@coreutil("/bin/mkdir")
async def main(p: Prog, argv: list[str]) -> int:
    """mkdir [OPTION]... DIRECTORY..."""
    opts, dirs = await parse_opts(p, argv, "pm:vZ", LONGOPTS)
    parents = verbose = False
    mode_text: str | None = None
    for o, v in opts:
        if o == "help":
            await p.libc.out(HELP.format(p.name) + HELP_TAIL + help_footer("mkdir"))
            return 0
        if o == "version":
            await p.libc.out(version_text("mkdir", "David MacKenzie"))
            return 0
        parents |= o == "p"
        verbose |= o == "v"
        mode_text = v if o == "m" else mode_text
    if not dirs:
        await p.usage_error("missing operand")
    umask = await p.libc.umask(0)
    await p.libc.umask(umask)
    mode = 0o777
    if mode_text is not None:
        changes = mode_compile(mode_text)
        if changes is None:
            await p.die(f"invalid mode {p.quote(mode_text)}")
            return 1
        mode = mode_adjust(0o777, True, umask, changes)
    ok = True
    for d in dirs:
        ok = await _mkdir_one(p, d, mode, parents, verbose, umask) and ok
        if ok and mode_text is not None:
            with contextlib.suppress(OSError):
                await p.libc.chmod(d, mode)  # -m is not subject to the umask
    return 0 if ok else 1
