"""printf's backslash escapes, in the format and in %b arguments (models bash 5.2's
builtins/printf.def tescape and bexpand, and lib/sh/unicode.c u32toutf8 for \\u
and \\U in a UTF-8 locale).

In the format, \\NNN takes up to three octal digits and \\' \\" \\? drop the
backslash; in %b, \\0NNN takes up to four, \\c ends all output, and \\' \\" \\?
stay as written. An escape that is not one keeps its backslash.
"""

from __future__ import annotations

__all__ = ["bexpand", "tescape", "u32toutf8"]

SIMPLE = {
    ord("a"): b"\a",
    ord("b"): b"\b",
    ord("e"): b"\x1b",
    ord("E"): b"\x1b",
    ord("f"): b"\f",
    ord("n"): b"\n",
    ord("r"): b"\r",
    ord("t"): b"\t",
    ord("v"): b"\v",
    ord("\\"): b"\\",
}
OCTAL = b"01234567"
HEXDIGITS = b"0123456789abcdefABCDEF"


def u32toutf8(wc: int) -> bytes:
    """UTF-8 as bash writes it: up to six bytes (code points to 2**31 - 1, surrogates
    too); nothing past that."""
    if wc < 0x80:
        return bytes((wc,))
    for n, limit in ((2, 0x800), (3, 0x10000), (4, 0x200000), (5, 0x4000000), (6, 0x80000000)):
        if wc < limit:
            lead = (0xFF00 >> n) & 0xFF  # 0xc0, 0xe0, 0xf0, 0xf8, 0xfc
            tail = [0x80 | (wc >> (6 * k)) & 0x3F for k in range(n - 2, -1, -1)]
            return bytes([lead | (wc >> (6 * (n - 1))), *tail])
    return b""


def _digits(s: bytes, i: int, allowed: bytes, most: int) -> int:
    """End of up to `most` characters of `allowed` from i."""
    j = i
    while j < len(s) and j - i < most and s[j] in allowed:
        j += 1
    return j


def tescape(s: bytes, i: int, in_b: bool) -> tuple[bytes, int, bool, str | None]:
    """The escape whose letter is s[i] (the character after a backslash).

    Returns: (bytes it stands for, index after it, whether it was %b's \\c, a
    message for builtin_error or None). An unknown escape stands for a backslash
    and consumes nothing, so its letter is read again as plain text.
    """
    c = s[i] if i < len(s) else 0
    if c in SIMPLE:
        return SIMPLE[c], i + 1, False, None
    if c in OCTAL:
        # %b's \0 takes three more digits, any other \N two more
        j = _digits(s, i + 1, OCTAL, 3 if in_b and c == ord("0") else 2)
        return bytes((int(s[i:j], 8) & 0xFF,)), j, False, None
    if c in b"xuU":
        return _hex_escape(s, i)
    if c in b"'\"?" and not in_b:
        return bytes((c,)), i + 1, False, None
    if c == ord("c") and in_b:
        return b"", i + 1, True, None
    return b"\\", i, False, None


def _hex_escape(s: bytes, i: int) -> tuple[bytes, int, bool, str | None]:
    """\\xHH (a byte), \\uHHHH and \\UHHHHHHHH (a character in UTF-8)."""
    c = chr(s[i])
    j = _digits(s, i + 1, HEXDIGITS, {"x": 2, "u": 4, "U": 8}[c])
    if j == i + 1:
        what = "hex digit for \\x" if c == "x" else f"unicode digit for \\{c}"
        return b"\\", i, False, f"missing {what}"
    value = int(s[i + 1 : j], 16)
    return (bytes((value,)) if c == "x" else u32toutf8(value)), j, False, None


def bexpand(s: bytes) -> tuple[bytes, bool, list[str]]:
    """%b's argument with its escapes done.

    Returns: (bytes, whether \\c ended it, the messages to print)."""
    out, i, msgs = bytearray(), 0, []
    while i < len(s):
        c = s[i]
        i += 1
        if c != ord("\\") or i >= len(s):
            out.append(c)
            continue
        data, i, saw_c, msg = tescape(s, i, True)
        if msg:
            msgs.append(msg)
        if saw_c:
            return bytes(out), True, msgs
        out += data
    return bytes(out), False, msgs
