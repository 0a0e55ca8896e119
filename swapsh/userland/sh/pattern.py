"""Pattern matching (models bash 5.2's lib/glob/strmatch.c and sm_loop.c) in the C.UTF-8
locale: `*`, `?`, bracket expressions, backslash escapes, extglob, nocase.

A pattern is a str in bash's quote_string_for_globbing form: a quoted character is
preceded by a backslash (pattern_from_pieces builds it from expansion's pieces).
Matching never backtracks exponentially: a pattern without extglob groups is split at its
stars into fixed-width segments, each found with a compiled regex and placed leftmost
(which is exact when stars match anything); extglob patterns are matched by a memoized
search of end positions. Parameter operators are in patops.py, pathname expansion in
glob.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "Matcher",
    "compile_pattern",
    "has_glob_chars",
    "match",
    "pattern_from_pieces",
    "quote_pattern",
    "reversed_pattern",
    "split_slash",
    "unquote_pattern",
]

_NON_ASCII = "\x80-\U0010ffff"
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
class _Lit:
    ch: str  # one character, matched exactly (folded under nocase)


@dataclass(frozen=True, slots=True)
class _Any:
    pass


@dataclass(frozen=True, slots=True)
class _Star:
    pass


@dataclass(frozen=True, slots=True)
class _Bracket:
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
class _Ext:
    op: str  # one of ?*+@!
    alts: tuple[tuple[_Token, ...], ...]  # the |-separated patterns


_Token = _Lit | _Any | _Star | _Bracket | _Ext


# -- parsing ---------------------------------------------------------------------------------


def _bracket_item(p: str, j: int) -> tuple[str | None, str | None, int] | None:
    """One bracket member at p[j]: (character, class name, next index); a character of
    None is an invalid collating symbol or equivalence class. None: pattern ended."""
    if j >= len(p):
        return None
    c = p[j]
    if c == "[" and j + 1 < len(p) and p[j + 1] in ":=.":
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


def _parse_bracket(p: str, i: int, nocase: bool) -> tuple[_Bracket, int] | None:
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
            return None
        ch, cls, j = item
        if cls is not None:
            if cls in _CLASSES:
                classes.append(cls)
            continue
        if j + 1 < len(p) and p[j] == "-" and p[j + 1] != "]":
            end = _bracket_item(p, j + 1)
            if end is None:
                return None
            hi, hcls, j = end
            if ch is not None and hi is not None and hcls is None:
                lo_f, hi_f = (fold(ch), fold(hi)) if nocase else (ch, hi)
                if lo_f <= hi_f:
                    ranges.append((lo_f, hi_f))
            continue
        if ch is not None:
            chars.add(fold(ch) if nocase else ch)
    tok = _Bracket(negate, frozenset(chars), tuple(ranges), tuple(classes), nocase)
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
            if end is not None:
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


def _parse(p: str, nocase: bool, extglob: bool) -> tuple[_Token, ...]:
    out: list[_Token] = []
    i = 0
    while i < len(p):
        c = p[i]
        i += 1
        if extglob and c in "?*+@!" and i < len(p) and p[i] == "(":
            close = _ext_close(p, i + 1)
            if close >= 0:
                alts = tuple(_parse(a, nocase, extglob) for a in _split_alts(p[i + 1 : close]))
                out.append(_Ext(c, alts))
                i = close + 1
                continue
        if c == "*":
            if not (out and isinstance(out[-1], _Star)):
                out.append(_Star())
        elif c == "?":
            out.append(_Any())
        elif c == "[":
            br = _parse_bracket(p, i, nocase)
            if br is None:
                out.append(_Lit("["))
            else:
                out.append(br[0])
                i = br[1]
        else:
            if c == "\\" and i < len(p):  # a trailing backslash matches itself (bash 5.2)
                c = p[i]
                i += 1
            out.append(_Lit(fold(c) if nocase else c))
    return tuple(out)


def _reverse(tokens: tuple[_Token, ...]) -> tuple[_Token, ...]:
    """The pattern matching the reversed strings (suffix operators use it)."""
    out: list[_Token] = []
    for tok in reversed(tokens):
        if isinstance(tok, _Ext):
            tok = _Ext(tok.op, tuple(_reverse(a) for a in tok.alts))
        out.append(tok)
    return tuple(out)


# -- fixed-width segments (patterns without extglob groups) ----------------------------------


def _token_regex(tok: _Token) -> tuple[str, bool]:
    """(regex for one character, whether a found character needs tok.matches)."""
    if isinstance(tok, _Lit):
        return re.escape(tok.ch), False
    if not isinstance(tok, _Bracket):
        return ".", False
    if tok.nocase and tok.classes:
        return ".", True  # classes see the unfolded character the regex does not
    members = "".join(re.escape(c) for c in tok.ascii_members())
    if tok.exact_in_regex():
        wide = [re.escape(c) for c in tok.chars if c >= "\x80"]
        wide += [
            f"{re.escape(max(lo, chr(128)))}-{re.escape(hi)}"
            for lo, hi in tok.ranges
            if hi >= "\x80"
        ]
        body = members + "".join(wide)
        return (f"[{body}]" if body else "(?!)"), False
    return f"[{members}{_NON_ASCII}]", True


@dataclass(frozen=True, slots=True)
class _Segment:
    """A run of one-character tokens between stars."""

    width: int
    regex: re.Pattern[str]  # the run, fixed width
    last: re.Pattern[str]  # `.*(run)`: its rightmost occurrence
    checks: tuple[tuple[int, _Bracket], ...]  # offsets the regex only approximates

    def _ok(self, orig: str, i: int) -> bool:
        for off, br in self.checks:
            c = orig[i + off]
            if (c >= "\x80" or br.nocase) and not br.matches(c):
                return False
        return True

    def at(self, s: str, orig: str, i: int) -> bool:
        return i + self.width <= len(s) and (
            not self.width or (self.regex.match(s, i) is not None and self._ok(orig, i))
        )

    def find(self, s: str, orig: str, lo: int, hi: int) -> int:
        """Leftmost start >= lo of an occurrence ending by hi, or -1."""
        while lo + self.width <= hi:
            m = self.regex.search(s, lo, hi)
            if m is None:
                return -1
            if self._ok(orig, m.start()):
                return m.start()
            lo = m.start() + 1
        return -1

    def rfind(self, s: str, orig: str, lo: int, hi: int) -> int:
        """Rightmost start >= lo of an occurrence ending by hi, or -1."""
        while lo + self.width <= hi:
            m = self.last.match(s, lo, hi)
            if m is None:
                return -1
            if self._ok(orig, m.start(1)):
                return m.start(1)
            hi = m.start(1) + self.width - 1
        return -1


def _segment(tokens: Iterable[_Token]) -> _Segment:
    parts: list[str] = []
    checks: list[tuple[int, _Bracket]] = []
    for off, tok in enumerate(tokens):
        rx, check = _token_regex(tok)
        parts.append(rx)
        if check and isinstance(tok, _Bracket):
            checks.append((off, tok))
    body = "".join(parts)
    return _Segment(
        width=len(parts),
        regex=re.compile(body, re.S),
        last=re.compile(f".*({body})", re.S),
        checks=tuple(checks),
    )


def _segments(tokens: tuple[_Token, ...]) -> tuple[_Segment, ...]:
    """The runs between stars: one run when there is no star, else first..last with
    the first and/or last empty when the pattern starts and/or ends with a star."""
    runs: list[list[_Token]] = [[]]
    for tok in tokens:
        if isinstance(tok, _Star):
            runs.append([])
        else:
            runs[-1].append(tok)
    return tuple(_segment(r) for r in runs)


# -- extglob: memoized end positions ---------------------------------------------------------


class _ExtSearch:
    """The set of positions where a token sequence starting at i can end, memoized per
    (sequence, index, start): polynomial where bash's recursion can be exponential."""

    def __init__(self, s: str, orig: str, period: bool) -> None:
        self.s = s  # folded under nocase
        self.orig = orig
        self.period = period  # a leading `.` only matched by a literal `.`
        self.memo: dict[tuple[int, int, int], frozenset[int]] = {}

    def _one(self, tok: _Token, i: int) -> Iterable[int]:
        """Ends of one non-star token starting at i."""
        n = len(self.s)
        if isinstance(tok, _Ext):
            return self._ext(tok, i)
        if i >= n or (self.period and i == 0 and self.s[0] == "."):
            return () if not (isinstance(tok, _Lit) and i < n and tok.ch == self.s[i]) else (i + 1,)
        if isinstance(tok, _Lit):
            return (i + 1,) if tok.ch == self.s[i] else ()
        if isinstance(tok, _Bracket):
            return (i + 1,) if tok.matches(self.orig[i]) else ()
        return (i + 1,)

    def _alts(self, tok: _Ext, i: int) -> set[int]:
        out: set[int] = set()
        for alt in tok.alts:
            out |= self.ends(alt, 0, i)
        return out

    def _ext(self, tok: _Ext, i: int) -> Iterable[int]:
        if tok.op == "@":
            return self._alts(tok, i)
        if tok.op == "?":
            return self._alts(tok, i) | {i}
        if tok.op == "!":
            if self.period and i == 0 and self.s[:1] == ".":
                return ()
            bad = self._alts(tok, i)
            return [j for j in range(i, len(self.s) + 1) if j not in bad]
        seen: set[int] = set()  # * and +: the closure of one or more repetitions
        todo = [i]
        while todo:
            for j in self._alts(tok, todo.pop()):
                if j not in seen:
                    seen.add(j)
                    todo.append(j)
        return seen | {i} if tok.op == "*" else seen

    def ends(self, seq: tuple[_Token, ...], k: int, i: int) -> frozenset[int]:
        key = (id(seq), k, i)
        hit = self.memo.get(key)
        if hit is not None:
            return hit
        if k == len(seq):
            out = frozenset((i,))
        elif isinstance(seq[k], _Star):
            stop = len(self.s)
            if self.period and i == 0 and self.s[:1] == ".":
                stop = -1
            acc: set[int] = set()
            for j in range(i, stop + 1):
                acc |= self.ends(seq, k + 1, j)
            out = frozenset(acc)
        else:
            acc = set()
            for j in self._one(seq[k], i):
                acc |= self.ends(seq, k + 1, j)
            out = frozenset(acc)
        self.memo[key] = out
        return out


# -- the compiled matcher --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Matcher:
    """A compiled pattern. Spans are [lo, hi) of the subject string."""

    tokens: tuple[_Token, ...]
    nocase: bool
    segs: tuple[_Segment, ...] | None  # None when the pattern has extglob groups

    def _subject(self, s: str) -> str:
        return fold_text(s) if self.nocase else s

    def fullmatch(self, s: str, *, period: bool = False) -> bool:
        """strmatch(pattern, s) == 0; `period`: a leading `.` needs a literal `.`."""
        f = self._subject(s)
        if self.segs is None:
            return len(f) in _ExtSearch(f, s, period).ends(self.tokens, 0, 0)
        if period and f[:1] == "." and self.tokens[:1] != (_Lit("."),):
            return False
        return self._span(f, s, 0, len(f))

    def _span(self, f: str, s: str, lo: int, hi: int) -> bool:
        segs = self.segs
        assert segs is not None  # noqa: S101 -- callers check
        first, last = segs[0], segs[-1]
        if len(segs) == 1:
            return hi - lo == first.width and first.at(f, s, lo)
        if not first.at(f, s, lo) or hi - last.width < lo + first.width:
            return False
        pos, lim = lo + first.width, hi - last.width
        if not last.at(f, s, lim):
            return False
        for seg in segs[1:-1]:
            j = seg.find(f, s, pos, lim)
            if j < 0:
                return False
            pos = j + seg.width
        return True

    def prefix_end(self, s: str, start: int, *, longest: bool) -> int:
        """End of the shortest (or longest) s[start:e] the pattern matches, or -1."""
        f = self._subject(s)
        if self.segs is None:
            ends = _ExtSearch(f, s, False).ends(self.tokens, 0, start)
            return (max(ends) if longest else min(ends)) if ends else -1
        segs, n = self.segs, len(f)
        if not segs[0].at(f, s, start):
            return -1
        pos = start + segs[0].width
        if len(segs) == 1:
            return pos
        for seg in segs[1:-1]:
            j = seg.find(f, s, pos, n)
            if j < 0:
                return -1
            pos = j + seg.width
        last = segs[-1]
        if longest and not last.width:
            return n
        j = last.rfind(f, s, pos, n) if longest else last.find(f, s, pos, n)
        return j + last.width if j >= 0 else -1

    def first_candidates(self, s: str, start: int) -> Iterable[int]:
        """Starts >= start where a match may begin, in increasing order (all of them for
        extglob patterns; where the first run occurs otherwise)."""
        n = len(s)
        if self.segs is None or not self.segs[0].width:
            yield from range(start, n + 1)
            return
        f = self._subject(s)
        pos = start
        while (j := self.segs[0].find(f, s, pos, n)) >= 0:
            yield j
            pos = j + 1

    @property
    def monotone(self) -> bool:
        """True when failing to match at some start means no later start can match
        (a star follows the first run: later starts only shorten what the star sees)."""
        return self.segs is not None and len(self.segs) > 1


@lru_cache(maxsize=512)
def compile_pattern(pattern: str, *, nocase: bool = False, extglob: bool = False) -> Matcher:
    """The Matcher for a pattern in quoted form (cached)."""
    tokens = _parse(pattern, nocase, extglob)
    has_ext = any(isinstance(t, _Ext) for t in tokens)
    return Matcher(tokens, nocase, None if has_ext else _segments(tokens))


@lru_cache(maxsize=512)
def reversed_pattern(pattern: str, *, nocase: bool = False, extglob: bool = False) -> Matcher:
    """The Matcher of the reversed language: suffixes of s are prefixes of s[::-1]."""
    tokens = _reverse(_parse(pattern, nocase, extglob))
    has_ext = any(isinstance(t, _Ext) for t in tokens)
    return Matcher(tokens, nocase, None if has_ext else _segments(tokens))


def match(
    pattern: str, s: str, *, nocase: bool = False, extglob: bool = False, pathname: bool = False
) -> bool:
    """Whether s matches pattern (case, [[ == ]]). `pathname`: a `/` and a leading `.`
    (of s or after a `/`) are only matched by a literal `/` and `.` (pathname expansion)."""
    if not pathname:
        return compile_pattern(pattern, nocase=nocase, extglob=extglob).fullmatch(s)
    pats, names = split_slash(pattern), s.split("/")
    return len(pats) == len(names) and all(
        compile_pattern(p, nocase=nocase, extglob=extglob).fullmatch(n, period=True)
        for p, n in zip(pats, names, strict=True)
    )


def split_slash(pattern: str) -> list[str]:
    """A pattern's components between unescaped slashes."""
    out: list[str] = []
    cur: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            if pattern[i + 1] == "/":
                out.append("".join(cur))
                cur = []
            else:
                cur.append(pattern[i : i + 2])
            i += 2
            continue
        if c == "/":
            out.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    out.append("".join(cur))
    return out


# -- quoted form -----------------------------------------------------------------------------

_SPECIAL = frozenset("\\*?[]()|!+@^-")


def quote_pattern(text: str) -> str:
    """text as a pattern matching exactly itself."""
    return "".join("\\" + c if c in _SPECIAL else c for c in text)


def pattern_from_pieces(pieces: Iterable[tuple[str, bool]]) -> str:
    """A pattern from expansion's (text, quoted) pieces: quoted text matches itself,
    unquoted text keeps its meaning (including its backslashes, as in bash)."""
    return "".join(quote_pattern(t) if q else t for t, q in pieces)


def unquote_pattern(pattern: str) -> str:
    """Quote removal of the quoted form (what a pattern that matched nothing expands to)."""
    return re.sub(r"\\(.)", r"\1", pattern, flags=re.S)


def has_glob_chars(pattern: str, *, extglob: bool = False) -> bool:
    """Whether the quoted form has an unescaped *, ? or [ (or an extglob group)."""
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c in "*?[" or (extglob and c in "+@!" and pattern[i + 1 : i + 2] == "("):
            return True
        i += 1
    return False
