"""Word expansion (models bash's subst.c, subset): tilde, parameters, field splitting
on IFS, pathname expansion, quote removal."""

from __future__ import annotations

import fnmatch
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from swapsh.userland.sh.parser import Lit, Var, Word

__all__ = ["Expander", "has_glob"]

ListDir = Callable[[str], Awaitable[list[str] | None]]
_GLOB = set("*?[")
_IFS_WS = " \t\n"


def has_glob(text: str) -> bool:
    return any(c in _GLOB for c in text)


@dataclass(frozen=True, slots=True)
class Expander:
    """What expansion needs from the shell: variables, positional parameters, homes."""

    lookup: Callable[[str], str | None]  # $NAME and the special parameters
    positional: list[str]  # $1 ... (for "$@")
    homes: Callable[[str], str | None]  # ~user -> home directory ("" for the caller)

    # -- tilde -----------------------------------------------------------------------------
    def _tilde(self, parts: tuple[object, ...]) -> tuple[str | None, int, str]:
        """A leading unquoted ~ or ~user: (replacement, parts consumed, rest of the
        literal that followed the user name), or (None, 0, "") when there is none."""
        if not parts or not isinstance(parts[0], Lit) or parts[0].quoted or parts[0].text != "~":
            return None, 0, ""
        user, rest, used = "", "", 1
        nxt = parts[1] if len(parts) > 1 else None
        if isinstance(nxt, Lit) and not nxt.quoted and not nxt.text.startswith("/"):
            user, slash, tail = nxt.text.partition("/")
            rest, used = slash + tail, 2
        elif nxt is not None and not (isinstance(nxt, Lit) and nxt.text.startswith("/")):
            return None, 0, ""
        home = self.lookup("HOME") if not user else self.homes(user)
        if home is None:
            return None, 0, ""
        return home, used, rest

    # -- fields ------------------------------------------------------------------------------
    def fields(self, word: Word) -> list[list[tuple[str, bool]]]:
        """Expand parameters and ~, then split unquoted expansions on IFS.

        Returns: fields, each a list of (text, quoted) pieces (quoted ones never glob).
        """
        ifs = self.lookup("IFS")
        ifs = _IFS_WS if ifs is None else ifs
        fields: list[list[tuple[str, bool]]] = [[]]
        started = False
        parts: tuple[object, ...] = word.parts
        home, used, rest = self._tilde(parts)
        if home is not None:
            fields[-1].append((home, True))
            if rest:
                fields[-1].append((rest, False))
            parts, started = parts[used:], True
        for part in parts:
            if isinstance(part, Lit):
                fields[-1].append((part.text, part.quoted))
                started = True
            elif isinstance(part, Var) and part.quoted and part.name == "@":
                for i, arg in enumerate(self.positional):
                    if i:
                        fields.append([])
                    fields[-1].append((arg, True))
                    started = True
            elif isinstance(part, Var):
                value = self.lookup(part.name) or ""
                if part.quoted:
                    fields[-1].append((value, True))
                    started = True
                else:
                    started = self._split_into(fields, value, ifs, started)
        if not started:
            return []
        return [f for f in fields if f] or [[("", True)]]

    @staticmethod
    def _split_into(
        fields: list[list[tuple[str, bool]]], value: str, ifs: str, started: bool
    ) -> bool:
        """Append value split on IFS: IFS white space separates (and is trimmed), each
        other IFS character ends a field. Returns whether the current field has begun."""
        if not value:
            return started
        if not ifs:
            fields[-1].append((value, False))
            return True
        ws = "".join(c for c in ifs if c in _IFS_WS)
        delim = "".join(c for c in ifs if c not in _IFS_WS)
        i, n = 0, len(value)
        piece: list[str] = []
        while i < n:
            c = value[i]
            if c in ws or c in delim:
                j = i
                while j < n and value[j] in ws:
                    j += 1
                hard = j < n and value[j] in delim
                if hard:
                    j += 1
                    while j < n and value[j] in ws:
                        j += 1
                if piece or started or hard:
                    if piece:
                        fields[-1].append(("".join(piece), False))
                    if started or piece or hard:
                        fields.append([])
                    piece = []
                    started = False
                i = j
                continue
            piece.append(c)
            i += 1
        if piece:
            fields[-1].append(("".join(piece), False))
            started = True
        return started

    # -- whole words -----------------------------------------------------------------------
    def word(self, word: Word) -> str:
        """Expand without splitting or globbing (assignments, redirection targets)."""
        out: list[str] = []
        parts: tuple[object, ...] = word.parts
        home, used, rest = self._tilde(parts)
        if home is not None:
            out += [home, rest]
            parts = parts[used:]
        for part in parts:
            if isinstance(part, Lit):
                out.append(part.text)
            elif isinstance(part, Var):
                out.append(self.lookup(part.name) or "")
        return "".join(out)

    async def words(self, words: tuple[Word, ...], listdir: ListDir) -> list[str]:
        """Expand command words into argv."""
        argv: list[str] = []
        for w in words:
            for field in self.fields(w):
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
