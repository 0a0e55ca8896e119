"""C number parsing and printf conversions, as glibc does them on x86_64 (models
glibc's stdlib/strtol.c and strtod.c, and stdio-common/vfprintf.c, printf_fp.c and
printf_fphex.c for long double).

Text is bytes throughout, as a C program sees it. Floating point is x86's 80-bit
long double (a 64-bit significand): a number is parsed exactly, rounded once to
that format, and printed exactly from it with round-half-even, so `%.20f` of 0.1
shows the long double's digits, not a Python float's. The locale is C.UTF-8: no
thousands grouping (the ' flag does nothing), '.' is the radix character.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

__all__ = [
    "INTMAX_MAX",
    "INTMAX_MIN",
    "UINTMAX_MAX",
    "Field",
    "LongDouble",
    "Spec",
    "format_char",
    "format_float",
    "format_int",
    "format_str",
    "strtoimax",
    "strtold",
    "strtoumax",
]

INTMAX_MIN, INTMAX_MAX = -(1 << 63), (1 << 63) - 1
UINTMAX_MAX = (1 << 64) - 1
SPACE = b" \t\n\v\f\r"  # isspace() in the C locale
LDBL_MIN_EXP = -16382  # the exponent of the smallest normal long double (1.0 * 2^e)
LDBL_MAX_EXP = 16383


@dataclass(frozen=True, slots=True)
class Spec:
    """One conversion's flags, width and precision (None: not given)."""

    flags: bytes = b""
    width: int = 0
    precision: int | None = None

    def has(self, flag: str) -> bool:
        return ord(flag) in self.flags


@dataclass(frozen=True, slots=True)
class LongDouble:
    """An x86 long double: its sign, and an exact value or "inf" / "nan"."""

    neg: bool
    value: Fraction = Fraction(0)
    kind: str = "num"  # "num", "inf" or "nan"


# -- strtol -----------------------------------------------------------------------------------
def _strto_digits(s: bytes) -> tuple[bool, int, int, bool]:
    """The common part of strtoimax/strtoumax with base 0.

    Returns: (negative, magnitude, end index, whether any digit was read)."""
    i, n = 0, len(s)
    while i < n and s[i] in SPACE:
        i += 1
    neg = i < n and s[i] == ord("-")
    i += i < n and s[i] in b"+-"
    base = 10
    if s[i : i + 1] == b"0":
        base = 8
        if (
            s[i + 1 : i + 2] in (b"x", b"X")
            and s[i + 2 : i + 3]
            and s[i + 2] in b"0123456789abcdefABCDEF"
        ):
            base, i = 16, i + 2
    digits = b"0123456789abcdefABCDEF"[: base if base < 16 else 22]
    j = i
    while j < n and s[j] in digits:
        j += 1
    if j == i:
        return False, 0, 0, False
    return neg, _parse_int(s[i:j], base), j, True


def strtoimax(s: bytes) -> tuple[int, int, bool]:
    """strtoimax(s, &end, 0): (value, end index, ERANGE). With no digits the end is
    0 (glibc sets endptr to the start)."""
    neg, mag, end, ok = _strto_digits(s)
    if not ok:
        return 0, 0, False
    value = -mag if neg else mag
    if value > INTMAX_MAX:
        return INTMAX_MAX, end, True
    if value < INTMAX_MIN:
        return INTMAX_MIN, end, True
    return value, end, False


def strtoumax(s: bytes) -> tuple[int, int, bool]:
    """strtoumax(s, &end, 0): a '-' negates in unsigned arithmetic (as C does)."""
    neg, mag, end, ok = _strto_digits(s)
    if not ok:
        return 0, 0, False
    if mag > UINTMAX_MAX:
        return UINTMAX_MAX, end, True
    return (-mag if neg else mag) & UINTMAX_MAX, end, False


# -- strtold ----------------------------------------------------------------------------------
def _parse_int(digits: bytes, base: int) -> int:
    """int(digits, base) for any length (Python parses at most 4300 decimal digits
    at once)."""
    if base != 10 or len(digits) <= 4000:
        return int(digits or b"0", base)
    head, tail = digits[:-4000], digits[-4000:]
    return _parse_int(head, 10) * 10**4000 + int(tail)


def _round_half_even(x: Fraction) -> int:
    q, r = divmod(x.numerator, x.denominator)
    twice = 2 * r
    if twice > x.denominator or (twice == x.denominator and q & 1):
        q += 1
    return q


def _ilog2(x: Fraction) -> int:
    """floor(log2(x)) for x > 0."""
    e = x.numerator.bit_length() - x.denominator.bit_length()
    if x < Fraction(2) ** e:
        e -= 1
    return e


def _to_long_double(neg: bool, x: Fraction) -> tuple[LongDouble, bool]:
    """Round an exact value to the nearest long double. Returns: (value, ERANGE)."""
    if x == 0:
        return LongDouble(neg), False
    e = max(_ilog2(x), LDBL_MIN_EXP)
    m = _round_half_even(x * Fraction(2) ** (63 - e))
    if m == 1 << 64:
        m, e = m >> 1, e + 1
    if e > LDBL_MAX_EXP:
        return LongDouble(neg, kind="inf"), True
    value = Fraction(m) * Fraction(2) ** (e - 63)
    tiny = m < 1 << 63  # subnormal (or rounded to zero)
    return LongDouble(neg, value), tiny and value != x


def _scan_digits(s: bytes, i: int, digits: bytes) -> int:
    while i < len(s) and s[i] in digits:
        i += 1
    return i


def _scan_exponent(s: bytes, i: int, marks: bytes) -> tuple[int, int]:
    """An exponent part at i ('e' or 'p', a sign, digits): (value, end); (0, i) when
    there is none."""
    if i >= len(s) or s[i] not in marks:
        return 0, i
    j = i + 1 + (i + 1 < len(s) and s[i + 1] in b"+-")
    k = _scan_digits(s, j, b"0123456789")
    if k == j:
        return 0, i
    v = int(s[j:k][:12] if k - j <= 12 else b"9" * 12)  # past 10^11 it is inf or 0 anyway
    return (-v if s[j - 1] == ord("-") else v), k


def _special(s: bytes, i: int) -> tuple[str, int] | None:
    """inf, infinity or nan[(chars)] at i, case-insensitive."""
    low = s[i : i + 8].lower()
    if low.startswith(b"infinity"):
        return "inf", i + 8
    if low.startswith(b"inf"):
        return "inf", i + 3
    if not low.startswith(b"nan"):
        return None
    j = i + 3
    if s[j : j + 1] == b"(":
        k = j + 1
        while k < len(s) and ((chr(s[k]).isalnum() and s[k] < 128) or s[k] == ord("_")):
            k += 1
        if s[k : k + 1] == b")":
            j = k + 1
    return "nan", j


def strtold(s: bytes) -> tuple[LongDouble, int, bool]:
    """strtold(s, &end): (value, end index, ERANGE); end 0 when nothing converts."""
    i = _scan_digits(s, 0, SPACE)
    neg = s[i : i + 1] == b"-"
    i += s[i : i + 1] in (b"+", b"-")
    special = _special(s, i)
    if special is not None:
        return LongDouble(neg, kind=special[0]), special[1], False
    hexa = s[i : i + 2].lower() == b"0x"
    digits = b"0123456789abcdefABCDEF" if hexa else b"0123456789"
    j = _scan_digits(s, i + 2 * hexa, digits)
    whole = s[i + 2 * hexa : j]
    frac = b""
    if s[j : j + 1] == b".":
        k = _scan_digits(s, j + 1, digits)
        frac, j = s[j + 1 : k], k
    if not whole and not frac:
        if hexa:  # "0x" alone: the 0 converts, the x does not
            return LongDouble(neg), i + 1, False
        return LongDouble(False), 0, False
    mant = _parse_int(whole + frac, 16 if hexa else 10)
    if hexa:
        exp, j = _scan_exponent(s, j, b"pP")
        scale, base = exp - 4 * len(frac), 2
    else:
        exp, j = _scan_exponent(s, j, b"eE")
        scale, base = exp - len(frac), 10
    if mant == 0:
        return LongDouble(neg), j, False
    # log2 of the value, to within one: far outside the format's range it is inf or 0
    log2 = mant.bit_length() + (scale if base == 2 else scale * 3.3219280948873623)
    if log2 > LDBL_MAX_EXP + 2:
        return LongDouble(neg, kind="inf"), j, True
    if log2 < LDBL_MIN_EXP - 64 - 2:
        return LongDouble(neg), j, True
    value, erange = _to_long_double(neg, Fraction(mant) * Fraction(base) ** scale)
    return value, j, erange


# -- printf conversions ---------------------------------------------------------------------
Run = tuple[bytes, int]  # bytes, repeated a number of times


@dataclass(frozen=True, slots=True)
class Field:
    """A converted field as runs of repeated bytes: a width or precision from `*`
    may be INT_MAX, so whoever writes the field produces the long runs piecewise."""

    runs: tuple[Run, ...]

    def render(self) -> bytes:
        return b"".join(data * n for data, n in self.runs)


def _length(runs: list[Run]) -> int:
    return sum(len(data) * n for data, n in runs)


def _pad(spec: Spec, sign: bytes, body: bytes | list[Run], zero_ok: bool) -> Field:
    """Place sign/prefix and body in the field: '-' pads right, '0' between the
    prefix and the digits, else spaces on the left."""
    runs = [(body, 1)] if isinstance(body, bytes) else body
    fill = spec.width - len(sign) - _length(runs)
    if fill <= 0:
        return Field(((sign, 1), *runs))
    if spec.has("-"):
        return Field(((sign, 1), *runs, (b" ", fill)))
    if zero_ok and spec.has("0"):
        return Field(((sign, 1), (b"0", fill), *runs))
    return Field(((b" ", fill), (sign, 1), *runs))


def format_int(spec: Spec, conv: str, value: int) -> Field:
    """%d %i (value signed) and %o %u %x %X (value in [0, 2**64))."""
    neg = value < 0
    mag = -value if neg else value
    if conv in "di":
        digits = str(mag).encode()
        sign = b"-" if neg else b"+" if spec.has("+") else b" " if spec.has(" ") else b""
    else:
        digits = (format(mag, {"o": "o", "u": "d", "x": "x", "X": "X"}[conv])).encode()
        sign = b""
    zeros = 0
    if spec.precision is not None:
        if spec.precision == 0 and mag == 0:
            digits = b""
        zeros = max(spec.precision - len(digits), 0)
    if spec.has("#"):
        if conv == "o" and not zeros and not digits.startswith(b"0"):
            digits = b"0" + digits
        elif conv in "xX" and mag:
            sign = b"0" + conv.encode()
    return _pad(spec, sign, [(b"0", zeros), (digits, 1)], spec.precision is None)


def format_str(spec: Spec, s: bytes) -> Field:
    """%s: the precision counts bytes; '0' pads with spaces (glibc)."""
    if spec.precision is not None and spec.precision >= 0:
        s = s[: spec.precision]
    return _pad(spec, b"", s, False)


def format_char(spec: Spec, c: int) -> Field:
    return _pad(spec, b"", bytes([c]), False)


def _sign_of(spec: Spec, neg: bool) -> bytes:
    return b"-" if neg else b"+" if spec.has("+") else b" " if spec.has(" ") else b""


def _decimal(n: int) -> str:
    """str(n) for any size (Python refuses more than 4300 digits at once)."""
    if n.bit_length() < 13000:
        return str(n)
    hi, lo = divmod(n, 10**3900)
    return _decimal(hi) + str(lo).rjust(3900, "0")


def _ilog10(x: Fraction) -> int:
    """floor(log10(x)) for x > 0."""
    e = (x.numerator.bit_length() - x.denominator.bit_length()) * 30103 // 100000
    while Fraction(10) ** e > x:
        e -= 1
    while Fraction(10) ** (e + 1) <= x:
        e += 1
    return e


# A long double's exact decimal expansion ends within this many places after the
# point (2**-16445 has 16445), and has at most this many significant digits; past
# them a conversion prints only zeros, produced as a run.
EXACT_PLACES = 16520
EXACT_DIGITS = 4933 + EXACT_PLACES


def _fixed(x: Fraction, prec: int, alt: bool) -> list[Run]:
    """%f: prec places after the point."""
    eff = min(prec, EXACT_PLACES)
    digits = _decimal(_round_half_even(x * 10**eff)).rjust(eff + 1, "0")
    whole, frac = digits[: len(digits) - eff], digits[len(digits) - eff :]
    head = whole + ("." + frac if prec or alt else "")
    return [(head.encode(), 1), (b"0", prec - eff)]


def _expo(x: Fraction, prec: int) -> tuple[str, int]:
    """x's prec+1 significant digits (rounded; at most EXACT_DIGITS) and its
    decimal exponent."""
    prec = min(prec, EXACT_DIGITS)
    if x == 0:
        return "0" * (prec + 1), 0
    e = _ilog10(x)
    n = _round_half_even(x * Fraction(10) ** (prec - e))
    if n >= 10 ** (prec + 1):
        e += 1
        n = _round_half_even(x * Fraction(10) ** (prec - e))
    return _decimal(n), e


def _scientific(x: Fraction, prec: int, alt: bool, upper: bool) -> list[Run]:
    """%e: one digit, the point, prec digits, the exponent (at least two digits)."""
    digits, e = _expo(x, prec)
    mant = digits[0] + ("." + digits[1:] if prec or alt else "")
    exp = f"{'E' if upper else 'e'}{'-' if e < 0 else '+'}{abs(e):02d}"
    return [(mant.encode(), 1), (b"0", prec + 1 - len(digits)), (exp.encode(), 1)]


def _general(x: Fraction, prec: int, alt: bool, upper: bool) -> list[Run]:
    """%g: %e or %f by the exponent, trailing zeros dropped unless '#'."""
    p = prec or 1
    _, e = _expo(x, p - 1)
    runs = _fixed(x, p - 1 - e, alt) if p > e >= -4 else _scientific(x, p - 1, alt, upper)
    if alt:
        return runs
    mant, mark, exp = b"".join(data for data, n in runs if n == 1).partition(
        b"E" if upper else b"e"
    )
    if b"." in mant:
        mant = mant.rstrip(b"0").rstrip(b".")
    return [(mant + mark + exp, 1)]


def _hexfloat(x: Fraction, prec: int | None, alt: bool, upper: bool) -> list[Run]:
    """glibc's %a for long double: the leading hex digit holds the top four bits of
    the 64-bit significand ("0x8p-3" for 1)."""
    zeros = 0
    if x == 0:
        frac, exp, lead = "", 0, 0
        zeros = prec or 0
    else:
        e = max(_ilog2(x), LDBL_MIN_EXP)
        m = int(x * Fraction(2) ** (63 - e))  # exact: x is a long double
        lead, rest, exp = m >> 60, m & ((1 << 60) - 1), e - 3
        frac = format(rest, "015x")
        if prec is None:
            frac = frac.rstrip("0")
        elif prec < 15:  # round the whole significand: the tie looks at the last digit kept
            total = _round_half_even(Fraction(m, 1 << (4 * (15 - prec))))
            lead, keep = total >> (4 * prec), total & ((1 << (4 * prec)) - 1)
            frac = format(keep, "x").rjust(prec, "0") if prec else ""
            if lead == 16:
                lead, exp = 1, exp + 4
        else:
            zeros = prec - 15
    point = "." if frac or zeros or alt else ""
    head = f"0x{lead:x}{point}{frac}"
    tail = f"p{'-' if exp < 0 else '+'}{abs(exp)}"
    if upper:
        head, tail = head.upper(), tail.upper()
    return [(head.encode(), 1), (b"0", zeros), (tail.encode(), 1)]


def format_float(spec: Spec, conv: str, ld: LongDouble) -> Field:
    """%f %F %e %E %g %G %a %A of a long double."""
    sign = _sign_of(spec, ld.neg)
    upper = conv in "FEGA"
    if ld.kind != "num":
        text = ld.kind.upper() if upper else ld.kind
        return _pad(spec, sign, text.encode(), False)
    alt, x = spec.has("#"), ld.value
    prec = 6 if spec.precision is None or spec.precision < 0 else spec.precision
    if conv in "fF":
        runs = _fixed(x, prec, alt)
    elif conv in "eE":
        runs = _scientific(x, prec, alt, upper)
    elif conv in "gG":
        runs = _general(x, prec, alt, upper)
    else:
        p = None if spec.precision is None or spec.precision < 0 else spec.precision
        runs = _hexfloat(x, p, alt, upper)
        head = runs[0][0]  # "0x" goes before any zero padding
        return _pad(spec, sign + head[:2], [(head[2:], 1), *runs[1:]], True)
    return _pad(spec, sign, runs, True)
