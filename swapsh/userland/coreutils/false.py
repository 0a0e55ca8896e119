"""false: do nothing, unsuccessfully (models coreutils 9.1 src/false.c)."""

from __future__ import annotations

from swapsh.userland.coreutils.common import Prog, coreutil
from swapsh.userland.coreutils.true import run_true

__all__ = ["main"]


@coreutil("/bin/false")
async def main(p: Prog, argv: list[str]) -> int:
    """false [ignored command line arguments]"""
    return await run_true(p, argv, 1)
