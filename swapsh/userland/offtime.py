"""Broken-down time in UTC, for every program that prints a date (models glibc's
time/offtime.c, __offtime behind gmtime_r and localtime_r, and asctime's names).

The machine has no time zone: localtime is UTC, as glibc gives it without
/etc/localtime. Any 64-bit time_t converts; a year that does not fit tm_year's int
fails as glibc's does (EOVERFLOW), with the fields it had stored by then.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DAYS", "MONTHS", "Tm", "asctime", "localtime"]

DAYS = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
INT_MIN, INT_MAX = -(1 << 31), (1 << 31) - 1


@dataclass(slots=True)
class Tm:
    """struct tm (year as tm_year + 1900)."""

    year: int = 0  # tm_year + 1900
    mon: int = 0  # 0..11
    mday: int = 0
    yday: int = 0
    wday: int = 0
    hour: int = 0
    min: int = 0
    sec: int = 0


def localtime(t: int) -> tuple[Tm, bool]:
    """localtime_r(t) in UTC: (tm, ok). A year that does not fit tm_year's int
    fails (EOVERFLOW) after the time of day, the weekday and the truncated year are
    stored; the date fields stay as they were (0 here: uninitialised in C)."""
    t = (t + (1 << 63)) % (1 << 64) - (1 << 63)  # a time_t: 64 bits, wrapping
    days, rem = divmod(t, 86400)
    tm = Tm(hour=rem // 3600, min=rem % 3600 // 60, sec=rem % 60, wday=(4 + days) % 7)
    z = days + 719468  # days since 0000-03-01 (proleptic Gregorian)
    era, doe = divmod(z, 146097)
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)  # from March 1st
    mp = (5 * doy + 2) // 153
    year = yoe + era * 400 + (mp >= 10)
    tm_year = year - 1900
    if not INT_MIN <= tm_year <= INT_MAX:
        tm.year = (tm_year - INT_MIN) % (1 << 32) + INT_MIN + 1900
        return tm, False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    tm.year, tm.mon = year, (mp + 2) % 12
    tm.mday = doy - (153 * mp + 2) // 5 + 1
    tm.yday = doy + 59 + leap if mp < 10 else doy - 306
    return tm, True


def asctime(tm: Tm) -> str:
    """asctime_r() without its newline: "Thu Jan  1 00:00:00 1970"."""
    return (
        f"{DAYS[tm.wday]} {MONTHS[tm.mon]} {tm.mday:2d} "
        f"{tm.hour:02d}:{tm.min:02d}:{tm.sec:02d} {tm.year}"
    )
