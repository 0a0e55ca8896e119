"""set -x: trace lines on stderr (models bash 5.2's print_cmd.c xtrace_print_word_list,
xtrace_print_assignment and indirection_level_string)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from swapsh.userland.sh.expand import ExpandError
from swapsh.userland.sh.options import sh_contains_shell_metas, sh_single_quote, xtrace_word
from swapsh.userland.sh.parser import ShSyntaxError, parse_dq_text
from swapsh.userland.sh.shquote import ansic_quote, ansic_shouldquote

if TYPE_CHECKING:
    from swapsh.userland.sh.shell import Shell

__all__ = ["trace_line", "trace_simple"]


async def _prefix(sh: Shell) -> str:
    """PS4 expanded (its first character repeated once per level of command
    substitution), "+ " when PS4 is unset."""
    ps4 = sh.vars.get("PS4", "+ ")
    if not ps4:
        return ""
    try:
        text = await (await sh.expander()).word(parse_dq_text(ps4))
    except (ExpandError, ShSyntaxError):
        text = ps4
    if not text:
        return ""
    return text[0] * (sh.trace_level - 1) + text


async def trace_line(sh: Shell, body: str) -> None:
    """One trace line: the prefix, then body."""
    await sh.libc.err(await _prefix(sh) + body + "\n")


def _assignment(name: str, value: str) -> str:
    if value and sh_contains_shell_metas(value):
        value = sh_single_quote(value)
    elif value and ansic_shouldquote(raw := value.encode("utf-8", "surrogateescape")):
        value = ansic_quote(raw).decode("utf-8", "surrogateescape")
    return f"{name}={value}"


async def trace_simple(sh: Shell, assigns: dict[str, str], argv: list[str]) -> None:
    """A simple command's trace: each assignment on its own line, then the words."""
    for name, value in assigns.items():
        await trace_line(sh, _assignment(name, value))
    if argv:
        await trace_line(sh, " ".join(xtrace_word(w) for w in argv))
