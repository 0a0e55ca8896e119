"""Which programs exist and where they are installed.

`@program("/bin/dd")` registers a program's main under its name. The machine boots
from the generated manifest (swapsh/userland/manifest.py: name -> module, paths) so
that no program module is imported before it is first exec'd; the binfmt handler
imports it then. scripts/gen_docs.py regenerates the manifest and a test keeps it
current.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Coroutine
from typing import Any

from swapsh.userland.libc import Gate, Libc, Main
from swapsh.userland.manifest import PROGRAM_MODULES, SHELL_BUILTINS

__all__ = [
    "LOGIN_PATH",
    "PROGRAMS",
    "binfmt_handler",
    "binfmt_handlers",
    "program",
    "program_paths",
    "shell_builtins",
]

PROGRAMS: dict[str, tuple[tuple[str, ...], Main]] = {}

# root's PATH at login, as Debian's /etc/profile sets it for uid 0, and LTP's install
# directory (the seed types `runltp` after `cd $LTPDIR`: its machine had it on PATH;
# ./runltp works too): init gives it to every console's login shell, and the
# front-ends complete command names from it
LOGIN_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/opt/ltp"


def program(*paths: str) -> Callable[[Main], Main]:
    """Install main at paths; the program's name is the first path's basename."""

    def register(main: Main) -> Main:
        name = paths[0].rsplit("/", 1)[-1]
        PROGRAMS[name] = (paths, main)
        return main

    return register


def program_paths() -> list[tuple[str, str]]:
    """(path, program name) for every installed file, from the manifest."""
    return [(p, name) for name, (_mod, paths) in sorted(PROGRAM_MODULES.items()) for p in paths]


def shell_builtins() -> tuple[str, ...]:
    """The names bash runs itself rather than from PATH, from the manifest (so the
    shell's modules are not imported to list them)."""
    return SHELL_BUILTINS


def _main_of(name: str) -> Main:
    """The program's main, importing its module on first use."""
    if name not in PROGRAMS:
        importlib.import_module(PROGRAM_MODULES[name][0])
    return PROGRAMS[name][1]


def binfmt_handler(
    gate: Gate, main: Callable[[], Main]
) -> Callable[[list[str], dict[str, str]], Coroutine[Any, Any, int]]:
    """The handler exec runs for one program: it gives the program argv and envp and
    runs main() (looked up at exec) to exit()."""

    async def run(argv: list[str], envp: dict[str, str]) -> int:
        libc = Libc(gate, argv, envp)
        code = await main()(libc, argv)
        await libc.flush()
        return code

    return run


def binfmt_handlers(
    gate: Gate,
) -> dict[str, Callable[[list[str], dict[str, str]], Coroutine[Any, Any, int]]]:
    """One handler per program: exec gives it argv and envp; it runs main to exit()."""
    return {
        name: binfmt_handler(gate, functools.partial(_main_of, name)) for name in PROGRAM_MODULES
    }
