"""Helpers shared by the procps-ng programs (models procps' include/c.h messages and
the usage/version boilerplate)."""

from __future__ import annotations

from swapsh.userland.libc import Libc

__all__ = ["PROCPS_VERSION", "ProcpsExit", "version_line", "xerrx"]

PROCPS_VERSION = "procps-ng 4.0.2"


class ProcpsExit(Exception):
    """exit(status) after a message has been printed."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def version_line(libc: Libc) -> str:
    return f"{libc.progname} from {PROCPS_VERSION}\n"


async def xerrx(libc: Libc, status: int, msg: str) -> None:
    """errx(): 'prog: msg' and exit."""
    await libc.err(f"{libc.progname}: {msg}\n")
    raise ProcpsExit(status)
