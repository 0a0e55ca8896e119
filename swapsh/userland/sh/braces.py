"""Brace expansion (models bash 5.2's braces.c: brace_expand, brace_gobbler,
expand_seqterm, mkseq) on a word's raw text.

The words it returns are raw text too: quotes, backslashes, `${...}` and `$(...)` are
passed through untouched (and nothing inside them is expanded) for the later expansions.
A `limit` bounds the bytes of every list built on the way (each word counts its length
plus a NUL and a pointer, as bash's strvec holds it): past it BraceTooBig is raised
before the list exists, so
`{1..1000000000}` costs no host memory; the caller reports bash's allocation failure.
Python's words take about four times the bytes counted, so the default is 16 MiB.
"""

from __future__ import annotations

import re

__all__ = ["DEFAULT_LIMIT", "MAX_NESTING", "BraceTooBig", "brace_expand"]

DEFAULT_LIMIT = 16 << 20
WORD_COST = 9  # a word's bytes beyond its characters: its NUL and its pointer in the strvec
MAX_NESTING = 64  # brace expressions inside brace expressions (Python's stack is small)
_INTMAX = (1 << 63) - 1
_INT_MAX = (1 << 31) - 1


class BraceTooBig(Exception):
    """Brace expansion would build more than its limit."""


def _ws(text: str, i: int) -> bool:
    """brace_whitespace: the end of the text counts as whitespace."""
    return i < 0 or i >= len(text) or text[i] in " \t\n"


def _skip_comsub(text: str, i: int) -> int:
    """Index of the `)` closing the `$(`, `<(` or `>(` whose `(` is text[i-1] (quotes
    and nested parentheses skipped), or len(text) when it is unclosed."""
    depth, quote = 1, ""
    while i < len(text):
        c = text[i]
        if c == "\\" and quote != "'":
            i += 2
            continue
        if quote:
            quote = "" if c == quote else quote
        elif c in "'\"`":
            quote = c
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(text)


def _skip_quoted(text: str, i: int, quoted: str) -> tuple[int, str] | None:
    """Inside quotes, or at something brace expansion leaves alone: (index of the last
    character consumed, quoting after it); None for an ordinary unquoted character."""
    c = text[i]
    if quoted:
        if c == quoted:
            return i, ""
        if quoted == '"' and text[i : i + 2] == "$(":
            return _skip_comsub(text, i + 2), quoted
        return i, quoted
    if c in "\"'`":
        return i, c
    if c in "$<>" and text[i + 1 : i + 2] == "(":
        return _skip_comsub(text, i + 2), quoted
    return None


# the characters _gobble looks at, by quoting (inside '...', only its end matters)
_INTERESTING = {
    "": re.compile(r"[\\$'\"`{},.<>]"),
    "'": re.compile("'"),
    '"': re.compile(r'[\\$"]'),
    "`": re.compile(r"[\\`]"),
}


def _gobble(text: str, i: int, satisfy: str, budget: _Budget) -> int:
    """brace_gobbler: index of the first `satisfy` at this nesting level outside quotes,
    `${...}` and command substitutions, or len(text). For `}` it must close an amble
    holding a top-level comma or `..`."""
    level, quoted = 0, ""
    commas = 0 if satisfy == "}" else 1
    n = len(text)
    steps = 0
    while i < n:
        steps += 1
        found = _INTERESTING[quoted].search(text, i)  # plain characters change nothing
        if found is None:
            break
        i = found.start()
        c = text[i]
        if c == "\\" and quoted in ("", '"', "`"):
            i += 2  # the escaped character is passed over
            continue
        if c == "$" and text[i + 1 : i + 2] == "{" and quoted != "'":
            level += not quoted  # ${ is treated like \{ and its } closes a level
            i += 2
            continue
        skipped = _skip_quoted(text, i, quoted)
        if skipped is not None:
            i, quoted = skipped
        elif c == satisfy and level == 0 and commas > 0:
            # an open brace alone between blanks, or followed by `}`, is not one
            if not (c == "{" and _ws(text, i - 1) and (_ws(text, i + 1) or text[i + 1] == "}")):
                budget.scanned(steps)
                return i
        elif c == "{":
            level += 1
        elif c == "}" and level:
            level -= 1
        elif satisfy == "}" and level == 0 and (c == "," or _seq_mark(text, i)):
            commas += 1
        i += 1
    budget.scanned(steps)
    return n


def _seq_mark(text: str, i: int) -> bool:
    return text[i : i + 2] == ".." and text[i + 2 : i + 3] != "}"


class _Budget:
    """The limits of one expansion: bytes built, characters scanned, nesting."""

    def __init__(self, limit: int, text: str) -> None:
        self.limit = limit
        # bash rescans the rest of the word for each `{` that opens nothing, quadratic
        # on words like `{{{...,}`; past this many steps of _gobble it is refused
        self.scan_left = 2 * len(text) + (1 << 20)

    def check(self, nbytes: int) -> None:
        if nbytes > self.limit:
            raise BraceTooBig(nbytes)

    def scanned(self, steps: int) -> None:
        self.scan_left -= steps
        if self.scan_left < 0:
            raise BraceTooBig(self.limit + 1)


def _size(words: list[str]) -> int:
    return sum(len(w) + WORD_COST for w in words)


def brace_expand(text: str, *, limit: int = DEFAULT_LIMIT) -> list[str]:
    """The words `text` brace-expands to, in bash's order (a word without a brace
    expression gives [text]). Raises BraceTooBig past `limit` bytes, and for words
    bash would need quadratic time or deep recursion for (see _Budget, MAX_NESTING)."""
    if "}" not in text:
        return [text]
    return _expand(text, _Budget(limit, text), 0)


def _first_brace(text: str, budget: _Budget) -> tuple[int, int] | None:
    """(index after the `{`, index of its `}`) of the first brace expression."""
    n = len(text)
    i = 0
    while True:
        i = _gobble(text, i, "{", budget)
        if i >= n:
            return None
        close = _gobble(text, i + 1, "}", budget)
        if close < n:
            return i + 1, close
        i += 1


def _expand(text: str, budget: _Budget, depth: int) -> list[str]:
    """brace_expand, its recursion on the postamble made a loop: preamble, amble and
    the words of the rest, left to right (array_concat is associative)."""
    if depth > MAX_NESTING:
        raise BraceTooBig(budget.limit + 1)
    result = [""]
    while True:
        found = _first_brace(text, budget)
        if found is None:
            return _concat(result, [text], budget)
        start, close = found
        amble, tail = text[start:close], text[close + 1 :]
        if _has_separator(amble):
            tack = _expand_amble(amble, budget, depth + 1)
        else:
            seq = _expand_seqterm(amble, budget)
            if seq is not None:
                tack = seq
            elif tail:
                tack = [text[start - 1 : close + 1]]  # not a sequence: the braces stay
            else:
                return _concat(result, [text], budget)
        result = _concat(_concat(result, [text[: start - 1]], budget), tack, budget)
        if not tail:
            return result
        text = tail


def _has_separator(amble: str) -> bool:
    """An unescaped comma (quotes do not hide it here, as in bash)."""
    j = 0
    while j < len(amble):
        if amble[j] == "\\":
            j += 2
            continue
        if amble[j] == ",":
            return True
        j += 1
    return False


def _expand_amble(amble: str, budget: _Budget, depth: int) -> list[str]:
    out: list[str] = []
    total = 0
    start = 0
    while True:
        i = _gobble(amble, start, ",", budget)
        part = _expand(amble[start:i], budget, depth)
        total += _size(part)
        budget.check(total)
        out.extend(part)
        if i >= len(amble):
            return out
        start = i + 1


def _concat(arr1: list[str], arr2: list[str], budget: _Budget) -> list[str]:
    """array_concat: each of arr1 followed by each of arr2 (a lone "" is the identity)."""
    if arr1 == [""]:
        return arr2
    if arr2 == [""]:
        return arr1
    size = len(arr1) * _size(arr2) + len(arr2) * sum(len(w) for w in arr1)
    budget.check(size)
    return [a + b for a in arr1 for b in arr2]


# -- sequence expressions {x..y[..incr]} -----------------------------------------------------


def _strtoimax(s: str) -> tuple[int | None, int]:
    """strtoimax base 10 on s: (value, characters used); value None on overflow (ERANGE),
    and (0, 0) when there is no number."""
    j = 0
    while j < len(s) and s[j] in " \t\n\v\f\r":
        j += 1
    k = j + (j < len(s) and s[j] in "+-")
    d = k
    while d < len(s) and "0" <= s[d] <= "9":
        d += 1
    if d == k:
        return 0, 0
    value = int(s[j:d])
    return (value if -_INTMAX - 1 <= value <= _INTMAX else None), d


def _legal_number(s: str) -> int | None:
    """bash's legal_number: the whole string (blanks around it allowed) is an integer."""
    value, used = _strtoimax(s)
    if value is None or used == 0 or s[used:].strip(" \t\n\v\f\r"):
        return None
    return value


def _is_digit(s: str) -> bool:
    return len(s) == 1 and "0" <= s <= "9"


def _is_ascii_alpha(s: str) -> bool:
    return s.isascii() and s.isalpha()


def _expand_seqterm(amble: str, budget: _Budget) -> list[str] | None:
    dots = amble.find("..")
    if dots < 0:
        return None
    lhs, rhs = amble[:dots], amble[dots + 2 :]
    if not lhs or not rhs:
        return None
    lnum = _legal_number(lhs)
    ltype = "int" if lnum is not None else "char" if len(lhs) == 1 and _is_ascii_alpha(lhs) else ""
    if _is_digit(rhs[0]) or (rhs[0] in "+-" and _is_digit(rhs[1:2])):
        rnum, used = _strtoimax(rhs)
        rtype = "int" if rnum is not None and rhs[used : used + 1] in ("", ".") else ""
    elif _is_ascii_alpha(rhs[0]) and rhs[1:2] in ("", "."):
        rnum, used, rtype = ord(rhs[0]), 1, "char"
    else:
        return None
    incr: int | None = 1
    rest = rhs[used:]
    if rtype and rest:
        incr, iused = _strtoimax(rest[2:]) if rest.startswith("..") and len(rest) > 2 else (0, -2)
        if incr is None or iused + 2 != len(rest):
            rtype = ""
    if not ltype or ltype != rtype or incr is None or rnum is None:
        return None
    if ltype == "char":
        return _mkseq(ord(lhs), rnum, incr, 0, budget, chars=True)
    assert lnum is not None  # noqa: S101 -- ltype "int"
    rlen = used
    width = 0
    for part, plen in ((lhs, len(lhs)), (rhs, rlen)):
        if (plen > 1 and part[0] == "0") or (plen > 2 and part.startswith("-0")):
            width = max(width, len(lhs), rlen)
    return _mkseq(lnum, rnum, incr, width, budget, chars=False)


def _mkseq(
    start: int, end: int, incr: int, width: int, budget: _Budget, *, chars: bool
) -> list[str] | None:
    """mkseq: start to end inclusive by incr (its sign follows the direction)."""
    incr = abs(incr) or 1
    if start > end:
        incr = -incr
    if not -_INTMAX - 1 + 3 <= end - start <= _INTMAX - 2:
        return None
    if abs(end - start) // abs(incr) > _INT_MAX - 3:
        return None
    # every word takes at least 1 + WORD_COST bytes: a sequence sure to be too big
    # costs nothing
    budget.check((1 + WORD_COST) * (abs(end - start) // abs(incr) + 1))
    out: list[str] = []
    total = 0
    n = start
    while True:
        if chars:
            word = chr(n)
        elif width:
            word = f"{_as_int(n):0{width}d}"  # printf("%0*d", width, (int)n)
        else:
            word = str(n)
        total += len(word) + WORD_COST
        budget.check(total)
        out.append(word)
        n += incr
        if (incr < 0 and n < end) or (incr > 0 and n > end) or not -_INTMAX - 1 <= n <= _INTMAX:
            return out


def _as_int(n: int) -> int:
    """A C int conversion of an intmax_t (two's complement truncation)."""
    n &= 0xFFFFFFFF
    return n - (1 << 32) if n & 0x80000000 else n
