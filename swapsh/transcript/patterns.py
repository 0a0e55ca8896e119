"""Output lines of a transcript: literal text, cram's (re), (glob) and (esc), and (no-eol).

An expected line is what follows the two-space indent. Its suffix says how it
matches one line of the terminal's output:

    text            the line is exactly text (UTF-8)
    text (esc)      text with backslash escapes: \\\\ \\t \\r \\n \\xHH
    text (re)       a Python regular expression matching the whole line
    text (glob)     * is any run of characters, ? one character; \\* \\? \\\\ are literal
    ... (no-eol)    after any of these: the output ends here without a newline

`encode_line` writes an actual line so that it matches itself: plain when that is
safe, with (esc) when the line holds control characters or bytes that are not
UTF-8, ends in a space, ends in one of the suffixes, or would read as something else
(a command, a continuation, a login block, a switch).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "Expected",
    "PatternError",
    "encode_line",
    "glob_to_regex",
    "matches",
    "parse_expected",
    "split_lines",
    "unescape",
]

NO_EOL = " (no-eol)"
_KINDS = (" (re)", " (glob)", " (esc)")
# what an output line must not look like: `  N$ ...`, `  $ ...`, `  > ...`, `  (login N)`,
# `  (chvt N)`
_MARKER = re.compile(r"^(?:\d*\$(?: |$)|>(?: |$)|\(login \d+\)$|\(chvt \d+\))")
_NEEDS_ESC = re.compile(r"[\x00-\x1f\x7f]")
_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\r": "\\r", "\n": "\\n"}
_UNESCAPE = re.compile(r"\\(?:x([0-9a-fA-F]{2})|(.)|$)", re.S)


class PatternError(ValueError):
    """An expected line that cannot be read: a bad regex, glob or escape."""


@dataclass(frozen=True, slots=True)
class Expected:
    """One expected output line."""

    raw: str  # the line as written in the file, indent included
    kind: str  # "text", "esc", "re" or "glob"
    value: bytes  # for text and esc: the exact bytes; else the pattern's source
    regex: re.Pattern[bytes] | None  # for re and glob
    no_eol: bool  # the output ends after this line, without a newline


def unescape(text: str) -> bytes:
    """The bytes an (esc) line stands for. Raises: PatternError on a bad escape."""
    out = bytearray()
    pos = 0
    for m in _UNESCAPE.finditer(text):
        out += text[pos : m.start()].encode("utf-8", "surrogateescape")
        pos = m.end()
        if m.group(1) is not None:
            out.append(int(m.group(1), 16))
            continue
        ch = m.group(2)
        simple = {"\\": b"\\", "t": b"\t", "r": b"\r", "n": b"\n"}.get(ch or "")
        if simple is None:
            shown = "\\" + ch if ch else "a lone \\ at the end"
            raise PatternError(
                f"bad escape '{shown}' in an (esc) line (escapes are \\\\ \\t \\r \\n \\xHH)"
            )
        out += simple
    out += text[pos:].encode("utf-8", "surrogateescape")
    return bytes(out)


def glob_to_regex(text: str) -> str:
    """cram's globs: * and ? match, backslash makes *, ? or itself literal.
    Raises: PatternError on any other escape or a lone trailing backslash."""
    out = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            nxt = text[i + 1 : i + 2]
            if nxt not in ("*", "?", "\\"):
                shown = "\\" + nxt if nxt else "a lone \\ at the end"
                raise PatternError(
                    f"bad glob pattern: '{shown}' (only \\*, \\? and \\\\ are escapes)"
                )
            out.append(re.escape(nxt))
            i += 2
            continue
        out.append(".*" if ch == "*" else "." if ch == "?" else re.escape(ch))
        i += 1
    return "".join(out)


def parse_expected(raw: str) -> Expected:
    """An expected line from its text after the indent. Raises: PatternError."""
    body = raw[2:]
    no_eol = body.endswith(NO_EOL)
    if no_eol:
        body = body[: -len(NO_EOL)]
    for suffix in _KINDS:
        if body.endswith(suffix):
            body = body[: -len(suffix)]
            kind = suffix[2:-1]
            break
    else:
        return Expected(raw, "text", body.encode("utf-8", "surrogateescape"), None, no_eol)
    if kind == "esc":
        return Expected(raw, kind, unescape(body), None, no_eol)
    source = body if kind == "re" else glob_to_regex(body)
    try:
        regex = re.compile(source.encode("utf-8", "surrogateescape"))
    except re.error as e:
        raise PatternError(f"bad regular expression: {e}") from None
    return Expected(raw, kind, body.encode("utf-8", "surrogateescape"), regex, no_eol)


def matches(exp: Expected, line: bytes, eol: bool) -> bool:
    """Whether one line of output (without its newline; eol: it had one) is exp."""
    if exp.no_eol == eol:
        return False
    if exp.regex is None:
        return exp.value == line
    return exp.regex.fullmatch(line) is not None


def split_lines(data: bytes) -> list[tuple[bytes, bool]]:
    """Output as (line, ended_with_newline) pairs."""
    if not data:
        return []
    parts = data.split(b"\n")
    if parts[-1] == b"":
        return [(p, True) for p in parts[:-1]]
    return [(p, True) for p in parts[:-1]] + [(parts[-1], False)]


def encode_line(line: bytes, eol: bool) -> str:
    """The transcript line (indent included) that matches exactly this output line."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    plain = (
        text is not None
        and not _NEEDS_ESC.search(text)
        and not text.endswith((" ", NO_EOL, *_KINDS))
        and not _MARKER.match(text)
    )
    body = text if plain and text is not None else _escape(line) + " (esc)"
    return "  " + body + ("" if eol else NO_EOL)


def _escape(line: bytes) -> str:
    """Backslash escapes for an (esc) line; what may be misread is escaped too."""
    text = line.decode("utf-8", "surrogateescape")
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch < " " or ch == "\x7f":
            out.append(f"\\x{ord(ch):02x}")
        elif "\udc80" <= ch <= "\udcff":  # a byte that is not UTF-8
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        else:
            out.append(ch)
    if out and out[-1] == " ":
        out[-1] = "\\x20"
    if _MARKER.match(text):
        out[0] = f"\\x{ord(text[0]):02x}"
    return "".join(out)
