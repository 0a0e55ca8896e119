"""Parameter expansion's pattern operators (models bash 5.2's subst.c: remove_pattern,
pat_subst, parameter_brace_casemod/sh_modcase): ${x#p} ${x##p} ${x%p} ${x%%p},
${x/p/r} ${x//p/r} ${x/#p/r} ${x/%p/r}, ${x^p} ${x^^p} ${x,p} ${x,,p} ${x~p} ${x~~p}.

Patterns are in pattern.py's quoted form. An empty pattern is passed as "" (never None):
it removes nothing, `/` and `//` with it leave the value alone, `/#` and `/%` with it
insert the replacement at the start or end, and the case operators treat it as `?`.
nocasematch applies to the `/` operators only (bash 5.2 folds case in match_pattern, not
in remove_pattern or sh_modcase): the caller passes it as pat_subst's `nocase`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from enum import Enum

from swapsh.userland.sh.pattern import Matcher, compile_pattern, reversed_pattern

__all__ = [
    "CaseOp",
    "SubstMode",
    "case_modify",
    "pat_subst",
    "remove_prefix",
    "remove_suffix",
    "replacement_from_pieces",
]


def remove_prefix(value: str, pattern: str, *, longest: bool, extglob: bool = False) -> str:
    """${value#pattern} (shortest) or ${value##pattern} (longest)."""
    end = compile_pattern(pattern, extglob=extglob).prefix_end(value, 0, longest=longest)
    return value[end:] if end >= 0 else value


def remove_suffix(value: str, pattern: str, *, longest: bool, extglob: bool = False) -> str:
    """${value%pattern} (shortest) or ${value%%pattern} (longest)."""
    rev = reversed_pattern(pattern, extglob=extglob)
    end = rev.prefix_end(value[::-1], 0, longest=longest)
    return value[: len(value) - end] if end >= 0 else value


class SubstMode(Enum):
    """Which ${x/...} form: `/` FIRST, `//` ALL, `/#` PREFIX, `/%` SUFFIX."""

    FIRST = "/"
    ALL = "//"
    PREFIX = "/#"
    SUFFIX = "/%"


def replacement_from_pieces(pieces: Iterable[tuple[str, bool]] | str) -> str:
    """The replacement as bash hands it to strcreplace: quoted `\\` and `&` are
    backslash-escaped, unquoted text (a bare str is one unquoted piece) is left as it is,
    so an unquoted `\\&` is a literal `&` and any other backslash stays."""
    if isinstance(pieces, str):
        return pieces
    out = []
    for text, quoted in pieces:
        out.append(text.replace("\\", "\\\\").replace("&", "\\&") if quoted else text)
    return "".join(out)


def _expand_amp(rep: str, matched: str, *, quote: bool = False) -> str:
    """strcreplace(rep, '&', matched): `&` is the match, `\\&` and `\\\\` are literal.
    `quote`: double the literal backslashes (to build a re.sub template)."""
    if "&" not in rep and "\\" not in rep:
        return rep
    out, i = [], 0
    while i < len(rep):
        c = rep[i]
        if c == "\\" and i + 1 < len(rep) and rep[i + 1] in "&\\":
            c = rep[i + 1]
            i += 1
        elif c == "&":
            c = matched
        out.append("\\\\" if quote and c == "\\" else c)
        i += 1
    return "".join(out)


def _longest_at(m: Matcher, value: str, start: int) -> int:
    return m.prefix_end(value, start, longest=True)


def _find_any(m: Matcher, value: str, start: int) -> tuple[int, int] | None:
    """Leftmost start >= start with a match, and the longest match there (bash's
    match_pattern with MATCH_ANY)."""
    for i in m.first_candidates(value, start):
        end = _longest_at(m, value, i)
        if end >= 0:
            return i, end
        if m.monotone:
            return None
    return None


def _suffix_span(value: str, pattern: str, extglob: bool, nocase: bool) -> tuple[int, int] | None:
    """The longest suffix the pattern matches (MATCH_END)."""
    rev = reversed_pattern(pattern, extglob=extglob, nocase=nocase)
    end = rev.prefix_end(value[::-1], 0, longest=True)
    return (len(value) - end, len(value)) if end >= 0 else None


def pat_subst(
    value: str,
    pattern: str,
    replacement: str,
    mode: SubstMode,
    *,
    patsub_replacement: bool = True,
    extglob: bool = False,
    nocase: bool = False,
) -> str:
    """${value/pattern/replacement} and its //, /# and /% forms. `replacement` comes from
    replacement_from_pieces when patsub_replacement is on (bash 5.2's default), else it
    is plain text."""
    m = compile_pattern(pattern, extglob=extglob, nocase=nocase)
    if not pattern and mode in (SubstMode.FIRST, SubstMode.ALL):
        return value

    def rep(matched: str) -> str:
        return _expand_amp(replacement, matched) if patsub_replacement else replacement

    if not value:  # bash: an empty value is replaced when the pattern matches ""
        return rep("") if m.fullmatch("") else value
    if mode is SubstMode.PREFIX:
        end = _longest_at(m, value, 0)
        return value if end < 0 else rep(value[:end]) + value[end:]
    if mode is SubstMode.SUFFIX:
        span = _suffix_span(value, pattern, extglob, nocase)
        return value if span is None else value[: span[0]] + rep(value[span[0] :])
    fixed = m.fixed_run()
    if fixed is not None:  # no star: occurrences are the regex's, left to right
        return _subst_fixed(value, m, fixed, rep, mode)
    return _subst_scan(value, m, rep, mode)


def _subst_scan(value: str, m: Matcher, rep: Callable[[str], str], mode: SubstMode) -> str:
    """pat_subst's loop: the longest match at the leftmost start, then on after it."""
    out: list[str] = []
    pos = 0
    while pos < len(value):
        found = _find_any(m, value, pos)
        if found is None:
            break
        s, e = found
        out.append(value[pos:s])
        out.append(rep(value[s:e]))
        if s == e:  # an empty match: keep one character and go on after it
            out.append(value[e])
            e += 1
        pos = e
        if mode is SubstMode.FIRST:
            break
    out.append(value[pos:])
    return "".join(out)


def _subst_fixed(
    value: str, m: Matcher, regex: re.Pattern[str], rep: Callable[[str], str], mode: SubstMode
) -> str:
    count = 1 if mode is SubstMode.FIRST else 0
    if not m.nocase:
        constant = rep("&")
        if constant == rep("") and "\\" not in constant:  # a plain string template
            return regex.sub(constant, value, count=count)
        return regex.sub(lambda found: rep(found.group()), value, count=count)
    out: list[str] = []
    pos = 0
    for found in regex.finditer(m.subject(value)):  # the match's text is the value's
        out.append(value[pos : found.start()])
        out.append(rep(value[found.start() : found.end()]))
        pos = found.end()
        if count:
            break
    out.append(value[pos:])
    return "".join(out)


class CaseOp(Enum):
    """${x^p} UPFIRST, ^^ UPPER, , LOWFIRST, ,, LOWER, ~ TOGGLEFIRST, ~~ TOGGLE."""

    UPFIRST = "^"
    UPPER = "^^"
    LOWFIRST = ","
    LOWER = ",,"
    TOGGLEFIRST = "~"
    TOGGLE = "~~"


def _toggle(c: str) -> str:
    return c.lower() if c.isupper() else c.upper()


# each operator's conversion, and whether it converts the first character only
_CASE_OPS: dict[CaseOp, tuple[Callable[[str], str], bool]] = {
    CaseOp.UPFIRST: (str.upper, True),
    CaseOp.UPPER: (str.upper, False),
    CaseOp.LOWFIRST: (str.lower, True),
    CaseOp.LOWER: (str.lower, False),
    CaseOp.TOGGLEFIRST: (_toggle, True),
    CaseOp.TOGGLE: (_toggle, False),
}


def _convert(c: str, op: CaseOp) -> str:
    new = _CASE_OPS[op][0](c)
    return new if len(new) == 1 else c  # towupper maps one character to one


def case_modify(value: str, op: CaseOp, pattern: str = "", *, extglob: bool = False) -> str:
    """sh_modcase: convert each character (only the first for ^ , ~) that the pattern
    matches on its own; an empty pattern matches every character."""
    m = compile_pattern(pattern or "?", extglob=extglob)
    if _CASE_OPS[op][1]:
        head = value[:1]
        return (_convert(head, op) if head and m.fullmatch(head) else head) + value[1:]
    # each distinct character is matched once: a long value has few of them
    table = {ord(c): _convert(c, op) for c in set(value) if m.fullmatch(c)}
    return value.translate(table)
