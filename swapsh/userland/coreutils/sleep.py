"""sleep: delay for a specified amount of time (models coreutils 9.1 src/sleep.c).

The delay is spent in nanosleep(), on the machine's simulated clock.
"""

from __future__ import annotations

import math
import re

from swapsh.userland.coreutils.common import Prog, coreutil, parse_opts, version_text
from swapsh.userland.getopt import NO, LongOpt

__all__ = ["main"]

LONGOPTS = [LongOpt("help", NO), LongOpt("version", NO)]
HELP = """\
Usage: {0} NUMBER[SUFFIX]...
  or:  {0} OPTION
Pause for NUMBER seconds.  SUFFIX may be 's' for seconds (the default),
'm' for minutes, 'h' for hours or 'd' for days.  NUMBER need not be an
integer.  Given two or more arguments, pause for the amount of time
specified by the sum of their values.

      --help        display this help and exit
      --version     output version information and exit

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/sleep>
or available locally via: info '(coreutils) sleep invocation'
"""

_STRTOD = re.compile(
    r"[ \t\n\v\f\r]*([+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
    r"|0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?"
    r"|(?i:inf(?:inity)?|nan)))"
)
_MULT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
# xnanosleep(inf): the largest timespec, {TYPE_MAXIMUM(time_t), 999999999}
FOREVER_NS = ((1 << 63) - 1) * 10**9 + 999_999_999


def _seconds(arg: str) -> float | None:
    """xstrtod() plus the s/m/h/d suffix; None if arg is not a valid interval."""
    m = _STRTOD.match(arg)
    if m is None:
        return None
    num, suffix = m.group(1), arg[m.end() :]
    if suffix not in _MULT:
        return None
    try:
        v = float.fromhex(num) if "x" in num.lower() else float(num)
    except ValueError:
        return None
    if not v >= 0:
        return None
    return v * _MULT[suffix]


@coreutil("/bin/sleep")
async def main(p: Prog, argv: list[str]) -> int:
    """sleep NUMBER[SUFFIX]..."""
    opts, args = await parse_opts(p, argv, "", LONGOPTS)
    for o, _ in opts:
        if o == "help":
            await p.libc.out(HELP.format(p.name))
            return 0
        await p.libc.out(version_text("sleep", "Jim Meyering and Paul Eggert"))
        return 0
    if not args:
        await p.usage_error("missing operand")
    total, ok = 0.0, True
    for a in args:
        s = _seconds(a)
        if s is None:
            await p.error(f"invalid time interval {p.quote(a)}")
            ok = False
        else:
            total += s
    if not ok:
        await p.usage_error(None)
    if math.isinf(total):
        while True:
            await p.libc.nanosleep(FOREVER_NS)
    await p.libc.nanosleep(math.ceil(total * 1e9))
    return 0
