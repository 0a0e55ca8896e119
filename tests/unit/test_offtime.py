"""glibc's __offtime (swapsh/userland/offtime.py), the one date conversion of every
program that prints a date (ls, ps, dmesg, pan)."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from swapsh.userland.offtime import asctime, localtime

MAX_DATETIME = 253402300799  # 9999-12-31 23:59:59, the last second datetime holds


@given(st.integers(min_value=-62135596800, max_value=MAX_DATETIME))
def test_localtime_agrees_with_the_proleptic_gregorian_calendar(t: int) -> None:
    tm, ok = localtime(t)
    d = datetime.fromtimestamp(t, tz=UTC)
    assert ok
    assert (tm.year, tm.mon + 1, tm.mday, tm.hour, tm.min, tm.sec) == (
        d.year,
        d.month,
        d.day,
        d.hour,
        d.minute,
        d.second,
    )
    assert (tm.wday, tm.yday) == ((d.weekday() + 1) % 7, d.timetuple().tm_yday - 1)
    assert asctime(tm) == f"{d:%a %b} {d.day:2d} {d:%H:%M:%S %Y}"


def test_years_past_9999_convert_and_a_year_past_int_fails() -> None:
    assert asctime(localtime(MAX_DATETIME + 1)[0]) == "Sat Jan  1 00:00:00 10000"
    tm, ok = localtime((1 << 63) - 1)  # glibc: EOVERFLOW, time of day still stored
    assert not ok and (tm.hour, tm.min, tm.sec) == (15, 30, 7)
