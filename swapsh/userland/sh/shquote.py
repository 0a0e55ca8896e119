"""Quoting a word so the shell reads it back unchanged (models bash 5.2's
lib/sh/shquote.c sh_backslash_quote and lib/sh/strtrans.c ansic_quote), as
`printf %q` prints it, in a UTF-8 locale.

A word with a character that is not printable (a control character, bytes that are
not UTF-8, a code point glibc's iswprint refuses) becomes $'...' with C escapes;
any other gets backslashes before the characters the shell would act on.
"""

from __future__ import annotations

import unicodedata

__all__ = ["ansic_quote", "ansic_shouldquote", "quote_word", "sh_backslash_quote"]

# bash's bstab: the characters sh_backslash_quote escapes wherever they are
BSTAB = frozenset(b"\t\n !\"$&'()*,;<>?[\\]^`{|}")
ANSIC = {
    0x1B: b"E",
    0x07: b"a",
    0x0B: b"v",
    0x08: b"b",
    0x0C: b"f",
    0x0A: b"n",
    0x0D: b"r",
    0x09: b"t",
}
# iswprint() is false for controls, unassigned code points and the line/paragraph
# separators in glibc's C.UTF-8 (Python's Unicode tables stand in for glibc's)
UNPRINTABLE = frozenset(("Cc", "Cn", "Cs", "Zl", "Zp"))


def _utf8_char(s: bytes, i: int) -> int:
    """Length of the valid UTF-8 character at s[i] (0: not valid)."""
    c = s[i]
    n = 2 if 0xC2 <= c <= 0xDF else 3 if 0xE0 <= c <= 0xEF else 4 if 0xF0 <= c <= 0xF4 else 0
    if not n:
        return 0
    try:
        s[i : i + n].decode("utf-8")
    except UnicodeDecodeError:
        return 0
    return n


def _printable(ch: str) -> bool:
    return unicodedata.category(ch) not in UNPRINTABLE


def ansic_shouldquote(s: bytes) -> bool:
    """Whether s has a character that is not printable (or is not UTF-8)."""
    i = 0
    while i < len(s):
        if s[i] < 0x80:
            if not 0x20 <= s[i] < 0x7F:
                return True
            i += 1
            continue
        n = _utf8_char(s, i)
        if not n or not _printable(s[i : i + n].decode()):
            return True
        i += n
    return False


def ansic_quote(s: bytes) -> bytes:
    """$'...' with \\E \\a \\n ... \\' \\\\ and \\NNN for each byte that is not part of
    a printable character."""
    out, i = bytearray(b"$'"), 0
    while i < len(s):
        c = s[i]
        if c in ANSIC:
            out += b"\\" + ANSIC[c]
        elif c in b"\\'":
            out += bytes((0x5C, c))
        elif 0x20 <= c < 0x7F:
            out.append(c)
        elif c >= 0x80 and (n := _utf8_char(s, i)) and _printable(s[i : i + n].decode()):
            out += s[i : i + n]
            i += n
            continue
        else:
            out += b"\\%03o" % c
        i += 1
    return bytes(out + b"'")


def sh_backslash_quote(s: bytes) -> bytes:
    """A backslash before each special character; a leading '#', and a '~' at the
    start or after ':' or '=' (flags 1|2 in bash: tildes and blanks)."""
    out = bytearray()
    for i, c in enumerate(s):
        if (
            c in BSTAB
            or (c == ord("#") and i == 0)
            or (c == ord("~") and (i == 0 or s[i - 1] in b":="))
        ):
            out.append(0x5C)
        out.append(c)
    return bytes(out)


def quote_word(s: bytes) -> bytes:
    """printf %q: '' for the empty word, $'...' when needed, else backslashes."""
    if not s:
        return b"''"
    return ansic_quote(s) if ansic_shouldquote(s) else sh_backslash_quote(s)
