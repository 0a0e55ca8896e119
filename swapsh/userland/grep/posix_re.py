"""POSIX basic and extended regular expressions, as GNU grep 3.8 reads them, translated
to Python's re (models the syntax side of gnulib's dfa.c / regcomp.c).

BRE: \\( \\) \\{ \\} \\| \\+ \\? are operators and ( ) { } | + ? are ordinary; * is
ordinary at the start of an expression; ^ and $ anchor only at its start and end.
ERE: ( ) { } | + ? * are operators; a { that does not open a valid interval is
ordinary; a leading * is dropped with a warning. Both: bracket expressions with
[:class:], [=c=] and [.c.]; \\< \\> \\b \\B \\w \\W \\s \\S \\` \\'; back-references.

Matching is Python's leftmost-first, not POSIX leftmost-longest: which line matches
is the same, but -o may print a shorter match where alternatives overlap.
"""

from __future__ import annotations

import re

__all__ = ["RegexError", "translate"]

RE_DUP_MAX = 32767
_CLASSES = {
    "alpha": "a-zA-Z",
    "digit": "0-9",
    "alnum": "a-zA-Z0-9",
    "upper": "A-Z",
    "lower": "a-z",
    "space": " \\t\\n\\r\\f\\v",
    "blank": " \\t",
    "punct": re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~").replace("\\ ", " "),
    "print": "\\x20-\\x7e",
    "graph": "\\x21-\\x7e",
    "cntrl": "\\x00-\\x1f\\x7f",
    "xdigit": "0-9A-Fa-f",
}
_ESCAPES = {
    "<": r"\b(?=\w)",
    ">": r"\b(?<=\w)",
    "b": r"\b",
    "B": r"\B",
    "w": r"\w",
    "W": r"\W",
    "s": r"\s",
    "S": r"\S",
    "`": r"^",
    "'": r"$",
}
UNMATCHED_BRACKET = "Unmatched [, [^, [:, [., or [="


class RegexError(Exception):
    """A pattern grep rejects; the message is grep's (after "grep: ")."""


def _class_char(c: str) -> str:
    return "\\" + c if c in "\\]^-[" else c


def _bracket_item(pat: str, j: int) -> tuple[str, int]:
    """One item of a bracket expression, at pat[j]: a [:class:], or a character
    (plain, [=c=] or [.c.]) that may start a range c-hi. Returns (its Python class
    text, index after it)."""
    c = pat[j]
    if c == "[" and pat[j + 1 : j + 2] in (":", "=", "."):
        kind = pat[j + 1]
        end = pat.find(kind + "]", j + 2)
        if end < 0:
            raise RegexError(UNMATCHED_BRACKET)
        name = pat[j + 2 : end]
        j = end + 2
        if kind == ":":
            if name not in _CLASSES:
                raise RegexError("Invalid character class name")
            return _CLASSES[name], j
        if len(name) != 1:
            raise RegexError("Invalid collation character")
        c = name
    else:
        j += 1
    if pat[j : j + 1] == "-" and pat[j + 1 : j + 2] not in ("]", ""):
        hi = pat[j + 1]
        if hi < c:
            raise RegexError("Invalid range end")
        return f"{_class_char(c)}-{_class_char(hi)}", j + 2
    return _class_char(c), j


def _bracket(pat: str, i: int) -> tuple[str, int]:
    """The bracket expression opening at pat[i] == '['. Returns (Python class, end)."""
    j = i + 1
    neg = pat[j : j + 1] == "^"
    j += neg
    if j >= len(pat):
        raise RegexError("Invalid regular expression")
    start, items = j, []
    if pat[j] == "]":
        items.append("\\]")
        j += 1
    while True:
        if j >= len(pat):
            raise RegexError(UNMATCHED_BRACKET)
        if pat[j] == "]":
            break
        item, j = _bracket_item(pat, j)
        items.append(item)
    body = pat[start:j]
    if len(body) >= 2 and body[0] == ":" and body[-1] == ":" and not neg:
        raise RegexError("character class syntax is [[:space:]], not [:space:]")
    return f"[{'^' if neg else ''}{''.join(items)}]", j + 1


class _Translator:
    """One pass over the pattern, building Python regex text per alternative."""

    def __init__(self, pat: str, ere: bool) -> None:
        self.pat, self.ere = pat, ere
        self.seq: list[list[str]] = [[]]  # per open group: its items so far
        self.alts: list[list[str]] = [[]]  # per open group: finished alternatives
        self.quantified: list[bool] = []  # whether the last item carries a quantifier
        self.open_groups: list[int] = []
        self.closed: set[int] = set()
        self.ngroups = 0
        self.warnings: list[str] = []

    @property
    def at_start(self) -> bool:
        return not self.seq[-1]

    def atom(self, frag: str) -> None:
        self.seq[-1].append(frag)
        self.quantified.append(False)

    def quantify(self, q: str) -> None:
        last = self.seq[-1][-1]
        if self.quantified and self.quantified[-1]:
            last = f"(?:{last})"
        self.seq[-1][-1] = last + q
        if self.quantified:
            self.quantified[-1] = True

    def open_group(self) -> None:
        self.ngroups += 1
        self.open_groups.append(self.ngroups)
        self.seq.append([])
        self.alts.append([])

    def close_group(self) -> bool:
        if not self.open_groups:
            return False
        body = "|".join([*self.alts.pop(), "".join(self.seq.pop())])
        self.closed.add(self.open_groups.pop())
        self.atom(f"({body})")
        return True

    def alternate(self) -> None:
        self.alts[-1].append("".join(self.seq[-1]))
        self.seq[-1] = []

    def result(self) -> str:
        if self.open_groups:
            raise RegexError("Unmatched ( or \\(")
        return "|".join([*self.alts[0], "".join(self.seq[0])])


def _interval(pat: str, i: int, ere: bool) -> tuple[str, int] | None:
    """An interval whose body starts at pat[i]: ('{m,n}', index after it), or None
    if it is not well formed (BRE raises instead)."""
    close = "}" if ere else "\\}"
    end = pat.find(close, i)
    m = re.fullmatch(r"(\d*)(,?)(\d*)", pat[i:end]) if end >= 0 else None
    if m is None or (not m.group(1) and not m.group(2)):
        if ere:
            return None
        raise RegexError("Unmatched \\{" if end < 0 else "Invalid content of \\{\\}")
    lo = int(m.group(1) or 0)
    hi = None if m.group(2) and not m.group(3) else int(m.group(3) or lo)
    if hi is not None and hi < lo:
        raise RegexError("Invalid content of \\{\\}")
    if max(lo, hi or 0) > RE_DUP_MAX:
        raise RegexError("Regular expression too big")
    return f"{{{lo},{'' if hi is None else hi}}}", end + len(close)


def _backslash(t: _Translator, d: str) -> None:
    if d in _ESCAPES:
        t.atom(_ESCAPES[d])
    elif d.isdigit() and d != "0":
        if int(d) not in t.closed:
            raise RegexError("Invalid back reference")
        t.atom(f"(?:\\{d})")
    else:
        t.atom(re.escape(d))


def _bre_escape(t: _Translator, pat: str, i: int) -> int:
    """A BRE backslash sequence at pat[i]: \\( \\) \\| \\+ \\? \\{...\\} or an escape.
    Returns the index after it."""
    if i + 1 >= len(pat):
        raise RegexError("Trailing backslash")
    d = pat[i + 1]
    if d == "(":
        t.open_group()
    elif d == ")":
        if not t.close_group():
            raise RegexError("Unmatched ) or \\)")
    elif d == "|":
        t.alternate()
    elif d in "+?" and not t.at_start:
        t.quantify(d)
    elif d == "{" and not t.at_start:
        q, nxt = _interval(pat, i + 2, False) or ("", i + 2)
        t.quantify(q)
        return nxt
    elif d == "{":
        t.atom(re.escape("{"))
    else:
        _backslash(t, d)
    return i + 2


def _step_bre(t: _Translator, pat: str, i: int) -> int:
    c = pat[i]
    if c == "\\":
        return _bre_escape(t, pat, i)
    if c == "*" and not t.at_start and t.seq[-1][-1] != "^":
        t.quantify("*")
    elif c == "^" and t.at_start:
        t.atom("^")
    elif c == "$" and (i + 1 == len(pat) or pat[i + 1 : i + 3] in ("\\)", "\\|")):
        t.atom("$")
    elif c == "[":
        frag, nxt = _bracket(pat, i)
        t.atom(frag)
        return nxt
    else:
        t.atom("." if c == "." else re.escape(c))
    return i + 1


def _ere_repeat(t: _Translator, c: str) -> None:
    """An ERE * + or ?: dropped with a warning at the start of an expression."""
    if t.at_start or t.seq[-1][-1] == "^":
        t.warnings.append(f"{c} at start of expression")
    else:
        t.quantify(c)


def _ere_brace(t: _Translator, pat: str, i: int) -> int:
    """An ERE '{' at pat[i]: an interval, or an ordinary '{' if none is well formed
    there; a leading interval is kept as text with a warning. Returns the index
    after it."""
    iv = _interval(pat, i + 1, True)
    if iv is None:
        t.atom("\\{")
        return i + 1
    if t.at_start:
        t.warnings.append("{...} at start of expression")
        t.atom(re.escape(pat[i : iv[1]]))
    else:
        t.quantify(iv[0])
    return iv[1]


def _step_ere(t: _Translator, pat: str, i: int) -> int:
    c = pat[i]
    if c == "\\":
        if i + 1 >= len(pat):
            raise RegexError("Trailing backslash")
        _backslash(t, pat[i + 1])
        return i + 2
    if c == "(":
        t.open_group()
    elif c == ")":
        if not t.close_group():
            t.atom("\\)")
    elif c == "|":
        t.alternate()
    elif c in "*+?":
        _ere_repeat(t, c)
    elif c == "{":
        return _ere_brace(t, pat, i)
    elif c in "^$":
        t.atom(c)
    elif c == "[":
        frag, nxt = _bracket(pat, i)
        t.atom(frag)
        return nxt
    else:
        t.atom("." if c == "." else re.escape(c))
    return i + 1


def translate(pat: str, ere: bool) -> tuple[str, list[str]]:
    """Python regex text for a BRE (ere=False) or ERE, and grep's warnings.
    Raises RegexError with grep's message for a pattern grep rejects."""
    t = _Translator(pat, ere)
    i = 0
    step = _step_ere if ere else _step_bre
    while i < len(pat):
        i = step(t, pat, i)
    return t.result(), t.warnings
