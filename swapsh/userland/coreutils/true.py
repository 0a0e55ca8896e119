"""true: do nothing, successfully (models coreutils 9.1 src/true.c)."""

from __future__ import annotations

from swapsh.userland.coreutils.common import HELP_TAIL, Prog, coreutil, help_footer, version_text

__all__ = ["main", "run_true"]


async def run_true(p: Prog, argv: list[str], status: int) -> int:
    """true/false: only a lone --help or --version is looked at."""
    name = "true" if status == 0 else "false"
    if len(argv) == 2 and argv[1] == "--help":
        await p.libc.out(
            f"Usage: {p.name} [ignored command line arguments]\n"
            f"  or:  {p.name} OPTION\n"
            "Exit with a status code indicating "
            f"{'success' if status == 0 else 'failure'}"
            ".\n\n" + HELP_TAIL + "\nNOTE: your shell may have its own version of "
            f"{name}, which usually supersedes\nthe version described here.  "
            "Please refer to your shell's documentation\nfor details about the "
            "options it supports.\n" + help_footer(name)
        )
    elif len(argv) == 2 and argv[1] == "--version":
        await p.libc.out(version_text(name, "Jim Meyering"))
    return status


@coreutil("/bin/true")
async def main(p: Prog, argv: list[str]) -> int:
    """true [ignored command line arguments]"""
    return await run_true(p, argv, 0)
