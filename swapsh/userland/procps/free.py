"""free: display amount of free and used memory in the system (models procps-ng
4.0.2 src/free.c).

It reads /proc/meminfo; see meminfo.py for how missing keys are treated. Memory is
counted whatever the swap namespace: the kernel's meminfo is global.
"""

from __future__ import annotations

import math
import struct

from swapsh.userland.getopt import NO, REQUIRED, GetoptError, LongOpt, getopt_long
from swapsh.userland.libc import Libc
from swapsh.userland.procps.common import (
    ProcpsExit,
    strtod_nol_or_err,
    strtol_or_err,
    version_line,
    xerrx,
)
from swapsh.userland.procps.meminfo import MemInfo, read_meminfo
from swapsh.userland.registry import program

__all__ = ["main"]

FREE_HUMAN, FREE_LOHI, FREE_WIDE, FREE_TOTAL, FREE_SI = 2, 4, 8, 16, 32
FREE_REPEAT, FREE_REPEATCOUNT, FREE_COMMITTED = 64, 128, 256
LONGOPTS = [
    LongOpt("bytes", NO, "b"),
    LongOpt("kilo", NO),
    LongOpt("mega", NO),
    LongOpt("giga", NO),
    LongOpt("tera", NO),
    LongOpt("peta", NO),
    LongOpt("kibi", NO, "k"),
    LongOpt("mebi", NO, "m"),
    LongOpt("gibi", NO, "g"),
    LongOpt("tebi", NO),
    LongOpt("pebi", NO),
    LongOpt("human", NO, "h"),
    LongOpt("si", NO),
    LongOpt("lohi", NO, "l"),
    LongOpt("total", NO, "t"),
    LongOpt("committed", NO, "v"),
    LongOpt("seconds", REQUIRED, "s"),
    LongOpt("count", REQUIRED, "c"),
    LongOpt("wide", NO, "w"),
    LongOpt("help", NO),
    LongOpt("version", NO, "V"),
]
UNITS = {
    "b": (1, 0),
    "k": (2, 0),
    "m": (3, 0),
    "g": (4, 0),
    "tebi": (5, 0),
    "pebi": (6, 0),
    "kilo": (2, FREE_SI),
    "mega": (3, FREE_SI),
    "giga": (4, FREE_SI),
    "tera": (5, FREE_SI),
    "peta": (6, FREE_SI),
}
FLAGS = {
    "h": FREE_HUMAN,
    "si": FREE_SI,
    "l": FREE_LOHI,
    "t": FREE_TOTAL,
    "v": FREE_COMMITTED,
    "w": FREE_WIDE,
}
USAGE = """
Usage:
 {0} [options]

Options:
 -b, --bytes         show output in bytes
     --kilo          show output in kilobytes
     --mega          show output in megabytes
     --giga          show output in gigabytes
     --tera          show output in terabytes
     --peta          show output in petabytes
 -k, --kibi          show output in kibibytes
 -m, --mebi          show output in mebibytes
 -g, --gibi          show output in gibibytes
     --tebi          show output in tebibytes
     --pebi          show output in pebibytes
 -h, --human         show human-readable output
     --si            use powers of 1000 not 1024
 -l, --lohi          show detailed low and high memory statistics
 -t, --total         show total for RAM + swap
 -v, --committed     show committed memory and commit limit
 -s N, --seconds N   repeat printing every N seconds
 -c N, --count N     repeat printing N times, then exit
 -w, --wide          wide output

     --help     display this help and exit
 -V, --version  output version information and exit

For more details see free(1).
"""
LABEL_WIDTH, COL_WIDTH = 8, 12


def _f32(x: float) -> float:
    """C's (float) cast: beyond FLT_MAX it is infinity."""
    try:
        return float(struct.unpack("f", struct.pack("f", x))[0])
    except OverflowError:
        return math.copysign(math.inf, x)


def usleep_useconds(interval_us: float) -> int:
    """usleep(args.repeat_interval): the float microseconds converted to useconds_t as
    gcc's x86-64 code does (cvttss2si to 64 bits, low 32 kept; C leaves it undefined),
    so 4295 s sleeps 32704 us and anything past 2^63 (or nan) does not sleep at all."""
    if not math.isfinite(interval_us) or abs(interval_us) >= 2.0**63:
        return 0
    return int(interval_us) & 0xFFFFFFFF


def scale_size(kb: int, flags: int, exponent: int) -> str:
    """scale_size(): kB from meminfo in the unit asked for, or human-readable."""
    base = 1000 if flags & FREE_SI else 1024
    nbytes = kb * 1024
    if not flags & FREE_HUMAN:
        if exponent == 0:
            return str(nbytes // base)
        if exponent == 1:
            return str(nbytes)
        return str(int(nbytes / float(base) ** (exponent - 1)))
    buf = f"{nbytes}B"
    if len(buf) <= 4:
        return buf
    for i, up in enumerate("KMGTP", start=1):
        v = nbytes / float(base) ** i
        if flags & FREE_SI:
            cands = [f"{_f32(v):.1f}{up}", f"{int(v)}{up}"]
            limit = 4
        else:
            cands = [f"{_f32(v):.1f}{up}i", f"{int(v)}{up}i"]
            limit = 5
        for buf in cands:
            if len(buf) <= limit:
                return buf
    return buf


def _row(label: str, values: list[int], flags: int, exponent: int) -> str:
    cols = "".join(f"{scale_size(v, flags, exponent):>{COL_WIDTH}}" for v in values)
    return f"{label:<{LABEL_WIDTH}}{cols}\n"


def report(m: MemInfo, flags: int, exponent: int) -> str:
    """One printing of the table."""
    heads = ["total", "used", "free", "shared"]
    heads += ["buffers", "cache"] if flags & FREE_WIDE else ["buff/cache"]
    out = " " * LABEL_WIDTH + "".join(f"{h:>{COL_WIDTH}}" for h in [*heads, "available"])
    out += "\n"
    cache = (
        [m["Buffers"], m["derived_mem_cached"]]
        if flags & FREE_WIDE
        else [m["Buffers"] + m["derived_mem_cached"]]
    )
    out += _row(
        "Mem:",
        [m["MemTotal"], m["derived_mem_used"], m["MemFree"], m["Shmem"], *cache, m["MemAvailable"]],
        flags,
        exponent,
    )
    if flags & FREE_LOHI:
        out += _row(
            "Low:", [m["LowTotal"], m["derived_mem_lo_used"], m["LowFree"]], flags, exponent
        )
        out += _row(
            "High:", [m["HighTotal"], m["derived_mem_hi_used"], m["HighFree"]], flags, exponent
        )
    out += _row("Swap:", [m["SwapTotal"], m["derived_swap_used"], m["SwapFree"]], flags, exponent)
    if flags & FREE_TOTAL:
        out += _row(
            "Total:",
            [
                m["MemTotal"] + m["SwapTotal"],
                m["derived_mem_used"] + m["derived_swap_used"],
                m["MemFree"] + m["SwapFree"],
            ],
            flags,
            exponent,
        )
    if flags & FREE_COMMITTED:
        out += _row(
            "Comm:",
            [m["CommitLimit"], m["Committed_AS"], m["CommitLimit"] - m["Committed_AS"]],
            flags,
            exponent,
        )
    return out


async def _options(libc: Libc, argv: list[str]) -> tuple[int, int, float, int]:
    try:
        opts, args = getopt_long(argv, "bkmghltvc:ws:V", LONGOPTS)
    except GetoptError as e:
        await libc.err(f"{libc.progname}: {e.message}\n" + USAGE.format(libc.progname))
        raise ProcpsExit(1) from e
    flags, exponent, unit_set, interval, count = 0, 0, False, 1000000.0, 0
    for o, v in opts:
        if o in UNITS:
            if unit_set:
                await xerrx(libc, 1, "Multiple unit options don't make sense.")
            unit_set = True
            exponent, f = UNITS[o]
            flags |= f
        elif o in FLAGS:
            flags |= FLAGS[o]
        elif o == "s":
            flags |= FREE_REPEAT
            interval = await _interval_us(libc, v or "")
        elif o == "c":
            flags |= FREE_REPEAT | FREE_REPEATCOUNT
            count = await _count(libc, v or "")
        elif o == "help":
            await libc.out(USAGE.format(libc.progname))
            raise ProcpsExit(0)
        elif o == "V":
            await libc.out(version_line(libc))
            raise ProcpsExit(0)
    if args:
        await libc.err(USAGE.format(libc.progname))
        raise ProcpsExit(1)
    return flags, exponent, interval, count


async def _interval_us(libc: Libc, v: str) -> float:
    """-s: seconds, kept as procps keeps them, in a float of microseconds."""
    interval_us = _f32(1000000 * await strtod_nol_or_err(libc, v, "seconds argument failed"))
    if interval_us < 1:
        await xerrx(libc, 1, f"seconds argument `{v}' is not positive number")
    return interval_us


async def _count(libc: Libc, v: str) -> int:
    """-c: a long stored in an int, so 2^32 + 1 counts once and 2^31 is out of range."""
    n = (await strtol_or_err(libc, v, "failed to parse count argument") + 2**31) % 2**32 - 2**31
    if n < 1:
        out_of_range = "Numerical result out of range"
        await libc.err(f"{libc.progname}: failed to parse count argument: '{v}': {out_of_range}\n")
        raise ProcpsExit(1)
    return n


async def _run(libc: Libc, argv: list[str]) -> int:
    flags, exponent, interval, count = await _options(libc, argv)
    while True:
        try:
            m = await read_meminfo(libc)
        except OSError as e:
            if e.errno == 2:
                await xerrx(libc, 1, "Memory information file /proc/meminfo does not exist")
            await xerrx(libc, 1, "Unable to create meminfo structure")
            return 1
        await libc.out(report(m, flags, exponent))
        await libc.flush()
        if flags & FREE_REPEATCOUNT:
            count -= 1
            if count < 1:
                return 0
        if not flags & FREE_REPEAT:
            return 0
        await libc.out("\n")
        await libc.nanosleep(usleep_useconds(interval) * 1000)


@program("/usr/bin/free")
async def main(libc: Libc, argv: list[str]) -> int:
    """free [options]"""
    try:
        return await _run(libc, argv or ["free"])
    except ProcpsExit as e:
        return e.status
