"""bash's signal names (its signames.c, made by mksignames on Linux/glibc): the
names `kill -l` and `trap` print and accept.

0 is EXIT; 1..31 are the classic names; 32 and 33 are glibc's own and have none;
34..64 are SIGRTMIN, SIGRTMIN+1..+15, SIGRTMAX-14..-1 and SIGRTMAX.
"""

from __future__ import annotations

__all__ = ["NSIG", "signal_name", "signal_number"]

NSIG = 65
_CLASSIC = [
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
    "IO",
    "PWR",
    "SYS",
]
SIGRTMIN, SIGRTMAX = 34, 64


def signal_name(n: int) -> str | None:
    """The name of signal n ("SIGINT"; "EXIT" for 0), None for one without."""
    if n == 0:
        return "EXIT"
    if 1 <= n <= len(_CLASSIC):
        return "SIG" + _CLASSIC[n - 1]
    if n == SIGRTMIN:
        return "SIGRTMIN"
    if n == SIGRTMAX:
        return "SIGRTMAX"
    if SIGRTMIN < n <= SIGRTMIN + 15:
        return f"SIGRTMIN+{n - SIGRTMIN}"
    if SIGRTMIN + 15 < n < SIGRTMAX:
        return f"SIGRTMAX-{SIGRTMAX - n}"
    return None


_NUMBERS = {name: n for n in range(NSIG) if (name := signal_name(n)) is not None}


def signal_number(spec: str) -> int | None:
    """decode_signal(): a number below NSIG, or a name with or without SIG, in any
    case. None if it names no signal."""
    if spec.isdigit():
        n = int(spec)
        return n if n < NSIG else None
    name = spec.upper()
    if name in _NUMBERS:
        return _NUMBERS[name]
    return _NUMBERS.get("SIG" + name)
