"""Pathname expansion (models bash 5.2's lib/glob/glob.c: glob_filename, glob_vector) over
a directory-listing callback, so it stays pure of the shell and the kernel.

Choices: the listing callback is expand.py's ListDir (names of a directory, None when it
cannot be read or is not a directory); whether a name is a directory (for a pattern ending
in `/`, and for globstar's walk) is asked of an optional `isdir` callback, else found by
listing it. Results are sorted by code point, which is strcoll's order in C.UTF-8.
globstar's `**` does not tell symlinks from directories (bash 5.2 does not follow them).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from swapsh.userland.sh.pattern import compile_pattern, has_glob_chars, split_slash, unquote_pattern

__all__ = ["IsDir", "ListDir", "glob_expand"]

ListDir = Callable[[str], Awaitable[list[str] | None]]
IsDir = Callable[[str], Awaitable[bool]]


class _Walker:
    """One expansion: the callbacks, the options and a cache of listings."""

    def __init__(self, listdir: ListDir, isdir: IsDir | None, dotglob: bool) -> None:
        self.listdir = listdir
        self.isdir_cb = isdir
        self.dotglob = dotglob
        self.cache: dict[str, list[str] | None] = {}

    async def names(self, parts: list[str]) -> list[str] | None:
        path = _dir_path(parts)
        if path not in self.cache:
            got = await self.listdir(path)
            self.cache[path] = None if got is None else [n for n in got if n not in (".", "..")]
        return self.cache[path]

    async def isdir(self, parts: list[str]) -> bool:
        if self.isdir_cb is not None:
            return await self.isdir_cb(_dir_path(parts))
        return await self.names(parts) is not None

    async def walk(self, parts: list[str], *, files: bool) -> list[list[str]]:
        """Everything under parts, depth first (directories only unless files): what
        globstar's `**` matches below a directory; hidden names only with dotglob."""
        out: list[list[str]] = []
        for name in await self.names(parts) or []:
            if name.startswith(".") and not self.dotglob:
                continue
            child = [*parts, name]
            is_dir = await self.isdir(child)
            if is_dir or files:
                out.append(child)
            if is_dir:
                out.extend(await self.walk(child, files=files))
        return out


def _dir_path(parts: list[str]) -> str:
    if not parts:
        return "."
    return "/".join(parts) or "/"


async def _step(
    w: _Walker, bases: list[list[str]], comp: str, opts: tuple[bool, bool]
) -> list[list[str]]:
    """The paths one glob component leads to from each base."""
    nocase, extglob = opts
    m = compile_pattern(comp, nocase=nocase, extglob=extglob)
    out: list[list[str]] = []
    for base in bases:
        for name in await w.names(base) or []:
            if m.fullmatch(name, period=not w.dotglob):
                out.append([*base, name])
    return out


async def glob_expand(
    pattern: str,
    listdir: ListDir,
    *,
    isdir: IsDir | None = None,
    dotglob: bool = False,
    nullglob: bool = False,
    nocaseglob: bool = False,
    extglob: bool = False,
    globstar: bool = False,
) -> list[str]:
    """The pathnames pattern (quoted form) matches, sorted; when none does, [] under
    nullglob, else the pattern with its quotes removed, as bash leaves the word."""
    w = _Walker(listdir, isdir, dotglob)
    comps = split_slash(pattern)
    bases: list[list[str]] = [[]]
    globbed = prev_glob = False
    for k, comp in enumerate(comps):
        last = k == len(comps) - 1
        if comp == "" and prev_glob and not last:
            continue  # `*//x` gives a-b/x: a globbed directory loses its extra slashes
        prev_glob = has_glob_chars(comp, extglob=extglob)
        if globstar and comp == "**":
            bases = await _globstar(w, bases, last, globbed)
            globbed = True
        elif has_glob_chars(comp, extglob=extglob):
            bases = await _step(w, bases, comp, (nocaseglob, extglob))
            globbed = True
        elif comp == "" and last and k > 0:
            bases = [[*b, ""] for b in bases if not b or await w.isdir(b)]
        else:
            name = unquote_pattern(comp)
            if globbed and name in (".", ".."):
                bases = [b for b in bases if await w.isdir(b)]
            elif globbed and name:
                bases = [b for b in bases if name in (await w.names(b) or [])]
            bases = [[*b, name] for b in bases]
        if not bases:
            break
    if not globbed:
        return [unquote_pattern(pattern)]
    found = sorted(path for path in ("/".join(b) for b in bases) if path)  # bash keeps repeats
    if found:
        return found
    return [] if nullglob else [unquote_pattern(pattern)]


async def _globstar(
    w: _Walker, bases: list[list[str]], last: bool, after_glob: bool
) -> list[list[str]]:
    """`**`: zero or more directories; as the last component, every name below too,
    and the directory itself (`a/**` gives a/, but `[a]/**` and `[a]/./**` give a and
    a/., as in bash: a globbed directory loses its slash)."""
    out: list[list[str]] = []
    for base in bases:
        if last:
            if base and await w.isdir(base):
                out.append(base if after_glob else [*base, ""])
            out.extend(await w.walk(base, files=True))
        else:
            out.append(base)
            out.extend(await w.walk(base, files=False))
    return out
