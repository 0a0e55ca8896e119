"""Word expansion (models bash's subst.c, subset): parameters, tilde, field
splitting on IFS whitespace, pathname expansion, quote removal."""

from __future__ import annotations

import fnmatch
from collections.abc import Awaitable, Callable

from swapsh.userland.sh.parser import Lit, Var, Word

__all__ = ["expand_word", "expand_words", "has_glob"]

Lookup = Callable[[str], str | None]
ListDir = Callable[[str], Awaitable[list[str] | None]]
_GLOB = set("*?[")


def has_glob(text: str) -> bool:
    return any(c in _GLOB for c in text)


def _fields(word: Word, lookup: Lookup, home: str) -> list[list[tuple[str, bool]]]:
    """Expand parameters and ~, then split unquoted expansions on whitespace.

    Returns: fields, each a list of (text, quoted) pieces (quoted pieces never glob).
    """
    fields: list[list[tuple[str, bool]]] = [[]]
    started = False  # whether the current field has content (even empty quoted)
    for i, part in enumerate(word.parts):
        if isinstance(part, Lit):
            text = part.text
            if i == 0 and not part.quoted and text == "~":
                text, quoted = home, True
            else:
                quoted = part.quoted
            fields[-1].append((text, quoted))
            started = True
            continue
        assert isinstance(part, Var)
        value = lookup(part.name) or ""
        if part.quoted:
            fields[-1].append((value, True))
            started = True
            continue
        pieces = value.split()
        if not pieces:
            continue
        if value[0].isspace() and started:
            fields.append([])
        for j, piece in enumerate(pieces):
            if j:
                fields.append([])
            fields[-1].append((piece, False))
        started = True
        if value[-1].isspace():
            fields.append([])
            started = False
    if not started and len(fields) == 1 and not fields[0]:
        return []
    return [f for f in fields if f] or ([[]] if started else [])


async def expand_word(word: Word, lookup: Lookup, home: str) -> str:
    """Expand without splitting or globbing (assignments, redirection targets)."""
    out = []
    for i, part in enumerate(word.parts):
        if isinstance(part, Lit):
            out.append(home if i == 0 and not part.quoted and part.text == "~" else part.text)
        else:
            out.append(lookup(part.name) or "")
    return "".join(out)


async def expand_words(words: tuple[Word, ...], lookup: Lookup, home: str,
                       listdir: ListDir) -> list[str]:
    """Expand command words into argv."""
    argv: list[str] = []
    for w in words:
        for field in _fields(w, lookup, home):
            text = "".join(t for t, _ in field)
            if any(not q and has_glob(t) for t, q in field):
                matches = await _glob(field, listdir)
                if matches:
                    argv.extend(matches)
                    continue
            argv.append(text)
    return argv


def _escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


async def _glob(field: list[tuple[str, bool]], listdir: ListDir) -> list[str]:
    """Pathname expansion of one field, component by component; sorted like bash."""
    pattern = "".join(t if not q else _escape(t) for t, q in field)
    absolute = pattern.startswith("/")
    comps = [c for c in pattern.split("/") if c]
    bases = ["/" if absolute else ""]
    for idx, comp in enumerate(comps):
        last = idx == len(comps) - 1
        nxt: list[str] = []
        for base in bases:
            if not has_glob(comp):
                lit = comp.replace("[*]", "*").replace("[?]", "?").replace("[[]", "[")
                nxt.append(base + lit + ("" if last else "/"))
                continue
            names = await listdir(base or ".")
            if names is None:
                continue
            for name in sorted(names):
                if name.startswith(".") and not comp.startswith("."):
                    continue
                if fnmatch.fnmatchcase(name, comp):
                    nxt.append(base + name + ("" if last else "/"))
        bases = nxt
        if not bases:
            return []
    return sorted(bases)
