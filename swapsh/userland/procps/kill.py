"""kill: send a signal to a process (models procps-ng 4.0.2 src/kill.c and
library/signals.c).

Messages use the name kill was invoked as: "kill: (123): No such process".
"""

from __future__ import annotations

from swapsh.userland.libc import Libc
from swapsh.userland.procps.common import version_line
from swapsh.userland.registry import program

__all__ = ["SIGNALS", "main", "signal_number"]

SIGNALS = [
    "HUP",
    "INT",
    "QUIT",
    "ILL",
    "TRAP",
    "ABRT",
    "BUS",
    "FPE",
    "KILL",
    "USR1",
    "SEGV",
    "USR2",
    "PIPE",
    "ALRM",
    "TERM",
    "STKFLT",
    "CHLD",
    "CONT",
    "STOP",
    "TSTP",
    "TTIN",
    "TTOU",
    "URG",
    "XCPU",
    "XFSZ",
    "VTALRM",
    "PROF",
    "WINCH",
    "POLL",
    "PWR",
    "SYS",
]
ALIASES = {"IOT": 6, "CLD": 17, "IO": 29, "POLL": 29, "PWR": 30, "UNUSED": 31}
LIST = """\
HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT
CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH POLL PWR SYS
"""
TABLE = """\
 1 HUP      2 INT      3 QUIT     4 ILL      5 TRAP     6 ABRT     7 BUS
 8 FPE      9 KILL    10 USR1    11 SEGV    12 USR2    13 PIPE    14 ALRM
15 TERM    16 STKFLT  17 CHLD    18 CONT    19 STOP    20 TSTP    21 TTIN
22 TTOU    23 URG     24 XCPU    25 XFSZ    26 VTALRM  27 PROF    28 WINCH
29 POLL    30 PWR     31 SYS     \n\
"""
USAGE = """
Usage:
 {0} [options] <pid> [...]

Options:
 <pid> [...]            send signal to every <pid> listed
 -<signal>, -s, --signal <signal>
                        specify the <signal> to be sent
 -q, --queue <value>    integer value to be sent with the signal
 -l, --list=[<signal>]  list all signal names, or convert one to a name
 -L, --table            list all signal names in a nice table

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see kill(1).
"""


def signal_number(s: str) -> int:
    """signal_name_to_number(): a name (with or without SIG) or a number; -1 if
    unknown."""
    if s.isdigit():
        n = int(s)
        return n if n < 128 else -1
    name = s.upper().removeprefix("SIG")
    if name in SIGNALS:
        return SIGNALS.index(name) + 1
    if name in ALIASES:
        return ALIASES[name]
    return -1


async def _list(libc: Libc, arg: str | None, prog: str) -> int:
    if arg is None:
        await libc.out(LIST)
        return 0
    n = int(arg) if arg.isdigit() else signal_number(arg)
    if arg.isdigit() and 1 <= n <= len(SIGNALS):
        await libc.out(SIGNALS[n - 1] + "\n")
    elif not arg.isdigit() and n > 0:
        await libc.out(f"{n}\n")
    else:
        await libc.err(f"{prog}: unknown signal name {arg}\n")
    return 0


async def _send(libc: Libc, prog: str, sig: int, pids: list[str]) -> int:
    status = 0
    for p in pids:
        try:
            pid = int(p, 10)
        except ValueError:
            await libc.err(f"{prog}: failed to parse argument: '{p}'\n")
            status = 1
            continue
        try:
            await libc.kill(pid, sig)
        except OSError as e:
            await libc.err(f"{prog}: ({pid}): {e.strerror}\n")
            status = 1
    return status


@program("/bin/kill")
async def main(libc: Libc, argv: list[str]) -> int:
    """kill [options] <pid> [...]"""
    prog = argv[0] if argv else "kill"
    args, sig = list(argv[1:]), 15
    usage = USAGE.format(libc.progname)
    if not args:
        await libc.err(usage)
        return 1
    a = args[0]
    if a in ("-l", "--list") or a.startswith("--list="):
        arg = a.partition("=")[2] or (args[1] if len(args) > 1 else None)
        return await _list(libc, arg, prog)
    if a in ("-L", "--table"):
        await libc.out(TABLE)
        return 0
    if a in ("-h", "--help"):
        await libc.out(usage)
        return 0
    if a in ("-V", "--version"):
        await libc.out(version_line(libc))
        return 0
    if a in ("-s", "--signal") and len(args) > 1:
        sig, args = signal_number(args[1]), args[2:]
    elif a in ("-q", "--queue") and len(args) > 1:
        args = args[2:]
    elif a.startswith("-") and len(a) > 1 and a != "--" and signal_number(a[1:]) >= 0:
        sig, args = signal_number(a[1:]), args[1:]
    elif a.startswith("-") and len(a) > 1 and not a[1:].isdigit():
        await libc.err(f"{prog}: invalid argument {a[1:2]}\n" + usage)
        return 1
    if not args or (args[0].startswith("-") and len(args[0]) > 1 and not args[0][1:].isdigit()):
        await libc.err(usage)
        return 1
    return await _send(libc, prog, sig, args)
