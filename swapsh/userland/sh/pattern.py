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
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from swapsh.userland.sh.pattern_parse import (
    Any_,
    Bracket,
    Ext,
    Lit,
    Star,
    Token,
    fold_text,
    parse,
    reverse,
)

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


# -- fixed-width segments (patterns without extglob groups) ----------------------------------


def _token_regex(tok: Token) -> tuple[str, bool]:
    """(regex for one character, whether a found character needs tok.matches)."""
    if isinstance(tok, Lit):
        return re.escape(tok.ch), False
    if not isinstance(tok, Bracket):
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
    checks: tuple[tuple[int, Bracket], ...]  # offsets the regex only approximates

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


def _segment(tokens: Iterable[Token]) -> _Segment:
    parts: list[str] = []
    checks: list[tuple[int, Bracket]] = []
    for off, tok in enumerate(tokens):
        rx, check = _token_regex(tok)
        parts.append(rx)
        if check and isinstance(tok, Bracket):
            checks.append((off, tok))
    body = "".join(parts)
    return _Segment(
        width=len(parts),
        regex=re.compile(body, re.S),
        last=re.compile(f".*({body})", re.S),
        checks=tuple(checks),
    )


def _segments(tokens: tuple[Token, ...]) -> tuple[_Segment, ...]:
    """The runs between stars: one run when there is no star, else first..last with
    the first and/or last empty when the pattern starts and/or ends with a star."""
    runs: list[list[Token]] = [[]]
    for tok in tokens:
        if isinstance(tok, Star):
            runs.append([])
        else:
            runs[-1].append(tok)
    return tuple(_segment(r) for r in runs)


# -- extglob: memoized end positions ---------------------------------------------------------


class ExtSearch:
    """The set of positions where a token sequence starting at i can end, memoized per
    (sequence, index, start): polynomial where bash's recursion can be exponential."""

    def __init__(self, s: str, orig: str, period: bool) -> None:
        self.s = s  # folded under nocase
        self.orig = orig
        self.period = period  # a leading `.` only matched by a literal `.`
        self.memo: dict[tuple[int, int, int], frozenset[int]] = {}

    def _one(self, tok: Token, i: int) -> Iterable[int]:
        """Ends of one non-star token starting at i."""
        n = len(self.s)
        if isinstance(tok, Ext):
            return self._ext(tok, i)
        if i >= n or (self.period and i == 0 and self.s[0] == "."):
            return () if not (isinstance(tok, Lit) and i < n and tok.ch == self.s[i]) else (i + 1,)
        if isinstance(tok, Lit):
            return (i + 1,) if tok.ch == self.s[i] else ()
        if isinstance(tok, Bracket):
            return (i + 1,) if tok.matches(self.orig[i]) else ()
        return (i + 1,)

    def _alts(self, tok: Ext, i: int) -> set[int]:
        out: set[int] = set()
        for alt in tok.alts:
            out |= self.ends(alt, 0, i)
        return out

    def _ext(self, tok: Ext, i: int) -> Iterable[int]:
        if tok.op in "@=":
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

    def _quirk_run(self, seq: tuple[Token, ...], k: int) -> tuple[int, int] | None:
        """For the star at seq[k]: (index of the group after its run of stars and `?`s,
        the number of `?`s) when that group is one sm_loop.c treats apart (!@+), else
        None."""
        k2, takes = k + 1, 0
        while k2 < len(seq) and isinstance(seq[k2], Star | Any_):
            takes += isinstance(seq[k2], Any_)
            k2 += 1
        nxt = seq[k2] if k2 < len(seq) else None
        return (k2, takes) if isinstance(nxt, Ext) and nxt.op in "!@+=" else None

    def _quirk_star(
        self, seq: tuple[Token, ...], run: tuple[int, int], starts: set[int]
    ) -> set[int]:
        """Ends of a star run and all that follows it, for the groups of _quirk_run:
        sm_loop.c tries them only where a character is left before the end of the
        (sub)string, and with none left after the run a `!(` matches whatever follows."""
        k2, takes = run
        n = len(self.s)
        group = seq[k2]
        bang = isinstance(group, Ext) and group.op in "!="
        acc: set[int] = set()
        for start in starts:
            if self.period and start == 0 and self.s[:1] == ".":
                continue
            least = start + takes
            for j in range(least, n):
                acc.update(e for e in self.ends(seq, k2, j) if e > j)
            if bang and least <= n:
                acc.add(least)
        return acc

    def ends(self, seq: tuple[Token, ...], k: int, i: int) -> frozenset[int]:
        """Where seq[k:] can end when it starts at i: a fold over the tokens (it recurses
        only into groups and at the star runs of _quirk_run)."""
        key = (id(seq), k, i)
        hit = self.memo.get(key)
        if hit is not None:
            return hit
        positions = {i}
        n = len(self.s)
        while k < len(seq) and positions:
            tok = seq[k]
            if isinstance(tok, Star):
                run = self._quirk_run(seq, k)
                if run is not None:
                    positions = self._quirk_star(seq, run, positions)
                    break
                if self.period and self.s[:1] == ".":
                    positions.discard(0)  # a star cannot take a leading `.`
                positions = set(range(min(positions), n + 1)) if positions else positions
            else:
                nxt: set[int] = set()
                for p in positions:
                    nxt.update(self._one(tok, p))
                positions = nxt
            k += 1
        out = frozenset(positions)
        self.memo[key] = out
        return out


# -- the compiled matcher --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Matcher:
    """A compiled pattern. Spans are [lo, hi) of the subject string."""

    text: str  # the pattern, in quoted form (reversed_pattern's: the unreversed one)
    tokens: tuple[Token, ...]
    nocase: bool
    extglob: bool
    segs: tuple[_Segment, ...] | None  # None when the pattern has extglob groups

    def subject(self, s: str) -> str:
        """What the regexes run on: s, case-folded under nocase (same length)."""
        return fold_text(s) if self.nocase else s

    def fixed_run(self) -> re.Pattern[str] | None:
        """The regex of a star-free, non-empty pattern whose regex is exact, else None."""
        segs = self.segs
        if segs is None or len(segs) != 1 or not segs[0].width or segs[0].checks:
            return None
        return segs[0].regex

    def fullmatch(self, s: str, *, period: bool = False) -> bool:
        """strmatch(pattern, s) == 0; `period`: a leading `.` needs a literal `.`."""
        f = self.subject(s)
        if self.segs is None:
            return len(f) in ExtSearch(f, s, period).ends(self.tokens, 0, 0)
        if period and f[:1] == "." and self.tokens[:1] != (Lit("."),):
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
        f = self.subject(s)
        if self.segs is None:
            ends = ExtSearch(f, s, False).ends(self.tokens, 0, start)
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

    def suffix_start_ext(self, s: str, *, longest: bool) -> int:
        """For an extglob pattern: the start of the longest (or shortest) suffix of s it
        matches, or -1 (each start tried, as remove_pattern does, sharing one search)."""
        f = self.subject(s)
        search, n = ExtSearch(f, s, False), len(f)
        first = self.tokens[0] if self.tokens else None
        if isinstance(first, Lit):  # only where the first character is
            starts: Iterable[int] = (m.start() for m in re.finditer(re.escape(first.ch), f))
            starts = starts if longest else reversed(list(starts))
        else:
            starts = range(n + 1) if longest else range(n, -1, -1)
        return next((b for b in starts if n in search.ends(self.tokens, 0, b)), -1)

    def first_candidates(self, s: str, start: int) -> Iterable[int]:
        """Starts >= start where a match may begin, in increasing order (all of them for
        extglob patterns; where the first run occurs otherwise)."""
        n = len(s)
        if self.segs is None or not self.segs[0].width:
            yield from range(start, n + 1)
            return
        f = self.subject(s)
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
    tokens = parse(pattern, nocase, extglob)
    has_ext = any(isinstance(t, Ext) for t in tokens)
    return Matcher(pattern, tokens, nocase, extglob, None if has_ext else _segments(tokens))


@lru_cache(maxsize=512)
def reversed_pattern(pattern: str, *, nocase: bool = False, extglob: bool = False) -> Matcher:
    """The Matcher of the reversed language: suffixes of s are prefixes of s[::-1]."""
    tokens = reverse(parse(pattern, nocase, extglob))
    has_ext = any(isinstance(t, Ext) for t in tokens)
    return Matcher(pattern, tokens, nocase, extglob, None if has_ext else _segments(tokens))


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
