"""printf's engine and the C pieces under it (swapsh/userland/sh/printf_cmd.py,
cformat.py, printf_escape.py, shquote.py, strftime.py), without a machine.

The expected texts are glibc's and bash 5.2.15's (recorded on the host; the golden
replay in tests/userland/test_golden_sh_builtins.py covers the common cases).
"""

from __future__ import annotations

import asyncio
import datetime
from fractions import Fraction

import pytest

from swapsh.userland.cformat import LongDouble, Spec, format_float, format_int, strtoimax, strtold
from swapsh.userland.offtime import localtime
from swapsh.userland.sh.printf_cmd import PrintfEnv, printf_format
from swapsh.userland.sh.printf_escape import bexpand, tescape, u32toutf8
from swapsh.userland.sh.shquote import quote_word
from swapsh.userland.strftime import strftime

NOW, START = 1_209_556_800, 1_209_556_000  # the clock the engine is given


class Run:
    """One printf_format call: its output pieces, messages and variables."""

    def __init__(self, fmt: bytes, *args: bytes) -> None:
        self.pieces: list[bytes] = []
        self.errors: list[str] = []
        self.vars: dict[str, str] = {}

        async def emit(data: bytes) -> None:
            self.pieces.append(data)

        async def complain(msg: str) -> None:
            self.errors.append(msg)

        async def now() -> int:
            return NOW

        async def start() -> int:
            return START

        env = PrintfEnv(emit, complain, now, start, self.vars.__setitem__)
        self.status = asyncio.run(printf_format(env, fmt, list(args)))
        self.out = b"".join(self.pieces)


def test_format_is_reused_until_the_arguments_are_used() -> None:
    r = Run(b"%s=%d;", b"a", b"1", b"b")
    assert (r.out, r.status) == (b"a=1;b=0;", 0)
    assert Run(b"x\n", b"a", b"b").out == b"x\n"  # no conversion: once


def test_invalid_number_prints_what_was_read_and_goes_on() -> None:
    r = Run(b"%d %d|", b"12x", b"7")
    assert (r.out, r.errors, r.status) == (b"12 7|", ["12x: invalid number"], 1)


def test_backslash_c_in_b_ends_everything_with_status_0() -> None:
    r = Run(b"%d%b%s", b"x", b"a\\cb", b"more")
    assert (r.out, r.status) == (b"0a", 0)


def test_percent_n_counts_this_pass() -> None:
    r = Run(b"ab%n%s|", b"v", b"xyz", b"w", b"")
    assert r.vars == {"v": "2", "w": "2"}
    assert r.out == b"abxyz|ab|"


def test_time_conversion_uses_the_given_clock() -> None:
    r = Run(b"%(%F %T)T|%(%s)T|%(%s)T", b"-1", b"-2")  # no argument: -1
    assert r.out == b"2008-04-30 12:00:00|1209556000|1209556800"


def test_huge_width_is_written_in_pieces() -> None:
    """A width from * may be INT_MAX (as bash prints it): the fill is produced in
    pieces, never as one block."""
    r = Run(b"%*s|", b"10000000", b"x")
    assert len(r.out) == 10_000_001 and r.out.endswith(b" x|")
    assert max(len(p) for p in r.pieces) <= 65536


def test_huge_precision_ends_in_a_run_of_zeros() -> None:
    f = format_float(Spec(precision=100_000), "f", LongDouble(False, Fraction(1, 2)))
    text = f.render()
    assert text.startswith(b"0.5000") and len(text) == 100_002
    assert format_int(Spec(precision=50_000), "d", 7).render() == b"0" * 49_999 + b"7"


@pytest.mark.parametrize(
    ("text", "value", "end", "erange"),
    [
        (b"0x1F", 31, 4, False),
        (b"010", 8, 3, False),
        (b"08", 0, 1, False),  # octal stops at the 8
        (b"0x", 0, 1, False),  # the 0 converts, the x does not
        (b"  -5", -5, 4, False),
        (b"x", 0, 0, False),
        (b"9223372036854775808", 2**63 - 1, 19, True),
        (b"-9223372036854775809", -(2**63), 20, True),
    ],
)
def test_strtoimax(text: bytes, value: int, end: int, erange: bool) -> None:
    assert strtoimax(text) == (value, end, erange)


def test_strtold_rounds_to_a_64_bit_significand() -> None:
    ld, end, erange = strtold(b"0.1")
    assert (end, erange) == (3, False)
    # the long double nearest 0.1, not the double
    assert ld.value == Fraction(0xCCCCCCCCCCCCCCCD, 2**67)
    assert format_float(Spec(precision=20), "f", ld).render() == b"0.10000000000000000000"
    assert strtold(b"1e5000")[0].kind == "inf" and strtold(b"1e5000")[2]
    assert strtold(b"1e-5000")[0].value == 0 and strtold(b"1e-5000")[2]
    assert strtold(b"-nan(x1)") == (LongDouble(True, kind="nan"), 8, False)
    tiny = strtold(b"0." + b"0" * 4000 + b"1" + b"0" * 999)[0]  # 5000 digits: past
    assert format_float(Spec(), "e", tiny).render() == b"1.000000e-4001"  # int()'s limit


@pytest.mark.parametrize(
    ("spec", "conv", "text", "want"),
    [
        (Spec(), "a", b"1", b"0x8p-3"),
        (Spec(), "A", b"255.5", b"0XF.F8P+4"),
        (Spec(precision=0), "a", b"31", b"0x1p+5"),  # the tie rounds to even
        (Spec(precision=1), "a", b"15.99", b"0x1.0p+4"),
        (Spec(flags=b"0", width=10), "a", b"1", b"0x00008p-3"),
        (Spec(), "g", b"100000", b"100000"),
        (Spec(), "g", b"1000000", b"1e+06"),
        (Spec(flags=b"#"), "g", b"1", b"1.00000"),
        (Spec(precision=0), "f", b"2.5", b"2"),
        (Spec(flags=b"0", width=6), "f", b"inf", b"   inf"),
        (Spec(flags=b"+"), "e", b"0", b"+0.000000e+00"),
    ],
)
def test_float_conversions(spec: Spec, conv: str, text: bytes, want: bytes) -> None:
    assert format_float(spec, conv, strtold(text)[0]).render() == want


def test_escapes() -> None:
    assert tescape(b"0101", 0, False) == (b"\x08", 3, False, None)  # \010 then "1"
    assert tescape(b"0101", 0, True) == (b"A", 4, False, None)  # %b: \0 and three
    assert tescape(b"x", 0, False) == (b"\\", 0, False, "missing hex digit for \\x")
    assert tescape(b"'", 0, False)[0] == b"'" and tescape(b"'", 0, True)[0] == b"\\"
    assert u32toutf8(0x110000) == b"\xf4\x90\x80\x80"  # bash encodes past Unicode
    assert u32toutf8(0x7FFFFFFF) == b"\xfd\xbf\xbf\xbf\xbf\xbf"
    assert u32toutf8(0x80000000) == b""
    assert bexpand(b"a\\tb\\cc") == (b"a\tb", True, [])


@pytest.mark.parametrize(
    ("word", "quoted"),
    [
        (b"", b"''"),
        (b"a b", b"a\\ b"),
        (b"~x", b"\\~x"),
        (b"a=~", b"a=\\~"),
        (b"#x", b"\\#x"),
        (b"a#", b"a#"),
        (b"a\tb", b"$'a\\tb'"),
        (b"\xff", b"$'\\377'"),
        ("\u2028".encode(), b"$'\\342\\200\\250'"),  # a line separator is not printable
        ("\u00e9".encode(), "\u00e9".encode()),
        (b"it's", b"it\\'s"),
    ],
)
def test_quote_word(word: bytes, quoted: bytes) -> None:
    assert quote_word(word) == quoted


def test_strftime_iso_weeks_match_the_calendar() -> None:
    """%G %V %u against Python's ISO calendar, across year ends (pure arithmetic)."""
    day = datetime.date(1999, 12, 20)
    for _ in range(800):
        t = int(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC).timestamp())
        tm, ok = localtime(t)
        iso = day.isocalendar()
        assert ok and strftime("%G %V %u", tm, t) == f"{iso[0]} {iso[1]:02d} {iso[2]}"
        day += datetime.timedelta(days=3)


def test_strftime_flags_and_composites() -> None:
    tm, _ = localtime(0)
    assert strftime("%c|%D|%-d|%_5m|%^a|%#b|%-5d|%Q", tm, 0) == (
        "Thu Jan  1 00:00:00 1970|01/01/70|1|    1|THU|JAN|    1|%Q"
    )
