"""touch: change file timestamps (models coreutils 9.1 src/touch.c).

The machine offers utimes(path, NULL) only (set both times to now), so -d/-t/-r with
any time but the present cannot be applied: their value is checked as touch would and
the file then reports ENOSYS for the timestamp change.
"""

from __future__ import annotations

import re

from swapsh.syscalls.abi import O_CREAT, O_WRONLY
from swapsh.userland.coreutils.common import (
    HELP_TAIL,
    Prog,
    coreutil,
    help_footer,
    parse_opts,
    quoteaf,
    version_text,
)
from swapsh.userland.getopt import NO, REQUIRED, LongOpt

__all__ = ["main"]

LONGOPTS = [
    LongOpt("time", REQUIRED),
    LongOpt("no-create", NO, "c"),
    LongOpt("date", REQUIRED, "d"),
    LongOpt("reference", REQUIRED, "r"),
    LongOpt("no-dereference", NO, "h"),
    LongOpt("help", NO),
    LongOpt("version", NO),
]
HELP = """\
Usage: {0} [OPTION]... FILE...
Update the access and modification times of each FILE to the current time.

A FILE argument that does not exist is created empty, unless -c or -h
is supplied.

A FILE argument string of - is handled specially and causes touch to
change the times of the file associated with standard output.

Mandatory arguments to long options are mandatory for short options too.
  -a                     change only the access time
  -c, --no-create        do not create any files
  -d, --date=STRING      parse STRING and use it instead of current time
  -f                     (ignored)
  -h, --no-dereference   affect each symbolic link instead of any referenced
                         file (useful only on systems that can change the
                         timestamps of a symlink)
  -m                     change only the modification time
  -r, --reference=FILE   use this file's times instead of current time
  -t STAMP               use [[CC]YY]MMDDhhmm[.ss] instead of current time
      --time=WORD        change the specified time:
                           WORD is access, atime, or use: equivalent to -a
                           WORD is modify or mtime: equivalent to -m
"""
_DATE = re.compile(
    r"\s*(now|today|\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?"
    r"|@\d+)\s*$"
)
_STAMP = re.compile(r"(\d{2}){4,6}(\.\d{2})?$")


async def _touch(p: Prog, path: str, create: bool, settable: bool) -> bool:
    libc = p.libc
    open_err: OSError | None = None
    if create and path != "-":
        try:
            await libc.close(await libc.open(path, O_WRONLY | O_CREAT, 0o666))
        except OSError as e:
            open_err = e
    try:
        if not settable:
            raise OSError(38, "Function not implemented")
        await libc.utimes(path)
    except OSError as e:
        if open_err is not None:
            await p.error(f"cannot touch {quoteaf(path)}", open_err)
            return False
        if not create and e.errno == 2:
            return True
        await p.error(f"setting times of {quoteaf(path)}", e)
        return False
    return True


@coreutil("/bin/touch")
async def main(p: Prog, argv: list[str]) -> int:
    """touch [OPTION]... FILE..."""
    opts, files = await parse_opts(p, argv, "acd:fhmr:t:", LONGOPTS)
    create, settable = True, True
    for o, v in opts:
        if o == "help":
            await p.libc.out(HELP.format(p.name) + HELP_TAIL + help_footer("touch"))
            return 0
        if o == "version":
            await p.libc.out(
                version_text(
                    "touch",
                    "Paul Rubin, Arnold Robbins, Jim Kingdon,\nDavid MacKenzie, and Randy Smith",
                )
            )
            return 0
        create = create and o not in ("c", "h")
        if o == "d" and v is not None:
            m = _DATE.match(v)
            if m is None:
                await p.die(f"invalid date format {p.quote(v)}")
            settable = settable and m is not None and m.group(1) in ("now", "today")
        elif o == "t" and v is not None:
            if _STAMP.match(v) is None:
                await p.die(f"invalid date format {p.quote(v)}")
            settable = False
        elif o == "r" and v is not None:
            try:
                await p.libc.stat(v)
            except OSError as e:
                await p.die(f"failed to get attributes of {quoteaf(v)}", e)
            settable = False
    if not files:
        await p.usage_error("missing file operand")
    ok = True
    for f in files:
        ok = await _touch(p, f, create, settable) and ok
    return 0 if ok else 1
