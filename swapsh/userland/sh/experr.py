"""The errors of word expansion (bash's expansion errors and swapsh's refusals),
apart so that the modules expand.py uses can raise them."""

from __future__ import annotations

__all__ = ["ExpandError", "NotSupported", "not_supported"]


class ExpandError(Exception):
    """An expansion error bash reports (bad substitution, ${x:?}): the command is
    abandoned, and a shell that is not interactive exits (status 1) unless the
    error is one bash only discards the command line for (``discard``: an
    arithmetic error, whose script goes on with its next line)."""

    def __init__(self, message: str, unset: bool = False, discard: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.unset = unset  # ${x:?}: bash -c then exits 127, a script 1 (bash 5.2.15)
        self.discard = discard  # jump_to_top_level(DISCARD), not an exit


class NotSupported(ExpandError):
    """An expansion whose helper (arithmetic, patterns) swapsh does not have yet."""


def not_supported(what: str) -> NotSupported:
    """The one place the shell refuses what it cannot do yet (arrays, [[ =~ ]],
    ${x@Q})."""
    return NotSupported(f"{what}: not supported in swapsh")
