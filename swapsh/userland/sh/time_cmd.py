"""bash's `time` and `time -p` before a pipeline (execute_cmd.c's time_command and
print_formatted_time): the real time from the simulated clock, user and system
time from getrusage of the shell and of its reaped children, printed on the
shell's stderr as TIMEFORMAT says (bash's default when it is unset).

The machine charges all CPU time as system time (/proc/PID/stat does the same), so
`user` is 0 and `sys` is what the pipeline's processes spent on the CPU.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from swapsh.syscalls.abi import CLOCK_REALTIME, RUSAGE_CHILDREN, RUSAGE_SELF, Rusage

if TYPE_CHECKING:
    from swapsh.userland.sh.shell import Shell

__all__ = ["format_time", "time_pipeline"]

BASH_TIMEFORMAT = "\nreal\t%3lR\nuser\t%3lU\nsys\t%3lS"
POSIX_TIMEFORMAT = "real %2R\nuser %2U\nsys %2S"


@dataclass(frozen=True, slots=True)
class Times:
    """Microseconds: the three figures time prints."""

    real: int
    user: int
    sys: int


class TimeFormatError(Exception):
    """TIMEFORMAT holds a % conversion bash does not know."""


async def time_pipeline(sh: Shell, posix: bool, run: Callable[[], Awaitable[int]]) -> int:
    """Run the pipeline; then its times on the shell's stderr. Returns its status."""
    libc = sh.libc
    before = await libc.clock_gettime(CLOCK_REALTIME) // 1000
    self_b, kids_b = await libc.getrusage(RUSAGE_SELF), await libc.getrusage(RUSAGE_CHILDREN)
    try:
        return await run()
    finally:
        after = await libc.clock_gettime(CLOCK_REALTIME) // 1000
        self_a, kids_a = await libc.getrusage(RUSAGE_SELF), await libc.getrusage(RUSAGE_CHILDREN)
        t = Times(
            after - before,
            _spent(self_b, self_a, kids_b, kids_a, user=True),
            _spent(self_b, self_a, kids_b, kids_a, user=False),
        )
        fmt = POSIX_TIMEFORMAT if posix else sh.vars.get("TIMEFORMAT", BASH_TIMEFORMAT)
        if fmt:
            try:
                await libc.err(format_time(fmt, t) + "\n")
            except TimeFormatError as e:
                await sh.error(f"TIMEFORMAT: `{e.args[0]}': invalid format character")


def _spent(sb: Rusage, sa: Rusage, kb: Rusage, ka: Rusage, *, user: bool) -> int:
    if user:
        return (sa.utime_us - sb.utime_us) + (ka.utime_us - kb.utime_us)
    return (sa.stime_us - sb.stime_us) + (ka.stime_us - kb.stime_us)


def _secs(us: int) -> tuple[int, int]:
    """timeval_to_secs(): whole seconds and thousandths, rounded half up."""
    sec, usec = divmod(us, 1_000_000)
    frac = usec * 1000 // 1_000_000 + (1 if usec % 1000 >= 500 else 0)
    if frac >= 1000:
        sec, frac = sec + 1, frac - 1000
    return sec, frac


def _cpu(t: Times) -> int:
    """timeval_to_cpu(): (user + sys) / real in hundredths of a percent, with bash's
    scaling of the two timevals."""
    t1s, t1u = divmod(t.user + t.sys, 1_000_000)
    t2s, t2u = divmod(t.real, 1_000_000)
    for _ in range(6):
        if t1s > 99999999 or t2s > 99999999:
            break
        t1s, t1u = t1s * 10 + t1u // 100000, t1u * 10 % 1_000_000
        t2s, t2u = t2s * 10 + t2u // 100000, t2u * 10 % 1_000_000
    for _ in range(4):
        if t1s < 100000000:
            t1s *= 10
        else:
            t2s //= 10
    return 0 if t2s == 0 else t1s // t2s


def _mkfmt(prec: int, lng: bool, sec: int, frac: int) -> str:
    """mkfmt(): [MMm]SS[.FFF][s]."""
    out = f"{sec // 60}m" if lng else ""
    out += str(sec % 60 if lng else sec)
    if prec:
        out += "." + f"{frac:03d}"[:prec]
    return out + ("s" if lng else "")


def format_time(fmt: str, t: Times) -> str:
    """print_formatted_time(): %[prec][l]R/U/S (E is R), %P, %% in fmt.
    Raises: TimeFormatError for another conversion."""
    out, i = [], 0
    figures = {"R": t.real, "E": t.real, "U": t.user, "S": t.sys}
    while i < len(fmt):
        c = fmt[i]
        if c != "%" or i + 1 == len(fmt):
            out.append(c)
            i += 1
            continue
        if fmt[i + 1] == "%":
            out.append("%")
            i += 2
            continue
        if fmt[i + 1] == "P":
            cpu = _cpu(t)
            out.append(_mkfmt(2, False, cpu // 100, (cpu % 100) * 10))
            i += 2
            continue
        i += 1
        prec = 3
        if fmt[i].isdigit():
            prec = min(3, int(fmt[i]))
            i += 1
        lng = i < len(fmt) and fmt[i] == "l"
        i += lng
        conv = fmt[i] if i < len(fmt) else ""
        if conv not in figures:
            raise TimeFormatError(conv)
        out.append(_mkfmt(prec, lng, *_secs(figures[conv])))
        i += 1
    return "".join(out)
