"""Pattern parsing (models the bracket, class and extglob syntax bash 5.2's
lib/glob/sm_loop.c and smatch.c read): a quoted-form pattern to tokens, and the
character classes of glibc's C.UTF-8 locale."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "Any_",
    "Bracket",
    "Ext",
    "Lit",
    "Star",
    "Token",
    "fold",
    "fold_text",
    "parse",
    "reverse",
]

_CNTRL = frozenset(chr(c) for c in [*range(32), 127])
_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_XDIGIT = frozenset("0123456789abcdefABCDEF")
_NBSP = frozenset("\xa0\u2007\u202f")  # glibc's C.UTF-8: no-break spaces are not space


def _is_space(c: str) -> bool:
    return c in " \t\n\v\f\r" if c < "\x80" else c.isspace() and c not in _NBSP and c != "\x85"


def _is_cntrl(c: str) -> bool:
    return c in _CNTRL or "\x80" <= c <= "\x9f" or c in "\u2028\u2029"


def _is_print(c: str) -> bool:
    # glibc counts every space separator (U+2003...) as printable; Python does not
    return not _is_cntrl(c) and (c < "\x80" or c.isprintable() or c.isspace())


# iswctype in glibc's C.UTF-8 (ASCII exact; other characters by Unicode category, as
# glibc's i18n file derives them: every script's letters and digits are alpha).
_CLASSES: dict[str, Callable[[str], bool]] = {
    "alpha": lambda c: c.isalpha() if c < "\x80" else c.isalnum(),
    "digit": lambda c: "0" <= c <= "9",
    "alnum": lambda c: c.isalnum(),
    "upper": lambda c: c.isupper(),
    "lower": lambda c: c.islower(),
    "space": _is_space,
    "blank": lambda c: c in " \t" or (c >= "\x80" and _is_space(c) and c not in "\u2028\u2029"),
    "punct": lambda c: (
        c in _PUNCT if c < "\x80" else _is_print(c) and not (c.isalnum() or _is_space(c))
    ),
    "xdigit": lambda c: c in _XDIGIT,
    "cntrl": _is_cntrl,
    "print": _is_print,
    "graph": lambda c: _is_print(c) and not _is_space(c) and c != " ",
    "word": lambda c: c == "_" or (c.isalnum()),
}

# POSIX.2's collating-symbol names (bash's lib/glob/collsyms.h), for [[.name.]].
_COLLSYMS: dict[str, str] = {
    **{n: chr(i) for i, n in enumerate(("NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK"))},
    "alert": "\a", "backspace": "\b", "tab": "\t", "newline": "\n",
    "vertical-tab": "\v", "form-feed": "\f", "carriage-return": "\r",
    **{n: chr(14 + i) for i, n in enumerate(
        ("SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM",
         "SUB", "ESC", "IS4", "IS3", "IS2", "IS1"))},
    "space": " ", "exclamation-mark": "!", "quotation-mark": '"', "number-sign": "#",
    "dollar-sign": "$", "percent-sign": "%", "ampersand": "&", "apostrophe": "'",
    "left-parenthesis": "(", "right-parenthesis": ")", "asterisk": "*", "plus-sign": "+",
    "comma": ",", "hyphen": "-", "minus": "-", "dash": "-", "period": ".", "slash": "/",
    "solidus": "/", "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9", "colon": ":",
    "semicolon": ";", "less-than-sign": "<", "equals-sign": "=", "greater-than-sign": ">",
    "question-mark": "?", "commercial-at": "@", "left-square-bracket": "[",
    "backslash": "\\", "reverse-solidus": "\\", "right-square-bracket": "]",
    "circumflex": "^", "circumflex-accent": "^", "underscore": "_", "grave-accent": "`",
    "left-brace": "{", "left-curly-bracket": "{", "vertical-line": "|",
    "right-brace": "}", "right-curly-bracket": "}", "tilde": "~", "DEL": "\x7f",
}  # fmt: skip


def fold(c: str) -> str:
    """towlower of one character (length-preserving, as C's is)."""
    low = c.lower()
    return low if len(low) == 1 else c


def fold_text(text: str) -> str:
    return text.lower() if text.isascii() else "".join(map(fold, text))


# -- tokens ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Lit:
    ch: str  # one character, matched exactly (folded under nocase)


@dataclass(frozen=True, slots=True)
class Any_:
    pass


@dataclass(frozen=True, slots=True)
class Star:
    pass


@dataclass(frozen=True, slots=True)
class Bracket:
    negate: bool  # [!...] or [^...]
    chars: frozenset[str]  # single members (folded under nocase)
    ranges: tuple[tuple[str, str], ...]  # valid ranges, ends folded under nocase
    classes: tuple[str, ...]  # [:name:] names, tested on the unfolded character
    nocase: bool

    def matches(self, c: str) -> bool:
        """BRACKMATCH for one character (its original case; folding happens here)."""
        t = fold(c) if self.nocase else c
        hit = t in self.chars or any(lo <= t <= hi for lo, hi in self.ranges)
        hit = hit or any(_CLASSES[n](c) for n in self.classes)
        return hit != self.negate

    def ascii_members(self) -> str:
        return "".join(chr(i) for i in range(128) if self.matches(chr(i)))

    def exact_in_regex(self) -> bool:
        """True when the regex built from ascii_members and the non-ASCII members needs
        no per-character check."""
        return not self.negate and not self.classes and not self.nocase


@dataclass(frozen=True, slots=True)
class Ext:
    op: str  # one of ?*+@! ("=": the text of an unclosed `!(`, see _unclosed_group)
    alts: tuple[tuple[Token, ...], ...]  # the |-separated patterns


Token = Lit | Any_ | Star | Bracket | Ext

# A bracket with no member: what a pattern that can match nothing from here holds.
NEVER = Bracket(False, frozenset(), (), (), False)


# -- parsing ---------------------------------------------------------------------------------


def _bracket_item(p: str, j: int, kinds: str = ":=.") -> tuple[str | None, str | None, int] | None:
    """One bracket member at p[j]: (character, class name, next index); a character of
    None is an invalid collating symbol or equivalence class. None: pattern ended."""
    if j >= len(p):
        return None
    c = p[j]
    if c == "[" and j + 1 < len(p) and p[j + 1] in kinds:
        kind = p[j + 1]
        close = p.find(kind + "]", j + 2)
        if close >= 0:
            name = p[j + 2 : close]
            if kind == ":":
                return None, name, close + 2
            sym = name if len(name) == 1 else _COLLSYMS.get(name) if kind == "." else None
            return sym, None, close + 2
    if c == "\\":
        if j + 1 >= len(p):
            return None
        return p[j + 1], None, j + 2
    return c, None, j + 1


def _dangling(p: str, j: int) -> tuple[Bracket, int] | None:
    """A bracket expression that ran out at p[j]: BRACKMATCH fails it outright when a
    backslash ends the pattern, else the `[` matches itself (None)."""
    return (NEVER, len(p)) if j < len(p) else None


def _parse_bracket(p: str, i: int, nocase: bool) -> tuple[Bracket, int] | None:
    """The bracket expression whose `[` is p[i-1]: (token, index after `]`), or None
    when it is not closed (then the `[` matches itself)."""
    negate = i < len(p) and p[i] in "!^"
    j = i + negate
    chars: set[str] = set()
    ranges: list[tuple[str, str]] = []
    classes: list[str] = []
    first = True
    while True:
        if j >= len(p):
            return None
        if p[j] == "]" and not first:
            break
        first = False
        item = _bracket_item(p, j)
        if item is None:
            return _dangling(p, j)
        ch, cls, j = item
        if cls is not None:
            if cls in _CLASSES:
                classes.append(cls)
            continue
        if j + 1 < len(p) and p[j] == "-" and p[j + 1] != "]":
            end = _bracket_item(p, j + 1, ".")  # a range ends in a character or [.x.]
            if end is None:
                return _dangling(p, j + 1)
            hi, hcls, j = end
            if ch is not None and hi is not None and hcls is None:
                lo_f, hi_f = (fold(ch), fold(hi)) if nocase else (ch, hi)
                if lo_f <= hi_f:
                    ranges.append((lo_f, hi_f))
            continue
        if ch is not None:
            chars.add(fold(ch) if nocase else ch)
    tok = Bracket(negate, frozenset(chars), tuple(ranges), tuple(classes), nocase)
    return tok, j + 1


def _ext_close(p: str, i: int) -> int:
    """Index of the `)` closing the group opened at p[i-1], or -1 (bash's PATSCAN)."""
    depth = 0
    j = i
    while j < len(p):
        c = p[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":
            end = _parse_bracket(p, j + 1, False)
            if end is None:
                return -1  # an open bracket runs to the end: the group is unclosed
            j = end[1]
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                return j
            depth -= 1
        j += 1
    return -1


def _split_alts(body: str) -> list[str]:
    """The |-separated patterns of an extglob group, at its own nesting level."""
    alts, depth, start, j = [], 0, 0, 0
    while j < len(body):
        c = body[j]
        if c == "\\":
            j += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            alts.append(body[start:j])
            start = j + 1
        j += 1
    alts.append(body[start:])
    return alts


def _unclosed_group(out: list[Token], rest: str, nocase: bool) -> tuple[Token, ...]:
    """An extglob group without its `)` ends the pattern as bash 5.2 reads it: right
    after a star a `*(` or `?(` matches anything; elsewhere the rest is compared with
    the rest of the string as plain text (sm_loop.c's EXTMATCH falls back to STRCOMPARE),
    an Ext "=" when it is a `!(` after a star (the star's quirks still apply to it)."""
    lits = tuple(Lit(fold(c) if nocase else c) for c in rest)
    if _after_star(out) and rest[0] in "*?":
        return tuple(out)
    if _after_star(out) and rest[0] == "!":  # still a `!(` to the star before it
        return (*out, Ext("=", (lits,)))
    return (*out, *lits)


def parse(p: str, nocase: bool, extglob: bool) -> tuple[Token, ...]:
    out: list[Token] = []
    i = 0
    while i < len(p):
        c = p[i]
        i += 1
        if extglob and c in "?*+@!" and i < len(p) and p[i] == "(":
            close = _ext_close(p, i + 1)
            if close >= 0:
                alts = tuple(parse(a, nocase, extglob) for a in _split_alts(p[i + 1 : close]))
                out.append(Ext(c, alts))
                i = close + 1
                continue
            return _unclosed_group(out, p[i - 1 :], nocase)
        if c == "*":
            if not (out and isinstance(out[-1], Star)):
                out.append(Star())
        elif c == "?":
            out.append(Any_())
        elif c == "[":
            br = _parse_bracket(p, i, nocase)
            if br is None:
                out.append(Lit("["))
            else:
                out.append(br[0])
                i = br[1]
        elif c == "\\" and i == len(p) and _after_star(out):
            out.append(NEVER)  # sm_loop.c looks for the NUL after it: never found
        else:
            if c == "\\" and i < len(p):  # a trailing backslash matches itself (bash 5.2)
                c = p[i]
                i += 1
            out.append(Lit(fold(c) if nocase else c))
    return tuple(out)


def _after_star(out: list[Token]) -> bool:
    """Whether the tokens end with a star run (a star and any `?` after it)."""
    for tok in reversed(out):
        if isinstance(tok, Star):
            return True
        if not isinstance(tok, Any_):
            return False
    return False


def reverse(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """The pattern matching the reversed strings (suffix operators use it)."""
    out: list[Token] = []
    for tok in reversed(tokens):
        if isinstance(tok, Ext):
            tok = Ext(tok.op, tuple(reverse(a) for a in tok.alts))
        out.append(tok)
    return tuple(out)
