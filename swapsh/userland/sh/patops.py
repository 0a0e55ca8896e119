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
from swapsh.userland.sh.pattern_parse import fold

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
    start = _suffix_start(value, pattern, longest=longest, extglob=extglob, nocase=False)
    return value[:start] if start >= 0 else value


def _suffix_start(value: str, pattern: str, *, longest: bool, extglob: bool, nocase: bool) -> int:
    """Start of the longest (or shortest) suffix the pattern matches, or -1. Suffixes of
    value are prefixes of the reversed value for the reversed pattern, except that an
    extglob pattern's quirks after a star do not reverse: those are tried one by one."""
    m = compile_pattern(pattern, extglob=extglob, nocase=nocase)
    if m.segs is None:
        return m.suffix_start_ext(value, longest=longest)
    rev = reversed_pattern(pattern, extglob=extglob, nocase=nocase)
    end = rev.prefix_end(value[::-1], 0, longest=longest)
    return len(value) - end if end >= 0 else -1


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


def _wrapped(pattern: str, mode: SubstMode, extglob: bool) -> str:
    """The pattern bash's match_upattern first matches against the whole value, with
    `*` added where the match may float (a quick rejection whose quirks show: a lone
    trailing backslash escapes the added `*`)."""
    lead = pattern[0] != "*" or (extglob and pattern[1:2] == "(")
    if not lead and pattern[-1] == "*":
        return pattern
    head = "*" if mode is not SubstMode.PREFIX and lead else ""
    tail = ""
    if mode is not SubstMode.SUFFIX:
        escaped = (len(pattern) - len(pattern[:-1].rstrip("\\")) - 1) % 2 == 1
        if pattern[-1] != "*" or escaped:
            tail = "*"
    return head + pattern + tail


def _longest_at(m: Matcher, value: str, start: int) -> int:
    return m.prefix_end(value, start, longest=True)


def _find_any(m: Matcher, value: str, start: int) -> tuple[int, int] | None:
    """Leftmost start >= start with a match, and the longest match there (bash's
    match_pattern with MATCH_ANY)."""
    for i in m.first_candidates(value, start):
        if not _may_start(m, value[i : i + 1]):
            continue
        end = _longest_at(m, value, i)
        if end >= 0:
            return i, end
        if m.monotone:
            return None
    return None


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

    def rep(matched: str) -> str:
        return _expand_amp(replacement, matched) if patsub_replacement else replacement

    if not pattern:  # a null pattern anchors at the start or end, else does nothing
        head = rep("") if mode is SubstMode.PREFIX else ""
        return head + value + (rep("") if mode is SubstMode.SUFFIX else "")
    # bash's wide-character path (a non-ASCII value or pattern) wraps as for `/` always
    wrap_mode = mode if value.isascii() and pattern.isascii() else SubstMode.FIRST
    wrapped = compile_pattern(_wrapped(pattern, wrap_mode, extglob), extglob=extglob, nocase=nocase)
    if not wrapped.fullmatch(value):
        return value
    if mode is not SubstMode.SUFFIX and not _may_start_somewhere(m, value, mode):
        return value
    if not value:  # bash: an empty value is replaced when the pattern matches ""
        return rep("") if m.fullmatch("") else value
    mlen = _matchlen(pattern)
    if mlen >= 0 and not (m.segs and len(m.segs) == 1 and m.segs[0].width == mlen):
        return _subst_len(value, m, mlen, rep, mode)  # bash's idea of a fixed length
    if mode is SubstMode.PREFIX or mode is SubstMode.SUFFIX:
        return _subst_anchored(value, m, rep, mode)
    fixed = m.fixed_run()
    if fixed is not None:  # no star: occurrences are the regex's, left to right
        return _subst_fixed(value, m, fixed, rep, mode)
    return _subst_scan(value, m, rep, mode)


def _subst_anchored(value: str, m: Matcher, rep: Callable[[str], str], mode: SubstMode) -> str:
    """/# (the longest prefix) and /% (the longest suffix)."""
    if mode is SubstMode.PREFIX:
        end = _longest_at(m, value, 0)
        return value if end < 0 else rep(value[:end]) + value[end:]
    b = _suffix_start(value, m.text, longest=True, extglob=m.extglob, nocase=m.nocase)
    return value if b < 0 else value[:b] + rep(value[b:])


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
    count = 0 if mode is SubstMode.ALL else 1
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


# -- match_pattern's shortcuts, whose quirks show (subst.c, lib/glob/gm_loop.c) -------------


def _may_start(m: Matcher, c: str) -> bool:
    """match_pattern_char: whether a match may start at character c ("" at the end,
    where only a pattern starting with `*` is tried)."""
    first = m.text[:1]
    if not c:
        return first == "*"
    f = fold if m.nocase else str
    if first == "\\":  # a lone trailing backslash compares with the NUL after it
        return f(c) == f(m.text[1:2])
    if first in "?*[":
        return True
    return (first in "+!@" and m.text[1:2] == "(") or f(c) == f(first)


def _may_start_somewhere(m: Matcher, value: str, mode: SubstMode) -> bool:
    """What match_pattern_char rules out before any matching: a pattern of a lone
    backslash (compared with the NUL after it), a start at the end of the value (where
    only a pattern starting with `*` is tried), and for /# the value's first character."""
    if m.text == "\\":
        return False
    return _may_start(m, value[:1]) if mode is SubstMode.PREFIX or not value else True


def _matchlen(pattern: str) -> int:
    """umatchlen: the length every match has, or -1 (a star or an extglob group)."""
    n, i = 0, 0
    while i < len(pattern):
        c = pattern[i]
        i += 1
        if c == "*" or (c in "?+!@" and pattern[i : i + 1] == "("):
            return -1
        if c == "[":
            i, ran = _bracket_scan(pattern, i)
            if ran:  # unclosed: every character it ran over counts, and the pattern ends
                return n + ran
        elif c == "\\":
            i += 1
        n += 1
    return n


def _bracket_scan(p: str, i: int) -> tuple[int, int]:
    """MATCHLEN's walk over a bracket expression from just after its `[`: (index after
    its `]`, 0), or (len(p), characters counted) when it is not closed."""
    count, special = 1, ""  # special: inside [: :], [. .] or [= =]
    while True:
        if i >= len(p):
            return len(p), count
        c = p[i]
        i += 1
        nxt = p[i : i + 1]
        if c == "\\":
            count += 1
            if i + 1 >= len(p):
                return len(p), count
            i += 1
        elif c == "[" and nxt in (":", ".", "="):
            special, i, count = nxt, i + 1, count + 1
            if nxt != ":" and p[i : i + 1] == "]":  # `]` may be the symbol itself
                i, count = i + 1, count + 1
        elif special and c == special and nxt == "]":
            special, i, count = "", i + 1, count + 1
        elif c == "]" and count > 1:
            return i, 0
        else:
            count += 1


def _subst_len(
    value: str, m: Matcher, mlen: int, rep: Callable[[str], str], mode: SubstMode
) -> str:
    """pat_subst when umatchlen says every match is mlen long: only those are tried."""
    n = len(value)
    if mode is SubstMode.PREFIX:
        hit = mlen <= n and m.fullmatch(value[:mlen])
        return rep(value[:mlen]) + value[mlen:] if hit else value
    if mode is SubstMode.SUFFIX:
        hit = mlen <= n and m.fullmatch(value[n - mlen :])
        return value[: n - mlen] + rep(value[n - mlen :]) if hit else value
    out, pos = [], 0
    for i in range(n + 1):
        if i < pos or not _may_start(m, value[i : i + 1]):
            continue
        if i + mlen > n:
            break
        if m.fullmatch(value[i : i + mlen]):
            out += [value[pos:i], rep(value[i : i + mlen])]
            pos = i + max(mlen, 1)
            if mode is SubstMode.FIRST:
                break
    return "".join(out) + value[pos:]


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
