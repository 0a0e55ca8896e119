"""strftime() in the C locale, time zone UTC (models glibc's time/strftime_l.c).

The machine has no time zone (offtime.py): %Z is "UTC" and %z "+0000". Flags
_ - 0 ^ # and a field width work as in glibc; an unknown conversion is copied as
written.
"""

from __future__ import annotations

from swapsh.userland.offtime import DAYS, MONTHS, Tm

__all__ = ["strftime"]

FULL_DAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
FULL_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
# conversions that are other formats in the C locale
COMPOSITE = {
    "c": "%a %b %e %H:%M:%S %Y",
    "D": "%m/%d/%y",
    "F": "%Y-%m-%d",
    "r": "%I:%M:%S %p",
    "R": "%H:%M",
    "T": "%H:%M:%S",
    "x": "%m/%d/%y",
    "X": "%H:%M:%S",
    "h": "%b",
}


def _weeks_in(y: int) -> int:
    def p(y: int) -> int:
        return (y + y // 4 - y // 100 + y // 400) % 7

    return 53 if p(y) == 4 or p(y - 1) == 3 else 52


def _iso_week(tm: Tm) -> tuple[int, int]:
    """(ISO 8601 week-based year, week number)."""
    week = (tm.yday + 1 - ((tm.wday + 6) % 7 + 1) + 10) // 7
    if week < 1:
        return tm.year - 1, _weeks_in(tm.year - 1)
    if week > _weeks_in(tm.year):
        return tm.year + 1, 1
    return tm.year, week


def _number(tm: Tm, t: int, c: str) -> tuple[int, int, str] | None:
    """A numeric conversion: (value, default width, default pad)."""
    hour12 = tm.hour % 12 or 12
    table: dict[str, tuple[int, int, str]] = {
        "C": (tm.year // 100, 1, "0"),
        "d": (tm.mday, 2, "0"),
        "e": (tm.mday, 2, " "),
        "H": (tm.hour, 2, "0"),
        "I": (hour12, 2, "0"),
        "j": (tm.yday + 1, 3, "0"),
        "k": (tm.hour, 2, " "),
        "l": (hour12, 2, " "),
        "m": (tm.mon + 1, 2, "0"),
        "M": (tm.min, 2, "0"),
        "S": (tm.sec, 2, "0"),
        "s": (t, 1, "0"),
        "u": ((tm.wday - 1) % 7 + 1, 1, "0"),
        "w": (tm.wday, 1, "0"),
        "y": (tm.year % 100, 2, "0"),
        "Y": (tm.year, 1, "0"),
        "U": ((tm.yday + 7 - tm.wday) // 7, 2, "0"),
        "W": ((tm.yday + 7 - (tm.wday - 1) % 7) // 7, 2, "0"),
    }
    if c in "GgV":
        year, week = _iso_week(tm)
        table |= {"G": (year, 1, "0"), "g": (year % 100, 2, "0"), "V": (week, 2, "0")}
    return table.get(c)


def _text(tm: Tm, c: str) -> str | None:
    return {
        "a": DAYS[tm.wday],
        "A": FULL_DAYS[tm.wday],
        "b": MONTHS[tm.mon],
        "B": FULL_MONTHS[tm.mon],
        "p": "AM" if tm.hour < 12 else "PM",
        "P": "am" if tm.hour < 12 else "pm",
        "Z": "UTC",
        "z": "+0000",
        "n": "\n",
        "t": "\t",
        "%": "%",
    }.get(c)


def _one(tm: Tm, t: int, c: str, flag: str, width: int) -> str | None:
    """One conversion with its flag and width; None: not a conversion."""
    if c in COMPOSITE:
        text = strftime(COMPOSITE[c], tm, t)
        return _widen(text.upper() if flag == "^" else text, width, " " if flag != "0" else "0")
    num = _number(tm, t, c)
    if num is not None:
        value, w, pad = num
        pad = {"_": " ", "0": "0", "-": ""}.get(flag, pad)
        digits = str(abs(value))
        if pad:
            digits = digits.rjust(max(w, width) - (value < 0), pad)
        elif width:  # '-' with a width: glibc pads with spaces
            digits = digits.rjust(width - (value < 0))
        return ("-" if value < 0 else "") + digits
    found = _text(tm, c)
    if found is None:
        return None
    text = found
    if flag == "^" or (flag == "#" and c in "aAbBhp"):
        text = text.upper() if c != "p" or flag == "^" else text.lower()
    return _widen(text, width, "0" if flag == "0" else " ")


def _widen(text: str, width: int, pad: str) -> str:
    return text.rjust(width, pad) if width > len(text) else text


def strftime(fmt: str, tm: Tm, t: int) -> str:
    """fmt with tm's fields (t: the seconds since the epoch, for %s)."""
    out, i = [], 0
    while i < len(fmt):
        if fmt[i] != "%":
            out.append(fmt[i])
            i += 1
            continue
        j = i + 1
        flag = ""
        while j < len(fmt) and fmt[j] in "_-0^#":
            flag = fmt[j]
            j += 1
        k = j
        while k < len(fmt) and fmt[k].isdigit():
            k += 1
        width = int(fmt[j:k]) if k > j else 0
        while k < len(fmt) and fmt[k] in "EO":  # alternative forms: the same in C
            k += 1
        if k >= len(fmt):
            out.append(fmt[i:])
            break
        text = _one(tm, t, fmt[k], flag, width)
        out.append(fmt[i : k + 1] if text is None else text)
        i = k + 1
    return "".join(out)
