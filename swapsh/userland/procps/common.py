"""Helpers shared by the procps-ng programs (models procps' include/c.h messages and
the usage/version boilerplate)."""

from __future__ import annotations

from swapsh.userland.libc import Libc
from swapsh.userland.util_linux.common import c_strtol

__all__ = [
    "PROCPS_VERSION",
    "ProcpsExit",
    "strtod_nol_or_err",
    "strtol_or_err",
    "version_line",
    "xerrx",
]

PROCPS_VERSION = "procps-ng 4.0.2"


class ProcpsExit(Exception):
    """exit(status) after a message has been printed."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def version_line(libc: Libc) -> str:
    return f"{libc.progname} from {PROCPS_VERSION}\n"


async def xerrx(libc: Libc, status: int, msg: str) -> None:
    """errx(): 'prog: msg' and exit."""
    await libc.err(f"{libc.progname}: {msg}\n")
    raise ProcpsExit(status)


async def _error(libc: Libc, errno_text: str, errmesg: str, arg: str) -> None:
    """error(EXIT_FAILURE, errno, "%s: '%s'", errmesg, arg): ': strerror' only if errno."""
    tail = f": {errno_text}" if errno_text else ""
    await libc.err(f"{libc.progname}: {errmesg}: '{arg}'{tail}\n")
    raise ProcpsExit(1)


async def strtol_or_err(libc: Libc, s: str, errmesg: str) -> int:
    """strtol_or_err() (lib/strutils.c): all of s a base-10 long, or exit."""
    if s:
        value, end, over = c_strtol(s)
        if over:
            await _error(libc, "Numerical result out of range", errmesg, s)
        if end and end == len(s):
            return value
    await _error(libc, "", errmesg, s)
    return 0


def _sum_digits(s: str, i: int, num: float, mult: float) -> tuple[float, int]:
    """Add the ASCII digits from i to num, each worth a tenth of the one before."""
    while i < len(s) and "0" <= s[i] <= "9":
        num += (ord(s[i]) - 48) * mult
        mult /= 10
        i += 1
    return num, i


async def strtod_nol_or_err(libc: Libc, s: str, errmesg: str) -> float:
    """strtod_nol_or_err() (lib/strutils.c): a decimal with '.' or ',' and no exponent,
    inf or nan, summed digit by digit in doubles as procps does (its rounding is kept)."""
    if s:
        i = len(s) - len(s.lstrip(" \t\n\v\f\r"))
        negative = s[i : i + 1] == "-"
        i += s[i : i + 1] in ("-", "+")
        mult = 0.1
        for c in s[i:]:
            if not "0" <= c <= "9":
                break
            mult *= 10
        num, i = _sum_digits(s, i, 0.0, mult)
        if i == len(s):
            return -num if negative else num
        if s[i] not in ".,":
            await _error(libc, "Invalid argument", errmesg, s)
        num, i = _sum_digits(s, i + 1, num, 0.1)
        if i == len(s):
            return -num if negative else num
    await _error(libc, "", errmesg, s)
    return 0.0
