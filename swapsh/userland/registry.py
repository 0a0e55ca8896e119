"""Which programs exist and where they are installed.

`@program("/bin/dd")` registers a program's main under its name; at boot the
machine writes a file for each path and registers the binfmt handler that runs it.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from swapsh.userland.libc import Gate, Libc, Main

__all__ = ["PROGRAMS", "binfmt_handlers", "program", "program_paths"]

PROGRAMS: dict[str, tuple[tuple[str, ...], Main]] = {}


def program(*paths: str) -> Callable[[Main], Main]:
    """Install main at paths; the program's name is the first path's basename."""

    def register(main: Main) -> Main:
        name = paths[0].rsplit("/", 1)[-1]
        PROGRAMS[name] = (paths, main)
        return main

    return register


def program_paths() -> list[tuple[str, str]]:
    """(path, program name) for every installed file."""
    return [(p, name) for name, (paths, _) in sorted(PROGRAMS.items()) for p in paths]


def binfmt_handlers(
    gate: Gate,
) -> dict[str, Callable[[list[str], dict[str, str]], Coroutine[Any, Any, int]]]:
    """One handler per program: exec gives it argv and envp; it runs main to exit()."""

    def make(main: Main) -> Callable[[list[str], dict[str, str]], Coroutine[Any, Any, int]]:
        async def run(argv: list[str], envp: dict[str, str]) -> int:
            libc = Libc(gate, argv, envp)
            code = await main(libc, argv)
            await libc.flush()
            return code

        return run

    return {name: make(main) for name, (_paths, main) in PROGRAMS.items()}
